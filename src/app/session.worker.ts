// The worker a page's playback runs in: one Player (its Session, and the clock while playing), commands
// in, replies out, in order (and a play's end, unasked). Paused, it does nothing between commands.

import { Player, type PlayerCommand, type PlayerReply } from './player.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<PlayerCommand>) => void) | null;
  postMessage(message: PlayerReply): void;
  requestAnimationFrame?: (callback: (wall: number) => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
}

const scope = self as unknown as WorkerScope;

// A worker's own animation frames where the browser has them; else a timer at the display's usual rate,
// running only while playing.
const frames =
  typeof scope.requestAnimationFrame === 'function'
    ? {
        request: (f: (wall: number) => void) => scope.requestAnimationFrame!(f),
        cancel: (h: number) => scope.cancelAnimationFrame!(h),
      }
    : {
        request: (f: (wall: number) => void) =>
          setTimeout(() => f(performance.now()), 16) as unknown as number,
        cancel: (h: number) => clearTimeout(h),
      };

const player = new Player((reply) => scope.postMessage(reply), frames);
scope.onmessage = (e) => player.handle(e.data);
