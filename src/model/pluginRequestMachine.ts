// One request's walk through a web server process of the plug-in: the ten steps of DOMAIN.md §2.1 as
// tagged states, with weighted round robin, mark-down, retry interval, ServerIOTimeout, PostBufferSize
// and the failover choice. The process's server table arrives with every event; changes to it go back
// to the process as `local` effects, so all walks of a process share one view (DOMAIN.md §6.3).

import { assign, emit, setup } from './statechart.ts';
import type { ClusterConfig, ServerConfig } from './config.ts';
import type { Effect, TraceData } from './effects.ts';
import { errorPage } from './http.ts';
import {
  startingContext,
  type AffinityCandidate,
  type PluginRequestContext,
  type PluginRequestEvent,
  type PluginRequestInput,
} from './pluginRequestContext.ts';
import {
  allAtMaxConnections,
  backupServers,
  isMarkedDownNow,
  isRetryIntervalOver,
  isUsable,
  matchRoute,
  memberForCloneId,
  pickFailoverTarget,
  pickForBalancing,
  primaryServers,
  type ServerTable,
} from './routing.ts';
import { cloneSeparator, parseSessionId, sessionIdFromUrl } from './sessionId.ts';

export type {
  AffinityCandidate,
  PluginRequestContext,
  PluginRequestEvent,
  PluginRequestInput,
  ReplacementChoice,
} from './pluginRequestContext.ts';

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
function server(ctx: PluginRequestContext, name: string | null): ServerConfig | undefined {
  const servers = ctx.cluster?.servers;
  if (servers) for (const s of servers) if (s.memberName === name) return s;
  return undefined;
}

const serverName = (s: ServerConfig | undefined): string => (s ? `${s.nodeName}_${s.memberName}` : '?');

const stateOf = (ctx: PluginRequestContext, name: string | null) =>
  name === null ? undefined : ctx.table.servers[name];

const bodyResendable = (ctx: PluginRequestContext): boolean => {
  const size = ctx.request.bodyKB;
  // A body not yet read from the client can still go anywhere; once sent, only the buffered part can be re-sent.
  // With WaitForContinue it is not sent until the member answers 100 Continue [INFERRED].
  if (size <= 0 || !ctx.bodyConsumed) return true;
  const buffer = ctx.cluster?.postBufferSize ?? 64;
  return buffer === -1 || (buffer > 0 && size <= buffer);
};

const retriesLeft = (ctx: PluginRequestContext): boolean =>
  ctx.cluster !== null && ctx.tried.length < ctx.cluster.servers.length;

/**
 * PH46938 with every member marked down: the next member this walk has not attempted yet, marked down
 * or not. The session's own members first, then the primary list, then the backup list ([INFERRED]
 * order: the APAR only says the plug-in still attempts a server).
 */
function tryAnywayTarget(ctx: PluginRequestContext): string | null {
  const cluster = ctx.cluster;
  if (!cluster) return null;
  for (const cand of ctx.candidates)
    if (cand.member !== null && !ctx.attempted.includes(cand.member) && server(ctx, cand.member))
      return cand.member;
  for (const s of primaryServers(cluster)) if (!ctx.attempted.includes(s.memberName)) return s.memberName;
  for (const s of backupServers(cluster)) if (!ctx.attempted.includes(s.memberName)) return s.memberName;
  return null;
}

