// The network (DESIGN.md §2): messages in flight as data, latency by the kinds of the two ends, and the
// hosts that dropped off it. What is sent, its trace entry and who receives it are the world's.

import type { NetworkConfig } from '../model/config.ts';
import type { ActorEvent } from '../model/effects.ts';
import type { ActorKind } from './actors.ts';

/** A message in flight (DESIGN.md §2). */
export interface Message {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly sentAt: number;
  readonly deliverAt: number;
  readonly type: string;
  readonly event: ActorEvent;
  readonly text: string;
  /** The names the trace uses for the two ends (`ihs#2`, `browser:u1`, `PluginMember1`). */
  readonly fromName: string;
  readonly toName: string;
}

/** What a checkpoint keeps of the network. */
export interface NetworkState {
  readonly inFlight: ReadonlyMap<number, Message>;
  readonly counter: number;
  readonly hostsDown: readonly string[];
}

/** The wire between actors: which messages are on it, how long they take, which hosts it cannot reach. */
export class Network {
  #inFlight = new Map<number, Message>();
  #counter = 0;
  /** Replaced, never changed in place: checkpoints share it. */
  #hostsDown: readonly string[] = [];

  readonly #config: NetworkConfig;

  constructor(config: NetworkConfig) {
    this.#config = config;
  }

  /** The next message's id: 1, 2, 3, … in sending order. */
  nextId(): number {
    return ++this.#counter;
  }

  /** One-way milliseconds between actors of these kinds: a browser's hop is the longest, then the database's. */
  latency(from: ActorKind | undefined, to: ActorKind | undefined): number {
    const n = this.#config;
    if (from === 'browser' || to === 'browser') return n.browserLatency;
    if (from === 'database' || to === 'database') return n.databaseLatency;
    return n.memberLatency;
  }

  /** Members are their own hosts: a message to or from an unreachable one is lost. */
  loses(from: string, to: string): boolean {
    return this.#hostsDown.includes(to) || this.#hostsDown.includes(from);
  }

  isHostDown(host: string): boolean {
    return this.#hostsDown.includes(host);
  }

  /** The host drops off the network: packets to and from it are lost until `hostUp`. */
  hostDown(host: string): void {
    if (!this.#hostsDown.includes(host)) this.#hostsDown = [...this.#hostsDown, host];
  }

  hostUp(host: string): void {
    this.#hostsDown = this.#hostsDown.filter((h) => h !== host);
  }

  /** Puts a message on the wire until `take` collects it at its delivery. */
  post(msg: Message): void {
    this.#inFlight.set(msg.id, msg);
  }

  /** Takes message `id` off the wire for delivery; undefined if it is not on it. */
  take(id: number): Message | undefined {
    const msg = this.#inFlight.get(id);
    if (msg) this.#inFlight.delete(id);
    return msg;
  }

  /** Messages on the wire now, in sending order. */
  messages(): Message[] {
    return [...this.#inFlight.values()];
  }

  save(): NetworkState {
    return { inFlight: new Map(this.#inFlight), counter: this.#counter, hostsDown: this.#hostsDown };
  }

  restore(s: NetworkState): void {
    this.#inFlight = new Map(s.inFlight);
    this.#counter = s.counter;
    this.#hostsDown = s.hostsDown;
  }
}
