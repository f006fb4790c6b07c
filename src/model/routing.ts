// How one web server process of the plug-in chooses a cluster member (DOMAIN.md §2): route scoring,
// affinity by clone ID, weighted round robin and Random, mark-down and retry interval, failover
// target (next in list before PM12112, spread after), backup servers. Pure functions over a server
// table; the plug-in process machine owns the table and applies the decisions.

import type { ClusterConfig, PluginConfig, ServerConfig, UriConfig, BehaviourSwitches } from './config.ts';

/** What one plug-in process knows about one member (DOMAIN.md §9.1 item 1). */
export interface ServerState {
  /** Current weight for weighted round robin; starts at LoadBalanceWeight. */
  weight: number;
  markedDown: boolean;
  /** Simulated ms at which the retry interval ends; null while not marked down. */
  retryAt: number | null;
  /** A probe request is under way after the retry interval (PM49491's "being retried"). */
  beingRetried: boolean;
  /** Requests sent and not yet answered (MaxConnections counts these). */
  pendingConnections: number;
  /** Idle keep-alive streams in this process's queue for the member. */
  pooledStreams: number;
  failedConnections: number;
  affinityConnections: number;
  totalConnections: number;
}

/** A process's view of the cluster. */
export interface ServerTable {
  servers: Record<string, ServerState>;
  /** Index into the primary list where round robin continues. */
  rrIndex: number;
  /**
   * This process's copy of the partition (DWLM) table, from the application servers' responses when
   * GetDWLMTable is on; null in a process that has not received one yet (PK48101).
   */
  partitions: { viewId: number; table: Readonly<Record<string, readonly string[]>> } | null;
}

export function initialServerState(server: ServerConfig): ServerState {
  return {
    weight: server.loadBalanceWeight,
    markedDown: false,
    retryAt: null,
    beingRetried: false,
    pendingConnections: 0,
    pooledStreams: 0,
    failedConnections: 0,
    affinityConnections: 0,
    totalConnections: 0,
  };
}

export function initialServerTable(cluster: ClusterConfig, rrStart: number): ServerTable {
  const servers: Record<string, ServerState> = {};
  for (const s of cluster.servers) servers[s.memberName] = initialServerState(s);
  return { servers, rrIndex: rrStart % Math.max(1, primaryServers(cluster).length), partitions: null };
}

/**
 * The table after the process read plugin-cfg.xml again and found `after` where it had `before`: a
 * member whose LoadBalanceWeight changed starts again from the new weight. What else a reload keeps is
 * not in the sources; the lab keeps the rest of the table (mark-downs and their retry deadlines,
 * connections, pooled streams, where round robin stands).
 */
export function reloadedTable(table: ServerTable, before: ClusterConfig, after: ClusterConfig): ServerTable {
  const servers = { ...table.servers };
  for (const s of after.servers) {
    const old = before.servers.find((o) => o.memberName === s.memberName);
    const state = servers[s.memberName];
    if (!state) servers[s.memberName] = initialServerState(s);
    else if (old?.loadBalanceWeight !== s.loadBalanceWeight)
      servers[s.memberName] = { ...state, weight: s.loadBalanceWeight };
  }
  return { ...table, servers, rrIndex: table.rrIndex % Math.max(1, primaryServers(after).length) };
}

export const primaryServers = (cluster: ClusterConfig): ServerConfig[] =>
  cluster.servers.filter((s) => s.role === 'primary');
export const backupServers = (cluster: ClusterConfig): ServerConfig[] =>
  cluster.servers.filter((s) => s.role === 'backup');

export interface RouteMatch {
  cluster: string;
  uri: UriConfig;
  score: number;
}

function hostScore(pattern: string, host: string, port: number): number {
  const [ph = '', pp = '*'] = pattern.split(':');
  if (pp !== '*' && pp !== String(port)) return -1;
  if (ph !== '*' && ph.toLowerCase() !== host.toLowerCase()) return -1;
  return (ph === '*' ? 0 : ph.length) + (pp === '*' ? 0 : pp.length);
}

/**
 * How many characters of `path` the Uri's name matches, its `*` standing for any characters (`/shop/*`,
 * `/*.jsp`); -1 when it does not match.
 */
function uriScore(pattern: string, path: string): number {
  if (!pattern.includes('*')) return path === pattern ? pattern.length : -1;
  const parts = pattern.split('*');
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!path.startsWith(first) || path.length < first.length + last.length) return -1;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = path.indexOf(part, at);
    if (found < 0) return -1;
    at = found + part.length;
  }
  return path.length - last.length >= at && path.endsWith(last) ? pattern.length - parts.length + 1 : -1;
}

/**
 * Step 2: every Route whose virtual host and URI match is scored by the characters matched; the best
 * one names the ServerCluster (DOMAIN.md §1.1). Null: the web server serves the request itself.
 */
