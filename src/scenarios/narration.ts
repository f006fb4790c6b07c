// A lesson's narration: beats that appear when the run reaches the state they explain (a trace entry of a
// type, at an actor, with details; a monitor's finding, which is such an entry; or a statechart in a state
// with a tag), never on a timer, in order. After the user acts where the script did not, the narration
// says the run has left the script and stops claiming what the script expected; what happened from there
// is told from the trace itself (highlights).

import type { TraceEntry, TraceType } from '../simulation/trace.ts';
import { detailsOf } from '../simulation/trace.ts';
import { isInteresting } from '../simulation/highlights.ts';
import type { QuestionKind } from '../simulation/questions.ts';
import { wordsOf, type Intervention } from '../simulation/interventions.ts';

/** The state a beat explains, as the trace shows it: an entry. */
export interface EntryCondition {
  type: TraceType;
  /** Where it happens: `PluginMember2`, `ihs#1`, `browser:u1`, `monitor`. */
  actor?: string;
  /** Details the entry carries, each equal. */
  data?: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * The state a beat explains, as the statecharts show it: `actor` (a cluster member, a web server process,
 * the database…) or one of its requests is in a state tagged `tag` (`writing`, `readingStore`, `hung`,
 * `step-6`…). Reached at the last entry of the step after which it holds (a TagWatch sees it).
 */
export interface TagCondition {
  tag: string;
  actor: string;
}

export type BeatCondition = EntryCondition | TagCondition;

export const isTagCondition = (c: BeatCondition): c is TagCondition => 'tag' in c;

/** Whether a tag condition held after the step that wrote entry `seq` (see TagWatch). */
export type TagHolds = (c: TagCondition, seq: number) => boolean;

/** One step of a lesson: its words for the trainee, and the public source they rest on (by title). */
export interface Beat {
  when: BeatCondition;
  text: string;
  source: string;
  /** A question the lab asks the trainee on this part, about the run at that moment (simulation/questions.ts). */
  ask?: QuestionKind;
}

/** Where a lesson's narration stands in a trace. */
export interface Narration {
  /** The beats reached, in order, with the entry that reached each. */
  reached: { beat: number; seq: number; t: number }[];
  /** The first intervention the script did not make (the user's own), if any: beats stop there. */
  leftScript: { seq: number; t: number; action: string } | null;
}

export function matches(c: BeatCondition, e: TraceEntry, holds?: TagHolds): boolean {
  if (isTagCondition(c)) return holds?.(c, e.seq) ?? false;
  if (e.type !== c.type || (c.actor !== undefined && e.actor !== c.actor)) return false;
  if (!c.data) return true;
  const d = detailsOf(e);
  return Object.entries(c.data).every(([k, v]) => d[k] === v);
}

/**
 * The beats `entries` reach, each after the one before, and where the run left the script: the first
 * lab entry that is not one of the `script`'s interventions (the same words at the same instant). Beats
 * are not reached past that point. Tag conditions are reached where `holds` says (none without it).
 */
export function narrate(
  beats: readonly Beat[],
  entries: readonly TraceEntry[],
  script: readonly Intervention[],
  holds?: TagHolds,
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
    if (next && matches(next.when, e, holds)) reached.push({ beat: reached.length, seq: e.seq, t: e.t });
  }
  return { reached, leftScript };
}

/** What the lab shows of a lesson at the cursor (entries before `cursor` have happened). */
export interface LessonView {
  /** How many beats the lesson has. */
  count: number;
  /** The latest beat reached before the cursor, or -1 before the first. */
  at: number;
  /** The cursor stands just after the entry that reached beat `at` (where Continue and Back put it). */
  onBeat: boolean;
  /** The part Back goes to: the one before when on a part, else the one reached (-1: the start). */
  back: number;
  /** Beat `at`'s words and source. */
  beat: { text: string; source: string } | null;
  /** The words and source of the part after `at` (the presenter's notes show what comes next), if any. */
  following: { text: string; source: string } | null;
  /** The known run reaches beat `at + 1`: Continue can go there. */
  next: boolean;
  /** Where the run left the script, if that is before the cursor. */
  left: { t: number; action: string } | null;
  /** Once the run has left the script: the latest interesting entries since, up to the cursor. */
  since: { t: number; actor: string; text: string }[];
  /** Trying it yourself since beat `from` at instant `t` (the rest of the script is off), or null. */
  trying: { from: number; t: number } | null;
  /** The lesson's sources, each once, in the order its beats cite them. */
  sources: string[];
  /** The question part `at` asks, while the run stands at that part (playing on to it pauses there). */
  ask: QuestionKind | null;
  /** The parts that ask a question (playing past one goes back to it). */
  asking: number[];
}

/** How many entries since leaving the script a LessonView tells. */
const SINCE = 4;

/** The latest few interesting entries from index `from` up to the cursor, oldest first. */
export function latestInteresting(
  trace: readonly TraceEntry[],
  from: number,
  cursor: number,
): LessonView['since'] {
  const out: LessonView['since'] = [];
  for (let i = cursor - 1; i >= from && out.length < SINCE; i--) {
    const e = trace[i]!;
    if (isInteresting(e)) out.unshift({ t: e.t, actor: e.actor, text: e.text });
  }
  return out;
}

export function viewAt(
  lesson: { beats: readonly Beat[]; interventions: readonly Intervention[] },
  trace: readonly TraceEntry[],
  cursor: number,
  trying: LessonView['trying'],
  holds?: TagHolds,
): LessonView {
  const { beats } = lesson;
  const { reached, leftScript } = narrate(beats, trace, lesson.interventions, holds);
  let at = -1;
  while (at + 1 < reached.length && reached[at + 1]!.seq < cursor) at++;
  const left = leftScript && leftScript.seq < cursor ? leftScript : null;
  const onBeat = at >= 0 && reached[at]!.seq === cursor - 1;
  const since = left ? latestInteresting(trace, left.seq, cursor) : [];
  return {
    count: beats.length,
    at,
    onBeat,
    back: onBeat ? at - 1 : at,
    beat: at >= 0 ? { text: beats[at]!.text, source: beats[at]!.source } : null,
    following: at + 1 < beats.length ? { text: beats[at + 1]!.text, source: beats[at + 1]!.source } : null,
    next: at + 1 < reached.length,
    left: left && { t: left.t, action: left.action },
    since,
    trying,
    sources: [...new Set(beats.map((b) => b.source))],
    ask: at >= 0 ? (beats[at]!.ask ?? null) : null,
    asking: beats.flatMap((b, i) => (b.ask ? [i] : [])),
  };
}

/** The trace index of the entry that reaches beat `index`, if the trace reaches it. */
export function beatEntry(
  lesson: { beats: readonly Beat[]; interventions: readonly Intervention[] },
  trace: readonly TraceEntry[],
  index: number,
  holds?: TagHolds,
): number | undefined {
  return narrate(lesson.beats, trace, lesson.interventions, holds).reached[index]?.seq;
}
