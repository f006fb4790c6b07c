// Done at most once every so many milliseconds: at once, then once more when the pace allows, with
// whatever is latest then; a time with nothing to do does not count.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtMostEvery } from '../../src/app/atMostEvery.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('at most every N ms', () => {
  it('does it at once, then once for every ask in between, when the pace allows', () => {
    let runs = 0;
    const pace = new AtMostEvery(250, () => (runs++, true));
    pace.ask();
    expect(runs).toBe(1);
    pace.ask();
    pace.ask();
    vi.advanceTimersByTime(249);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
  });

  it('does not count a time it had nothing to do', () => {
    let did = false;
    let runs = 0;
    const pace = new AtMostEvery(250, () => (runs++, did));
    pace.ask();
    pace.ask();
    expect(runs).toBe(2);
    did = true;
    pace.ask();
    pace.ask();
    expect(runs).toBe(3);
    vi.advanceTimersByTime(250);
    expect(runs).toBe(4);
  });

  it('does it now on demand, and forgets what waited; stop forgets it too', () => {
    let runs = 0;
    const pace = new AtMostEvery(250, () => (runs++, true));
    pace.ask();
    pace.ask();
    pace.now();
    expect(runs).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
    pace.ask();
    pace.stop();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(3);
  });
});
