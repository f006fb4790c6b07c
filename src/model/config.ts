// The lab's parameters, named and defaulted as in DOMAIN.md §9.2, with the version profiles of §8.
// Their types and ranges, and validateConfig, live in parameters.ts, so every entry point (CLI, URL,
// scenario, UI) reports a bad value the same way; a run (the world) takes a configuration checked there.

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

/** The lab's clock reads 09:00 at simulated t=0 (for cleanup hours and log dates). */
export const RUN_START_HOUR = 9;

/** A WebSphere level whose defaults and plug-in behaviour differ (DOMAIN.md §8). */
export type VersionProfile = (typeof versionProfiles)[number];

export type LoadBalance = 'Round Robin' | 'Random';
export type ServerRole = 'primary' | 'backup';
export type Persistence = 'none' | 'database' | 'memoryToMemory';
export type WriteFrequency = 'endOfServletService' | 'manualUpdate' | 'timeBasedWrite';
export type WriteContents = 'onlyUpdatedAttributes' | 'allSessionAttributes';
export type TuningLevel = 'veryHigh' | 'high' | 'medium' | 'low' | 'custom';
export type ReplicationMode = 'client' | 'server' | 'both';

/** One `Server` element of plugin-cfg.xml plus the runtime of the JVM behind it. */
export interface ServerConfig {
  /** Cluster member name, e.g. PluginMember1. */
  memberName: string;
  /** Node the member runs on; plugin-cfg.xml names the server `node_member`. */
  nodeName: string;
  /** The member's affinity token. */
  cloneId: string;
  /** The clone ID the plug-in configuration holds for it (differs only when an admin edits it by hand). */
  configuredCloneId: string;
  loadBalanceWeight: number;
  /** Seconds; null = unset (blocking connect until the OS gives up). */
  connectTimeout: number | null;
  /** Seconds; > 0 retry elsewhere, < 0 also mark down, 0 = blocking I/O. */
  serverIOTimeout: number;
  /** Pending connections per web server process; -1 or 0 = unlimited. */
  maxConnections: number;
  role: ServerRole;
  hostname: string;
  port: number;
  /** Partition ID this member owns with memory-to-memory peer-to-peer (WAS 6+). */
  partitionId: string;
  /** This member's memory-to-memory mode, when it differs from the domain's. */
  replicationMode?: ReplicationMode;
  /**
   * WAS 5.x: the groups (partitions of the replication domain, 1 to `memoryToMemory.partitions`) this
   * member's session manager listens to; all of them when unset (DOMAIN.md §5.1).
   */
  listensTo?: number[];
  /** An extra handshake after connect proves the JVM answers, not just the host (PQ69608). */
  extendedHandshake: boolean;
  /** Send `Expect: 100-continue` and wait for 100 Continue before a request body. */
  waitForContinue: boolean;
}

/** `ServerCluster` attributes (DOMAIN.md §1.2). */
export interface ClusterConfig {
  name: string;
  loadBalance: LoadBalance;
  retryInterval: number;
  ignoreAffinityRequests: boolean;
  /** KB; -1 = no limit. */
  postSizeLimit: number;
  /** KB; -1 = unlimited buffer, 0 = no buffering. */
  postBufferSize: number;
  serverIOTimeoutRetry: number;
  getDWLMTable: boolean;
  cloneSeparatorChange: boolean;
  servers: ServerConfig[];
}

export interface UriConfig {
  name: string;
  affinityCookie: string;
  affinityURLIdentifier: string;
}

/** What plugin-cfg.xml says about routing (DOMAIN.md §1.1). */
export interface PluginConfig {
  virtualHostGroups: { name: string; hosts: string[] }[];
  uriGroups: { name: string; uris: UriConfig[] }[];
  routes: { virtualHostGroup: string; uriGroup: string; serverCluster: string }[];
  cluster: ClusterConfig;
  /** `Config RefreshInterval`: seconds between the plug-in's checks for a changed plugin-cfg.xml (DOMAIN.md §1.1). */
  refreshInterval: number;
}

export interface SessionManagerConfig {
  persistence: Persistence;
  tuningLevel: TuningLevel;
  writeFrequency: WriteFrequency;
  /** Seconds between time-based writes. */
  writeInterval: number;
  writeContents: WriteContents;
  scheduledCleanup: boolean;
  /** The two hours of the day (0–23) in which scheduled cleanup purges expired rows. */
  cleanupHours: [number, number];
  multiRowSchema: boolean;
  maxInMemorySessionCount: number;
  allowOverflow: boolean;
  /** Minutes. */
  sessionTimeout: number;
  noAffinitySwitchBack: boolean;
  enableCookies: boolean;
  enableUrlRewriting: boolean;
  cookieName: string;
}

