// post-failover (DOMAIN.md §2.6, §7): a POST inside a member that dies is re-sent by the plug-in when its
// body fits PostBufferSize and fails with 500 when it does not; in the Portal's account (a setting) a POST
// after failover is answered with a redirect, the browser follows it as a GET and the form is lost.
import { describe, expect, it } from 'vitest';
import type { LabConfig } from '../../../src/model/config.ts';
import { postFailover } from '../../../src/scenarios/lessons/postFailover.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import { formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const data = (e: TraceEntry | undefined) => (e as { data?: Record<string, unknown> } | undefined)?.data ?? {};
const forRequest = (t: TraceEntry[], type: string, request: string) =>
  of(t, type).filter((e) => data(e).request === request);
/** The members whose servlet took the request, in order, and where each found the session. */
const servedAt = (t: TraceEntry[], request: string) =>
  forRequest(t, 'session.access', request).map((e) => [e.actor, data(e).source]);
/** The pages a user saw: status, member, request, and the cart the page shows. */
const pages = (t: TraceEntry[], user: string) =>
  of(t, 'browser.page', `browser:${user}`).map((e) => [
    data(e).status,
    data(e).servedBy,
    data(e).request,
    e.text.match(/cart \[([^\]]*)\]/)?.[1] ?? null,
  ]);
const crashAt = (t: TraceEntry[], member: string) =>
  of(t, 'fault.crash').find((e) => data(e).member === member)!.t;

const SEEDS = [1, 2, 7, 99] as const;
const portal = (c: LabConfig) => {
  c.portal.enabled = true;
  c.portal.redirectPostAfterFailover = true;
};

