// The nothing-left lesson (DOMAIN.md §2.8, §1.4, §2.7): every beat is reached in order on any seed; the
// backup server takes no request while a primary can, then takes over in list order; with every member
// marked down the plug-in answers 500 (WebSphere 8.5.5, PH46938 off: the second time without any attempt);
// with PH46938 it still attempts the marked-down members; and with every member at MaxConnections (the same
// cluster, a modified config) it answers 503 and marks no member down.
import { describe, expect, it } from 'vitest';
import { get } from '../../../src/scenarios/lessons/steps.ts';
import { nothingLeft } from '../../../src/scenarios/lessons/nothingLeft.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import type { Scenario } from '../../../src/scenarios/scenario.ts';
import { detailsOf, formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const d = (e: TraceEntry | undefined) => (e ? detailsOf(e) : {});
const SEEDS = [1, 2, 7, 99];

/** The pages u1 got: when, status, who served them, and the counter. */
const pagesOf = (t: TraceEntry[], user = 'u1') =>
  of(t, 'browser.page', `browser:${user}`).map((e) => ({
    t: e.t,
    status: d(e).status,
    servedBy: d(e).servedBy,
    counter: e.text.match(/counter (\d+)/)?.[1] ?? null,
  }));

/** Step 9's replacement picks, with how they were found. */
const picksOf = (t: TraceEntry[]) =>
  of(t, 'plugin.step')
    .filter((e) => d(e).step === 9 && d(e).pick !== undefined)
    .map((e) => [e.t, d(e).pick, d(e).choice]);

/** Requests the plug-in sent, or connections it opened, to `member`. */
const contactsOf = (t: TraceEntry[], member: string) =>
  t.filter(
    (e) =>
      e.actor === 'ihs#1' && (e.type === 'http.request' || e.type === 'tcp.connect') && d(e).to === member,
  );

/** The lesson with a config changed by `change`. */
const variant = (change: (c: ReturnType<Scenario['config']>) => void, more: Partial<Scenario> = {}) => ({
  ...nothingLeft,
  ...more,
  config: () => {
    const c = nothingLeft.config();
    change(c);
    return c;
  },
});

describe('nothing-left (DOMAIN.md §2.8, §1.4, §2.7)', () => {
  it.each(SEEDS)('reaches every beat in order on seed %i, on the script, and replays the same', (seed) => {
    const t = runLesson(nothingLeft, seed);
    const { reached, leftScript } = narrate(nothingLeft.beats!, t, nothingLeft.interventions);
    expect(leftScript).toBeNull();
    expect(reached.map((r) => r.beat)).toEqual(nothingLeft.beats!.map((_, i) => i));
    expect(formatTrace(runLesson(nothingLeft, seed))).toBe(formatTrace(t));
  });

  it("runs on WebSphere 8.5.5's plug-in defaults, with PluginMember3 as the only backup server", () => {
    const c = nothingLeft.config();
    expect(c.version).toBe('8.5.5');
    expect(c.switches).toMatchObject({ spreadFailover: true, tryWhenAllDown: false });
    expect(c.plugin.cluster.retryInterval).toBe(60);
    expect(c.plugin.cluster.servers.map((s) => s.role)).toEqual(['primary', 'primary', 'backup']);
  });

  it.each(SEEDS)(
    'seed %i: the backup takes nothing while a primary can, then takes over; the session goes on',
    (seed) => {
      const t = runLesson(nothingLeft, seed);
      // No request and no connection reaches the backup before both primaries are marked down.
      const bothPrimariesDown = of(t, 'plugin.markDown').find((e) => d(e).member === 'PluginMember2')!.t;
      expect(bothPrimariesDown).toBeGreaterThan(10_000);
      expect(contactsOf(t, 'PluginMember3').filter((e) => e.t < bothPrimariesDown)).toEqual([]);
      // Step 9: PluginMember2 among the primaries at 5 s; the backup, as a backup, at 10 s.
      expect(
        picksOf(t).map(([time, pick, choice]) => [Math.floor(Number(time) / 1000), pick, choice]),
      ).toEqual([
        [5, 'PluginMember2', 'spread'],
        [10, 'PluginMember3', 'backup'],
      ]);
      // Each member is marked down once, at the first request after its crash.
      expect(of(t, 'plugin.markDown').map((e) => [Math.floor(e.t / 1000), d(e).member])).toEqual([
        [5, 'PluginMember1'],
        [10, 'PluginMember2'],
        [16, 'PluginMember3'],
      ]);
      // Each replacement reads the session from the database once; no update is lost.
      expect(of(t, 'session.readFromStore').map((e) => [e.actor, d(e).version])).toEqual([
        ['PluginMember2', 1],
        ['PluginMember3', 2],
      ]);
      expect(of(t, 'ledger.lost')).toEqual([]);
      expect(pagesOf(t).map((p) => [p.status, p.servedBy, p.counter])).toEqual([
        [200, 'PluginMember1', '4'],
        [200, 'PluginMember2', '5'],
        [200, 'PluginMember3', '6'],
        [500, 'ihs#1', null],
        [500, 'ihs#1', null],
      ]);
    },
  );

  it.each(SEEDS)(
    'seed %i: with every member marked down the plug-in answers 500; the second time it tries no one',
    (seed) => {
      const t = runLesson(nothingLeft, seed);
      const errors = of(t, 'plugin.error', 'ihs#1');
      expect(errors.map((e) => [Math.floor(e.t / 1000), d(e).status])).toEqual([
        [16, 500],
        [18, 500],
      ]);
      // Each 500 follows the plug-in finding no member for that very request.
      const allDown = of(t, 'plugin.allDown', 'ihs#1');
      expect(allDown.map((e) => d(e).request)).toEqual(errors.map((e) => d(e).request));
      // At 16 s the backup was still tried (by affinity) and marked down; at 18 s nothing is attempted.
      const last = t.filter((e) => e.t >= 18_000);
      expect(
        last.filter((e) => ['http.request', 'tcp.connect'].includes(e.type) && e.actor === 'ihs#1'),
      ).toEqual([]);
      expect(of(t, 'plugin.tryAnyway')).toEqual([]);
    },
  );

  it('backup servers are taken strictly in the order listed: the second backup only after the first fails', () => {
    const twoBackups = variant((c) => {
      const fourth = { ...c.plugin.cluster.servers[2]! };
      c.plugin.cluster.servers.push({
        ...fourth,
        memberName: 'PluginMember4',
        nodeName: 'was4node',
        cloneId: 'v4bkup04',
        configuredCloneId: 'v4bkup04',
        hostname: 'app4.example.com',
        partitionId: '1023757',
      });
    });
    for (const seed of SEEDS) {
      const t = runLesson(twoBackups, seed);
      expect(picksOf(t).map(([, pick, choice]) => [pick, choice])).toEqual([
        ['PluginMember2', 'spread'],
        ['PluginMember3', 'backup'],
        ['PluginMember4', 'backup'],
      ]);
      expect(contactsOf(t, 'PluginMember4').every((e) => e.t >= 16_000)).toBe(true);
      expect(pagesOf(t).map((p) => [p.status, p.servedBy])).toEqual([
        [200, 'PluginMember1'],
        [200, 'PluginMember2'],
        [200, 'PluginMember3'],
        [200, 'PluginMember4'],
        [200, 'PluginMember4'],
      ]);
      expect(of(t, 'plugin.error')).toEqual([]);
    }
  });

  it('with PH46938 the plug-in still attempts the marked-down members before answering 500', () => {
    const ph = variant((c) => {
      c.switches.tryWhenAllDown = true;
    });
    const t = runLesson(ph);
    const tries = of(t, 'plugin.tryAnyway').filter((e) => e.t >= 18_000);
    expect(tries.map((e) => d(e).member)).toEqual(['PluginMember1', 'PluginMember2', 'PluginMember3']);
    const connects = t.filter((e) => e.t >= 18_000 && e.type === 'tcp.connect' && e.actor === 'ihs#1');
    expect(connects.map((e) => d(e).to)).toEqual(['PluginMember1', 'PluginMember2', 'PluginMember3']);
    expect(pagesOf(t).map((p) => p.status)).toEqual([200, 200, 200, 500, 500]);
  });

  it.each(SEEDS)(
    'seed %i: every member at MaxConnections (the backup too) gets 503, and no member is marked down',
    (seed) => {
      const busy = variant(
        (c) => {
          c.memberRuntime.serviceTime = 5000;
          for (const s of c.plugin.cluster.servers) s.maxConnections = 1;
        },
        { interventions: [get(1000), get(1100, 'u2'), get(1200, 'u3'), get(1500, 'u4')], duration: 8000 },
      );
      const t = runLesson(busy, seed);
      // u1 by affinity, u2 to the other primary, u3 to the backup (no primary below MaxConnections).
      expect(['u1', 'u2', 'u3'].map((u) => pagesOf(t, u).map((p) => [p.status, p.servedBy]))).toEqual([
        [[200, 'PluginMember1']],
        [[200, 'PluginMember2']],
        [[200, 'PluginMember3']],
      ]);
      expect(pagesOf(t, 'u4').map((p) => [p.status, p.servedBy])).toEqual([[503, 'ihs#1']]);
      expect(of(t, 'plugin.error').map((e) => [e.t, d(e).status])).toEqual([[1520, 503]]);
      expect(of(t, 'plugin.allDown')).toEqual([]);
      expect(of(t, 'plugin.markDown')).toEqual([]);
    },
  );
});
