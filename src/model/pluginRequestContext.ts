// What one request's walk through the plug-in remembers (pluginRequestMachine): its input, the route and
// session identification it found, the member of the current attempt, and why earlier attempts failed.
// Types and the starting context only; the decisions live in pluginRequestRules.ts.

import type { BehaviourSwitches, ClusterConfig, PluginConfig, UriConfig } from './config.ts';
import type { HttpRequest, HttpResponse } from './http.ts';
import type { BalancingPick, FailoverChoice, ServerTable } from './routing.ts';

/** What the owning process hands a new walk. */
export interface PluginRequestInput {
  walkId: string;
  /** Actor id of the owning process, e.g. `ihs#2`. */
  process: string;
  request: HttpRequest;
  plugin: PluginConfig;
  switches: BehaviourSwitches;
  osConnectTimeout: number;
  now: number;
  table: ServerTable;
  random: number;
}

/** The error the plug-in answers with when it cannot serve the request. */
export interface Outcome {
  status: number;
  title: string;
  message: string;
}

/**
 * How step 9 chose the replacement member: named by the session's identification (the next clone ID,
 * or the member holding the partition's backup), or by the plug-in's server lists (DOMAIN.md §1.4, §2.7).
 */
export type ReplacementChoice = 'affinity' | FailoverChoice;

/** One member the session's identification points at, and how the plug-in found it (step 4). */
export interface AffinityCandidate {
  token: string;
  member: string | null;
  note: string;
}

/** A walk's context: its input, the process's latest table and clock, and what the walk found so far. */
export interface PluginRequestContext extends PluginRequestInput {
  cluster: ClusterConfig | null;
  uri: UriConfig | null;
  cloneIds: string[];
  /** What the affinity tokens name, in the order the plug-in tries them (clone IDs, or a partition's members). */
  candidates: AffinityCandidate[];
  sessionSource: 'cookie' | 'url' | null;
  affinityIndex: number;
  affinityMember: string | null;
  /** The member the current attempt goes to. */
  member: string | null;
  viaAffinity: boolean;
  tried: string[];
  /** Members this walk opened or took a stream to (`tried` also holds the affinity member skipped at step 5). */
  attempted: string[];
  /** The current attempt is PH46938's: every member was marked down and the plug-in tries one anyway. */
  tryingAnyway: boolean;
  /** The member whose failure sent us to steps 7–9. */
  failedMember: string | null;
  failure: string | null;
  /** This walk marked `failedMember` down (the process table it carries may not show it yet). */
  markedDownHere: boolean;
  pooled: boolean;
  /** The extended handshake on the current connection has been answered. */
  handshakeDone: boolean;
  /** The request body has been read from the client and sent to a member (only the buffered part can be re-sent). */
  bodyConsumed: boolean;
  /** This attempt is the one probe of a member whose retry interval is over. */
  probing: boolean;
  /** The next stream is a retry on the same member after a broken pooled socket. */
  retryingSame: boolean;
  /** ServerIOTimeoutRetry allows no further attempt. */
  retryForbidden: boolean;
  sameMemberRetried: boolean;
  ioTimeoutRetries: number;
  connId: string;
  attempt: number;
  lastPick: (BalancingPick & { choice?: ReplacementChoice }) | null;
  outcome: Outcome | null;
  response: HttpResponse | null;
}

/** Fields the world adds to every event for a walk. */
interface Observed {
  now: number;
  table: ServerTable;
  random: number;
}

/** What a walk hears: the member's answers on its connection, and its own timers. */
export type PluginRequestEvent = Observed &
  (
    | { type: 'tcp.accepted'; connId: string }
    | { type: 'handshake.ok'; connId: string }
    | { type: 'http.continue'; connId: string }
    | { type: 'tcp.refused'; connId: string; osError: number }
    | { type: 'tcp.reset'; connId: string }
    | { type: 'http.response'; connId: string; response: HttpResponse }
    | { type: `xstate.after.${string}` }
  );

/** What a walk knows before step 1: nothing found, nothing tried. */
const beforeStep1 = (): Omit<PluginRequestContext, keyof PluginRequestInput> => ({
  cluster: null,
  uri: null,
  cloneIds: [],
  candidates: [],
  sessionSource: null,
  affinityIndex: 0,
  affinityMember: null,
  member: null,
  viaAffinity: false,
  tried: [],
  attempted: [],
  tryingAnyway: false,
  failedMember: null,
  failure: null,
  markedDownHere: false,
  pooled: false,
  handshakeDone: false,
  bodyConsumed: false,
  probing: false,
  retryingSame: false,
  retryForbidden: false,
  sameMemberRetried: false,
  ioTimeoutRetries: 0,
  connId: '',
  attempt: 0,
  lastPick: null,
  outcome: null,
  response: null,
});

/** A walk as it starts: what it was given, and nothing found or tried yet. */
export function startingContext(input: PluginRequestInput): PluginRequestContext {
  return Object.assign(beforeStep1(), input);
}
