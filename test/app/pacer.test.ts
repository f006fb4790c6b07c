// Paced playback: at 1× a trainee sees each message travel and each step of a burst in turn, quiet
// stretches pass quickly, and the run itself is the one real time plays.
import { describe, expect, it } from 'vitest';
import { dwellOf, FOLLOWABLE, MIN_FLIGHT_MS, NOTABLE_MS, QUIET_MS, rateOf } from '../../src/app/pacer.ts';
import { Session } from '../../src/app/session.ts';
import { playPaced } from '../../src/cli/pacedBench.ts';
import { formatTrace } from '../../src/simulation/trace.ts';

async function lesson(id: string): Promise<Session> {
  const s = new Session();
  s.learn(await import('../../src/app/guide.ts'));
  s.handle({ kind: 'open', options: { scenario: id } });
  s.startPlaying();
  return s;
}

/** playPaced, looking at the run after each frame as the page does. */
const playPacedLooking = (s: Session, until: number, frame = 1, speed = 1) =>
  playPaced(s, until, frame, speed, true);

describe('paced playback (the default)', () => {
  it('at 1×, every message of ten-steps is seen in flight for at least 0.3 s, and the whole run takes 20–90 s', async () => {
    const { wall, flights } = playPacedLooking(await lesson('ten-steps'), 6000);
    expect(flights.length).toBeGreaterThan(20);
    const shortest = Math.min(...flights.map((f) => f.to - f.from));
    expect(shortest).toBeGreaterThanOrEqual(MIN_FLIGHT_MS);
    expect(wall / 1000).toBeGreaterThan(20);
    expect(wall / 1000).toBeLessThan(90);
  });

  it('shows a burst of plug-in steps one at a time, each for its while', async () => {
    const s = await lesson('ten-steps');
    const { cursors } = playPacedLooking(s, 3100, 10);
    const trace = s.world.trace;
    // The cursor moves by one entry at most per frame…
    for (let i = 1; i < cursors.length; i++)
      expect(cursors[i]!.count - cursors[i - 1]!.count).toBeLessThanOrEqual(1);
    // …and the failover's plug-in steps, written at one simulated instant, each stay on screen.
    const steps = trace.filter((e) => e.type === 'plugin.step' && e.t === 3020);
    expect(steps.length).toBeGreaterThan(4);
    for (const e of steps.slice(0, -1)) {
      const shown = cursors.filter((c) => c.count === e.seq + 1);
      expect(shown.length * 10).toBeGreaterThanOrEqual(NOTABLE_MS - 10);
    }
  });

  it('hurries through quiet stretches: nothing in flight, the wait for the next event takes at most half a second', async () => {
    expect(rateOf([], 0, 60_000)).toBe(60_000 / QUIET_MS);
    expect(rateOf([], 0, 100)).toBe(1); // never slower than real time
    // ten-steps after its script: nothing in flight, and the next event (a heartbeat) seconds away.
    const s = await lesson('ten-steps');
    s.handle({ kind: 'seek', t: 6000 });
    s.startPlaying();
    expect(s.world.messagesInFlight()).toEqual([]);
    const next = s.world.nextEventAt()!;
    expect(next - 6000).toBeGreaterThan(10_000);
    const { wall } = playPacedLooking(s, next, 10);
    expect(wall).toBeLessThanOrEqual(QUIET_MS + 10);
  });

  it('changes only when the page shows what: the trace is the one real time plays, and the clock whole milliseconds', async () => {
    const paced = await lesson('recovery-window');
    const { cursors } = playPacedLooking(paced, 80_000, 16);
    expect(cursors.every((c) => Number.isInteger(c.t))).toBe(true);
    const real = await lesson('recovery-window');
    while (real.world.now() < 80_000) real.play(16, false);
    const upTo = (s: Session) => s.world.trace.filter((e) => e.t <= 80_000);
    expect(formatTrace(upTo(paced))).toBe(formatTrace(upTo(real)));
  });

  it('plays in real time while more messages are in flight than anyone could follow (every session written at once)', async () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { sandbox: { members: 8, processes: 4, users: 200 } } });
    s.handle({ kind: 'seek', t: 20_000 }); // time-based writes of every session
    const inFlight = s.world.messagesInFlight();
    expect(inFlight.length).toBeGreaterThan(FOLLOWABLE);
    expect(rateOf(inFlight, 20_000, 20_001)).toBe(1);
    expect(rateOf(inFlight.slice(0, FOLLOWABLE), 20_000, 20_001)).toBeLessThan(1);
    const entry = s.world.trace.find((e) => e.type === 'plugin.step')!;
    expect(dwellOf(entry, inFlight.length)).toBe(0);
    expect(dwellOf(entry, FOLLOWABLE)).toBe(NOTABLE_MS);
    // The burst passes in about its own simulated time, not in minutes.
    s.startPlaying();
    let wall = 0;
    while (s.world.messagesInFlight().length > FOLLOWABLE) {
      s.play(10, true);
      wall += 10;
    }
    expect(wall).toBeLessThan(2000);
  });

  it('plays twice as fast at 2×', async () => {
    const once = playPacedLooking(await lesson('ten-steps'), 6000, 10).wall;
    const twice = playPacedLooking(await lesson('ten-steps'), 6000, 10, 2).wall;
    expect(twice / once).toBeGreaterThan(0.45);
    expect(twice / once).toBeLessThan(0.55);
  });
});
