// What the simulation loads after its first answer, as a chunk of its own (the first load stays small):
// the lessons, and a Narrator for the one open, which tells where it stands at the cursor and carries out
// its own commands (a beat, Try it yourself). Until it has loaded, the lab opens ten-steps from its run
// alone (scenarios/index.ts), without beats.

import type { ScenarioInfo } from '../scenarios/catalog.ts';
import { lessons } from '../scenarios/lessons/index.ts';
import { beatEntry, latestInteresting, narrate, viewAt, type LessonView } from '../scenarios/narration.ts';
import type { Lesson } from '../scenarios/scenario.ts';
import { TagWatch } from '../scenarios/tagWatch.ts';
import type { TraceEntry } from '../simulation/trace.ts';
import { World, type RunSpec, type WorldOptions } from '../simulation/world.ts';

export { lessons };
/** The words of actions, read: an address or a run file names actions so (loaded with the lessons). */
export { InterventionError, parseIntervention } from '../simulation/actionWords.ts';

/** The narrator of lesson `id`, if there is one. */
export function narratorFor(id: string): Narrator | null {
  const lesson = lessons.find((l) => l.id === id);
  return lesson ? new Narrator(lesson) : null;
}

export class Narrator {
  /** Where the lesson's tag conditions held; null when its beats have none. */
  readonly #watch: TagWatch | null;

  constructor(readonly lesson: Lesson) {
    this.#watch = TagWatch.of(lesson.beats);
  }

  /** Whether a run built without this narrator's options can be narrated (its beats watch no states). */
  get readsTraceOnly(): boolean {
    return this.#watch === null;
  }

  /** What the page shows of the lesson before it runs: its words, seed and length. */
  get info(): ScenarioInfo {
    const { id, title, summary, defaultSeed, duration } = this.lesson;
    return { id, title, summary, defaultSeed, duration };
  }

  /** The lesson's parts `entries` reach, with their words and sources, and where they leave its script. */
  told(entries: readonly TraceEntry[]): {
    narration: { t: number; text: string; source: string }[];
    left: { t: number; action: string } | null;
  } {
    const { beats, interventions } = this.lesson;
    const { reached, leftScript } = narrate(beats, entries, interventions, this.#watch?.holds);
    return {
      narration: reached.map((r) => ({ t: r.t, text: beats[r.beat]!.text, source: beats[r.beat]!.source })),
      left: leftScript && { t: leftScript.t, action: leftScript.action },
    };
  }

  /** A world of `spec` that this narrator can follow. */
  world(spec: RunSpec): World {
    const options: WorldOptions = this.#watch ? { onStep: this.#watch.observe } : {};
    return new World(spec, options);
  }

  /**
   * Where the lesson stands at `cursor`. A run whose configuration differs from the lesson's (`changed`
   * names the parameters) has left the script from its start: no beat is claimed for it.
   */
  view(
    trace: readonly TraceEntry[],
    cursor: number,
    trying: LessonView['trying'],
    changed: readonly string[] | null = null,
  ): LessonView {
    const view = viewAt(this.lesson, trace, cursor, trying, this.#watch?.holds);
    if (!changed) return view;
    return {
      ...view,
      at: -1,
      onBeat: false,
      back: -1,
      beat: null,
      next: false,
      left: { t: 0, action: `the configuration changed (${changed.join(', ')})` },
      since: latestInteresting(trace, 0, cursor),
    };
  }

  /**
   * Puts `world` just after the entry that reached beat `index` (at its start for -1) and gives the
   * cursor there (the number of entries before it), or says why it cannot.
   */
  /** The instant at which the run reaches beat `index`, if it does. */
  beatTime(world: World, index: number): number | undefined {
    const seq = beatEntry(this.lesson, world.trace, index, this.#watch?.holds);
    return seq === undefined ? undefined : world.trace[seq]?.t;
  }

  toBeat(world: World, index: number): number | string {
    if (index < 0) {
      world.seekToStep(0);
      return 0;
    }
    const seq = beatEntry(this.lesson, world.trace, index, this.#watch?.holds);
    if (seq === undefined) return `The run does not reach beat ${index + 1}.`;
    world.seekToEntry(seq);
    return seq + 1;
  }

  /**
   * Try it yourself: the run as it stands at `cursor`, without the script's interventions still to come.
   * A fresh run of the same configuration and seed with the interventions already made, simulated to
   * here: up to the cursor it is the same trace; after it, the user's.
   */
  tryFrom(old: World, cursor: number): World {
    // Every intervention notes one `lab` entry, in the order of the (sorted) list: those whose entries
    // stand before the cursor have been made.
    let made = 0;
    for (let i = 0; i < cursor; i++) if (old.trace[i]!.actor === 'lab') made++;
    const spec = old.runSpec;
    const world = this.world({ ...spec, interventions: spec.interventions!.slice(0, made) });
    world.runUntil(old.now());
    // A cursor between two entries of one instant (stepping) stays there.
    if (world.visibleCount > cursor) {
      if (cursor > 0) world.seekToEntry(cursor - 1);
      else world.seekToStep(0);
    }
    return world;
  }
}
