// A machine's chart as the statechart view draws it: built from the config the runner runs.
import { describe, expect, it } from 'vitest';
import { clusterMemberMachine } from '../../src/model/clusterMemberMachine.ts';
import { pluginRequestMachine } from '../../src/model/pluginRequestMachine.ts';
import { graphOf } from '../../src/simulation/charts.ts';
import type { MachineLogic } from '../../src/simulation/machineRunner.ts';

describe('graphOf', () => {
  const walk = graphOf(pluginRequestMachine as unknown as MachineLogic);

  it('has every state once, under its parent, with its tags and description', () => {
    const paths = walk.states.map((s) => s.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths[0]).toBe('');
    for (const s of walk.states.slice(1)) expect(paths).toContain(s.parent);
    // The ten steps are tagged step-1 … step-10 on the states where the walk stands at them.
    const steps = new Set(walk.states.flatMap((s) => s.tags).filter((t) => t.startsWith('step-')));
    expect([...steps].sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))).toEqual(
      Array.from({ length: 10 }, (_, i) => `step-${i + 1}`),
    );
    expect(walk.states.filter((s) => s.description).length).toBeGreaterThan(5);
    // Each compound state has exactly one initial child.
    for (const c of walk.states.filter((s) => s.type === 'compound'))
      expect(walk.states.filter((s) => s.parent === c.path && s.initial)).toHaveLength(1);
  });

  it('joins states by their transitions, naming delays and eventless ones in words', () => {
    const paths = new Set(walk.states.map((s) => s.path));
    for (const t of walk.transitions) {
      expect(paths.has(t.from)).toBe(true);
      expect(paths.has(t.to)).toBe(true);
    }
    const events = new Set(walk.transitions.map((t) => t.event));
    expect(events.has('always')).toBe(true);
    expect([...events].some((e) => e.startsWith('after '))).toBe(true);
    expect([...events].some((e) => e.startsWith('xstate.'))).toBe(false);
  });

  it("draws the member's lifecycle: a crash from running leads to crashed", () => {
    const member = graphOf(clusterMemberMachine as unknown as MachineLogic);
    const crashed = member.states.find((s) => s.tags.includes('crashed'))!;
    const running = member.states.find((s) => s.tags.includes('running'))!;
    expect(
      member.transitions.some(
        (t) => t.event === 'fault.crash' && t.to === crashed.path && t.from === running.path,
      ),
    ).toBe(true);
  });
});