const walk = setup({
  types: {
    context: {} as PluginRequestContext,
    input: {} as PluginRequestInput,
    events: {} as PluginRequestEvent,
    emitted: {} as Effect,
  },
  guards: {
    hasRoute: ({ context }) => context.cluster !== null,
    exceedsPostSizeLimit: ({ context }) =>
      context.cluster !== null &&
      context.cluster.postSizeLimit >= 0 &&
      context.request.bodyKB > context.cluster.postSizeLimit,
    hasCloneIds: ({ context }) => context.cloneIds.length > 0,
    affinityMemberFound: ({ context }) => context.affinityMember !== null,
    hasMoreCloneIds: ({ context }) => context.affinityIndex + 1 < context.candidates.length,
    isAffinityMemberUsable: ({ context }) => {
      const st = stateOf(context, context.affinityMember);
      const s = server(context, context.affinityMember);
      return st !== undefined && s !== undefined && isUsable(st, s, context.now);
    },
    picked: ({ context }) => context.lastPick !== null,
    allAtMaxConnections: ({ context }) =>
      context.cluster !== null &&
      allAtMaxConnections(context.table, context.cluster, context.now, context.tried),
    tryWhenAllDown: ({ context }) =>
      context.switches.tryWhenAllDown && tryAnywayTarget(context) !== null && bodyResendable(context),
    hasServerIOTimeout: ({ context }) => (server(context, context.member)?.serverIOTimeout ?? 0) !== 0,
    needsHandshake: ({ context }) =>
      (server(context, context.member)?.extendedHandshake ?? false) &&
      !context.pooled &&
      !context.handshakeDone,
    waitsForContinue: ({ context }) =>
      (server(context, context.member)?.waitForContinue ?? false) && context.request.bodyKB > 0,
    isServiceUnavailable: ({ event }) => event.type === 'http.response' && event.response.status === 503,
    isCurrentConnection: ({ context, event }) => 'connId' in event && event.connId === context.connId,
    canRetrySameSocket: ({ context }) => context.pooled && !context.sameMemberRetried,
    isNegativeServerIOTimeout: ({ context }) => (server(context, context.member)?.serverIOTimeout ?? 0) < 0,
    ioTimeoutRetryAllowed: ({ context }) => {
      const cap = context.cluster?.serverIOTimeoutRetry ?? -1;
      return cap < 0 || context.ioTimeoutRetries < cap;
    },
    canResend: ({ context }) => bodyResendable(context) && retriesLeft(context),
  },
  delays: {
    connectTimeout: ({ context }) => {
      const t = server(context, context.member)?.connectTimeout ?? null;
      return t !== null && t > 0 ? t * 1000 : context.osConnectTimeout;
    },
    serverIOTimeout: ({ context }) => Math.abs(server(context, context.member)?.serverIOTimeout ?? 0) * 1000,
  },
  actions: {
    observe: assign(({ event }) => ({ now: event.now, table: event.table, random: event.random })),
  },
});

const requestOnly = (ctx: PluginRequestContext): TraceData => ({ request: ctx.request.id });

/**
 * A trace line of this walk. `data` gives the whole of its details, the request first; written out as
 * one literal, as the trace keeps every one (a spread makes V8 build a bigger object).
 */
const trace = (
  event: string,
  text: (ctx: PluginRequestContext) => string,
  data: (ctx: PluginRequestContext) => TraceData = requestOnly,
) =>
  walk.emit(({ context }) => ({
    type: 'trace' as const,
    event,
    text: text(context),
    data: data(context),
  }));

const step = (n: number, text: (ctx: PluginRequestContext) => string) =>
  trace(
    'plugin.step',
    (ctx) => `step ${n}: ${text(ctx)}`,
    (ctx) => ({ request: ctx.request.id, step: n }),
  );

