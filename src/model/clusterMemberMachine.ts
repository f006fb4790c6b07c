// A cluster member: one JVM with a clone ID, a web container thread pool, a listen backlog and a session
// manager (DOMAIN.md §4, §9.1 item 11). It serves requests, reads a session from the store once and then
// caches it (version check by cache ID), writes by write frequency and write contents, appends its clone
// ID after a failover, flushes on a clean stop and loses everything on a crash. It never routes: that is
// the plug-in's job alone.

import { assign, emit, enqueueActions, setup } from './statechart.ts';
import type {
  MemberRuntimeConfig,
  MemoryToMemoryConfig,
  PortalConfig,
  ServerConfig,
  SessionManagerConfig,
} from './config.ts';
import { send, traceOf, type Effect } from './effects.ts';
import { errorPage, type AuthoringPage, type HttpRequest } from './http.ts';
import { emptyTable } from './mapEntries.ts';
import { PersistentMap } from './persistentMap.ts';
import { modeOf } from './replication.ts';
import type { CachedSession, SessionRow } from './sessionData.ts';
import {
  Work,
  endService,
  fetchAnswered,
  fetchGaveUp,
  flushChanged,
  invalidateExpired,
  lookUp,
  sendReplicas,
  sessionRead,
  writeAnswered,
} from './sessionManager.ts';
import { distributed } from './sessionManagerRules.ts';
import { admit, dropAllRequests, hold, startQueued } from './webContainer.ts';

export interface ClusterMemberInput {
  memberName: string;
  nodeName: string;
  cloneId: string;
  sessionManager: SessionManagerConfig;
  runtime: MemberRuntimeConfig;
  separator: string;
  /** Seed for session IDs, drawn from the world's generator. */
  idSeed: number;
  /** Actor id of the session store, if any. */
  store: string | null;
  /** Members start running unless a scenario says otherwise. */
  initiallyRunning: boolean;
  /** The web module whose sessions this lab follows (SESSIONS.APPNAME). */
  appName: string;
  /** Sessions already in this member's cache when the run starts. */
  preloadedSessions?: CachedSession[];
  portal: PortalConfig;
  /** Actor id of the core group's HA manager. */
  haManager: string | null;
  /** Seconds between heartbeats to the HA manager. */
  heartbeatInterval: number;
  /** The core group view at t=0. */
  initialView: readonly string[];
  /** Memory-to-memory replication settings and the domain's members (for backups and the partition table). */
  m2m: MemoryToMemoryConfig;
  servers: readonly ServerConfig[];
  /** Session IDs carry this member's partition ID instead of its clone ID (peer-to-peer, WAS 6+). */
  partitionIds: boolean;
  partitionId: string;
  /**
   * WAS 5.x: copies travel through a multi-broker replication domain to the members listening to the
   * session's group, and no HA manager view exists (DOMAIN.md §5.1).
   */
  multiBroker: boolean;
}

/**
 * The member's record of a request inside it: what the session manager knows of it. Where the request
 * is in its course is its own actor's state (memberRequestMachine).
 */
export interface ActiveRequest {
  connId: string;
  /** The request's actor. */
  actor: string;
  replyTo: string;
  request: HttpRequest;
  /** Session ID (23 chars) the request asked for, if any. */
  askedSessionId: string | null;
  askedVersion: number;
  askedCloneIds: string[];
  sessionId: string | null;
  newSession: boolean;
  readFromStore: boolean;
  /** Portal: this POST arrived after a failover and is answered with a redirect instead of being processed. */
  portalRedirect?: boolean;
  /** Memory-to-memory: answers still awaited from members asked for the session (set only while asking). */
  fetchPending?: number | undefined;
  /** Where a session this member did not have came from. */
  loadedFrom?: 'store' | 'replica' | 'peer';
  /** The in-memory session table was full and overflow is not allowed. */
  overflow?: boolean;
  /**
   * The session as this request's servlet left it: its page shows this, not what later requests of the
   * same session made of it by the time the response leaves.
   */
  seen?: { counter: number; cart: readonly string[] };
  /** Portal's Authoring portlet, as this request left it. */
  authoring?: AuthoringPage;
}

