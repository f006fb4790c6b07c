// The Portal overlay (DOMAIN.md §7), labelled as the Portal documentation's account.
import { describe, expect, it } from 'vitest';
import { authoring, entries, get, lab, pages, post, run } from '../helpers.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 2 }];
const crash = { at: 500, action: { kind: 'crash' as const, member: 'PluginMember1' } };

describe('Portal after a failover', () => {
  it('redirects a POST; the browser re-issues it as GET and the form data is lost', () => {
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.portal.portletsSupportFailover = true;
        }),
        sessions: owner,
        interventions: [crash, post('u1', 1000, 4, 'lamp')],
      },
      3000,
    );
    expect(entries(w, 'portal.redirect')).toHaveLength(1);
    expect(entries(w, 'browser.postLost')[0]!.text).toContain('the 4 KB of form data is not sent');
    expect(pages(w)).toHaveLength(1);
    expect(pages(w)[0]).toMatch(/200 Portal from PluginMember2.*cart \[\]/);
    // The redirected POST read the session on PluginMember2: the GET that follows is no second JVM.
    expect(entries(w, 'session.access').map((e) => [detailsOf(e).member, detailsOf(e).source])).toEqual([
      ['PluginMember2', 'store'],
      ['PluginMember2', 'cache'],
    ]);
    expect(w.violations()).toEqual([]);
  });
  it('without the Portal the plug-in re-sends the buffered body and the form is processed', () => {
    const w = run(
      { config: lab(), sessions: owner, interventions: [crash, post('u1', 1000, 4, 'lamp')] },
      3000,
    );
    expect(entries(w, 'browser.postLost')).toHaveLength(0);
    expect(pages(w)[0]).toMatch(/cart \[lamp\]/);
  });
  it('shows "Portlet unavailable" after a failover until the user logs out and in again', () => {
    const login = {
      at: 3000,
      action: {
        kind: 'request' as const,
        user: 'u1',
        method: 'GET' as const,
        url: '/shop/home',
        op: { kind: 'login' as const },
      },
    };
    const w = run(
      {
        config: lab((c) => (c.portal.enabled = true)),
        sessions: owner,
        interventions: [crash, get('u1', 1000), get('u1', 2000), login, get('u1', 4000)],
      },
      5000,
    );
    const seen = w
      .visibleTrace()
      .filter((e) => e.type === 'browser.page')
      .map((e) => e.data);
    // The portlets' state was in PluginMember1's memory: every page PluginMember2 serves lacks it.
    expect(pages(w)[0]).toContain('on was2node');
    expect(pages(w)[0]).toContain('Portlet unavailable');
    expect(pages(w)[1]).toContain('Portlet unavailable');
    // Logging in again ends the old session and starts one whose portlets live in this JVM.
    expect(entries(w, 'session.invalidated')).toHaveLength(1);
    expect(entries(w, 'session.create')).toHaveLength(1);
    expect(pages(w)[2]).not.toContain('Portlet unavailable');
    expect(pages(w)[2]).not.toContain('NEW SESSION');
    expect(pages(w)[3]).not.toContain('Portlet unavailable');
    expect(seen[2]!.session).not.toBe(seen[1]!.session);
    expect(seen[3]!.session).toBe(seen[2]!.session);
  });
  it('keeps the portlets available when the session returns to the JVM that still holds their state', () => {
    // The member's host drops off the network and comes back: the JVM kept running, and its memory.
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.plugin.cluster.retryInterval = 10;
        }),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'hostDown', member: 'PluginMember1' } },
          get('u1', 1000),
          { at: 8000, action: { kind: 'hostUp', member: 'PluginMember1' } },
          get('u1', 20000),
        ],
      },
      21000,
    );
    expect(pages(w)[0]).toContain('on was2node');
    expect(pages(w)[0]).toContain('Portlet unavailable');
    expect(pages(w)[1]).toContain('on was1node');
    expect(pages(w)[1]).not.toContain('Portlet unavailable');
  });

  it("loses the portlets' state when the application is stopped: they go with the application", () => {
    const w = run(
      {
        config: lab((c) => (c.portal.enabled = true)),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'stopApplication', member: 'PluginMember1' } },
          { at: 600, action: { kind: 'startApplication', member: 'PluginMember1' } },
          get('u1', 1000),
        ],
      },
      2000,
    );
    expect(pages(w)[0]).toContain('on was1node');
    expect(pages(w)[0]).toContain('Portlet unavailable');
  });
  it('loses the portlets\' state with the JVM: after a restart the owner shows "Portlet unavailable" too', () => {
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.memberRuntime.startupTime = 1000;
          c.plugin.cluster.retryInterval = 1;
        }),
        sessions: owner,
        interventions: [
          crash,
          get('u1', 1000),
          { at: 1500, action: { kind: 'start', member: 'PluginMember1' } },
          get('u1', 4000),
        ],
      },
      5000,
    );
    expect(pages(w)[1]).toContain('on was1node');
    expect(pages(w)[1]).toContain('Portlet unavailable');
  });
});

