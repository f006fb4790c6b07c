import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RECENT,
  RUN_LIMITS,
  Session,
  type SessionCommand,
  type SessionUpdate,
} from '../../src/app/session.ts';
import { runFigures } from '../../src/simulation/figures.ts';
import { isInteresting } from '../../src/simulation/highlights.ts';
import { detailsOf, type TraceEntry } from '../../src/simulation/trace.ts';

/** What a receiver does with updates: keep the highlights before highlightsFrom, append the new ones. */
function apply(copy: TraceEntry[], u: SessionUpdate): void {
  const kept = copy.filter((e) => e.seq < u.highlightsFrom);
  copy.length = 0;
  copy.push(...kept, ...u.highlights);
}

/** Playing's advance (not a command: it answers with the messages in flight only). */
type Advance = { kind: 'advance'; ms: number };

const command = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4000 }) }),
  fc.constant({ kind: 'look' as const }),
  fc.record({ kind: fc.constant('look' as const), recent: fc.integer({ min: 1, max: 60 }) }),
  fc.constant({ kind: 'stepForward' as const }),
  fc.constant({ kind: 'stepBack' as const }),
  fc.constant({ kind: 'nextInteresting' as const }),
  fc.record({ kind: fc.constant('seek' as const), t: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({ kind: fc.constant('jumpToEntry' as const), index: fc.integer({ min: -1, max: 400 }) }),
  fc.record({
    kind: fc.constant('act' as const),
    action: fc.constantFrom(
      { kind: 'crash' as const, member: 'PluginMember1' },
      { kind: 'start' as const, member: 'PluginMember1' },
      { kind: 'crash' as const, member: 'PluginMember2' },
    ),
  }),
);

describe('Session (the simulation side of playback)', () => {
  it('answers every command with the one Instant where the world stands, and streams the interesting entries so that a receiver holds exactly those of the known trace, through advances, seeks and forks', () => {
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 1, maxLength: 12 }),
        (commands: (SessionCommand | Advance)[]) => {
          const s = new Session();
          const copy: TraceEntry[] = [];
          apply(
            copy,
            s.handle({ kind: 'open', options: { sandbox: { members: 2, processes: 1, users: 2 } } }),
          );
          for (const c of commands) {
            const trace = s.world.trace;
            if (c.kind === 'advance') {
              // Only the messages in flight: the receiver hears of the rest (highlights too) with the next answer.
              const motion = s.advance(c.ms);
              expect(motion.t).toBe(s.world.now());
              expect(motion.messages).toHaveLength(s.world.messagesInFlight().length);
              continue;
            }
            const u = s.handle(c);
            apply(copy, u);
            expect(copy).toEqual(trace.filter(isInteresting));
            expect(u.knownCount).toBe(trace.length);
            const { frame, entryCount, recent } = u.instant;
            expect(entryCount).toBeLessThanOrEqual(trace.length);
            expect(frame.t).toBe(s.world.now());
            expect(frame.messages).toHaveLength(s.world.messagesInFlight().length);
            expect(frame.machines.length).toBeGreaterThan(0);
            const n = c.kind === 'look' ? (c.recent ?? RECENT) : RECENT;
            expect(recent).toEqual(trace.slice(Math.max(0, entryCount - n), entryCount));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a fork cuts the highlights of the old future and streams those of the new one', () => {
    const s = new Session();
    const copy: TraceEntry[] = [];
    apply(copy, s.handle({ kind: 'open', options: { scenario: 'ten-steps' } }));
    // The scripted run is known whole from the start: its crash at 2 s is already highlighted.
    expect(copy.some((e) => e.type === 'fault.crash' && e.t === 2000)).toBe(true);
    apply(copy, s.handle({ kind: 'seek', t: 1000 }));
    const u = s.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    apply(copy, u);
    expect(u.forkedAt).toBe(1000);
    expect(copy.filter((e) => e.type === 'fault.crash').map((e) => [e.t, detailsOf(e).member])).toEqual([
      [1000, 'PluginMember2'],
    ]);
  });

  it('says the run forked when an action re-simulates events of its own instant already shown', () => {
    // A live sandbox: nothing is known beyond the last step simulated.
    const s = new Session();
    s.handle({ kind: 'open', options: { sandbox: { members: 2, processes: 1, users: 2 } } });
    let u = s.handle({ kind: 'stepForward' });
    while (u.instant.recent.at(-1)!.type !== 'plugin.step') u = s.handle({ kind: 'stepForward' });
    expect(u.knownCount).toBe(s.world.visibleCount);
    const at = u.instant.frame.t;
    const acted = s.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    expect(acted.forkedAt).toBe(at);
  });

  it('tells the page of plugin-cfg.xml as edited at the instant shown, and as it was before the edit', () => {
    const s = new Session();
    const opened = s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    expect(opened.config!.plugin.cluster.retryInterval).toBe(60);
    s.handle({ kind: 'seek', t: 1000 });
    const edited = s.handle({
      kind: 'act',
      action: { kind: 'editPluginCfg', set: [{ path: 'plugin.cluster.retryInterval', value: '10' }] },
    });
    expect(edited.config!.plugin.cluster.retryInterval).toBe(10);
    // Unchanged since: the update carries no configuration.
    expect(s.handle({ kind: 'seek', t: 1500 }).config).toBeUndefined();
    expect(s.handle({ kind: 'seek', t: 500 }).config!.plugin.cluster.retryInterval).toBe(60);
    // An attribute a refresh does not take up is refused (the page reads the values: the panel checks them).
    const bad = s.handle({
      kind: 'act',
      action: { kind: 'editPluginCfg', set: [{ path: 'plugin.cluster.servers[0].cloneId', value: 'x' }] },
    });
    expect(bad.error).toMatch(
      /plugin-cfg: no attribute plugin\.cluster\.servers\[0\]\.cloneId a refresh takes up/,
    );
  });

  it('loses the message sent at the instant the cursor stands on', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { sandbox: { members: 2, processes: 1, users: 0 } } });
    s.handle({
      kind: 'act',
      action: { kind: 'request', user: 'u1', method: 'GET', url: '/shop/cart', op: { kind: 'view' } },
    });
    // Step to the web server's response to the browser, just sent.
    let u = s.handle({ kind: 'stepForward' });
    for (
      let i = 0;
      i < 200 &&
      !(u.instant.recent.at(-1)!.type === 'http.response' && u.instant.recent.at(-1)!.actor === 'ihs#1');
      i++
    )
      u = s.handle({ kind: 'stepForward' });
    const sent = u.instant.recent.at(-1)!;
    const msg = Number(detailsOf(sent).msg);
    const lost = s.handle({ kind: 'act', action: { kind: 'dropMessage', message: msg } });
    expect(lost.error).toBeUndefined();
    s.handle({ kind: 'seek', t: sent.t + 5000 });
    const drop = s.world.trace.find((e) => e.type === 'fault.dropMessage')!;
    expect(drop.t).toBe(sent.t + 1);
    expect(detailsOf(drop).lost).toBe(1);
    expect(s.world.trace.some((e) => e.type === 'browser.page')).toBe(false);
  });

  it('answers a bad action with the reason and leaves the run as it was', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    const before = s.handle({ kind: 'seek', t: 1000 });
    const u = s.handle({ kind: 'act', action: { kind: 'crash', member: 'Nobody' } });
    expect(u.error).toBe('intervention at 1000 ms: no cluster member named Nobody');
    expect(u.highlights).toEqual([]);
    expect(u.instant).toEqual(before.instant);
  });

  it('says when nothing of interest lies ahead', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    s.handle({ kind: 'seek', t: 1e9 });
    expect(s.handle({ kind: 'nextInteresting' }).found).toBe(false);
  });

  it('refuses commands before open', () => {
    expect(() => new Session().handle({ kind: 'stepForward' })).toThrow('stepForward before open');
  });
});

