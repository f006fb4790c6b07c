// A user's browser: a cookie jar holding JSESSIONID (or a rewritten URL), one request at a time, the page
// it got back. A redirect after a POST is followed as a GET, as browsers do, which is the Portal
// documentation's account of lost form data (DOMAIN.md §7).

import { assign, emit, enqueueActions, setup } from './statechart.ts';
import type { Effect } from './effects.ts';
import type { AppOperation, HttpMethod, HttpRequest, HttpResponse, Page } from './http.ts';
import { emptyTable, withEntry, withoutEntry } from './mapEntries.ts';
import { updatedAttribute } from './sessionData.ts';
import { parseSessionId, sessionIdFromUrl } from './sessionId.ts';

export interface BrowserInput {
  user: string;
  host: string;
  port: number;
  /** The session cookie's name (the session manager's cookie name, JSESSIONID by default). */
  cookieName: string;
  /** Actor id of the web server. */
  webServer: string;
  /** Cookies the browser already holds when the run starts. */
  cookies?: Readonly<Record<string, string>>;
  /** A URL rewritten with `;jsessionid=` from a page the user already has, when cookies are off. */
  rewrittenUrl?: string;
}

export interface BrowserContext extends Omit<BrowserInput, 'rewrittenUrl'> {
  /** Cookies by name. */
  jar: Readonly<Record<string, string>>;
  /** The last URL the server rewrote with `;jsessionid=`, when cookies are off. */
  rewrittenUrl: string | null;
  /** Requests sent and not yet answered, by request ID. */
  pending: ReadonlyMap<string, HttpRequest>;
  lastPost: HttpRequest | null;
  /** Set when the last page came from a redirect after a POST whose form data was not sent again. */
  postLost: { url: string; bodyKB: number } | null;
  /** The URL of the last request sent (what the address bar shows). */
  lastUrl: string | null;
  lastPage: Page | null;
  lastStatus: number | null;
  /**
   * The Authoring portlet's screen as the last page that showed the portlet had it: other pages in
   * between (a redirect, a plain view) do not move the user's place in the edit.
   */
  authoringScreen: number;
  requestCounter: number;
}

export interface UserAction {
  method: HttpMethod;
  url: string;
  bodyKB?: number;
  op: AppOperation;
  process?: number;
}

export type BrowserEvent = { now: number } & (
  | ({ type: 'user.request' } & UserAction)
  | { type: 'user.resubmit' }
  | { type: 'user.loseCookie' }
  | { type: 'http.response'; response: HttpResponse }
);

const base = setup({
  types: {
    context: {} as BrowserContext,
    input: {} as BrowserInput,
    events: {} as BrowserEvent,
    emitted: {} as Effect,
  },
});

function buildRequest(c: BrowserContext, a: UserAction, extra?: Partial<HttpRequest>): HttpRequest {
  let url = a.url;
  const rewritten = c.rewrittenUrl ? sessionIdFromUrl(c.rewrittenUrl, 'jsessionid') : null;
  if (rewritten && !url.includes(';jsessionid=')) {
    const [path = '', query] = url.split('?');
    url = `${path};jsessionid=${rewritten}${query === undefined ? '' : `?${query}`}`;
  }
  const request: HttpRequest = {
    id: `${c.user}.${c.requestCounter + 1}`,
    user: c.user,
    method: a.method,
    host: c.host,
    port: c.port,
    url,
    cookies: c.jar,
    bodyKB: a.method === 'POST' ? (a.bodyKB ?? 1) : 0,
    // The Authoring portlet's form says which screen it was (the page the user filled in).
    op: a.op.kind === 'authoring' ? { ...a.op, screen: c.authoringScreen } : a.op,
  };
  // Most requests leave the choice of process to the world and carry nothing more.
  return a.process === undefined && extra === undefined
    ? request
    : { ...request, ...(a.process !== undefined ? { process: a.process } : {}), ...extra };
}

const sendRequest = (c: BrowserContext, r: HttpRequest): Effect => ({
  type: 'send',
  to: c.webServer,
  event: { type: 'http.request', request: r },
  text: `${r.method} ${r.url}${r.bodyKB > 0 ? ` (${r.bodyKB} KB body)` : ''}${c.jar[c.cookieName] ? ` [${c.cookieName} ${c.jar[c.cookieName]}]` : ''}`,
});