describe('post-failover (DOMAIN.md §2.6, §7)', () => {
  it.each(SEEDS)('reaches every beat in order on seed %i, on the script, and replays the same', (seed) => {
    const t = runLesson(postFailover, seed);
    const { reached, leftScript } = narrate(postFailover.beats!, t, postFailover.interventions);
    expect(leftScript).toBeNull();
    expect(reached.map((r) => r.beat)).toEqual(postFailover.beats!.map((_, i) => i));
    expect(formatTrace(runLesson(postFailover, seed))).toBe(formatTrace(t));
  });

  describe.each(SEEDS)('on seed %i', (seed) => {
    const t = runLesson(postFailover, seed);

    it('re-sends the 10 KB POST that was inside PluginMember1 to another member: u1 sees the lamp added', () => {
      // The servlet had started on u1.1 in PluginMember1 when the JVM died, and never answered it.
      const crash = crashAt(t, 'PluginMember1');
      const first = forRequest(t, 'session.access', 'u1.1')[0]!;
      expect([first.actor, first.t < crash]).toEqual(['PluginMember1', true]);
      expect(of(t, 'http.response', 'PluginMember1')).toEqual([]);
      // The plug-in marked PluginMember1 down and sent the same request, u1.1, to a member that read
      // the session from the store: no second request from the browser, no error.
      expect(of(t, 'plugin.markDown').map((e) => [e.t >= crash, data(e).request, data(e).member])).toEqual([
        [true, 'u1.1', 'PluginMember1'],
        [true, 'u2.1', 'PluginMember2'],
      ]);
      const served = servedAt(t, 'u1.1');
      expect(served).toHaveLength(2);
      expect(served[0]).toEqual(['PluginMember1', 'cache']);
      expect(served[1]![0]).not.toBe('PluginMember1');
      expect(served[1]![1]).toBe('store');
      expect(forRequest(t, 'plugin.error', 'u1.1')).toEqual([]);
      expect(of(t, 'browser.resubmit', 'browser:u1')).toEqual([]);
      expect(pages(t, 'u1')).toEqual([[200, served[1]![0], 'u1.1', 'lamp']]);
    });

    it('fails the 200 KB POST with 500 while PluginMember3 runs: not re-sent, the form is lost', () => {
      const crash = crashAt(t, 'PluginMember2');
      expect(servedAt(t, 'u2.1')).toEqual([['PluginMember2', 'cache']]);
      const errors = forRequest(t, 'plugin.error', 'u2.1');
      expect(errors.map((e) => [e.actor, data(e).status, e.t >= crash])).toEqual([['ihs#1', 500, true]]);
      // Every stream the plug-in got for u2.1 went to PluginMember2, though PluginMember3 was running.
      const sentTo = forRequest(t, 'plugin.step', 'u2.1')
        .filter((e) => data(e).member !== undefined)
        .map((e) => data(e).member);
      expect(new Set(sentTo)).toEqual(new Set(['PluginMember2']));
      expect(of(t, 'member.crashed').map((e) => e.actor)).toEqual(['PluginMember1', 'PluginMember2']);
      // u2 sees 500 and no lamp, until the form is sent again (u2.2), which PluginMember3 takes.
      expect(of(t, 'browser.resubmit', 'browser:u2')).toHaveLength(1);
      expect(servedAt(t, 'u2.2')).toEqual([['PluginMember3', 'store']]);
      expect(pages(t, 'u2')).toEqual([
        [500, 'ihs#1', 'u2.1', null],
        [200, 'PluginMember3', 'u2.2', 'lamp'],
      ]);
      expect(of(t, 'portal.redirect')).toEqual([]);
      expect(of(t, 'browser.postLost')).toEqual([]);
    });
  });

  it('owes the outcome to PostBufferSize: unlimited re-sends the 200 KB body, 0 loses even the 10 KB one', () => {
    const unlimited = runLesson(postFailover, 1, [], (c) => {
      c.plugin.cluster.postBufferSize = -1;
    });
    expect(forRequest(unlimited, 'plugin.error', 'u2.1')).toEqual([]);
    expect(servedAt(unlimited, 'u2.1')).toEqual([
      ['PluginMember2', 'cache'],
      ['PluginMember3', 'store'],
    ]);
    expect(pages(unlimited, 'u2')[0]).toEqual([200, 'PluginMember3', 'u2.1', 'lamp']);
    expect(
      forRequest(unlimited, 'plugin.step', 'u2.1')
        .map((e) => data(e).member)
        .filter((m) => m !== undefined),
    ).toEqual(['PluginMember2', 'PluginMember3']);

    const none = runLesson(postFailover, 1, [], (c) => {
      c.plugin.cluster.postBufferSize = 0;
    });
    expect(forRequest(none, 'plugin.error', 'u1.1').map((e) => data(e).status)).toEqual([500]);
    expect(servedAt(none, 'u1.1')).toEqual([['PluginMember1', 'cache']]);
    expect(pages(none, 'u1')).toEqual([[500, 'ihs#1', 'u1.1', null]]);
  });

  describe.each(SEEDS)("the Portal's account (portal.redirectPostAfterFailover), seed %i", (seed) => {
    const t = runLesson(postFailover, seed, [], portal);

    it('re-sends the 10 KB POST, but the member that took over answers it with a redirect: the form is lost', () => {
      // The plug-in still re-sends u1.1: the redirect comes from the Portal on the member that read the
      // session from the store, not from the plug-in.
      const served = servedAt(t, 'u1.1');
      expect(served.map(([, source]) => source)).toEqual(['cache', 'store']);
      const taker = served[1]![0];
      expect(forRequest(t, 'portal.redirect', 'u1.1').map((e) => e.actor)).toEqual([taker]);
      const redirects = of(t, 'http.response', taker as string).filter((e) => e.text.startsWith('302'));
      expect(redirects.length).toBeGreaterThan(0);
      // The browser follows the redirect as a GET (u1.2): the form data is not sent, no lamp in the cart.
      expect(of(t, 'browser.postLost', 'browser:u1').map((e) => data(e).request)).toEqual(['u1.1']);
      expect(pages(t, 'u1')).toEqual([[200, taker, 'u1.2', '']]);
      expect(servedAt(t, 'u1.2')).toEqual([[taker, 'cache']]);
    });

    it('redirects the form sent again after the 500 too: it reaches a member that reads the session from the store', () => {
      expect(forRequest(t, 'plugin.error', 'u2.1').map((e) => data(e).status)).toEqual([500]);
      expect(forRequest(t, 'portal.redirect', 'u2.2').map((e) => e.actor)).toEqual(['PluginMember3']);
      expect(of(t, 'browser.postLost', 'browser:u2').map((e) => data(e).request)).toEqual(['u2.2']);
      expect(pages(t, 'u2').map(([status, , request, cart]) => [status, request, cart])).toEqual([
        [500, 'u2.1', null],
        [200, 'u2.3', ''],
      ]);
      expect(of(t, 'portal.redirect').map((e) => data(e).request)).toEqual(['u1.1', 'u2.2']);
    });
  });
});
