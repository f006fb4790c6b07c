// The player in the page itself: each command is answered before `send` returns (tests rely on that);
// while playing it runs on the window's animation frames.

import { Player } from './player.ts';
import type { PortFactory } from './ports.ts';

export const inPagePort: PortFactory = (receive) => {
  const player = new Player(receive, {
    request: (f) => requestAnimationFrame(f),
    cancel: (h) => cancelAnimationFrame(h),
  });
  return {
    send: (command) => player.handle(command),
    canvas: (canvas) => {
      player.handle({ kind: 'canvas', canvas });
      return true;
    },
    close: () => player.handle({ kind: 'hold', hidden: true }),
  };
};
