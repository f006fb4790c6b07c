// Where a lesson's tag conditions held: the narration reads the trace, but a statechart's state is not in
// the trace, so a TagWatch looks at the world after each step (World's onStep) and notes, for each tag
// condition of the lesson, the entries after which it held: the last entry a step writes gets what held
// after it (a state passed through by steps that wrote nothing is noted at the next entry written). Each
// step writes its entries' notes afresh, so a replay after a seek notes the same again and a fork's
// re-simulation replaces what the old future had noted.

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

  /** After each step of the world (World's onStep): `before` entries had been written before it. */
  readonly observe = (world: World, before: number): void => {
    // Not where the last step ended (the world went back to a checkpoint): what was pending was later.
    if (before !== this.#written) this.#pending.clear();
    const written = world.visibleCount;
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
