// Every lab parameter with its type and range (DOMAIN.md §9.2): the one place that says what a value may
// be. validateConfig walks it; the command line, the URL and a configuration panel read and check values
// through it (their words are in parameterText.ts; setting a value by path lives in parameterPaths.ts).

import {
  ConfigError,
  versionProfiles,
  type LabConfig,
  type LoadBalance,
  type Persistence,
  type ReplicationMode,
  type ServerRole,
  type TuningLevel,
  type WriteContents,
  type WriteFrequency,
} from './config.ts';

export { ConfigError, versionProfiles };

/** A whole number from `min` to `max`, or one of the `also` values that mean something (-1 = unlimited). */
export interface IntKind {
  kind: 'int';
  min: number;
  /** A number, or the parameter whose value bounds this one (a group number ≤ `memoryToMemory.partitions`). */
  max: number | { parameter: string };
  /** Values outside the range with a meaning: -1, null (unset), or words such as `single`. */
  also?: readonly (number | string | null)[];
  unit?: 'ms' | 's' | 'min' | 'KB';
}

/** Text matching `pattern`; `rule` completes "must …" in the message when it does not. */
export interface TextKind {
  kind: 'text';
  pattern: RegExp;
  rule: string;
}

export type ParameterKind =
  | IntKind
  | TextKind
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'bool' }
  /** A list of values, written with commas (`0,2`). */
  | {
      kind: 'list';
      item: IntKind | TextKind;
      minLength: number;
      maxLength: number;
      noun: string;
      example: string;
    }
  /**
   * A list of groups of parameters (the cluster's servers): only their parameters are set, one by one.
   * `grows`: naming the entry one past the end adds it (see parameterPaths.ts setParameter); the servers
   * do not grow so, their number is the sandbox's size.
   */
  | { kind: 'entries'; minLength: number; maxLength: number; noun: string; grows?: true };

export type ParameterDescriptor = ParameterKind & {
  /** Dotted path; `[]` stands for any entry of a list: `plugin.cluster.servers[].port`. */
  path: string;
  /** May be absent (written `null`, like an unset ConnectTimeout). */
  optional?: boolean;
};

