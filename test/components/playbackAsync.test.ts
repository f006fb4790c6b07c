// Playback against a player that answers later, as the worker does: what the page shows must agree with
// the simulation however commands, replies and the player's ticks interleave.
import { describe, expect, it, vi } from 'vitest';
import { Playback } from '../../src/app/playback.svelte.ts';
import { PLAYING_RECENT, Player, type PlayerCommand, type PlayerReply } from '../../src/app/player.ts';
import type { PortFactory } from '../../src/app/ports.ts';
import { RECENT } from '../../src/app/session.ts';

/**
 * A port to a Player whose commands wait until `work()` and whose replies and ticks wait until
 * `deliver()` (cloned, as postMessage would); `frame()` is one of its animation frames, 16 ms after the
 * last.
 */
function laterPort(fail?: (c: PlayerCommand) => boolean) {
  const commands: PlayerCommand[] = [];
  const outbox: PlayerReply[] = [];
  let frames: ((wall: number) => void)[] = [];
  let wall = 1000;
  let receive: (r: PlayerReply) => void = () => {};
  const player = new Player((r) => outbox.push(structuredClone(r)), {
    request: (f) => frames.push(f),
    cancel: () => void (frames = []),
  });
  const factory: PortFactory = (r) => {
    receive = r;
    return { send: (c) => void commands.push(c), canvas: () => false, close: () => {} };
  };
  const port = {
    factory,
    commands,
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
        if (fail?.(c)) outbox.push({ failed: 'the worker died' });
        else player.handle(c);
      }
    },
    /** Delivers the first `n` replies and ticks waiting (all of them by default). */
    deliver(n = Infinity): void {
      for (const r of outbox.splice(0, n)) receive(r);
    },
    answer(n = Infinity): void {
      port.work(n);
      port.deliver();
    },
    /** One animation frame, `ms` after the last. */
    frame(ms = 16): void {
      wall += ms;
      const due = frames;
      frames = [];
      for (const f of due) f(wall);
    },
  };
  return port;
}