export interface MemberRuntimeConfig {
  webContainerThreads: number;
  listenBacklog: number;
  /** Milliseconds a servlet takes to service one request. */
  serviceTime: number;
  /** Milliseconds from start to accepting requests. */
  startupTime: number;
  /** Milliseconds a clean stop takes after the flush. */
  shutdownTime: number;
  /** Seconds between runs of the session invalidator [INFERRED teaching value]. */
  invalidatorInterval: number;
}

export interface MemoryToMemoryConfig {
  mode: ReplicationMode;
  /** 'single', 'entireDomain', or a specific number of replicas. */
  replicas: 'single' | 'entireDomain' | number;
  /** Milliseconds between a change and its replica. */
  replicationLag: number;
  /**
   * Milliseconds a member waits for others to answer a request for a session it does not have: on WAS
   * 5.x the replicator's Request Timeout (5 s); later levels [INFERRED].
   */
  fetchTimeout: number;
  /**
   * WAS 5.x: the number of groups the replication domain is partitioned into (DRS Partition Size,
   * default 10). New sessions go to the groups round robin; a copy goes to the members listening to its
   * group (DOMAIN.md §5.1).
   */
  partitions: number;
}

export interface HaManagerConfig {
  /** Seconds between heartbeats. */
  heartbeatInterval: number;
  /** Seconds without packets before a member is declared failed. */
  failureDetectionTimeout: number;
}

/** Plug-in fixes that change behaviour (DOMAIN.md §2.7, §2.8). */
export interface BehaviourSwitches {
  /** PM12112: spread orphaned sessions instead of sending them all to the next server. */
  spreadFailover: boolean;
  /** PH46938: attempt a server even when every one is marked down. */
  tryWhenAllDown: boolean;
  /** IgnoreAffinityRequests exists from the 6.1 plug-in on. */
  hasIgnoreAffinityRequests: boolean;
}

export interface NetworkConfig {
  /** One-way milliseconds between a browser and the web server. */
  browserLatency: number;
  /** One-way milliseconds between the web server and a cluster member. */
  memberLatency: number;
  /** One-way milliseconds between a member and the database. */
  databaseLatency: number;
  /** Milliseconds the OS waits before giving up on an unanswered connect when ConnectTimeout is unset. */
  osConnectTimeout: number;
}

export interface DatabaseConfig {
  /** Milliseconds from the start of a write to its commit. */
  writeTime: number;
  readTime: number;
}

/** HCL/IBM WebSphere Portal behaviour on top of the cluster (DOMAIN.md §7); off unless a scenario turns it on. */
export interface PortalConfig {
  enabled: boolean;
  /**
   * After a failover the Portal answers a POST with a redirect, which the browser re-issues as GET:
   * the Portal documentation's account of lost form data (the plug-in itself re-sends buffered bodies).
   */
  redirectPostAfterFailover: boolean;
  /** Portlets written to survive a failover; false shows "Portlet unavailable". */
  portletsSupportFailover: boolean;
}

export interface WebServerConfig {
  /** IHS child processes, each with its own plug-in state. 1 = Windows style. */
  processes: number;
}

/** Everything that describes one lab; with a seed and interventions it fixes a run. */
export interface LabConfig {
  version: VersionProfile;
  webServer: WebServerConfig;
  plugin: PluginConfig;
  sessionManager: SessionManagerConfig;
  memberRuntime: MemberRuntimeConfig;
  memoryToMemory: MemoryToMemoryConfig;
  haManager: HaManagerConfig;
  switches: BehaviourSwitches;
  network: NetworkConfig;
  database: DatabaseConfig;
  portal: PortalConfig;
}

/** Tuning levels (DOMAIN.md §4.6); custom keeps whatever is set. */
export const tuningLevels: Record<
  Exclude<TuningLevel, 'custom'>,
  Pick<SessionManagerConfig, 'writeFrequency' | 'writeInterval' | 'writeContents' | 'scheduledCleanup'>
