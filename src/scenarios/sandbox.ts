// The free sandbox: a cluster of the size you choose with users clicking through a shop, and no script.
// You break things yourself (crash, stop, hang a member; restart a web server process) and watch.

import { defaultConfig } from '../model/config.ts';
import type { Scenario } from './scenario.ts';

export interface SandboxSize {
  members: number;
  processes: number;
  users: number;
}

export const sandboxLimits = {
  members: [1, 12],
  processes: [1, 8],
  users: [1, 500],
} as const satisfies Record<keyof SandboxSize, readonly [number, number]>;

export const defaultSandbox: SandboxSize = { members: 3, processes: 2, users: 6 };

/** A sandbox run of the given size: ten simulated minutes of users with a few seconds of think time. */
export function sandboxScenario(size: SandboxSize): Scenario {
  return {
    id: 'sandbox',
    title: `Sandbox: ${size.members} members, ${size.processes} web server processes, ${size.users} users`,
    summary:
      'No script: users browse a shop and change their sessions. Crash, stop or hang a member, or restart a web server process, and watch affinity and failover.',
    defaultSeed: 1,
    duration: 10 * 60 * 1000,
    config: () => defaultConfig({ members: size.members, processes: size.processes }),
    interventions: [],
    workload: { users: size.users, thinkTime: [2000, 8000], updateShare: 0.5 },
    narration: [],
  };
}
