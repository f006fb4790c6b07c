// The lab's page keeps its address on what it shows, at a pace a browser allows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AddressFollower, MIN_MS, PLAYING_MS } from '../../src/app/addressBar.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function follower() {
  let address = '?v=1&t=0';
  const written: string[] = [];
  const f = new AddressFollower(
    (q) => {
      written.push(q);
      address = q;
    },
    () => address,
  );
  return { f, written };
}

describe('the address bar', () => {
  it('writes a change at once, and nothing when the address already says it', () => {
    const { f, written } = follower();
    f.follow('?v=1&t=0', false);
    expect(written).toEqual([]);
    f.follow('?v=1&t=1', false);
    expect(written).toEqual(['?v=1&t=1']);
  });

  it('writes at most every MIN_MS while paused, and then the latest', () => {
    const { f, written } = follower();
    f.follow('?a', false);
    for (let i = 0; i < 20; i++) f.follow(`?b${i}`, false);
    expect(written).toEqual(['?a']);
    vi.advanceTimersByTime(MIN_MS);
    expect(written).toEqual(['?a', '?b19']);
  });

  it('writes at most every PLAYING_MS while playing: ten seconds of looks make about ten writes', () => {
    const { f, written } = follower();
    for (let t = 0; t < 10_000; t += 100) {
      f.follow(`?t=${t}`, true);
      vi.advanceTimersByTime(100);
    }
    expect(written.length).toBeGreaterThanOrEqual(9);
    expect(written.length).toBeLessThanOrEqual(11);
    expect(PLAYING_MS).toBeGreaterThan(MIN_MS);
  });

  it('writes nothing once stopped', () => {
    const { f, written } = follower();
    f.follow('?a', false);
    f.follow('?b', false);
    f.stop();
    vi.advanceTimersByTime(10 * MIN_MS);
    expect(written).toEqual(['?a']);
  });
});