const NAME: TextKind = {
  kind: 'text',
  pattern: /^[A-Za-z_][\w.-]{0,127}$/,
  rule: 'start with a letter or _ and use letters, digits, . _ - (at most 128)',
};
const MEMBER_NAME: TextKind = {
  kind: 'text',
  pattern: /^[A-Za-z][\w.-]{0,63}$/,
  rule: 'start with a letter and use letters, digits, . _ - (at most 64)',
};
const CLONE_ID: TextKind = {
  kind: 'text',
  pattern: /^[a-z0-9]{1,32}$/,
  rule: 'be 1 to 32 lowercase letters or digits',
};
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
const HOST_NAME: TextKind = {
  kind: 'text',
  pattern: new RegExp(`^(?=.{1,253}$)${HOST}$`),
  rule: 'be a host name or IPv4 address: labels of letters, digits and - separated by .',
};
const VIRTUAL_HOST: TextKind = {
  kind: 'text',
  pattern: new RegExp(`^(?:\\*|(?=[^:]{1,253}(?::|$))${HOST})(?::(?:\\*|\\d{1,5}))?$`),
  rule: 'be HOST:PORT, where either may be *, e.g. *:80 or www.example.com:443',
};
const URI: TextKind = {
  kind: 'text',
  pattern: /^\/[^\s;?#]{0,255}$/,
  rule: 'start with / and hold no spaces, ; ? or # (a trailing * matches the rest), e.g. /snoop/*',
};
const COOKIE_NAME: TextKind = {
  kind: 'text',
  pattern: /^[A-Za-z0-9_.$-]{1,64}$/,
  rule: 'be 1 to 64 letters, digits, _ . $ -',
};
const URL_IDENTIFIER: TextKind = {
  kind: 'text',
  pattern: /^[A-Za-z0-9_.-]{1,64}$/,
  rule: 'be 1 to 64 letters, digits, _ . -',
};

const int = (min: number, max: IntKind['max'], unit?: IntKind['unit'], also?: IntKind['also']): IntKind => ({
  kind: 'int',
  min,
  max,
  ...(unit ? { unit } : {}),
  ...(also ? { also } : {}),
});
const BOOL = { kind: 'bool' } as const;
const oneOf = <T extends string>(options: readonly T[]) => ({ kind: 'enum', options }) as const;

const loadBalances = ['Round Robin', 'Random'] as const satisfies readonly LoadBalance[];
const roles = ['primary', 'backup'] as const satisfies readonly ServerRole[];
const replicationModes = ['client', 'server', 'both'] as const satisfies readonly ReplicationMode[];
const persistences = ['none', 'database', 'memoryToMemory'] as const satisfies readonly Persistence[];
const tuningLevelNames = [
  'veryHigh',
  'high',
  'medium',
  'low',
  'custom',
] as const satisfies readonly TuningLevel[];
const writeFrequencies = [
  'endOfServletService',
  'manualUpdate',
  'timeBasedWrite',
] as const satisfies readonly WriteFrequency[];
const writeContentsOptions = [
  'onlyUpdatedAttributes',
  'allSessionAttributes',
] as const satisfies readonly WriteContents[];

const SERVER = 'plugin.cluster.servers[]';

/**
 * Every parameter of LabConfig, in the order a configuration panel would show them. A list's own entry
 * (`plugin.cluster.servers`) comes before its entries' parameters, so its length is checked first.
 */
export const parameters: readonly ParameterDescriptor[] = [
  {
    path: 'version',
    ...oneOf(versionProfiles),
  },
  {
    path: 'webServer.processes',
    ...int(1, 8),
  },

  {
    path: 'plugin.virtualHostGroups',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'virtual host groups',
    grows: true,
  },
  { path: 'plugin.virtualHostGroups[].name', ...NAME },
  {
    path: 'plugin.virtualHostGroups[].hosts',
    kind: 'list',
    item: VIRTUAL_HOST,
    minLength: 1,
    maxLength: 32,
    noun: 'virtual hosts',
    example: '*:80,*:443',
  },
  {
    path: 'plugin.uriGroups',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'URI groups',
    grows: true,
  },
  { path: 'plugin.uriGroups[].name', ...NAME },
  {
    path: 'plugin.uriGroups[].uris',
    kind: 'entries',
    minLength: 1,
    maxLength: 64,
    noun: 'URIs',
    grows: true,
  },
  {
    path: 'plugin.uriGroups[].uris[].name',
    ...URI,
  },
  {
    path: 'plugin.uriGroups[].uris[].affinityCookie',
    ...COOKIE_NAME,
  },
  {
    path: 'plugin.uriGroups[].uris[].affinityURLIdentifier',
    ...URL_IDENTIFIER,
  },
  {
    path: 'plugin.routes',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'routes',
    grows: true,
  },
  { path: 'plugin.routes[].virtualHostGroup', ...NAME },
  { path: 'plugin.routes[].uriGroup', ...NAME },
  {
    path: 'plugin.routes[].serverCluster',
    ...NAME,
  },

  { path: 'plugin.refreshInterval', ...int(1, 3600, 's') },
  { path: 'plugin.cluster.name', ...NAME },
  {
    path: 'plugin.cluster.loadBalance',
    ...oneOf(loadBalances),
  },
  {
    path: 'plugin.cluster.retryInterval',
    ...int(0, 600, 's'),
  },
  {
    path: 'plugin.cluster.ignoreAffinityRequests',
    ...BOOL,
  },
  {
    path: 'plugin.cluster.postSizeLimit',
    ...int(0, 1048576, 'KB', [-1]),
  },
  {
    path: 'plugin.cluster.postBufferSize',
    ...int(0, 1048576, 'KB', [-1]),
  },
  {
    path: 'plugin.cluster.serverIOTimeoutRetry',
    ...int(0, 100, undefined, [-1]),
  },
  {
    path: 'plugin.cluster.getDWLMTable',
    ...BOOL,
  },
  {
    path: 'plugin.cluster.cloneSeparatorChange',
    ...BOOL,
  },
  {
    path: 'plugin.cluster.servers',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'members',
  },
  { path: `${SERVER}.memberName`, ...MEMBER_NAME },
  {
    path: `${SERVER}.nodeName`,
    ...MEMBER_NAME,
  },
  {
    path: `${SERVER}.cloneId`,
    ...CLONE_ID,
  },
  {
    path: `${SERVER}.configuredCloneId`,
    ...CLONE_ID,
  },
  {
    path: `${SERVER}.loadBalanceWeight`,
    // The console offers 0–20; plugin-cfg.xml edited by hand takes larger weights (DOMAIN.md §1.3).
    ...int(0, 100),
  },
  {
    path: `${SERVER}.connectTimeout`,
    ...int(0, 600, 's', [null]),
  },
  {
    path: `${SERVER}.serverIOTimeout`,
    ...int(-3600, 3600, 's'),
  },
  {
    path: `${SERVER}.maxConnections`,
    ...int(0, 10000, undefined, [-1]),
  },
  {
    path: `${SERVER}.role`,
    ...oneOf(roles),
  },
  { path: `${SERVER}.hostname`, ...HOST_NAME },
  { path: `${SERVER}.port`, ...int(1, 65535) },
  {
    path: `${SERVER}.partitionId`,
    kind: 'text',
    pattern: /^\d{1,18}$/,
    rule: 'be 1 to 18 digits',
  },
  {
    path: `${SERVER}.replicationMode`,
    ...oneOf(replicationModes),
    optional: true,
  },
  {
    path: `${SERVER}.listensTo`,
    kind: 'list',
    item: int(1, { parameter: 'memoryToMemory.partitions' }),
    minLength: 0,
    maxLength: 100,
    noun: 'group numbers',
    example: '1,2',
    optional: true,
  },
  {
    path: `${SERVER}.extendedHandshake`,
    ...BOOL,
  },
  {
    path: `${SERVER}.waitForContinue`,
    ...BOOL,
  },

  {
    path: 'sessionManager.persistence',
    ...oneOf(persistences),
  },
  {
    path: 'sessionManager.tuningLevel',
    ...oneOf(tuningLevelNames),
  },
  {
    path: 'sessionManager.writeFrequency',
    ...oneOf(writeFrequencies),
  },
  {
    path: 'sessionManager.writeInterval',
    ...int(5, 300, 's'),
  },
  {
    path: 'sessionManager.writeContents',
    ...oneOf(writeContentsOptions),
  },
  {
    path: 'sessionManager.scheduledCleanup',
    ...BOOL,
  },
  {
    path: 'sessionManager.cleanupHours',
    kind: 'list',
    item: int(0, 23),
    minLength: 2,
    maxLength: 2,
    noun: 'hours of the day',
    example: '0,2',
  },
  {
    path: 'sessionManager.multiRowSchema',
    ...BOOL,
  },
  {
    path: 'sessionManager.maxInMemorySessionCount',
    ...int(1, 100000),
  },
  {
    path: 'sessionManager.allowOverflow',
    ...BOOL,
  },
  {
    path: 'sessionManager.sessionTimeout',
    ...int(2, 1440, 'min'),
  },
  {
    path: 'sessionManager.noAffinitySwitchBack',
    ...BOOL,
  },
  { path: 'sessionManager.enableCookies', ...BOOL },
  {
    path: 'sessionManager.enableUrlRewriting',
    ...BOOL,
  },
  { path: 'sessionManager.cookieName', ...COOKIE_NAME },

  {
    path: 'memberRuntime.webContainerThreads',
    ...int(1, 500),
  },
  {
    path: 'memberRuntime.listenBacklog',
    ...int(0, 65535),
  },
  {
    path: 'memberRuntime.serviceTime',
    ...int(1, 600000, 'ms'),
  },
  {
    path: 'memberRuntime.startupTime',
    ...int(0, 600000, 'ms'),
  },
  {
    path: 'memberRuntime.shutdownTime',
    ...int(0, 600000, 'ms'),
  },
  {
    path: 'memberRuntime.invalidatorInterval',
    ...int(1, 3600, 's'),
  },

  {
    path: 'memoryToMemory.mode',
    ...oneOf(replicationModes),
  },
  {
    path: 'memoryToMemory.replicas',
    ...int(1, 15, undefined, ['single', 'entireDomain']),
  },
  {
    path: 'memoryToMemory.replicationLag',
    ...int(0, 60000, 'ms'),
  },
  {
    path: 'memoryToMemory.fetchTimeout',
    ...int(1, 600000, 'ms'),
  },
  {
    path: 'memoryToMemory.partitions',
    ...int(1, 100),
  },

  {
    path: 'haManager.heartbeatInterval',
    ...int(1, 3600, 's'),
  },
  {
    path: 'haManager.failureDetectionTimeout',
    ...int(1, 36000, 's'),
  },

  {
    path: 'switches.spreadFailover',
    ...BOOL,
  },
  {
    path: 'switches.tryWhenAllDown',
    ...BOOL,
  },
  {
    path: 'switches.hasIgnoreAffinityRequests',
    ...BOOL,
  },

  {
    path: 'network.browserLatency',
    ...int(0, 60000, 'ms'),
  },
  {
    path: 'network.memberLatency',
    ...int(0, 60000, 'ms'),
  },
  {
    path: 'network.databaseLatency',
    ...int(0, 60000, 'ms'),
  },
  {
    path: 'network.osConnectTimeout',
    ...int(1, 600000, 'ms'),
  },

  {
    path: 'database.writeTime',
    ...int(0, 60000, 'ms'),
  },
  {
    path: 'database.readTime',
    ...int(0, 60000, 'ms'),
  },

  { path: 'portal.enabled', ...BOOL },
  {
    path: 'portal.redirectPostAfterFailover',
    ...BOOL,
  },
  {
    path: 'portal.portletsSupportFailover',
    ...BOOL,
  },
];

const byPath = new Map(parameters.map((d) => [d.path, d]));

/** The descriptor of a path written with or without indexes (`plugin.cluster.servers[0].port`). */
export function parameterAt(path: string): ParameterDescriptor | undefined {
  return byPath.get(path.replace(/\[\d+\]/g, '[]'));
}

/** True when `pattern` (indexes as `[]`) names a group or list entry that holds parameters. */
export function isParameterGroup(pattern: string): boolean {
  return parameters.some((d) => d.path.startsWith(`${pattern}.`));
}

function valueAt(config: LabConfig, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

function maxOf(kind: IntKind, config: LabConfig): number {
  return typeof kind.max === 'number' ? kind.max : Number(valueAt(config, kind.max.parameter));
}

/** "single, entireDomain or a whole number from 1 to 15", "null (unset) or a whole number from 0 to 600". */
function intRule(kind: IntKind, config: LabConfig): string {
  const words = (kind.also ?? []).map((v) => (v === null ? 'null (unset)' : String(v)));
  const range = `a whole number from ${kind.min} to ${maxOf(kind, config)}`;
  return words.length === 0 ? range : `${words.join(', ')} or ${range}`;
}

/** A value as a message shows it: empty text as "". */
const shown = (value: unknown): string => (value === '' ? '""' : String(value));

function check(kind: ParameterKind, value: unknown, path: string, config: LabConfig): void {
  switch (kind.kind) {
    case 'int':
      if ((kind.also ?? []).includes(value as number | string | null)) return;
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < kind.min ||
        value > maxOf(kind, config)
      )
        throw new ConfigError(path, `must be ${intRule(kind, config)}, got ${shown(value)}`);
      return;
    case 'text':
      if (typeof value !== 'string' || !kind.pattern.test(value))
        throw new ConfigError(path, `must ${kind.rule}, got ${JSON.stringify(value) ?? 'nothing'}`);
      return;
    case 'enum':
      if (!kind.options.includes(value as string))
        throw new ConfigError(path, `must be one of ${kind.options.join(', ')}, got ${shown(value)}`);
      return;
    case 'bool':
      if (typeof value !== 'boolean')
        throw new ConfigError(path, `must be true or false, got ${shown(value)}`);
      return;
    case 'list':
    case 'entries': {
      if (!Array.isArray(value)) {
        const e = kind.kind === 'list' ? `, e.g. ${kind.example}` : '';
        throw new ConfigError(path, `must be a list of ${kind.noun}${e}`);
      }
      const { minLength: lo, maxLength: hi } = kind;
      if (value.length < lo || value.length > hi)
        throw new ConfigError(
          path,
          `must hold ${lo === hi ? lo : `${lo} to ${hi}`} ${kind.noun}, got ${value.length}`,
        );
      if (kind.kind === 'list') value.forEach((v, i) => check(kind.item, v, `${path}[${i}]`, config));
      return;
    }
  }
}

/** Each place `pattern` names in `config`: `plugin.cluster.servers[].port` → one per server. */
function instances(config: LabConfig, pattern: string): { path: string; value: unknown; present: boolean }[] {
  const out: { path: string; value: unknown; present: boolean }[] = [];
  const walk = (node: unknown, keys: string[], prefix: string): void => {
    const [first, ...rest] = keys;
    const list = first!.endsWith('[]');
    const key = list ? first!.slice(0, -2) : first!;
    const here = prefix ? `${prefix}.${key}` : key;
    const obj = node as Record<string, unknown> | undefined;
    const value = obj?.[key];
    if (list) {
      // The list's own descriptor comes first in the table and has refused anything but a list.
      if (Array.isArray(value)) value.forEach((entry, i) => walk(entry, rest, `${here}[${i}]`));
    } else if (rest.length === 0) {
      out.push({ path: here, value, present: obj !== undefined && Object.hasOwn(obj, key) });
    } else {
      walk(value, rest, here);
    }
  };
  walk(config, pattern.split('.'), '');
  return out;
}

/** A parameter's kind, and whether it may be absent: what reading and checking a value needs. */
export type ParameterType = ParameterKind & { optional?: boolean };

/** Throws a ConfigError if `value` is not a value of the parameter at `path` (given with indexes). */
export function checkParameter(d: ParameterType, value: unknown, path: string, config: LabConfig): void {
  if (d.optional && value === undefined) return;
  check(d, value, path, config);
}

/** Parameters others are bounded by are checked first (group numbers by the partition size). */
const checkOrder = [
  ...parameters.filter((d) =>
    parameters.some(
      (o) =>
        o.kind === 'list' &&
        o.item.kind === 'int' &&
        typeof o.item.max === 'object' &&
        o.item.max.parameter === d.path,
    ),
  ),
  ...parameters,
].filter((d, i, all) => all.indexOf(d) === i);

/** Throws a ConfigError naming the first parameter out of range. */
export function validateConfig(config: LabConfig): LabConfig {
  for (const d of checkOrder) {
    for (const { path, value, present } of instances(config, d.path)) {
      checkParameter(d, present ? value : undefined, path, config);
    }
  }
  const servers = config.plugin.cluster.servers;
  const names = new Set<string>();
  servers.forEach((s, i) => {
    if (names.has(s.memberName))
      throw new ConfigError(`plugin.cluster.servers[${i}].memberName`, `${s.memberName} appears twice`);
    names.add(s.memberName);
  });
  if (!servers.some((s) => s.role === 'primary')) {
    throw new ConfigError('plugin.cluster.servers', 'needs at least one primary server');
  }
  return config;
}

function readInt(kind: IntKind, text: string, path: string, config: LabConfig): unknown {
  const word = (kind.also ?? []).find((v) => (v === null ? 'null' : String(v)) === text);
  if (word !== undefined) return word;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw new ConfigError(path, `must be ${intRule(kind, config)}, got "${text}"`);
}

function readItem(kind: IntKind | TextKind, text: string, path: string, config: LabConfig): unknown {
  return kind.kind === 'int' ? readInt(kind, text, path, config) : text;
}

/**
 * The value `text` stands for, as the command line and the URL write it: numbers, `true`/`false`,
 * `null` where a parameter may be unset, option names, lists with commas (`0,2`). Throws a ConfigError
 * naming `path` when the text cannot be one; checkParameter then checks the range.
 * `null` for an optional parameter reads as undefined (absent).
 */
export function readParameter(d: ParameterType, text: string, path: string, config: LabConfig): unknown {
  if (d.optional && text === 'null') return undefined;
  switch (d.kind) {
    case 'int':
    case 'text':
      return readItem(d, text, path, config);
    case 'enum':
      if (!d.options.includes(text))
        throw new ConfigError(path, `must be one of ${d.options.join(', ')}, got ${shown(text)}`);
      return text;
    case 'bool':
      if (text !== 'true' && text !== 'false')
        throw new ConfigError(path, `must be true or false, got ${shown(text)}`);
      return text === 'true';
    case 'list':
      return text === ''
        ? []
        : text.split(',').map((t, i) => readItem(d.item, t.trim(), `${path}[${i}]`, config));
    case 'entries': {
      const pattern = path.replace(/\[\d+\]/g, '[]');
      const first = parameters.find((p) => p.path.startsWith(`${pattern}[].`));
      const example = first ? `, e.g. ${path}[0]${first.path.slice(pattern.length + 2)}` : '';
      throw new ConfigError(path, `is a list of ${d.noun}; set a parameter of one of them${example}`);
    }
  }
}

/** A parameter's kind in a few words: "0–600 s", "-1 or 0–1048576 KB", "list of 2 hours of the day (0–23), e.g. 0,2". */
export function describeRange(d: ParameterDescriptor): string {
  const intRange = (k: IntKind): string => {
    const max = typeof k.max === 'number' ? String(k.max) : k.max.parameter;
    const words = (k.also ?? []).map((v) => (v === null ? 'null' : String(v)));
    const range = `${k.min}–${max}${k.unit ? ` ${k.unit}` : ''}`;
    return words.length === 0 ? range : `${words.join(', ')} or ${range}`;
  };
  switch (d.kind) {
    case 'int':
      return intRange(d);
    case 'text':
      return `text (${d.rule})`;
    case 'enum':
      return d.options.join(' | ');
    case 'bool':
      return 'true | false';
    case 'list': {
      const n = d.minLength === d.maxLength ? `${d.minLength}` : `${d.minLength}–${d.maxLength}`;
      return `list of ${n} ${d.noun}${d.item.kind === 'int' ? ` (${intRange(d.item)})` : ''}, e.g. ${d.example}`;
    }
    case 'entries':
      return `${d.minLength}–${d.maxLength} ${d.noun}`;
  }
}