describe("a seek ahead (to a question's answer past the run's end)", () => {
  it('simulates on to the instant, and the end follows; a plain seek stays within the end', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    expect(s.handle({ kind: 'seek', t: 20_000 }).instant.frame.t).toBe(6000);
    const u = s.handle({ kind: 'seek', t: 20_000, ahead: true });
    expect(u.instant.frame.t).toBe(20_000);
    expect(u.end).toBeGreaterThanOrEqual(20_000);
    expect(s.handle({ kind: 'seek', t: 30_000 }).instant.frame.t).toBe(20_000);
    expect(s.handle({ kind: 'seek', t: RUN_LIMITS.ms + 5000, ahead: true }).instant.frame.t).toBe(
      RUN_LIMITS.ms,
    );
  });
});

describe('a replay (playing up to an instant)', () => {
  for (const paced of [true, false])
    it(`stops at that instant once its entries are shown, ${paced ? 'paced' : 'in real time'}`, () => {
      const s = new Session();
      s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
      s.handle({ kind: 'seek', t: 1000 });
      s.startPlaying();
      let frames = 0;
      while (!s.reached && frames++ < 100_000) s.play(16, paced, 3106);
      expect(s.reached).toBe(true);
      expect(s.world.now()).toBe(3106);
      const u = s.handle({ kind: 'look' });
      // Every entry of that instant is shown, and none after it.
      expect(u.instant.entryCount).toBe(s.world.visibleCount);
      expect(u.instant.recent.at(-1)!.t).toBe(3106);
      expect((s.world.nextEventAt() ?? Infinity) > 3106).toBe(true);
      // Playing on without a stop goes past it.
      s.play(2000, false);
      expect(s.reached).toBe(false);
      expect(s.world.now()).toBeGreaterThan(3106);
    });
});

