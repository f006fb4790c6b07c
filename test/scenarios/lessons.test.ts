// Lessons: every beat is reached in order, on any seed; each lesson's teaching claim holds on its trace
// (types and details, not wording); and the narration notices when the run leaves the script.
import { describe, expect, it } from 'vitest';
import { cleanStop } from '../../src/scenarios/lessons/cleanStop.ts';
import { lessons, tenStepsLesson } from '../../src/scenarios/lessons/index.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { narrate } from '../../src/scenarios/narration.ts';
import { scenarios } from '../../src/scenarios/index.ts';
import { formatTrace, type TraceEntry } from '../../src/simulation/trace.ts';
import type { Intervention } from '../../src/simulation/world.ts';
import { narrateLesson, of, runLesson } from './lessons/lessonRun.ts';

describe('every lesson', () => {
  it('has an id of its own, a title, a summary, and beats that each cite a source', () => {
    const ids = lessons.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every scenario the simulation opens without them is a lesson too (ten-steps, the first).
    expect(scenarios.map((s) => s.id)).toEqual(ids.slice(0, scenarios.length));
    for (const s of lessons) {
      expect(s.title.length).toBeGreaterThan(10);
      expect(s.beats?.length).toBeGreaterThan(3);
      for (const b of s.beats!) expect(b.source).toMatch(/\w/);
    }
  });

  it('cites public sources by title, never a file of ours', () => {
    const sources = lessons.flatMap((s) => s.beats.map((b) => b.source));
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.filter((x) => /DOMAIN|\.md\b|\.ts\b|§/.test(x))).toEqual([]);
  });

  it.each(lessons.flatMap((s) => [1, 2, 7, 99].map((seed) => [s.id, seed] as const)))(
    '%s reaches every beat in order on seed %i, and replays the same',
    (id, seed) => {
      const s = lessons.find((l) => l.id === id)!;
      const { trace: t, narration } = narrateLesson(s, seed);
      const { reached, leftScript } = narration;
      expect(leftScript).toBeNull();
      expect(reached.map((r) => r.beat)).toEqual(s.beats!.map((_, i) => i));
      expect(formatTrace(runLesson(s, seed))).toBe(formatTrace(t));
    },
  );
});

describe('ten-steps, narrated in full (DOMAIN.md §2.1)', () => {
  it.each([1, 2, 7, 12345])('walks the ten steps of the failover request in order, on seed %i', (seed) => {
    const beats = tenStepsLesson.beats;
    const t = runLesson(tenSteps, seed);
    const { reached, leftScript } = narrate(beats, t, tenSteps.interventions);
    expect(leftScript).toBeNull();
    expect(reached).toHaveLength(beats.length);
    // The request by affinity, its write and the crash; then steps 1–10 of one request, the store read
    // and the answer, all within the failover's instant.
    expect(reached.slice(0, 3).map((r) => t.find((e) => e.seq === r.seq)!.type)).toEqual([
      'session.access',
      'db.commit',
      'member.crashed',
    ]);
    const failover = reached.slice(3);
    const steps = failover.slice(0, 10).map((r) => t.find((e) => e.seq === r.seq)!);
    expect(steps.map((e) => (e.type === 'plugin.step' ? e.data?.step : 'down'))).toEqual([
      1,
      2,
      3,
      4,
      5,
      'down',
      7,
      8,
      9,
      10,
    ]);
    expect(reached.at(-1)!.t - failover[0]!.t).toBeLessThan(100);
  });
});

describe('clean-stop (DOMAIN.md §2.1, §3.1, §3.2, §4.3)', () => {
  const t = runLesson(cleanStop);
  it('flushes the session at the stop, fails over with one store read, then switches back', () => {
    // Time-based writes: the change at 1 s is written by the stop, not before.
    expect(
      of(t, 'session.write', 'PluginMember1')
        .filter((e) => e.t < 60_000)
        .map((e) => e.t),
    ).toEqual([3000]);
    const downs = of(t, 'plugin.markDown');
    expect(downs.map((e) => [e.actor, (e.data as { member: string }).member])).toEqual([
      ['ihs#1', 'PluginMember1'],
    ]);
    const reads = of(t, 'session.readFromStore').map((e) => [
      e.actor,
      (e.data as { version: number }).version,
    ]);
    expect(reads).toHaveLength(2);
    expect(reads[0]![0]).not.toBe('PluginMember1');
    expect(reads[0]![1]).toBe(1);
    expect(reads[1]).toEqual(['PluginMember1', 2]);
  });

  it('keeps every update: the counter goes on from where it was, and the cookie carries both clone IDs', () => {
    const pages = of(t, 'browser.page', 'browser:u1');
    expect(pages.map((e) => (e.data as { servedBy: string }).servedBy)[0]).toBe('PluginMember1');
    expect(pages.map((e) => e.text.match(/counter (\d+)/)?.[1])).toEqual(['4', '5', '6']);
    expect(of(t, 'ledger.lost')).toEqual([]);
    const failover = of(t, 'http.response').find((e) => e.t > 8000 && e.actor.startsWith('PluginMember'));
    expect((failover?.data as { jsessionid?: string }).jsessionid).toMatch(
      /^0001A2MB4IJozU_VM8IffsMNfdR:vhgarfre:v\w+$/,
    );
  });
});

describe('narration', () => {
  it('stops where the user acts off the script, and counts only the beats reached before', () => {
    const extra: Intervention = { at: 6000, action: { kind: 'crash', member: 'PluginMember3' } };
    const t = runLesson(cleanStop, 1, [extra]);
    const { reached, leftScript } = narrate(cleanStop.beats!, t, cleanStop.interventions);
    expect(leftScript).toMatchObject({ t: 6000, action: 'crash PluginMember3' });
    expect(reached.map((r) => r.beat)).toEqual([0, 1]);
  });

  it('waits for the state a beat names: its type, actor and details, each beat after the one before', () => {
    const e = (seq: number, type: string, actor: string, data?: object): TraceEntry =>
      ({ seq, t: seq * 10, type, actor, text: '', ...(data ? { data } : {}) }) as TraceEntry;
    const beats = [
      { when: { type: 'plugin.markDown' as const, data: { member: 'B' } }, text: 'b down', source: 's' },
      { when: { type: 'member.running' as const, actor: 'A' }, text: 'a up', source: 's' },
    ];
    const trace = [
      e(0, 'member.running', 'A'),
      e(1, 'plugin.markDown', 'ihs#1', { member: 'A' }),
      e(2, 'plugin.markDown', 'ihs#1', { member: 'B' }),
      e(3, 'member.running', 'B'),
      e(4, 'member.running', 'A'),
    ];
    expect(narrate(beats, trace, []).reached).toEqual([
      { beat: 0, seq: 2, t: 20 },
      { beat: 1, seq: 4, t: 40 },
    ]);
    expect(narrate(beats, trace.slice(0, 4), []).reached).toHaveLength(1);
  });
});
