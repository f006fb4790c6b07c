// mid-write-crash (DOMAIN.md §4.3, §4.8): a JVM killed inside a session write commits nothing, so the
// next member reads the older row; a non-catastrophic write failure rolls one write back while the
// member keeps running and keeps the session in its cache.
import { describe, expect, it } from 'vitest';
import { midWriteCrash } from '../../../src/scenarios/lessons/midWriteCrash.ts';
import { formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { narrateLesson, of, runLesson } from './lessonRun.ts';

const data = (e: TraceEntry | undefined) => (e as { data?: Record<string, unknown> } | undefined)?.data ?? {};
const txOf = (t: TraceEntry[], type: string, member: string) =>
  of(t, type, 'database')
    .filter((e) => data(e).member === member)
    .map((e) => [e.t, data(e).tx, data(e).writeId]);
const counters = (t: TraceEntry[]) =>
  of(t, 'browser.page', 'browser:u1').map((e) => [
    data(e).servedBy,
    data(e).request,
    Number(e.text.match(/counter (\d+)/)?.[1]),
  ]);

const SEEDS = [1, 2, 7, 99] as const;
const PRELOADED_COUNTER = midWriteCrash.sessions![0]!.counter!;

describe('mid-write-crash (DOMAIN.md §4.3, §4.8)', () => {
  it.each(SEEDS)('reaches every beat in order on seed %i, on the script, and replays the same', (seed) => {
    const { trace: t, narration } = narrateLesson(midWriteCrash, seed);
    const { reached, leftScript } = narration;
    expect(leftScript).toBeNull();
    expect(reached.map((r) => r.beat)).toEqual(midWriteCrash.beats.map((_, i) => i));
    // The first beat waits for the request's own statechart: it is reached when the member sends the write.
    const first = t[reached[0]!.seq]!;
    expect([first.actor, first.type]).toEqual(['PluginMember1', 'session.write']);
    expect(formatTrace(runLesson(midWriteCrash, seed))).toBe(formatTrace(t));
  });

  describe.each(SEEDS)('on seed %i', (seed) => {
    const t = runLesson(midWriteCrash, seed);
    const crashAt = of(t, 'fault.crash')[0]!.t;

    it("rolls back the crashed member's open write and never commits it", () => {
      // PluginMember1 began one write before the crash; the database rolled it back once the JVM died.
      const begun = txOf(t, 'db.begin', 'PluginMember1');
      expect(begun).toHaveLength(1);
      expect(begun[0]![0]).toBeLessThan(crashAt);
      const rolledBack = txOf(t, 'db.rollback', 'PluginMember1');
      expect(rolledBack.map(([, tx, w]) => [tx, w])).toEqual([[begun[0]![1], begun[0]![2]]]);
      expect(rolledBack[0]![0]).toBeGreaterThanOrEqual(crashAt);
      expect(txOf(t, 'db.commit', 'PluginMember1')).toEqual([]);
      expect(of(t, 'session.written').filter((e) => data(e).to === 'PluginMember1')).toEqual([]);
      expect(of(t, 'member.crashed', 'PluginMember1').map((e) => e.t)).toEqual([crashAt]);
    });

    it('lets the next member read the older row: its counter is the one before the lost update', () => {
      // No write of the session committed between the crash and PluginMember2's read.
      const read = of(t, 'session.readFromStore');
      expect(read.map((e) => [e.actor, data(e).version])).toEqual([['PluginMember2', 1]]);
      const rollbackAt = txOf(t, 'db.rollback', 'PluginMember1')[0]![0] as number;
      expect(rollbackAt).toBeLessThan(read[0]!.t);
      expect(of(t, 'db.commit').filter((e) => e.t < read[0]!.t)).toEqual([]);
      expect(of(t, 'session.access', 'PluginMember2')[0]).toMatchObject({ data: { source: 'store' } });
      // The request PluginMember1 was serving (u1.1) is answered by PluginMember2 from the older row:
      // counter 3 + 1, not 4 + 1. u1 never saw the update that died, so nothing acknowledged is lost.
      expect(counters(t)[0]).toEqual(['PluginMember2', 'u1.1', PRELOADED_COUNTER + 1]);
      expect(of(t, 'browser.page').filter((e) => data(e).servedBy === 'PluginMember1')).toEqual([]);
      expect(of(t, 'ledger.lost')).toEqual([]);
    });

    it('rolls back one write on a non-catastrophic failure; the member lives and keeps the session cached', () => {
      const errorAt = of(t, 'fault.writeError')[0]!.t;
      const begun = txOf(t, 'db.begin', 'PluginMember2');
      expect(begun).toHaveLength(3);
      // Exactly the first write after the fault is rolled back; the writes before and after commit.
      const failed = begun.filter(([at]) => (at as number) > errorAt)[0]!;
      expect(txOf(t, 'db.rollback', 'PluginMember2').map(([, tx, w]) => [tx, w])).toEqual([
        [failed[1], failed[2]],
      ]);
      expect(txOf(t, 'db.commit', 'PluginMember2').map(([, tx]) => tx)).toEqual(
        begun.filter((b) => b !== failed).map(([, tx]) => tx),
      );
      expect(of(t, 'session.notWritten', 'PluginMember2')).toHaveLength(1);
      // The JVM lives: no crash, stop or mark-down of PluginMember2, and every later request is served
      // from its cache (no second read from the store, the cache ID stays 0001).
      expect(of(t, 'member.crashed', 'PluginMember2')).toEqual([]);
      expect(of(t, 'member.stopping', 'PluginMember2')).toEqual([]);
      expect(of(t, 'plugin.markDown').map((e) => data(e).member)).toEqual(['PluginMember1']);
      const after = of(t, 'session.access', 'PluginMember2').filter((e) => e.t > errorAt);
      expect(after.map((e) => [data(e).request, data(e).source])).toEqual([
        ['u1.2', 'cache'],
        ['u1.3', 'cache'],
      ]);
      expect(of(t, 'session.readFromStore')).toHaveLength(1);
      // u1 saw every update, and the counter goes on from the cache (5, then 6), not from the row (4).
      expect(counters(t)).toEqual([
        ['PluginMember2', 'u1.1', PRELOADED_COUNTER + 1],
        ['PluginMember2', 'u1.2', PRELOADED_COUNTER + 2],
        ['PluginMember2', 'u1.3', PRELOADED_COUNTER + 3],
      ]);
      expect(of(t, 'ledger.lost')).toEqual([]);
    });
  });
});
