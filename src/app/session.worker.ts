// The worker a page's playback session runs its simulation in: one Session, commands in, updates out,
// in order. It does nothing between commands.

import { Session, type SessionCommand, type SessionUpdate } from './session.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<SessionCommand>) => void) | null;
  postMessage(message: SessionUpdate | { failed: string }): void;
}

const scope = self as unknown as WorkerScope;
const session = new Session();

scope.onmessage = (e) => {
  try {
    scope.postMessage(session.handle(e.data));
  } catch (err) {
    scope.postMessage({ failed: err instanceof Error ? err.message : String(err) });
  }
};
