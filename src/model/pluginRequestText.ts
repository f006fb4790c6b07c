// The words of one request's walk: the narration of the ten steps (DOMAIN.md §2.1), the texts of the
// messages it sends, the data of its trace lines, and the error pages the plug-in answers with.
// The plug-in's own log lines are in pluginLogLines.ts.

import type { LineEvents } from './traceEvents.ts';
import { errorPage, type HttpResponse } from './http.ts';
import type { Outcome, PluginRequestContext } from './pluginRequestContext.ts';
import { requestPath, serverNamed, serverStateOf } from './pluginRequestRules.ts';
import { isMarkedDownNow, isRetryIntervalOver, isUsable } from './routing.ts';

type Ctx = PluginRequestContext;

/** Seconds until a marked-down member's retry interval ends, as the narration shows them. */
const secondsToRetry = (retryAt: number | null, now: number): string =>
  (((retryAt ?? now) - now) / 1000).toFixed(1);

/** The current member's address, `host:port`. */
const address = (c: Ctx): string => `${serverNamed(c, c.member)?.hostname}:${serverNamed(c, c.member)?.port}`;

/** Step 1. */
export const offeredText = (c: Ctx): string => `${c.request.method} ${c.request.url} offered to the plug-in`;

/** Step 2: the Route that matched, or none. */
export const routeText = (c: Ctx): string =>
  c.cluster
    ? `${c.request.host}:${c.request.port}${requestPath(c)} matches URI ${c.uri?.name} → ServerCluster ${c.cluster.name}`
    : `no Route matches ${c.request.host}:${c.request.port}${c.request.url}; the web server serves it itself`;

/** Step 3: where the session identification was found and the clone IDs it carries. */
export const sessionIdText = (c: Ctx): string =>
  c.cloneIds.length > 0
    ? `session identification in the ${c.sessionSource === 'cookie' ? `cookie ${c.uri?.affinityCookie}` : `URL parameter ${c.uri?.affinityURLIdentifier}`}: clone IDs ${c.cloneIds.join(', ')}`
    : c.sessionSource
      ? 'session identification carries no clone ID: no affinity'
      : 'no session identification: no affinity, load balance';

/** Step 4: what the current affinity token names. */
export const candidateText = (c: Ctx): string =>
  c.candidates[c.affinityIndex]?.note ?? 'no session identification';

/** Step 5: whether the affinity member can take the request, and if not why. */
export function affinityMemberText(c: Ctx): string {
  const st = serverStateOf(c, c.affinityMember);
  if (!st) return `${c.affinityMember} unknown`;
  if (isMarkedDownNow(st, c.now)) {
    return `${c.affinityMember} is marked down (retry in ${secondsToRetry(st.retryAt, c.now)}s)`;
  }
  if (isRetryIntervalOver(st, c.now))
    return `${c.affinityMember} is marked down but its retry interval is over: try it`;
  const s = serverNamed(c, c.affinityMember);
  if (s && !isUsable(st, s, c.now)) return `${c.affinityMember} is at MaxConnections ${s.maxConnections}`;
  return `${c.affinityMember} is not marked down`;
}

/**
 * Load balancing's pick. A backup server is no balancing pick: backups are taken in the order the
 * BackupServers list gives, only when no primary server is usable (DOMAIN.md §1.4).
 */
export const balanceText = (c: Ctx): string => {
  const pick = c.lastPick;
  if (!pick) return 'no usable member';
  if (c.cluster?.servers.find((s) => s.memberName === pick.member)?.role === 'backup')
    return `no primary server is usable: next backup server ${pick.member}`;
  return `${c.cluster?.loadBalance} picks ${pick.member}${pick.reset ? ' (weights readjusted)' : ''}`;
};

/**
 * The weights this process held when it chose: affinity requests leave them alone unless
 * IgnoreAffinityRequests is false (DOMAIN.md §2.4).
 */
