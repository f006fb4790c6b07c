// What a machine asks of the world. Machines never touch the clock, the network or each other: they
// emit these as data and the simulation carries them out, so every message can be delayed, dropped,
// drawn and replayed (DESIGN.md §3).

import type { MemberRequestInput } from './memberRequestMachine.ts';

type Scalar = string | number | boolean | null | readonly string[];
export type TraceData = Readonly<Record<string, Scalar>>;

/** Any event one actor sends another. */
export interface ActorEvent {
  type: string;
  [key: string]: unknown;
}

/** Fields the world adds to every event it delivers. */
export interface WorldFields {
  /** Simulated milliseconds at delivery. */
  now: number;
}

export type Effect =
  /** A line in the trace, attributed to the emitting actor. */
  | { type: 'trace'; event: string; text: string; data?: TraceData }
  /**
   * A message over the network to another actor (host latency applies; it may be dropped). The event is
   * the message's own: the world writes the delivery time into it.
   */
  | { type: 'send'; to: string; event: ActorEvent; text: string; delay?: number; data?: TraceData }
  /** An event to an actor in the same process (no network); the event is this effect's own, as a message's is. */
  | { type: 'local'; to: string; event: ActorEvent }
  /** A member admitted a request: the actor that follows it through the member starts. */
  | { type: 'startRequest'; id: string; input: MemberRequestInput }
  /** Ask the world to make the next workload decision for this user. */
  | { type: 'userIdle' };

/** A message to `to`, traced with `text` (and `data`); `delay` adds to the network's latency. */
export const send = (
  to: string,
  event: ActorEvent,
  text: string,
  data?: TraceData,
  delay?: number,
): Extract<Effect, { type: 'send' }> =>
  // One shape, the missing fields undefined: a literal with conditional spreads is built field by field.
  ({ type: 'send', to, event, text, data, delay });

/** A line in the trace. */
export const traceOf = (event: string, text: string, data?: TraceData): Effect => ({
  type: 'trace',
  event,
  text,
  data,
});
