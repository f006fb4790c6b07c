// Memory-to-memory replication's pure rules (DOMAIN.md §5): which members hold backups of a member's
// sessions, and the partition table that maps a session's partition ID to the member that owns it and
// the ones holding its backups. Which member is backup for which is not published; we take the next
// members in configuration order, skipping those not alive or in client mode [INFERRED].

import type { LabConfig, MemoryToMemoryConfig, ReplicationMode, ServerConfig } from './config.ts';

/** The replication mode of one member: its own setting, else the domain's. */
export function modeOf(server: ServerConfig, m2m: MemoryToMemoryConfig): ReplicationMode {
  return server.replicationMode ?? m2m.mode;
}

/** How many backups each session gets. */
export function replicaCount(m2m: MemoryToMemoryConfig, servers: number): number {
  if (m2m.replicas === 'single') return 1;
  if (m2m.replicas === 'entireDomain') return Math.max(0, servers - 1);
  return m2m.replicas;
}

/** The members that keep backups of `owner`'s sessions, given who is alive (the HA manager's view). */
export function backupTargets(
  owner: string,
  servers: readonly ServerConfig[],
  alive: readonly string[],
  m2m: MemoryToMemoryConfig,
): string[] {
  const at = servers.findIndex((s) => s.memberName === owner);
  const ring = [...servers.slice(at + 1), ...servers.slice(0, Math.max(0, at))];
  return ring
    .filter((s) => alive.includes(s.memberName) && modeOf(s, m2m) !== 'client')
    .slice(0, replicaCount(m2m, servers.length))
    .map((s) => s.memberName);
}

/**
 * Peer-to-peer (every member in both mode) on WAS 6 and later: session IDs carry a partition ID instead
 * of a clone ID (DOMAIN.md §3.4, §5.3).
 */
export function usesPartitionIds(config: LabConfig): boolean {
  const m2m = config.memoryToMemory;
  return (
    config.sessionManager.persistence === 'memoryToMemory' &&
    config.version !== '5.1' &&
    config.plugin.cluster.servers.every((s) => modeOf(s, m2m) === 'both')
  );
}

/** partition ID → members to try, owner first, then those holding its backups. */
export type PartitionTable = Readonly<Record<string, readonly string[]>>;

/**
 * The table as the HA manager's view makes it: a partition belongs to its member while that member is
 * alive, otherwise to the first alive member holding its backups.
 */
export function partitionTable(
  servers: readonly ServerConfig[],
  alive: readonly string[],
  m2m: MemoryToMemoryConfig,
): PartitionTable {
  const table: Record<string, string[]> = {};
  for (const s of servers) {
    const backups = backupTargets(s.memberName, servers, [...servers.map((x) => x.memberName)], m2m);
    const holders = [s.memberName, ...backups].filter((m) => alive.includes(m));
    table[s.partitionId] = holders.length > 0 ? holders : [s.memberName];
  }
  return table;
}

/** The core group's HA manager arrived with WAS 6.0 (DOMAIN.md §5.2); 5.x has none. */
export function hasHaManager(config: LabConfig): boolean {
  return config.version !== '5.1';
}

/**
 * WAS 5.x replicates through a multi-broker replication domain (WebSphere internal messaging): each
 * member's JVM runs its replicator, the documented one-to-one arrangement, and there is no HA manager
 * or partition table (DOMAIN.md §5.1).
 */
export function usesMultiBrokerDomain(config: LabConfig): boolean {
  return config.sessionManager.persistence === 'memoryToMemory' && config.version === '5.1';
}

/**
 * The groups a member's session manager listens to: all of them unless configured, none in client mode
 * (it only sends copies of its own sessions).
 */
export function groupsOf(server: ServerConfig, m2m: MemoryToMemoryConfig): readonly number[] {
  if (modeOf(server, m2m) === 'client') return [];
  return server.listensTo ?? Array.from({ length: m2m.partitions }, (_, i) => i + 1);
}

/**
 * The groups new sessions go to, round robin: every group some session manager that keeps copies
 * (server or both mode) listens to, in order (DOMAIN.md §5.1).
 */
export function groupsInUse(servers: readonly ServerConfig[], m2m: MemoryToMemoryConfig): number[] {
  const used = new Set<number>();
  for (const s of servers) for (const g of groupsOf(s, m2m)) used.add(g);
  return [...used].sort((a, b) => a - b);
}

/** The members that get a copy of a session in `group`: the others keeping copies that listen to it. */
export function groupListeners(
  owner: string,
  group: number,
  servers: readonly ServerConfig[],
  m2m: MemoryToMemoryConfig,
): string[] {
  return servers
    .filter((s) => s.memberName !== owner && groupsOf(s, m2m).includes(group))
    .map((s) => s.memberName);
}
