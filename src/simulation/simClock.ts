// A simulated clock that fires one deadline at a time (DESIGN.md §4). It implements xstate's Clock, so it
// can also drive ordinary actors, and it keeps its timers as data so a world can checkpoint and restore it.

import type { ActorOptions, AnyActorLogic } from 'xstate';

/** xstate's Clock interface (not exported by name from the package root). */
export type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/** One pending deadline. `payload` is data for the owner to act on, or a callback from setTimeout. */
export interface Timer<P> {
  readonly id: number;
  readonly at: number;
  /** Lower fires first among equal deadlines (interventions use 0, everything else 1). */
  readonly priority: number;
  /** Insertion order; breaks the remaining ties so the order is always the same. */
  readonly seq: number;
  readonly payload: P | (() => void);
}

/** What a checkpoint keeps of a clock. */
export interface ClockState<P> {
  now: number;
  seq: number;
  heap: Timer<P>[];
  cancelled: number[];
}

const before = <P>(a: Timer<P>, b: Timer<P>): boolean =>
  a.at < b.at || (a.at === b.at && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)));

export class SimClock<P = never> implements Clock {
  #nowMs = 0;
  #seq = 0;
  #heap: Timer<P>[] = [];
  #cancelled = new Set<number>();

  /** Simulated milliseconds since the start of the run. */
  now(): number {
    return this.#nowMs;
  }

  /** Registers `payload` to fire `delay` ms from now; returns its id. */
  schedule(delay: number, payload: P | (() => void), priority = 1): number {
    const id = ++this.#seq;
    this.#push({ id, at: this.#nowMs + Math.max(0, delay), priority, seq: id, payload });
    return id;
  }

  /**
   * Registers `payload` at instant `at` under an id and tie-break `seq` the caller chooses, without using
   * this clock's counter: a negative id never meets an id this clock hands out.
   */
  scheduleFixed(at: number, payload: P, priority: number, id: number, seq: number): void {
    if (at < this.#nowMs) throw new Error(`scheduleFixed(${at}) is before now (${this.#nowMs})`);
    this.#push({ id, at, priority, seq, payload });
  }

  /** A saved state with one more deadline (see scheduleFixed), for a checkpoint taken before it was added. */
  static withDeadline<P>(
    state: ClockState<P>,
    at: number,
    payload: P,
    priority: number,
    id: number,
    seq: number,
  ): ClockState<P> {
    const c = new SimClock<P>();
    c.restore(state);
    c.scheduleFixed(at, payload, priority, id, seq);
    return c.save();
  }

  /** xstate's Clock: the callback runs when this clock reaches its deadline. */
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    return this.schedule(timeout, () => fn());
  }

  clearTimeout(id: number): void {
    this.#cancelled.add(id);
  }

  cancel(id: number): void {
    this.#cancelled.add(id);
  }

  /** The next live deadline, without firing it. */
  peek(): Timer<P> | undefined {
    this.#dropCancelled();
    return this.#heap[0];
  }

  /**
   * Advances to the earliest deadline and removes it. Callback timers run here; data timers are
   * returned for the owner to handle. Undefined when nothing is pending.
   */
  fireNext(): Timer<P> | undefined {
    this.#dropCancelled();
    const top = this.#pop();
    if (!top) return undefined;
    this.#nowMs = top.at;
    if (typeof top.payload === 'function') (top.payload as () => void)();
    return top;
  }

  /** Moves time forward to `t` without firing anything; only allowed up to the next deadline. */
  advanceTo(t: number): void {
    const next = this.peek();
    if (next && next.at < t) throw new Error(`advanceTo(${t}) would skip a deadline at ${next.at}`);
    if (t > this.#nowMs) this.#nowMs = t;
  }

  /** Fires deadlines one by one until `t`, then sets the time to `t`. For callback-only use. */
  runUntil(t: number): void {
    for (let next = this.peek(); next && next.at <= t; next = this.peek()) this.fireNext();
    this.advanceTo(t);
  }

  pending(): number {
    return this.#heap.length - this.#cancelled.size;
  }

  save(): ClockState<P> {
    this.#compact();
    return { now: this.#nowMs, seq: this.#seq, heap: this.#heap.slice(), cancelled: [] };
  }

  restore(state: ClockState<P>): void {
    this.#nowMs = state.now;
    this.#seq = state.seq;
    this.#heap = state.heap.slice();
    this.#cancelled = new Set(state.cancelled);
  }

  /** Drops cancelled timers buried in the heap. The firing order is unchanged: (at, priority, seq) is a total order. */
  #compact(): void {
    if (this.#cancelled.size === 0) return;
    const live = this.#heap.filter((t) => !this.#cancelled.has(t.id));
    this.#heap = [];
    this.#cancelled.clear();
    for (const t of live) this.#push(t);
  }

  #dropCancelled(): void {
    while (this.#heap.length > 0 && this.#cancelled.has(this.#heap[0]!.id)) {
      this.#cancelled.delete(this.#heap[0]!.id);
      this.#pop();
    }
  }

  #push(t: Timer<P>): void {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      const t = h[i]!;
      h[i] = h[p]!;
      h[p] = t;
      i = p;
    }
  }

  #pop(): Timer<P> | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        const t = h[i]!;
        h[i] = h[m]!;
        h[m] = t;
        i = m;
      }
    }
    return top;
  }
}
