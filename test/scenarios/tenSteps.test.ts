import { describe, expect, it } from 'vitest';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { detailsOf, formatTrace } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';

function runTenSteps(seed = tenSteps.defaultSeed): World {
  const w = new World(runSpecOf(tenSteps, seed));
  w.runUntil(tenSteps.duration);
  return w;
}

describe('ten-steps scenario (DOMAIN.md §2.1)', () => {
  it('matches the golden trace', async () => {
    await expect(formatTrace(runTenSteps().visibleTrace()) + '\n').toMatchFileSnapshot(
      '../golden/ten-steps.txt',
    );
  });

  it.each([1, 2, 7, 12345])('shows the ten steps in order around the mark-down (seed %i)', (seed) => {
    const t = runTenSteps(seed).visibleTrace();
    const failoverStart = t.findIndex((e) => e.type === 'fault.crash');
    const walk = t
      .slice(failoverStart)
      .filter((e) => e.type === 'plugin.step' || e.type === 'plugin.markDown');
    const steps = walk.map((e) => (e.type === 'plugin.markDown' ? 'down' : String(detailsOf(e).step)));
    expect(steps.slice(0, 11)).toEqual(['1', '2', '3', '4', '5', '6', '6', 'down', '7', '8', '9']);
    expect(steps.slice(11, 13)).toEqual(['10', '10']);
    expect(t.find((e) => e.type === 'plugin.markDown')?.text).toContain(
      'Marking was1node_PluginMember1 down',
    );
  });

  it('leaves the cookie with both clone IDs and cache ID 0001 after the replacement reads the store once', () => {
    const t = runTenSteps().visibleTrace();
    expect(t.filter((e) => e.type === 'session.readFromStore')).toHaveLength(1);
    const last = t.filter((e) => e.type === 'http.response' && e.actor === 'PluginMember2').at(-1);
    expect(last?.text).toContain('JSESSIONID 0001A2MB4IJozU_VM8IffsMNfdR:v544d031:v544d0o0');
  });
});