export const balanceData = (c: Ctx): LineEvents['plugin.balance'] => ({
  request: c.request.id,
  member: c.lastPick?.member ?? null,
  weights: (c.cluster?.servers ?? []).map(
    (s) => `${s.memberName}=${c.table.servers[s.memberName]?.weight ?? 0}`,
  ),
});

/** Steps 6 and 10 on a keep-alive stream. */
export const pooledStreamText = (c: Ctx): string => `stream to ${c.member} from the pooled connection queue`;

/** Steps 6 and 10 on a new connection. */
export const newConnectionText = (c: Ctx): string =>
  `opening a new connection to ${c.member} (${address(c)})`;

/** The TCP connect message. */
export const connectText = (c: Ctx): string => `connect ${address(c)}`;

/** Why the connection failed: refused by the member's host (the event carries the OS error). */
export const refusedFailure = (event: object): string =>
  `connection refused (OS err=${'osError' in event ? String(event.osError) : '?'})`;

/** Why the connection failed: no answer in time. */
export const connectTimeoutFailure = (c: Ctx): string =>
  `no answer within ConnectTimeout ${serverNamed(c, c.member)?.connectTimeout ?? 'unset (OS limit)'}`;

/** Why the extended handshake failed: no answer in time. */
export const handshakeTimeoutFailure = (c: Ctx): string =>
  `the JVM did not answer the extended handshake within ConnectTimeout ${serverNamed(c, c.member)?.connectTimeout ?? 'unset'}`;

/** WaitForContinue: the headers go ahead, the body waits. */
export const expectContinueText = (c: Ctx): string =>
  `send headers to ${c.member} with Expect: 100-continue; the ${c.request.bodyKB} KB body waits`;

/** The headers message under WaitForContinue. */
export const headersText = (c: Ctx): string =>
  `${c.request.method} ${c.request.url} headers, Expect: 100-continue`;

/** Step 10. */
export const sendRequestText = (c: Ctx): string =>
  `send ${c.request.method} ${c.request.url} to ${c.member} and read the response`;

/** The request message, with the clone ID that sent it there when it went by affinity. */
export const requestText = (c: Ctx): string => {
  if (!c.viaAffinity) return `${c.request.method} ${c.request.url}`;
  // After a failover by affinity the member is a later clone ID's (or partition's), not the first one's.
  const token = c.candidates.find((x) => x.member === c.member)?.token ?? '';
  return `${c.request.method} ${c.request.url} [affinity ${token}]`;
};

/** PM49491: a 503 sends the request elsewhere without marking the member down. */
export const unavailableText = (c: Ctx): string =>
  `${c.member} answered 503: try another member without marking it down (PM49491)`;

/** TN-IOT: a broken keep-alive socket is retried once on the same member. */
export const retrySameText = (c: Ctx): string =>
  `the pooled stream to ${c.member} failed: retry the same member on a new connection`;

/** Step 6's failure: the member is marked down. */
export const markDownText = (c: Ctx): string =>
  `${c.member}: ${c.failure}; mark it down and start its retry timer (${c.cluster?.retryInterval}s)`;

/** Step 7. */
export const reexamineText = (c: Ctx): string =>
  c.cloneIds.length > 0
    ? `examine the session identifier again: clone IDs ${c.cloneIds.join(', ')}`
    : 'examine the request again: no session identification';

/** Step 8: why the failed member is skipped. */
export function skipText(c: Ctx): string {
  if (c.markedDownHere) {
    return `skip ${c.failedMember}: marked down, retry timer ${(c.cluster?.retryInterval ?? 0).toFixed(1)}s`;
  }
  const st = serverStateOf(c, c.failedMember);
  if (st && isMarkedDownNow(st, c.now)) {
    return `skip ${c.failedMember}: marked down, retry timer ${secondsToRetry(st.retryAt, c.now)}s`;
  }
  return `skip ${c.failedMember}: it failed this request`;
}

