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

/** A worker when the page can start one, else the page itself. */
export const defaultPort: PortFactory = (receive) =>
  typeof Worker === 'function' ? workerPort(receive) : lazyInPagePort(receive);
