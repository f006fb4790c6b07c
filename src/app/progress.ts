// A trainee's progress with the questions, remembered in this browser only (localStorage), by scenario;
// nothing is sent anywhere. Where the browser keeps nothing (a private window, a sandboxed frame), it is
// remembered while the page is open.

const KEY = 'failover-lab.progress.v1';

export interface Score {
  answered: number;
  right: number;
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
      )
        out[id] = { answered: score!.answered!, right: score!.right! };
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
  progress[scenario] = { answered: s.answered + 1, right: s.right + (right ? 1 : 0) };
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