> = {
  veryHigh: {
    writeFrequency: 'timeBasedWrite',
    writeInterval: 300,
    writeContents: 'onlyUpdatedAttributes',
    scheduledCleanup: true,
  },
  high: {
    writeFrequency: 'timeBasedWrite',
    writeInterval: 300,
    writeContents: 'allSessionAttributes',
    scheduledCleanup: false,
  },
  medium: {
    writeFrequency: 'endOfServletService',
    writeInterval: 10,
    writeContents: 'onlyUpdatedAttributes',
    scheduledCleanup: false,
  },
  low: {
    writeFrequency: 'endOfServletService',
    writeInterval: 10,
    writeContents: 'allSessionAttributes',
    scheduledCleanup: false,
  },
};

/** Applies a predefined tuning level to the session manager settings. */
export function applyTuningLevel(sm: SessionManagerConfig, level: TuningLevel): SessionManagerConfig {
  if (level === 'custom') return { ...sm, tuningLevel: level };
  return { ...sm, ...tuningLevels[level], tuningLevel: level };
}

/** The settings in force: a predefined tuning level overrides the individual write settings. */
export function effectiveConfig(config: LabConfig): LabConfig {
  const sm = config.sessionManager;
  return sm.tuningLevel === 'custom'
    ? config
    : { ...config, sessionManager: applyTuningLevel(sm, sm.tuningLevel) };
}

/** A member as generated in a traditional plugin-cfg.xml. */
export function defaultServer(index: number, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const memberName = overrides.memberName ?? `PluginMember${index + 1}`;
  const cloneId = overrides.cloneId ?? generatedCloneId(index);
  return {
    memberName,
    nodeName: `was${index + 1}node`,
    cloneId,
    configuredCloneId: cloneId,
    loadBalanceWeight: 2,
    connectTimeout: 5,
    serverIOTimeout: 0,
    maxConnections: -1,
    role: 'primary',
    hostname: `app${index + 1}.example.com`,
    port: 9080,
    partitionId: String(1000000 + index * 7919),
    extendedHandshake: false,
    waitForContinue: false,
    ...overrides,
  };
}

/** Clone IDs look like `v544d031`: 8 lowercase characters (DOMAIN.md §1.3). Deterministic per index. */
export function generatedCloneId(index: number): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  let x = (index + 1) * 2654435761;
  let id = 'v';
  for (let i = 0; i < 7; i++) {
    id += alphabet[x % 32];
    x = Math.floor(x / 32) + (index + 3) * 97;
  }
  return id;
}

/** Defaults that depend on the WebSphere level (DOMAIN.md §8). */
export function profileDefaults(version: VersionProfile): {
  switches: BehaviourSwitches;
  connectTimeout: number | null;
  /** memoryToMemory.fetchTimeout: on 5.x the replicator's Request Timeout, 5 s (DOMAIN.md §5.1). */
  fetchTimeout: number;
} {
  switch (version) {
    case '5.1':
      return {
        switches: { spreadFailover: false, tryWhenAllDown: false, hasIgnoreAffinityRequests: false },
        connectTimeout: null,
        fetchTimeout: 5000,
      };
    case '6.1':
      return {
        switches: { spreadFailover: false, tryWhenAllDown: false, hasIgnoreAffinityRequests: true },
        connectTimeout: 0,
        fetchTimeout: 3000,
      };
    case '7.0':
    case '8.5.5':
    case '9.0.5':
      return {
        switches: { spreadFailover: true, tryWhenAllDown: false, hasIgnoreAffinityRequests: true },
        connectTimeout: 5,
        fetchTimeout: 3000,
      };
  }
}

/**
 * `config` moved to another WebSphere level: the version and every default that depends on it (the
 * behaviour switches, each server's ConnectTimeout, the memory-to-memory fetch timeout). Changes in place.
 */
export function applyVersionProfile(config: LabConfig, version: VersionProfile): LabConfig {
  const profile = profileDefaults(version);
  config.version = version;
  config.switches = { ...profile.switches };
  for (const s of config.plugin.cluster.servers) s.connectTimeout = profile.connectTimeout;
  config.memoryToMemory.fetchTimeout = profile.fetchTimeout;
  return config;
}

