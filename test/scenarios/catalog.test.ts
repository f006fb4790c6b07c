import { describe, expect, it } from 'vitest';
import { catalog, resolveInfo, sandboxInfo } from '../../src/scenarios/catalog.ts';
import { resolveScenario, scenarios } from '../../src/scenarios/index.ts';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';

const infoOf = ({ id, title, summary, defaultSeed, duration }: (typeof scenarios)[number]) => ({
  id,
  title,
  summary,
  defaultSeed,
  duration,
});

describe('the catalog the page knows scenarios by', () => {
  it('lists every scenario, in order, as the runs describe themselves', () => {
    expect(catalog).toEqual(scenarios.map(infoOf));
    const size = { members: 5, processes: 3, users: 40 };
    expect(sandboxInfo(size)).toEqual(infoOf(sandboxScenario(size)));
  });

  it('opens the same run on the page and in the simulation', () => {
    for (const options of [
      {},
      { scenario: 'ten-steps', seed: 7 },
      { scenario: 'nope' },
      { sandbox: { members: 2, processes: 1, users: 3 } },
    ]) {
      const page = resolveInfo(options);
      const run = resolveScenario(options);
      expect(infoOf(run.scenario)).toEqual(page.scenario);
      expect(run.seed).toBe(page.seed);
    }
  });
});
