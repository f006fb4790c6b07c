import { describe, expect, it } from 'vitest';
import { inPagePort } from '../../src/app/inPagePort.ts';
import type { PlayerCommand } from '../../src/app/player.ts';
import { playerPort, type PlayerReply, type PortFactory } from '../../src/app/ports.ts';

/** A port that fails (asynchronously, as a worker that cannot start does) on its first command. */
function failing(log: string[]): PortFactory {
  return (receive) => ({
    send: (c: PlayerCommand) => {
      log.push(`failing got ${c.kind}`);
      queueMicrotask(() => receive({ failed: 'blocked by the page' }));
    },
    canvas: () => {
      log.push('failing got a canvas');
      return true;
    },
    close: () => log.push('failing closed'),
  });
}

/** The page's own player, loaded when asked for (as the page imports it). */
const inPage =
  (factory: PortFactory = inPagePort) =>
  () =>
    Promise.resolve(factory);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('playerPort (a worker, or the page itself when no worker can start)', () => {
  it('replays every command sent so far on the fallback when the first port fails before answering', async () => {
    const log: string[] = [];
    const replies: PlayerReply[] = [];
    const port = playerPort(failing(log), inPage())((r) => replies.push(r));
    port.send({ kind: 'open', options: { scenario: 'ten-steps' } });
    port.send({ kind: 'seek', t: 2500 });
    await tick();
    expect(log).toEqual(['failing got open', 'failing got seek', 'failing closed']);
    expect(replies.map((r) => ('failed' in r ? 'failed' : r.answers))).toEqual(['open', 'seek']);
    const last = replies.at(-1)!;
    expect('instant' in last && last.instant.frame.t).toBe(2500);
    port.send({ kind: 'stepForward' });
    expect(replies.at(-1)).toMatchObject({ answers: 'stepForward' });
  });

  it('reports a failure after the first answer as it is, without falling back', () => {
    const replies: PlayerReply[] = [];
    let fallbacks = 0;
    // Answers its first command, then fails.
    const flaky: PortFactory = (receive) => {
      const real = inPagePort(receive);
      let n = 0;
      return {
        send: (c) => (n++ === 0 ? real.send(c) : receive({ failed: 'the worker died' })),
        canvas: () => false,
        close: () => {},
      };
    };
    const fallback = () => {
      fallbacks++;
      return Promise.resolve(inPagePort);
    };
    const port = playerPort(flaky, fallback)((r) => replies.push(r));
    port.send({ kind: 'open', options: {} });
    port.send({ kind: 'stepForward' });
    expect(replies.map((r) => ('failed' in r ? r.failed : r.answers))).toEqual(['open', 'the worker died']);
    expect(fallbacks).toBe(0);
  });

  it('holds a canvas handed over before the first answer, then gives it to the port that answered', async () => {
    const log: string[] = [];
    const took: string[] = [];
    const recording =
      (name: string, inner: PortFactory): PortFactory =>
      (receive) => {
        const port = inner(receive);
        return {
          ...port,
          canvas: (c) => {
            took.push(name);
            return port.canvas(c);
          },
        };
      };
    const port = playerPort(failing(log), inPage(recording('page', inPagePort)))(() => {});
    port.send({ kind: 'open', options: { scenario: 'ten-steps' } });
    const canvas = document.createElement('canvas');
    canvas.getContext = () => null; // jsdom has no 2D context
    // jsdom's canvas cannot be transferred: a worker could not take it.
    expect(port.canvas(canvas)).toBe(false);
    expect(log).toEqual(['failing got open']);
    await tick();
    // The worker failed before answering: the page itself draws on the canvas, never the dead worker.
    expect(log).not.toContain('failing got a canvas');
    expect(took).toEqual(['page']);
  });

  it('without workers, keeps the commands sent while the page’s player loads and answers them in order', async () => {
    const replies: PlayerReply[] = [];
    const port = playerPort(null, inPage())((r) => replies.push(r));
    port.send({ kind: 'open', options: { scenario: 'ten-steps' } });
    const canvas = document.createElement('canvas');
    canvas.getContext = () => null;
    expect(port.canvas(canvas)).toBe(true); // the page itself can always draw on it
    port.send({ kind: 'seek', t: 2500 });
    port.send({ kind: 'stepForward' });
    expect(replies).toEqual([]);
    await tick();
    expect(replies.map((r) => ('failed' in r ? 'failed' : r.answers))).toEqual([
      'open',
      'seek',
      'stepForward',
    ]);
  });

  it('says so when the page’s own player cannot be loaded either', async () => {
    const replies: PlayerReply[] = [];
    const log: string[] = [];
    const port = playerPort(failing(log), () => Promise.reject(new Error('offline')))((r) => replies.push(r));
    port.send({ kind: 'open', options: {} });
    await tick();
    expect(replies).toEqual([{ failed: 'the simulation could not be loaded: Error: offline' }]);
  });
});
