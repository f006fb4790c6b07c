// The lab's page keeps its address on what it shows, at a pace a browser allows, and not while playing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AddressFollower, MIN_MS } from '../../src/app/addressBar.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function follower(opened = '?scenario=ten-steps') {
  let address = opened;
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
  it('leaves the address the page was opened with until the lab shows something else', () => {
    const { f, written } = follower();
    f.follow('?v=1&scenario=ten-steps&seed=1&t=0', false);
    expect(written).toEqual([]);
    f.follow('?v=1&scenario=ten-steps&seed=1&t=1', false);
    expect(written).toEqual(['?v=1&scenario=ten-steps&seed=1&t=1']);
    // Back at the start: now written, since the address says otherwise.
    vi.advanceTimersByTime(MIN_MS);
    f.follow('?v=1&scenario=ten-steps&seed=1&t=0', false);
    expect(written.at(-1)).toBe('?v=1&scenario=ten-steps&seed=1&t=0');
  });

  it('writes at most every MIN_MS, and then the latest', () => {
    const { f, written } = follower();
    f.follow('?opened', false);
    f.follow('?a', false);
    for (let i = 0; i < 20; i++) f.follow(`?b${i}`, false);
    expect(written).toEqual(['?a']);
    vi.advanceTimersByTime(MIN_MS);
    expect(written).toEqual(['?a', '?b19']);
  });

  it('writes nothing while the run plays, and the moment it stops at', () => {
    const { f, written } = follower();
    f.follow('?t=0', false);
    for (let t = 100; t < 10_000; t += 100) {
      f.follow(`?t=${t}`, true);
      vi.advanceTimersByTime(100);
    }
    expect(written).toEqual([]);
    f.follow('?t=10000', false);
    expect(written).toEqual(['?t=10000']);
  });

  it('writes nothing once stopped', () => {
    const { f, written } = follower();
    f.follow('?opened', false);
    f.follow('?a', false);
    f.follow('?b', false);
    f.stop();
    vi.advanceTimersByTime(10 * MIN_MS);
    expect(written).toEqual(['?a']);
  });
});
