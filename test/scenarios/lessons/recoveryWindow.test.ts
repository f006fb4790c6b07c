// recovery-window (DOMAIN.md §6.1 window 1, §6.3, §2.5): only the web server process that saw the crash marks
// the member down; after the restart, two concurrent requests of one session go through two processes that
// disagree and are served by two members at the same moment. A shorter RetryInterval closes the window sooner.
import { describe, expect, it } from 'vitest';
import { recoveryWindow } from '../../../src/scenarios/lessons/recoveryWindow.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import type { Scenario } from '../../../src/scenarios/scenario.ts';
import { detailsOf, formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const d = detailsOf;

const SESSION = 'Q7vLk2PxW9mZt4RbN8cYs1D';
const SEEDS = [1, 2, 7, 99];

/** The lesson with another RetryInterval (seconds). */
function withRetryInterval(seconds: number): Scenario {
  return {
    ...recoveryWindow,
    config: () => {
      const c = recoveryWindow.config();
      c.plugin.cluster.retryInterval = seconds;
      return c;
    },
  };
}

/** The member each process sent u1's request of `at` ms to (by the plug-in's http.request). */
function routed(t: TraceEntry[], from: number, to: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of of(t, 'http.request'))
    if (e.actor.startsWith('ihs#') && e.t >= from && e.t < to) out[e.actor] = String(d(e).to);
  return out;
}

describe('recovery-window (DOMAIN.md §6.1, §6.3, §2.5)', () => {
  it.each(SEEDS)(
    'reaches every beat in order on seed %i, without leaving the script, and replays the same',
    (seed) => {
      const t = runLesson(recoveryWindow, seed);
      const { reached, leftScript } = narrate(recoveryWindow.beats!, t, recoveryWindow.interventions);
      expect(leftScript).toBeNull();
      expect(reached.map((r) => r.beat)).toEqual(recoveryWindow.beats!.map((_, i) => i));
      expect(formatTrace(runLesson(recoveryWindow, seed))).toBe(formatTrace(t));
    },
  );

  it.each(SEEDS)('seed %i: only ihs#1, which saw the failure, marks PluginMember1 down, for 60 s', (seed) => {
    const t = runLesson(recoveryWindow, seed);
    const downs = of(t, 'plugin.markDown');
    expect(downs.map((e) => [e.actor, d(e).member, d(e).retryInterval])).toEqual([
      ['ihs#1', 'PluginMember1', 60],
    ]);
    expect(downs[0]!.t).toBeGreaterThan(13_000);
    expect(downs[0]!.t).toBeLessThan(13_100);
    // The mark is cleared only by ihs#1's first request after its retry interval, not by the restart.
    const ups = of(t, 'plugin.markUp');
    expect(ups.map((e) => [e.actor, d(e).member])).toEqual([['ihs#1', 'PluginMember1']]);
    expect(ups[0]!.t).toBeGreaterThan(75_000);
    expect(of(t, 'member.running', 'PluginMember1').at(-1)!.t).toBe(34_000);
  });

  it.each(SEEDS)(
    'seed %i: after the restart, the two requests of one page go to two members, both serving the session at once',
    (seed) => {
      const t = runLesson(recoveryWindow, seed);
      // Failover at 13 s through ihs#1 went to another member, which read the session from the store.
      const failover = of(t, 'session.readFromStore').find((e) => e.t > 13_000 && e.t < 14_000)!;
      const other = failover.actor;
      expect(other).not.toBe('PluginMember1');
      expect(d(failover).version).toBe(1);

      // At 40 s: ihs#1 (PluginMember1 still marked down) follows the second clone ID; ihs#2 (never saw the
      // failure) follows the first.
      expect(routed(t, 40_000, 41_000)).toEqual({ 'ihs#1': other, 'ihs#2': 'PluginMember1' });
      const accesses = of(t, 'session.access').filter((e) => e.t >= 40_000 && e.t < 41_000);
      expect(accesses.map((e) => [e.actor, d(e).session, d(e).source])).toEqual([
        [other, SESSION, 'cache'],
        ['PluginMember1', SESSION, 'store'],
      ]);
      expect(of(t, 'session.readFromStore', 'PluginMember1').map((e) => [e.t, d(e).version])).toEqual([
        [accesses[1]!.t, 2],
      ]);

      // The same moment: PluginMember1 took the session while the other member had not answered yet.
      const otherDone = of(t, 'http.response', other).find(
        (e) => e.t > accesses[0]!.t && d(e).to === 'ihs#1',
      )!;
      expect(accesses[1]!.t).toBeLessThan(otherDone.t);

      // The monitor reports it, once, at that instant, naming both members.
      const twice = of(t, 'monitor.sessionInTwoJvms');
      expect(twice.map((e) => [e.t, d(e).session, d(e).members])).toEqual([
        [accesses[1]!.t, SESSION, `${other},PluginMember1`],
      ]);

      // Each member changed its own copy: two pages, two updates, one counter value.
      const pages = of(t, 'browser.page', 'browser:u1').filter((e) => e.t >= 40_000 && e.t < 41_000);
      expect(pages.map((e) => d(e).servedBy)).toEqual([other, 'PluginMember1']);
      const counters = pages.map((e) => e.text.match(/counter (\d+)/)?.[1]);
      expect(counters).toEqual(['6', '6']);
      expect(pages.map((e) => d(e).update)).toEqual(['counter', 'counter']);
      expect(new Set(pages.map((e) => d(e).request)).size).toBe(2);
    },
  );

  it('after ihs#1 retry interval, ihs#1 sends the session to PluginMember1 too: the processes agree again', () => {
    const t = runLesson(recoveryWindow);
    expect(routed(t, 75_000, 76_000)).toEqual({ 'ihs#1': 'PluginMember1' });
    expect(of(t, 'monitor.sessionInTwoJvms').every((e) => e.t < 41_000)).toBe(true);
  });

  it('a shorter RetryInterval closes the window sooner: the same page then stays on one member', () => {
    // ihs#1 marked PluginMember1 down at about 13 s; PluginMember1 runs again at 34 s; the page comes at 40 s.
    for (const seconds of [30, 60]) {
      const t = runLesson(withRetryInterval(seconds));
      expect(routed(t, 40_000, 41_000)['ihs#1']).not.toBe('PluginMember1');
      expect(of(t, 'monitor.sessionInTwoJvms')).toHaveLength(1);
    }
    for (const seconds of [20, 25]) {
      for (const seed of SEEDS) {
        const t = runLesson(withRetryInterval(seconds), seed);
        expect(routed(t, 40_000, 41_000)).toEqual({ 'ihs#1': 'PluginMember1', 'ihs#2': 'PluginMember1' });
        expect(of(t, 'monitor.sessionInTwoJvms')).toEqual([]);
        const ups = of(t, 'plugin.markUp', 'ihs#1');
        expect(ups).toHaveLength(1);
        expect(ups[0]!.t).toBeGreaterThan(40_000);
        expect(ups[0]!.t).toBeLessThan(41_000);
      }
    }
  });
});
