// Playback against a player that answers later, as the worker does: what the page shows must agree with
// the simulation however commands, replies, the player's frames and the page's looks interleave.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Playback } from '../../src/app/playback.svelte.ts';
import {
  LOOK_MS,
  PLAYING_RECENT,
  Player,
  type PlayerCommand,
  type PlayerReply,
} from '../../src/app/player.ts';
import type { PortFactory } from '../../src/app/ports.ts';
import { RECENT, RUN_LIMITS, Session } from '../../src/app/session.ts';
import { lessonIds } from '../../src/scenarios/catalog.ts';

/**
 * A port to a Player whose commands wait until `work()` and whose replies wait until `deliver()` (cloned,
 * as postMessage would); `frame()` is one of its animation frames, 16 ms after the last, and as much time
 * passes in the page (its timers: the looks while playing).
 */
function laterPort(fail?: (c: PlayerCommand) => boolean, limits?: typeof RUN_LIMITS) {
  const commands: PlayerCommand[] = [];
  /** The kinds of the commands the player has handled, in order. */
  const handled: PlayerCommand['kind'][] = [];
  const outbox: PlayerReply[] = [];
  let frames: ((wall: number) => void)[] = [];
  let wall = 1000;
  let receive: (r: PlayerReply) => void = () => {};
  const player = new Player(
    (r) => outbox.push(structuredClone(r)),
    { request: (f) => frames.push(f), cancel: () => void (frames = []) },
    limits,
  );
  const factory: PortFactory = (r) => {
    receive = r;
    return { send: (c) => void commands.push(c), canvas: () => false, close: () => {} };
  };
  const port = {
    factory,
    commands,
    handled,
    outbox,
    player,
    session: player.session,
    /** How many animation frames the player has asked for. */
    get framesRequested() {
      return frames.length;
    },
    work(n = Infinity): void {
      while (n-- > 0 && commands.length > 0) {
        const c = commands.shift()!;
        handled.push(c.kind);
        if (fail?.(c)) outbox.push({ failed: 'the worker died' });
        else player.handle(c);
      }
    },
    /** Delivers the first `n` replies waiting (all of them by default). */
    deliver(n = Infinity): void {
      for (const r of outbox.splice(0, n)) receive(r);
    },
    answer(n = Infinity): void {
      port.work(n);
      port.deliver();
    },
    /** One animation frame, `ms` after the last; the page's timers due by then fire after it. */
    frame(ms = 16): void {
      wall += ms;
      const due = frames;
      frames = [];
      for (const f of due) f(wall);
      vi.advanceTimersByTime(ms);
    },
    /** How many looks the page has sent that the player has not answered yet. */
    get looksWaiting(): number {
      return commands.filter((c) => c.kind === 'look').length;
    },
  };
  return port;
}

const looks = (kinds: readonly string[]) => kinds.filter((k) => k === 'look').length;

/**
 * A Playback on a laterPort, opened and playing (both answered), in real time unless asked to pace (these
 * tests count simulated time by frames); `ms`: the lab's limit, if less.
 */
function playing(options: ConstructorParameters<typeof Playback>[0], ms?: number) {
  const port = laterPort(undefined, ms === undefined ? undefined : { ms, entries: RUN_LIMITS.entries });
  const p = new Playback({ paced: false, ...options }, port.factory);
  port.answer();
  p.play();
  port.answer();
  return { port, p };
}

/** document.hidden as jsdom has it, to put back after `setHidden`. */
const HIDDEN = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;

/** The page hidden or shown, as a browser says so. */
function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** The panels' entries end at the cursor, and none of them is later than the nodes' instant. */
function oneInstant(p: Playback): void {
  const { frame, entryCount, recent } = p.shown!;
  expect(recent.at(-1)?.seq).toBe(entryCount - 1);
  expect(recent.every((e) => e.t <= frame.t)).toBe(true);
  expect(p.now).toBe(frame.t);
}

