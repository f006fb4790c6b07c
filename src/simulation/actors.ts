// The lab's actors (DESIGN.md §2): who each is in the actor table, and the cast a configuration calls
// for (session database, members, HA manager, web server processes, browsers) with each statechart's
// input. Running them, and the walks the processes start per request, are world.ts's.

import { browserMachine } from '../model/browserMachine.ts';
import { clusterMemberMachine } from '../model/clusterMemberMachine.ts';
import type { LabConfig } from '../model/config.ts';
import { databaseStoreMachine } from '../model/databaseStoreMachine.ts';
import { haManagerMachine } from '../model/haManagerMachine.ts';
import { pluginProcessMachine } from '../model/pluginProcessMachine.ts';
import {
  groupsInUse,
  hasHaManager,
  partitionTable,
  usesMultiBrokerDomain,
  usesPartitionIds,
} from '../model/replication.ts';
import { primaryServers, siteOf, type ServerTable } from '../model/routing.ts';
import { markWritten, newSession, rowsToWrite } from '../model/sessionData.ts';
import { cloneSeparator, formatSessionId } from '../model/sessionId.ts';
import type { MachineLogic, MachineState } from './machineRunner.ts';
import type { SeededRandom } from './random.ts';
import { checkUser, ownerOf, type RunSpec } from './runSpec.ts';
import { workloadUsers } from './workload.ts';

export type ActorKind = 'browser' | 'process' | 'walk' | 'member' | 'request' | 'database' | 'haManager';

/** Who an actor is; every state of the actor carries it (MachineState.owner), so the table holds states only. */
export interface ActorInfo {
  readonly id: string;
  /** How the trace names it. */
  readonly name: string;
  readonly kind: ActorKind;
  /** For walks: the owning process; for a member's requests: the member. */
  readonly process: string | undefined;
}

/** One actor in the table: its current state, which knows whose it is. */
export type ActorRecord = MachineState<ActorInfo>;

/** The address browsers send to; the world hands each request to one of its processes. */
export const WEB_SERVER = 'ihs';
export const DATABASE = 'database';
export const HA_MANAGER = 'haManager';

/** How the world adds an actor: it runs the statechart's first state and keeps it in its table. */
export type Spawn = (id: string, name: string, kind: ActorKind, logic: MachineLogic, input: unknown) => void;

/**
 * Spawns the actors `spec` calls for, in a fixed order (database, members, HA manager, processes,
 * browsers by user number), drawing from `rng` as it goes; throws a RunSpecError for a preloaded
 * session or user name the lab cannot have.
 */
