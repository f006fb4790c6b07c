// Running a lesson for its tests: its run on a seed, with interventions of the test's own and a changed
// configuration where a test compares a variant, checked as the command line checks one.
import type { LabConfig } from '../../../src/model/config.ts';
import { validateConfig } from '../../../src/model/parameters.ts';
import { narrate, type Narration } from '../../../src/scenarios/narration.ts';
import { runSpecOf, type Lesson, type Scenario } from '../../../src/scenarios/scenario.ts';
import { TagWatch } from '../../../src/scenarios/tagWatch.ts';
import type { TraceEntry } from '../../../src/simulation/trace.ts';
import { World, type Intervention } from '../../../src/simulation/world.ts';

/** The lesson's trace to its end, on `seed`, with `extra` interventions and its configuration `change`d. */
export function runLesson(
  s: Scenario,
  seed = s.defaultSeed,
  extra: Intervention[] = [],
  change: (c: LabConfig) => void = () => {},
  watch: TagWatch | null = null,
): TraceEntry[] {
  const spec = runSpecOf(s, seed);
  change(spec.config);
  validateConfig(spec.config);
  const w = new World(
    { ...spec, interventions: [...(spec.interventions ?? []), ...extra] },
    watch ? { onStep: watch.observe } : {},
  );
  w.runUntil(s.duration);
  return w.visibleTrace();
}

/** The lesson's run as runLesson's, and its narration (the states its beats wait for watched). */
export function narrateLesson(
  s: Lesson,
  seed = s.defaultSeed,
  extra: Intervention[] = [],
): { trace: TraceEntry[]; narration: Narration } {
  const watch = TagWatch.of(s.beats);
  const trace = runLesson(s, seed, extra, () => {}, watch);
  return { trace, narration: narrate(s.beats, trace, s.interventions, watch?.holds) };
}

/** The entries of `type` (at `actor`, if given). */
export const of = (t: TraceEntry[], type: string, actor?: string): TraceEntry[] =>
  t.filter((e) => e.type === type && (actor === undefined || e.actor === actor));
