import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, PersistentMap } from '../../src/model/persistentMap.ts';

const params = { seed: Number(process.env.FC_SEED ?? 20261121), numRuns: Number(process.env.FC_RUNS ?? 200) };

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string };

const keys = fc.string({ minLength: 0, maxLength: 4, unit: fc.constantFrom('a', 'b', 'c', 'd', 'é') });
const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: keys, value: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('delete' as const), key: keys }),
  ),
  { maxLength: 120 },
);

/** Hashes that collide a lot and share long prefixes, so joins, collisions and collapses all happen. */
const hashes: Record<string, (k: string) => number> = {
  fnv1a,
  'by length': (k) => k.length,
  'by first letter, deep': (k) => (k.charCodeAt(0) || 0) << 25,
  'two values': (k) => (fnv1a(k) & 1) * 0x40000000,
};

function check(hash: (k: string) => number, list: Op[]): void {
  let map = PersistentMap.empty<number>(hash);
  const model = new Map<string, number>();
  const history: [PersistentMap<number>, Map<string, number>][] = [];
  for (const op of list) {
    if (op.kind === 'set') {
      map = map.set(op.key, op.value);
      model.set(op.key, op.value);
    } else {
      map = map.delete(op.key);
      model.delete(op.key);
    }
    history.push([map, new Map(model)]);
  }
  // Every earlier version still answers as it did: nothing was changed in place.
  for (const [m, expected] of history) {
    expect(m.size).toBe(expected.size);
    expect(new Map(m.entries())).toEqual(expected);
    for (const k of ['', 'a', 'ab', 'é', 'dddd']) expect(m.get(k)).toBe(expected.get(k));
  }
}

describe('PersistentMap', () => {
  for (const [name, hash] of Object.entries(hashes)) {
    it(`agrees with a Map after any sequence of sets and deletes (hash: ${name})`, () => {
      fc.assert(
        fc.property(ops, (list) => check(hash, list)),
        params,
      );
    });
  }

  it('returns itself when nothing changes, so unchanged tables cost nothing', () => {
    const m = PersistentMap.from([
      ['a', 1],
      ['b', 2],
    ]);
    expect(m.set('a', 1)).toBe(m);
    expect(m.delete('zz')).toBe(m);
    expect(m.set('a', 3)).not.toBe(m);
    expect(m.get('a')).toBe(1);
  });

  it('iterates in the same order for the same keys, whatever order they came in', () => {
    const names = Array.from({ length: 300 }, (_, i) => `session${i}`);
    const forward = PersistentMap.from(names.map((k, i) => [k, i] as const));
    const backward = PersistentMap.from([...names].reverse().map((k) => [k, names.indexOf(k)] as const));
    expect([...forward.keys()]).toEqual([...backward.keys()]);
    expect([...forward.keys()].sort()).toEqual([...names].sort());
  });
});
