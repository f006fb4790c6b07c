// The free sandbox: a cluster of the size you choose with users clicking through a shop, and no script.
// You break things yourself (crash, stop, hang a member; restart a web server process) and watch.

import { defaultConfig } from '../model/config.ts';
import { sandboxLimits, type SandboxSize } from './catalog.ts';
import type { Scenario } from './scenario.ts';

export { defaultSandbox, sandboxLimits, type SandboxSize } from './catalog.ts';

/**
 * A sandbox run of the given size: ten simulated minutes of users with a few seconds of think time.
 * A size outside sandboxLimits is refused, naming it (a run may have no users of its own: only
 * scripted ones then act).
 */
export function sandboxScenario(size: SandboxSize): Scenario {
  for (const key of ['members', 'processes', 'users'] as const) {
    const [min, max] = sandboxLimits[key];
    const low = key === 'users' ? 0 : min;
    const v = size[key];
    if (!Number.isInteger(v) || v < low || v > max)
      throw new RangeError(`sandbox ${key}: must be a whole number from ${low} to ${max}, got ${String(v)}`);
  }
  // Its title and summary are the page's (catalog.ts sandboxInfo, which a test keeps in step with these).
  return {
    id: 'sandbox',
    defaultSeed: 1,
    duration: 10 * 60 * 1000,
    config: () => defaultConfig({ members: size.members, processes: size.processes }),
    interventions: [],
    // No users (the command line allows it): nobody browses on their own, only scripted users act.
    ...(size.users > 0 ? { workload: { users: size.users, thinkTime: [2000, 8000], updateShare: 0.5 } } : {}),
  };
}
