// portal (DOMAIN.md §7): the page names the member and its node; after a failover the session (the login)
// survives in the database, but portlets that do not support failover show "Portlet unavailable" until the
// user logs in again, and the Authoring portlet's edit, kept in the dead JVM's memory, is lost: the flow
// starts again at its first screen.
import { describe, expect, it } from 'vitest';
import { portal } from '../../../src/scenarios/lessons/portal.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import { formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const data = (e: TraceEntry | undefined) => (e as { data?: Record<string, unknown> } | undefined)?.data ?? {};

const SEEDS = [1, 2, 7, 99] as const;
const OLD = portal.sessions![0]!.sessionId;
const CRASH = 8000;
const LOGIN = 16_000;

describe('portal (DOMAIN.md §7)', () => {
  it.each(SEEDS)('reaches every beat in order on seed %i, on the script, and replays the same', (seed) => {
    const t = runLesson(portal, seed);
    const { reached, leftScript } = narrate(portal.beats!, t, portal.interventions);
    expect(leftScript).toBeNull();
    expect(reached.map((r) => r.beat)).toEqual(portal.beats!.map((_, i) => i));
    expect(formatTrace(runLesson(portal, seed))).toBe(formatTrace(t));
  });

  describe.each(SEEDS)('on seed %i', (seed) => {
    const t = runLesson(portal, seed);
    const pages = of(t, 'browser.page', 'browser:u1');
    const before = pages.filter((e) => e.t < CRASH);
    const failedOver = pages.filter((e) => e.t > CRASH && e.t < LOGIN);
    const afterLogin = pages.filter((e) => e.t > LOGIN);
    const target = String(data(failedOver[0]).servedBy);

    it('names the member and its node on every page: PluginMember1 before the crash, another member after', () => {
      expect(pages).toHaveLength(10);
      expect(pages.every((e) => data(e).status === 200)).toBe(true);
      for (const e of pages) {
        const member = String(data(e).servedBy);
        expect(e.text).toContain(`from ${member} on was${member.replace('PluginMember', '')}node`);
      }
      expect(before.map((e) => data(e).servedBy)).toEqual([
        'PluginMember1',
        'PluginMember1',
        'PluginMember1',
      ]);
      expect(target).toMatch(/^PluginMember[23]$/);
      expect([...failedOver, ...afterLogin].every((e) => data(e).servedBy === target)).toBe(true);
    });

    it('keeps the Authoring edit in the JVM only: nothing of it is written to the session before the crash', () => {
      expect(before.slice(1).map((e) => [data(e).authoringScreen, data(e).authoringEdits])).toEqual([
        [2, ['title']],
        [3, ['title', 'body']],
      ]);
      expect(of(t, 'session.write').filter((e) => e.t < CRASH)).toEqual([]);
    });

    it('keeps the login after the failover: the same session, read from the database by another member', () => {
      const reads = of(t, 'session.readFromStore');
      expect(reads.map((e) => [e.actor, data(e).session])).toEqual([[target, OLD]]);
      expect(failedOver.map((e) => data(e).session)).toEqual([OLD, OLD]);
      expect(of(t, 'session.create').filter((e) => e.t < LOGIN)).toEqual([]);
    });

    it('shows "Portlet unavailable" on every page after the failover until u1 logs in again', () => {
      expect(before.some((e) => data(e).portletUnavailable === true)).toBe(false);
      expect(failedOver.map((e) => data(e).portletUnavailable)).toEqual([true, true]);
      expect(afterLogin.some((e) => data(e).portletUnavailable === true)).toBe(false);
      // The login ends the old session and starts one whose portlets live in the serving JVM.
      expect(of(t, 'session.invalidated').map((e) => [e.t, e.actor, data(e).session])).toEqual([
        [LOGIN + 21, target, OLD],
      ]);
      const created = of(t, 'session.create');
      expect(created).toHaveLength(1);
      expect(created[0]!.actor).toBe(target);
      const fresh = data(created[0]).session;
      expect(fresh).not.toBe(OLD);
      expect(afterLogin.every((e) => data(e).session === fresh)).toBe(true);
    });

    it('loses exactly the Authoring edits title and body, acknowledged by PluginMember1, at the first failover page', () => {
      const lost = of(t, 'ledger.lost');
      expect(lost.map((e) => [e.t, data(e)])).toEqual([
        [
          failedOver[0]!.t,
          {
            update: 'authoring:title,body',
            user: 'u1',
            session: OLD,
            attribute: 'authoring',
            acknowledgedAt: before[2]!.t,
            cause: 'browser.page',
          },
        ],
      ]);
    });

    it('starts the Authoring flow again at its first screen, then saves it after three screens in one JVM', () => {
      const fresh = data(of(t, 'session.create')[0]).session;
      expect(of(t, 'portal.flowRestarted').map((e) => [e.t > LOGIN, data(e)])).toEqual([
        [true, { session: fresh, member: target, screen: 3 }],
      ]);
      expect(
        afterLogin.map((e) => [data(e).authoringScreen, data(e).authoringEdits, data(e).authoringRestarted]),
      ).toEqual([
        [undefined, undefined, undefined],
        [1, [], true],
        [2, ['title'], false],
        [3, ['title', 'body'], false],
        [1, [], false],
      ]);
      expect(afterLogin[4]!.text).toContain('edit saved (title, body, publish)');
      expect(of(t, 'portal.authoringSaved').map((e) => [e.t, data(e)])).toEqual([
        [28_021, { session: fresh, member: target }],
      ]);
    });
  });
});
