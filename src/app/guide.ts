// What the simulation loads after its first answer, as a chunk of its own (the first load stays small):
// the lessons, what tells where a lesson stands at the cursor, and the lesson's own commands (a beat, Try
// it yourself). Until it has loaded, the lab opens ten-steps from its run alone (scenarios/index.ts),
// without beats.

import { beatEntry } from '../scenarios/narration.ts';
import type { ScenarioInfo } from '../scenarios/catalog.ts';
import type { Lesson } from '../scenarios/scenario.ts';
import { World } from '../simulation/world.ts';

export { lessons } from '../scenarios/lessons/index.ts';
export { viewAt } from '../scenarios/narration.ts';

/** What the page shows of a lesson before it runs: its words, seed and length. */
export function infoOf({ id, title, summary, defaultSeed, duration }: Lesson): ScenarioInfo {
  return { id, title, summary, defaultSeed, duration };
}

/**
 * Puts `world` just after the entry that reached the lesson's beat `index` (at its start for -1) and
 * gives the cursor there (the number of entries before it), or says why it cannot.
 */
export function toBeat(lesson: Lesson, world: World, index: number): number | string {
  if (index < 0) {
    world.seekToStep(0);
    return 0;
  }
  const seq = beatEntry(lesson, world.trace, index);
  if (seq === undefined) return `The run does not reach beat ${index + 1}.`;
  world.seekToEntry(seq);
  return seq + 1;
}

/**
 * Try it yourself: the run as it stands at `cursor`, without the script's interventions still to come. A
 * fresh run of the same configuration and seed with the interventions already made, simulated to here:
 * up to the cursor it is the same trace; after it, the user's.
 */
export function tryFrom(old: World, cursor: number): World {
  // Every intervention notes one `lab` entry, in the order of the (sorted) list: those whose entries
  // stand before the cursor have been made.
  let made = 0;
  for (let i = 0; i < cursor; i++) if (old.trace[i]!.actor === 'lab') made++;
  const spec = old.runSpec;
  const world = new World({ ...spec, interventions: spec.interventions!.slice(0, made) });
  world.runUntil(old.now());
  // A cursor between two entries of one instant (stepping) stays there.
  if (world.visibleCount > cursor) {
    if (cursor > 0) world.seekToEntry(cursor - 1);
    else world.seekToStep(0);
  }
  return world;
}
