// Every scenario the lab offers, in the order a course would take them.

import { sandboxScenario, type SandboxSize } from './sandbox.ts';
import type { Scenario } from './scenario.ts';
import { tenSteps } from './tenSteps.ts';

export const scenarios: readonly Scenario[] = [tenSteps];

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}

/** The run a lab opens with (see catalog.ts resolveInfo, which picks it): the sandbox of a size, or a scenario. */
export function resolveScenario(options: { scenario?: string; seed?: number; sandbox?: SandboxSize }): {
  scenario: Scenario;
  seed: number;
} {
  const scenario = options.sandbox
    ? sandboxScenario(options.sandbox)
    : (options.scenario && findScenario(options.scenario)) || scenarios[0]!;
  return { scenario, seed: options.seed ?? scenario.defaultSeed };
}
