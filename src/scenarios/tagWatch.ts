// Where a lesson's tag conditions held: the narration reads the trace, but a statechart's state is not in
// the trace, so a TagWatch looks at the world after each step (World's onStep) and notes, for each tag
// condition of the lesson, the entries after which it held: the last entry a step writes gets what held
// after it (a state passed through by steps that wrote nothing is noted at the next entry written). A
// replay (after a seek, or up to a fork's instant) changes nothing: the run is deterministic, and its
// entries and states are the ones noted the first time. A step simulated afresh writes its entries' notes
// anew, so a fork's new future replaces what the old one had noted.

import type { World } from '../simulation/world.ts';
import { isTagCondition, type Beat, type TagCondition } from './narration.ts';

const keyOf = (c: TagCondition): string => `${c.actor}\u0000${c.tag}`;

export class TagWatch {
  readonly #conditions: TagCondition[];
  /** For each condition, the entries (by seq) after which it held. */
  readonly #held = new Map<string, Set<number>>();
  /** Conditions seen holding since the last entry was written. */
  readonly #pending = new Set<TagCondition>();
  /** How many entries the world had written after the last step seen. */
  #written = 0;

  /** A watch for the tag conditions of `beats`; null if they have none. */
  static of(beats: readonly Beat[]): TagWatch | null {
    const conditions = beats.map((b) => b.when).filter(isTagCondition);
    return conditions.length > 0 ? new TagWatch(conditions) : null;
  }

  private constructor(conditions: TagCondition[]) {
    this.#conditions = conditions;
    for (const c of conditions) this.#held.set(keyOf(c), new Set());
  }

  /**
   * After each step of the world (World's onStep): `before` entries had been written before it; a
   * `replay` walked a known stretch.
   */
  readonly observe = (world: World, before: number, replay: boolean): void => {
    const written = world.visibleCount;
    if (replay) {
      this.#pending.clear();
      this.#written = written;
      return;
    }
    // Not where the last step ended (the world went back to a checkpoint): what was pending was later.
    if (before !== this.#written) this.#pending.clear();
    for (const c of this.#conditions) if (world.inState(c.actor, c.tag)) this.#pending.add(c);
    if (written > before) {
      for (const c of this.#conditions) {
        const seqs = this.#held.get(keyOf(c))!;
        for (let seq = before; seq < written - 1; seq++) seqs.delete(seq);
        if (this.#pending.has(c)) seqs.add(written - 1);
        else seqs.delete(written - 1);
      }
      this.#pending.clear();
    }
    this.#written = written;
  };

  /** Whether condition `c` held after the step that wrote entry `seq` (narrate's TagHolds). */
  readonly holds = (c: TagCondition, seq: number): boolean => this.#held.get(keyOf(c))?.has(seq) ?? false;
}