export function matchRoute(
  plugin: PluginConfig,
  host: string,
  port: number,
  path: string,
): RouteMatch | null {
  let best: RouteMatch | null = null;
  for (const route of plugin.routes) {
    const vhg = plugin.virtualHostGroups.find((g) => g.name === route.virtualHostGroup);
    const ug = plugin.uriGroups.find((g) => g.name === route.uriGroup);
    if (!vhg || !ug) continue;
    const hs = Math.max(-1, ...vhg.hosts.map((h) => hostScore(h, host, port)));
    if (hs < 0) continue;
    for (const uri of ug.uris) {
      const us = uriScore(uri.name, path);
      if (us < 0) continue;
      const score = hs + us;
      if (!best || score > best.score) best = { cluster: route.serverCluster, uri, score };
    }
  }
  return best;
}

/** Where the lab's users browse: the host and port their browser asks for, and the pages they request. */
export interface Site {
  host: string;
  port: number;
  /** The page a user views, and adds to with a POST. */
  cart: string;
  /** The page that counts a user's visits in the session. */
  counter: string;
}

/**
 * The site the first Route to the lab's ServerCluster serves: its VirtualHostGroup's first host (a `*`
 * host is www.example.com, a `*` port 80) and pages under its UriGroup's first context root (`/*` →
 * `/shop/cart`, `/snoop/*` → `/snoop/cart`), else its first exact Uri (`/snoop` is every page), else its
 * first Uri with each `*` read as `shop` (`/*.jsp` → `/shop.jsp`).
 */
export function siteOf(plugin: PluginConfig): Site {
  const usable = plugin.routes
    .map((r) => ({
      cluster: r.serverCluster,
      vhg: plugin.virtualHostGroups.find((g) => g.name === r.virtualHostGroup),
      ug: plugin.uriGroups.find((g) => g.name === r.uriGroup),
    }))
    .filter((r) => r.vhg && r.ug);
  const { vhg, ug } = usable.find((r) => r.cluster === plugin.cluster.name) ?? usable[0] ?? {};
  const [h = '*', p = '*'] = (vhg?.hosts[0] ?? '*:80').split(':');
  const uris = ug?.uris.map((u) => u.name) ?? ['/*'];
  // An application's context root (`/app/*`) first; else an exact page; else whatever the group has.
  const uri =
    uris.find((u) => /^\/([^*]*\/)?\*$/.test(u)) ?? uris.find((u) => !u.includes('*')) ?? uris[0] ?? '/*';
  const page = (name: string): string =>
    uri === '/*' ? `/shop/${name}` : uri.replace(/\/\*$/, `/${name}`).replace(/\*/g, 'shop');
  return {
    host: h === '*' ? 'www.example.com' : h,
    port: p === '*' ? 80 : Number(p),
    cart: page('cart'),
    counter: page('counter'),
  };
}

/** Marked down and the retry interval not yet over: skipped for affinity and balancing alike. */
export function isMarkedDownNow(state: ServerState, now: number): boolean {
  return state.markedDown && (state.retryAt === null || now < state.retryAt);
}

/** Marked down but the retry interval is over and no probe is under way: the next request may try it. */
export function isRetryIntervalOver(state: ServerState, now: number): boolean {
  return state.markedDown && state.retryAt !== null && now >= state.retryAt && !state.beingRetried;
}

export function isAtMaxConnections(state: ServerState, server: ServerConfig): boolean {
  return server.maxConnections > 0 && state.pendingConnections >= server.maxConnections;
}

/** Neither marked down (or due for its one probe) nor at MaxConnections. */
export function isUsable(state: ServerState, server: ServerConfig, now: number): boolean {
  if (state.markedDown && !isRetryIntervalOver(state, now)) return false;
  return !isAtMaxConnections(state, server);
}

/** The member whose configured CloneID equals `cloneId` (the plug-in matches against plugin-cfg.xml). */
export function memberForCloneId(cluster: ClusterConfig, cloneId: string): ServerConfig | undefined {
  return cluster.servers.find((s) => s.configuredCloneId === cloneId);
}

/**
 * Adds each member's configured weight until every weight is above zero: the plug-in's "readjust"
 * when no member has weight left (DOMAIN.md §2.2; the exact arithmetic is [INFERRED]).
 */
export function resetWeights(table: ServerTable, cluster: ClusterConfig): ServerTable {
  const servers = { ...table.servers };
  for (const s of cluster.servers) {
    const st = servers[s.memberName];
    if (!st || s.loadBalanceWeight <= 0) continue;
    let w = st.weight;
    while (w <= 0) w += s.loadBalanceWeight;
    servers[s.memberName] = { ...st, weight: w };
  }
  return { ...table, servers };
}

export interface BalancingPick {
  member: string;
  /** The weights had to be readjusted before this pick. */
  reset: boolean;
}

/**
 * Weighted round robin over `candidates` (DOMAIN.md §2.2): from the round-robin position, the first
 * usable member with weight above zero; when none has weight left, readjust and look again.
 */
