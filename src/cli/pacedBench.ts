// The paced figures of `npm run bench`: ten-steps played as the lab plays it by default (paced, 1×), on a
// virtual wall clock of 1-ms frames (the pace decides wall time, not the machine, so these are the same on
// every machine). pacedMinFlightMs: the shortest wall time any message of the run is drawn in flight
// (target ≥ 300); pacedTenStepsSeconds: the wall time the run takes to its end (target 20–90).

import { Session } from '../app/session.ts';

export interface PacedFigures {
  pacedMinFlightMs: number;
  pacedTenStepsSeconds: number;
}

/** What a paced play on a virtual wall clock showed: how long it took, and each message's time in flight. */
export interface PacedPlay {
  /** Wall ms it took. */
  wall: number;
  /** Each message, from the wall ms it was first drawn to the last. */
  flights: { from: number; to: number; type: string }[];
  /** After each frame (when asked for): the wall ms, the cursor and the instant the page would show. */
  cursors: { wall: number; count: number; t: number }[];
}

/**
 * Plays `session` paced, from where it stands, in frames of `frame` wall ms at `speed`, until simulated
 * instant `until`; with `looks`, looks at the run after each frame as the page would.
 */
export function playPaced(session: Session, until: number, frame = 1, speed = 1, looks = false): PacedPlay {
  let wall = 0;
  const flights = new Map<number, { from: number; to: number; type: string }>();
  const cursors: PacedPlay['cursors'] = [];
  session.startPlaying();
  while (session.world.now() < until) {
    const motion = session.play(frame * speed, true);
    wall += frame;
    for (const m of motion.messages) {
      const f = flights.get(m.id);
      if (f) f.to = wall;
      else flights.set(m.id, { from: wall - frame, to: wall, type: m.type });
    }
    if (looks) {
      const look = session.handle({ kind: 'look', recent: 1 });
      cursors.push({ wall, count: look.instant.entryCount, t: look.instant.frame.t });
    }
  }
  return { wall, flights: [...flights.values()], cursors };
}

export async function pacedFigures(): Promise<PacedFigures> {
  const session = new Session();
  session.learn(await import('../app/guide.ts'));
  session.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
  const { wall, flights } = playPaced(session, session.end);
  const shortest = Math.min(...flights.map((f) => f.to - f.from));
  return { pacedMinFlightMs: Math.round(shortest), pacedTenStepsSeconds: Math.round(wall / 100) / 10 };
}