/** A Playback on a laterPort, opened and playing (both answered). */
function playing(options: ConstructorParameters<typeof Playback>[0]) {
  const port = laterPort();
  const p = new Playback(options, port.factory);
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

describe('Playback with a player that answers later', () => {
  it('plays on the player’s frames: the page hears of the nodes ten times a second, not every frame', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    expect(port.player.playing).toBe(true);
    let ticks = 0;
    for (let i = 0; i < 62; i++) {
      port.frame();
      ticks += port.outbox.filter((r) => 'answers' in r && r.answers === 'tick').length;
      port.answer(); // takes the tick in, and the player hears so
    }
    // 61 frames of 16 ms after the first, 5×: 4.88 simulated seconds, told to the page every 100 ms of
    // wall time.
    expect(port.session.world.now()).toBe(4880);
    expect(p.frame!.t).toBeGreaterThan(4880 - 5 * 100);
    expect(ticks).toBeGreaterThanOrEqual(9);
    expect(ticks).toBeLessThan(20);
    expect(p.busy).toBe(false);
  });

  it('a page still busy with the last tick gets no further ones; the canvas keeps moving meanwhile', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    for (let i = 0; i < 40; i++) port.frame();
    // 40 frames (640 ms) simulated, but one tick sent: the page has not taken it in.
    expect(port.session.world.now()).toBe(39 * 16 * 5);
    expect(port.outbox.filter((r) => 'answers' in r && r.answers === 'tick' && r.frame)).toHaveLength(1);
    port.answer(); // the tick arrives; the page says so…
    expect(p.frame!.t).toBe(0);
    port.work(); // …and the player hears it
    port.frame();
    port.answer();
    expect(p.frame!.t).toBe(40 * 16 * 5);
  });

  it('an ack for a tick from before a pause does not stand for a newer tick', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    port.frame(); // tick 1, still on its way…
    p.pause();
    p.play();
    port.work();
    port.frame(); // …when the new play sends tick 2
    const awaited = () =>
      port.outbox.flatMap((r) => ('answers' in r && r.answers === 'tick' && r.awaits ? [r.awaits] : []));
    expect(awaited()).toEqual([1, 2]);
    port.deliver(1); // the page takes in tick 1 only, and acks it
    port.work();
    for (let i = 0; i < 20; i++) port.frame();
    expect(awaited()).toEqual([2]); // no tick 3 while tick 2 waits
    port.answer(); // tick 2 taken in
    port.work();
    for (let i = 0; i < 20; i++) port.frame();
    expect(awaited()).toContain(3);
  });

  it('pausing while ticks are on their way brings the nodes and panels to where the player got', () => {
    const { port, p } = playing({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 });
    for (let i = 0; i < 20; i++) {
      port.frame();
      port.deliver();
    }
    for (let i = 0; i < 5; i++) port.frame(); // their ticks are still on their way…
    p.pause();
    expect(p.playing).toBe(false);
    port.answer();
    expect(port.player.playing).toBe(false);
    expect(port.framesRequested).toBe(0);
    expect(p.frame!.t).toBe(port.session.world.now());
    expect(p.view!.frame.t).toBe(p.frame!.t);
    expect(p.motion!.t).toBe(p.frame!.t);
    expect(p.view!.entryCount).toBe(p.entryCount);
  });

  it('replies and ticks for the old run after choosing another scenario are not shown', () => {
    const port = laterPort();
    const p = new Playback({ sandbox: { members: 3, processes: 2, users: 6 } }, port.factory);
    port.answer();
    p.seek(20000);
    port.answer();
    p.play();
    port.answer();
    for (let i = 0; i < 10; i++) port.frame(); // ticks of the old run wait in the outbox
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

  it('the end of the run stops playing, with the panels at the end', () => {
    const { port, p } = playing({ scenario: 'ten-steps', speed: 100 });
    for (let i = 0; i < 10 && p.playing; i++) {
      port.frame();
      port.deliver();
    }
    expect(p.playing).toBe(false);
    expect(port.framesRequested).toBe(0);
    expect(p.frame!.t).toBe(6000);
    expect(p.view!.frame.t).toBe(6000);
    expect(p.view!.entryCount).toBe(p.entryCount);
  });

  it('a restart pressed in the last frame keeps playing from the start', () => {
    const { port, p } = playing({ scenario: 'ten-steps', speed: 10 });
    // 16 ms a frame at 10× is 160 simulated ms: stop one frame short of the end.
    while (port.session.world.now() < 6000 - 160) {
      port.frame();
      port.deliver();
    }
    expect(p.playing).toBe(true);
    port.frame(); // this frame reaches the end; its tick is on its way when the restart is pressed
    p.seek(0);
    port.deliver();
    port.answer();
    expect(p.playing).toBe(true);
    expect(port.player.playing).toBe(true);
    expect(p.motion!.t).toBe(0);
    port.frame();
    port.frame();
    expect(port.session.world.now()).toBeGreaterThan(0);
  });

  it('play at the end starts again from the beginning', () => {
    const { port, p } = playing({ scenario: 'ten-steps', speed: 100 });
    while (p.playing) {
      port.frame();
      port.deliver();
    }
    p.play();
    port.answer();
    expect(p.playing).toBe(true);
    expect(port.player.playing).toBe(true);
    expect(p.motion!.t).toBeLessThan(6000);
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
    const p = new Playback({ sandbox: { members: 2, processes: 1, users: 2 }, speed: 1 }, port.factory);
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
    const { port, p } = playing({ scenario: 'ten-steps', speed: 100 });
    while (port.player.playing) {
      port.frame();
      port.work(); // the player hears the acks…
      if (port.player.playing) port.deliver(); // …but the tick of the end stays on its way
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

  it('a run that ends on a panels frame shows all of RECENT, not the few entries of playing', () => {
    const port = laterPort();
    const p = new Playback({ sandbox: { members: 2, processes: 1, users: 40 }, speed: 1 }, port.factory);
    port.answer();
    p.seek(p.duration - 100);
    port.answer();
    p.play();
    port.answer();
    port.frame(); // the first frame: panels, and the player waits for them to be taken in
    port.answer();
    port.work();
    port.frame(260); // a panels frame again, and it reaches the end
    port.answer();
    expect(p.playing).toBe(false);
    expect(p.frame!.t).toBe(p.duration);
    expect(p.entryCount).toBeGreaterThan(RECENT);
    expect(p.view!.recent).toHaveLength(RECENT);
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
    expect(p.view!.recent).toHaveLength(PLAYING_RECENT);
    p.pause();
    port.answer();
    expect(p.view!.recent).toHaveLength(RECENT);
    expect(p.view!.recent.at(-1)!.seq).toBe(p.entryCount - 1);
  });
});