describe("the run's figures (a comparison asks for them again and again)", () => {
  it('are those counted from the start, whatever the cursor and the actions did in between', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 25 }), (commands) => {
        const s = new Session();
        s.handle({ kind: 'open', options: { sandbox: { members: 3, processes: 2, users: 6 } } });
        for (const c of commands) {
          if (c.kind === 'advance') s.advance(c.ms);
          const u = s.handle(c.kind === 'advance' ? { kind: 'look' } : c);
          const counted = runFigures(s.world.trace.slice(0, u.instant.entryCount));
          expect(s.figures().figures).toEqual(counted);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('a lesson in the session', () => {
  async function lessonSession(id: string): Promise<Session> {
    const s = new Session();
    s.learn(await import('../../src/app/guide.ts'));
    s.handle({ kind: 'open', options: { scenario: id } });
    return s;
  }

  it('opens a lesson by id with its words, seed and length, and narrates it at the cursor', async () => {
    const s = await lessonSession('recovery-window');
    const { recoveryWindow } = await import('../../src/scenarios/lessons/recoveryWindow.ts');
    const u = s.handle({ kind: 'open', options: { scenario: 'recovery-window', seed: 7 } });
    expect(u.info).toMatchObject({ id: 'recovery-window', title: recoveryWindow.title, duration: 80_000 });
    expect(u.seed).toBe(7);
    expect(u.instant.lesson).toMatchObject({ at: -1, count: recoveryWindow.beats.length, left: null });
  });

  it('walks the beats: each puts the cursor just after the entry that reached it, and back to the start', async () => {
    const s = await lessonSession('ten-steps');
    const count = s.handle({ kind: 'look' }).instant.lesson!.count;
    let t = -1;
    for (let i = 0; i < count; i++) {
      const { instant, error } = s.handle({ kind: 'beat', index: i });
      expect(error).toBeUndefined();
      expect(instant.lesson).toMatchObject({ at: i, onBeat: true, next: i + 1 < count });
      expect(instant.frame.t).toBeGreaterThanOrEqual(t);
      t = instant.frame.t;
    }
    expect(s.handle({ kind: 'beat', index: count }).error).toBe(`The run does not reach beat ${count + 1}.`);
    const start = s.handle({ kind: 'beat', index: -1 });
    expect([start.instant.entryCount, start.instant.lesson!.at]).toEqual([0, -1]);
  });

  it('Try it yourself keeps the run up to the cursor and drops the rest of the script; an action then leaves it', async () => {
    const s = await lessonSession('recovery-window');
    const before = s.handle({ kind: 'beat', index: 4 }); // PluginMember1 running again (14 s)
    const shown = before.instant.recent.map((e) => `${e.t} ${e.actor} ${e.type} ${e.text}`);
    const tried = s.handle({ kind: 'tryIt' });
    expect(tried.instant.entryCount).toBe(before.instant.entryCount);
    expect(tried.instant.recent.map((e) => `${e.t} ${e.actor} ${e.type} ${e.text}`)).toEqual(shown);
    expect(tried.instant.lesson).toMatchObject({
      at: 4,
      trying: { from: 4, t: before.instant.frame.t },
      left: null,
    });
    // The script's requests at 40 s are no longer made.
    s.handle({ kind: 'seek', t: 45_000 });
    const later = s.handle({ kind: 'look' });
    expect(later.instant.recent.filter((e) => e.actor === 'lab' && e.t >= 40_000)).toEqual([]);
    expect(later.instant.lesson!.left).toBeNull();
    const acted = s.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    expect(acted.instant.lesson!.left).toEqual({ t: 45_000, action: 'crash PluginMember2' });
  });

  it('follows a beat that waits for a statechart’s state: Continue stands where the state holds', async () => {
    const s = await lessonSession('mid-write-crash');
    const u = s.handle({ kind: 'beat', index: 0 });
    expect(u.instant.lesson).toMatchObject({ at: 0, onBeat: true });
    expect(s.world.inState('PluginMember1', 'writing')).toBe(true);
    // Back at the start and played on through the beat, the narration reaches it again.
    s.handle({ kind: 'beat', index: -1 });
    s.handle({ kind: 'seek', t: 1500 });
    expect(s.handle({ kind: 'look' }).instant.lesson!.at).toBe(1);
  });

  it('a lesson unknown, or asked for before the lessons have loaded, opens the first scenario and says why', async () => {
    const s = new Session();
    const early = s.handle({ kind: 'open', options: { scenario: 'portal' } });
    expect(early.error).toBe('There is no lesson "portal": opening ten-steps.');
    expect(early.instant.lesson).toBeNull();
    s.learn(await import('../../src/app/guide.ts'));
    // The open run, a lesson, is narrated from now on.
    expect(s.handle({ kind: 'look' }).instant.lesson?.count).toBeGreaterThan(10);
    expect(s.handle({ kind: 'open', options: { scenario: 'nope' } }).error).toBe(
      'There is no lesson "nope": opening ten-steps.',
    );
    expect(
      s.handle({ kind: 'open', options: { sandbox: { members: 2, processes: 1, users: 2 } } }).instant.lesson,
    ).toBeNull();
    expect(s.handle({ kind: 'beat', index: 0 }).error).toBe('This run is not a lesson.');
  });
});

describe('a run past its scenario’s length', () => {
  it('simulates on when played or stepped past it, the timeline’s end following, up to the lab’s limits', () => {
    const s = new Session({ ms: 45_000, entries: 1_000_000 });
    expect(s.handle({ kind: 'open', options: { scenario: 'ten-steps' } }).end).toBe(6000);
    s.handle({ kind: 'seek', t: 99_999 });
    expect(s.world.now()).toBe(6000); // a seek goes no further than the timeline
    s.advance(1500);
    expect([s.world.now(), s.handle({ kind: 'look' }).end, s.atLimit]).toEqual([7500, 7500, false]);
    const stepped = s.handle({ kind: 'stepForward' });
    expect(stepped.instant.frame.t).toBeGreaterThan(7500);
    expect(stepped.end).toBe(stepped.instant.frame.t);
    expect(s.atLimit).toBe(false);
    s.advance(45_000);
    expect([s.world.now(), s.atLimit]).toEqual([45_000, true]);
    s.advance(5000);
    expect(s.world.now()).toBe(45_000);
    s.handle({ kind: 'seek', t: 0 });
    expect(s.handle({ kind: 'look' }).end).toBe(45_000);
  });

  it('stops at a million entries (or fewer, if asked) whatever the simulated time', () => {
    const s = new Session({ ms: RUN_LIMITS.ms, entries: 500 });
    s.handle({ kind: 'open', options: { sandbox: { members: 3, processes: 2, users: 40 } } });
    while (!s.atLimit) s.advance(1000);
    expect(s.world.trace.length).toBeGreaterThanOrEqual(500);
    expect(s.world.trace.length).toBeLessThan(1500);
    expect(RUN_LIMITS).toEqual({ ms: 86_400_000, entries: 1_000_000 });
  });
});

describe('a run again with another configuration (the configuration panel)', () => {
  it('stands inside the instant where the cursor stood, not at its end', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    // The cursor on the failover's first step: more of that instant follows it.
    let u = s.handle({ kind: 'seek', t: 3000 });
    while (u.instant.recent.at(-1)!.type !== 'plugin.step') u = s.handle({ kind: 'stepForward' });
    const t = u.instant.frame.t;
    const at = u.instant.entryCount;
    expect(s.world.trace.filter((e) => e.t === t).length).toBeGreaterThan(
      at - s.world.trace.findIndex((e) => e.t === t),
    );
    const config = structuredClone(s.world.config);
    config.memberRuntime.startupTime = 25_000;
    const again = s.handle({ kind: 'reconfigure', config, changed: ['memberRuntime.startupTime'] });
    expect(again.instant.frame.t).toBe(t);
    expect(again.instant.entryCount).toBe(at);
    expect(again.instant.recent.at(-1)).toEqual(u.instant.recent.at(-1));
  });

  it('starts again from 0 s with the new configuration, keeps the actions made, and stands where the run stood', async () => {
    const s = new Session();
    s.learn(await import('../../src/app/guide.ts'));
    s.handle({ kind: 'open', options: { scenario: 'recovery-window' } });
    s.handle({ kind: 'seek', t: 20_000 });
    s.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember3' } });
    const config = structuredClone(s.world.config);
    config.plugin.cluster.retryInterval = 10;
    const u = s.handle({ kind: 'reconfigure', config, changed: ['plugin.cluster.retryInterval'] });
    expect(u.answers).toBe('reconfigure');
    expect(u.config!.plugin.cluster.retryInterval).toBe(10);
    expect(u.instant.frame.t).toBe(20_000);
    expect(u.highlightsFrom).toBe(0);
    const labs = s.world.trace.filter((e) => e.actor === 'lab').map((e) => `${e.t} ${detailsOf(e).action}`);
    expect(labs).toContain('20000 crash PluginMember3');
    // ihs#1's mark-down now waits 10 s, not 60.
    const timer = s.world.trace.find((e) => e.type === 'plugin.step' && /retry timer \(/.test(e.text))!;
    expect(timer.text).toMatch(/retry timer \(10s\)/);
    // The lesson's beats described its own configuration: the narration says the run has left it.
    expect(u.instant.lesson).toMatchObject({
      at: -1,
      beat: null,
      left: { t: 0, action: 'the configuration changed (plugin.cluster.retryInterval)' },
    });
    // Set back to the lesson's own configuration (nothing differs), the run follows its script again up
    // to the trainee's own action.
    const back = structuredClone(s.world.config);
    back.plugin.cluster.retryInterval = 60;
    const again = s.handle({ kind: 'reconfigure', config: back, changed: [] });
    expect(again.instant.lesson!.left).toEqual({ t: 20_000, action: 'crash PluginMember3' });
    expect(again.instant.lesson!.at).toBeGreaterThanOrEqual(2);
  });
});

describe('what the review found (each failed before its fix)', () => {
  it('a seek back while playing plays on from there, paced or not, instead of racing ahead', () => {
    for (const paced of [true, false]) {
      const s = new Session();
      s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
      s.startPlaying();
      for (let i = 0; i < 200; i++) s.play(16, paced);
      expect(s.world.now()).toBeGreaterThan(400);
      s.handle({ kind: 'seek', t: 0 }); // the Restart button, while playing
      s.play(16, paced);
      expect(s.world.now()).toBeLessThan(100);
      expect(s.atLimit).toBe(false);
    }
  });

  it('a configuration under which the run’s own actions cannot run is refused, and the run stays as it was', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    s.handle({ kind: 'seek', t: 4000 });
    const before = s.handle({ kind: 'look' });
    const config = structuredClone(s.world.config);
    config.webServer.processes = 1; // ten-steps sends a request through ihs#2
    const u = s.handle({ kind: 'reconfigure', config, changed: ['webServer.processes'] });
    expect(u.error).toMatch(
      /^This configuration cannot run the actions of this run \(.*ihs#2.*\); nothing was applied\.$/,
    );
    expect(s.world.config.webServer.processes).toBe(2);
    expect(u.instant.frame.t).toBe(before.instant.frame.t);
    expect(u.instant.entryCount).toBe(before.instant.entryCount);
  });

  it('after the entries limit, a seek back plays and steps again up to it', () => {
    const s = new Session({ ms: RUN_LIMITS.ms, entries: 400 });
    s.handle({ kind: 'open', options: { sandbox: { members: 3, processes: 2, users: 40 } } });
    s.startPlaying();
    while (!s.atLimit) s.play(100, false);
    s.handle({ kind: 'seek', t: 0 });
    expect(s.atLimit).toBe(false);
    const before = s.handle({ kind: 'look' }).instant.entryCount;
    expect(s.handle({ kind: 'stepForward' }).instant.entryCount).toBe(before + 1);
    s.startPlaying();
    s.play(100, false);
    expect(s.world.now()).toBeGreaterThan(0);
  });

  it('a rerun keeps the timeline’s end where playing had taken it', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    s.startPlaying();
    while (s.world.now() < 9000) s.play(100, false);
    const u = s.handle({ kind: 'reconfigure', config: s.world.config, changed: [] });
    expect(u.end).toBeGreaterThanOrEqual(9000);
  });
});

describe('a run opened from its address', () => {
  /** Everything the page shows, as text: the same frame is the same moment. */
  const seen = (u: SessionUpdate) => ({
    t: u.instant.frame.t,
    entryCount: u.instant.entryCount,
    recent: u.instant.recent.map((e) => `${e.seq} ${e.t} ${e.actor} ${e.type} ${e.text}`),
    frame: JSON.stringify(u.instant.frame),
    lesson: u.instant.lesson,
  });

  it('tells the user’s actions as an address writes them, and the same address opens that very moment again', async () => {
    const guide = await import('../../src/app/guide.ts');
    const a = new Session();
    a.learn(guide);
    const opened = a.handle({ kind: 'open', options: { scenario: 'ten-steps', seed: 3 } });
    expect(opened.user).toEqual({ actions: [], trying: null });
    a.handle({ kind: 'seek', t: 1500 });
    a.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    a.handle({ kind: 'seek', t: 2500 });
    const acted = a.handle({
      kind: 'act',
      action: { kind: 'writeError', member: 'PluginMember1', reason: 'a deadlock' },
    });
    expect(acted.user).toEqual({
      actions: ['1.5 crash PluginMember2', '2.5 write-error PluginMember1 a deadlock'],
      trying: null,
    });
    a.handle({ kind: 'seek', t: 3020 });
    const here = a.handle({ kind: 'stepBack' });
    const within =
      here.instant.entryCount - here.instant.recent.filter((e) => e.t === here.instant.frame.t).length;
    const b = new Session();
    b.learn(guide);
    const again = b.handle({
      kind: 'open',
      options: {
        scenario: 'ten-steps',
        seed: 3,
        actions: acted.user!.actions,
        moment: { t: here.instant.frame.t, within: here.instant.entryCount - within },
      },
    });
    expect(again.addressErrors).toBeUndefined();
    expect(again.user).toEqual(acted.user);
    expect(seen(again)).toEqual(seen(here));
    // And the whole run up to there is the same (the new run knows its future further: it was simulated whole).
    const upTo = (sx: Session) =>
      sx.world.trace.slice(0, here.instant.entryCount).map((e) => `${e.t} ${e.text}`);
    expect(upTo(b)).toEqual(upTo(a));
    expect(b.world.trace.length).toBeGreaterThan(here.instant.entryCount);
  });

  it('opens trying it yourself with the script’s first actions only, as Try it yourself left it', async () => {
    const guide = await import('../../src/app/guide.ts');
    const a = new Session();
    a.learn(guide);
    a.handle({ kind: 'open', options: { scenario: 'recovery-window' } });
    a.handle({ kind: 'beat', index: 4 });
    const tried = a.handle({ kind: 'tryIt' });
    a.handle({ kind: 'seek', t: 45_000 });
    const acted = a.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    expect(acted.user!.trying).toEqual({ t: tried.instant.frame.t, script: expect.any(Number) });
    const b = new Session();
    b.learn(guide);
    const again = b.handle({
      kind: 'open',
      options: {
        scenario: 'recovery-window',
        ...acted.user!,
        trying: acted.user!.trying!,
        moment: { t: 45_000 },
      },
    });
    expect(seen(again)).toEqual(seen(acted));
    expect(again.instant.lesson).toMatchObject({ trying: { from: 4 }, left: { t: 45_000 } });
  });

  it('names an action it cannot read, and one the run cannot make, and opens without them', async () => {
    // The words' reader comes with the lessons; the player waits for them before such an open.
    const unread = new Session().handle({
      kind: 'open',
      options: { scenario: 'ten-steps', actions: ['1.5 crash PluginMember1'] },
    });
    expect(unread.addressErrors).toEqual([
      "The address's actions could not be read: the lessons did not load; not made",
    ]);
    const s = new Session();
    s.learn(await import('../../src/app/guide.ts'));
    const u = s.handle({
      kind: 'open',
      options: { scenario: 'ten-steps', actions: ['1 explode PluginMember1', '1.5 crash PluginMember1'] },
    });
    expect(u.addressErrors).toEqual([
      'URL parameter at=1 explode PluginMember1: unknown action "explode" (try --at help); not made',
    ]);
    expect(u.user!.actions).toEqual(['1.5 crash PluginMember1']);
    const v = s.handle({
      kind: 'open',
      options: { scenario: 'ten-steps', actions: ['1.5 crash PluginMember9'] },
    });
    expect(v.addressErrors).toEqual([
      expect.stringMatching(
        /^The address's actions cannot all be made in this run \(.*PluginMember9.*\); it opens without them$/,
      ),
    ]);
    expect(v.user!.actions).toEqual([]);
    expect(v.instant.frame.t).toBe(0);
  });
});

describe('an address that names an instant far ahead', () => {
  it('is simulated no further than the lab simulates a run, and says where it stands', () => {
    const s = new Session({ ms: RUN_LIMITS.ms, entries: 5000 });
    const u = s.handle({
      kind: 'open',
      options: { sandbox: { members: 3, processes: 2, users: 20 }, moment: { t: 86_400_000 } },
    });
    expect(s.world.visibleCount).toBeLessThan(5000 + 2000);
    expect(u.instant.frame.t).toBeLessThan(86_400_000);
    expect(u.addressErrors).toEqual([
      expect.stringMatching(
        /^The address's instant, 86400 s, is further than the lab simulates this run \(a million events or 24 simulated hours\): it stands at [\d.]+ s$/,
      ),
    ]);
  });
});
