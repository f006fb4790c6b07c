// The lines the plug-in writes to its log (http_plugin.log) during one request's walk, in the product's
// own wording (DOMAIN.md §2.5). io/pluginLog.ts adds the timestamp, process and thread to each.

import type { ServerConfig } from './config.ts';
import type { PluginRequestContext } from './pluginRequestContext.ts';
import { ioTimeoutRetryCap, isBodyResendable, serverNamed, serverStateOf } from './pluginRequestRules.ts';

type Ctx = PluginRequestContext;

/** The server's name as the log writes it: `node_member`. */
export const serverName = (s: ServerConfig | undefined): string =>
  s ? `${s.nodeName}_${s.memberName}` : '?';

/** The current member refused the connection. */
export const connectRefusedLine = (c: Ctx): string =>
  `ERROR: ws_common: websphereGetStream: Failed to connect to app server on host '${serverNamed(c, c.member)?.hostname}', OS err=10061`;

/** The current member did not accept the connection within ConnectTimeout. */
export const connectTimeoutLine = (c: Ctx): string =>
  `ERROR: ws_common: websphereGetStream: Connect timeout to app server on host '${serverNamed(c, c.member)?.hostname}'`;

/** Follows either connect failure. */
export const streamFailedLine = (): string =>
  'ERROR: ws_common: websphereExecute: Failed to create the stream';

/** ServerIOTimeout fired while the headers waited for 100 Continue. */
export const continueTimeoutLine = (c: Ctx): string =>
  `ERROR: ServerIOTimeout fired waiting for 100 Continue from ${c.member}`;

/** ServerIOTimeout fired while reading the response: the count so far and whether a retry may follow. */
export function responseTimeoutLine(c: Ctx): string {
  const s = serverNamed(c, c.member);
  const cap = ioTimeoutRetryCap(c);
  const retry = isBodyResendable(c) && (cap < 0 || c.ioTimeoutRetries < cap);
  return `ERROR: ServerIOTimeout fired. Time out ${Math.abs(s?.serverIOTimeout ?? 0)}. retry count ${c.ioTimeoutRetries}. serverIOTimeoutRetry ${cap}, retry ${retry ? 'YES' : 'NO'}`;
}

/** The connection broke while the plug-in read the response. */
export const responseResetLine = (c: Ctx): string =>
  `ERROR: ws_common: websphereExecute: Failed to read the response from '${serverName(serverNamed(c, c.member))}': connection reset`;

/** The current member is marked down. */
export const markingDownLine = (c: Ctx): string =>
  `ERROR: ws_server: serverSetFailoverStatus: Marking ${serverName(serverNamed(c, c.member))} down`;

/** The member's counters as the mark-down leaves them: this request no longer pending, one more failure. */
export function markDownStatsLine(c: Ctx): string {
  const st = serverStateOf(c, c.member);
  return `STATS: ws_server: serverSetFailoverStatus: Server ${serverName(serverNamed(c, c.member))} : pendingConnections ${Math.max(0, (st?.pendingConnections ?? 1) - 1)} failedConnections ${(st?.failedConnections ?? 0) + 1} affinityConnections ${st?.affinityConnections ?? 0} totalConnections ${st?.totalConnections ?? 0}.`;
}

/** The request failed on the failed member and the plug-in looks for another (the product's missing space kept). */
export const tryAnotherLine = (c: Ctx): string =>
  `ERROR: ws_common: websphereHandleRequest: Failed to execute the transaction to '${serverName(serverNamed(c, c.failedMember))}'on host '${serverNamed(c, c.failedMember)?.hostname}'; will try another one`;
