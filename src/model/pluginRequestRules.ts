// The decisions one request's walk makes over its process's server table (DOMAIN.md §2): the route, the
// session's affinity candidates, whether a body can be re-sent, the failover pick, PH46938's last try.
// Pure functions of the walk's context; pluginRequestMachine says when each one applies.

import type { ClusterConfig, ServerConfig } from './config.ts';
import type { AffinityCandidate, PluginRequestContext } from './pluginRequestContext.ts';
import {
  backupServers,
  isUsable,
  matchRoute,
  memberForCloneId,
  pickFailoverTarget,
  pickForBalancing,
  primaryServers,
  type ServerState,
  type ServerTable,
} from './routing.ts';
import { cloneSeparator, parseSessionId, sessionIdFromUrl } from './sessionId.ts';

type Ctx = PluginRequestContext;

/**
 * Clone IDs name members directly; a partition ID (memory-to-memory peer-to-peer) names them through
 * this process's partition table: the owner first, then the members holding its backups (DOMAIN.md §5.3).
 */
export function affinityCandidates(
  tokens: readonly string[],
  cluster: ClusterConfig,
  partitions: ServerTable['partitions'],
): AffinityCandidate[] {
  const out: AffinityCandidate[] = [];
  for (const token of tokens) {
    const byClone = memberForCloneId(cluster, token);
    if (byClone) {
      out.push({
        token,
        member: byClone.memberName,
        note: `CloneID ${token} belongs to ${byClone.memberName}`,
      });
      continue;
    }
    const isPartition = cluster.servers.some((s) => s.partitionId === token);
    if (!isPartition) {
      out.push({ token, member: null, note: `no server has CloneID ${token}` });
    } else if (!cluster.getDWLMTable) {
      out.push({
        token,
        member: null,
        note: `partition ID ${token}: GetDWLMTable is false, so the plug-in cannot map it`,
      });
    } else if (!partitions) {
      out.push({
        token,
        member: null,
        note: `partition ID ${token}: this process has no partition table yet (PK48101)`,
      });
    } else {
      (partitions.table[token] ?? []).forEach((m, i) =>
        out.push({
          token,
          member: m,
          note:
            i === 0
              ? `partition ${token} belongs to ${m}`
              : `partition ${token}: ${m} holds its backup (hot failover)`,
        }),
      );
    }
  }
  return out;
}

/** The cluster's server named `name` (a loop: `find` would make a closure on every call of a hot path). */
export function serverNamed(ctx: Ctx, name: string | null): ServerConfig | undefined {
  const servers = ctx.cluster?.servers;
  if (servers) for (const s of servers) if (s.memberName === name) return s;
  return undefined;
}

/** What this walk's process knows about the member named `name`. */
export const serverStateOf = (ctx: Ctx, name: string | null): ServerState | undefined =>
  name === null ? undefined : ctx.table.servers[name];

/** The request's path: the URL without its path parameters (`;jsessionid=…`) or query. */
export const requestPath = (ctx: Ctx): string => ctx.request.url.split(/[;?]/)[0] ?? '/';

/** Step 2: the best-scoring Route, if it names this plug-in's ServerCluster. */
export function routeOf(ctx: Ctx): Pick<Ctx, 'cluster' | 'uri'> {
  const m = matchRoute(ctx.plugin, ctx.request.host, ctx.request.port, requestPath(ctx));
  return {
    cluster: m && m.cluster === ctx.plugin.cluster.name ? ctx.plugin.cluster : null,
    uri: m?.uri ?? null,
  };
}

/** Step 3: the session identification (the affinity cookie first, then the URL), and what it names. */
export function sessionIdentification(ctx: Ctx): Pick<Ctx, 'cloneIds' | 'candidates' | 'sessionSource'> {
  const sep = cloneSeparator(ctx.cluster?.cloneSeparatorChange ?? false);
  const cookieName = ctx.uri?.affinityCookie ?? 'JSESSIONID';
  const fromCookie = ctx.request.cookies[cookieName];
  const fromUrl = sessionIdFromUrl(ctx.request.url, ctx.uri?.affinityURLIdentifier ?? 'jsessionid');
  const raw = fromCookie ?? fromUrl;
  const parts = raw ? parseSessionId(raw, sep) : null;
  const cloneIds = parts?.cloneIds ?? [];
  return {
    cloneIds,
    candidates: ctx.cluster ? affinityCandidates(cloneIds, ctx.cluster, ctx.table.partitions) : [],
    sessionSource: fromCookie ? ('cookie' as const) : fromUrl ? ('url' as const) : null,
  };
}

/** The member may take a request now: not marked down (or due for retry), and below MaxConnections. */
export function isMemberUsable(ctx: Ctx, name: string | null): boolean {
  const st = serverStateOf(ctx, name);
  const s = serverNamed(ctx, name);
  return st !== undefined && s !== undefined && isUsable(st, s, ctx.now);
}

/** The request body can go to another member: unread yet, or within PostBufferSize (DOMAIN.md §2.8). */
export function isBodyResendable(ctx: Ctx): boolean {
  const size = ctx.request.bodyKB;
  // A body not yet read from the client can still go anywhere; once sent, only the buffered part can be re-sent.
  // With WaitForContinue it is not sent until the member answers 100 Continue [INFERRED].
  if (size <= 0 || !ctx.bodyConsumed) return true;
  const buffer = ctx.cluster?.postBufferSize ?? 64;
  return buffer === -1 || (buffer > 0 && size <= buffer);
}

