import { describe, expect, it } from 'vitest';
import { catalog, resolveInfo, sandboxInfo } from '../../src/scenarios/catalog.ts';
import { resolveScenario, scenarios } from '../../src/scenarios/index.ts';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';

/** What a run and the page's catalog must agree on. */
const runOf = ({ id, defaultSeed, duration }: { id: string; defaultSeed: number; duration: number }) => ({
  id,
  defaultSeed,
  duration,
});

describe('the catalog the page knows scenarios by', () => {
  it('lists every scenario, in order, as the runs describe themselves', () => {
    expect(catalog.map(runOf)).toEqual(scenarios.map(runOf));
    const size = { members: 5, processes: 3, users: 40 };
    expect(runOf(sandboxInfo(size))).toEqual(runOf(sandboxScenario(size)));
    // The words are the page's alone: the simulation's bundle does not carry them.
    expect([...scenarios, sandboxScenario(size)].map((s) => [s.title, s.summary])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
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
      expect(runOf(run.scenario)).toEqual(runOf(page.scenario));
      expect(run.seed).toBe(page.seed);
    }
  });
});

describe('the sandbox', () => {
  it('refuses a size outside its limits, naming it (the world takes a checked configuration)', () => {
    expect(() => sandboxScenario({ members: 99, processes: 2, users: 6 })).toThrow(
      'sandbox members: must be a whole number from 1 to 12, got 99',
    );
    expect(() => sandboxScenario({ members: 3, processes: 0, users: 6 })).toThrow(
      'sandbox processes: must be a whole number from 1 to 8, got 0',
    );
    expect(() => sandboxScenario({ members: 3, processes: 2, users: 2.5 })).toThrow(/sandbox users/);
    // No users of its own is a run the command line can ask for: only scripted users act.
    expect(sandboxScenario({ members: 3, processes: 2, users: 0 }).workload).toBeUndefined();
  });
});

describe('the lessons the page knows by id', () => {
  it('are the lessons the simulation loads, in the same order', async () => {
    const { lessonIds } = await import('../../src/scenarios/catalog.ts');
    const { lessons } = await import('../../src/scenarios/lessons/index.ts');
    expect(lessonIds).toEqual(lessons.map((l) => l.id));
  });
});
