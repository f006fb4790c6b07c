// The app's bundles load the model with xstateDefinitions.ts in place of XState (vite.config.ts). Here
// the model is loaded both ways, and whole runs must give the same trace and the same frames.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { runnerCases } from './runnerCases.ts';

type WorldModule = typeof import('../../src/simulation/world.ts');
type FrameModule = typeof import('../../src/simulation/frame.ts');

/** The world and frame modules, with the model built by XState or by xstateDefinitions.ts. */
async function load(withDefinitions: boolean) {
  vi.resetModules();
  if (withDefinitions) vi.doMock('xstate', () => import('../../src/simulation/xstateDefinitions.ts'));
  else vi.doUnmock('xstate');
  const world = (await import('../../src/simulation/world.ts')) as WorldModule;
  const frame = (await import('../../src/simulation/frame.ts')) as FrameModule;
  const { pluginRequestMachine } = await import('../../src/model/pluginRequestMachine.ts');
  return { ...world, ...frame, machine: pluginRequestMachine };
}

afterEach(() => {
  vi.doUnmock('xstate');
  vi.resetModules();
});

describe('the machine definitions the app loads instead of XState', () => {
  it('are plain definitions, not XState machines', async () => {
    const real = await load(false);
    const plain = await load(true);
    expect(typeof (real.machine as { transition?: unknown }).transition).toBe('function');
    expect(plain.machine).not.toHaveProperty('transition');
    expect(plain.machine.id).toBe(real.machine.id);
  });

  it.each(runnerCases.map((c) => [c.name, c] as const))(
    'give the same trace and frames as XState in %s',
    async (_, { spec, until }) => {
      const runs = [];
      for (const withDefinitions of [false, true]) {
        const m = await load(withDefinitions);
        const world = new m.World(spec);
        const frames: string[] = [];
        for (let t = until / 4; t <= until; t += until / 4) {
          world.runUntil(t);
          frames.push(JSON.stringify(m.project(world)));
        }
        runs.push({ trace: JSON.stringify(world.visibleTrace()), frames });
      }
      expect(runs[1]!.trace).toBe(runs[0]!.trace);
      expect(runs[1]!.frames).toEqual(runs[0]!.frames);
      expect(runs[0]!.trace.length).toBeGreaterThan(1000);
    },
  );
});
