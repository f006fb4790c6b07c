// Every scenario the lab offers, in the order a course would take them.

import type { Scenario } from './scenario.ts';
import { tenSteps } from './tenSteps.ts';

export const scenarios: readonly Scenario[] = [tenSteps];

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}
