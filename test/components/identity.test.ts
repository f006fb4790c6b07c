// One visual language: each cluster member keeps its colour in the topology, the sequence diagram, the
// event log and the inspectors (the same class, which theme.css colours).
import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import './resizeObserver.ts';
import Lower from '../../src/app/Lower.svelte';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { project } from '../../src/simulation/frame.ts';
import { World } from '../../src/simulation/world.ts';
import Topology from '../../src/view/Topology.svelte';

describe('a member’s colour', () => {
  it('is the same in the topology, the sequence diagram and the event log', () => {
    const w = new World(runSpecOf(tenSteps));
    w.runUntil(3500);
    const frame = project(w);
    const topology = render(Topology, { frame, selected: null, onselect: () => {} }).container;
    const lower = render(Lower, {
      recent: w.visibleTrace(),
      current: undefined,
      frame,
      lanes: ['browser:u1', 'ihs#1', 'ihs#2', 'PluginMember1', 'PluginMember2', 'database'],
      selected: null,
      onselect: () => {},
      onjump: () => {},
      reducedMotion: true,
      user: 'u1',
      config: w.config,
      charts: {},
      onchart: () => {},
    }).container;
    frame.members.forEach((m, i) => {
      const colour = `id-${i}`;
      // The topology: a stripe on the member's box.
      const box = [...topology.querySelectorAll('.members > g')].find(
        (g) => g.querySelector('.name')?.textContent === m.name,
      )!;
      expect(box.querySelector('rect.stripe')!.classList.contains(colour)).toBe(true);
      // The sequence diagram: the bar under the member's lane, and its lifeline.
      const names = [...lower.querySelectorAll('text.lane-name')];
      const lane = names.findIndex((t) => t.textContent === m.name);
      expect(lane).toBeGreaterThanOrEqual(0);
      const bars = [...lower.querySelectorAll('svg.head rect.stripe.member')];
      expect(bars.some((b) => b.classList.contains(colour))).toBe(true);
      // The event log: the swatch beside each of the member's lines.
      const lines = [...lower.querySelectorAll('.actor')].filter((a) => a.textContent === m.name);
      expect(lines.length).toBeGreaterThan(0);
      for (const a of lines) expect(a.querySelector('.swatch')!.classList.contains(colour)).toBe(true);
    });
    // Two members, two colours.
    const bars = [...lower.querySelectorAll('svg.head rect.stripe.member')].map((b) =>
      b.getAttribute('class'),
    );
    expect(new Set(bars).size).toBe(2);
  });
});
