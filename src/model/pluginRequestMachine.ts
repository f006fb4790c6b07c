// One request's walk through a web server process of the plug-in: the ten steps of DOMAIN.md §2.1 as
// tagged states, with weighted round robin, mark-down, retry interval, ServerIOTimeout, PostBufferSize
// and the failover choice. The process's server table arrives with every event; changes to it go back
// to the process as `local` effects, so all walks of a process share one view (DOMAIN.md §6.3).

import { assign, emit, setup } from './statechart.ts';
import type { ActorEvent, Effect, Message, TraceLine } from './effects.ts';
import type { LineEvents, LineType, MessageType } from './traceEvents.ts';
import {
  startingContext,
  type PluginRequestContext,
  type PluginRequestEvent,
  type PluginRequestInput,
} from './pluginRequestContext.ts';
import * as log from './pluginLogLines.ts';
import {
  balancingPick,
  connectTimeoutMs,
  failoverPick,
  ioTimeoutRetryCap,
  isMemberUsable,
  isBodyResendable,
  isIoTimeoutRetryAllowed,
  routeOf,
  serverIOTimeoutMs,
  serverNamed,
  sessionIdentification,
  streamAttempt,
  tryAnywayTarget,
} from './pluginRequestRules.ts';
import * as say from './pluginRequestText.ts';
import { allAtMaxConnections } from './routing.ts';

export type {
  AffinityCandidate,
  PluginRequestContext,
  PluginRequestEvent,
  PluginRequestInput,
  ReplacementChoice,
} from './pluginRequestContext.ts';

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
    isAffinityMemberUsable: ({ context }) => isMemberUsable(context, context.affinityMember),
    picked: ({ context }) => context.lastPick !== null,
    allAtMaxConnections: ({ context }) =>
      context.cluster !== null &&
      allAtMaxConnections(context.table, context.cluster, context.now, context.tried),
    tryWhenAllDown: ({ context }) =>
      context.switches.tryWhenAllDown && tryAnywayTarget(context) !== null && isBodyResendable(context),
    hasPooledStream: ({ context }) => context.pooled,
    hasServerIOTimeout: ({ context }) => (serverNamed(context, context.member)?.serverIOTimeout ?? 0) !== 0,
    needsHandshake: ({ context }) =>
      (serverNamed(context, context.member)?.extendedHandshake ?? false) &&
      !context.pooled &&
      !context.handshakeDone,
    waitsForContinue: ({ context }) =>
      (serverNamed(context, context.member)?.waitForContinue ?? false) && context.request.bodyKB > 0,
    isServiceUnavailable: ({ event }) => event.type === 'http.response' && event.response.status === 503,
    isCurrentConnection: ({ context, event }) => 'connId' in event && event.connId === context.connId,
    canRetrySameSocket: ({ context }) => context.pooled && !context.sameMemberRetried,
    isNegativeServerIOTimeout: ({ context }) =>
      (serverNamed(context, context.member)?.serverIOTimeout ?? 0) < 0,
    ioTimeoutRetryAllowed: ({ context }) => isIoTimeoutRetryAllowed(context),
    isRetryForbidden: ({ context }) => context.retryForbidden,
    isPostDataLost: ({ context }) => !isBodyResendable(context),
  },
  delays: {
    connectTimeout: ({ context }) => connectTimeoutMs(context),
    serverIOTimeout: ({ context }) => serverIOTimeoutMs(context),
  },
  actions: {
    observe: assign(({ event }) => ({ now: event.now, table: event.table, random: event.random })),
  },
});

type Text = (ctx: PluginRequestContext) => string;

const requestOnly = (ctx: PluginRequestContext) => ({ request: ctx.request.id });

/** A trace line of this walk; `data` gives the whole of its details, the request first. */
const trace = <K extends LineType>(
  event: K,
  text: Text,
  data: (ctx: PluginRequestContext) => LineEvents[K] = requestOnly as (
    ctx: PluginRequestContext,
  ) => LineEvents[K],
) =>
  walk.emit(
    ({ context }) =>
      ({
        type: 'trace',
        event,
        text: text(context),
        data: data(context),
      }) as TraceLine,
  );

/** A line of the plug-in's own log. */
const logLine = (text: Text) => trace('plugin.log', text);

/** A step of the walkthrough, numbered in its text and data. */
const step = (
  n: number,
  text: Text,
  data: (ctx: PluginRequestContext) => LineEvents['plugin.step'] = (ctx) => ({
    request: ctx.request.id,
    step: n,
  }),
) => trace('plugin.step', (ctx) => `step ${n}: ${text(ctx)}`, data);

/**
 * A step that commits to a member (getting a stream): the monitors check it against mark-downs. A
 * PH46938 attempt says so (`tryAnyway`): it goes to a marked-down member on purpose.
 */
const streamStep = (n: number, text: Text) =>
  step(n, text, (ctx): LineEvents['plugin.step'] =>
    ctx.tryingAnyway
      ? { request: ctx.request.id, step: n, member: ctx.member ?? '', tryAnyway: true }
      : { request: ctx.request.id, step: n, member: ctx.member ?? '' },
  );

