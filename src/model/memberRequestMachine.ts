// One request inside a cluster member, as the web container thread that serves it lives it (DOMAIN.md
// §4): it waits in the listen backlog for a thread, asks the session manager for its session (the cache,
// the store, a backup kept here or the other members), runs the servlet for the service time, waits for
// the session manager's write where the write frequency makes the end of service a write point, and
// answers with the page and the JSESSIONID. The session manager itself is the member's
// (clusterMemberMachine, sessionManager): its state arrives with every event, as the process's server
// table does for the plug-in's walks, and the request asks it for work with `local` events.

import { emit, setup } from './statechart.ts';
import type { ActiveRequest, ClusterMemberContext } from './clusterMemberMachine.ts';
import { send, type Effect } from './effects.ts';
import { errorPage, type HttpRequest, type HttpResponse } from './http.ts';
import { partitionTable } from './replication.ts';
import { portletsUnavailable } from './sessionManagerRules.ts';
import { encodeUrl, formatSessionId, sessionIdFromUrl, updateCloneIds } from './sessionId.ts';

export interface MemberRequestInput {
  /** The member's actor id: the session manager this request asks. */
  member: string;
  connId: string;
  /** Where the response goes: the plug-in's walk that sent the request. */
  replyTo: string;
  request: HttpRequest;
  /** Milliseconds the servlet runs. */
  serviceTime: number;
}

/** What the session manager tells a request it is working for. */
export type SessionManagerReply =
  /** The session is not in this JVM (or stale): the store is read. */
  | { type: 'sessionManager.readingStore' }
  /** Memory-to-memory: not in this JVM, so the other members are asked. */
  | { type: 'sessionManager.askingPeers' }
  /** The request has its session (found, read, taken over or new), or needs none. */
  | { type: 'sessionManager.ready' }
  /** The end of service is a write point: the write is on its way to the store. */
  | { type: 'sessionManager.writing' }
  /** Nothing more to do for this request: its response leaves, with what the session manager knows of it. */
  | { type: 'sessionManager.done'; record: ActiveRequest };

/** Every event reaches the request with the time and its member's state. */
type Observed = { now: number; member: ClusterMemberContext };
export type MemberRequestEvent = Observed &
  (
    | SessionManagerReply
    /** A web container thread takes the request. */
    | { type: 'thread.assigned' }
    /** The JVM died or stopped: the request is gone with it (its connection is reset by the member). */
    | { type: 'jvm.gone' }
    | { type: `xstate.after.${string}` }
  );

const types = {
  context: {} as MemberRequestInput,
  input: {} as MemberRequestInput,
  events: {} as MemberRequestEvent,
  emitted: {} as Effect,
};
const base = setup({ types });

/** A request for the session manager, to the member. */
const ask = (type: 'request.getSession' | 'request.serviceEnded') =>
  base.emit(({ context }): Effect => ({
    type: 'local',
    to: context.member,
    event: { type, connId: context.connId },
  }));

export const memberRequestMachine = setup({
  types,
  delays: {
    serviceTime: ({ context }) => context.serviceTime,
  },
  actions: {
    askForSession: ask('request.getSession'),
    endService: ask('request.serviceEnded'),
    /** The page and the JSESSIONID the member hands back, to the plug-in that is waiting. */
    // Entered on sessionManager.done only, which carries the record.
    sendResponse: emit(({ context, event }): Effect => {
      const r = (event as Extract<MemberRequestEvent, { type: 'sessionManager.done' }>).record;
      const response = buildResponse(event.member, r);
      return send(
        context.replyTo,
        { type: 'http.response', connId: context.connId, response },
        `${response.status} ${response.page.title} (JSESSIONID ${response.setCookie?.value ?? 'unchanged'})`,
        // The JSESSIONID the member hands back, in a cookie or in rewritten links (DOMAIN.md §3).
        {
          session: r.sessionId,
          jsessionid:
            response.setCookie?.value ??
            (response.encodedUrl ? sessionIdFromUrl(response.encodedUrl, 'jsessionid') : null),
        },
      );
    }),
  },
}).createMachine({
  id: 'memberRequest',
  context: ({ input }) => input,
  initial: 'queued',
  on: { 'jvm.gone': '.done' },
  states: {
    queued: {
      tags: ['queued'],
      description: 'The request waits in the listen backlog for a web container thread.',
      on: { 'thread.assigned': 'lookingUpSession' },
    },
    lookingUpSession: {
      tags: ['lookingUpSession'],
      description:
        "getSession: the session manager looks for the session the JSESSIONID names, first in this JVM's cache.",
      entry: 'askForSession',
      initial: 'inThisJvm',
      states: {
        // The cache, or a backup kept here: answered at once, so the request never waits here.
        inThisJvm: {},
        readingStore: {
          tags: ['readingStore'],
          description:
            "Not in this JVM, or its cache ID is older than the request's: the session manager reads it from the database once, then caches it.",
        },
        askingPeers: {
          tags: ['askingPeers'],
          description:
            'Memory-to-memory: not in this JVM, so the session manager asks the other members for a copy.',
        },
      },
      on: {
        'sessionManager.readingStore': '.readingStore',
        'sessionManager.askingPeers': '.askingPeers',
        'sessionManager.ready': 'servicing',
      },
    },
    servicing: {
      tags: ['servicing'],
      description: "The servlet runs on the request's thread and changes the session in the cache.",
      after: { serviceTime: 'endingService' },
    },
    endingService: {
      tags: ['endingService'],
      description:
        'The service method has returned: the write frequency decides whether this is a write point.',
      entry: 'endService',
      on: {
        'sessionManager.writing': 'writing',
        'sessionManager.done': 'responding',
      },
    },
    writing: {
      tags: ['writing'],
      description:
        "An end-of-service write: the response waits until the store commits (or rolls back) the session's rows.",
      on: { 'sessionManager.done': 'responding' },
    },
    // The response leaves with the page and the JSESSIONID, at once: the request never rests here.
    responding: {
      entry: 'sendResponse',
      always: 'done',
    },
    // Answered, or gone with its JVM.
    done: { type: 'final' },
  },
});

/** The response for a finished request, with the session ID the member hands back. */
export function buildResponse(c: ClusterMemberContext, r: ActiveRequest): HttpResponse {
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
