// The session manager of one cluster member (DOMAIN.md §4, §5): the cache of sessions and its LRU order,
// getSession's lookup (the cache with its version check, the store, a backup kept here, the other
// members), the servlet's changes, writes by write frequency and contents, invalidation, and
// memory-to-memory replication. Each operation works on a Work, the member's context for one
// transition; the web container (threads, backlog) and the JVM's lifecycle are clusterMemberMachine's,
// the request's own course is memberRequestMachine's.

import type { ActiveRequest, ClusterMemberContext } from './clusterMemberMachine.ts';
import { withEntry, withoutEntry } from './mapEntries.ts';
import { backupTargets, groupListeners, groupsInUse, modeOf } from './replication.ts';
import { send, traceOf, type Effect } from './effects.ts';
import type { SessionManagerReply } from './memberRequestMachine.ts';
import { AUTHORING_SCREENS, type AuthoringPage } from './http.ts';
import {
  applyOperation,
  attributesFromRows,
  markWritten,
  newSession,
  rowsToWrite,
  type CachedSession,
  type SessionRow,
} from './sessionData.ts';
import { makeSessionId, nextCacheId } from './sessionId.ts';
import {
  distributed,
  evictionVictim,
  expiredSessions,
  inLruOrder,
  keepsPortletState,
  pad,
  persistent,
  portletsUnavailable,
  replicated,
  touchLru,
  whereToLook,
  writePoint,
} from './sessionManagerRules.ts';
import { release } from './webContainer.ts';

/** A timer the member sets for itself. */
interface MemberTimer {
  type: 'fetch.timeout' | 'replicate.flush' | 'overload.end';
  connId: string;
  delay: number;
}

/**
 * One transition of the member: the context as the operations have changed it so far, what they
 * changed (which the transition assigns), and the effects and timers they ask for, in order.
 */
export class Work {
  readonly effects: Effect[] = [];
  readonly raises: MemberTimer[] = [];
  readonly ctx: ClusterMemberContext;
  readonly changes: Partial<ClusterMemberContext> = {};
  constructor(
    ctx: ClusterMemberContext,
    readonly now: number,
  ) {
    this.ctx = { ...ctx };
  }
  set(patch: Partial<ClusterMemberContext>): void {
    Object.assign(this.ctx, patch);
    Object.assign(this.changes, patch);
  }
  putRequest(connId: string, r: ActiveRequest): void {
    this.set({ requests: withEntry(this.ctx.requests, connId, r) });
  }
  dropRequest(connId: string): void {
    this.set({ requests: withoutEntry(this.ctx.requests, connId) });
  }
  emit(effect: Effect): void {
    this.effects.push(effect);
  }
}

/** Tells the request actor `r` what the session manager did for it. */
function tell(w: Work, r: ActiveRequest, event: SessionManagerReply): void {
  w.emit({ type: 'local', to: r.actor, event });
}

export function createSession(w: Work, r: ActiveRequest, reason: string): ActiveRequest {
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
    return { ...r, sessionId: null, overflow: true, fetchPending: undefined };
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
  return { ...r, sessionId: sid, newSession: true, fetchPending: undefined };
}

/** Gives free web container threads to queued requests and starts each one's session lookup. */
/**
 * getSession for request `connId`: the cached copy when its cache ID is current (no store access), else
 * the store, a backup kept here, or the members that may hold it; a new session when there is nowhere
 * to look. A logout needs no session; a login ends the old one and starts another.
 */
export function lookUp(w: Work, connId: string): void {
  const c = w.ctx;
  const r = c.requests.get(connId);
  if (!r) return;
  const cached = r.askedSessionId ? c.cache.get(r.askedSessionId) : undefined;
  switch (whereToLook(c, r)) {
    case 'relogin':
      if (r.askedSessionId) endSession(w, r.askedSessionId, 'the user logs out');
      ready(w, createSession(w, r, 'the user logs in again: '));
      break;
    case 'cache':
      w.set({ lru: touchLru(c.lru, cached!.id) });
      ready(w, { ...r, sessionId: cached!.id });
      break;
    case 'store':
      if (cached) {
        w.emit(
          traceOf(
            'session.staleCache',
            `cached copy of ${r.askedSessionId} is version ${pad(cached.version)} but the request carries ${pad(r.askedVersion)}: discard it and read the store`,
            { session: cached.id },
          ),
        );
      }
      w.emit(
        send(
          c.store!,
          { type: 'session.read', connId, sessionId: r.askedSessionId, replyTo: c.memberName },
          `read session ${r.askedSessionId}`,
        ),
      );
      tell(w, r, { type: 'sessionManager.readingStore' });
      break;
    case 'replicas':
      lookUpReplicas(w, r, r.askedSessionId!, cached);
      break;
    case 'none':
      ready(w, { ...r, sessionId: null });
      break;
    case 'new':
      ready(
        w,
        createSession(
          w,
          r,
          r.askedSessionId ? `session ${r.askedSessionId} is not in this JVM and there is no store: ` : '',
        ),
      );
  }
}

