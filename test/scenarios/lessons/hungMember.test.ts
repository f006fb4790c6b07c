// The hung-member lesson (DOMAIN.md §2.6, §2.5, §6.2 window 4): every beat is reached in order on any seed;
// with a positive ServerIOTimeout the hung member is never marked down and each request for its session waits
// the timeout again; with a negative one (the same run, the sign changed) it is marked down after the first
// timed-out request and the next request goes elsewhere at once.
import { describe, expect, it } from 'vitest';
import { hungMember } from '../../../src/scenarios/lessons/hungMember.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import type { Scenario } from '../../../src/scenarios/scenario.ts';
import { detailsOf, formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const d = (e: TraceEntry | undefined) => (e ? detailsOf(e) : {});

/** The same lesson with PluginMember3's ServerIOTimeout negative. */
const negative: Scenario = {
  ...hungMember,
  config: () => {
    const c = hungMember.config();
    c.plugin.cluster.servers[2]!.serverIOTimeout = -60;
    return c;
  },
};

/** The page u1 got for request `id`, and when u1 asked for it. */
function pageOf(t: TraceEntry[], id: string) {
  const page = of(t, 'browser.page', 'browser:u1').find((e) => d(e).request === id);
  expect(page, `page for ${id}`).toBeDefined();
  return { t: page!.t, servedBy: d(page).servedBy as string };
}

/** Requests the plug-in sent to PluginMember3 (from web server process 1) at or after `from`. */
const sentToHung = (t: TraceEntry[], from = 0) =>
  of(t, 'http.request', 'ihs#1').filter((e) => d(e).to === 'PluginMember3' && e.t >= from);

const SEEDS = [1, 2, 7, 99];

describe('hung-member (DOMAIN.md §2.6, §2.5, §6.2)', () => {
  it.each(SEEDS)('reaches every beat in order on seed %i, and replays the same', (seed) => {
    const t = runLesson(hungMember, seed);
    const { reached, leftScript } = narrate(hungMember.beats!, t, hungMember.interventions);
    expect(leftScript).toBeNull();
    expect(reached.map((r) => r.beat)).toEqual(hungMember.beats!.map((_, i) => i));
    expect(formatTrace(runLesson(hungMember, seed))).toBe(formatTrace(t));
  });

  it.each(SEEDS)(
    'positive ServerIOTimeout on seed %i: never marked down, every request for the session waits again',
    (seed) => {
      const t = runLesson(hungMember, seed);
      expect(of(t, 'member.hung', 'PluginMember3').map((e) => e.t)).toEqual([2000]);
      // The hung member is never marked down, in any process.
      expect(of(t, 'plugin.markDown')).toEqual([]);
      expect(of(t, 'monitor.sentToMarkedDown')).toEqual([]);

      // u1.2: the pooled stream times out at 63 s, the same member is retried on a new connection, which
      // times out at 123 s; only then does the request go elsewhere.
      expect(sentToHung(t, 2000).map((e) => e.t)).toEqual([3020, 63_022, 130_022]);
      expect(of(t, 'plugin.retry').map((e) => [e.t, d(e).request])).toEqual([[63_020, 'u1.2']]);
      const fired = of(t, 'plugin.log').filter((e) => e.text.startsWith('ERROR: ServerIOTimeout fired'));
      expect(fired.map((e) => [e.t, d(e).request])).toEqual([
        [63_020, 'u1.2'],
        [123_022, 'u1.2'],
        [190_022, 'u1.3'],
      ]);
      const second = pageOf(t, 'u1.2');
      expect(second.servedBy).not.toBe('PluginMember3');
      expect(second.t - 3000).toBeGreaterThanOrEqual(120_000);

      // The replacement reads the session once (cache ID 0001) and appends its clone ID.
      const reads = of(t, 'session.readFromStore');
      expect(reads.map((e) => [e.actor, d(e).version])).toEqual([[second.servedBy, 1]]);
      const failover = of(t, 'http.response', second.servedBy).find((e) => e.t > 120_000);
      expect(d(failover).jsessionid).toMatch(/^0001B7QX2kLmNpR4sTvW9yZaC3d:vjdf1v1s:v\w+$/);

      // u1.3: affinity sends it to the hung member again (not marked down); it waits the full 60 s and
      // then goes to the next clone ID, the replacement, which serves it from its cache.
      const step5 = of(t, 'plugin.step').find((e) => d(e).request === 'u1.3' && d(e).step === 5);
      expect(step5?.text).toMatch(/PluginMember3 is not marked down/);
      const pick = of(t, 'plugin.step').find((e) => d(e).request === 'u1.3' && d(e).step === 9);
      expect([d(pick).pick, d(pick).choice]).toEqual([second.servedBy, 'affinity']);
      const access = of(t, 'session.access').filter((e) => d(e).request === 'u1.3');
      expect(access.map((e) => [e.actor, d(e).source])).toEqual([[second.servedBy, 'cache']]);
      const third = pageOf(t, 'u1.3');
      expect(third.servedBy).toBe(second.servedBy);
      expect(third.t - 130_000).toBeGreaterThanOrEqual(60_000);

      // Nothing is lost on the way: the counter goes on 4, 5, 6.
      expect(
        of(t, 'browser.page', 'browser:u1').map((e) => [e.text.match(/counter (\d+)/)?.[1], d(e).servedBy]),
      ).toEqual([
        ['4', 'PluginMember3'],
        ['5', second.servedBy],
        ['6', second.servedBy],
      ]);
      expect(of(t, 'ledger.lost')).toEqual([]);
    },
  );

  it.each(SEEDS)(
    'negative ServerIOTimeout on seed %i: marked down after the first timed-out request, the next goes elsewhere at once',
    (seed) => {
      const t = runLesson(negative, seed);
      // The first request after the hang waits (pooled stream, then the same member on a new connection),
      // and the second timeout marks PluginMember3 down for the retry interval.
      const downs = of(t, 'plugin.markDown');
      expect(downs.map((e) => [e.t, e.actor, d(e).member, d(e).request, d(e).retryInterval])).toEqual([
        [123_022, 'ihs#1', 'PluginMember3', 'u1.2', 60],
      ]);
      const second = pageOf(t, 'u1.2');
      expect(second.servedBy).not.toBe('PluginMember3');
      expect(second.t - 3000).toBeGreaterThanOrEqual(120_000);

      // u1.3 (inside the retry interval) is never sent to PluginMember3: it goes by the next clone ID to the
      // replacement at once and is served from its cache.
      expect(sentToHung(t, 123_100)).toEqual([]);
      const step5 = of(t, 'plugin.step').filter((e) => d(e).request === 'u1.3' && d(e).step === 5);
      expect(step5[0]?.text).toMatch(/PluginMember3 is marked down/);
      const access = of(t, 'session.access').filter((e) => d(e).request === 'u1.3');
      expect(access.map((e) => [e.actor, d(e).source])).toEqual([[second.servedBy, 'cache']]);
      const third = pageOf(t, 'u1.3');
      expect(third.servedBy).toBe(second.servedBy);
      expect(third.t - 130_000).toBeLessThan(1000);
      expect(
        of(t, 'plugin.log').filter((e) => e.text.startsWith('ERROR: ServerIOTimeout fired') && e.t > 124_000),
      ).toEqual([]);
    },
  );
});