export function pickWeightedRoundRobin(
  table: ServerTable,
  cluster: ClusterConfig,
  candidates: ServerConfig[],
  now: number,
): BalancingPick | null {
  const usable = candidates.filter((s) => {
    const st = table.servers[s.memberName];
    return st !== undefined && isUsable(st, s, now);
  });
  if (usable.length === 0) return null;
  const order = primaryServers(cluster);
  const pickFrom = (t: ServerTable): string | null => {
    for (let k = 0; k < order.length; k++) {
      const s = order[(t.rrIndex + k) % order.length];
      if (!s || !usable.includes(s)) continue;
      if ((t.servers[s.memberName]?.weight ?? 0) > 0) return s.memberName;
    }
    // Candidates outside the primary list (backups) are taken in list order.
    const outside = usable.find((s) => !order.includes(s) && (t.servers[s.memberName]?.weight ?? 0) > 0);
    return outside?.memberName ?? null;
  };
  const first = pickFrom(table);
  if (first) return { member: first, reset: false };
  const again = pickFrom(resetWeights(table, cluster));
  return again ? { member: again, reset: true } : null;
}

/** Random: weights ignored; `r` is a draw in [0, 1) from the world's generator (DOMAIN.md §2.3). */
export function pickRandom(
  table: ServerTable,
  candidates: ServerConfig[],
  now: number,
  r: number,
): BalancingPick | null {
  const usable = candidates.filter((s) => {
    const st = table.servers[s.memberName];
    return st !== undefined && isUsable(st, s, now);
  });
  const pick = usable[Math.floor(r * usable.length)];
  return pick ? { member: pick.memberName, reset: false } : null;
}

/** The cluster's balancing choice (weighted round robin or Random) among the primaries not excluded. */
function pickPrimary(
  table: ServerTable,
  cluster: ClusterConfig,
  now: number,
  r: number,
  exclude: readonly string[],
): BalancingPick | null {
  const primaries = primaryServers(cluster).filter((s) => !exclude.includes(s.memberName));
  return cluster.loadBalance === 'Random'
    ? pickRandom(table, primaries, now, r)
    : pickWeightedRoundRobin(table, cluster, primaries, now);
}

/** Load balancing for a request without usable affinity: primaries first, backups in order only when no primary is usable. */
export function pickForBalancing(
  table: ServerTable,
  cluster: ClusterConfig,
  now: number,
  r: number,
  exclude: readonly string[],
): BalancingPick | null {
  return pickPrimary(table, cluster, now, r, exclude) ?? pickBackup(table, cluster, now, exclude);
}

/** Backup servers are used strictly in list order, only when every primary is unusable (DOMAIN.md §1.4). */
export function pickBackup(
  table: ServerTable,
  cluster: ClusterConfig,
  now: number,
  exclude: readonly string[],
): BalancingPick | null {
  for (const s of backupServers(cluster)) {
    if (exclude.includes(s.memberName)) continue;
    const st = table.servers[s.memberName];
    if (st && isUsable(st, s, now)) return { member: s.memberName, reset: false };
  }
  return null;
}

/**
 * How step 9 found a replacement among the servers (DOMAIN.md §1.4, §2.7): the next member in the
 * primary list (before PM12112), spread by the balancing choice among primaries (after it), or the
 * first usable server in the BackupServers list when no primary is usable.
 */
export type FailoverChoice = 'nextInList' | 'spread' | 'backup';

export interface FailoverPick extends BalancingPick {
  choice: FailoverChoice;
}

/**
 * Step 9: where a session goes when its affinity member cannot be used (DOMAIN.md §2.7). Before
 * PM12112 every process takes the next member in the primary list; after it they spread by the
 * normal balancing choice ([INFERRED]). Backups only when no primary is left.
 */
export function pickFailoverTarget(
  table: ServerTable,
  cluster: ClusterConfig,
  switches: BehaviourSwitches,
  failedMember: string | null,
  now: number,
  r: number,
  exclude: readonly string[],
): FailoverPick | null {
  if (switches.spreadFailover || failedMember === null) {
    const spread = pickPrimary(table, cluster, now, r, exclude);
    if (spread) return { member: spread.member, reset: spread.reset, choice: 'spread' };
  } else {
    const primaries = primaryServers(cluster);
    const from = primaries.findIndex((s) => s.memberName === failedMember);
    for (let k = 1; k <= primaries.length; k++) {
      const s = primaries[(Math.max(from, 0) + k) % primaries.length];
      if (!s || exclude.includes(s.memberName)) continue;
      const st = table.servers[s.memberName];
      if (st && isUsable(st, s, now)) return { member: s.memberName, reset: false, choice: 'nextInList' };
    }
  }
  const backup = pickBackup(table, cluster, now, exclude);
  return backup ? { member: backup.member, reset: false, choice: 'backup' } : null;
}

/** Every member not excluded is at MaxConnections: the plug-in answers 503 (DOMAIN.md §2.8). */
export function allAtMaxConnections(
  table: ServerTable,
  cluster: ClusterConfig,
  now: number,
  exclude: readonly string[],
): boolean {
  const live = cluster.servers.filter((s) => {
    const st = table.servers[s.memberName];
    return st !== undefined && !exclude.includes(s.memberName) && !isMarkedDownNow(st, now);
  });
  return live.length > 0 && live.every((s) => isAtMaxConnections(table.servers[s.memberName]!, s));
}
