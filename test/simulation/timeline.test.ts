// Checkpoints along a run: which one a seek, a step back or a fork starts from, and when one is due.
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY, Timeline } from '../../src/simulation/timeline.ts';

/** Checkpoints at steps 0, 500, 1000, 1500, at instants 0, 40, 40, 90 ms: two at one instant. */
const timeline = (): Timeline<string> => {
  const tl = new Timeline('s0');
  for (const [steps, now] of [
    [500, 40],
    [1000, 40],
    [1500, 90],
  ] as const) {
    for (let s = steps - CHECKPOINT_EVERY + 1; s < steps; s++) expect(tl.isDue(s)).toBe(false);
    expect(tl.isDue(steps)).toBe(true);
    tl.add({ steps, now, state: `s${steps}` });
  }
  return tl;
};

describe('Timeline', () => {
  it('is due a checkpoint every CHECKPOINT_EVERY steps, once: replaying a known stretch takes none', () => {
    const tl = timeline();
    expect(tl.count).toBe(4);
    expect(tl.isDue(500)).toBe(false);
    expect(tl.isDue(1500)).toBe(false);
    expect(tl.isDue(2000)).toBe(true);
  });
  it('seeks from the latest checkpoint at or before an instant, and the last of several at one instant', () => {
    const tl = timeline();
    expect(tl.atOrBefore(39).state).toBe('s0');
    expect(tl.atOrBefore(40).state).toBe('s1000');
    expect(tl.atOrBefore(89).state).toBe('s1000');
    expect(tl.atOrBefore(1e9).state).toBe('s1500');
  });
  it('replays everything at an instant from a checkpoint strictly before it', () => {
    const tl = timeline();
    expect(tl.before(40).state).toBe('s0');
    expect(tl.before(41).state).toBe('s1000');
    expect(tl.before(0).state).toBe('s0');
  });
  it('steps back from the latest checkpoint at or before a step, and knows when one lies ahead', () => {
    const tl = timeline();
    expect(tl.atOrBeforeStep(999).state).toBe('s500');
    expect(tl.atOrBeforeStep(1000).state).toBe('s1000');
    expect(tl.hasBetween(600, 1000)).toBe(true);
    expect(tl.hasBetween(500, 999)).toBe(false);
    expect(tl.hasBetween(1500, 9999)).toBe(false);
  });
  it('a fork cuts the checkpoints after it, changes those kept, and makes the steps after it new again', () => {
    const tl = timeline();
    tl.fork(700, (s) => `${s}+fork`);
    expect(tl.count).toBe(2);
    expect(tl.atOrBefore(1e9).state).toBe('s500+fork');
    expect(tl.isDue(701)).toBe(false);
    expect(tl.isDue(1000)).toBe(true);
  });
});