describe('Playback with a player that answers later', () => {
  it('plays on the player’s frames: the page looks at the run ten times a second, not every frame, and shows one instant', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    expect(port.player.playing).toBe(true);
    let shown = 0;
    for (let i = 0; i < 62; i++) {
      port.frame();
      const before = p.shown;
      port.answer(); // the player answers the page's look, if it sent one, and the page shows it
      if (p.shown !== before) {
        shown++;
        oneInstant(p);
      }
    }
    // 61 frames of 16 ms after the first, 5×: 4.88 simulated seconds, looked at every 100 ms of wall time.
    expect(port.session.world.now()).toBe(4880);
    expect(p.frame!.t).toBeGreaterThan(4880 - 5 * LOOK_MS);
    expect(looks(port.handled)).toBe(shown);
    expect(shown).toBeGreaterThanOrEqual(9);
    expect(shown).toBeLessThan(11);
    expect(p.busy).toBe(false);
  });

  it('a page still waiting for a look sends no further one; the canvas keeps moving meanwhile', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    for (let i = 0; i < 40; i++) {
      port.frame();
      port.work(); // the player answers the look, but its answer is still on its way
    }
    // 40 frames (640 ms) simulated, but one look sent: the page has not had its answer.
    expect(port.session.world.now()).toBe(39 * 16 * 5);
    expect(looks(port.handled)).toBe(1);
    port.deliver();
    expect(p.frame!.t).toBe(6 * 16 * 5); // the look left after 100 ms: the seventh frame
    for (let i = 0; i < 7; i++) port.frame();
    port.answer();
    expect(looks(port.handled)).toBe(2);
    expect(p.frame!.t).toBe(46 * 16 * 5);
  });

  it('one look at a time, even when one from before a pause and a new play is still on its way', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    for (let i = 0; i < 7; i++) port.frame(); // look 1 leaves…
    expect(port.looksWaiting).toBe(1);
    p.pause();
    p.play();
    port.work(); // …and is answered before the pause
    for (let i = 0; i < 20; i++) port.frame();
    expect(port.looksWaiting).toBe(0); // no look 2 while look 1's answer is on its way
    port.deliver();
    oneInstant(p);
    for (let i = 0; i < 7; i++) port.frame();
    expect(port.looksWaiting).toBe(1);
  });

  it('pausing while a look is on its way brings the whole page to where the player got', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    for (let i = 0; i < 20; i++) {
      port.frame();
      port.answer();
    }
    for (let i = 0; i < 7; i++) port.frame(); // a look on its way…
    port.work();
    port.frame();
    p.pause();
    expect(p.playing).toBe(false);
    port.answer();
    expect(port.player.playing).toBe(false);
    expect(port.framesRequested).toBe(0);
    expect(p.frame!.t).toBe(port.session.world.now());
    oneInstant(p);
    // Paused, nothing runs: no frames, and the page looks no more.
    vi.advanceTimersByTime(10 * LOOK_MS);
    expect(port.commands).toEqual([]);
  });

  it('replies and ticks for the old run after choosing another scenario are not shown', () => {
    const port = laterPort();
    const p = new Playback({ sandbox: { members: 3, processes: 2, users: 6 } }, port.factory);
    port.answer();
    p.seek(20000);
    port.answer();
    p.play();
    port.answer();
    for (let i = 0; i < 10; i++) port.frame(); // a look of the old run waits
    p.seek(5000);
    p.act({ kind: 'crash', member: 'PluginMember1' });
    p.seek(3000);
    port.work();
    for (let i = 0; i < 10; i++) port.frame();
    p.load({ scenario: 'ten-steps' });
    port.answer();
    expect(p.playing).toBe(false);
    expect(port.player.playing).toBe(false);
    expect(p.forkedAt).toBeNull();
    expect(p.frame!.t).toBe(0);
    expect(p.now).toBe(0);
    expect(p.busy).toBe(false);
    expect(p.highlights.every((e) => e.t <= 6000)).toBe(true);
    expect(p.ticks.some((k) => k.label.includes('PluginMember1') && k.kind === 'fault')).toBe(true);
  });

  it('plays on past the scenario’s length (the timeline grows with it) and stops at the lab’s limit, with the whole page there', () => {
    const { port, p } = playing({ scenario: 'ten-steps', speed: 100 }, 9000);
    for (let i = 0; i < 6; i++) {
      port.frame(); // 1.6 simulated seconds a frame (after the first, which starts the clock)
      port.answer();
    }
    expect(port.session.world.now()).toBeGreaterThan(6000);
    expect(p.playing).toBe(true);
    for (let i = 0; i < 10 && p.playing; i++) {
      port.frame();
      port.answer();
    }
    expect(p.playing).toBe(false);
    expect(p.atLimit).toBe(true);
    expect(port.framesRequested).toBe(0);
    expect(p.frame!.t).toBe(9000);
    expect(p.duration).toBe(9000);
    oneInstant(p);
    vi.advanceTimersByTime(10 * LOOK_MS);
    expect(port.commands).toEqual([]);
  });

  it('a restart pressed in the last frame keeps playing from the start', () => {
    const { port, p } = playing({ scenario: 'ten-steps', speed: 10 }, 6000);
    // 16 ms a frame at 10× is 160 simulated ms: stop one frame short of the end.
    while (port.session.world.now() < 6000 - 160) {
      port.frame();
      port.deliver();
    }
    expect(p.playing).toBe(true);
    port.frame(); // this frame reaches the end; the news is on its way when the restart is pressed
    p.seek(0);
    port.deliver();
    port.answer();
    expect(p.playing).toBe(true);
    expect(port.player.playing).toBe(true);
    expect(p.frame!.t).toBe(0);
    port.frame();
    port.frame();
    expect(port.session.world.now()).toBeGreaterThan(0);
  });

  it('play at the end of the timeline plays on from there: time goes on', () => {
    const port = laterPort();
    const p = new Playback({ scenario: 'ten-steps', speed: 10, paced: false }, port.factory);
    port.answer();
    p.seek(p.duration);
    port.answer();
    expect(p.now).toBe(6000);
    p.play();
    port.answer();
    for (let i = 0; i < 12; i++) {
      port.frame();
      port.answer();
    }
    expect(p.playing).toBe(true);
    expect(p.now).toBeGreaterThan(6000);
    expect(p.duration).toBe(p.now); // the timeline's end follows the run
    p.pause();
    port.answer();
    p.seek(0);
    port.answer();
    expect(p.duration).toBeGreaterThan(6000); // and stays where the run got to
  });

  it('a change of speed while playing changes how far each frame goes', () => {
    const { port, p } = playing({ sandbox: { members: 2, processes: 1, users: 2 }, speed: 1 });
    port.frame(); // starts the clock
    const t0 = port.session.world.now();
    port.frame();
    expect(port.session.world.now() - t0).toBe(16);
    p.setSpeed(10);
    port.answer();
    const t1 = port.session.world.now();
    port.frame();
    expect(port.session.world.now() - t1).toBe(160);
  });

  it('plays in whole milliseconds, as the trace counts them, carrying the fraction so that none is lost', () => {
    const { port, p } = playing({ sandbox: { members: 2, processes: 1, users: 2 }, speed: 0.3 });
    port.frame(16.7); // starts the clock
    const t0 = port.session.world.now();
    const instants: number[] = [];
    for (let i = 0; i < 30; i++) {
      port.frame(16.7); // 5.01 simulated ms a frame
      instants.push(port.session.world.now());
    }
    expect(instants.filter((t) => !Number.isInteger(t))).toEqual([]);
    expect(instants.at(-1)! - t0).toBe(Math.floor(30 * 16.7 * 0.3)); // 150.3 ms owed: 150 run
    p.pause();
    port.answer();
    expect(Number.isInteger(p.now)).toBe(true);
    expect(p.now).toBe(instants.at(-1));
    p.seek(1234.5);
    port.answer();
    expect(p.now).toBe(1235);
  });

  it('a hidden page holds the player’s clock; shown again, it plays on without a leap', () => {
    const { port, p } = playing({ sandbox: { members: 2, processes: 1, users: 2 }, speed: 1 });
    port.frame();
    port.frame();
    p.listen();
    try {
      setHidden(true);
      port.answer();
      expect(port.framesRequested).toBe(0);
      const t = port.session.world.now();
      setHidden(false);
      port.answer();
      expect(port.framesRequested).toBe(1);
      port.frame();
      port.frame();
      expect(port.session.world.now() - t).toBe(16);
      expect(p.playing).toBe(true);
    } finally {
      Object.defineProperty(document, 'hidden', HIDDEN);
      p.destroy();
    }
  });

  it('a run started while the page is hidden waits for it to show', () => {
    const port = laterPort();
    const p = new Playback(
      { sandbox: { members: 2, processes: 1, users: 2 }, speed: 1, paced: false },
      port.factory,
    );
    port.answer();
    p.listen();
    try {
      setHidden(true);
      p.play();
      port.answer();
      expect(port.framesRequested).toBe(0);
      setHidden(false);
      port.answer();
      port.frame();
      port.frame();
      expect(port.session.world.now()).toBe(16);
    } finally {
      Object.defineProperty(document, 'hidden', HIDDEN);
      p.destroy();
    }
  });

  it('the end of an earlier play, heard only after a pause, a jump and a new play, does not stop the new one', () => {
    const { port, p } = playing({ scenario: 'ten-steps', speed: 100 }, 6000);
    while (port.player.playing) {
      port.frame();
      port.work(); // the player answers the looks…
      if (port.player.playing) port.deliver(); // …but the news of the end stays on its way
    }
    p.jumpToEntry(3); // pauses, then jumps back
    p.play();
    port.answer();
    expect(port.player.playing).toBe(true);
    expect(p.playing).toBe(true);
    port.frame(); // starts the clock
    port.frame();
    expect(port.session.world.now()).toBeGreaterThan(0);
  });

  it('a run that ends while playing shows all of RECENT, not the few entries of playing', () => {
    const port = laterPort(undefined, { ms: 10 * 60 * 1000, entries: RUN_LIMITS.entries });
    const p = new Playback(
      { sandbox: { members: 2, processes: 1, users: 40 }, speed: 1, paced: false },
      port.factory,
    );
    port.answer();
    p.seek(p.duration - 150);
    port.answer();
    p.play();
    port.answer();
    for (let i = 0; i < 7; i++) port.frame(); // a look after 100 ms: the few entries of playing
    port.answer();
    expect(p.playing).toBe(true);
    expect(p.shown!.recent).toHaveLength(PLAYING_RECENT);
    port.frame(100); // reaches the end
    port.answer();
    expect(p.playing).toBe(false);
    expect(p.frame!.t).toBe(p.duration);
    expect(p.entryCount).toBeGreaterThan(RECENT);
    expect(p.shown!.recent).toHaveLength(RECENT);
  });

  it('a painter that cannot be loaded is reported, and the topology shows the messages itself', async () => {
    vi.doMock('../../src/view/messageCanvas.ts', () => {
      throw new Error('offline');
    });
    try {
      const port = laterPort();
      const p = new Playback({ scenario: 'ten-steps' }, port.factory);
      port.answer();
      expect(p.canvasLost).toBe(false);
      port.player.handle({
        kind: 'canvas',
        canvas: { getContext: () => null } as unknown as OffscreenCanvas,
      });
      await vi.waitFor(() => expect(port.outbox).toContainEqual({ answers: 'painterLost', run: 1 }));
      port.deliver();
      expect(p.canvasLost).toBe(true);
      expect(p.busy).toBe(false);
    } finally {
      vi.doUnmock('../../src/view/messageCanvas.ts');
    }
  });

  it('a lesson asked for by its id waits for the lessons; the commands sent meanwhile follow it, in order', async () => {
    const port = laterPort();
    const p = new Playback({ scenario: 'recovery-window' }, port.factory);
    expect(p.scenario.title).toBe('recovery-window'); // the page knows it by its id alone, so far
    p.stepForward();
    port.work();
    expect(port.outbox).toEqual([]); // both wait for the lessons
    await vi.waitFor(() => expect(port.outbox.map((r) => 'answers' in r && r.answers)).toHaveLength(3));
    expect(port.outbox.map((r) => 'answers' in r && r.answers)).toEqual(['lessons', 'open', 'stepForward']);
    port.deliver();
    expect(p.lessons.map((l) => l.id)).toEqual(lessonIds); // ten-steps first (catalog.test.ts)
    expect(p.scenario).toMatchObject({ id: 'recovery-window', duration: 80_000 });
    expect(p.scenario.title).toMatch(/one session in two members/);
    const alone = new Session();
    alone.learn(await import('../../src/app/guide.ts'));
    alone.handle({ kind: 'open', options: { scenario: 'recovery-window' } });
    expect(p.entryCount).toBe(alone.handle({ kind: 'stepForward' }).instant.entryCount);
    expect(p.shown!.lesson).toMatchObject({ at: -1, count: 8 });
    expect(p.busy).toBe(false);
  });

  it('ten-steps opens at once; asked for after it, the lessons come, and a paused page narrates it', async () => {
    const port = laterPort();
    const p = new Playback({ scenario: 'ten-steps' }, port.factory);
    port.answer();
    expect(p.shown!.lesson).toBeNull();
    await Promise.resolve();
    expect(port.outbox).toHaveLength(0); // nothing loads unasked
    p.loadLessons();
    expect(p.busy).toBe(false); // the page does not wait for them
    port.work();
    await vi.waitFor(() => expect(port.outbox).toHaveLength(1));
    port.deliver(); // the lessons: the page looks again
    port.answer();
    expect(p.shown!.lesson).toMatchObject({ at: -1 });
    p.toBeat(0);
    port.answer();
    expect(p.shown!.lesson).toMatchObject({ at: 0, onBeat: true });
    expect(p.shown!.recent.at(-1)!.type).toBe('session.access');
  });

  it('lessons that cannot be loaded are reported, and a lesson asked for opens ten-steps, saying so', async () => {
    vi.doMock('../../src/app/guide.ts', () => {
      throw new Error('offline');
    });
    try {
      const port = laterPort();
      const p = new Playback({ scenario: 'portal' }, port.factory);
      port.work();
      await vi.waitFor(() => expect(port.outbox).toHaveLength(2));
      port.deliver();
      expect(p.errors).toHaveLength(2);
      expect(p.errors[0]).toMatch(/^The lessons could not be loaded: /);
      expect(p.errors[1]).toBe('There is no lesson "portal": opening ten-steps.');
      expect(p.lessonsFailed).toBe(true);
      expect(p.scenario.id).toBe('ten-steps');
      expect(p.busy).toBe(false);
    } finally {
      vi.doUnmock('../../src/app/guide.ts');
    }
  });

  it('sets the address’s parameters once the run has opened: the good ones start it again, a bad one is named', async () => {
    const port = laterPort();
    const p = new Playback(
      {
        scenario: 'ten-steps',
        sets: ['plugin.cluster.retryInterval=10', 'sessionManager.writeInterval=soon'],
      },
      port.factory,
    );
    port.answer();
    expect(p.config!.plugin.cluster.retryInterval).toBe(60);
    await vi.waitFor(() => expect(port.commands.map((c) => c.kind)).toContain('reconfigure'));
    port.answer();
    expect(p.config!.plugin.cluster.retryInterval).toBe(10);
    expect(p.config!.sessionManager.writeInterval).toBe(10);
    expect(p.errors).toEqual([
      'URL parameter set=sessionManager.writeInterval=soon: sessionManager.writeInterval: must be a whole number from 5 to 300, got "soon"; not applied',
    ]);
    // Another scenario chosen later opens as it is.
    p.load({ scenario: 'ten-steps' });
    port.answer();
    await Promise.resolve();
    expect(port.commands).toEqual([]);
    expect(p.config!.plugin.cluster.retryInterval).toBe(60);
  });

  it('opens the moment an address names: the user’s actions made, the cursor there, and writes that address back', async () => {
    const port = laterPort();
    const p = new Playback(
      {
        scenario: 'ten-steps',
        seed: 1,
        actions: ['1.5 crash PluginMember2'],
        moment: { t: 2000 },
      },
      port.factory,
    );
    // The actions' words are read by code that comes with the lessons: the open waits for them.
    port.work();
    await vi.waitFor(() =>
      expect(port.outbox.map((r) => ('answers' in r ? r.answers : ''))).toContain('open'),
    );
    port.deliver();
    // One open: nothing to check first.
    expect(port.handled).toEqual(['open']);
    expect(p.frame!.t).toBe(2000);
    expect(p.frame!.members.find((m) => m.name === 'PluginMember2')!.state).toBe('crashed');
    expect(p.user).toEqual({ actions: ['1.5 crash PluginMember2'], trying: null });
    expect(p.address).toBe('?v=1&scenario=ten-steps&seed=1&at=1.5+crash+PluginMember2&t=2');
    // The address follows the user: an action, a step.
    p.seek(2500);
    p.act({ kind: 'hang', member: 'PluginMember1' });
    port.answer();
    expect(p.address).toBe(
      '?v=1&scenario=ten-steps&seed=1&at=1.5+crash+PluginMember2&at=2.5+hang+PluginMember1&t=2.5',
    );
  });

  it('with parameters or an edit of plugin-cfg.xml to check, opens plainly, then again with them, the actions and the moment', async () => {
    const port = laterPort();
    const p = new Playback(
      {
        scenario: 'ten-steps',
        sets: ['webServer.processes=3'],
        actions: [
          '1 get u1 /snoop ihs#3',
          '1.2 plugin-cfg plugin.cluster.retryInterval=-5',
          '1.3 plugin-cfg plugin.cluster.retryInterval=10',
        ],
        moment: { t: 1500 },
      },
      port.factory,
    );
    port.answer();
    expect(p.frame!.t).toBe(0);
    await vi.waitFor(() => expect(port.commands.map((c) => c.kind)).toContain('reconfigure'));
    // The run again makes the actions: it waits for their words' reader, which comes with the lessons.
    port.work();
    await vi.waitFor(() =>
      expect(port.outbox.map((r) => ('answers' in r ? r.answers : ''))).toContain('reconfigure'),
    );
    port.deliver();
    expect(p.config!.webServer.processes).toBe(3);
    expect(p.frame!.t).toBe(1500);
    expect(p.user.actions).toEqual([
      '1 get u1 /snoop ihs#3',
      '1.3 plugin-cfg plugin.cluster.retryInterval=10',
    ]);
    expect(p.sets).toEqual(['webServer.processes=3']);
    expect(p.errors).toEqual([
      expect.stringMatching(
        /^URL parameter at=1\.2 plugin-cfg plugin\.cluster\.retryInterval=-5: .*; not made$/,
      ),
    ]);
    expect(p.address).toBe(
      '?v=1&scenario=ten-steps&seed=1&set=webServer.processes=3&at=1+get+u1+/snoop+ihs%233&at=1.3+plugin-cfg+plugin.cluster.retryInterval=10&t=1.5',
    );
  });

  it('an address’s settings and actions are not applied to a run chosen before its first answer', async () => {
    const port = laterPort();
    const p = new Playback(
      {
        scenario: 'ten-steps',
        sets: ['plugin.cluster.retryInterval=10'],
        actions: ['1 crash PluginMember2'],
      },
      port.factory,
    );
    p.load({ sandbox: { members: 2, processes: 1, users: 2 } }); // chosen before anything was answered
    port.answer();
    await vi.dynamicImportSettled();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    port.answer();
    expect(port.handled).not.toContain('reconfigure');
    expect(p.config!.plugin.cluster.retryInterval).toBe(60);
    expect(p.user.actions).toEqual([]);
  });

  it('keeps embedding in the address it writes, and the settings of a run again the simulation refused are not kept', () => {
    const port = laterPort();
    const embed = { show: ['topology' as const], autoplay: false };
    const p = new Playback({ scenario: 'ten-steps', embed }, port.factory);
    port.answer();
    expect(p.address).toContain('&embed=1&show=topology');
    // A run again under which the run's own request via ihs#2 cannot be made: refused, nothing applied.
    const one = { ...p.config!, webServer: { ...p.config!.webServer, processes: 1 } };
    p.reconfigure(one, ['webServer.processes'], ['webServer.processes=1']);
    port.answer();
    expect(p.errors.at(-1)).toMatch(/nothing was applied/);
    expect(p.sets).toEqual([]);
    expect(p.address).not.toContain('set=');
  });

  it('the address’s settings are not applied to a run opened while they were loading', async () => {
    const port = laterPort();
    const p = new Playback(
      { scenario: 'ten-steps', sets: ['plugin.cluster.retryInterval=10'] },
      port.factory,
    );
    port.answer(); // opened: the settings' rules start loading
    p.load({ sandbox: { members: 2, processes: 1, users: 2 } }); // the trainee chose another run meanwhile
    port.answer();
    await vi.dynamicImportSettled();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(port.commands.map((c) => c.kind)).not.toContain('reconfigure');
    expect(p.config!.plugin.cluster.retryInterval).toBe(60);
  });

  it('a simulation that fails for good is reported once and nothing more is sent', () => {
    let n = 0;
    const port = laterPort((c) => c.kind !== 'play' && n++ > 0);
    const p = new Playback({ scenario: 'ten-steps' }, port.factory);
    port.answer();
    p.stepForward();
    port.answer();
    expect(p.errors).toEqual(['The simulation stopped: the worker died']);
    expect(p.playing).toBe(false);
    expect(p.busy).toBe(false);
    p.stepForward();
    p.play();
    expect(port.commands).toEqual([]);
    expect(p.playing).toBe(false);
    expect(p.errors).toHaveLength(1);
  });

  it('while playing the panels get the latest few entries, paused all of RECENT again', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 40 }, speed: 20 });
    for (let i = 0; i < 60; i++) {
      port.frame();
      port.answer();
    }
    expect(p.entryCount).toBeGreaterThan(RECENT);
    expect(p.shown!.recent).toHaveLength(PLAYING_RECENT);
    p.pause();
    port.answer();
    expect(p.shown!.recent).toHaveLength(RECENT);
    oneInstant(p);
  });

  it('a chart comes when its code has loaded, after answers asked for later, and is not waited for with them', async () => {
    vi.useRealTimers();
    const port = laterPort();
    const p = new Playback({ scenario: 'ten-steps', paced: false }, port.factory);
    port.answer();
    p.chart('walk');
    p.seek(3000);
    port.work();
    // The seek is answered at once; the chart's code is still loading.
    expect(port.outbox.map((r) => ('answers' in r ? r.answers : 'failed'))).toEqual(['seek']);
    port.deliver();
    expect(p.busy).toBe(false);
    expect(p.frame!.t).toBe(3000);
    expect(p.charts.walk).toBeUndefined();
    await vi.waitFor(() => expect(port.outbox).toHaveLength(1));
    const shown = p.shown;
    port.deliver();
    expect(p.charts.walk!.states.some((s) => s.tags.includes('step-7'))).toBe(true);
    // It changes nothing else: the same instant, nothing waited for.
    expect(p.shown).toBe(shown);
    expect(p.busy).toBe(false);
    // Asked once only.
    p.chart('walk');
    expect(port.commands).toEqual([]);
  });

  it('an export the simulation could not write is refused with why, and the run goes on; a run opened again takes the default speed unless told', async () => {
    const port = laterPort();
    const p = new Playback({ scenario: 'ten-steps', speed: 4 }, port.factory);
    port.answer();
    expect(p.speed).toBe(4);
    const written = p.exportRun('mermaid', []);
    port.work();
    port.outbox.length = 0; // its code is still loading: the answer below stands in for the real one
    port.outbox.push({ answers: 'export', id: 1, text: '', error: 'the chunk would not load' });
    port.deliver();
    await expect(written).rejects.toThrow('the chunk would not load');
    p.stepForward();
    port.answer();
    expect(p.errors).toEqual([]);
    p.open({ scenario: 'clean-stop' });
    port.answer();
    expect(p.speed).toBe(1);
  });
});
