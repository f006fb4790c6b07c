// Every scenario the lab offers, in the order a course would take them.

import { sandboxScenario, type SandboxSize } from './sandbox.ts';
import type { Scenario } from './scenario.ts';
import { tenSteps } from './tenSteps.ts';

export const scenarios: readonly Scenario[] = [tenSteps];

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}

/** The scenario and seed a lab opens with: the sandbox when a size is given, else the named scenario (or the first). */
export function resolveScenario(options: { scenario?: string; seed?: number; sandbox?: SandboxSize }): {
  scenario: Scenario;
  seed: number;
} {
  const scenario = options.sandbox
    ? sandboxScenario(options.sandbox)
    : (options.scenario && findScenario(options.scenario)) || scenarios[0]!;
  return { scenario, seed: options.seed ?? scenario.defaultSeed };
}
