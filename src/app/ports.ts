// How a page's playback reaches its Player (the Session and the clock while playing): a worker (the
// page's main thread then only draws what changes), or the page itself when it has no workers. Either
// way, replies come back in the order of the commands (the end of a play, unasked, in between).

import type { PlayerCommand, PlayerReply } from './playerProtocol.ts';

export type { PlayerReply };

export interface SessionPort {
  send(command: PlayerCommand): void;
  /**
   * Hands the topology's canvas to the player, which then draws the moving messages on it; false if it
   * cannot (a worker in a browser without OffscreenCanvas).
   */
  canvas(element: HTMLCanvasElement): boolean;
  close(): void;
}

export type PortFactory = (receive: (reply: PlayerReply) => void) => SessionPort;

/** The player in a module worker of its own; the canvas is transferred to it. */
export const workerPort: PortFactory = (receive) => {
  const worker = new Worker(new URL('./session.worker.ts', import.meta.url), {
    type: 'module',
    name: 'failover-lab-simulation',
  });
  worker.onmessage = (e: MessageEvent<PlayerReply>) => receive(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    receive({ failed: e.message || 'the simulation worker could not start' });
  };
  return {
    send: (c) => worker.postMessage(c),
    canvas: (element) => {
      if (typeof element.transferControlToOffscreen !== 'function') return false;
      const canvas = element.transferControlToOffscreen();
      worker.postMessage({ kind: 'canvas', canvas } satisfies PlayerCommand, [canvas]);
      return true;
    },
    close: () => worker.terminate(),
  };
};

/**
 * The player in `first` (a worker), or in the page itself, loaded by `inPage` when it is needed: when
 * there is no `first`, or when it fails before it has answered anything (a host page whose content
 * security policy forbids workers, say). Until a player has answered, every command sent is kept, so the
 * one that takes over is given them all, in order; this is the only place commands wait. A failure after
 * the first answer is reported as it is. A canvas handed over before the first answer waits for it (a
 * canvas transferred to a worker that then failed could not be drawn on again).
 */
export function playerPort(first: PortFactory | null, inPage: () => Promise<PortFactory>): PortFactory {
  return (receive) => {
    /** Every command sent, until a player has answered; then null. */
    let kept: PlayerCommand[] | null = [];
    /** The player's port; null while the page's own is loading. */
    let port: SessionPort | null = null;
    /** Which player answers: replies of one that was given up are dropped. */
    let current = 0;
    /** The current player is the worker (it needs a transferable canvas). */
    let worker = false;
    let waitingCanvas: HTMLCanvasElement | null = null;
    let closed = false;
    const answered = (): void => {
      kept = null;
      if (waitingCanvas) port?.canvas(waitingCanvas);
      waitingCanvas = null;
    };
    const start = (factory: PortFactory, isWorker: boolean): void => {
      const mine = ++current;
      worker = isWorker;
      port = factory((reply) => {
        if (mine !== current) return;
        if (kept !== null && isWorker && 'failed' in reply) return loadInPage();
        if (kept !== null) answered();
        receive(reply);
      });
      for (const c of kept ?? []) port.send(c);
    };
    const loadInPage = (): void => {
      port?.close();
      port = null;
      worker = false;
      current++;
      inPage().then(
        (factory) => {
          if (!closed) start(factory, false);
        },
        (e: unknown) => receive({ failed: `the simulation could not be loaded: ${String(e)}` }),
      );
    };
    if (!first) loadInPage();
    else {
      try {
        start(first, true);
      } catch {
        // Refused outright (a worker the page may not start throws here in some browsers).
        loadInPage();
      }
    }
    return {
      send: (c) => {
        kept?.push(c);
        port?.send(c);
      },
      canvas: (element) => {
        if (kept === null && port) return port.canvas(element);
        waitingCanvas = element;
        // A worker takes it if it can be transferred; the page itself always can.
        return !worker || typeof element.transferControlToOffscreen === 'function';
      },
      close: () => {
        closed = true;
        port?.close();
      },
    };
  };
}

/** A worker when the page can start one (and the page itself if it cannot), else the page itself. */
export const defaultPort: PortFactory = (receive) =>
  playerPort(typeof Worker === 'function' ? workerPort : null, () =>
    import('./inPagePort.ts').then((m) => m.inPagePort),
  )(receive);
