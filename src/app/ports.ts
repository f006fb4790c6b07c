// How a page's playback reaches its Player (the Session and the clock while playing): a worker (the
// page's main thread then only draws what changes), or the page itself when it has no workers. Either
// way, replies come back in the order of the commands, and ticks while playing in between.

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

/** The player loaded into the page itself, for hosts without workers; commands wait for it to load. */
export const lazyInPagePort: PortFactory = (receive) => {
  const queue: PlayerCommand[] = [];
  let port: SessionPort | null = null;
  let closed = false;
  import('./inPagePort.ts').then(
    ({ inPagePort }) => {
      if (closed) return;
      port = inPagePort(receive);
      for (const c of queue.splice(0)) port.send(c);
    },
    (e: unknown) => receive({ failed: `the simulation could not be loaded: ${String(e)}` }),
  );
  const send = (c: PlayerCommand) => (port ? port.send(c) : void queue.push(c));
  return {
    send,
    canvas: (canvas) => {
      send({ kind: 'canvas', canvas });
      return true;
    },
    close: () => {
      closed = true;
      port?.close();
    },
  };
};

/**
 * `first`, unless it fails before it has answered anything (a host page whose content security policy
 * forbids workers, say): then `fallback`, given every command sent so far. A failure after the first
 * answer is reported as it is. A canvas handed over before the first answer waits for it (a canvas
 * transferred to a worker that then failed could not be drawn on again).
 */
export function withFallback(first: PortFactory, fallback: PortFactory): PortFactory {
  return (receive) => {
    let sent: PlayerCommand[] | null = [];
    let port: SessionPort;
    let dropped = false;
    let waitingCanvas: HTMLCanvasElement | null = null;
    const settled = (): void => {
      sent = null;
      if (waitingCanvas) port.canvas(waitingCanvas);
      waitingCanvas = null;
    };
    const onReply = (reply: PlayerReply): void => {
      if (dropped) return;
      if (sent !== null && 'failed' in reply) {
        const replay = sent;
        dropped = true;
        port.close();
        port = fallback(receive);
        for (const c of replay) port.send(c);
        settled();
        return;
      }
      if (sent !== null) settled();
      receive(reply);
    };
    try {
      port = first(onReply);
    } catch {
      // Refused outright (a worker the page may not start throws here in some browsers).
      sent = null;
      dropped = true;
      port = fallback(receive);
    }
    return {
      send: (c) => {
        sent?.push(c);
        port.send(c);
      },
      canvas: (element) => {
        if (sent === null) return port.canvas(element);
        waitingCanvas = element;
        // The worker takes it if it can be transferred; the page itself always can.
        return typeof element.transferControlToOffscreen === 'function';
      },
      close: () => port.close(),
    };
  };
}

/** A worker when the page can start one (and the page itself if it cannot), else the page itself. */
export const defaultPort: PortFactory = (receive) =>
  typeof Worker === 'function' ? withFallback(workerPort, lazyInPagePort)(receive) : lazyInPagePort(receive);
