// The Session in the page itself: each command is answered before `send` returns (tests rely on that).

import type { PortFactory } from './ports.ts';
import { Session } from './session.ts';

export const inPagePort: PortFactory = (receive) => {
  const session = new Session();
  return {
    send: (command) => {
      let reply;
      try {
        reply = session.handle(command);
      } catch (e) {
        reply = { failed: e instanceof Error ? e.message : String(e) };
      }
      receive(reply);
    },
    close: () => {},
  };
};