describe("Portal's Authoring portlet (DOMAIN.md §7)", () => {
  it('walks three screens in one JVM and saves the edit on the last', () => {
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.portal.portletsSupportFailover = true;
        }),
        sessions: owner,
        interventions: [authoring(500, 'title'), authoring(1000, 'body'), authoring(1500, 'publish')],
      },
      3000,
    );
    expect(pages(w).map((p) => p.replace(/^.*Authoring: /, ''))).toEqual([
      'screen 2 (so far title)',
      'screen 3 (so far title, body)',
      'edit saved (title, body, publish)',
    ]);
    expect(entries(w, 'portal.authoringSaved')).toHaveLength(1);
  });
  it('after a failover starts again at the first screen: the edits lived in the dead JVM; the login survives', () => {
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.portal.portletsSupportFailover = true;
          // The plug-in re-sends the buffered POST; the Portal's own redirect would turn it into a GET.
          c.portal.redirectPostAfterFailover = false;
          c.sessionManager.writeFrequency = 'endOfServletService';
        }),
        sessions: owner,
        interventions: [
          authoring(500, 'title'),
          authoring(1000, 'body'),
          { at: 1200, action: { kind: 'crash', member: 'PluginMember1' } },
          authoring(1500, 'publish'),
          authoring(2500, 'title2'),
        ],
      },
      4000,
    );
    const seen = entries(w, 'browser.page');
    expect(seen[2]!.data).toMatchObject({
      servedBy: 'PluginMember2',
      authoringScreen: 1,
      authoringRestarted: true,
    });
    expect(entries(w, 'portal.flowRestarted')[0]!.data).toMatchObject({
      member: 'PluginMember2',
      screen: 3,
    });
    // Same session: the user is still logged in.
    expect(new Set(seen.map((e) => detailsOf(e).session)).size).toBe(1);
    expect(entries(w, 'session.create')).toHaveLength(0);
    expect(seen[3]!.data).toMatchObject({ authoringScreen: 2, authoringEdits: ['title2'] });
  });
});

describe('Portal users on their own', () => {
  it('log out and in again when a page says "Portlet unavailable", as it asks them to', () => {
    const w = run(
      {
        config: lab((c) => (c.portal.enabled = true), { members: 3, processes: 2 }),
        workload: { users: 12, thinkTime: [2000, 8000], updateShare: 0.5 },
        interventions: [{ at: 60000, action: { kind: 'crash', member: 'PluginMember1' } }],
      },
      200000,
    );
    const trace = w.visibleTrace();
    const unavailable = trace.filter(
      (e) => e.type === 'browser.page' && e.text.includes('Portlet unavailable'),
    );
    expect(unavailable.length).toBeGreaterThan(0);
    for (const page of unavailable) {
      // That user's next request is the login, which starts a new session.
      const next = trace.find((e) => e.t > page.t && e.type === 'http.request' && e.actor === page.actor);
      expect(next?.text).toMatch(/^GET /);
      const login = trace.find(
        (e) => e.t > page.t && e.type === 'session.create' && e.text.includes('logs in again'),
      );
      expect(login).toBeDefined();
    }
    const lastPages = new Map(trace.filter((e) => e.type === 'browser.page').map((e) => [e.actor, e.text]));
    expect([...lastPages.values()].filter((t) => t.includes('Portlet unavailable'))).toEqual([]);
  });
});
