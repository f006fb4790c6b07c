// A frame: the world at one instant as plain immutable data, for views, inspectors and tests
// (DESIGN.md §1: frame = project(trace, t)). Nothing here changes the world.

import type { BrowserContext } from '../model/browserMachine.ts';
import type { ClusterMemberContext } from '../model/clusterMemberMachine.ts';
import type { DatabaseStoreContext } from '../model/databaseStoreMachine.ts';
import type { Page } from '../model/http.ts';
import type { PluginProcessContext } from '../model/pluginProcessMachine.ts';
import type { PluginRequestContext } from '../model/pluginRequestMachine.ts';
import { groupsOf } from '../model/replication.ts';
import type { ActorKind, World } from './world.ts';

export interface MemberFrame {
  name: string;
  cloneId: string;
  node: string;
  /** running, starting, stopping, stopped, crashed, hung */
  state: string;
  hostDown: boolean;
  /** The application is started (when stopped, the web container answers 503). */
  applicationStarted: boolean;
  /** Other traffic holds every thread and fills the backlog (an overload intervention). */
  overloaded: boolean;
  /** Milliseconds each servlet takes beyond the usual (a slow intervention); 0 normally. */
  slowBy: number;
  busyThreads: number;
  threads: number;
  backlog: number;
  listenBacklog: number;
  sessions: { id: string; cacheId: string; counter: number; cart: readonly string[]; unwritten: boolean }[];
  /** Backups this member keeps for others (memory-to-memory). */
  replicas: { id: string; owner: string; cacheId: string; counter: number }[];
  /** The HA manager's view as this member last received it; null on WAS 5.x, which has no HA manager. */
  haView: readonly string[] | null;
  /** WAS 5.x memory-to-memory: the replication groups its session manager listens to; else null. */
  groups: readonly number[] | null;
}

export interface ServerRowFrame {
  member: string;
  weight: number;
  markedDown: boolean;
  /** Seconds until the retry interval ends, when marked down. */
  retryIn: number | null;
  pendingConnections: number;
  pooledStreams: number;
}

export interface ProcessFrame {
  name: string;
  servers: ServerRowFrame[];
}

export interface BrowserFrame {
  user: string;
  /** The virtual host the browser addresses, with the port when it is not 80. */
  host: string;
  /** The URL of the last request sent (the address bar), null before the first. */
  url: string | null;
  waiting: boolean;
  /** The session cookie's name and value (null when the jar has none). */
  cookieName: string;
  cookie: string | null;
  /** The last page came from a redirect after a POST: the form data that was not sent again. */
  postLost: { url: string; bodyKB: number } | null;
  lastStatus: number | null;
  lastPage: Page | null;
}

export interface DatabaseFrame {
  state: string;
  rows: {
    id: string;
    propId: string;
    counter: number | null;
    cart: readonly string[] | null;
    lastAccess: number;
  }[];
  transactions: { txId: string; member: string; sessionId: string; startedAt: number }[];
}

/** One statechart's current state, for the inspectors. */
export interface MachineFrame {
  id: string;
  /** How the trace names it. */
  name: string;
  kind: ActorKind;
  /** The active leaf states as dotted paths (`running.web.serving`). */
  states: string[];
  tags: string[];
  /** The teaching text of the active leaf states. */
  descriptions: string[];
}

/** A request on its way through a plug-in process: which of the ten steps it stands at. */
export interface WalkFrame {
  id: string;
  process: string;
  request: string;
  user: string;
  /** The step tag of its state (1–10), or null between steps. */
  step: number | null;
  /** The member the current attempt goes to. */
  member: string | null;
}

export interface Frame {
  t: number;
  members: MemberFrame[];
  processes: ProcessFrame[];
  browsers: BrowserFrame[];
  database: DatabaseFrame | null;
  /** The core group's HA manager runs (WAS 6 and later). */
  haManager: boolean;
  /** Pairs of hosts a network partition lies between (the partition intervention), in name order. */
  partitions: readonly (readonly [string, string])[];
  /** Milliseconds the lab adds to each replication message (the replication-lag intervention). */
  replicationLag: number;
  messages: {
    id: number;
    from: string;
    to: string;
    type: string;
    sentAt: number;
    deliverAt: number;
    text: string;
  }[];
  traceLength: number;
  machines: MachineFrame[];
  walks: WalkFrame[];
}

/**
 * What a member or the database is doing, as views name it: the tag of its state besides up and down
 * (views read tags, never state paths, so a chart's states can be reshaped without them).
 */
const conditionOf = (tags: ReadonlySet<string>): string => {
  for (const t of tags) if (t !== 'up' && t !== 'down') return t;
  return '?';
};

// Snapshots never change, so what a frame shows of one can be kept for as long as the snapshot lives:
// a frame of hundreds of browsers then costs only what changed since the last one.
const machineFrames = new WeakMap<object, MachineFrame>();
const browserFrames = new WeakMap<object, BrowserFrame>();

/** What moves between two frames: the instant and the messages in flight (see Frame.messages). */
export interface Motion {
  t: number;
  messages: Frame['messages'];
}

/** The groups a WAS 5.x member listens to. */
function groupsOfMember(c: ClusterMemberContext): readonly number[] {
  const own = c.servers.find((s) => s.memberName === c.memberName);
  return own ? groupsOf(own, c.m2m) : [];
}