/** The default lab: two members, two IHS processes, database persistence, WAS 8.5.5. */
export function defaultConfig(
  options: { version?: VersionProfile; members?: number; processes?: number } = {},
): LabConfig {
  const version = options.version ?? '8.5.5';
  const profile = profileDefaults(version);
  const members = options.members ?? 2;
  return {
    version,
    webServer: { processes: options.processes ?? 2 },
    plugin: {
      virtualHostGroups: [{ name: 'default_host', hosts: ['*:80', '*:443'] }],
      uriGroups: [
        {
          name: 'default_host_PluginCluster_URIs',
          uris: [{ name: '/*', affinityCookie: 'JSESSIONID', affinityURLIdentifier: 'jsessionid' }],
        },
      ],
      routes: [
        {
          virtualHostGroup: 'default_host',
          uriGroup: 'default_host_PluginCluster_URIs',
          serverCluster: 'PluginCluster',
        },
      ],
      refreshInterval: 60,
      cluster: {
        name: 'PluginCluster',
        loadBalance: 'Round Robin',
        retryInterval: 60,
        ignoreAffinityRequests: true,
        postSizeLimit: -1,
        postBufferSize: 64,
        serverIOTimeoutRetry: -1,
        getDWLMTable: false,
        cloneSeparatorChange: false,
        servers: Array.from({ length: members }, (_, i) =>
          defaultServer(i, { connectTimeout: profile.connectTimeout }),
        ),
      },
    },
    sessionManager: {
      persistence: 'database',
      tuningLevel: 'custom',
      writeFrequency: 'timeBasedWrite',
      writeInterval: 10,
      writeContents: 'onlyUpdatedAttributes',
      scheduledCleanup: false,
      cleanupHours: [0, 2],
      multiRowSchema: false,
      maxInMemorySessionCount: 1000,
      allowOverflow: true,
      sessionTimeout: 30,
      noAffinitySwitchBack: false,
      enableCookies: true,
      enableUrlRewriting: false,
      cookieName: 'JSESSIONID',
    },
    memberRuntime: {
      webContainerThreads: 50,
      listenBacklog: 511,
      serviceTime: 40,
      startupTime: 20000,
      shutdownTime: 2000,
      invalidatorInterval: 60,
    },
    memoryToMemory: {
      mode: 'both',
      replicas: 'single',
      replicationLag: 50,
      fetchTimeout: profile.fetchTimeout,
      partitions: 10,
    },
    haManager: { heartbeatInterval: 30, failureDetectionTimeout: 180 },
    switches: profile.switches,
    network: { browserLatency: 20, memberLatency: 1, databaseLatency: 2, osConnectTimeout: 75000 },
    database: { writeTime: 8, readTime: 4 },
    portal: { enabled: false, redirectPostAfterFailover: true, portletsSupportFailover: false },
  };
}

/**
 * The ServerCluster and Server attributes of plugin-cfg.xml a running plug-in takes up when it reads the
 * file again at its next check (`Config RefreshInterval`, DOMAIN.md §1.1). The rest are read when a
 * process, a JVM or the application starts; so is a member's own clone ID (server.xml), and the clone
 * separator, which both sides must agree on.
 */
export const REFRESHED_CLUSTER_ATTRIBUTES = [
  'loadBalance',
  'retryInterval',
  'ignoreAffinityRequests',
  'postSizeLimit',
  'postBufferSize',
  'serverIOTimeoutRetry',
  'getDWLMTable',
] as const satisfies readonly (keyof ClusterConfig)[];
export const REFRESHED_SERVER_ATTRIBUTES = [
  'configuredCloneId',
  'loadBalanceWeight',
  'connectTimeout',
  'serverIOTimeout',
  'maxConnections',
  'role',
  'extendedHandshake',
  'waitForContinue',
] as const satisfies readonly (keyof ServerConfig)[];

/** Where a path of plugin-cfg.xml's ServerCluster points: a cluster attribute, or one server's. */
export function refreshedAttribute(path: string): { server: number | null; key: string } | null {
  const m = /^plugin\.cluster\.(?:servers\[(\d+)\]\.)?(\w+)$/.exec(path);
  if (!m) return null;
  const list: readonly string[] =
    m[1] === undefined ? REFRESHED_CLUSTER_ATTRIBUTES : REFRESHED_SERVER_ATTRIBUTES;
  return list.includes(m[2]!) ? { server: m[1] === undefined ? null : Number(m[1]), key: m[2]! } : null;
}

/** Whether the plug-in takes the parameter at `path` up from plugin-cfg.xml while it runs. */
export const readAtRefresh = (path: string): boolean => refreshedAttribute(path) !== null;
