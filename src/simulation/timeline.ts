// Checkpoints of a run (DESIGN.md §4): the world's state every so often along its timeline, so a seek,
// a step back or a fork replays a stretch instead of the whole run. What a state holds, and the
// replaying, are world.ts's.

/**
 * Steps between checkpoints: a seek replays at most this many (≈ 15 µs each here, without the monitors).
 * Every checkpoint keeps the actors that changed since the last one, so closer ones cost throughput
 * and memory: at 200, the 200-user run of `npm run bench` spent a sixth of its time on them.
 */
export const CHECKPOINT_EVERY = 500;

/** The world's state just after step `steps`, at instant `now`. */
export interface Checkpoint<S> {
  readonly steps: number;
  readonly now: number;
  readonly state: S;
}

/** A run's checkpoints, oldest first, from the one at its start. */
export class Timeline<S> {
  #list: Checkpoint<S>[];
  /** The furthest step the run has reached: replaying up to it takes no checkpoints. */
  #horizon = 0;

  constructor(start: S) {
    this.#list = [{ steps: 0, now: 0, state: start }];
  }

  get count(): number {
    return this.#list.length;
  }

  /**
   * Called after each step: true when step `steps` is new to the run and due a checkpoint (then `add`
   * it). Replaying a known stretch after a seek is never due.
   */
  isDue(steps: number): boolean {
    if (steps <= this.#horizon) return false;
    this.#horizon = steps;
    return steps % CHECKPOINT_EVERY === 0;
  }

  /** A timeline of its own with the same checkpoints (their states are shared: none is changed in place). */
  clone(): Timeline<S> {
    const copy = new Timeline(this.#list[0]!.state);
    copy.#list = [...this.#list];
    copy.#horizon = this.#horizon;
    return copy;
  }

  add(checkpoint: Checkpoint<S>): void {
    this.#list.push(checkpoint);
  }

  /** The latest checkpoint at or before instant `t`: a seek to `t` replays from it. */
  atOrBefore(t: number): Checkpoint<S> {
    let cp = this.#list[0]!;
    for (const c of this.#list) if (c.now <= t) cp = c;
    return cp;
  }

  /** The latest checkpoint strictly before instant `t`: everything that happens at `t` is replayed from it. */
  before(t: number): Checkpoint<S> {
    let cp = this.#list[0]!;
    for (const c of this.#list) if (c.now < t) cp = c;
    return cp;
  }

  /** The latest checkpoint at or before step `n`. */
  atOrBeforeStep(n: number): Checkpoint<S> {
    let cp = this.#list[0]!;
    for (const c of this.#list) if (c.steps <= n) cp = c;
    return cp;
  }

  /** Whether a checkpoint stands after step `from` and at or before step `to`: going there through it is shorter. */
  hasBetween(from: number, to: number): boolean {
    return this.#list.some((c) => c.steps > from && c.steps <= to);
  }

  /**
   * A fork at step `steps`: the checkpoints after it belong to a future that is cut, and the run
   * continues from there as if first reached; `change` rewrites the states kept (a fork's new deadline).
   */
  fork(steps: number, change: (state: S) => S): void {
    this.#list = this.#list.filter((c) => c.steps <= steps).map((c) => ({ ...c, state: change(c.state) }));
    this.#horizon = steps;
  }
}
