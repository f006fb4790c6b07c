// Lesson time-based-writes (DOMAIN.md §4.3, §4.6, §4.4): a crash with 10 s time-based writes loses exactly
// the updates acknowledged since the last write; the earlier ones survive, and the ledger names each lost
// one. The same workload with end-of-servlet-service writes, or the Low tuning level, loses nothing.
import { describe, expect, it } from 'vitest';
import type { LabConfig } from '../../../src/model/config.ts';
import { timeBasedWrites } from '../../../src/scenarios/lessons/timeBasedWrites.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import { detailsOf, formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const counters = (t: TraceEntry[]) =>
  of(t, 'browser.page', 'browser:u1').map((e) => Number(e.text.match(/counter (\d+)/)?.[1]));
const lost = (t: TraceEntry[]) =>
  of(t, 'ledger.lost').map((e) => {
    const d = detailsOf(e);
    return { t: e.t, update: d.update, user: d.user, attribute: d.attribute, at: d.acknowledgedAt };
  });

describe('time-based-writes (DOMAIN.md §4.3, §4.6, §4.4)', () => {
  const lesson = timeBasedWrites;

  it.each([1, 2, 7, 99])('reaches every beat in order on seed %i, and replays the same', (seed) => {
    const t = runLesson(lesson, seed);
    const { reached, leftScript } = narrate(lesson.beats!, t, lesson.interventions);
    expect(leftScript).toBeNull();
    expect(reached.map((r) => r.beat)).toEqual(lesson.beats!.map((_, i) => i));
    expect(formatTrace(runLesson(lesson, seed))).toBe(formatTrace(t));
  });

  it.each([1, 2, 7, 99])(
    'seed %i: the crash at 16 s loses exactly the updates acknowledged since the write at 10 s',
    (seed) => {
      const t = runLesson(lesson, seed);
      // PluginMember1 writes once, at 10 s (time-based), and never at the end of a request.
      const writes = of(t, 'session.write', 'PluginMember1');
      expect(writes.map((e) => e.t)).toEqual([10_000]);
      const commit = of(t, 'db.commit').find((e) => detailsOf(e).writeId === detailsOf(writes[0]!).writeId);
      expect(commit!.t).toBeLessThan(11_000);
      const crash = of(t, 'member.crashed', 'PluginMember1');
      expect(crash.map((e) => e.t)).toEqual([16_000]);

      // The ledger names each lost update, at the crash: the three acknowledged after the write.
      const acked = of(t, 'browser.page', 'browser:u1').filter((e) => e.t < 16_000);
      const ackedAt = new Map(acked.map((e) => [detailsOf(e).request, e.t]));
      expect(acked).toHaveLength(8);
      const after = acked.filter((e) => e.t > commit!.t).map((e) => detailsOf(e).request);
      expect(after).toEqual(['u1.6', 'u1.7', 'u1.8']);
      expect(lost(t)).toEqual(
        after.map((u) => ({ t: 16_000, update: u, user: 'u1', attribute: 'counter', at: ackedAt.get(u) })),
      );
      // The earlier five are not lost: none of them is in the ledger.
      const before = acked.filter((e) => e.t < writes[0]!.t).map((e) => detailsOf(e).request);
      expect(before).toEqual(['u1.1', 'u1.2', 'u1.3', 'u1.4', 'u1.5']);
      for (const u of before) expect(lost(t).map((l) => l.update)).not.toContain(u);

      // The replacement reads the row written at 10 s: the counter goes from 11 back to 8 + 1.
      const reads = of(t, 'session.readFromStore');
      expect(reads).toHaveLength(1);
      expect(reads[0]!.actor).not.toBe('PluginMember1');
      expect(reads[0]!.t).toBeGreaterThan(18_000);
      expect(of(t, 'plugin.markDown').map((e) => detailsOf(e).member)).toEqual(['PluginMember1']);
      expect(counters(t)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 9]);
      const last = of(t, 'browser.page', 'browser:u1').at(-1)!;
      expect(detailsOf(last).servedBy).toBe(reads[0]!.actor);
    },
  );

  const endOfService = (c: LabConfig): void => {
    c.sessionManager.writeFrequency = 'endOfServletService';
  };
  const low = (c: LabConfig): void => {
    c.sessionManager.tuningLevel = 'low';
  };
  it.each([
    ['end-of-servlet-service writes', endOfService],
    ['the Low tuning level', low],
  ] as const)('the same workload with %s loses nothing', (_, tune) => {
    for (const seed of [1, 99]) {
      const t = runLesson(lesson, seed, [], tune);
      expect(of(t, 'member.crashed', 'PluginMember1').map((e) => e.t)).toEqual([16_000]);
      // Every request is written as its service ends, before the crash.
      expect(of(t, 'session.write', 'PluginMember1').filter((e) => e.t < 16_000)).toHaveLength(8);
      expect(lost(t)).toEqual([]);
      expect(of(t, 'session.readFromStore')).toHaveLength(1);
      expect(counters(t)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }
  });
});