/** Where a user is in the Authoring portlet's edit: the screen to fill in next and the edits so far. */
export interface AuthoringFlow {
  screen: number;
  edits: readonly string[];
}

export interface ClusterMemberContext extends ClusterMemberInput {
  /** Session ID → the cached session (persistent, so checkpoints share what did not change). */
  cache: PersistentMap<CachedSession>;
  /** Session IDs, least recently used first. */
  lru: readonly string[];
  /** Requests inside the member by connection ID, in arrival order. */
  requests: ReadonlyMap<string, ActiveRequest>;
  /** Requests waiting for a web container thread (they fill the listen backlog). */
  queue: readonly string[];
  busyThreads: number;
  sessionCounter: number;
  writeCounter: number;
  /** The application is started; when stopped, the web container answers 503. */
  applicationStarted: boolean;
  /** The HA manager's latest view of the core group, as this member received it. */
  haView: { viewId: number; alive: readonly string[] };
  /** Backups of other members' sessions this member keeps (memory-to-memory). */
  replicas: Readonly<Record<string, { session: CachedSession; owner: string; receivedAt: number }>>;
  /** Own sessions changed at a write point and waiting for the asynchronous replication to send them. */
  replicationQueue: readonly string[];
  /** Writes sent to the store and not yet answered: writeId → the session and the request waiting, if any. */
  pendingWrites: ReadonlyMap<string, { sessionId: string; connId: string | null }>;
  /**
   * Portal, with portlets that do not support failover: session ID → the portlets' state this JVM holds
   * for it. Only the JVM where the user logged in has it; it dies with the JVM.
   */
  portletState: Readonly<Record<string, true>>;
  /**
   * Portal's Authoring portlet: session ID → where the user is in a multi-screen edit, kept in JVM
   * memory and not in the session, so another JVM starts the flow again (DOMAIN.md §7).
   */
  authoringFlows: Readonly<Record<string, AuthoringFlow>>;
  /** Until when other traffic holds every web container thread and fills the listen backlog (ms), or null. */
  overloadedUntil: number | null;
  /**
   * Milliseconds each servlet takes beyond the usual service time (a slow back end, long garbage
   * collections); 0 normally. Outside the JVM's state: a restart keeps it.
   */
  slowBy: number;
  /**
   * A non-catastrophic failure that will hit this member's next session write (DOMAIN.md §4.8), or
   * null; it dies with the JVM.
   */
  failNextWrite: string | null;
}

type Observed = { now: number };
export type ClusterMemberEvent = Observed &
  (
    | { type: 'tcp.connect'; connId: string; replyTo: string }
    | { type: 'http.request'; connId: string; replyTo: string; request: HttpRequest }
    | {
        type: 'session.readResult';
        connId: string;
        sessionId: string;
        rows: SessionRow[];
        unavailable?: boolean;
      }
    | { type: 'session.written'; writeId: string }
    | { type: 'session.writeFailed'; writeId: string; reason: string }
    | {
        type: 'request.getSession' | 'request.serviceEnded';
        connId: string;
      }
    | { type: 'member.start' }
    | { type: 'member.stop' }
    | { type: 'fault.crash' }
    | { type: 'fault.hang' }
    | { type: 'fault.overload'; seconds: number }
    | { type: 'fault.slow'; ms: number }
    | { type: 'fault.writeError'; reason: string }
    | { type: 'overload.end'; connId: string }
    | { type: 'app.stop' }
    | { type: 'app.start' }
    | { type: 'ha.view'; viewId: number; alive: string[] }
    | { type: 'replica.update'; session: CachedSession; owner: string }
    | { type: 'replica.remove'; sessionId: string }
    | { type: 'replica.fetch'; connId: string; sessionId: string; replyTo: string }
    | {
        type: 'replica.fetchResult';
        connId: string;
        sessionId: string;
        session: CachedSession | null;
        from: string;
      }
    | { type: 'fetch.timeout'; connId: string }
    | { type: 'replicate.flush'; connId: string }
    | { type: 'invalidator.run' }
    | { type: 'http.handshake'; connId: string; replyTo: string }
    | { type: 'http.expectContinue'; connId: string; replyTo: string }
    | { type: `xstate.after.${string}` }
  );