export const browserMachine = base.createMachine({
  id: 'browser',
  context: ({ input }) => ({
    ...input,
    jar: input.cookies ?? {},
    rewrittenUrl: input.rewrittenUrl ?? null,
    pending: emptyTable(),
    lastPost: null,
    postLost: null,
    lastUrl: null,
    lastPage: null,
    lastStatus: null,
    authoringScreen: 1,
    requestCounter: 0,
  }),
  initial: 'idle',
  on: {
    'user.loseCookie': {
      actions: [
        assign({ jar: {}, rewrittenUrl: null }),
        emit({ type: 'trace', event: 'browser.loseCookie', text: 'the browser loses its cookies' }),
      ],
    },
    'user.request': {
      description:
        'The user (or the page: frames, images, AJAX) sends a request; several may be under way at once.',
      target: '.awaitingResponse',
      actions: enqueueActions(({ context, event, enqueue }) => {
        const r = buildRequest(context, event);
        enqueue.assign({
          pending: withEntry(context.pending, r.id, r),
          requestCounter: context.requestCounter + 1,
          lastPost: r.method === 'POST' ? r : context.lastPost,
          postLost: null,
          lastUrl: r.url,
        });
        enqueue.emit(sendRequest(context, r));
      }),
    },
    'user.resubmit': {
      guard: ({ context }) => context.lastPost !== null,
      target: '.awaitingResponse',
      actions: enqueueActions(({ context, enqueue }) => {
        const last = context.lastPost!;
        const r = buildRequest(context, { method: 'POST', url: last.url, bodyKB: last.bodyKB, op: last.op });
        enqueue.assign({
          pending: withEntry(context.pending, r.id, r),
          requestCounter: context.requestCounter + 1,
          postLost: null,
          lastUrl: r.url,
        });
        enqueue.emit({
          type: 'trace',
          event: 'browser.resubmit',
          text: `the user submits the form again (${r.id})`,
        });
        enqueue.emit(sendRequest(context, r));
      }),
    },
  },
  states: {
    idle: {
      description: 'The user reads the page and decides what to do next.',
    },
    awaitingResponse: {
      description: 'Requests are on their way; the browser waits for the responses.',
      on: {
        'http.response': [
          {
            guard: ({ context, event }) =>
              event.response.status === 302 &&
              context.pending.get(event.response.requestId)?.method === 'POST' &&
              event.response.location !== undefined,
            description: 'A redirect after a POST is re-issued as a GET: the form data is not sent again.',
            actions: enqueueActions(({ context, event, enqueue }) => {
              const post = context.pending.get(event.response.requestId)!;
              const jar = applyCookie(context.jar, event.response);
              const next = { ...context, jar };
              const r = buildRequest(
                next,
                { method: 'GET', url: event.response.location!, op: { kind: 'view' } },
                { redirectedFromPost: true },
              );
              enqueue.assign({
                jar,
                pending: withEntry(withoutEntry(context.pending, post.id), r.id, r),
                requestCounter: context.requestCounter + 1,
                postLost: { url: post.url, bodyKB: post.bodyKB },
                lastUrl: r.url,
              });
              enqueue.emit({
                type: 'trace',
                event: 'browser.postLost',
                text: `302 after POST ${post.url}: the browser follows it as GET ${r.url}; the ${post.bodyKB} KB of form data is not sent`,
                data: { request: post.id },
              });
              enqueue.emit(sendRequest(next, r));
            }),
          },
          {
            actions: [
              emit(({ context, event }) => {
                const cookie =
                  event.response.setCookie?.value ??
                  context.jar[event.response.setCookie?.name ?? context.cookieName];
                const sessionId = cookie
                  ? (parseSessionId(cookie)?.sessionId ?? parseSessionId(cookie, '+')?.sessionId)
                  : null;
                const request = context.pending.get(event.response.requestId);
                const update = request ? updatedAttribute(request.op) : null;
                const data = {
                  status: event.response.status,
                  servedBy: event.response.servedBy,
                  request: request?.id ?? null,
                  session: sessionId ?? null,
                  update: event.response.status === 200 ? update : null,
                };
                const page = event.response.page;
                const au = page.authoring;
                return {
                  type: 'trace' as const,
                  event: 'browser.page',
                  text: describePage(event.response),
                  // The Authoring portlet's edits in progress, and whether the portlets are there at
                  // all, for the lost-data ledger.
                  data: au
                    ? {
                        ...data,
                        authoringScreen: au.screen,
                        authoringEdits: au.edits,
                        authoringRestarted: au.restarted ?? false,
                      }
                    : page.portletUnavailable
                      ? { ...data, portletUnavailable: true }
                      : data,
                };
              }),
              assign(({ context, event }) => {
                const pending = withoutEntry(context.pending, event.response.requestId);
                return {
                  jar: applyCookie(context.jar, event.response),
                  rewrittenUrl: event.response.encodedUrl ?? context.rewrittenUrl,
                  lastPage: event.response.page,
                  lastStatus: event.response.status,
                  authoringScreen: event.response.page.authoring?.screen ?? context.authoringScreen,
                  pending,
                };
              }),
            ],
          },
        ],
      },
      always: {
        guard: ({ context }) => context.pending.size === 0,
        target: 'idle',
        actions: emit({ type: 'userIdle' }),
      },
    },
  },
});

function applyCookie(
  jar: Readonly<Record<string, string>>,
  r: HttpResponse,
): Readonly<Record<string, string>> {
  if (!r.setCookie) return jar;
  if (r.setCookie.value === null) {
    const { [r.setCookie.name]: _gone, ...rest } = jar;
    return rest;
  }
  return { ...jar, [r.setCookie.name]: r.setCookie.value };
}

/** The page as the user reads it. */
export function describePage(r: HttpResponse): string {
  const p = r.page;
  if (p.kind === 'error') return `${p.title}: ${p.message ?? ''}`;
  const parts = [`${r.status} ${p.title} from ${p.member} on ${p.node}`];
  if (p.counter !== undefined) parts.push(`counter ${p.counter}`);
  if (p.cart !== undefined) {
    // A long cart is summed up: the trace line stays short, the page keeps every item.
    parts.push(
      p.cart.length > 4
        ? `cart [${p.cart.length} items, last ${p.cart.slice(-2).join(', ')}]`
        : `cart [${p.cart.join(', ')}]`,
    );
  }
  if (p.newSession) parts.push('NEW SESSION: earlier state gone');
  if (p.portletUnavailable) parts.push('Portlet unavailable: log out and in again');
  const au = p.authoring;
  if (au?.saved) parts.push(`Authoring: edit saved (${au.saved.join(', ')})`);
  else if (au?.restarted) parts.push('Authoring: back at screen 1, the earlier screens are gone');
  else if (au) parts.push(`Authoring: screen ${au.screen} (so far ${au.edits.join(', ')})`);
  return parts.join(', ');
}
