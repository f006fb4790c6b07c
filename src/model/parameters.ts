// Every lab parameter with its type, range and one line in the product's words (DOMAIN.md §9.2): the one
// place that says what a value may be. validateConfig walks it; the command line, the URL and a
// configuration panel read and describe values through it. Setting a value lives in io/configOverrides.ts.

import type {
  LabConfig,
  LoadBalance,
  Persistence,
  ReplicationMode,
  ServerRole,
  TuningLevel,
  WriteContents,
  WriteFrequency,
} from './config.ts';

/** WebSphere levels whose defaults and plug-in behaviour differ (DOMAIN.md §8). */
export const versionProfiles = ['5.1', '6.1', '7.0', '8.5.5', '9.0.5'] as const;

/** A bad parameter, named by its path (e.g. `plugin.cluster.retryInterval`). */
export class ConfigError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ConfigError';
  }
}

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
  /** A list of groups of parameters (the cluster's servers): only their parameters are set, one by one. */
  | { kind: 'entries'; minLength: number; maxLength: number; noun: string };

export type ParameterDescriptor = ParameterKind & {
  /** Dotted path; `[]` stands for any entry of a list: `plugin.cluster.servers[].port`. */
  path: string;
  /** One line in the product's words, for `--set help` and a configuration panel. */
  description: string;
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
    description: 'WebSphere level; setting it also sets the defaults and plug-in switches of that level',
  },
  {
    path: 'webServer.processes',
    ...int(1, 8),
    description: 'IHS child processes, each with its own plug-in state (1 = Windows)',
  },

  {
    path: 'plugin.virtualHostGroups',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'virtual host groups',
    description: 'VirtualHostGroup elements of plugin-cfg.xml',
  },
  { path: 'plugin.virtualHostGroups[].name', ...NAME, description: 'Name a Route refers to' },
  {
    path: 'plugin.virtualHostGroups[].hosts',
    kind: 'list',
    item: VIRTUAL_HOST,
    minLength: 1,
    maxLength: 32,
    noun: 'virtual hosts',
    example: '*:80,*:443',
    description: 'Host:port pairs whose requests the group takes (* matches any)',
  },
  {
    path: 'plugin.uriGroups',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'URI groups',
    description: 'UriGroup elements of plugin-cfg.xml',
  },
  { path: 'plugin.uriGroups[].name', ...NAME, description: 'Name a Route refers to' },
  {
    path: 'plugin.uriGroups[].uris',
    kind: 'entries',
    minLength: 1,
    maxLength: 64,
    noun: 'URIs',
    description: 'Uri elements of the group',
  },
  {
    path: 'plugin.uriGroups[].uris[].name',
    ...URI,
    description: 'Path the plug-in sends to the cluster; a trailing * matches the rest',
  },
  {
    path: 'plugin.uriGroups[].uris[].affinityCookie',
    ...COOKIE_NAME,
    description: 'Cookie in which the plug-in looks for the clone IDs (AffinityCookie)',
  },
  {
    path: 'plugin.uriGroups[].uris[].affinityURLIdentifier',
    ...URL_IDENTIFIER,
    description: 'URL path parameter in which the plug-in looks for the session ID when there is no cookie',
  },
  {
    path: 'plugin.routes',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'routes',
    description: 'Route elements: which virtual hosts and URIs go to which ServerCluster',
  },
  { path: 'plugin.routes[].virtualHostGroup', ...NAME, description: 'VirtualHostGroup the route matches' },
  { path: 'plugin.routes[].uriGroup', ...NAME, description: 'UriGroup the route matches' },
  {
    path: 'plugin.routes[].serverCluster',
    ...NAME,
    description: 'ServerCluster the route sends requests to',
  },

  { path: 'plugin.cluster.name', ...NAME, description: 'ServerCluster name that routes refer to' },
  {
    path: 'plugin.cluster.loadBalance',
    ...oneOf(loadBalances),
    description: 'How requests without affinity are spread',
  },
  {
    path: 'plugin.cluster.retryInterval',
    ...int(0, 600, 's'),
    description: 'Seconds a marked-down member is skipped before the plug-in tries it again',
  },
  {
    path: 'plugin.cluster.ignoreAffinityRequests',
    ...BOOL,
    description: 'Requests with affinity do not lower a member\u2019s weight (from the 6.1 plug-in on)',
  },
  {
    path: 'plugin.cluster.postSizeLimit',
    ...int(0, 1048576, 'KB', [-1]),
    description: 'Largest request body the plug-in accepts; -1 = no limit',
  },
  {
    path: 'plugin.cluster.postBufferSize',
    ...int(0, 1048576, 'KB', [-1]),
    description:
      'Request body the plug-in keeps so it can re-send it to another member; -1 = unlimited, 0 = none',
  },
  {
    path: 'plugin.cluster.serverIOTimeoutRetry',
    ...int(0, 100, undefined, [-1]),
    description:
      'Cap on retries of a request whose ServerIOTimeout fired; -1 = none beyond the number of members, 0 = never',
  },
  {
    path: 'plugin.cluster.getDWLMTable',
    ...BOOL,
    description:
      'GetDWLMTable: the plug-in fetches the partition table for memory-to-memory hot failover (set with memory-to-memory persistence, as the generated plugin-cfg.xml has it)',
  },
  {
    path: 'plugin.cluster.cloneSeparatorChange',
    ...BOOL,
    description: 'Clone IDs in the session ID are separated by + instead of :',
  },
  {
    path: 'plugin.cluster.servers',
    kind: 'entries',
    minLength: 1,
    maxLength: 16,
    noun: 'members',
    description: 'Server elements: the cluster members',
  },
  { path: `${SERVER}.memberName`, ...MEMBER_NAME, description: 'Cluster member name' },
  {
    path: `${SERVER}.nodeName`,
    ...MEMBER_NAME,
    description: 'Node the member runs on (the server is named node_member)',
  },
  {
    path: `${SERVER}.cloneId`,
    ...CLONE_ID,
    description: 'The member\u2019s own clone ID, its affinity token in session IDs',
  },
  {
    path: `${SERVER}.configuredCloneId`,
    ...CLONE_ID,
    description: 'The CloneID plugin-cfg.xml holds for the member; affinity breaks when it differs',
  },
  {
    path: `${SERVER}.loadBalanceWeight`,
    // The console offers 0–20; plugin-cfg.xml edited by hand takes larger weights (DOMAIN.md §1.3).
    ...int(0, 100),
    description:
      'LoadBalanceWeight: requests without affinity the member takes per round (console 0–20, more by hand)',
  },
  {
    path: `${SERVER}.connectTimeout`,
    ...int(0, 600, 's', [null]),
    description: 'Seconds the plug-in waits for a connect; 0 = blocking, null = unset (the OS gives up)',
  },
  {
    path: `${SERVER}.serverIOTimeout`,
    ...int(-3600, 3600, 's'),
    description:
      'Seconds the plug-in waits for a response; > 0 retry elsewhere, < 0 also mark down, 0 = blocking',
  },
  {
    path: `${SERVER}.maxConnections`,
    ...int(0, 10000, undefined, [-1]),
    description: 'Pending connections per web server process; -1 or 0 = unlimited',
  },
  {
    path: `${SERVER}.role`,
    ...oneOf(roles),
    description: 'Primary server, or backup used when no primary is left',
  },
  { path: `${SERVER}.hostname`, ...HOST_NAME, description: 'Host of the member\u2019s HTTP transport' },
  { path: `${SERVER}.port`, ...int(1, 65535), description: 'Port of the member\u2019s HTTP transport' },
  {
    path: `${SERVER}.partitionId`,
    kind: 'text',
    pattern: /^\d{1,18}$/,
    rule: 'be 1 to 18 digits',
    description: 'Partition ID the member owns with memory-to-memory peer-to-peer (WAS 6+)',
  },
  {
    path: `${SERVER}.replicationMode`,
    ...oneOf(replicationModes),
    optional: true,
    description:
      'The member\u2019s memory-to-memory mode when it differs from the domain\u2019s; null = the domain\u2019s',
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
    description: 'WAS 5.x: replication groups the member listens to; null = all of them, empty = none',
  },
  {
    path: `${SERVER}.extendedHandshake`,
    ...BOOL,
    description: 'ExtendedHandshake: after connecting, check that the JVM answers, not just the host',
  },
  {
    path: `${SERVER}.waitForContinue`,
    ...BOOL,
    description: 'WaitForContinue: send Expect: 100-continue before a request body',
  },

  {
    path: 'sessionManager.persistence',
    ...oneOf(persistences),
    description: 'Where sessions are kept beyond the member: nowhere, a database, or other members',
  },
  {
    path: 'sessionManager.tuningLevel',
    ...oneOf(tuningLevelNames),
    description: 'Predefined tuning level; anything but custom overrides the write settings',
  },
  {
    path: 'sessionManager.writeFrequency',
    ...oneOf(writeFrequencies),
    description: 'When a changed session is written: end of service, on sync(), or every write interval',
  },
  {
    path: 'sessionManager.writeInterval',
    ...int(5, 300, 's'),
    description: 'Seconds between time-based writes',
  },
  {
    path: 'sessionManager.writeContents',
    ...oneOf(writeContentsOptions),
    description: 'Write only the updated attributes, or all of them',
  },
  {
    path: 'sessionManager.scheduledCleanup',
    ...BOOL,
    description: 'Purge expired sessions from the store only in the two cleanup hours',
  },
  {
    path: 'sessionManager.cleanupHours',
    kind: 'list',
    item: int(0, 23),
    minLength: 2,
    maxLength: 2,
    noun: 'hours of the day',
    example: '0,2',
    description: 'The two hours of the day in which scheduled cleanup runs',
  },
  {
    path: 'sessionManager.multiRowSchema',
    ...BOOL,
    description: 'One row per attribute in the SESSIONS table instead of one per session',
  },
  {
    path: 'sessionManager.maxInMemorySessionCount',
    ...int(1, 100000),
    description: 'Sessions a member keeps in its cache',
  },
  {
    path: 'sessionManager.allowOverflow',
    ...BOOL,
    description: 'The cache may grow past its size (in-memory sessions only)',
  },
  {
    path: 'sessionManager.sessionTimeout',
    ...int(2, 1440, 'min'),
    description: 'Minutes without a request before a session is invalidated',
  },
  {
    path: 'sessionManager.noAffinitySwitchBack',
    ...BOOL,
    description: 'After a failover the session stays on its new member when the old one returns',
  },
  { path: 'sessionManager.enableCookies', ...BOOL, description: 'Session IDs travel in a cookie' },
  {
    path: 'sessionManager.enableUrlRewriting',
    ...BOOL,
    description: 'Session IDs travel in rewritten URLs',
  },
  { path: 'sessionManager.cookieName', ...COOKIE_NAME, description: 'Name of the session cookie' },

  {
    path: 'memberRuntime.webContainerThreads',
    ...int(1, 500),
    description: 'Requests a member serves at once',
  },
  {
    path: 'memberRuntime.listenBacklog',
    ...int(0, 65535),
    description: 'Connections waiting for a thread before new ones are refused',
  },
  {
    path: 'memberRuntime.serviceTime',
    ...int(1, 600000, 'ms'),
    description: 'Milliseconds a servlet takes to service one request',
  },
  {
    path: 'memberRuntime.startupTime',
    ...int(0, 600000, 'ms'),
    description: 'Milliseconds from start to accepting requests',
  },
  {
    path: 'memberRuntime.shutdownTime',
    ...int(0, 600000, 'ms'),
    description: 'Milliseconds a clean stop takes after the flush',
  },
  {
    path: 'memberRuntime.invalidatorInterval',
    ...int(1, 3600, 's'),
    description: 'Seconds between runs of the session invalidator',
  },

  {
    path: 'memoryToMemory.mode',
    ...oneOf(replicationModes),
    description: 'Members send copies (client), keep them (server), or both',
  },
  {
    path: 'memoryToMemory.replicas',
    ...int(1, 15, undefined, ['single', 'entireDomain']),
    description: 'How many other members keep a copy of each session',
  },
  {
    path: 'memoryToMemory.replicationLag',
    ...int(0, 60000, 'ms'),
    description: 'Milliseconds between a change and its copy',
  },
  {
    path: 'memoryToMemory.fetchTimeout',
    ...int(1, 600000, 'ms'),
    description: 'Milliseconds a member waits for others to answer for a session it lacks',
  },
  {
    path: 'memoryToMemory.partitions',
    ...int(1, 100),
    description: 'WAS 5.x: groups the replication domain is partitioned into',
  },

  {
    path: 'haManager.heartbeatInterval',
    ...int(1, 3600, 's'),
    description: 'Seconds between HA manager heartbeats',
  },
  {
    path: 'haManager.failureDetectionTimeout',
    ...int(1, 36000, 's'),
    description: 'Seconds without a heartbeat before a member is declared failed',
  },

  {
    path: 'switches.spreadFailover',
    ...BOOL,
    description: 'PM12112: spread orphaned sessions over the members instead of sending them all to the next',
  },
  {
    path: 'switches.tryWhenAllDown',
    ...BOOL,
    description: 'PH46938: try a member even when every one is marked down',
  },
  {
    path: 'switches.hasIgnoreAffinityRequests',
    ...BOOL,
    description: 'The plug-in knows IgnoreAffinityRequests (6.1 on)',
  },

  {
    path: 'network.browserLatency',
    ...int(0, 60000, 'ms'),
    description: 'One-way milliseconds between a browser and the web server',
  },
  {
    path: 'network.memberLatency',
    ...int(0, 60000, 'ms'),
    description: 'One-way milliseconds between the web server and a cluster member',
  },
  {
    path: 'network.databaseLatency',
    ...int(0, 60000, 'ms'),
    description: 'One-way milliseconds between a member and the database',
  },
  {
    path: 'network.osConnectTimeout',
    ...int(1, 600000, 'ms'),
    description: 'Milliseconds the OS waits for an unanswered connect when ConnectTimeout is unset',
  },

  {
    path: 'database.writeTime',
    ...int(0, 60000, 'ms'),
    description: 'Milliseconds from the start of a session write to its commit',
  },
  {
    path: 'database.readTime',
    ...int(0, 60000, 'ms'),
    description: 'Milliseconds a session read takes',
  },

  { path: 'portal.enabled', ...BOOL, description: 'WebSphere Portal runs on the cluster' },
  {
    path: 'portal.redirectPostAfterFailover',
    ...BOOL,
    description: 'After a failover the Portal answers a POST with a redirect, so form data is lost',
  },
  {
    path: 'portal.portletsSupportFailover',
    ...BOOL,
    description: 'Portlets survive a failover; otherwise they show "Portlet unavailable"',
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

/** One line per parameter, `path  range  description`, for `trace --set help`. */
export function parameterHelp(): string[] {
  return parameters.map(
    (d) => `${d.path}  ${describeRange(d)}${d.optional ? '; or null' : ''}  ${d.description}`,
  );
}
