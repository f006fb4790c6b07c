// The questions' score, kept in this browser only: counted by scenario, read back, reset; anything else
// stored under its key is left out, and without a storage it is kept while the page is open.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readProgress, recordAnswer, recordPart, resetProgress } from '../../src/app/progress.ts';

function fakeStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    map,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetProgress();
});

describe('progress', () => {
  it('counts answers by scenario and reads them back from the storage', () => {
    const storage = fakeStorage();
    vi.stubGlobal('localStorage', storage);
    recordAnswer('ten-steps', true);
    recordAnswer('ten-steps', false);
    recordAnswer('sandbox', true);
    expect(readProgress()).toEqual({
      'ten-steps': { answered: 2, right: 1 },
      sandbox: { answered: 1, right: 1 },
    });
    expect(JSON.parse(storage.map.get('failover-lab.progress.v1')!)).toEqual(readProgress());
    // A lesson's furthest part: kept when further, with the answers.
    recordPart('ten-steps', 7, 15);
    recordPart('ten-steps', 3, 15);
    expect(readProgress()['ten-steps']).toEqual({ answered: 2, right: 1, part: 7, parts: 15 });
    expect(resetProgress()).toEqual({});
    expect(storage.map.size).toBe(0);
  });

  it('leaves out what is not a score, and survives a storage that refuses', () => {
    vi.stubGlobal(
      'localStorage',
      fakeStorage({
        'failover-lab.progress.v1': JSON.stringify({
          a: { answered: 2, right: 3 },
          b: { answered: 1, right: 1 },
          c: 'x',
        }),
      }),
    );
    expect(readProgress()).toEqual({ b: { answered: 1, right: 1 } });
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    });
    recordAnswer('ten-steps', true);
    expect(readProgress()).toEqual({ 'ten-steps': { answered: 1, right: 1 } });
  });
});
