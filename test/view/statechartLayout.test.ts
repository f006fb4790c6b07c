// The statechart drawing: ELK's graph from a chart, and what ELK answers turned into states and arrows.
import { describe, expect, it } from 'vitest';
import { pluginRequestMachine } from '../../src/model/pluginRequestMachine.ts';
import { graphOf } from '../../src/simulation/charts.ts';
import type { MachineLogic } from '../../src/simulation/machineRunner.ts';
import { chartOf } from '../../src/simulation/charts.ts';
import {
  drawnAsArrow,
  elkGraphOf,
  layoutStatechart,
  transitionLabel,
} from '../../src/view/statechartLayout.ts';

const walk = graphOf(pluginRequestMachine as unknown as MachineLogic);

describe('elkGraphOf', () => {
  it('nests each state in its parent and lists the transitions between different states, labelled', () => {
    const g = elkGraphOf(walk);
    const ids: string[] = [];
    const visit = (n: { id: string; children?: { id: string }[] }) => {
      ids.push(n.id);
      for (const c of n.children ?? []) visit(c as never);
    };
    visit(g);
    expect(ids).toHaveLength(walk.states.length);
    const between = walk.transitions.filter(drawnAsArrow);
    expect(g.edges).toHaveLength(between.length);
    expect(g.edges!.map((e) => e.labels![0]!.text)).toEqual(between.map(transitionLabel));
  });
});

describe('layoutStatechart (ELK)', () => {
  it('places every state inside its parent and routes every arrow from its state to the other', async () => {
    const d = await layoutStatechart(walk);
    expect(d.states).toHaveLength(walk.states.length - 1);
    const box = new Map(d.states.map((s) => [s.path, s]));
    const inside = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
      a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.w <= b.x + b.w + 0.5 && a.y + a.h <= b.y + b.h + 0.5;
    for (const s of walk.states) {
      const parent = s.parent ? box.get(s.parent) : undefined;
      if (parent) expect(inside(box.get(s.path)!, parent)).toBe(true);
      if (s.path) expect(inside(box.get(s.path)!, { x: 0, y: 0, w: d.width, h: d.height })).toBe(true);
    }
    expect(d.transitions).toHaveLength(walk.transitions.filter(drawnAsArrow).length);
    const near = (p: { x: number; y: number }, b: { x: number; y: number; w: number; h: number }) =>
      p.x >= b.x - 2 && p.x <= b.x + b.w + 2 && p.y >= b.y - 2 && p.y <= b.y + b.h + 2;
    for (const t of d.transitions) {
      expect(near(t.points[0]!, box.get(t.from)!)).toBe(true);
      expect(near(t.points.at(-1)!, box.get(t.to)!)).toBe(true);
    }
  });
});

describe('every kind of machine', () => {
  it('lays out with ELK: its transitions between states as arrows, the rest told in words', async () => {
    for (const kind of [
      'browser',
      'process',
      'walk',
      'member',
      'request',
      'database',
      'haManager',
    ] as const) {
      const chart = chartOf(kind);
      const d = await layoutStatechart(chart);
      expect(d.states.length, kind).toBe(chart.states.length - 1);
      expect(d.transitions.length, kind).toBe(chart.transitions.filter(drawnAsArrow).length);
    }
    // The web server process handles its events without changing state: none is an arrow.
    expect(chartOf('process').transitions.filter(drawnAsArrow)).toEqual([]);
    expect(chartOf('process').transitions.map((t) => t.event)).toContain('plugin.reload');
  });
});