/** Step 9's words for how the replacement was found, in the product's terms (DOMAIN.md §1.4, §2.7). */
export function replacementReason(c: Ctx): string {
  const pick = c.lastPick;
  if (!pick) return '';
  const cloneId = serverNamed(c, pick.member)?.cloneId;
  switch (pick.choice) {
    case 'affinity':
      return `: ${c.candidates.find((x) => x.member === pick.member)?.note ?? 'named by the session identification'}`;
    case 'backup':
      // Backups are not balanced: strictly in list order, and only when every primary is unusable.
      return ` (CloneID ${cloneId}; first usable server in the BackupServers list: no primary server is usable)`;
    case 'nextInList':
      return ` (CloneID ${cloneId}; next in the primary server list)`;
    default:
      return ` (CloneID ${cloneId}; spread by load balancing, PM12112)`;
  }
}

/** Step 9. */
export const replacementText = (c: Ctx): string =>
  `${c.lastPick ? `pick ${c.lastPick.member}${replacementReason(c)}` : 'no other member can take the request'}`;

/** Step 9's trace data: the pick and how it was chosen. */
export const replacementData = (c: Ctx): LineEvents['plugin.step'] =>
  c.lastPick
    ? { request: c.request.id, step: 9, pick: c.lastPick.member, choice: c.lastPick.choice ?? null }
    : { request: c.request.id, step: 9 };

/** PH46938's last attempt. */
export const tryAnywayText = (c: Ctx): string =>
  `PH46938: every member is marked down; attempt ${c.member} anyway`;

/** The error the plug-in answers with, as its trace line. */
export const failureText = (c: Ctx): string =>
  `${c.outcome?.status} ${c.outcome?.title}: ${c.outcome?.message}`;

/** PostSizeLimit refuses the body before any member sees it. */
export const tooLargeOutcome = (c: Ctx): Outcome => ({
  status: 413,
  title: 'Request Entity Too Large',
  message: `The ${c.request.bodyKB} KB body exceeds PostSizeLimit ${c.cluster?.postSizeLimit} KB; the plug-in fails the request. (Status code [INFERRED].)`,
});

/** ServerIOTimeoutRetry is used up. */
export const ioTimeoutRetriesUsedOutcome: Outcome = {
  status: 500,
  title: 'Internal Server Error',
  message: 'ServerIOTimeout fired and ServerIOTimeoutRetry allows no more retries.',
};

/** The body was sent and PostBufferSize did not keep it: the POST data is lost. */
export const postDataLostOutcome = (c: Ctx): Outcome => ({
  status: 500,
  title: 'Internal Server Error',
  message:
    c.cluster?.postBufferSize === 0
      ? `PostBufferSize is 0: the ${c.request.bodyKB} KB body was not buffered and cannot be re-sent. The POST data is lost.`
      : `The ${c.request.bodyKB} KB body is larger than PostBufferSize ${c.cluster?.postBufferSize} KB and cannot be re-sent. The POST data is lost.`,
});

/** No member is left to try. */
export const allDownOutcome: Outcome = {
  status: 500,
  title: 'Internal Server Error',
  message: 'Every cluster member is marked down or failed: the plug-in has nowhere to send the request.',
};

/** Every member is at MaxConnections from this process. */
export const allBusyOutcome: Outcome = {
  status: 503,
  title: 'Service Unavailable',
  message: 'Every cluster member has reached MaxConnections from this web server process.',
};

/** The plug-in's error page for the walk's outcome. */
export const errorResponse = (c: Ctx): HttpResponse => ({
  requestId: c.request.id,
  status: c.outcome?.status ?? 500,
  page: errorPage(c.outcome?.status ?? 500, c.outcome?.title ?? 'Error', c.outcome?.message ?? ''),
  servedBy: c.process,
});

/** No Route: the web server looks for a file of its own, and has none. */
export const notFoundResponse = (c: Ctx): HttpResponse => ({
  requestId: c.request.id,
  status: 404,
  page: errorPage(
    404,
    'Not Found',
    `The web server has no file ${c.request.url}; no Route sends it to a cluster.`,
  ),
  servedBy: c.process,
});

/** The response message to the browser. */
export const responseText = (c: Ctx): string =>
  `${c.response?.status} ${c.response?.page.title} from ${c.response?.servedBy}`;