const base = setup({
  types: {
    context: {} as ClusterMemberContext,
    input: {} as ClusterMemberInput,
    events: {} as ClusterMemberEvent,
    emitted: {} as Effect,
  },
});

/** An action that runs member logic on a Work and then applies its context, effects and timers, in that order. */
const work = (fn: (w: Work, event: ClusterMemberEvent) => void) =>
  base.enqueueActions(({ context, event, enqueue }) => {
    const w = new Work(context, event.now);
    fn(w, event);
    enqueue.assign(() => w.changes);
    for (const e of w.effects) enqueue.emit(e);
    for (const r of w.raises) {
      enqueue.raise(
        { type: r.type, connId: r.connId, now: 0 },
        { id: `${r.type}.${r.connId}`, delay: r.delay },
      );
    }
  });

/** A message from this JVM to the core group's HA manager (heartbeat, leave, or the host closing the socket). */
function toHaManager(type: 'ha.heartbeat' | 'ha.leave' | 'ha.socketClosed', text: string) {
  return base.enqueueActions(({ context, enqueue }) => {
    // WAS 5.x has no HA manager: nothing to tell.
    if (context.haManager) enqueue.emit(send(context.haManager, { type, member: context.memberName }, text));
  });
}

/** The event an action is bound to, as its type (XState's assertEvent): any other is a modelling error. */
function the<T extends ClusterMemberEvent['type']>(
  event: ClusterMemberEvent,
  ...types: T[]
): Extract<ClusterMemberEvent, { type: T }> {
  if (!types.includes(event.type as T)) throw new Error(`unexpected ${event.type}`);
  return event as Extract<ClusterMemberEvent, { type: T }>;
}

/** What the requests inside ask of the session manager. */
const requestCalls = {
  'request.getSession': { actions: 'serveRequest' },
  'request.serviceEnded': { actions: 'serveRequest' },
} as const;

/** A member whose web container does not listen: its host refuses connections and resets streams. */
const noListener = {
  'tcp.connect': { actions: 'refuseConnection' },
  'http.request': { actions: 'resetConnection' },
  'http.handshake': { actions: 'resetConnection' },
  'http.expectContinue': { actions: 'resetConnection' },
} as const;

