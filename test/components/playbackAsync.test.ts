// Playback against a session that answers later, as the worker does: what the page shows must agree with
// the simulation however commands and answers interleave.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PLAYING_RECENT, Playback } from '../../src/app/playback.svelte.ts';
import type { PortFactory, SessionReply } from '../../src/app/ports.ts';
import { RECENT, Session, type SessionCommand } from '../../src/app/session.ts';

/** A port whose commands wait until `answer()`; replies are cloned as postMessage would. */
function laterPort(fail?: (c: SessionCommand) => boolean) {
  const queue: SessionCommand[] = [];
  const session = new Session();
  let receive: (r: SessionReply) => void = () => {};
  const factory: PortFactory = (r) => {
    receive = r;
    return { send: (c) => void queue.push(c), close: () => {} };
  };
  return {
    factory,
    queue,
    session,
    answer(n = Infinity): void {
      while (n-- > 0 && queue.length > 0) {
        const c = queue.shift()!;
        receive(structuredClone(fail?.(c) ? { failed: 'the worker died' } : session.handle(c)));
      }
    },
  };
}

let frames: ((t: number) => void)[] = [];
let wall = 0;
/** One animation frame, 16 ms after the last. */
function frame(): void {
  wall += 16;
  const due = frames;
  frames = [];
  for (const f of due) f(wall);
}

beforeEach(() => {
  frames = [];
  wall = performance.now();
  vi.stubGlobal('requestAnimationFrame', (f: (t: number) => void) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', () => (frames = []));
});
afterEach(() => vi.unstubAllGlobals());

describe('Playback with a session that answers later', () => {
  it('pausing while an advance is on its way brings the nodes and panels to where the messages are', () => {
    const port = laterPort();
    const p = new Playback({ sandbox: { members: 3, processes: 2, users: 6 }, speed: 5 }, port.factory);
    port.answer();
    p.play();
    for (let i = 0; i < 20; i++) {
      frame();
      port.answer();
    }
    // Until the last answer carried the panels' view: frame, view and messages then agree…
    for (let i = 0; i < 100; i++) {
      frame();
      const sent = port.queue[0];
      port.answer();
      if (sent?.kind === 'advance' && sent.detail === 'look') break;
    }
    expect(p.view!.frame.t).toBe(p.motion!.t);
    frame(); // …and the next advance, for the messages only, is on its way.
    expect(port.queue).toEqual([expect.objectContaining({ kind: 'advance', detail: 'motion' })]);
    p.pause();
    port.answer();
    expect(p.frame!.t).toBe(port.session.world.now());
    expect(p.view!.frame.t).toBe(p.frame!.t);
    expect(p.motion!.t).toBe(p.frame!.t);
    expect(p.view!.entryCount).toBe(p.entryCount);
  });

  it('answers for the old run after choosing another scenario are not shown', () => {
    const port = laterPort();
    const p = new Playback({ sandbox: { members: 3, processes: 2, users: 6 } }, port.factory);
    port.answer();
    p.seek(20000);
    port.answer();
    p.seek(5000);
    port.answer();
    p.act({ kind: 'crash', member: 'PluginMember1' });
    p.seek(3000);
    p.load({ scenario: 'ten-steps' });
    port.answer();
    expect(p.forkedAt).toBeNull();
    expect(p.frame!.t).toBe(0);
    expect(p.now).toBe(0);
    expect(p.busy).toBe(false);
    expect(p.highlights.every((e) => e.t <= 6000)).toBe(true);
    expect(p.ticks.some((k) => k.label.includes('PluginMember1') && k.kind === 'fault')).toBe(true);
  });

  it('a restart pressed in the last frame keeps playing from the start', () => {
    const port = laterPort();
    const p = new Playback({ scenario: 'ten-steps', speed: 10 }, port.factory);
    port.answer();
    p.play();
    // 16 ms a frame at 10× is 160 simulated ms: stop one advance short of the end.
    while (p.motion!.t < 6000 - 2 * 160) {
      frame();
      port.answer();
    }
    frame();
    port.answer();
    expect(p.playing).toBe(true);
    frame(); // this advance reaches the end
    expect(port.queue).toEqual([expect.objectContaining({ kind: 'advance' })]);
    p.seek(0);
    port.answer();
    expect(p.playing).toBe(true);
    expect(p.motion!.t).toBe(0);
  });

  it('play at the end starts again from the beginning, even before the pause has been answered', () => {
    const port = laterPort();
    const p = new Playback({ scenario: 'ten-steps', speed: 100 }, port.factory);
    port.answer();
    p.play();
    while (p.playing) {
      frame();
      port.answer(1);
    }
    p.play();
    port.answer();
    expect(p.playing).toBe(true);
    expect(p.motion!.t).toBeLessThan(6000);
  });

  it('a simulation that fails for good is reported once and nothing more is sent', () => {
    let n = 0;
    const port = laterPort(() => n++ > 0);
    const p = new Playback({ scenario: 'ten-steps' }, port.factory);
    port.answer();
    p.play();
    frame();
    port.answer();
    expect(p.errors).toEqual(['The simulation stopped: the worker died']);
    expect(p.playing).toBe(false);
    expect(p.busy).toBe(false);
    p.stepForward();
    p.play();
    frame();
    expect(port.queue).toEqual([]);
    expect(p.errors).toHaveLength(1);
  });

  it('while playing the panels get the latest few entries, paused all of RECENT again', () => {
    const port = laterPort();
    const p = new Playback({ sandbox: { members: 3, processes: 2, users: 40 }, speed: 20 }, port.factory);
    port.answer();
    p.play();
    for (let i = 0; i < 60; i++) {
      frame();
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
