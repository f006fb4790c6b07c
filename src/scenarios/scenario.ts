// Scenarios are data (DESIGN.md §2): a config, users and sessions, scripted interventions, and a lesson's
// beats that wait for the model to reach a state. No callbacks, so they can be stored, linked and compared.

import type { LabConfig } from '../model/config.ts';
import { siteOf } from '../model/routing.ts';
import type { ScenarioInfo } from './catalog.ts';
import type { Intervention, PreloadedSession, RunSpec, WorkloadSpec } from '../simulation/world.ts';
import type { Beat } from './narration.ts';

/**
 * A run the simulation can open. Its title and summary are the page's (catalog.ts) for the lab's own
 * scenarios, so the simulation's bundle does not carry them; a lesson carries its own.
 */
export interface Scenario extends Pick<ScenarioInfo, 'id' | 'defaultSeed' | 'duration'> {
  title?: string;
  summary?: string;
  config: () => LabConfig;
  users?: string[];
  sessions?: PreloadedSession[];
  interventions: Intervention[];
  workload?: WorkloadSpec;
  /** A lesson's beats, in order (narration.ts). */
  beats?: Beat[];
}

/** A lesson: a scenario with its own title, summary and beats. */
export type Lesson = Scenario & Pick<ScenarioInfo, 'title' | 'summary'> & { beats: Beat[] };

/** The path a request goes to when none is named: the page a user views (model/routing.ts siteOf). */
export function requestPath(config: LabConfig): string {
  return siteOf(config.plugin).cart;
}

/**
 * The script's first `n` actions in time order: what a run keeps of a lesson's script once the user tried
 * it yourself (an address's or a run file's `script=N`); null when the script has fewer.
 */
export function scriptUpTo(script: readonly Intervention[], n: number): Intervention[] | null {
  return n > script.length ? null : [...script].sort((a, b) => a.at - b.at).slice(0, n);
}

/** The run a scenario describes for a seed. */
export function runSpecOf(s: Scenario, seed = s.defaultSeed): RunSpec {
  return {
    config: s.config(),
    seed,
    ...(s.users ? { users: s.users } : {}),
    ...(s.sessions ? { sessions: s.sessions } : {}),
    interventions: s.interventions,
    ...(s.workload ? { workload: s.workload } : {}),
  };
}
