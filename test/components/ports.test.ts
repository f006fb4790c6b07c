import { describe, expect, it } from 'vitest';
import { inPagePort } from '../../src/app/inPagePort.ts';
import type { PlayerCommand } from '../../src/app/player.ts';
import { withFallback, type PlayerReply, type PortFactory } from '../../src/app/ports.ts';

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

describe('withFallback (a worker, or the page itself when no worker can start)', () => {
  it('replays every command sent so far on the fallback when the first port fails before answering', async () => {
    const log: string[] = [];
    const replies: PlayerReply[] = [];
    const port = withFallback(failing(log), inPagePort)((r) => replies.push(r));
    port.send({ kind: 'open', options: { scenario: 'ten-steps' } });
    port.send({ kind: 'seek', t: 2500 });
    await new Promise((r) => setTimeout(r, 0));
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
    const fallback: PortFactory = (receive) => {
      fallbacks++;
      return inPagePort(receive);
    };
    const port = withFallback(flaky, fallback)((r) => replies.push(r));
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
    const port = withFallback(failing(log), recording('page', inPagePort))(() => {});
    port.send({ kind: 'open', options: { scenario: 'ten-steps' } });
    const canvas = document.createElement('canvas');
    canvas.getContext = () => null; // jsdom has no 2D context
    // jsdom's canvas cannot be transferred: a worker could not take it.
    expect(port.canvas(canvas)).toBe(false);
    expect(log).toEqual(['failing got open']);
    await new Promise((r) => setTimeout(r, 0));
    // The worker failed before answering: the page itself draws on the canvas, never the dead worker.
    expect(log).not.toContain('failing got a canvas');
    expect(took).toEqual(['page']);
  });
});
