import { describe, expect, it } from 'vitest';
import { emptyTable, withEntry, withoutEntry } from '../../src/model/mapEntries.ts';

describe('withEntry / withoutEntry', () => {
  it('give new tables in insertion order and leave the old one as it was', () => {
    const a = new Map([['tx1', 1]]);
    const b = withEntry(a, 'tx2', 2);
    const c = withEntry(b, 'tx1', 10);
    expect([...a]).toEqual([['tx1', 1]]);
    expect([...b]).toEqual([
      ['tx1', 1],
      ['tx2', 2],
    ]);
    expect([...c]).toEqual([
      ['tx1', 10],
      ['tx2', 2],
    ]);
    const d = withoutEntry(c, 'tx1');
    expect([...d]).toEqual([['tx2', 2]]);
    expect([...c]).toHaveLength(2);
    expect(withoutEntry(d, 'nothing')).toBe(d);
  });

  it('share one empty table', () => {
    const one = withEntry(emptyTable<number>(), 'tx1', 1);
    expect(emptyTable().size).toBe(0);
    expect(withoutEntry(one, 'tx1')).toBe(emptyTable());
    expect([...one]).toEqual([['tx1', 1]]);
  });
});
