// The free sandbox: a cluster of the size you choose with users clicking through a shop, and no script.
// You break things yourself (crash, stop, hang a member; restart a web server process) and watch.

import { defaultConfig } from '../model/config.ts';
import { sandboxInfo, type SandboxSize } from './catalog.ts';
import type { Scenario } from './scenario.ts';

export { defaultSandbox, sandboxLimits, type SandboxSize } from './catalog.ts';

/** A sandbox run of the given size: ten simulated minutes of users with a few seconds of think time. */
export function sandboxScenario(size: SandboxSize): Scenario {
  return {
    ...sandboxInfo(size),
    config: () => defaultConfig({ members: size.members, processes: size.processes }),
    interventions: [],
    // No users (the command line allows it): nobody browses on their own, only scripted users act.
    ...(size.users > 0 ? { workload: { users: size.users, thinkTime: [2000, 8000], updateShare: 0.5 } } : {}),
    narration: [],
  };
}
