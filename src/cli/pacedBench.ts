// The paced figures of `npm run bench`: ten-steps played as the lab plays it by default (paced, 1×), on a
// virtual wall clock of 1-ms frames (the pace decides wall time, not the machine, so these are the same on
// every machine). pacedMinFlightMs: the shortest wall time any message of the run is drawn in flight
// (target ≥ 300); pacedTenStepsSeconds: the wall time the run takes to its end (target 20–90).

import { Session } from '../app/session.ts';

export interface PacedFigures {
  pacedMinFlightMs: number;
  pacedTenStepsSeconds: number;
}

export async function pacedFigures(): Promise<PacedFigures> {
  const session = new Session();
  session.learn(await import('../app/guide.ts'));
  session.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
  const end = session.end;
  session.startPlaying();
  const FRAME = 1;
  let wall = 0;
  const flights = new Map<number, { from: number; to: number }>();
  while (session.world.now() < end) {
    const motion = session.play(FRAME, true);
    wall += FRAME;
    for (const m of motion.messages) {
      const f = flights.get(m.id);
      if (f) f.to = wall;
      else flights.set(m.id, { from: wall - FRAME, to: wall });
    }
  }
  let shortest = Infinity;
  for (const f of flights.values()) shortest = Math.min(shortest, f.to - f.from);
  return { pacedMinFlightMs: Math.round(shortest), pacedTenStepsSeconds: Math.round(wall / 100) / 10 };
}