/**
 * A message to the current member on this attempt's connection; `text` is how the network view labels it.
 */
const sendToMember = (type: MessageType, text: Text) =>
  walk.emit(
    ({ context }) =>
      ({
        type: 'send',
        to: context.member ?? '',
        event: { type, connId: context.connId, replyTo: context.walkId },
        text: text(context),
      }) as Message,
  );

/** Tell the owning process what this walk did to a member, so its server table follows (DOMAIN.md §6.3). */
const tellProcess = (event: (ctx: PluginRequestContext) => ActorEvent) =>
  walk.emit(({ context }) => ({ type: 'local' as const, to: context.process, event: event(context) }));

/** The stream is given up without an answer worth keeping; the connection closes. */
const abandonStream = tellProcess((c) => ({
  type: 'plugin.abandon',
  member: c.member,
  keepAlive: false,
  probe: c.probing,
}));

/**
 * Waiting for the member to answer: with a ServerIOTimeout each read has that limit (then `ioTimedOut`
 * decides), with 0 the plug-in blocks until the connection breaks (DOMAIN.md §2.6).
 */
function waitingForMember(timeoutLine: Text) {
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
            actions: ['observe' as const, logLine(timeoutLine)],
          },
        },
      },
      blocking: {},
    },
  };
}

/** Getting a stream: step 6 on the first attempt, step 10 on a failover attempt (DOMAIN.md §2.1). */
function streamState(n: 6 | 10, description: string) {
  return walk.createStateConfig({
    tags: [`step-${n}`],
    description,
    initial: 'choosing',
    entry: [
      walk.assign(({ context }) => streamAttempt(context)),
      tellProcess((c) => ({
        type: 'plugin.assign',
        member: c.member,
        affinity: c.viaAffinity,
        reset: c.lastPick?.reset ?? false,
        probe: c.probing,
        sameMember: c.retryingSame,
        pooled: c.pooled,
      })),
      walk.assign({ retryingSame: false }),
    ],
    states: {
      choosing: {
        always: [{ guard: 'hasPooledStream', target: 'usingPooledStream' }, { target: 'connecting' }],
      },
      usingPooledStream: {
        entry: streamStep(n, say.pooledStreamText),
        always: '#pluginRequest.streamReady',
      },
      connecting: {
        entry: [streamStep(n, say.newConnectionText), sendToMember('tcp.connect', say.connectText)],
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
              walk.assign(({ event }) => ({ failure: say.refusedFailure(event) })),
              logLine(log.connectRefusedLine),
              logLine(log.streamFailedLine),
            ],
          },
        },
        after: {
          connectTimeout: {
            target: '#pluginRequest.markingDown',
            actions: [
              'observe',
              walk.assign(({ context }) => ({ failure: say.connectTimeoutFailure(context) })),
              logLine(log.connectTimeoutLine),
              logLine(log.streamFailedLine),
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
      entry: step(1, say.offeredText),
      always: 'matchingRoute',
    },
    matchingRoute: {
      tags: ['step-2'],
      description:
        'The plug-in scores every Route whose virtual host and URI match; the best one names the ServerCluster.',
      entry: [assign(({ context }) => routeOf(context)), step(2, say.routeText)],
      always: [{ guard: 'hasRoute', target: 'checkingPostSizeLimit' }, { target: 'servedByWebServer' }],
    },
    checkingPostSizeLimit: {
      always: [
        {
          guard: 'exceedsPostSizeLimit',
          target: 'failing',
          actions: assign(({ context }) => ({ outcome: say.tooLargeOutcome(context) })),
        },
        { target: 'findingSessionId' },
      ],
    },
    findingSessionId: {
      tags: ['step-3'],
      description:
        'The plug-in looks for session identification: the cookie named by AffinityCookie, then the URL parameter named by AffinityURLIdentifier.',
      entry: [assign(({ context }) => sessionIdentification(context)), step(3, say.sessionIdText)],
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
        step(4, say.candidateText),
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
      entry: step(5, say.affinityMemberText),
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
        assign(({ context }) => balancingPick(context)),
        trace('plugin.balance', say.balanceText, say.balanceData),
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
        sendToMember('http.handshake', () => 'extended handshake'),
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
          actions: ['observe', assign(({ context }) => ({ failure: say.handshakeTimeoutFailure(context) }))],
        },
      },
    },
    awaitingContinue: {
      tags: ['step-10'],
      description:
        'WaitForContinue: the headers go with Expect: 100-continue; the body waits for 100 Continue.',
      entry: [
        trace('plugin.expectContinue', say.expectContinueText),
        sendToMember('http.expectContinue', say.headersText),
      ],
      ...waitingForMember(log.continueTimeoutLine),
      on: {
        'http.continue': { guard: 'isCurrentConnection', target: 'awaitingResponse', actions: 'observe' },
        'tcp.reset': { guard: 'isCurrentConnection', target: 'retryingSameMember', actions: 'observe' },
      },
    },
    awaitingResponse: {
      tags: ['step-10'],
      description: 'The plug-in sends the request over the stream and reads the response.',
      entry: [
        assign({ bodyConsumed: true }),
        step(10, say.sendRequestText),
        emit(({ context }) => ({
          type: 'send' as const,
          to: context.member ?? '',
          event: {
            type: 'http.request',
            connId: context.connId,
            replyTo: context.walkId,
            request: context.request,
          },
          text: say.requestText(context),
        })),
      ],
      ...waitingForMember(log.responseTimeoutLine),
      on: {
        'http.response': [
          {
            guard: 'isServiceUnavailable',
            target: 'retryingElsewhere',
            actions: [
              'observe',
              assign({ failure: '503 from the member' }),
              trace('plugin.retry', say.unavailableText),
              // A 503 is a complete answer: the connection stays open for another request.
              tellProcess((c) => ({
                type: 'plugin.abandon',
                member: c.member,
                keepAlive: true,
                probe: c.probing,
              })),
            ],
          },
          {
            target: 'responded',
            actions: [
              'observe',
              assign(({ event }) => ({ response: event.type === 'http.response' ? event.response : null })),
              tellProcess((c) => ({
                type: 'plugin.release',
                member: c.member,
                probe: c.probing,
                // With GetDWLMTable the member's partition table rides on the response (DOMAIN.md §5.3).
                ...(c.cluster?.getDWLMTable && c.response?.dwlm ? { dwlm: c.response.dwlm } : {}),
              })),
            ],
          },
        ],
        'tcp.reset': [
          {
            guard: 'isCurrentConnection',
            target: 'retryingSameMember',
            actions: ['observe', logLine(log.responseResetLine)],
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
            abandonStream,
            trace('plugin.retry', say.retrySameText),
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
        { guard: 'canRetrySameSocket', target: 'retryingSameMember' },
        {
          guard: 'isNegativeServerIOTimeout',
          target: 'markingDown', // A negative ServerIOTimeout marks the member down; ServerIOTimeoutRetry may still forbid step 9.
          actions: assign(({ context }) => {
            const cap = ioTimeoutRetryCap(context);
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
            abandonStream,
          ],
        },
        {
          target: 'failing',
          actions: [abandonStream, assign({ outcome: say.ioTimeoutRetriesUsedOutcome })],
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
        tellProcess((c) => ({ type: 'plugin.markDown', member: c.member })),
        step(6, say.markDownText),
        trace('plugin.markDown', log.markingDownLine, (c) => ({
          request: c.request.id,
          member: c.member,
          retryInterval: c.cluster?.retryInterval ?? 0,
        })),
        logLine(log.markDownStatsLine),
      ],
      always: 'reexaminingSession',
    },
    reexaminingSession: {
      tags: ['step-7'],
      description: 'The plug-in examines the session identifier again.',
      entry: [logLine(log.tryAnotherLine), step(7, say.reexamineText)],
      always: 'skippingMarkedDown',
    },
    skippingMarkedDown: {
      tags: ['step-8'],
      description:
        'Walking the servers, the plug-in skips the member that is marked down with its retry timer running.',
      entry: step(8, say.skipText),
      always: 'pickingNextMember',
    },
    pickingNextMember: {
      tags: ['step-9'],
      description:
        'The plug-in picks another member: the next in the primary list before PM12112, spread by load balancing after it; backups only when no primary is left.',
      always: [
        {
          guard: 'isRetryForbidden',
          target: 'failing',
          actions: assign({ outcome: say.ioTimeoutRetriesUsedOutcome }),
        },
        {
          guard: 'isPostDataLost',
          target: 'failing',
          actions: assign(({ context }) => ({ outcome: say.postDataLostOutcome(context) })),
        },
        { target: 'choosingFailoverTarget' },
      ],
    },
    choosingFailoverTarget: {
      tags: ['step-9'],
      entry: [
        assign(({ context }) => failoverPick(context)),
        step(9, say.replacementText, say.replacementData),
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
            trace('plugin.tryAnyway', say.tryAnywayText, (c) => ({
              request: c.request.id,
              member: c.member,
            })),
          ],
        },
        { target: 'failing', actions: assign({ outcome: say.allDownOutcome }) },
      ],
    },
    allBusy: {
      description: 'Every member is at MaxConnections for this process: the plug-in answers 503.',
      always: { target: 'failing', actions: assign({ outcome: say.allBusyOutcome }) },
    },
    failing: {
      entry: [
        assign(({ context }) => ({ response: say.errorResponse(context) })),
        trace('plugin.error', say.failureText, (c) => ({
          request: c.request.id,
          status: c.outcome?.status ?? 500,
        })),
      ],
      always: 'responded',
    },
    servedByWebServer: {
      entry: assign(({ context }) => ({ response: say.notFoundResponse(context) })),
      always: 'responded',
    },
    responded: {
      type: 'final',
      entry: emit(({ context }) => ({
        type: 'send' as const,
        to: context.request.user,
        event: { type: 'http.response', response: context.response },
        text: say.responseText(context),
      })),
    },
  },
});
