// How a page's playback reaches its Session: a worker (the page's main thread then only draws), or the
// page itself when it has no workers. Either way, updates come back in the order of the commands.

import type { SessionCommand, SessionUpdate } from './session.ts';

/** An update, or why the simulation could not go on. */
export type SessionReply = SessionUpdate | { failed: string };

export interface SessionPort {
  send(command: SessionCommand): void;
  close(): void;
}

export type PortFactory = (receive: (reply: SessionReply) => void) => SessionPort;

/** The Session in a module worker of its own. */
export const workerPort: PortFactory = (receive) => {
  const worker = new Worker(new URL('./session.worker.ts', import.meta.url), {
    type: 'module',
    name: 'failover-lab-simulation',
  });
  worker.onmessage = (e: MessageEvent<SessionReply>) => receive(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    receive({ failed: e.message || 'the simulation worker could not start' });
  };
  return { send: (c) => worker.postMessage(c), close: () => worker.terminate() };
};

/** The Session loaded into the page itself, for hosts without workers; commands wait for it to load. */
export const lazyInPagePort: PortFactory = (receive) => {
  const queue: SessionCommand[] = [];
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
  return {
    send: (c) => (port ? port.send(c) : void queue.push(c)),
    close: () => {
      closed = true;
      port?.close();
    },
  };
};

/**
 * `first`, unless it fails before it has answered anything (a host page whose content security policy
 * forbids workers, say): then `fallback`, given every command sent so far. A failure after the first
 * answer is reported as it is.
 */
export function withFallback(first: PortFactory, fallback: PortFactory): PortFactory {
  return (receive) => {
    let sent: SessionCommand[] | null = [];
    let port: SessionPort;
    let dropped = false;
    const onReply = (reply: SessionReply): void => {
      if (dropped) return;
      if (sent !== null && 'failed' in reply) {
        const replay = sent;
        sent = null;
        dropped = true;
        port.close();
        port = fallback(receive);
        for (const c of replay) port.send(c);
        return;
      }
      sent = null;
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
      close: () => port.close(),
    };
  };
}

/** A worker when the page can start one (and the page itself if it cannot), else the page itself. */
export const defaultPort: PortFactory = (receive) =>
  typeof Worker === 'function' ? withFallback(workerPort, lazyInPagePort)(receive) : lazyInPagePort(receive);