/** Only what moves: enough to animate the messages of a frame whose other parts are already drawn. */
export function projectMotion(world: World, t = world.now()): Motion {
  return {
    t,
    messages: world.messagesInFlight().map((m) => ({
      id: m.id,
      from: m.fromName,
      to: m.toName,
      type: m.type,
      sentAt: m.sentAt,
      deliverAt: m.deliverAt,
      text: m.text,
    })),
  };
}

/** The world as it stands now. */
export function project(world: World): Frame {
  const t = world.now();
  const members: MemberFrame[] = [];
  const processes: ProcessFrame[] = [];
  const browsers: BrowserFrame[] = [];
  let database: DatabaseFrame | null = null;
  const machines: MachineFrame[] = [];
  const walks: WalkFrame[] = [];
  const records = world.actorRecords();
  for (const rec of records) {
    let machine = machineFrames.get(rec.snapshot);
    if (!machine) {
      const leaves = rec.snapshot.leaves;
      machine = {
        id: rec.id,
        name: rec.name,
        kind: rec.kind,
        states: leaves.map((n) => n.path.join('.')),
        tags: [...rec.snapshot.tags],
        descriptions: leaves.flatMap((n) => (n.description ? [n.description] : [])),
      };
      machineFrames.set(rec.snapshot, machine);
    }
    machines.push(machine);
    const tags = machine.tags;
    if (rec.kind === 'walk') {
      const c = rec.snapshot.context as PluginRequestContext;
      const stepTag = tags.find((x) => /^step-\d+$/.test(x));
      walks.push({
        id: rec.id,
        process: rec.name,
        request: c.request.id,
        user: c.request.user,
        step: stepTag ? Number(stepTag.slice(5)) : null,
        member: c.member,
      });
    }
  }
  for (const { snapshot: snap } of records) {
    if (snap.logic.id === 'clusterMember') {
      const c = snap.context as ClusterMemberContext;
      members.push({
        name: c.memberName,
        cloneId: c.cloneId,
        node: c.nodeName,
        state: conditionOf(snap.tags),
        hostDown: world.isHostDown(c.memberName),
        applicationStarted: c.applicationStarted,
        overloaded: c.overloadedUntil !== null,
        slowBy: c.slowBy,
        // While overloaded, the other traffic holds every thread and fills the backlog.
        busyThreads: c.overloadedUntil !== null ? c.runtime.webContainerThreads : c.busyThreads,
        threads: c.runtime.webContainerThreads,
        backlog: c.overloadedUntil !== null ? c.runtime.listenBacklog : c.queue.length,
        listenBacklog: c.runtime.listenBacklog,
        sessions: c.lru.map((sid) => {
          const s = c.cache.get(sid)!;
          return {
            id: s.id,
            cacheId: String(s.version).padStart(4, '0'),
            counter: s.attributes.counter.value,
            cart: s.attributes.cart.value,
            unwritten: s.changedSinceWrite || s.dirty.length > 0,
          };
        }),
        replicas: Object.entries(c.replicas).map(([id, r]) => ({
          id,
          owner: r.owner,
          cacheId: String(r.session.version).padStart(4, '0'),
          counter: r.session.attributes.counter.value,
        })),
        haView: c.haManager ? c.haView.alive : null,
        groups: c.multiBroker ? groupsOfMember(c) : null,
      });
    } else if (snap.logic.id === 'pluginProcess') {
      const c = snap.context as PluginProcessContext;
      processes.push({
        name: `ihs#${c.index}`,
        servers: c.cluster.servers.map((s) => {
          const st = c.table.servers[s.memberName]!;
          return {
            member: s.memberName,
            weight: st.weight,
            markedDown: st.markedDown,
            retryIn: st.markedDown && st.retryAt !== null ? Math.max(0, (st.retryAt - t) / 1000) : null,
            pendingConnections: st.pendingConnections,
            pooledStreams: st.pooledStreams,
          };
        }),
      });
    } else if (snap.logic.id === 'browser') {
      let browser = browserFrames.get(snap);
      if (!browser) {
        const c = snap.context as BrowserContext;
        browser = {
          user: c.user,
          host: c.port === 80 ? c.host : `${c.host}:${c.port}`,
          url: c.lastUrl,
          waiting: c.pending.size > 0,
          cookieName: c.cookieName,
          cookie: c.jar[c.cookieName] ?? null,
          postLost: c.postLost,
          lastStatus: c.lastStatus,
          lastPage: c.lastPage,
        };
        browserFrames.set(snap, browser);
      }
      browsers.push(browser);
    } else if (snap.logic.id === 'databaseStore') {
      const c = snap.context as DatabaseStoreContext;
      database = {
        state: conditionOf(snap.tags),
        rows: [...c.rows]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .flatMap(([, rows]) => rows)
          .map((r) => ({
            id: r.id,
            propId: r.propId,
            counter: r.data.counter?.value ?? null,
            cart: r.data.cart?.value ?? null,
            lastAccess: r.lastAccess,
          })),
        transactions: [...c.transactions.values()].map((x) => ({
          txId: x.txId,
          member: x.member,
          sessionId: x.sessionId,
          startedAt: x.startedAt,
        })),
      };
    }
  }
  return {
    t,
    members,
    processes,
    browsers,
    database,
    haManager: records.some((r) => r.kind === 'haManager'),
    partitions: world.partitions(),
    replicationLag: world.replicationLag,
    messages: projectMotion(world).messages,
    traceLength: world.visibleCount,
    machines,
    walks,
  };
}
