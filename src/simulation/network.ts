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
  readonly partitions: readonly Partition[];
  readonly replicationLag: number;
}

/** Two hosts that cannot reach each other (a network partition between them), in name order. */
export type Partition = readonly [string, string];

/** The pair `a`, `b` in the order partitions keep: the same partition whichever end is named first. */
export const partitionOf = (a: string, b: string): Partition => (a < b ? [a, b] : [b, a]);

/** Memory-to-memory replication's messages: copies, removals and fetches between members. */
export const isReplication = (type: string): boolean => type.startsWith('replica.');

/** The wire between actors: which messages are on it, how long they take, which hosts it cannot reach. */
export class Network {
  #inFlight = new Map<number, Message>();
  #counter = 0;
  /** Replaced, never changed in place: checkpoints share it. */
  #hostsDown: readonly string[] = [];
  /** Replaced, never changed in place: checkpoints share it. */
  #partitions: readonly Partition[] = [];
  /** Milliseconds added to every replication message's flight (the lab's fault, on top of latency). */
  #replicationLag = 0;

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

  /**
   * Why a message between these hosts is lost, or null when it goes through: one of them is off the
   * network, or a partition lies between them. Members, web server processes and the database are hosts.
   */
  loses(from: string, to: string): 'host unreachable' | 'network partition' | null {
    if (this.#hostsDown.includes(to) || this.#hostsDown.includes(from)) return 'host unreachable';
    if (this.#partitions.length > 0) {
      const [a, b] = partitionOf(from, to);
      if (this.#partitions.some((p) => p[0] === a && p[1] === b)) return 'network partition';
    }
    return null;
  }

  /** Messages between `a` and `b` are lost, both ways, until `heal`. */
  partition(a: string, b: string): void {
    const p = partitionOf(a, b);
    if (!this.isPartitioned(a, b)) this.#partitions = [...this.#partitions, p];
  }

  heal(a: string, b: string): void {
    const [x, y] = partitionOf(a, b);
    this.#partitions = this.#partitions.filter((p) => p[0] !== x || p[1] !== y);
  }

  isPartitioned(a: string, b: string): boolean {
    const [x, y] = partitionOf(a, b);
    return this.#partitions.some((p) => p[0] === x && p[1] === y);
  }

  /** The partitions now, in the order they were made. */
  partitions(): readonly Partition[] {
    return this.#partitions;
  }

  /** Milliseconds added to each replication message sent from now on. */
  setReplicationLag(ms: number): void {
    this.#replicationLag = ms;
  }

  /** The extra flight a message of `type` gets: the replication lag for replication's messages. */
  extraFor(type: string): number {
    return this.#replicationLag > 0 && isReplication(type) ? this.#replicationLag : 0;
  }

  get replicationLag(): number {
    return this.#replicationLag;
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

  /**
   * Takes message `id` off the wire for its delivery at `now`; undefined if it is not on it, or is due
   * later (it was delayed after this delivery was planned).
   */
  take(id: number, now: number): Message | undefined {
    const msg = this.#inFlight.get(id);
    if (!msg || msg.deliverAt > now) return undefined;
    this.#inFlight.delete(id);
    return msg;
  }

  /** The message on the wire with this id, if any. */
  inFlight(id: number): Message | undefined {
    return this.#inFlight.get(id);
  }

  /** Takes message `id` off the wire for good: it never arrives. False if it is not on the wire. */
  drop(id: number): boolean {
    return this.#inFlight.delete(id);
  }

  /** Message `id` arrives `ms` later than planned; the new delivery time, or null if it is not on the wire. */
  delay(id: number, ms: number): number | null {
    const msg = this.#inFlight.get(id);
    if (!msg) return null;
    const deliverAt = msg.deliverAt + ms;
    this.#inFlight.set(id, { ...msg, deliverAt });
    return deliverAt;
  }

  /** Messages on the wire now, in sending order. */
  messages(): Message[] {
    return [...this.#inFlight.values()];
  }

  save(): NetworkState {
    return {
      inFlight: new Map(this.#inFlight),
      counter: this.#counter,
      hostsDown: this.#hostsDown,
      partitions: this.#partitions,
      replicationLag: this.#replicationLag,
    };
  }

  restore(s: NetworkState): void {
    this.#inFlight = new Map(s.inFlight);
    this.#counter = s.counter;
    this.#hostsDown = s.hostsDown;
    this.#partitions = s.partitions;
    this.#replicationLag = s.replicationLag;
  }
}
