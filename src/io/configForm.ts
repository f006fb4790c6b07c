// The configuration panel's form, apart from its looks: the parameters of DOMAIN.md §9.2 in its groups,
// under the product's names, each as the text the command line and the address write (`30`, `true`,
// `null`, `0,2`), its default, and applying a set of changes at once through the same parameter table
// as `--set` (a bad value is named by its path, and then nothing is applied).

import { defaultConfig, type LabConfig } from '../model/config.ts';
import { ConfigError, describeRange, parameterAt } from '../model/parameters.ts';
import { parameterDescriptions } from '../model/parameterText.ts';
import { setParameter } from '../model/parameterPaths.ts';

export interface FormField {
  /** The parameter's path, with the member's index for a Server attribute. */
  path: string;
  /** The product's name for it. */
  label: string;
  /** One line on what it does. */
  help: string;
  /** What values it takes, in a few words. */
  range: string;
  /** The choices, when it has a fixed set (a select); `true`/`false` for a checkbox. */
  options?: readonly string[];
  bool?: boolean;
  /** The lab's own value or a teaching value (DOMAIN.md §9.2 [INFERRED]): the documents give no default. */
  labValue?: boolean;
}

export interface FormGroup {
  title: string;
  /** Set for the per-member group: one row of fields for each cluster member. */
  member?: string;
  fields: FormField[];
}

/** [path, the product's name] by group, as DOMAIN.md §9.2 groups them. */
const GROUPS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  ['Version profile', [['version', 'WebSphere level']]],
  [
    'Web server',
    [
      ['webServer.processes', 'IHS processes'],
      ['plugin.refreshInterval', 'RefreshInterval'],
    ],
  ],
  [
    'ServerCluster',
    [
      ['plugin.cluster.loadBalance', 'LoadBalance'],
      ['plugin.cluster.retryInterval', 'RetryInterval'],
      ['plugin.cluster.ignoreAffinityRequests', 'IgnoreAffinityRequests'],
      ['plugin.cluster.postBufferSize', 'PostBufferSize'],
      ['plugin.cluster.postSizeLimit', 'PostSizeLimit'],
      ['plugin.cluster.serverIOTimeoutRetry', 'ServerIOTimeoutRetry'],
      ['plugin.cluster.getDWLMTable', 'GetDWLMTable'],
      ['plugin.cluster.cloneSeparatorChange', 'CloneSeparatorChange'],
    ],
  ],
  [
    'Member runtime',
    [
      ['memberRuntime.webContainerThreads', 'Web container threads'],
      ['memberRuntime.listenBacklog', 'Listen backlog'],
      ['memberRuntime.serviceTime', 'Service time'],
      ['memberRuntime.startupTime', 'Startup time'],
      ['memberRuntime.shutdownTime', 'Shutdown time'],
      ['memberRuntime.invalidatorInterval', 'Invalidator interval'],
    ],
  ],
  [
    'Session manager',
    [
      ['sessionManager.persistence', 'Persistence'],
      ['sessionManager.tuningLevel', 'Tuning level'],
      ['sessionManager.writeFrequency', 'Write frequency'],
      ['sessionManager.writeInterval', 'Write interval'],
      ['sessionManager.writeContents', 'Write contents'],
      ['sessionManager.scheduledCleanup', 'Scheduled cleanup'],
      ['sessionManager.cleanupHours', 'Cleanup hours'],
      ['sessionManager.multiRowSchema', 'Multi-row schema'],
      ['sessionManager.maxInMemorySessionCount', 'Maximum in-memory session count'],
      ['sessionManager.allowOverflow', 'Allow overflow'],
      ['sessionManager.sessionTimeout', 'Session timeout'],
      ['sessionManager.noAffinitySwitchBack', 'NoAffinitySwitchBack'],
      ['sessionManager.enableCookies', 'Enable cookies'],
      ['sessionManager.enableUrlRewriting', 'Enable URL rewriting'],
      ['sessionManager.cookieName', 'Cookie name'],
    ],
  ],
  [
    'Memory-to-memory replication',
    [
      ['memoryToMemory.mode', 'Replication mode'],
      ['memoryToMemory.replicas', 'Number of replicas'],
      ['memoryToMemory.replicationLag', 'Replication lag'],
      ['memoryToMemory.fetchTimeout', 'Fetch timeout'],
      ['memoryToMemory.partitions', 'Partitions (WAS 5.x)'],
    ],
  ],
  [
    'HA manager',
    [
      ['haManager.heartbeatInterval', 'Heartbeat interval'],
      ['haManager.failureDetectionTimeout', 'Failure detection timeout'],
    ],
  ],
  [
    'Plug-in behaviour switches',
    [
      ['switches.spreadFailover', 'Spread failovers (PM12112)'],
      ['switches.tryWhenAllDown', 'Try a member when all are down (PH46938)'],
      ['switches.hasIgnoreAffinityRequests', 'Knows IgnoreAffinityRequests (6.1 on)'],
    ],
  ],
  [
    'Network and database',
    [
      ['network.browserLatency', 'Browser latency'],
      ['network.memberLatency', 'Member latency'],
      ['network.databaseLatency', 'Database latency'],
      ['network.osConnectTimeout', 'OS connect timeout'],
      ['database.writeTime', 'Database write time'],
      ['database.readTime', 'Database read time'],
    ],
  ],
  [
    'WebSphere Portal',
    [
      ['portal.enabled', 'WebSphere Portal'],
      ['portal.redirectPostAfterFailover', 'Redirect a POST after failover'],
      ['portal.portletsSupportFailover', 'Portlets support failover'],
    ],
  ],
];

