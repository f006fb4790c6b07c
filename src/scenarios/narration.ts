// A lesson's narration: beats that appear when the run reaches the state they explain (a trace entry of a
// type, at an actor, with details), never on a timer, in order. After the user acts where the script did
// not, the narration says the run has left the script and stops claiming what the script expected; what
// happened from there is told from the trace itself (highlights).

import type { TraceEntry, TraceType } from '../simulation/trace.ts';
import { detailsOf } from '../simulation/trace.ts';
import { wordsOf, type Intervention } from '../simulation/interventions.ts';

/** The state a beat explains, as the trace shows it. */
export interface BeatCondition {
  type: TraceType;
  /** Where it happens: `PluginMember2`, `ihs#1`, `browser:u1`, `monitor`. */
  actor?: string;
  /** Details the entry carries, each equal. */
  data?: Readonly<Record<string, string | number | boolean | null>>;
}

/** One step of a lesson: its words for the trainee, and the public source they rest on (by title). */
export interface Beat {
  when: BeatCondition;
  text: string;
  source: string;
}

/** Where a lesson's narration stands in a trace. */
export interface Narration {
  /** The beats reached, in order, with the entry that reached each. */
  reached: { beat: number; seq: number; t: number }[];
  /** The first intervention the script did not make (the user's own), if any: beats stop there. */
  leftScript: { seq: number; t: number; action: string } | null;
}

export function matches(c: BeatCondition, e: TraceEntry): boolean {
  if (e.type !== c.type || (c.actor !== undefined && e.actor !== c.actor)) return false;
  if (!c.data) return true;
  const d = detailsOf(e);
  return Object.entries(c.data).every(([k, v]) => d[k] === v);
}

/**
 * The beats `entries` reach, each after the one before, and where the run left the script: the first
 * lab entry that is not one of the `script`'s interventions (the same words at the same instant). Beats
 * are not reached past that point.
 */
export function narrate(
  beats: readonly Beat[],
  entries: readonly TraceEntry[],
  script: readonly Intervention[],
): Narration {
  const scripted = new Set(script.map((i) => `${i.at}|${wordsOf(i.action)}`));
  const reached: Narration['reached'] = [];
  let leftScript: Narration['leftScript'] = null;
  for (const e of entries) {
    if (e.actor === 'lab') {
      const action = String(detailsOf(e).action ?? e.type);
      if (!scripted.has(`${e.t}|${action}`)) {
        leftScript = { seq: e.seq, t: e.t, action };
        break;
      }
    }
    const next = beats[reached.length];
    if (next && matches(next.when, e)) reached.push({ beat: reached.length, seq: e.seq, t: e.t });
  }
  return { reached, leftScript };
}
