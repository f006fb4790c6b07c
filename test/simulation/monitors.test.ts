import { describe, expect, it } from 'vitest';
import { MonitorState, observe, type CopyView } from '../../src/simulation/monitors.ts';
import { detailsOf, type TraceEntry, type AnyDetails } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';
import { defaultConfig } from '../../src/model/config.ts';
import { authoring, entries, get, lab, run } from '../helpers.ts';

const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 10 }];
const none: CopyView = {
  copies: () => [],
  holds: () => false,
  stored: () => [],
  writeFrequencyNote: 'n/a',
};
const entry = (t: number, actor: string, type: string, data: AnyDetails): TraceEntry =>
  ({
    seq: 0,
    t,
    actor,
    type,
    text: '',
    data,
  }) as TraceEntry;

describe('lost-data ledger', () => {
  it('time based: a crash loses exactly the acknowledged updates since the last write, and says why', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'timeBasedWrite')),
        sessions: owner,
        interventions: [
          get('u1', 1000),
          get('u1', 2000),
          get('u1', 11000),
          get('u1', 12000),
          { at: 13000, action: { kind: 'crash', member: 'PluginMember1' } },
        ],
      },
      14000,
    );
    const lost = w.lostUpdates();
    expect(lost.map((e) => detailsOf(e).update)).toEqual(['u1.3', 'u1.4']);
    expect(lost[0]!.t).toBe(13000);
    expect(lost[0]!.text).toContain(
      'PluginMember1 crashed before the update reached the store (time-based writes every 10 s had not written it yet)',
    );
  });

  it('end of servlet service: crashes lose no acknowledged update', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'endOfServletService')),
        sessions: owner,
        interventions: [
          get('u1', 1000),
          get('u1', 2000),
          { at: 2500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 3000),
        ],
      },
      4000,
    );
    expect(w.lostUpdates()).toEqual([]);
  });

  it('an object changed in place is lost when the only copy that has it goes', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'endOfServletService';
          c.sessionManager.multiRowSchema = true;
        }),
        sessions: owner,
        interventions: [
          {
            at: 1000,
            action: {
              kind: 'request',
              user: 'u1',
              method: 'POST',
              url: '/shop/cart',
              bodyKB: 1,
              op: { kind: 'addToCartInPlace', item: 'lamp' },
            },
          },
          { at: 2000, action: { kind: 'crash', member: 'PluginMember1' } },
        ],
      },
      3000,
    );
    expect(w.lostUpdates().map((e) => detailsOf(e).attribute)).toEqual(['cart']);
  });

  it('switch-back with time-based writes: the replacement discards its newer copy and the store never had it', () => {
    const w = run(
      {
        config: lab(
          (c) => {
            c.sessionManager.writeFrequency = 'timeBasedWrite';
            c.sessionManager.writeInterval = 60;
            c.memberRuntime.startupTime = 1000;
          },
          { processes: 2 },
        ),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000, { process: 1 }),
          { at: 1500, action: { kind: 'start', member: 'PluginMember1' } },
          get('u1', 4000, { process: 2 }),
          get('u1', 5000, { process: 1 }),
        ],
      },
      6000,
    );
    // ihs#2 never marked PluginMember1 down, so it follows the clone list back to it (window 1 + 6).
    const served = w
      .visibleTrace()
      .filter((e) => e.type === 'browser.page')
      .map((e) => detailsOf(e).servedBy);
    expect(served).toEqual(['PluginMember2', 'PluginMember1', 'PluginMember2']);
    // Each member read the unwritten store: the user saw counter 11 three times.
    const counters = w
      .visibleTrace()
      .filter((e) => e.type === 'browser.page')
      .map((e) => e.text.match(/counter (\d+)/)?.[1]);
    expect(counters).toEqual(['11', '11', '11']);
    // u1.2 still lives in PluginMember1's cache; u1.1 was only in PluginMember2's, now discarded.
    const lost = w.lostUpdates();
    expect(lost.map((e) => detailsOf(e).update)).toEqual(['u1.1']);
    expect(lost[0]!.text).toContain('replaced its cached copy with the stored one');
  });

  /** PluginMember1 crashes, PluginMember2 serves two updates, PluginMember1 returns and regains the session. */
  const switchBack = (
    change: (c: ReturnType<typeof lab>) => void,
    more: Parameters<typeof run>[0]['interventions'] = [],
  ) =>
    run(
      {
        config: lab((c) => {
          c.memberRuntime.startupTime = 1000;
          c.plugin.cluster.retryInterval = 5;
          change(c);
        }),
        sessions: owner,
        interventions: [
          { at: 1000, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 2000),
          get('u1', 3000),
          { at: 3500, action: { kind: 'start', member: 'PluginMember1' } },
          get('u1', 8000),
          get('u1', 9000),
          ...(more ?? []),
        ],
      },
      20000,
    );

  it('switch-back (DOMAIN.md §6.2 #6): the returning member reads the older row and later overwrites the store', () => {
    const w = switchBack(() => {});
    const served = entries(w, 'browser.page').map((e) => [
      detailsOf(e).servedBy,
      e.text.match(/counter (\d+)/)?.[1],
    ]);
    expect(served).toEqual([
      ['PluginMember2', '11'],
      ['PluginMember2', '12'],
      ['PluginMember1', '11'],
      ['PluginMember1', '12'],
    ]);
    // PluginMember2 wrote its copy at 10 s; PluginMember1's write at 14.5 s replaced it. PluginMember2's
    // copy is older than PluginMember1's (cache ID 0001 < 0002): the version check never serves it again.
    const lost = w.lostUpdates();
    expect(lost.map((e) => [detailsOf(e).update, detailsOf(e).cause, e.t])).toEqual([
      ['u1.1', 'db.commit', 14510],
      ['u1.2', 'db.commit', 14510],
    ]);
    expect(lost[0]!.text).toContain('the session had moved from PluginMember2 to PluginMember1 at 8.031s');
  });

  it('NoAffinitySwitchBack keeps the session on the replacement: nothing is lost', () => {
    const w = switchBack((c) => (c.sessionManager.noAffinitySwitchBack = true));
    expect(entries(w, 'browser.page').map((e) => detailsOf(e).servedBy)).toEqual([
      'PluginMember2',
      'PluginMember2',
      'PluginMember2',
      'PluginMember2',
    ]);
    expect(w.lostUpdates()).toEqual([]);
  });

  it('switch-back with manual updates: the loss is final only when the replacement drops its unwritten copy', () => {
    const sync = (at: number) => get('u1', at, { op: { kind: 'sync' } as never });
    const w = run(
      {
        config: lab((c) => {
          c.memberRuntime.startupTime = 1000;
          c.plugin.cluster.retryInterval = 5;
          c.sessionManager.writeFrequency = 'manualUpdate';
          c.sessionManager.sessionTimeout = 2;
        }),
        sessions: owner,
        interventions: [
          { at: 1000, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 2000),
          { at: 3500, action: { kind: 'start', member: 'PluginMember1' } },
          // Back on PluginMember1, which syncs now and then: the session stays alive in the store.
          ...[8000, 60000, 110000, 160000, 210000].map(sync),
        ],
      },
      240000,
    );
    const lost = w.lostUpdates();
    expect(lost.map((e) => [detailsOf(e).update, detailsOf(e).cause])).toEqual([
      ['u1.1', 'session.cacheDropped'],
    ]);
    const dropped = entries(w, 'session.cacheDropped').filter((e) => e.actor === 'PluginMember2');
    expect(lost[0]!.t).toBe(dropped[0]!.t);
    expect(lost[0]!.text).toContain(
      'PluginMember2 dropped its idle copy of the session, the last one that held it',
    );
  });

  it("the Authoring portlet's edits in progress are lost with the JVM that held them: not kept in the session", () => {
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.portal.portletsSupportFailover = true;
          c.portal.redirectPostAfterFailover = false;
        }),
        sessions: owner,
        interventions: [
          authoring(500, 'title'),
          authoring(1000, 'body'),
          { at: 1200, action: { kind: 'crash', member: 'PluginMember1' } },
          authoring(1500, 'publish'),
        ],
      },
      3000,
    );
    const lost = w.lostUpdates().filter((e) => detailsOf(e).attribute === 'authoring');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.data).toMatchObject({
      user: 'u1',
      cause: 'portal.flowRestarted',
      update: 'authoring:title,body',
    });
    expect(lost[0]!.text).toContain('not kept in the session');
    expect(lost[0]!.text).toContain("lived in PluginMember1's memory");
  });

  /** The Authoring edit of two screens, a crash, then the third screen and a fourth, with the Portal's defaults. */
  const authoringAfterCrash = (change: (c: ReturnType<typeof lab>) => void) => {
    return run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          change(c);
        }),
        sessions: owner,
        interventions: [
          authoring(500, 'title'),
          authoring(1000, 'body'),
          { at: 1200, action: { kind: 'crash', member: 'PluginMember1' } },
          authoring(1500, 'publish'),
          authoring(2500, 'again'),
        ],
      },
      4000,
    ).lostUpdates();
  };

  it("reports the Authoring edits lost when the Portal's redirect comes between: the browser still knows its screen", () => {
    // The redirected POST's page shows no Authoring portlet; the next screen still says it was screen 3.
    const lost = authoringAfterCrash((c) => (c.portal.portletsSupportFailover = true));
    expect(lost.map((e) => [detailsOf(e).update, e.t])).toEqual([['authoring:title,body', 2582]]);
  });

  it('reports the Authoring edits lost where the portlets are unavailable', () => {
    const lost = authoringAfterCrash(() => {});
    expect(lost.map((e) => detailsOf(e).update)).toEqual(['authoring:title,body']);
    expect(lost[0]!.text).toContain('shows "Portlet unavailable"');
    // The page that says so is where the loss shows, not a restart of the flow.
    expect(detailsOf(lost[0]!).cause).toBe('browser.page');
  });
});

