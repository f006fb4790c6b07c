// A trainee's progress, remembered in this browser only (localStorage), by scenario: the questions answered
// and how many right, and the furthest part of a lesson reached;
// nothing is sent anywhere. Where the browser keeps nothing (a private window, a sandboxed frame), it is
// remembered while the page is open.

const KEY = 'failover-lab.progress.v1';

export interface Score {
  answered: number;
  right: number;
  /** A lesson's furthest part reached (1 for the first), and how many parts it has. */
  part?: number;
  parts?: number;
}

type Progress = Record<string, Score>;

let kept: Progress = {};

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Every scenario's score, as remembered. A stored value that is not a score is left out. */
export function readProgress(): Progress {
  try {
    const text = storage()?.getItem(KEY);
    if (!text) return { ...kept };
    const read = JSON.parse(text) as unknown;
    if (typeof read !== 'object' || read === null) return { ...kept };
    const out: Progress = {};
    for (const [id, s] of Object.entries(read as Record<string, unknown>)) {
      const score = s as Partial<Score> | null;
      if (
        Number.isInteger(score?.answered) &&
        Number.isInteger(score?.right) &&
        score!.right! >= 0 &&
        score!.right! <= score!.answered!
      ) {
        const part = score!.part;
        const parts = score!.parts;
        const lesson =
          Number.isInteger(part) && Number.isInteger(parts) && part! >= 1 && part! <= parts!
            ? { part: part!, parts: parts! }
            : {};
        out[id] = { answered: score!.answered!, right: score!.right!, ...lesson };
      }
    }
    return out;
  } catch {
    return { ...kept };
  }
}

function write(progress: Progress): void {
  kept = progress;
  try {
    storage()?.setItem(KEY, JSON.stringify(progress));
  } catch {
    // Full or refused: remembered while the page is open.
  }
}

/** One question answered in `scenario`, right or not; the new progress. */
export function recordAnswer(scenario: string, right: boolean): Progress {
  const progress = readProgress();
  const s = progress[scenario] ?? { answered: 0, right: 0 };
  progress[scenario] = { ...s, answered: s.answered + 1, right: s.right + (right ? 1 : 0) };
  write(progress);
  return progress;
}

/** Part `part` (1 for the first) of a lesson of `parts` reached; kept if further than before. */
export function recordPart(scenario: string, part: number, parts: number): Progress {
  const progress = readProgress();
  const s = progress[scenario] ?? { answered: 0, right: 0 };
  if ((s.part ?? 0) >= part && s.parts === parts) return progress;
  progress[scenario] = { ...s, part, parts };
  write(progress);
  return progress;
}

/** Forgets every score. */
export function resetProgress(): Progress {
  write({});
  try {
    storage()?.removeItem(KEY);
  } catch {
    // Nothing kept to forget.
  }
  return {};
}