/**
 * Values the product's documents give no default for: the lab's own (latencies, service and database
 * times) and the teaching values DOMAIN.md §9.2 marks as inferred (threads, backlog, replication lag).
 */
const LAB_VALUES = /^(memberRuntime\.|network\.|database\.|memoryToMemory\.(replicationLag|fetchTimeout)$)/;

/** Server attributes, one row per member (plugin-cfg.xml's names). */
const SERVER: readonly (readonly [string, string])[] = [
  ['configuredCloneId', 'CloneID'],
  ['loadBalanceWeight', 'LoadBalanceWeight'],
  ['connectTimeout', 'ConnectTimeout'],
  ['serverIOTimeout', 'ServerIOTimeout'],
  ['maxConnections', 'MaxConnections'],
  ['role', 'Role'],
  ['extendedHandshake', 'ExtendedHandshake'],
  ['waitForContinue', 'WaitForContinue'],
];

function field(path: string, label: string): FormField {
  const d = parameterAt(path);
  if (!d) throw new Error(`no parameter ${path}`);
  const pattern = path.replace(/\[\d+\]/g, '[]');
  return {
    path,
    label,
    help: parameterDescriptions[pattern] ?? '',
    range: `${describeRange(d)}${d.optional ? ', or null (unset)' : ''}`,
    ...(d.kind === 'enum' ? { options: d.options } : {}),
    ...(d.kind === 'bool' ? { bool: true } : {}),
    ...(LAB_VALUES.test(path) ? { labValue: true } : {}),
  };
}

/** The form's groups for `config`: §9.2's, with the Server attributes of each of its members after ServerCluster. */
export function formGroups(config: LabConfig): FormGroup[] {
  const out: FormGroup[] = GROUPS.map(([title, fields]) => ({
    title,
    fields: fields.map(([path, label]) => field(path, label)),
  }));
  const servers = config.plugin.cluster.servers.map((s, i) => ({
    title: `Server ${s.memberName}`,
    member: s.memberName,
    fields: SERVER.map(([key, label]) => field(`plugin.cluster.servers[${i}].${key}`, label)),
  }));
  out.splice(3, 0, ...servers);
  // Before 6.1 the plug-in has no IgnoreAffinityRequests (DOMAIN.md §9.2): the field says so.
  if (!config.switches.hasIgnoreAffinityRequests)
    for (const f of out.flatMap((g) => g.fields))
      if (f.path === 'plugin.cluster.ignoreAffinityRequests')
        f.help += '. The plug-in of this WebSphere level does not know it: it has no effect';
  return out;
}

/** A value as the command line writes it. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** The value at `path` (`plugin.cluster.servers[0].port`), undefined where there is none. */
export function valueAt(config: unknown, path: string): unknown {
  let node = config;
  for (const part of path.split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!;
    node = (node as Record<string, unknown> | undefined)?.[m[1]!];
    if (m[2] !== undefined) node = (node as unknown[] | undefined)?.[Number(m[2])];
  }
  return node;
}

/** Every field's value in `config`, as text; a Server's CloneID is its own clone ID unless plugin-cfg.xml says otherwise. */
export function formValues(config: LabConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of formGroups(config))
    for (const f of g.fields) {
      const v = valueAt(config, f.path);
      out[f.path] =
        v === undefined && f.path.endsWith('.configuredCloneId')
          ? textOf(valueAt(config, f.path.replace(/configuredCloneId$/, 'cloneId')))
          : textOf(v);
    }
  return out;
}

/**
 * Each field's default at `config`'s WebSphere level, with its number of members and processes (the
 * product's defaults, not a lesson's); none for a member's CloneID, which is generated.
 */
export function formDefaults(config: LabConfig): Record<string, string> {
  const base = defaultConfig({
    version: config.version,
    members: config.plugin.cluster.servers.length,
    processes: config.webServer.processes,
  });
  base.plugin.cluster.servers.forEach(
    (s, i) => (s.memberName = config.plugin.cluster.servers[i]!.memberName),
  );
  const out = formValues(base);
  for (const k of Object.keys(out)) if (k.endsWith('.configuredCloneId')) delete out[k];
  return out;
}

/**
 * `config` with the fields of `values` that differ from `before` set (the WebSphere level first, since
 * it sets other defaults), or the errors by path: then nothing is applied.
 */
export function applyForm(
  config: LabConfig,
  values: Readonly<Record<string, string>>,
  before: Readonly<Record<string, string>>,
): { config: LabConfig; changed: string[] } | { errors: Record<string, string> } {
  const changed = Object.keys(values)
    .filter((p) => values[p]!.trim() !== before[p])
    .sort((a, b) => Number(b === 'version') - Number(a === 'version'));
  const errors: Record<string, string> = {};
  let next = config;
  for (const path of changed) {
    try {
      next = setParameter(next, path, values[path]!.trim());
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // Named by its own field; another parameter it put out of range is named in the message.
      errors[path] = e.path === path ? e.message.slice(path.length + 2) : e.message;
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { config: next, changed };
}