describe('invariant monitors', () => {
  it('window 1: after a recovery, two frames of one page go through processes that disagree, and two JVMs serve the session at once', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.startupTime = 1000), { processes: 2 }),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000, { process: 1 }),
          { at: 1500, action: { kind: 'start', member: 'PluginMember1' } },
          get('u1', 5000, { process: 1, op: { kind: 'view' }, url: '/shop/frame1' }),
          get('u1', 5000, { process: 2, op: { kind: 'view' }, url: '/shop/frame2' }),
        ],
      },
      7000,
    );
    const served = w
      .visibleTrace()
      .filter((e) => e.type === 'browser.page')
      .map((e) => detailsOf(e).servedBy);
    expect(served.slice(1).sort()).toEqual(['PluginMember1', 'PluginMember2']);
    const v = w.violations();
    expect(v).toHaveLength(1);
    expect(v[0]!.text).toMatch(
      /session A2MB4IJozU_VM8IffsMNfdR active in PluginMember\d and PluginMember\d at the same time/,
    );
  });

  it('report a process sending to a member it marked down before the retry deadline', () => {
    const s = new MonitorState();
    observe(s, entry(1000, 'ihs#1', 'plugin.markDown', { member: 'A', retryInterval: 60 }), none);
    const at = (t: number, actor: string) =>
      observe(s.clone(), entry(t, actor, 'plugin.step', { step: 6, member: 'A' }), none);
    expect(at(30000, 'ihs#1').map((f) => f.type)).toEqual(['monitor.sentToMarkedDown']);
    expect(at(30000, 'ihs#2')).toEqual([]);
    expect(at(61000, 'ihs#1')).toEqual([]);
  });

  it("forgets a process's mark-downs when the web server process is restarted: the fresh one has none", () => {
    const s = new MonitorState();
    observe(s, entry(1000, 'ihs#1', 'plugin.markDown', { member: 'A', retryInterval: 60 }), none);
    observe(s, entry(1000, 'ihs#2', 'plugin.markDown', { member: 'A', retryInterval: 60 }), none);
    observe(s, entry(2000, 'lab', 'webserver.restartProcess', { process: 1 }), none);
    const at = (t: number, actor: string) =>
      observe(s.clone(), entry(t, actor, 'plugin.step', { step: 6, member: 'A' }), none);
    expect(at(30000, 'ihs#1')).toEqual([]);
    expect(at(30000, 'ihs#2').map((f) => f.type)).toEqual(['monitor.sentToMarkedDown']);
    // A mark-down by the new process counts again.
    observe(s, entry(3000, 'ihs#1', 'plugin.markDown', { member: 'A', retryInterval: 60 }), none);
    expect(at(30000, 'ihs#1').map((f) => f.type)).toEqual(['monitor.sentToMarkedDown']);
  });

  it('reports no send to a marked-down member after a web server process restart lost the mark-down', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.startupTime = 1000), { processes: 2 }),
        sessions: owner,
        interventions: [
          { at: 0, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000, { process: 1 }),
          { at: 1500, action: { kind: 'start', member: 'PluginMember1' } },
          { at: 3000, action: { kind: 'restartProcess', process: 1 } },
          // Before the old retry deadline (61 s): the fresh ihs#1 follows the clone ID back to PluginMember1.
          get('u1', 5000, { process: 1 }),
        ],
      },
      7000,
    );
    const down = w.visibleTrace().filter((e) => e.type === 'plugin.markDown');
    expect(down.map((e) => [e.actor, detailsOf(e).member, e.t])).toEqual([['ihs#1', 'PluginMember1', 1022]]);
    const sent = w
      .visibleTrace()
      .filter((e) => e.type === 'tcp.connect' && e.actor === 'ihs#1' && e.t >= 5000)
      .map((e) => detailsOf(e).to);
    expect(sent).toEqual(['PluginMember1']);
    expect(w.violations()).toEqual([]);
  });

  it('the plug-in model never sends to a member it marked down, through a busy run with faults', () => {
    const config = defaultConfig({ members: 3, processes: 3 });
    for (const s of config.plugin.cluster.servers) s.serverIOTimeout = -5;
    const w = new World({
      config,
      seed: 5,
      workload: { users: 30, thinkTime: [200, 2000], updateShare: 0.5 },
      interventions: [
        { at: 5000, action: { kind: 'crash', member: 'PluginMember1' } },
        { at: 9000, action: { kind: 'hang', member: 'PluginMember2' } },
        { at: 20000, action: { kind: 'start', member: 'PluginMember1' } },
        { at: 25000, action: { kind: 'crash', member: 'PluginMember2' } },
        { at: 30000, action: { kind: 'start', member: 'PluginMember2' } },
      ],
    });
    w.runUntil(120000);
    expect(w.visibleTrace().filter((e) => e.type === 'plugin.markDown').length).toBeGreaterThan(3);
    expect(w.violations().filter((e) => e.type === 'monitor.sentToMarkedDown')).toEqual([]);
  });

  it("report a session served from a member's own cached copy after another member served it", () => {
    const s = new MonitorState();
    observe(s, entry(1, 'A', 'session.access', { session: 'S', member: 'A', source: 'cache' }), none);
    observe(s, entry(2, 'A', 'http.response', { session: 'S' }), none);
    observe(s, entry(3, 'B', 'session.access', { session: 'S', member: 'B', source: 'store' }), none);
    observe(s, entry(4, 'B', 'http.response', { session: 'S' }), none);
    const r = observe(
      s,
      entry(5, 'A', 'session.access', { session: 'S', member: 'A', source: 'cache' }),
      none,
    );
    expect(r[0]?.text).toContain('session S active in B and A');
  });

  it('report concurrent requests for one session on two members', () => {
    const s = new MonitorState();
    observe(s, entry(1, 'A', 'session.access', { session: 'S', member: 'A', source: 'cache' }), none);
    const r = observe(
      s,
      entry(2, 'B', 'session.access', { session: 'S', member: 'B', source: 'store' }),
      none,
    );
    expect(r[0]?.text).toContain('at the same time');
  });

  it('clones state so a checkpoint does not change with the live run', () => {
    const s = new MonitorState();
    observe(s, entry(1, 'A', 'session.access', { session: 'S', member: 'A', source: 'cache' }), none);
    const saved = s.clone();
    observe(s, entry(2, 'A', 'http.response', { session: 'S' }), none);
    expect(saved.inService.get('S')?.get('A')).toBe(1);
    expect(s.inService.has('S')).toBe(false);
  });
});

describe('ledger and in-flight acknowledgments', () => {
  it('reports an update whose acknowledgment was still on the wire when its only copy went', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'timeBasedWrite')),
        sessions: owner,
        // PluginMember1 answers at about 1.063 s; the page reaches the browser at 1.084 s.
        interventions: [get('u1', 1000), { at: 1070, action: { kind: 'crash', member: 'PluginMember1' } }],
      },
      2000,
    );
    const lost = w.lostUpdates();
    expect(lost.map((e) => detailsOf(e).update)).toEqual(['u1.1']);
    expect(lost[0]!.t).toBe(1084);
    expect(lost[0]!.text).toContain('it was gone before the acknowledgment arrived: PluginMember1 crashed');
  });
});