/** Memory-to-memory: a backup kept here is taken over at once; otherwise the members that may hold one are asked. */
function lookUpReplicas(w: Work, r: ActiveRequest, sid: string, cached: CachedSession | undefined): void {
  const c = w.ctx;
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
    adopt(w, r.connId, sid, replica.session, 'replica', `its backup from ${replica.owner}`);
    return;
  }
  // WAS 5.x asks the whole replication domain through its replicator (no view of who is alive);
  // later levels ask the members in the HA manager's view that keep backups.
  const holders = c.multiBroker
    ? c.servers.map((s) => s.memberName).filter((m) => m !== c.memberName)
    : c.haView.alive.filter((m) => {
        const s = c.servers.find((x) => x.memberName === m);
        return m !== c.memberName && s !== undefined && modeOf(s, c.m2m) !== 'client';
      });
  if (holders.length === 0) {
    ready(w, createSession(w, r, `session ${sid} is not here and no other member is in the view to ask: `));
    return;
  }
  for (const m of holders) {
    w.emit(
      send(
        m,
        { type: 'replica.fetch', connId: r.connId, sessionId: sid, replyTo: c.memberName },
        `who has session ${sid}?`,
      ),
    );
  }
  w.putRequest(r.connId, { ...r, fetchPending: holders.length });
  w.raises.push({ type: 'fetch.timeout', connId: r.connId, delay: c.m2m.fetchTimeout });
  tell(w, r, { type: 'sessionManager.askingPeers' });
}

/** The request has its session (or knows it has none): its servlet runs. */
function ready(w: Work, r: ActiveRequest): void {
  w.putRequest(r.connId, r);
  tell(w, r, { type: 'sessionManager.ready' });
  serviceRequest(w, r.connId);
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
  ready(w, { ...r, sessionId, readFromStore: true, loadedFrom: source, fetchPending: undefined });
}

/** The store answered a read: cache what it had or start over with a new session. */
export function sessionRead(
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
  ready(
    w,
    createSession(
      w,
      r,
      unavailable
        ? `the session store is unavailable, so session ${sessionId} cannot be read: `
        : `session ${sessionId} is not in the store: the user's earlier state is gone; `,
    ),
  );
}

/** Another member answered "who has this session?"; the first copy wins, none at all means a new session. */
export function fetchAnswered(
  w: Work,
  connId: string,
  sessionId: string,
  session: CachedSession | null,
  from: string,
): void {
  const r = w.ctx.requests.get(connId);
  if (r?.fetchPending === undefined) return;
  if (session) {
    adopt(w, connId, sessionId, session, 'peer', from);
    return;
  }
  const left = r.fetchPending - 1;
  if (left > 0) {
    w.putRequest(connId, { ...r, fetchPending: left });
    return;
  }
  fetchGaveUp(w, connId, `no member holds session ${sessionId}: `);
}

export function fetchGaveUp(w: Work, connId: string, reason: string): void {
  const r = w.ctx.requests.get(connId);
  if (r?.fetchPending === undefined) return;
  ready(w, createSession(w, r, `${reason}the user's earlier state is gone; `));
}

/** The servlet runs: the request's operation changes the cached session (the Portal may redirect instead). */
export function serviceRequest(w: Work, connId: string): void {
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
export function endSession(w: Work, sessionId: string, why: string): void {
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
  const victim = evictionVictim(c);
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
export function sendReplicas(w: Work): void {
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
    if (connId) answered(w, connId);
    return;
  }
  const writeId = `${c.memberName}.w${c.writeCounter + 1}`;
  w.set({
    writeCounter: c.writeCounter + 1,
    pendingWrites: withEntry(c.pendingWrites, writeId, { sessionId: session.id, connId }),
    cache: c.cache.set(session.id, markWritten(session, w.now)),
  });
  w.emit(writeMessage(c, session, writeId, why, takeWriteFailure(w)));
  const r = connId === null ? undefined : w.ctx.requests.get(connId);
  if (r) tell(w, r, { type: 'sessionManager.writing' });
}

/** The service method returned: a logout ends the session; a write point writes it; else the request may answer. */
export function endService(w: Work, connId: string): void {
  const c = w.ctx;
  const r = c.requests.get(connId);
  if (!r) return;
  const session = r.sessionId ? c.cache.get(r.sessionId) : undefined;
  if (r.request.op.kind === 'logout' && r.sessionId) {
    endSession(w, r.sessionId, 'logout');
    answered(w, connId);
    return;
  }
  const point = session && distributed(c) ? writePoint(c.sessionManager, session, r.request.op) : null;
  if (session && point) {
    writeSession(w, session, connId, point);
    return;
  }
  answered(w, connId);
}

/** The store committed or rolled back a write; a request waiting on it gets its answer. */
export function writeAnswered(w: Work, writeId: string, failure: string | null): void {
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
  if (pending.connId) answered(w, pending.connId);
}

/** The session manager is done with request `connId`: its response leaves and its thread is free again. */
function answered(w: Work, connId: string): void {
  const r = w.ctx.requests.get(connId);
  if (!r) return;
  tell(w, r, { type: 'sessionManager.done', record: r });
  release(w, connId);
}

/**
 * The invalidator. With a database the store decides expiry from its LASTACCESS (DOMAIN.md §4.5), so a
 * member only drops idle copies from its cache; without one, the member's own copy is the session and
 * it times out here [INFERRED for memory-to-memory].
 */
export function invalidateExpired(w: Work): void {
  const c = w.ctx;
  const expired = expiredSessions(c, w.now);
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
export function flushChanged(w: Work): void {
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
