// What a machine asks of the world. Machines never touch the clock, the network or each other: they
// emit these as data and the simulation carries them out, so every message can be delayed, dropped,
// drawn and replayed (DESIGN.md §3).

import type { MemberRequestInput } from './memberRequestMachine.ts';
import type { LineEvents, LineType, MessageEvents, MessageType } from './traceEvents.ts';

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

/** A line in the trace, attributed to the emitting actor, with the details its type carries. */
export type TraceLine = {
  [K in LineType]: { type: 'trace'; event: K; text: string; data?: LineEvents[K] };
}[LineType];

/**
 * A message over the network to another actor (host latency applies; it may be dropped), traced with the
 * details its type carries. The event is the message's own: the world writes the delivery time into it.
 */
export type Message = {
  [K in MessageType]: {
    type: 'send';
    to: string;
    event: ActorEvent & { type: K };
    text: string;
    delay?: number | undefined;
    data?: MessageEvents[K];
  };
}[MessageType];

export type Effect =
  | TraceLine
  | Message
  /** An event to an actor in the same process (no network); the event is this effect's own, as a message's is. */
  | { type: 'local'; to: string; event: ActorEvent }
  /** A member admitted a request: the actor that follows it through the member starts. */
  | { type: 'startRequest'; id: string; input: MemberRequestInput }
  /** Ask the world to make the next workload decision for this user. */
  | { type: 'userIdle' };

/** A message to `to`, traced with `text` (and `data`); `delay` adds to the network's latency. */
export const send = <K extends MessageType>(
  to: string,
  event: ActorEvent & { type: K },
  text: string,
  data?: MessageEvents[K],
  delay?: number,
): Message => ({ type: 'send', to, event, text, data, delay }) as Message;

/** A line in the trace. */
export const traceOf = <K extends LineType>(event: K, text: string, data?: LineEvents[K]): TraceLine =>
  ({ type: 'trace', event, text, data }) as TraceLine;
