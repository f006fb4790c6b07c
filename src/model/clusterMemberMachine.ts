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
import { handOver } from './handOver.ts';
import { emptyTable, withEntry, withoutEntry } from './mapEntries.ts';
import { PersistentMap } from './persistentMap.ts';
import { backupTargets, groupListeners, groupsInUse, modeOf, partitionTable } from './replication.ts';
import type { Effect, TraceData } from './effects.ts';
import {
  AUTHORING_SCREENS,
  errorPage,
  type AuthoringPage,
  type HttpRequest,
  type HttpResponse,
} from './http.ts';
import {
  applyOperation,
  attributesFromRows,
  markWritten,
  newSession,
  rowsToWrite,
  type CachedSession,
  type SessionRow,
} from './sessionData.ts';
import {
  formatSessionId,
  makeSessionId,
  nextCacheId,
  parseSessionId,
  sessionIdFromUrl,
  updateCloneIds,
  encodeUrl,
} from './sessionId.ts';

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

type Phase = 'queued' | 'readingSession' | 'fetchingSession' | 'servicing' | 'writing';

/** A request inside the member. */
export interface ActiveRequest {
  connId: string;
  replyTo: string;
  request: HttpRequest;
  phase: Phase;
  /** Session ID (23 chars) the request asked for, if any. */
  askedSessionId: string | null;
  askedVersion: number;
  askedCloneIds: string[];
  sessionId: string | null;
  newSession: boolean;
  readFromStore: boolean;
  writeId: string | null;
  /** Portal: this POST arrived after a failover and is answered with a redirect instead of being processed. */
  portalRedirect?: boolean;
  /** Memory-to-memory: answers still awaited from members asked for the session. */
  fetchPending?: number;
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
    | { type: 'service.done'; connId: string }
    | { type: 'member.start' }
    | { type: 'member.stop' }
    | { type: 'fault.crash' }
    | { type: 'fault.hang' }
    | { type: 'fault.overload'; seconds: number }
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

/** `lru` with `id` moved (or added) to the end, in one array of the final size (pushing one by one regrows it). */
function touchLru(lru: readonly string[], id: string): readonly string[] {
  const last = lru.length - 1;
  if (lru[last] === id) return lru;
  const i = lru.indexOf(id);
  if (i < 0) return [...lru, id];
  const out = lru.slice();
  for (let j = i; j < last; j++) out[j] = out[j + 1]!;
  out[last] = id;
  return out;
}

/** The cached sessions, least recently used first: the order time-based writes and cleanup take them in. */
function inLruOrder(c: ClusterMemberContext): CachedSession[] {
  const out: CachedSession[] = [];
  for (const id of c.lru) {
    const s = c.cache.get(id);
    if (s) out.push(s);
  }
  return out;
}

const persistent = (c: ClusterMemberContext): boolean =>
  c.sessionManager.persistence === 'database' && c.store !== null;
const replicated = (c: ClusterMemberContext): boolean => c.sessionManager.persistence === 'memoryToMemory';
/** Sessions are written somewhere at write points: the database or, with memory-to-memory, backup members. */
const distributed = (c: ClusterMemberContext): boolean => persistent(c) || replicated(c);

const send = (
  to: string,
  event: { type: string; [k: string]: unknown },
  text: string,
  data?: TraceData,
  delay?: number,
): Extract<Effect, { type: 'send' }> =>
  // One shape, the missing fields undefined: a literal with conditional spreads is built field by field.
  ({ type: 'send', to, event, text, data, delay });

const traceOf = (
  event: string,
  text: string,
  data?: Record<string, string | number | boolean | null>,
): Effect => ({ type: 'trace', event, text, data });

/** The response for a finished request, with the session ID the member hands back. */
function buildResponse(c: ClusterMemberContext, r: ActiveRequest): HttpResponse {
  const session = r.sessionId ? c.cache.get(r.sessionId) : undefined;
  const op = r.request.op;
  if (r.overflow) {
    return {
      requestId: r.request.id,
      status: 500,
      page: errorPage(
        500,
        'Internal Server Error',
        'java.lang.IllegalStateException: the session is invalid (IBMSession.isOverflow() is true: the in-memory session table is full).',
      ),
      servedBy: c.memberName,
    };
  }
  if (op.kind === 'logout' || !session) {
    return {
      requestId: r.request.id,
      status: 200,
      setCookie: { name: c.sessionManager.cookieName, value: null },
      page: { kind: 'app', title: 'Logged out', member: c.memberName, node: c.nodeName },
      servedBy: c.memberName,
    };
  }
  // Peer-to-peer memory-to-memory: the session keeps the partition it was created in (DOMAIN.md §3.4).
  const askedPartition = r.askedCloneIds.find((t) => c.servers.some((s) => s.partitionId === t));
  const cloneIds = c.partitionIds
    ? [r.newSession || !askedPartition ? c.partitionId : askedPartition]
    : r.newSession
      ? [c.cloneId]
      : updateCloneIds(r.askedCloneIds, c.cloneId, c.sessionManager.noAffinitySwitchBack);
  const value = formatSessionId(
    { cacheId: String(session.version).padStart(4, '0'), sessionId: session.id, cloneIds },
    c.separator,
  );
  const useCookie = c.sessionManager.enableCookies;
  if (r.portalRedirect) {
    return {
      requestId: r.request.id,
      status: 302,
      ...(useCookie ? { setCookie: { name: c.sessionManager.cookieName, value } } : {}),
      location: r.request.url,
      page: { kind: 'app', title: 'Found', member: c.memberName, node: c.nodeName },
      servedBy: c.memberName,
    };
  }
  return {
    requestId: r.request.id,
    status: 200,
    ...(useCookie ? { setCookie: { name: c.sessionManager.cookieName, value } } : {}),
    ...(!useCookie && c.sessionManager.enableUrlRewriting
      ? { encodedUrl: encodeUrl(r.request.url, 'jsessionid', value) }
      : {}),
    ...(c.partitionIds
      ? { dwlm: { viewId: c.haView.viewId, table: partitionTable(c.servers, c.haView.alive, c.m2m) } }
      : {}),
    page: {
      kind: 'app',
      title: c.portal.enabled ? 'Portal' : 'Shop',
      member: c.memberName,
      node: c.nodeName,
      counter: r.seen?.counter ?? session.attributes.counter.value,
      cart: r.seen?.cart ?? session.attributes.cart.value,
      newSession: r.newSession && r.askedSessionId !== null && op.kind !== 'login',
      ...(op.kind === 'login' ? { loggedIn: true } : {}),
      ...(r.authoring ? { authoring: r.authoring } : {}),
      // The portlets' state lives in the JVM where the user logged in: anywhere else, and after that JVM
      // restarted, they are unavailable until the user logs out and in again (DOMAIN.md §7).
      ...(portletsUnavailable(c, session.id) ? { portletUnavailable: true } : {}),
    },
    servedBy: c.memberName,
  };
}

/** Portal portlets that do not support failover keep state in JVM memory (DOMAIN.md §7). */
const keepsPortletState = (c: ClusterMemberContext): boolean =>
  c.portal.enabled && !c.portal.portletsSupportFailover;

/** Such portlets are unavailable in any JVM but the one where the user logged in (DOMAIN.md §7). */
const portletsUnavailable = (c: ClusterMemberContext, sessionId: string): boolean =>
  keepsPortletState(c) && c.portletState[sessionId] === undefined;

/** Accumulates one transition's context changes, effects and timers, so the member's logic is plain functions. */
class Work {
  effects: Effect[] = [];
  raises: {
    type: 'service.done' | 'fetch.timeout' | 'replicate.flush' | 'overload.end';
    connId: string;
    delay: number;
  }[] = [];
  /**
   * A private copy of the context: patches go into it, the snapshot's context is never touched. The
   * transition assigns it whole (see handOver).
   */
  readonly ctx: ClusterMemberContext;
  constructor(
    ctx: ClusterMemberContext,
    readonly now: number,
  ) {
    this.ctx = { ...ctx };
  }
  set(patch: Partial<ClusterMemberContext>): void {
    Object.assign(this.ctx, patch);
    // A table set from outside is not this transition's own: putRequest copies it before changing it.
    if (patch.requests !== undefined) this.ownRequests = false;
  }
  /** `ctx.requests` is this transition's own copy, so it may change in place. */
  private ownRequests = false;
  /** Sets request `connId`, copying the table once per transition (not once per change). */
  putRequest(connId: string, r: ActiveRequest): void {
    if (this.ownRequests) (this.ctx.requests as Map<string, ActiveRequest>).set(connId, r);
    else {
      this.ctx.requests = withEntry(this.ctx.requests, connId, r);
      this.ownRequests = true;
    }
  }
  dropRequest(connId: string): void {
    if (!this.ctx.requests.has(connId)) return;
    if (this.ownRequests && this.ctx.requests.size > 1) {
      (this.ctx.requests as Map<string, ActiveRequest>).delete(connId);
      return;
    }
    // A fresh copy without it, or the shared empty table (never changed in place).
    this.ctx.requests = withoutEntry(this.ctx.requests, connId);
    this.ownRequests = this.ctx.requests !== emptyTable();
  }
  emit(effect: Effect): void {
    this.effects.push(effect);
  }
}

const base = setup({
  types: {
    context: {} as ClusterMemberContext,
    input: {} as ClusterMemberInput,
    events: {} as ClusterMemberEvent,
    emitted: {} as Effect,
  },
});

const work = (fn: (w: Work, event: ClusterMemberEvent) => void) =>
  base.enqueueActions(({ context, event, enqueue }) => {
    const w = new Work(context, event.now);
    fn(w, event);
    // First of the enqueued actions, so the context it replaces is the one `w.ctx` was copied from.
    enqueue.assign(() => handOver(w.ctx));
    for (const e of w.effects) enqueue.emit(e);
    for (const r of w.raises) {
      enqueue.raise(
        { type: r.type, connId: r.connId, now: 0 },
        { id: `${r.type}.${r.connId}`, delay: r.delay },
      );
    }
  });

const pad = (v: number): string => String(v).padStart(4, '0');

/** Accepts a request: a free thread starts it, otherwise it waits in the listen backlog. */
function admit(w: Work, connId: string, replyTo: string, request: HttpRequest): void {
  const c = w.ctx;
  const raw = request.cookies[c.sessionManager.cookieName] ?? sessionIdFromUrl(request.url, 'jsessionid');
  const parsed = raw ? parseSessionId(raw, c.separator) : null;
  const r: ActiveRequest = {
    connId,
    replyTo,
    request,
    phase: 'queued',
    askedSessionId: parsed?.sessionId ?? null,
    askedVersion: parsed ? Number(parsed.cacheId) : 0,
    askedCloneIds: parsed?.cloneIds ?? [],
    sessionId: null,
    newSession: false,
    readFromStore: false,
    writeId: null,
  };
  w.putRequest(connId, r);
  w.set({ queue: [...c.queue, connId] });
  startQueued(w);
}

function createSession(w: Work, r: ActiveRequest, reason: string): ActiveRequest {
  const c = w.ctx;
  const sm = c.sessionManager;
  if (!distributed(c) && !sm.allowOverflow && c.lru.length >= sm.maxInMemorySessionCount) {
    // DOMAIN.md §4.7: getSession(true) returns an invalid session; the application's use of it throws.
    w.emit(
      traceOf(
        'session.overflow',
        `${sm.maxInMemorySessionCount} sessions in memory and overflow not allowed: getSession(true) returns an invalid session`,
        { request: r.request.id },
      ),
    );
    return { ...r, phase: 'servicing', sessionId: null, overflow: true };
  }
  const sid = makeSessionId(c.idSeed, c.sessionCounter);
  // WAS 5.x: the session manager assigns new sessions to the domain's groups round robin (DOMAIN.md §5.1).
  const groups = c.multiBroker && replicated(c) ? groupsInUse(c.servers, c.m2m) : [];
  const group = groups.length > 0 ? groups[c.sessionCounter % groups.length] : undefined;
  const session = newSession(sid, w.now);
  w.set({
    sessionCounter: c.sessionCounter + 1,
    cache: c.cache.set(sid, group === undefined ? session : { ...session, group }),
    lru: touchLru(c.lru, sid),
    ...(keepsPortletState(c) ? { portletState: { ...c.portletState, [sid]: true as const } } : {}),
  });
  w.emit(
    traceOf(
      'session.create',
      `${reason}new session ${sid}${group === undefined ? '' : ` in replication group ${group}`}`,
      group === undefined
        ? { session: sid, lost: r.askedSessionId }
        : { session: sid, lost: r.askedSessionId, group },
    ),
  );
  evictIfFull(w);
  return { ...r, phase: 'servicing', sessionId: sid, newSession: true };
}

/** Gives free web container threads to queued requests and starts each one's session lookup. */
function startQueued(w: Work): void {
  while (
    w.ctx.queue.length > 0 &&
    w.ctx.busyThreads < w.ctx.runtime.webContainerThreads &&
    w.ctx.overloadedUntil === null
  ) {
    const c = w.ctx;
    const id = c.queue[0]!;
    w.set({ queue: c.queue.slice(1) });
    const r = c.requests.get(id);
    if (!r) continue;
    w.set({ busyThreads: w.ctx.busyThreads + 1 });
    const cached = r.askedSessionId ? c.cache.get(r.askedSessionId) : undefined;
    let next: ActiveRequest;
    if (r.request.op.kind === 'login') {
      // Log out and in again: the old session ends, a new one starts here.
      if (r.askedSessionId) endSession(w, r.askedSessionId, 'the user logs out');
      next = createSession(w, r, 'the user logs in again: ');
    } else if (cached && cached.version >= r.askedVersion) {
      // The cached copy is current: no store access.
      w.set({ lru: touchLru(c.lru, cached.id) });
      next = { ...r, phase: 'servicing', sessionId: cached.id };
    } else if (r.askedSessionId && persistent(c)) {
      if (cached) {
        w.emit(
          traceOf(
            'session.staleCache',
            `cached copy of ${r.askedSessionId} is version ${pad(cached.version)} but the request carries ${pad(r.askedVersion)}: discard it and read the store`,
            { session: r.askedSessionId },
          ),
        );
      }
      w.emit(
        send(
          c.store!,
          { type: 'session.read', connId: id, sessionId: r.askedSessionId, replyTo: c.memberName },
          `read session ${r.askedSessionId}`,
        ),
      );
      w.putRequest(id, { ...r, phase: 'readingSession' });
      continue;
    } else if (r.askedSessionId && replicated(c)) {
      const sid = r.askedSessionId;
      if (cached) {
        w.emit(
          traceOf(
            'session.staleCache',
            `cached copy of ${sid} is version ${pad(cached.version)} but the request carries ${pad(r.askedVersion)}: discard it`,
            { session: sid },
          ),
        );
      }
      const replica = c.replicas[sid];
      if (replica) {
        const { [sid]: _taken, ...replicas } = w.ctx.replicas;
        w.set({ replicas });
        adopt(w, id, sid, replica.session, 'replica', `its backup from ${replica.owner}`);
        continue;
      }
      // WAS 5.x asks the whole replication domain through its replicator (no view of who is alive);
      // later levels ask the members in the HA manager's view that keep backups.
      const holders = c.multiBroker
        ? c.servers.map((s) => s.memberName).filter((m) => m !== c.memberName)
        : c.haView.alive.filter((m) => {
            const s = c.servers.find((x) => x.memberName === m);
            return m !== c.memberName && s !== undefined && modeOf(s, c.m2m) !== 'client';
          });
      if (holders.length > 0) {
        for (const m of holders) {
          w.emit(
            send(
              m,
              { type: 'replica.fetch', connId: id, sessionId: sid, replyTo: c.memberName },
              `who has session ${sid}?`,
            ),
          );
        }
        w.putRequest(id, {
          ...r,
          phase: 'fetchingSession',
          fetchPending: holders.length,
        });
        w.raises.push({ type: 'fetch.timeout', connId: id, delay: c.m2m.fetchTimeout });
        continue;
      }
      next = createSession(w, r, `session ${sid} is not here and no other member is in the view to ask: `);
    } else if (r.request.op.kind === 'logout') {
      next = { ...r, phase: 'servicing', sessionId: null };
    } else {
      next = createSession(
        w,
        r,
        r.askedSessionId ? `session ${r.askedSessionId} is not in this JVM and there is no store: ` : '',
      );
    }
    w.putRequest(id, next);
    beginService(w, id);
  }
}

/**
 * Takes a session this member did not have (from the store, its own backup, or another member) into
 * the cache and becomes its owner. Affinity broke, so the version goes up (DOMAIN.md §3.1).
 */
function adopt(
  w: Work,
  connId: string,
  sessionId: string,
  from: Pick<CachedSession, 'attributes' | 'created' | 'lastWritten' | 'group'>,
  source: 'store' | 'replica' | 'peer',
  how: string,
): void {
  const r = w.ctx.requests.get(connId);
  if (!r) return;
  const version = Number(nextCacheId(pad(r.askedVersion)));
  const session: CachedSession = {
    ...newSession(sessionId, w.now),
    version,
    attributes: from.attributes,
    isNew: false,
    changedSinceWrite: false,
    created: from.created,
    lastWritten: from.lastWritten,
    ...(from.group === undefined ? {} : { group: from.group }),
  };
  w.set({ cache: w.ctx.cache.set(sessionId, session), lru: touchLru(w.ctx.lru, sessionId) });
  const type =
    source === 'store'
      ? 'session.readFromStore'
      : source === 'replica'
        ? 'session.fromReplica'
        : 'session.fetched';
  const text =
    source === 'store'
      ? `read session ${sessionId} from the store once and cache it`
      : source === 'replica'
        ? w.ctx.multiBroker
          ? `session ${sessionId} is already here as ${how} (this member listens to its replication group ${from.group ?? '?'}): take it over`
          : `session ${sessionId} is already here as ${how} (hot failover): take it over`
        : `session ${sessionId} fetched from ${how}: take it over`;
  w.emit(
    traceOf(type, `${text}; cache ID ${pad(r.askedVersion)} → ${pad(version)}`, {
      session: sessionId,
      version,
    }),
  );
  evictIfFull(w);
  w.putRequest(connId, {
    ...r,
    phase: 'servicing',
    sessionId,
    readFromStore: true,
    loadedFrom: source,
  });
  beginService(w, connId);
}

/** The store answered a read: cache what it had or start over with a new session. */
function sessionRead(
  w: Work,
  connId: string,
  sessionId: string,
  rows: SessionRow[],
  unavailable: boolean,
): void {
  const r = w.ctx.requests.get(connId);
  if (!r) return;
  const attributes = attributesFromRows(rows);
  if (attributes) {
    const primary = rows.find((row) => row.propId === sessionId) ?? rows[0]!;
    adopt(
      w,
      connId,
      sessionId,
      { attributes, created: primary.creationTime, lastWritten: primary.lastAccess },
      'store',
      '',
    );
    return;
  }
  const next = createSession(
    w,
    r,
    unavailable
      ? `the session store is unavailable, so session ${sessionId} cannot be read: `
      : `session ${sessionId} is not in the store: the user's earlier state is gone; `,
  );
  w.putRequest(connId, next);
  beginService(w, connId);
}

/** Another member answered "who has this session?"; the first copy wins, none at all means a new session. */
function fetchAnswered(
  w: Work,
  connId: string,
  sessionId: string,
  session: CachedSession | null,
  from: string,
): void {
  const r = w.ctx.requests.get(connId);
  if (!r || r.phase !== 'fetchingSession') return;
  if (session) {
    adopt(w, connId, sessionId, session, 'peer', from);
    return;
  }
  const left = (r.fetchPending ?? 1) - 1;
  if (left > 0) {
    w.putRequest(connId, { ...r, fetchPending: left });
    return;
  }
  fetchGaveUp(w, connId, `no member holds session ${sessionId}: `);
}

function fetchGaveUp(w: Work, connId: string, reason: string): void {
  const r = w.ctx.requests.get(connId);
  if (!r || r.phase !== 'fetchingSession') return;
  const next = createSession(w, r, `${reason}the user's earlier state is gone; `);
  w.putRequest(connId, next);
  beginService(w, connId);
}

/** The servlet runs: the operation changes the cached session, the thread is busy for the service time. */
function beginService(w: Work, connId: string): void {
  const r = w.ctx.requests.get(connId);
  if (!r) return;
  const session = r.sessionId ? w.ctx.cache.get(r.sessionId) : undefined;
  const portal = w.ctx.portal;
  const failedOver = r.readFromStore || (r.newSession && r.askedSessionId !== null);
  const redirect =
    portal.enabled && portal.redirectPostAfterFailover && failedOver && r.request.method === 'POST';
  if (redirect) {
    // The Portal documentation's account (DOMAIN.md §7): the request is redirected, its form not processed.
    w.putRequest(connId, { ...r, portalRedirect: true });
    w.emit(
      traceOf(
        'portal.redirect',
        `Portal answers ${r.request.id} (a POST after failover) with a redirect, as the Portal documentation describes; the form is not processed`,
        { request: r.request.id },
      ),
    );
  }
  if (session) {
    const used = redirect ? session : applyOperation(session, r.request.op, w.now, r.request.id);
    if (!redirect) {
      w.set({ cache: w.ctx.cache.set(session.id, used) });
      const op = r.request.op;
      w.putRequest(connId, {
        ...r,
        seen: { counter: used.attributes.counter.value, cart: used.attributes.cart.value },
        // A portlet that is unavailable here takes no screen of the edit.
        ...(op.kind === 'authoring' && !portletsUnavailable(w.ctx, session.id)
          ? { authoring: authoringStep(w, session.id, op) }
          : {}),
      });
    }
    const source = r.newSession ? 'new' : (r.loadedFrom ?? 'cache');
    w.emit(
      traceOf(
        'session.access',
        `${r.request.id} uses session ${session.id} (cache ID ${pad(session.version)}, ${source === 'cache' ? 'from the cache' : source === 'new' ? 'new' : source === 'store' ? 'just read from the store' : source === 'replica' ? 'just taken over from the backup here' : 'just fetched from another member'})`,
        {
          session: session.id,
          member: w.ctx.memberName,
          source,
          request: r.request.id,
        },
      ),
    );
  }
  w.raises.push({ type: 'service.done', connId, delay: w.ctx.runtime.serviceTime });
}

/**
 * The Authoring portlet takes one screen of the edit. A JVM that does not know where the user is (the
 * flow lived in another JVM's memory) shows the first screen again and drops what was sent.
 */
function authoringStep(w: Work, sessionId: string, op: { edit: string; screen?: number }): AuthoringPage {
  const flows = w.ctx.authoringFlows;
  const flow = flows[sessionId];
  const { [sessionId]: _old, ...others } = flows;
  if (!flow && (op.screen ?? 1) > 1) {
    w.set({ authoringFlows: { ...others, [sessionId]: { screen: 1, edits: [] } } });
    w.emit(
      traceOf(
        'portal.flowRestarted',
        `the Authoring portlet on ${w.ctx.memberName} does not know that the user was on screen ${op.screen ?? 1}: it lived in another JVM's memory, not in the session; the edit starts again at its first screen`,
        { session: sessionId, member: w.ctx.memberName, screen: op.screen ?? 1 },
      ),
    );
    return { screen: 1, edits: [], restarted: true };
  }
  const edits = [...(flow?.edits ?? []), op.edit];
  const screen = flow?.screen ?? 1;
  if (screen >= AUTHORING_SCREENS) {
    w.set({ authoringFlows: others });
    w.emit(
      traceOf('portal.authoringSaved', `the Authoring portlet saves the edit: ${edits.join(', ')}`, {
        session: sessionId,
        member: w.ctx.memberName,
      }),
    );
    return { screen: 1, edits: [], saved: edits };
  }
  w.set({ authoringFlows: { ...others, [sessionId]: { screen: screen + 1, edits } } });
  return { screen: screen + 1, edits };
}

/** Ends a session everywhere this member can reach: its cache, the store's rows, the backups. */
function endSession(w: Work, sessionId: string, why: string): void {
  const c = w.ctx;
  const removed = c.cache.get(sessionId);
  const { [sessionId]: _portlets, ...portletState } = c.portletState;
  const { [sessionId]: _flow, ...authoringFlows } = c.authoringFlows;
  w.set({
    cache: c.cache.delete(sessionId),
    lru: c.lru.filter((x) => x !== sessionId),
    portletState,
    authoringFlows,
  });
  if (persistent(c)) {
    w.emit(send(c.store!, { type: 'session.delete', sessionId }, `invalidate ${sessionId}`));
  }
  if (replicated(c)) {
    const targets = c.multiBroker
      ? copyTargets(c, removed ?? {})
      : backupTargets(c.memberName, c.servers, c.haView.alive, c.m2m);
    for (const to of targets) {
      w.emit(send(to, { type: 'replica.remove', sessionId }, `invalidate the backup of ${sessionId}`));
    }
  }
  w.emit(
    traceOf('session.invalidated', `session ${sessionId} invalidated by the application (${why})`, {
      session: sessionId,
    }),
  );
}

function evictIfFull(w: Work): void {
  const c = w.ctx;
  const max = c.sessionManager.maxInMemorySessionCount;
  // In-memory sessions are not evicted: the count is the base table size, grown or refused by overflow.
  if (!distributed(c) || c.lru.length <= max) return;
  const inUse = new Set([...c.requests.values()].map((r) => r.sessionId));
  const victim = c.lru.find((id) => !inUse.has(id));
  if (!victim) return;
  const session = c.cache.get(victim);
  if (session && distributed(c) && (session.changedSinceWrite || session.dirty.length > 0))
    writeSession(w, session, null, 'evicted');
  w.set({ cache: w.ctx.cache.delete(victim), lru: w.ctx.lru.filter((id) => id !== victim) });
  w.emit(
    traceOf('session.evict', `cache full (${max}): evict least recently used session ${victim}`, {
      session: victim,
    }),
  );
}

/**
 * Queues `session` for asynchronous replication (DOMAIN.md §5): the copies leave after the replication
 * lag, so a JVM that dies within it takes the change with it.
 */
function replicate(w: Work, session: CachedSession, _why: string): void {
  const c = w.ctx;
  w.set({ cache: c.cache.set(session.id, markWritten(session, w.now)) });
  const own = c.servers.find((x) => x.memberName === c.memberName);
  if (own && modeOf(own, c.m2m) === 'server') return;
  if (c.replicationQueue.includes(session.id)) return;
  if (c.replicationQueue.length === 0)
    w.raises.push({ type: 'replicate.flush', connId: 'queue', delay: c.m2m.replicationLag });
  w.set({ replicationQueue: [...c.replicationQueue, session.id] });
}

/** Sends the queued sessions, as they are now, to the members that keep their backups. */
function sendReplicas(w: Work): void {
  const c = w.ctx;
  const targets = c.multiBroker ? null : backupTargets(c.memberName, c.servers, c.haView.alive, c.m2m);
  for (const sid of c.replicationQueue) {
    const copy = c.cache.get(sid);
    if (!copy) continue;
    const to = targets ?? copyTargets(c, copy);
    if (to.length === 0) {
      w.emit(
        traceOf(
          'replica.none',
          c.multiBroker
            ? `no other member listens to replication group ${copy.group ?? '?'}: session ${sid} is in this JVM only`
            : `no other member in the view can keep a backup: session ${sid} is in this JVM only`,
          { session: sid },
        ),
      );
      continue;
    }
    const how = c.multiBroker
      ? `replicate session ${sid} through the replicator to group ${copy.group ?? '?'}`
      : `replicate session ${sid}`;
    for (const m of to) {
      w.emit(send(m, { type: 'replica.update', session: copy, owner: c.memberName }, how, { session: sid }));
    }
  }
  w.set({ replicationQueue: [] });
}

/** WAS 5.x: the members a session's copies go to, those listening to its group (null group: none). */
function copyTargets(c: ClusterMemberContext, session: Pick<CachedSession, 'group'>): string[] {
  return session.group === undefined ? [] : groupListeners(c.memberName, session.group, c.servers, c.m2m);
}

/** The message that writes `session` to the store, as the write contents setting shapes it. */
function writeMessage(
  c: ClusterMemberContext,
  session: CachedSession,
  writeId: string,
  why: string,
  failure: string | null = null,
): Effect {
  const { rows, accessOnly } = rowsToWrite(session, c.sessionManager, c.appName);
  const what = accessOnly ? 'last access only' : rows.length === 1 ? 'one row' : `${rows.length} rows`;
  return send(
    c.store!,
    {
      type: 'session.write',
      writeId,
      sessionId: session.id,
      rows,
      replyTo: c.memberName,
      ...(failure === null ? {} : { failure }),
    },
    `${why} write of ${session.id} (${what})`,
    { session: session.id, writeId },
  );
}

/** The non-catastrophic failure waiting for this member's next write, taken (it hits one write). */
function takeWriteFailure(w: Work): string | null {
  const failure = w.ctx.failNextWrite;
  if (failure !== null) w.set({ failNextWrite: null });
  return failure;
}

/** Sends one write to the store; `connId` is the request waiting on it (end of service), or null. */
function writeSession(w: Work, session: CachedSession, connId: string | null, why: string): void {
  const c = w.ctx;
  if (replicated(c)) {
    // Replication is asynchronous: the request does not wait for its backups.
    replicate(w, session, why);
    if (connId) respond(w, connId);
    return;
  }
  const writeId = `${c.memberName}.w${c.writeCounter + 1}`;
  w.set({
    writeCounter: c.writeCounter + 1,
    pendingWrites: withEntry(c.pendingWrites, writeId, { sessionId: session.id, connId }),
    cache: c.cache.set(session.id, markWritten(session, w.now)),
  });
  w.emit(writeMessage(c, session, writeId, why, takeWriteFailure(w)));
  if (connId) {
    const r = w.ctx.requests.get(connId);
    if (r) w.putRequest(connId, { ...r, phase: 'writing', writeId });
  }
}

/** The service method ended: write now if the write frequency says so, else answer. */
function serviceDone(w: Work, connId: string): void {
  const c = w.ctx;
  const r = c.requests.get(connId);
  if (!r) return;
  const session = r.sessionId ? c.cache.get(r.sessionId) : undefined;
  const sm = c.sessionManager;
  if (r.request.op.kind === 'logout' && r.sessionId) {
    endSession(w, r.sessionId, 'logout');
    respond(w, connId);
    return;
  }
  const writeNow =
    session !== undefined &&
    distributed(c) &&
    (sm.writeFrequency === 'endOfServletService' ||
      session.isNew ||
      (sm.writeFrequency === 'manualUpdate' && r.request.op.kind === 'sync'));
  if (writeNow && session) {
    writeSession(
      w,
      session,
      connId,
      session.isNew && sm.writeFrequency !== 'endOfServletService' ? 'first' : 'end-of-service',
    );
    return;
  }
  respond(w, connId);
}

/** The store committed or rolled back a write; a request waiting on it gets its answer. */
function writeAnswered(w: Work, writeId: string, failure: string | null): void {
  const pending = w.ctx.pendingWrites.get(writeId);
  if (!pending) return;
  w.set({ pendingWrites: withoutEntry(w.ctx.pendingWrites, writeId) });
  if (failure !== null) {
    const session = w.ctx.cache.get(pending.sessionId);
    if (session) {
      w.set({
        cache: w.ctx.cache.set(session.id, {
          ...session,
          dirty: ['counter', 'cart'],
          changedSinceWrite: true,
        }),
      });
    }
    w.emit(
      traceOf(
        'session.notWritten',
        `write of ${pending.sessionId} rolled back (${failure}); the session stays in the cache`,
        {
          session: pending.sessionId,
        },
      ),
    );
  }
  if (pending.connId) respond(w, pending.connId);
}

/** Answers a request with its page and the session ID, and frees the thread. */
function respond(w: Work, connId: string): void {
  const r = w.ctx.requests.get(connId);
  if (!r) return;
  const response = buildResponse(w.ctx, r);
  w.dropRequest(connId);
  w.set({ busyThreads: Math.max(0, w.ctx.busyThreads - 1) });
  w.emit(
    send(
      r.replyTo,
      { type: 'http.response', connId: r.connId, response },
      `${response.status} ${response.page.title} (JSESSIONID ${response.setCookie?.value ?? 'unchanged'})`,
      // The JSESSIONID the member hands back, in a cookie or in rewritten links (DOMAIN.md §3).
      {
        session: r.sessionId,
        jsessionid:
          response.setCookie?.value ??
          (response.encodedUrl ? sessionIdFromUrl(response.encodedUrl, 'jsessionid') : null),
      },
    ),
  );
  startQueued(w);
}

/**
 * The invalidator. With a database the store decides expiry from its LASTACCESS (DOMAIN.md §4.5), so a
 * member only drops idle copies from its cache; without one, the member's own copy is the session and
 * it times out here [INFERRED for memory-to-memory].
 */
function invalidateExpired(w: Work): void {
  const c = w.ctx;
  const timeout = c.sessionManager.sessionTimeout * 60000;
  const inUse = new Set([...c.requests.values()].map((r) => r.sessionId));
  const expired = inLruOrder(c).filter((s) => w.now - s.lastAccess >= timeout && !inUse.has(s.id));
  if (expired.length === 0) return;
  let cache = c.cache;
  for (const s of expired) {
    cache = cache.delete(s.id);
    w.emit(
      persistent(c)
        ? traceOf(
            'session.cacheDropped',
            `${c.memberName} drops its idle copy of session ${s.id} from the cache`,
            {
              session: s.id,
            },
          )
        : traceOf(
            'session.invalidated',
            `session ${s.id} timed out after ${c.sessionManager.sessionTimeout} min without a request`,
            { session: s.id },
          ),
    );
  }
  const gone = new Set(expired.map((s) => s.id));
  // A timed-out session's portlets and Authoring flow go with it.
  const keep = <T>(table: Readonly<Record<string, T>>) =>
    Object.fromEntries(Object.entries(table).filter(([id]) => !gone.has(id)));
  w.set({
    cache,
    lru: c.lru.filter((id) => !gone.has(id)),
    portletState: keep(c.portletState),
    authoringFlows: keep(c.authoringFlows),
  });
}

/** Writes every session changed since its last write: the time-based writer, and a clean stop's flush. */
function flushChanged(w: Work): void {
  const c = w.ctx;
  if (!distributed(c)) return;
  if (replicated(c)) {
    for (const session of inLruOrder(c)) {
      if (session.changedSinceWrite || session.dirty.length > 0) replicate(w, session, 'time-based');
    }
    return;
  }
  let cache = c.cache;
  const pendingWrites = new Map(c.pendingWrites);
  let writeCounter = c.writeCounter;
  for (const session of inLruOrder(c)) {
    if (!session.changedSinceWrite && session.dirty.length === 0) continue;
    const writeId = `${c.memberName}.w${++writeCounter}`;
    pendingWrites.set(writeId, { sessionId: session.id, connId: null });
    cache = cache.set(session.id, markWritten(session, w.now));
    w.emit(writeMessage(c, session, writeId, 'time-based', takeWriteFailure(w)));
  }
  w.set({ cache, pendingWrites, writeCounter });
}

/** A message from this JVM to the core group's HA manager (heartbeat, leave, or the host closing the socket). */
function toHaManager(type: 'ha.heartbeat' | 'ha.leave' | 'ha.socketClosed', text: string) {
  return base.enqueueActions(({ context, enqueue }) => {
    // WAS 5.x has no HA manager: nothing to tell.
    if (context.haManager) enqueue.emit(send(context.haManager, { type, member: context.memberName }, text));
  });
}

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
    refuseConnection: emit(({ context, event }) =>
      event.type === 'tcp.connect'
        ? send(
            event.replyTo,
            { type: 'tcp.refused', connId: event.connId, osError: 10061 },
            `connection refused by ${context.memberName}'s host`,
          )
        : traceOf('member.ignored', event.type),
    ),
    traceBacklogFull: emit(({ context }) =>
      traceOf(
        'member.backlogFull',
        `listen backlog full (${context.runtime.listenBacklog}): connection refused`,
        { member: context.memberName },
      ),
    ),
    /** Nothing listens on the member's port: its host resets the connection. */
    resetConnection: emit(({ context, event }) =>
      'replyTo' in event && 'connId' in event
        ? send(
            event.replyTo,
            { type: 'tcp.reset', connId: event.connId },
            `connection reset: nothing listens on ${context.memberName}'s port`,
          )
        : traceOf('member.ignored', event.type),
    ),
    admitRequest: work((w, event) => {
      if (event.type === 'http.request') admit(w, event.connId, event.replyTo, event.request);
    }),
    readResult: work((w, event) => {
      if (event.type === 'session.readResult') {
        sessionRead(w, event.connId, event.sessionId, event.rows, event.unavailable ?? false);
      }
    }),
    serviceDone: work((w, event) => {
      if (event.type === 'service.done') serviceDone(w, event.connId);
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
    answerHandshake: emit(({ context, event }) =>
      event.type === 'http.handshake' || event.type === 'http.expectContinue'
        ? send(
            event.replyTo,
            {
              type: event.type === 'http.handshake' ? 'handshake.ok' : 'http.continue',
              connId: event.connId,
            },
            event.type === 'http.handshake' ? `${context.memberName} answers the handshake` : '100 Continue',
          )
        : traceOf('member.ignored', event.type),
    ),
    answerFetch: emit(({ context, event }) => {
      if (event.type !== 'replica.fetch') return traceOf('member.ignored', event.type);
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
    failNextWrite: null,
  }),
  initial: 'deciding',
  states: {
    deciding: { always: [{ guard: 'initiallyRunning', target: 'running' }, { target: 'stopped' }] },
    stopped: {
      tags: ['down'],
      description: 'The JVM is not running: its host refuses connections to the member port.',
      on: {
        ...noListener,
        'member.start': 'starting',
      },
    },
    starting: {
      tags: ['down'],
      description: 'The JVM is starting; the web container does not listen yet.',
      entry: emit(({ context }) => traceOf('member.starting', `${context.memberName} is starting`)),
      on: {
        ...noListener,
        'fault.crash': 'crashed',
      },
      after: { startupTime: 'running' },
    },
    running: {
      tags: ['up'],
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
                    actions: emit(({ context, event }) =>
                      event.type === 'tcp.connect'
                        ? send(
                            event.replyTo,
                            { type: 'tcp.accepted', connId: event.connId },
                            `accepted by ${context.memberName}`,
                          )
                        : traceOf('member.ignored', event.type),
                    ),
                  },
                ],
                'http.request': [
                  {
                    guard: ({ context }) => !context.applicationStarted,
                    description: 'The application is stopped: the web container answers 503 at once.',
                    actions: emit(({ context, event }) =>
                      event.type === 'http.request'
                        ? send(
                            event.replyTo,
                            {
                              type: 'http.response',
                              connId: event.connId,
                              response: {
                                requestId: event.request.id,
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
                          )
                        : traceOf('member.ignored', event.type),
                    ),
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
                'service.done': { actions: 'serviceDone' },
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
      tags: ['down'],
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
        'service.done': { actions: 'serviceDone' },
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
              for (const r of context.requests.values()) {
                enqueue.emit(
                  send(
                    r.replyTo,
                    { type: 'tcp.reset', connId: r.connId },
                    'connection closed by the stopping member',
                  ),
                );
              }
            }),
            'forgetJvmState',
            emit(({ context }) => traceOf('member.stopped', `${context.memberName} stopped`)),
          ],
        },
      },
    },
    crashed: {
      tags: ['down'],
      description:
        'The JVM died: its cache is gone, open connections are reset by the host, and an uncommitted write to the database never commits.',
      entry: [
        enqueueActions(({ context, enqueue }) => {
          for (const r of context.requests.values()) {
            enqueue.emit(
              send(r.replyTo, { type: 'tcp.reset', connId: r.connId }, 'connection reset: the JVM died'),
            );
          }
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
            actions: emit(({ context, event }) =>
              event.type === 'tcp.connect'
                ? send(
                    event.replyTo,
                    { type: 'tcp.accepted', connId: event.connId },
                    `accepted by ${context.memberName}'s host`,
                  )
                : traceOf('member.ignored', event.type),
            ),
          },
        ],
        'http.request': {
          // Each request takes a web container thread that never comes back; once none is left, the
          // rest wait in the listen backlog.
          actions: assign(({ context, event }) => ({
            ...(context.busyThreads < context.runtime.webContainerThreads
              ? { busyThreads: context.busyThreads + 1 }
              : { queue: [...context.queue, event.connId] }),
            requests: withEntry(context.requests, event.connId, {
              connId: event.connId,
              replyTo: event.replyTo,
              request: event.request,
              phase: 'queued' as const,
              askedSessionId: null,
              askedVersion: 0,
              askedCloneIds: [],
              sessionId: null,
              newSession: false,
              readFromStore: false,
              writeId: null,
            }),
          })),
        },
        'fault.crash': 'crashed',
      },
    },
  },
});