export function buildActors(spec: RunSpec, c: LabConfig, rng: SeededRandom, spawn: Spawn): void {
  const cluster = c.plugin.cluster;
  const persistence = c.sessionManager.persistence;
  const multiBroker = usesMultiBrokerDomain(c);
  // WAS 5.x memory-to-memory: a session that exists at the start was given a group, as new ones are.
  const groups = multiBroker ? groupsInUse(cluster.servers, c.memoryToMemory) : [];
  const preloaded = (spec.sessions ?? []).map((p, i) => {
    const owner = ownerOf(p, cluster.servers);
    const session = markWritten(
      {
        ...newSession(p.sessionId, 0),
        attributes: {
          counter: { value: p.counter ?? 0, updates: {} },
          cart: { value: p.cart ?? [], updates: {} },
        },
        ...(groups.length > 0 ? { group: groups[i % groups.length]! } : {}),
      },
      0,
    );
    return { p, owner, session };
  });
  const initiallyAlive = cluster.servers
    .map((s) => s.memberName)
    .filter((m) => !(spec.stoppedMembers ?? []).includes(m));
  if (persistence === 'database') {
    spawn(DATABASE, DATABASE, 'database', databaseStoreMachine, {
      config: c.database,
      multiRowSchema: c.sessionManager.multiRowSchema,
      invalidatorInterval: c.memberRuntime.invalidatorInterval,
      cleanupHours: c.sessionManager.scheduledCleanup ? c.sessionManager.cleanupHours : null,
      preloadedRows: preloaded.flatMap(
        ({ session }) =>
          rowsToWrite(session, { ...c.sessionManager, writeContents: 'allSessionAttributes' }, 'shop').rows,
      ),
    });
  }
  const haManager = hasHaManager(c);
  for (const s of cluster.servers) {
    spawn(s.memberName, s.memberName, 'member', clusterMemberMachine, {
      memberName: s.memberName,
      nodeName: s.nodeName,
      cloneId: s.cloneId,
      sessionManager: c.sessionManager,
      runtime: c.memberRuntime,
      separator: cloneSeparator(cluster.cloneSeparatorChange),
      idSeed: rng.uint32(),
      store: persistence === 'database' ? DATABASE : null,
      initiallyRunning: !(spec.stoppedMembers ?? []).includes(s.memberName),
      appName: 'shop',
      portal: c.portal,
      haManager: haManager ? HA_MANAGER : null,
      heartbeatInterval: c.haManager.heartbeatInterval,
      initialView: initiallyAlive,
      m2m: c.memoryToMemory,
      servers: cluster.servers,
      partitionIds: usesPartitionIds(c),
      partitionId: s.partitionId,
      multiBroker,
      preloadedSessions: preloaded.filter(({ owner }) => owner === s).map(({ session }) => session),
    });
  }
  // The HA manager and its core group arrived with WAS 6.0; 5.x has none (DOMAIN.md §5.2).
  if (haManager) {
    spawn(HA_MANAGER, 'haManager', 'haManager', haManagerMachine, {
      members: cluster.servers.map((s) => s.memberName),
      initiallyAlive,
      heartbeatInterval: c.haManager.heartbeatInterval,
      failureDetectionTimeout: c.haManager.failureDetectionTimeout,
    });
  }
  // Sessions that exist at the start were served before: the processes that served them already hold
  // the partition table (only a process spawned later starts without one, PK48101).
  const partitions =
    preloaded.length > 0 && usesPartitionIds(c) && cluster.getDWLMTable
      ? { viewId: 1, table: partitionTable(cluster.servers, initiallyAlive, c.memoryToMemory) }
      : null;
  for (let k = 1; k <= c.webServer.processes; k++) spawnProcess(k, c, rng, spawn, partitions);
  const site = siteOf(c.plugin);
  for (const user of usersOf(spec)) {
    checkUser(user);
    const own = preloaded.find(({ p }) => p.user === user);
    const sep = cloneSeparator(cluster.cloneSeparatorChange);
    const id = own
      ? formatSessionId(
          {
            cacheId: '0000',
            sessionId: own.session.id,
            cloneIds: [usesPartitionIds(c) ? own.owner.partitionId : own.owner.cloneId],
          },
          sep,
        )
      : null;
    // The session reached the browser as the session manager hands it out: a cookie when cookies are
    // on, else the links of the last page, rewritten with ;jsessionid= (DOMAIN.md §3.3).
    const carried =
      id === null
        ? {}
        : c.sessionManager.enableCookies
          ? { cookies: { [c.sessionManager.cookieName]: id } }
          : c.sessionManager.enableUrlRewriting
            ? { rewrittenUrl: `/;jsessionid=${id}` }
            : {};
    spawn(user, `browser:${user}`, 'browser', browserMachine, {
      user,
      // The site the lab's cluster serves (model/routing.ts siteOf: www.example.com:80 unless a file says).
      host: site.host,
      port: site.port,
      cookieName: c.sessionManager.cookieName,
      webServer: WEB_SERVER,
      ...carried,
    });
  }
}

/** A web server process with fresh plug-in state: weights, no mark-downs, no partition table, a random round-robin start. */
export function spawnProcess(
  k: number,
  c: LabConfig,
  rng: SeededRandom,
  spawn: Spawn,
  partitions: ServerTable['partitions'] = null,
  startedAt = 0,
  cluster = c.plugin.cluster,
): void {
  spawn(`ihs#${k}`, `ihs#${k}`, 'process', pluginProcessMachine, {
    index: k,
    cluster,
    rrStart: rng.int(0, Math.max(0, primaryServers(cluster).length - 1)),
    ignoreAffinityRequestsSupported: c.switches.hasIgnoreAffinityRequests,
    ...(partitions ? { partitions } : {}),
    startedAt,
  });
}

/** Every user of the run, ordered by number (`u2` before `u10`): scripted, with sessions, acting in interventions, the workload's. */
export function usersOf(spec: RunSpec): string[] {
  const users = new Set([...(spec.users ?? []), ...(spec.sessions ?? []).map((p) => p.user)]);
  for (const i of spec.interventions ?? []) if ('user' in i.action) users.add(i.action.user);
  if (spec.workload) for (const u of workloadUsers(spec.workload)) users.add(u);
  return [...users].sort(compareUsers);
}

/** Orders names by their number when both have one (`u2` before `u10`), else as text. */
export function compareUsers(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, ''));
  const nb = Number(b.replace(/^\D+/, ''));
  return na !== nb && Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}
