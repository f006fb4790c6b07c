// What a machine asks of the world. Machines never touch the clock, the network or each other: they
// emit these as data and the simulation carries them out, so every message can be delayed, dropped,
// drawn and replayed (DESIGN.md §3).

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
  /** An event to an actor in the same process (no network). */
  | { type: 'local'; to: string; event: ActorEvent }
  /** Ask the world to make the next workload decision for this user. */
  | { type: 'userIdle' };