/** Some member of the cluster has not been tried by this walk yet. */
export const hasRetriesLeft = (ctx: Ctx): boolean =>
  ctx.cluster !== null && ctx.tried.length < ctx.cluster.servers.length;

/** ServerIOTimeoutRetry: -1 (the default) retries without limit. */
export const ioTimeoutRetryCap = (ctx: Ctx): number => ctx.cluster?.serverIOTimeoutRetry ?? -1;

/** ServerIOTimeoutRetry allows another attempt after this walk's ServerIOTimeouts so far. */
export function isIoTimeoutRetryAllowed(ctx: Ctx): boolean {
  const cap = ioTimeoutRetryCap(ctx);
  return cap < 0 || ctx.ioTimeoutRetries < cap;
}

/** The current member's ConnectTimeout in ms; unset or 0 leaves it to the operating system's limit. */
export function connectTimeoutMs(ctx: Ctx): number {
  const t = serverNamed(ctx, ctx.member)?.connectTimeout ?? null;
  return t !== null && t > 0 ? t * 1000 : ctx.osConnectTimeout;
}

/** The current member's ServerIOTimeout in ms; its sign says what happens when it fires, not how long. */
export const serverIOTimeoutMs = (ctx: Ctx): number =>
  Math.abs(serverNamed(ctx, ctx.member)?.serverIOTimeout ?? 0) * 1000;

/**
 * PH46938 with every member marked down: the next member this walk has not attempted yet, marked down
 * or not. The session's own members first, then the primary list, then the backup list ([INFERRED]
 * order: the APAR only says the plug-in still attempts a server).
 */
export function tryAnywayTarget(ctx: Ctx): string | null {
  const cluster = ctx.cluster;
  if (!cluster) return null;
  for (const cand of ctx.candidates)
    if (cand.member !== null && !ctx.attempted.includes(cand.member) && serverNamed(ctx, cand.member))
      return cand.member;
  for (const s of primaryServers(cluster)) if (!ctx.attempted.includes(s.memberName)) return s.memberName;
  for (const s of backupServers(cluster)) if (!ctx.attempted.includes(s.memberName)) return s.memberName;
  return null;
}

/** No usable affinity: the member weighted round robin (or Random) picks, if any. */
export function balancingPick(ctx: Ctx): Pick<Ctx, 'lastPick' | 'member' | 'viaAffinity'> {
  const pick = ctx.cluster ? pickForBalancing(ctx.table, ctx.cluster, ctx.now, ctx.random, ctx.tried) : null;
  return { lastPick: pick, member: pick?.member ?? null, viaAffinity: false };
}

/** A new attempt on `ctx.member`: numbered, counted as tried, on a pooled stream if the queue has one. */
export function streamAttempt(
  ctx: Ctx,
): Pick<Ctx, 'handshakeDone' | 'probing' | 'pooled' | 'tried' | 'attempted' | 'attempt' | 'connId'> {
  const member = ctx.member ?? '';
  return {
    handshakeDone: false,
    // Any attempt on a marked-down member is its probe: after the retry interval, or under PH46938.
    probing: serverStateOf(ctx, ctx.member)?.markedDown ?? false,
    // A keep-alive stream from the queue, unless the last one to this member just broke.
    pooled: !ctx.retryingSame && (serverStateOf(ctx, ctx.member)?.pooledStreams ?? 0) > 0,
    tried: ctx.tried.includes(member) ? ctx.tried : [...ctx.tried, member],
    attempted: ctx.attempted.includes(member) ? ctx.attempted : [...ctx.attempted, member],
    attempt: ctx.attempt + 1,
    connId: `${ctx.walkId}.${ctx.attempt + 1}`,
  };
}

/**
 * Step 9: the replacement member. The session's own identification first (the next clone ID, or the
 * member holding the partition's backup), then the plug-in's server lists.
 */
export function failoverPick(
  ctx: Ctx,
): Pick<Ctx, 'lastPick' | 'member' | 'viaAffinity' | 'tryingAnyway'> &
  Partial<Pick<Ctx, 'sameMemberRetried'>> {
  const next = ctx.candidates.find(
    (cand) => cand.member !== null && !ctx.tried.includes(cand.member) && isMemberUsable(ctx, cand.member),
  );
  if (next?.member && hasRetriesLeft(ctx)) {
    return {
      lastPick: { member: next.member, reset: false, choice: 'affinity' as const },
      member: next.member,
      viaAffinity: true,
      tryingAnyway: false,
    };
  }
  const pick =
    ctx.cluster && hasRetriesLeft(ctx)
      ? pickFailoverTarget(
          ctx.table,
          ctx.cluster,
          ctx.switches,
          ctx.failedMember,
          ctx.now,
          ctx.random,
          ctx.tried,
        )
      : null;
  return {
    lastPick: pick,
    member: pick?.member ?? null,
    viaAffinity: false,
    sameMemberRetried: false,
    tryingAnyway: false,
  };
}