export const clusterMemberMachine = setup({
  types: {
    context: {} as ClusterMemberContext,
    input: {} as ClusterMemberInput,
    events: {} as ClusterMemberEvent,
    emitted: {} as Effect,
  },
  guards: {
    initiallyRunning: ({ context }) => context.initiallyRunning,
    // The backlog holds connections waiting for a web container thread: 0 means none wait, but a
    // connection a free thread takes at once is accepted.
    backlogFull: ({ context }) =>
      context.overloadedUntil !== null ||
      (context.busyThreads >= context.runtime.webContainerThreads &&
        context.queue.length >= context.runtime.listenBacklog),
    hasHaManager: ({ context }) => context.haManager !== null,
    timeBasedWrites: ({ context }) =>
      distributed(context) && context.sessionManager.writeFrequency === 'timeBasedWrite',
  },
  delays: {
    serviceTime: ({ context }) => context.runtime.serviceTime,
    startupTime: ({ context }) => context.runtime.startupTime,
    shutdownTime: ({ context }) => context.runtime.shutdownTime,
    writeInterval: ({ context }) => context.sessionManager.writeInterval * 1000,
    heartbeatInterval: ({ context }) => context.heartbeatInterval * 1000,
    invalidatorInterval: ({ context }) => context.runtime.invalidatorInterval * 1000,
  },
  actions: {
    refuseConnection: emit(({ context, event }) => {
      const e = the(event, 'tcp.connect');
      return send(
        e.replyTo,
        { type: 'tcp.refused', connId: e.connId, osError: 10061 },
        `connection refused by ${context.memberName}'s host`,
      );
    }),
    traceBacklogFull: emit(({ context }) =>
      traceOf(
        'member.backlogFull',
        `listen backlog full (${context.runtime.listenBacklog}): connection refused`,
        { member: context.memberName },
      ),
    ),
    /** Nothing listens on the member's port: its host resets the connection. */
    resetConnection: emit(({ context, event }) => {
      const e = the(event, 'http.request', 'http.handshake', 'http.expectContinue');
      return send(
        e.replyTo,
        { type: 'tcp.reset', connId: e.connId },
        `connection reset: nothing listens on ${context.memberName}'s port`,
      );
    }),
    admitRequest: work((w, event) => {
      if (event.type === 'http.request') admit(w, event.connId, event.replyTo, event.request);
    }),
    readResult: work((w, event) => {
      if (event.type === 'session.readResult') {
        sessionRead(w, event.connId, event.sessionId, event.rows, event.unavailable ?? false);
      }
    }),
    /** The session manager works for the requests inside: getSession, and the end of service. */
    serveRequest: work((w, event) => {
      if (event.type === 'request.getSession') lookUp(w, event.connId);
      else if (event.type === 'request.serviceEnded') endService(w, event.connId);
    }),
    written: work((w, event) => {
      if (event.type === 'session.written') writeAnswered(w, event.writeId, null);
    }),
    writeFailed: work((w, event) => {
      if (event.type === 'session.writeFailed') writeAnswered(w, event.writeId, event.reason);
    }),
    flushChanged: work((w) => flushChanged(w)),
    fetchResult: work((w, event) => {
      if (event.type === 'replica.fetchResult')
        fetchAnswered(w, event.connId, event.sessionId, event.session, event.from);
    }),
    flushReplication: work((w) => sendReplicas(w)),
    /** The JVM is gone: everything it held in memory goes with it. */
    forgetJvmState: assign({
      cache: PersistentMap.empty<CachedSession>(),
      lru: [],
      requests: emptyTable(),
      queue: [],
      busyThreads: 0,
      pendingWrites: emptyTable(),
      replicas: {},
      replicationQueue: [],
      portletState: {},
      authoringFlows: {},
      overloadedUntil: null,
      failNextWrite: null,
    }),
    overload: work((w, event) => {
      if (event.type !== 'fault.overload') return;
      w.set({ overloadedUntil: w.now + event.seconds * 1000 });
      w.raises.push({ type: 'overload.end', connId: 'load', delay: event.seconds * 1000 });
      w.emit(
        traceOf(
          'member.overloaded',
          `other traffic takes all ${w.ctx.runtime.webContainerThreads} web container threads of ${w.ctx.memberName} and fills its listen backlog (${w.ctx.runtime.listenBacklog}) for ${event.seconds} s`,
          { member: w.ctx.memberName, seconds: event.seconds },
        ),
      );
    }),
    endOverload: work((w) => {
      if (w.ctx.overloadedUntil === null) return;
      w.set({ overloadedUntil: null });
      w.emit(
        traceOf('member.overloadEnded', `the other traffic on ${w.ctx.memberName} has drained`, {
          member: w.ctx.memberName,
        }),
      );
      startQueued(w);
    }),
    // DOMAIN.md §4.3: on a clean shutdown only time-based writes have cached data to flush.
    flushOnStop: work((w) => {
      if (w.ctx.sessionManager.writeFrequency === 'timeBasedWrite') flushChanged(w);
    }),
    invalidate: work((w) => invalidateExpired(w)),
    fetchTimeout: work((w, event) => {
      if (event.type === 'fetch.timeout') fetchGaveUp(w, event.connId, 'no member answered in time: ');
    }),
    keepReplica: assign(({ context, event }) => {
      if (event.type !== 'replica.update') return {};
      const own = context.servers.find((x) => x.memberName === context.memberName);
      if (own && modeOf(own, context.m2m) === 'client') return {};
      return {
        replicas: {
          ...context.replicas,
          [event.session.id]: { session: event.session, owner: event.owner, receivedAt: event.now },
        },
      };
    }),
    dropReplica: assign(({ context, event }) => {
      if (event.type !== 'replica.remove') return {};
      const { [event.sessionId]: _gone, ...replicas } = context.replicas;
      return { replicas };
    }),
    answerHandshake: emit(({ context, event }) => {
      const e = the(event, 'http.handshake', 'http.expectContinue');
      return e.type === 'http.handshake'
        ? send(
            e.replyTo,
            { type: 'handshake.ok', connId: e.connId },
            `${context.memberName} answers the handshake`,
          )
        : send(e.replyTo, { type: 'http.continue', connId: e.connId }, '100 Continue');
    }),
    answerFetch: emit(({ context, event: any }) => {
      const event = the(any, 'replica.fetch');
      // The owner's own copy is as good as a backup.
      const copy = context.cache.get(event.sessionId) ?? context.replicas[event.sessionId]?.session ?? null;
      return send(
        event.replyTo,
        {
          type: 'replica.fetchResult',
          connId: event.connId,
          sessionId: event.sessionId,
          session: copy,
          from: context.memberName,
        },
        copy ? `I have session ${event.sessionId}` : `not here: ${event.sessionId}`,
      );
    }),
    sendHeartbeat: toHaManager('ha.heartbeat', 'heartbeat'),
    takeView: assign(({ context, event }) =>
      event.type === 'ha.view' && event.viewId > context.haView.viewId
        ? { haView: { viewId: event.viewId, alive: event.alive } }
        : {},
    ),
  },
}).createMachine({
  id: 'clusterMember',
  context: ({ input }) => ({
    ...input,
    cache: PersistentMap.from((input.preloadedSessions ?? []).map((x) => [x.id, x] as const)),
    lru: (input.preloadedSessions ?? []).map((x) => x.id),
    requests: emptyTable(),
    queue: [],
    busyThreads: 0,
    sessionCounter: 0,
    writeCounter: 0,
    applicationStarted: true,
    haView: { viewId: 1, alive: input.initialView },
    replicas: {},
    replicationQueue: [],
    pendingWrites: emptyTable(),
    portletState: Object.fromEntries(
      input.portal.enabled && !input.portal.portletsSupportFailover
        ? (input.preloadedSessions ?? []).map((x) => [x.id, true] as const)
        : [],
    ),
    authoringFlows: {},
    overloadedUntil: null,
    slowBy: 0,
    failNextWrite: null,
  }),
  // In any state: how slow the servlets are is the lab's to say, whatever the JVM is doing.
  on: {
    'fault.slow': {
      actions: assign(({ event }) => ({ slowBy: event.type === 'fault.slow' ? event.ms : 0 })),
    },
  },
  initial: 'deciding',
  states: {
    deciding: { always: [{ guard: 'initiallyRunning', target: 'running' }, { target: 'stopped' }] },
    stopped: {
      tags: ['down', 'stopped'],
      description: 'The JVM is not running: its host refuses connections to the member port.',
      on: {
        ...noListener,
        'member.start': 'starting',
      },
    },
    starting: {
      tags: ['down', 'starting'],
      description: 'The JVM is starting; the web container does not listen yet.',
      entry: emit(({ context }) => traceOf('member.starting', `${context.memberName} is starting`)),
      on: {
        ...noListener,
        'fault.crash': 'crashed',
      },
      after: { startupTime: 'running' },
    },
    running: {
      tags: ['up', 'running'],
      description:
        'The member serves requests; its session manager caches sessions and writes them to the store.',
      entry: emit(({ context }) =>
        traceOf('member.running', `${context.memberName} (CloneID ${context.cloneId}) is running`),
      ),
      type: 'parallel',
      states: {
        web: {
          initial: 'serving',
          states: {
            serving: {
              on: {
                'tcp.connect': [
                  { guard: 'backlogFull', actions: ['refuseConnection', 'traceBacklogFull'] },
                  {
                    actions: emit(({ context, event }) => {
                      const e = the(event, 'tcp.connect');
                      return send(
                        e.replyTo,
                        { type: 'tcp.accepted', connId: e.connId },
                        `accepted by ${context.memberName}`,
                      );
                    }),
                  },
                ],
                'http.request': [
                  {
                    guard: ({ context }) => !context.applicationStarted,
                    description: 'The application is stopped: the web container answers 503 at once.',
                    actions: emit(({ context, event }) => {
                      const e = the(event, 'http.request');
                      return send(
                        e.replyTo,
                        {
                          type: 'http.response',
                          connId: e.connId,
                          response: {
                            requestId: e.request.id,
                            status: 503,
                            page: errorPage(
                              503,
                              'Service Unavailable',
                              `The application is stopped on ${context.memberName}.`,
                            ),
                            servedBy: context.memberName,
                          },
                        },
                        '503 Service Unavailable (application stopped)',
                      );
                    }),
                  },
                  { actions: 'admitRequest' },
                ],
                'app.stop': {
                  actions: [
                    // The application's portlets go with it, and their state in this JVM's memory.
                    assign({ applicationStarted: false, portletState: {}, authoringFlows: {} }),
                    emit(({ context }) =>
                      traceOf('app.stopped', `the application is stopped on ${context.memberName}`),
                    ),
                  ],
                },
                'app.start': {
                  actions: [
                    assign({ applicationStarted: true }),
                    emit(({ context }) =>
                      traceOf('app.started', `the application is started on ${context.memberName}`),
                    ),
                  ],
                },
                'session.readResult': { actions: 'readResult' },
                ...requestCalls,
                'session.written': { actions: 'written' },
                'session.writeFailed': { actions: 'writeFailed' },
                'replica.fetchResult': { actions: 'fetchResult' },
                'fetch.timeout': { actions: 'fetchTimeout' },
                'replicate.flush': { actions: 'flushReplication' },
                'replica.update': { actions: 'keepReplica' },
                'replica.remove': { actions: 'dropReplica' },
                'replica.fetch': { actions: 'answerFetch' },
                'http.handshake': { actions: 'answerHandshake' },
                'http.expectContinue': { actions: 'answerHandshake' },
                'fault.overload': { actions: 'overload' },
                'overload.end': { actions: 'endOverload' },
                'fault.writeError': {
                  actions: assign(({ event }) => ({
                    failNextWrite: event.type === 'fault.writeError' ? event.reason : null,
                  })),
                },
              },
            },
          },
        },
        invalidator: {
          description:
            'Every invalidator interval the session manager invalidates sessions idle longer than the session timeout.',
          initial: 'waiting',
          // An inner state keeps the self-transition inside this region: on the region itself its domain
          // would be the parallel state, and every sibling region would be re-entered with it.
          states: {
            waiting: {
              after: { invalidatorInterval: { target: 'waiting', reenter: true, actions: 'invalidate' } },
            },
          },
        },
        heartbeat: {
          description: 'The JVM tells the HA manager it is alive, every heartbeat interval.',
          initial: 'choosing',
          states: {
            choosing: { always: [{ guard: 'hasHaManager', target: 'beating' }, { target: 'none' }] },
            none: { description: 'WAS 5.x: there is no HA manager to tell.' },
            beating: {
              entry: 'sendHeartbeat',
              after: { heartbeatInterval: { target: 'beating', reenter: true } },
            },
          },
        },
        writer: {
          description:
            'With time-based writes, every write interval the session manager writes the sessions changed since the last write.',
          initial: 'choosing',
          states: {
            choosing: { always: [{ guard: 'timeBasedWrites', target: 'waiting' }, { target: 'idle' }] },
            idle: {},
            waiting: {
              after: { writeInterval: { target: 'waiting', reenter: true, actions: 'flushChanged' } },
            },
          },
        },
      },
      on: {
        'member.stop': 'stopping',
        'fault.crash': 'crashed',
        'fault.hang': 'hung',
        'ha.view': { actions: 'takeView' },
      },
    },
    stopping: {
      tags: ['down', 'stopping'],
      description:
        'A clean stop: requests inside finish, time-based writes are flushed, the web container stops listening.',
      entry: [
        emit(({ context }) =>
          traceOf('member.stopping', `${context.memberName} is stopping: flush sessions not yet written`),
        ),
        'flushOnStop',
        toHaManager('ha.leave', 'leave the core group'),
      ],
      on: {
        ...noListener,
        // Requests already inside the web container finish; new ones are refused.
        ...requestCalls,
        'session.readResult': { actions: 'readResult' },
        'session.written': { actions: 'written' },
        'session.writeFailed': { actions: 'writeFailed' },
        'replicate.flush': { actions: 'flushReplication' },
        'replica.fetchResult': { actions: 'fetchResult' },
        'fetch.timeout': { actions: 'fetchTimeout' },
        'fault.crash': 'crashed',
      },
      after: {
        shutdownTime: {
          target: 'stopped',
          actions: [
            enqueueActions(({ context, enqueue }) => {
              for (const e of dropAllRequests(context, 'connection closed by the stopping member')) {
                enqueue.emit(e);
              }
            }),
            'forgetJvmState',
            emit(({ context }) => traceOf('member.stopped', `${context.memberName} stopped`)),
          ],
        },
      },
    },
    crashed: {
      tags: ['down', 'crashed'],
      description:
        'The JVM died: its cache is gone, open connections are reset by the host, and an uncommitted write to the database never commits.',
      entry: [
        enqueueActions(({ context, enqueue }) => {
          for (const e of dropAllRequests(context, 'connection reset: the JVM died')) enqueue.emit(e);
          if (context.store && context.pendingWrites.size > 0) {
            enqueue.emit(
              send(
                context.store,
                { type: 'db.connectionLost', member: context.memberName },
                `database connection from ${context.memberName} dropped`,
              ),
            );
          }
          const cached = context.cache.size;
          enqueue.emit(
            traceOf(
              'member.crashed',
              `${context.memberName} crashed: ${cached} cached session${cached === 1 ? '' : 's'} and ${context.requests.size} request(s) in progress lost`,
              {
                member: context.memberName,
              },
            ),
          );
        }),
        toHaManager('ha.socketClosed', 'connection to the core group closed by the host'),
        'forgetJvmState',
      ],
      on: {
        ...noListener,
        'member.start': 'starting',
      },
    },
    hung: {
      tags: ['up', 'hung'],
      description:
        'The JVM hangs: its host still accepts connections, but no request gets an answer (only ServerIOTimeout helps).',
      entry: emit(({ context }) =>
        traceOf('member.hung', `${context.memberName} hangs: connections are accepted, nothing answers`),
      ),
      initial: 'choosing',
      states: {
        choosing: { always: [{ guard: 'hasHaManager', target: 'heartbeating' }, { target: 'silent' }] },
        silent: { description: 'The application hangs; WAS 5.x has no HA manager to send heartbeats to.' },
        heartbeating: {
          description: "The application's threads hang; the JVM's HA threads still send heartbeats.",
          after: { heartbeatInterval: { target: 'heartbeating', reenter: true, actions: 'sendHeartbeat' } },
        },
      },
      on: {
        'ha.view': { actions: 'takeView' },
        // Other traffic fills the backlog of a hung member too; its threads are stuck either way.
        'fault.overload': { actions: 'overload' },
        'overload.end': { actions: assign({ overloadedUntil: null }) },
        'tcp.connect': [
          { guard: 'backlogFull', actions: ['refuseConnection', 'traceBacklogFull'] },
          {
            actions: emit(({ context, event }) => {
              const e = the(event, 'tcp.connect');
              return send(
                e.replyTo,
                { type: 'tcp.accepted', connId: e.connId },
                `accepted by ${context.memberName}'s host`,
              );
            }),
          },
        ],
        'http.request': {
          actions: work((w, event) => {
            if (event.type === 'http.request') hold(w, event.connId, event.replyTo, event.request);
          }),
        },
        'fault.crash': 'crashed',
      },
    },
  },
});