/** Step 9's words for how the replacement was found, in the product's terms (DOMAIN.md §1.4, §2.7). */
function replacementReason(c: PluginRequestContext): string {
  const pick = c.lastPick;
  if (!pick) return '';
  const cloneId = server(c, pick.member)?.cloneId;
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

/**
 * Waiting for the member to answer: with a ServerIOTimeout each read has that limit (then `ioTimedOut`
 * decides), with 0 the plug-in blocks until the connection breaks (DOMAIN.md §2.6).
 */
function waitingForMember(logLine: (ctx: PluginRequestContext) => string) {
  return {
    initial: 'choosing' as const,
    states: {
      choosing: {
        always: [{ guard: 'hasServerIOTimeout' as const, target: 'timed' }, { target: 'blocking' }],
      },
      timed: {
        after: {
          serverIOTimeout: {
            target: '#pluginRequest.ioTimedOut',
            actions: ['observe' as const, trace('plugin.log', logLine)],
          },
        },
      },
      blocking: {},
    },
  };
}

/**
 * A step that commits to a member (getting a stream): the monitors check it against mark-downs. A
 * PH46938 attempt says so (`tryAnyway`): it goes to a marked-down member on purpose.
 */
const streamStep = (n: number, text: (ctx: PluginRequestContext) => string) =>
  trace(
    'plugin.step',
    (ctx) => `step ${n}: ${text(ctx)}`,
    (ctx): TraceData =>
      ctx.tryingAnyway
        ? { request: ctx.request.id, step: n, member: ctx.member ?? '', tryAnyway: true }
        : { request: ctx.request.id, step: n, member: ctx.member ?? '' },
  );

/** Getting a stream: step 6 on the first attempt, step 10 on a failover attempt (DOMAIN.md §2.1). */
function streamState(n: 6 | 10, description: string) {
  return walk.createStateConfig({
    tags: [`step-${n}`],
    description,
    initial: 'choosing',
    entry: [
      walk.assign(({ context }) => ({
        handshakeDone: false,
        // Any attempt on a marked-down member is its probe: after the retry interval, or under PH46938.
        probing: stateOf(context, context.member)?.markedDown ?? false,
        // A keep-alive stream from the queue, unless the last one to this member just broke.
        pooled: !context.retryingSame && (stateOf(context, context.member)?.pooledStreams ?? 0) > 0,
        tried: context.tried.includes(context.member ?? '')
          ? context.tried
          : [...context.tried, context.member ?? ''],
        attempted: context.attempted.includes(context.member ?? '')
          ? context.attempted
          : [...context.attempted, context.member ?? ''],
        attempt: context.attempt + 1,
        connId: `${context.walkId}.${context.attempt + 1}`,
      })),
      walk.emit(({ context }) => ({
        type: 'local' as const,
        to: context.process,
        event: {
          type: 'plugin.assign',
          member: context.member,
          affinity: context.viaAffinity,
          reset: context.lastPick?.reset ?? false,
          probe: context.probing,
          sameMember: context.retryingSame,
          pooled: context.pooled,
        },
      })),
      walk.assign({ retryingSame: false }),
    ],
    states: {
      choosing: {
        always: [
          { guard: ({ context }) => context.pooled, target: 'usingPooledStream' },
          { target: 'connecting' },
        ],
      },
      usingPooledStream: {
        entry: streamStep(n, (c) => `stream to ${c.member} from the pooled connection queue`),
        always: '#pluginRequest.streamReady',
      },
      connecting: {
        entry: [
          streamStep(
            n,
            (c) =>
              `opening a new connection to ${c.member} (${server(c, c.member)?.hostname}:${server(c, c.member)?.port})`,
          ),
          walk.emit(({ context }) => ({
            type: 'send' as const,
            to: context.member ?? '',
            event: { type: 'tcp.connect', connId: context.connId, replyTo: context.walkId },
            text: `connect ${server(context, context.member)?.hostname}:${server(context, context.member)?.port}`,
          })),
        ],
        on: {
          'tcp.accepted': {
            guard: 'isCurrentConnection',
            target: '#pluginRequest.streamReady',
            actions: 'observe',
          },
          'tcp.refused': {
            guard: 'isCurrentConnection',
            target: '#pluginRequest.markingDown',
            actions: [
              'observe',
              walk.assign(({ event }) => ({
                failure: `connection refused (OS err=${'osError' in event ? String(event.osError) : '?'})`,
              })),
              trace(
                'plugin.log',
                (c) =>
                  `ERROR: ws_common: websphereGetStream: Failed to connect to app server on host '${server(c, c.member)?.hostname}', OS err=10061`,
              ),
              trace('plugin.log', () => 'ERROR: ws_common: websphereExecute: Failed to create the stream'),
            ],
          },
        },
        after: {
          connectTimeout: {
            target: '#pluginRequest.markingDown',
            actions: [
              'observe',
              walk.assign(({ context }) => ({
                failure: `no answer within ConnectTimeout ${server(context, context.member)?.connectTimeout ?? 'unset (OS limit)'}`,
              })),
              trace(
                'plugin.log',
                (c) =>
                  `ERROR: ws_common: websphereGetStream: Connect timeout to app server on host '${server(c, c.member)?.hostname}'`,
              ),
              trace('plugin.log', () => 'ERROR: ws_common: websphereExecute: Failed to create the stream'),
            ],
          },
        },
      },
    },
  });
}

export const pluginRequestMachine = walk.createMachine({
  id: 'pluginRequest',
  context: ({ input }) => startingContext(input),
  initial: 'receivedRequest',
  states: {
    receivedRequest: {
      tags: ['step-1'],
      description: 'The request reaches the web server, which offers every request to the plug-in first.',
      entry: step(1, (c) => `${c.request.method} ${c.request.url} offered to the plug-in`),
      always: 'matchingRoute',
    },
    matchingRoute: {
      tags: ['step-2'],
      description:
        'The plug-in scores every Route whose virtual host and URI match; the best one names the ServerCluster.',
      entry: [
        assign(({ context }) => {
          const path = context.request.url.split(/[;?]/)[0] ?? '/';
          const m = matchRoute(context.plugin, context.request.host, context.request.port, path);
          return {
            cluster: m && m.cluster === context.plugin.cluster.name ? context.plugin.cluster : null,
            uri: m?.uri ?? null,
          };
        }),
        step(2, (c) =>
          c.cluster
            ? `${c.request.host}:${c.request.port}${c.request.url.split(/[;?]/)[0]} matches URI ${c.uri?.name} → ServerCluster ${c.cluster.name}`
            : `no Route matches ${c.request.host}:${c.request.port}${c.request.url}; the web server serves it itself`,
        ),
      ],
      always: [{ guard: 'hasRoute', target: 'checkingPostSizeLimit' }, { target: 'servedByWebServer' }],
    },
    checkingPostSizeLimit: {
      always: [
        {
          guard: 'exceedsPostSizeLimit',
          target: 'failing',
          actions: assign(({ context }) => ({
            outcome: {
              status: 413,
              title: 'Request Entity Too Large',
              message: `The ${context.request.bodyKB} KB body exceeds PostSizeLimit ${context.cluster?.postSizeLimit} KB; the plug-in fails the request. (Status code [INFERRED].)`,
            },
          })),
        },
        { target: 'findingSessionId' },
      ],
    },
    findingSessionId: {
      tags: ['step-3'],
      description:
        'The plug-in looks for session identification: the cookie named by AffinityCookie, then the URL parameter named by AffinityURLIdentifier.',
      entry: [
        assign(({ context }) => {
          const sep = cloneSeparator(context.cluster?.cloneSeparatorChange ?? false);
          const cookieName = context.uri?.affinityCookie ?? 'JSESSIONID';
          const fromCookie = context.request.cookies[cookieName];
          const fromUrl = sessionIdFromUrl(
            context.request.url,
            context.uri?.affinityURLIdentifier ?? 'jsessionid',
          );
          const raw = fromCookie ?? fromUrl;
          const parts = raw ? parseSessionId(raw, sep) : null;
          const cloneIds = parts?.cloneIds ?? [];
          return {
            cloneIds,
            candidates: context.cluster
              ? affinityCandidates(cloneIds, context.cluster, context.table.partitions)
              : [],
            sessionSource: fromCookie ? ('cookie' as const) : fromUrl ? ('url' as const) : null,
          };
        }),
        step(3, (c) =>
          c.cloneIds.length > 0
            ? `session identification in the ${c.sessionSource === 'cookie' ? `cookie ${c.uri?.affinityCookie}` : `URL parameter ${c.uri?.affinityURLIdentifier}`}: clone IDs ${c.cloneIds.join(', ')}`
            : c.sessionSource
              ? 'session identification carries no clone ID: no affinity'
              : 'no session identification: no affinity, load balance',
        ),
      ],
      always: [{ guard: 'hasCloneIds', target: 'findingAffinityMember' }, { target: 'balancingLoad' }],
    },
    findingAffinityMember: {
      tags: ['step-4'],
      description:
        'The plug-in searches the server list for the member whose CloneID matches, left to right.',
      entry: [
        assign(({ context }) => ({
          affinityMember: context.candidates[context.affinityIndex]?.member ?? null,
        })),
        step(4, (c) => c.candidates[c.affinityIndex]?.note ?? 'no session identification'),
      ],
      always: [
        { guard: 'affinityMemberFound', target: 'checkingMarkedDown' },
        {
          guard: 'hasMoreCloneIds',
          target: 'findingAffinityMember',
          reenter: true,
          actions: assign(({ context }) => ({ affinityIndex: context.affinityIndex + 1 })),
        },
        { target: 'balancingLoad' },
      ],
    },
    checkingMarkedDown: {
      tags: ['step-5'],
      description: 'The plug-in checks whether the affinity member is marked down in this process.',
      entry: step(5, (c) => {
        const st = stateOf(c, c.affinityMember);
        if (!st) return `${c.affinityMember} unknown`;
        if (isMarkedDownNow(st, c.now)) {
          return `${c.affinityMember} is marked down (retry in ${(((st.retryAt ?? c.now) - c.now) / 1000).toFixed(1)}s)`;
        }
        if (isRetryIntervalOver(st, c.now))
          return `${c.affinityMember} is marked down but its retry interval is over: try it`;
        const s = server(c, c.affinityMember);
        if (s && !isUsable(st, s, c.now))
          return `${c.affinityMember} is at MaxConnections ${s.maxConnections}`;
        return `${c.affinityMember} is not marked down`;
      }),
      always: [
        {
          guard: 'isAffinityMemberUsable',
          target: 'gettingStream',
          actions: assign(({ context }) => ({ member: context.affinityMember, viaAffinity: true })),
        },
        {
          guard: 'hasMoreCloneIds',
          target: 'findingAffinityMember',
          actions: assign(({ context }) => ({
            affinityIndex: context.affinityIndex + 1,
            failedMember: context.failedMember ?? context.affinityMember,
          })),
        },
        {
          target: 'skippingMarkedDown',
          actions: assign(({ context }) => ({
            failedMember: context.cloneIds.length > 0 ? context.affinityMember : null,
            tried: context.affinityMember ? [...context.tried, context.affinityMember] : context.tried,
          })),
        },
      ],
    },
    balancingLoad: {
      tags: ['balancing'],
      description:
        'No usable affinity: weighted round robin (or Random) over the primary servers; backups only when no primary is usable.',
      entry: [
        assign(({ context }) => {
          const pick = context.cluster
            ? pickForBalancing(context.table, context.cluster, context.now, context.random, context.tried)
            : null;
          return { lastPick: pick, member: pick?.member ?? null, viaAffinity: false };
        }),
        trace(
          'plugin.balance',
          (c) =>
            c.lastPick
              ? `${c.cluster?.loadBalance} picks ${c.lastPick.member}${c.lastPick.reset ? ' (weights readjusted)' : ''}`
              : 'no usable member',
          // The weights this process held when it chose: affinity requests leave them alone unless
          // IgnoreAffinityRequests is false (DOMAIN.md §2.4).
          (c) => ({
            request: c.request.id,
            member: c.lastPick?.member ?? null,
            weights: (c.cluster?.servers ?? []).map(
              (s) => `${s.memberName}=${c.table.servers[s.memberName]?.weight ?? 0}`,
            ),
          }),
        ),
      ],
      always: [
        { guard: 'picked', target: 'gettingStream' },
        { guard: 'allAtMaxConnections', target: 'allBusy' },
        { target: 'allMembersDown' },
      ],
    },
    gettingStream: streamState(
      6,
      'The plug-in tries to get a stream to the affinity or balanced member: a pooled keep-alive connection from its queue, or a new connection.',
    ),
    gettingFailoverStream: streamState(
      10,
      'The plug-in gets a stream to the replacement member (pooled or new) so it can send the request and read the response.',
    ),
    streamReady: {
      description:
        'A stream is ready: prove the JVM answers (ExtendedHandshake), ask for 100 Continue (WaitForContinue), or send.',
      always: [
        { guard: 'needsHandshake', target: 'handshaking' },
        { guard: 'waitsForContinue', target: 'awaitingContinue' },
        { target: 'awaitingResponse' },
      ],
    },
    handshaking: {
      tags: ['step-6'],
      description:
        'ExtendedHandshake: the connection was accepted, but only an answer from the JVM proves the member is up (PQ69608).',
      entry: [
        trace('plugin.handshake', (c) => `extended handshake with ${c.member}`),
        emit(({ context }) => ({
          type: 'send' as const,
          to: context.member ?? '',
          event: { type: 'http.handshake', connId: context.connId, replyTo: context.walkId },
          text: 'extended handshake',
        })),
      ],
      on: {
        'handshake.ok': {
          guard: 'isCurrentConnection',
          target: 'streamReady',
          actions: ['observe', assign({ handshakeDone: true })],
        },
        'tcp.reset': {
          guard: 'isCurrentConnection',
          target: 'markingDown',
          actions: ['observe', assign({ failure: 'the connection broke during the extended handshake' })],
        },
      },
      after: {
        connectTimeout: {
          target: 'markingDown',
          actions: [
            'observe',
            assign(({ context }) => ({
              failure: `the JVM did not answer the extended handshake within ConnectTimeout ${server(context, context.member)?.connectTimeout ?? 'unset'}`,
            })),
          ],
        },
      },
    },
    awaitingContinue: {
      tags: ['step-10'],
      description:
        'WaitForContinue: the headers go with Expect: 100-continue; the body waits for 100 Continue.',
      entry: [
        trace(
          'plugin.expectContinue',
          (c) =>
            `send headers to ${c.member} with Expect: 100-continue; the ${c.request.bodyKB} KB body waits`,
        ),
        emit(({ context }) => ({
          type: 'send' as const,
          to: context.member ?? '',
          event: { type: 'http.expectContinue', connId: context.connId, replyTo: context.walkId },
          text: `${context.request.method} ${context.request.url} headers, Expect: 100-continue`,
        })),
      ],
      ...waitingForMember((c) => `ERROR: ServerIOTimeout fired waiting for 100 Continue from ${c.member}`),
      on: {
        'http.continue': {
          guard: 'isCurrentConnection',
          target: 'awaitingResponse',
          actions: 'observe',
        },
        'tcp.reset': { guard: 'isCurrentConnection', target: 'retryingSameMember', actions: 'observe' },
      },
    },
    awaitingResponse: {
      tags: ['step-10'],
      description: 'The plug-in sends the request over the stream and reads the response.',
      entry: [
        assign({ bodyConsumed: true }),
        trace(
          'plugin.step',
          (c) => `step 10: send ${c.request.method} ${c.request.url} to ${c.member} and read the response`,
          (c) => ({ request: c.request.id, step: 10 }),
        ),
        emit(({ context }) => ({
          type: 'send' as const,
          to: context.member ?? '',
          event: {
            type: 'http.request',
            connId: context.connId,
            replyTo: context.walkId,
            request: context.request,
          },
          text: `${context.request.method} ${context.request.url}${context.viaAffinity ? ` [affinity ${context.candidates[context.affinityIndex]?.token ?? ''}]` : ''}`,
        })),
      ],
      ...waitingForMember((c) => {
        const s = server(c, c.member);
        const cap = c.cluster?.serverIOTimeoutRetry ?? -1;
        const retry = bodyResendable(c) && (cap < 0 || c.ioTimeoutRetries < cap);
        return `ERROR: ServerIOTimeout fired. Time out ${Math.abs(s?.serverIOTimeout ?? 0)}. retry count ${c.ioTimeoutRetries}. serverIOTimeoutRetry ${cap}, retry ${retry ? 'YES' : 'NO'}`;
      }),
      on: {
        'http.response': [
          {
            guard: 'isServiceUnavailable',
            target: 'retryingElsewhere',
            actions: [
              'observe',
              assign({ failure: '503 from the member' }),
              trace(
                'plugin.retry',
                (c) => `${c.member} answered 503: try another member without marking it down (PM49491)`,
              ),
              emit(({ context }) => ({
                type: 'local' as const,
                to: context.process,
                event: {
                  type: 'plugin.abandon',
                  member: context.member,
                  keepAlive: true,
                  probe: context.probing,
                },
              })),
            ],
          },
          {
            target: 'responded',
            actions: [
              'observe',
              assign(({ event }) => ({ response: event.type === 'http.response' ? event.response : null })),
              emit(({ context }) => ({
                type: 'local' as const,
                to: context.process,
                event: {
                  type: 'plugin.release',
                  member: context.member,
                  probe: context.probing,
                  ...(context.cluster?.getDWLMTable && context.response?.dwlm
                    ? { dwlm: context.response.dwlm }
                    : {}),
                },
              })),
            ],
          },
        ],
        'tcp.reset': [
          {
            guard: 'isCurrentConnection',
            target: 'retryingSameMember',
            actions: [
              'observe',
              trace(
                'plugin.log',
                (c) =>
                  `ERROR: ws_common: websphereExecute: Failed to read the response from '${serverName(server(c, c.member))}': connection reset`,
              ),
            ],
          },
        ],
      },
    },
    retryingSameMember: {
      description:
        'A failure on a reused keep-alive socket is first retried on the same member, since the socket may just have been closed (TN-IOT).',
      always: [
        {
          guard: 'canRetrySameSocket',
          target: 'gettingStream',
          actions: [
            assign({ sameMemberRetried: true, retryingSame: true }),
            emit(({ context }) => ({
              type: 'local' as const,
              to: context.process,
              event: {
                type: 'plugin.abandon',
                member: context.member,
                keepAlive: false,
                probe: context.probing,
              },
            })),
            trace(
              'plugin.retry',
              (c) => `the pooled stream to ${c.member} failed: retry the same member on a new connection`,
            ),
          ],
        },
        {
          target: 'markingDown',
          actions: assign({ failure: 'the connection broke while reading the response' }),
        },
      ],
    },
    ioTimedOut: {
      always: [
        {
          guard: 'canRetrySameSocket',
          target: 'retryingSameMember',
        },
        {
          guard: 'isNegativeServerIOTimeout',
          target: 'markingDown',
          actions: assign(({ context }) => {
            const cap = context.cluster?.serverIOTimeoutRetry ?? -1;
            return {
              failure: 'negative ServerIOTimeout fired',
              ioTimeoutRetries: context.ioTimeoutRetries + 1,
              retryForbidden: cap >= 0 && context.ioTimeoutRetries >= cap,
            };
          }),
        },
        {
          guard: 'ioTimeoutRetryAllowed',
          target: 'retryingElsewhere',
          actions: [
            assign(({ context }) => ({
              failure: 'positive ServerIOTimeout fired',
              ioTimeoutRetries: context.ioTimeoutRetries + 1,
            })),
            emit(({ context }) => ({
              type: 'local' as const,
              to: context.process,
              event: {
                type: 'plugin.abandon',
                member: context.member,
                keepAlive: false,
                probe: context.probing,
              },
            })),
          ],
        },
        {
          target: 'failing',
          actions: [
            emit(({ context }) => ({
              type: 'local' as const,
              to: context.process,
              event: {
                type: 'plugin.abandon',
                member: context.member,
                keepAlive: false,
                probe: context.probing,
              },
            })),
            assign({
              outcome: {
                status: 500,
                title: 'Internal Server Error',
                message: 'ServerIOTimeout fired and ServerIOTimeoutRetry allows no more retries.',
              },
            }),
          ],
        },
      ],
    },
    retryingElsewhere: {
      description: 'The member failed this request but is not marked down: the plug-in tries another one.',
      always: {
        target: 'reexaminingSession',
        actions: assign(({ context }) => ({ failedMember: context.member, markedDownHere: false })),
      },
    },
    markingDown: {
      tags: ['step-6'],
      description: 'The member did not give a stream: the plug-in marks it down and starts its retry timer.',
      entry: [
        assign(({ context }) => ({ failedMember: context.member, markedDownHere: true })),
        emit(({ context }) => ({
          type: 'local' as const,
          to: context.process,
          event: { type: 'plugin.markDown', member: context.member },
        })),
        step(
          6,
          (c) =>
            `${c.member}: ${c.failure}; mark it down and start its retry timer (${c.cluster?.retryInterval}s)`,
        ),
        trace(
          'plugin.markDown',
          (c) => `ERROR: ws_server: serverSetFailoverStatus: Marking ${serverName(server(c, c.member))} down`,
          (c) => ({ request: c.request.id, member: c.member, retryInterval: c.cluster?.retryInterval ?? 0 }),
        ),
        trace('plugin.log', (c) => {
          const st = stateOf(c, c.member);
          return `STATS: ws_server: serverSetFailoverStatus: Server ${serverName(server(c, c.member))} : pendingConnections ${Math.max(0, (st?.pendingConnections ?? 1) - 1)} failedConnections ${(st?.failedConnections ?? 0) + 1} affinityConnections ${st?.affinityConnections ?? 0} totalConnections ${st?.totalConnections ?? 0}.`;
        }),
      ],
      always: 'reexaminingSession',
    },
    reexaminingSession: {
      tags: ['step-7'],
      description: 'The plug-in examines the session identifier again.',
      entry: [
        trace(
          'plugin.log',
          (c) =>
            `ERROR: ws_common: websphereHandleRequest: Failed to execute the transaction to '${serverName(server(c, c.failedMember))}'on host '${server(c, c.failedMember)?.hostname}'; will try another one`,
        ),
        step(7, (c) =>
          c.cloneIds.length > 0
            ? `examine the session identifier again: clone IDs ${c.cloneIds.join(', ')}`
            : 'examine the request again: no session identification',
        ),
      ],
      always: 'skippingMarkedDown',
    },
    skippingMarkedDown: {
      tags: ['step-8'],
      description:
        'Walking the servers, the plug-in skips the member that is marked down with its retry timer running.',
      entry: step(8, (c) => {
        if (c.markedDownHere) {
          return `skip ${c.failedMember}: marked down, retry timer ${(c.cluster?.retryInterval ?? 0).toFixed(1)}s`;
        }
        const st = stateOf(c, c.failedMember);
        if (st && isMarkedDownNow(st, c.now)) {
          return `skip ${c.failedMember}: marked down, retry timer ${(((st.retryAt ?? c.now) - c.now) / 1000).toFixed(1)}s`;
        }
        return `skip ${c.failedMember}: it failed this request`;
      }),
      always: 'pickingNextMember',
    },
    pickingNextMember: {
      tags: ['step-9'],
      description:
        'The plug-in picks another member: the next in the primary list before PM12112, spread by load balancing after it; backups only when no primary is left.',
      always: [
        {
          guard: ({ context }) => context.retryForbidden,
          target: 'failing',
          actions: assign({
            outcome: {
              status: 500,
              title: 'Internal Server Error',
              message: 'ServerIOTimeout fired and ServerIOTimeoutRetry allows no more retries.',
            },
          }),
        },
        {
          guard: ({ context }) => !bodyResendable(context),
          target: 'failing',
          actions: assign(({ context }) => ({
            outcome: {
              status: 500,
              title: 'Internal Server Error',
              message:
                context.cluster?.postBufferSize === 0
                  ? `PostBufferSize is 0: the ${context.request.bodyKB} KB body was not buffered and cannot be re-sent. The POST data is lost.`
                  : `The ${context.request.bodyKB} KB body is larger than PostBufferSize ${context.cluster?.postBufferSize} KB and cannot be re-sent. The POST data is lost.`,
            },
          })),
        },
        {
          target: 'choosingFailoverTarget',
        },
      ],
    },
    choosingFailoverTarget: {
      tags: ['step-9'],
      entry: [
        assign(({ context }) => {
          // The session's own identification first: the next clone ID, or the member holding the partition's backup.
          const next = context.candidates.find((cand) => {
            const st = stateOf(context, cand.member);
            const sv = server(context, cand.member);
            return (
              cand.member !== null &&
              !context.tried.includes(cand.member) &&
              st !== undefined &&
              sv !== undefined &&
              isUsable(st, sv, context.now)
            );
          });
          if (next?.member && retriesLeft(context)) {
            return {
              lastPick: { member: next.member, reset: false, choice: 'affinity' as const },
              member: next.member,
              viaAffinity: true,
              tryingAnyway: false,
            };
          }
          const pick =
            context.cluster && retriesLeft(context)
              ? pickFailoverTarget(
                  context.table,
                  context.cluster,
                  context.switches,
                  context.failedMember,
                  context.now,
                  context.random,
                  context.tried,
                )
              : null;
          return {
            lastPick: pick,
            member: pick?.member ?? null,
            viaAffinity: false,
            sameMemberRetried: false,
            tryingAnyway: false,
          };
        }),
        trace(
          'plugin.step',
          (c) =>
            `step 9: ${c.lastPick ? `pick ${c.lastPick.member}${replacementReason(c)}` : 'no other member can take the request'}`,
          (c): TraceData =>
            c.lastPick
              ? { request: c.request.id, step: 9, pick: c.lastPick.member, choice: c.lastPick.choice ?? null }
              : { request: c.request.id, step: 9 },
        ),
      ],
      always: [
        { guard: 'picked', target: 'gettingFailoverStream' },
        { guard: 'allAtMaxConnections', target: 'allBusy' },
        { target: 'allMembersDown' },
      ],
    },
    allMembersDown: {
      description:
        'Every member is marked down and none is due for retry: the plug-in answers 500, or with PH46938 still attempts one.',
      entry: trace('plugin.allDown', () => 'no member of the cluster can take the request'),
      always: [
        {
          guard: 'tryWhenAllDown',
          target: 'gettingFailoverStream',
          actions: [
            assign(({ context }) => ({
              member: tryAnywayTarget(context),
              viaAffinity: false,
              lastPick: null,
              tryingAnyway: true,
            })),
            trace(
              'plugin.tryAnyway',
              (c) => `PH46938: every member is marked down; attempt ${c.member} anyway`,
              (c) => ({ request: c.request.id, member: c.member }),
            ),
          ],
        },
        {
          target: 'failing',
          actions: assign({
            outcome: {
              status: 500,
              title: 'Internal Server Error',
              message:
                'Every cluster member is marked down or failed: the plug-in has nowhere to send the request.',
            },
          }),
        },
      ],
    },
    allBusy: {
      description: 'Every member is at MaxConnections for this process: the plug-in answers 503.',
      always: {
        target: 'failing',
        actions: assign({
          outcome: {
            status: 503,
            title: 'Service Unavailable',
            message: 'Every cluster member has reached MaxConnections from this web server process.',
          },
        }),
      },
    },
    failing: {
      entry: [
        assign(({ context }) => ({
          response: {
            requestId: context.request.id,
            status: context.outcome?.status ?? 500,
            page: errorPage(
              context.outcome?.status ?? 500,
              context.outcome?.title ?? 'Error',
              context.outcome?.message ?? '',
            ),
            servedBy: context.process,
          },
        })),
        trace(
          'plugin.error',
          (c) => `${c.outcome?.status} ${c.outcome?.title}: ${c.outcome?.message}`,
          (c) => ({ request: c.request.id, status: c.outcome?.status ?? 500 }),
        ),
      ],
      always: 'responded',
    },
    servedByWebServer: {
      entry: assign(({ context }) => ({
        response: {
          requestId: context.request.id,
          status: 404,
          page: errorPage(
            404,
            'Not Found',
            `The web server has no file ${context.request.url}; no Route sends it to a cluster.`,
          ),
          servedBy: context.process,
        },
      })),
      always: 'responded',
    },
    responded: {
      type: 'final',
      entry: emit(({ context }) => ({
        type: 'send' as const,
        to: context.request.user,
        event: { type: 'http.response', response: context.response },
        text: `${context.response?.status} ${context.response?.page.title} from ${context.response?.servedBy}`,
      })),
    },
  },
});
