// A cluster member's web container (DOMAIN.md §4, §6.1 window 2): requests it admits wait in the listen
// backlog for one of its threads, each followed by a request actor (memberRequestMachine); a thread that
// comes free takes the oldest waiting request; a JVM that dies or stops resets the connections inside.
// Admission control (a full backlog refuses the connection) is the member's chart.

import type { ActiveRequest, ClusterMemberContext } from './clusterMemberMachine.ts';
import { send, type Effect } from './effects.ts';
import type { HttpRequest } from './http.ts';
import type { Work } from './sessionManager.ts';
import { parseSessionId, sessionIdFromUrl } from './sessionId.ts';

/**
 * The request actor serving connection `connId` on member `memberName`. The id begins with the member's
 * name: the network reaches the request on its member by it, even once the request has finished.
 */
const requestActorId = (memberName: string, connId: string): string => `${memberName}/${connId}`;

/**
 * The web container accepts a request: the session manager reads its JSESSIONID (cookie or rewritten
 * URL), a request actor starts for it, and a free thread takes it or it waits in the listen backlog.
 */
export function admit(w: Work, connId: string, replyTo: string, request: HttpRequest): void {
  accept(w, connId, replyTo, request);
  w.set({ queue: [...w.ctx.queue, connId] });
  startQueued(w);
}

/**
 * A hung JVM accepts a request too, but nothing runs: it takes a web container thread that never comes
 * back, or, once none is left, waits in the listen backlog; its actor stays queued either way.
 */
export function hold(w: Work, connId: string, replyTo: string, request: HttpRequest): void {
  accept(w, connId, replyTo, request);
  const c = w.ctx;
  if (c.busyThreads < c.runtime.webContainerThreads) w.set({ busyThreads: c.busyThreads + 1 });
  else w.set({ queue: [...c.queue, connId] });
}

/** Records a request the member took, with the session its JSESSIONID names, and starts its actor. */
function accept(w: Work, connId: string, replyTo: string, request: HttpRequest): void {
  const c = w.ctx;
  const raw = request.cookies[c.sessionManager.cookieName] ?? sessionIdFromUrl(request.url, 'jsessionid');
  const parsed = raw ? parseSessionId(raw, c.separator) : null;
  const r: ActiveRequest = {
    connId,
    actor: requestActorId(c.memberName, connId),
    replyTo,
    request,
    askedSessionId: parsed?.sessionId ?? null,
    askedVersion: parsed ? Number(parsed.cacheId) : 0,
    askedCloneIds: parsed?.cloneIds ?? [],
    sessionId: null,
    newSession: false,
    readFromStore: false,
  };
  w.putRequest(connId, r);
  w.emit(startRequest(c, r));
}

/** The effect that starts the request actor for `r`. */
const startRequest = (c: ClusterMemberContext, r: ActiveRequest): Effect => ({
  type: 'startRequest',
  id: r.actor,
  input: {
    member: c.memberName,
    connId: r.connId,
    replyTo: r.replyTo,
    request: r.request,
    serviceTime: c.runtime.serviceTime + c.slowBy,
  },
});

/** Free web container threads take queued requests, oldest first (none while other traffic holds them all). */
export function startQueued(w: Work): void {
  while (
    w.ctx.queue.length > 0 &&
    w.ctx.busyThreads < w.ctx.runtime.webContainerThreads &&
    w.ctx.overloadedUntil === null
  ) {
    const id = w.ctx.queue[0]!;
    w.set({ queue: w.ctx.queue.slice(1) });
    const r = w.ctx.requests.get(id);
    if (!r) continue;
    w.set({ busyThreads: w.ctx.busyThreads + 1 });
    w.emit({ type: 'local', to: r.actor, event: { type: 'thread.assigned' } });
  }
}

/** A request has answered: its thread goes back to the pool and takes the next queued request. */
export function release(w: Work, connId: string): void {
  if (!w.ctx.requests.has(connId)) return;
  w.dropRequest(connId);
  w.set({ busyThreads: Math.max(0, w.ctx.busyThreads - 1) });
  startQueued(w);
}

/** Every request inside the JVM is gone with it: the host resets its connection, its actor ends. */
export function dropAllRequests(c: ClusterMemberContext, why: string): Effect[] {
  const out: Effect[] = [];
  for (const r of c.requests.values()) {
    out.push(send(r.replyTo, { type: 'tcp.reset', connId: r.connId }, why));
    out.push({ type: 'local', to: r.actor, event: { type: 'jvm.gone' } });
  }
  return out;
}
