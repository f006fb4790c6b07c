import { describe, expect, it } from 'vitest';
import { inPagePort } from '../../src/app/inPagePort.ts';
import { withFallback, type PortFactory, type SessionReply } from '../../src/app/ports.ts';
import type { SessionCommand } from '../../src/app/session.ts';

/** A port that fails (asynchronously, as a worker that cannot start does) on its first command. */
function failing(log: string[]): PortFactory {
  return (receive) => ({
    send: (c: SessionCommand) => {
      log.push(`failing got ${c.kind}`);
      queueMicrotask(() => receive({ failed: 'blocked by the page' }));
    },
    close: () => log.push('failing closed'),
  });
}

describe('withFallback (a worker, or the page itself when no worker can start)', () => {
  it('replays every command sent so far on the fallback when the first port fails before answering', async () => {
    const log: string[] = [];
    const replies: SessionReply[] = [];
    const port = withFallback(failing(log), inPagePort)((r) => replies.push(r));
    port.send({ kind: 'open', options: { scenario: 'ten-steps' } });
    port.send({ kind: 'seek', t: 2500 });
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['failing got open', 'failing got seek', 'failing closed']);
    expect(replies.map((r) => ('failed' in r ? 'failed' : r.answers))).toEqual(['open', 'seek']);
    const last = replies.at(-1)!;
    expect('motion' in last && last.motion.t).toBe(2500);
    port.send({ kind: 'stepForward' });
    expect(replies.at(-1)).toMatchObject({ answers: 'stepForward' });
  });

  it('reports a failure after the first answer as it is, without falling back', () => {
    const replies: SessionReply[] = [];
    let fallbacks = 0;
    // Answers its first command, then fails.
    const flaky: PortFactory = (receive) => {
      const real = inPagePort(receive);
      let n = 0;
      return {
        send: (c) => (n++ === 0 ? real.send(c) : receive({ failed: 'the worker died' })),
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
});
