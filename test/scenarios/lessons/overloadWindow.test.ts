// The overload-window lesson (DOMAIN.md §6.1 window 2, §2.5, §9.1): every beat is reached in order on any
// seed; the request on the connection PluginMember1 had already accepted waits for a thread (as long as the
// overload lasts) and is not failed over; the request that needs a new connection is refused by the full
// backlog, the running member is marked down, and another member reads the session from the store; no member
// ever stops. Without the overload nothing of this happens.
import { describe, expect, it } from 'vitest';
import { overloadWindow } from '../../../src/scenarios/lessons/overloadWindow.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import type { Scenario } from '../../../src/scenarios/scenario.ts';
import { detailsOf, formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const d = (e: TraceEntry | undefined) => (e ? detailsOf(e) : {});

const SESSION = 'K4rTz8WqLm2VbN6xPc9YhJ3';
const SEEDS = [1, 2, 7, 99];

/** The same lesson with the overload lasting `seconds` (null: no overload at all). */
function withOverload(seconds: number | null): Scenario {
  return {
    ...overloadWindow,
    interventions: overloadWindow.interventions.flatMap((i) =>
      i.action.kind !== 'overload'
        ? [i]
        : seconds === null
          ? []
          : [{ ...i, action: { ...i.action, seconds } }],
    ),
  };
}

/** Each of u1's pages by request: when it came, who served it, and its counter. */
function pages(
  t: TraceEntry[],
): Record<string, { t: number; servedBy: string; counter: string | undefined }> {
  const out: Record<string, { t: number; servedBy: string; counter: string | undefined }> = {};
  for (const e of of(t, 'browser.page', 'browser:u1'))
    out[String(d(e).request)] = {
      t: e.t,
      servedBy: String(d(e).servedBy),
      counter: e.text.match(/counter (\d+)/)?.[1],
    };
  return out;
}

/** The plug-in's messages to members (http.request and tcp.connect) between `from` and `to` ms. */
const sent = (t: TraceEntry[], type: 'http.request' | 'tcp.connect', from: number, to: number) =>
  of(t, type, 'ihs#1')
    .filter((e) => e.t >= from && e.t < to)
    .map((e) => [e.t, d(e).to]);

describe('overload-window (DOMAIN.md §6.1, §2.5, §9.1)', () => {
  it.each(SEEDS)('reaches every beat in order on seed %i, and replays the same', (seed) => {
    const t = runLesson(overloadWindow, seed);
    const { reached, leftScript } = narrate(overloadWindow.beats!, t, overloadWindow.interventions);
    expect(leftScript).toBeNull();
    expect(reached.map((r) => r.beat)).toEqual(overloadWindow.beats!.map((_, i) => i));
    expect(formatTrace(runLesson(overloadWindow, seed))).toBe(formatTrace(t));
  });

  it.each(SEEDS)(
    'seed %i: the request on the accepted (pooled) connection waits for a thread and is not failed over',
    (seed) => {
      const t = runLesson(overloadWindow, seed);
      expect(of(t, 'member.overloaded', 'PluginMember1').map((e) => [e.t, d(e).seconds])).toEqual([
        [2000, 30],
      ]);
      // u1.2 goes by affinity on the pooled stream: no new connection, one send, to PluginMember1 only.
      const step6 = of(t, 'plugin.step').filter((e) => d(e).request === 'u1.2' && d(e).step === 6);
      expect(step6.map((e) => [d(e).member, e.text.includes('pooled connection')])).toEqual([
        ['PluginMember1', true],
      ]);
      expect(sent(t, 'tcp.connect', 3000, 4000)).toEqual([]);
      expect(sent(t, 'http.request', 3000, 4000)).toEqual([[3020, 'PluginMember1']]);
      // Nothing about u1.2 fails: no retry, no mark-down, no failover steps (7 to 9).
      const about = (type: string) => of(t, type).filter((e) => d(e).request === 'u1.2');
      expect(about('plugin.retry')).toEqual([]);
      expect(about('plugin.markDown')).toEqual([]);
      expect(
        of(t, 'plugin.step').filter((e) => d(e).request === 'u1.2' && [7, 8, 9].includes(Number(d(e).step))),
      ).toEqual([]);
      // It is served by PluginMember1, from its cache, the moment the overload ends, and by no one else.
      expect(of(t, 'member.overloadEnded', 'PluginMember1').map((e) => e.t)).toEqual([32_000]);
      expect(
        of(t, 'session.access')
          .filter((e) => d(e).request === 'u1.2')
          .map((e) => [e.t, e.actor, d(e).source]),
      ).toEqual([[32_000, 'PluginMember1', 'cache']]);
      expect(pages(t)['u1.2']).toMatchObject({ servedBy: 'PluginMember1' });
      expect(pages(t)['u1.2']!.t).toBeGreaterThan(32_000);
    },
  );

  it.each(SEEDS)(
    'seed %i: the new connection is refused, the running member is marked down, another reads the session from the store',
    (seed) => {
      const t = runLesson(overloadWindow, seed);
      // u1.3 needs a new connection: refused by the full backlog, not by a stopped member.
      expect(of(t, 'member.backlogFull').map((e) => [e.t, e.actor])).toEqual([[4021, 'PluginMember1']]);
      expect(of(t, 'tcp.refused').map((e) => [e.t, e.actor, d(e).to])).toEqual([
        [4021, 'PluginMember1', 'ihs#1'],
      ]);
      const downs = of(t, 'plugin.markDown');
      expect(downs.map((e) => [e.t, e.actor, d(e).member, d(e).request, d(e).retryInterval])).toEqual([
        [4022, 'ihs#1', 'PluginMember1', 'u1.3', 60],
      ]);
      // Every member runs the whole time: started once at 0, never stopped, crashed or hung.
      for (const type of ['member.crashed', 'member.stopping', 'member.stopped', 'member.hung'])
        expect(of(t, type), type).toEqual([]);
      expect(of(t, 'member.running').map((e) => [e.t, e.actor])).toEqual([
        [0, 'PluginMember1'],
        [0, 'PluginMember2'],
        [0, 'PluginMember3'],
      ]);

      // Another member reads the session from the store once (cache ID 0001) and serves u1.3.
      const reads = of(t, 'session.readFromStore');
      expect(reads).toHaveLength(1);
      const other = reads[0]!.actor;
      expect(other).not.toBe('PluginMember1');
      expect([reads[0]!.t, d(reads[0]).session, d(reads[0]).version]).toEqual([4033, SESSION, 1]);
      expect(
        of(t, 'session.access')
          .filter((e) => d(e).request === 'u1.3')
          .map((e) => [e.actor, d(e).source]),
      ).toEqual([[other, 'store']]);
      const failover = of(t, 'http.response', other).find((e) => e.t > 4000 && e.t < 5000);
      expect(d(failover).jsessionid).toMatch(new RegExp(`^0001${SESSION}:vhgarfre:v\\w+$`));

      // When the waiting request is served, the session has been served by PluginMember1 and the other
      // member: u1's two updates both show counter 5, and PluginMember1 writes last.
      expect(of(t, 'monitor.sessionInTwoJvms').map((e) => [e.t, d(e).members])).toEqual([
        [32_000, `${other},PluginMember1`],
      ]);
      const p = pages(t);
      expect(['u1.1', 'u1.3', 'u1.2', 'u1.4'].map((r) => [r, p[r]?.servedBy, p[r]?.counter])).toEqual([
        ['u1.1', 'PluginMember1', '4'],
        ['u1.3', other, '5'],
        ['u1.2', 'PluginMember1', '5'],
        ['u1.4', 'PluginMember1', '6'],
      ]);
      const commits = of(t, 'db.commit').filter((e) => e.t > 4000 && e.t < 60_000);
      expect(commits.map((e) => d(e).member)).toEqual([other, 'PluginMember1']);

      // After the retry interval the plug-in tries PluginMember1 again; it answers and is marked up.
      expect(of(t, 'plugin.markUp').map((e) => [e.actor, d(e).member])).toEqual([['ihs#1', 'PluginMember1']]);
      expect(of(t, 'plugin.markUp')[0]!.t).toBeGreaterThan(64_022);
      expect(of(t, 'monitor.sentToMarkedDown')).toEqual([]);
    },
  );

  it('waits exactly as long as the overload: with 10 s the waiting request is served at 12 s', () => {
    const t = runLesson(withOverload(10));
    expect(
      of(t, 'session.access')
        .filter((e) => d(e).request === 'u1.2')
        .map((e) => [e.t, e.actor]),
    ).toEqual([[12_000, 'PluginMember1']]);
    expect(of(t, 'plugin.markDown').map((e) => [d(e).member, d(e).request])).toEqual([
      ['PluginMember1', 'u1.3'],
    ]);
  });

  it('without the overload, affinity holds: PluginMember1 serves every request, nothing is refused', () => {
    const t = runLesson(withOverload(null));
    for (const type of ['member.backlogFull', 'tcp.refused', 'plugin.markDown', 'session.readFromStore'])
      expect(of(t, type), type).toEqual([]);
    const p = pages(t);
    expect(['u1.1', 'u1.2', 'u1.3', 'u1.4'].map((r) => [p[r]?.servedBy, p[r]?.counter])).toEqual([
      ['PluginMember1', '4'],
      ['PluginMember1', '5'],
      ['PluginMember1', '6'],
      ['PluginMember1', '7'],
    ]);
  });
});
