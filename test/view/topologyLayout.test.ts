import { scaleBand } from 'd3-scale';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { project } from '../../src/simulation/frame.ts';
import { World } from '../../src/simulation/world.ts';
import {
  bands,
  boxOf,
  type Box,
  dotAt,
  layoutOf,
  MEMBER_MIN_H,
  SHOWN_USERS,
  smallTextFits,
  stateAndCloneIdFit,
} from '../../src/view/topologyLayout.ts';

const inside = (
  outer: { width: number; height: number },
  b: { x: number; y: number; w: number; h: number },
) => b.x >= 0 && b.y >= 0 && b.x + b.w <= outer.width && b.y + b.h <= outer.height;

/** Whether two boxes share any area. */
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('topology layout', () => {
  it("lays out bands exactly as d3-scale's scaleBand would", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (n, from, span, pad) => {
          const names = Array.from({ length: n }, (_, i) => `m${i}`);
          const ours = bands(names, from, from + span, pad);
          const d3 = scaleBand<string>()
            .domain(names)
            .range([from, from + span])
            .paddingInner(pad)
            .paddingOuter(pad / 2);
          expect(ours.size).toBeCloseTo(d3.bandwidth(), 9);
          for (const name of names) expect(ours.at(name)).toBeCloseTo(d3(name)!, 9);
        },
      ),
    );
  });

  const frame = (() => {
    const w = new World(runSpecOf(tenSteps));
    w.runUntil(510);
    return project(w);
  })();

  it('puts a message at its sender when sent, half-way (eased) mid-flight, and at the receiver on arrival', () => {
    const layout = layoutOf(frame);
    const m = { from: 'browser:u1', to: 'ihs', sentAt: 500, deliverAt: 520 };
    const start = dotAt(layout, m, 500, false)!;
    const mid = dotAt(layout, m, 510, false)!;
    const end = dotAt(layout, m, 520, false)!;
    const u1 = boxOf(layout, 'browser:u1')!;
    const ws = boxOf(layout, 'ihs')!;
    expect(start.x).toBeCloseTo(u1.x + u1.w);
    expect(end.x).toBeCloseTo(ws.x);
    expect(mid.x).toBeCloseTo((start.x + end.x) / 2);
    expect(mid.progress).toBe(0.5);
    // Cubic easing: a quarter of the time covers much less than a quarter of the way.
    expect(dotAt(layout, m, 505, false)!.x - start.x).toBeLessThan((end.x - start.x) / 8);
  });

  it('with reduced motion, keeps a message still in the middle of its link for its whole flight', () => {
    const layout = layoutOf(frame);
    const m = { from: 'ihs#1', to: 'PluginMember1', sentAt: 0, deliverAt: 100 };
    const a = dotAt(layout, m, 10, true)!;
    const b = dotAt(layout, m, 90, true)!;
    expect([a.x, a.y]).toEqual([b.x, b.y]);
  });

  it('draws a few users one by one and the rest as one node, and everything fits the drawing', () => {
    const w = new World(runSpecOf(sandboxScenario({ members: 8, processes: 4, users: 200 })));
    w.runUntil(100);
    const big = project(w);
    for (const orientation of ['wide', 'tall'] as const) {
      const layout = layoutOf(big, orientation);
      expect(layout.users).toHaveLength(SHOWN_USERS[orientation] - 1);
      expect(layout.moreUsers?.count).toBe(200 - (SHOWN_USERS[orientation] - 1));
      expect(boxOf(layout, 'browser:u150')).toBe(layout.moreUsers!.box);
      const boxes = [
        ...layout.users.map((u) => u.box),
        layout.moreUsers!.box,
        layout.webServer,
        ...layout.processes.map((p) => p.box),
        ...layout.members.map((m) => m.box),
        layout.store!,
        layout.haManager,
      ];
      for (const b of boxes) expect(inside(layout, b)).toBe(true);
      expect(layout.members).toHaveLength(8);
    }
  });
  it('gives every cluster member a box tall enough to read, however many there are', () => {
    for (const members of [1, 2, 3, 6, 8, 10, 12]) {
      const frame = project(new World(runSpecOf(sandboxScenario({ members, processes: 8, users: 20 }))));
      for (const orientation of ['wide', 'tall'] as const) {
        const layout = layoutOf(frame, orientation);
        for (const m of layout.members) {
          expect(m.box.h).toBeGreaterThanOrEqual(MEMBER_MIN_H - 1e-9);
          expect(overlap(m.box, layout.haManager)).toBe(false);
          if (layout.store) expect(overlap(layout.store, layout.haManager)).toBe(false);
        }
        // No two member boxes overlap.
        const ys = layout.members.map((m) => m.box).sort((a, b) => a.y - b.y || a.x - b.x);
        for (let i = 1; i < ys.length; i++)
          if (ys[i]!.x === ys[i - 1]!.x) expect(ys[i]!.y).toBeGreaterThanOrEqual(ys[i - 1]!.y + ys[i - 1]!.h);
      }
    }
  });
  it('gives every user drawn a box tall enough for its name, cookie and what it is doing', () => {
    for (const users of [1, 2, 4, 6, 20]) {
      const frame = project(new World(runSpecOf(sandboxScenario({ members: 2, processes: 2, users }))));
      const layout = layoutOf(frame, 'wide');
      const boxes = [...layout.users.map((u) => u.box), ...(layout.moreUsers ? [layout.moreUsers.box] : [])];
      for (const b of boxes) {
        expect(b.h).toBeGreaterThanOrEqual(46);
        expect(inside(layout, b)).toBe(true);
      }
    }
  });
});

describe('stateAndCloneIdFit', () => {
  it('keeps a short state and the clone ID on one line of a member box; a long one, without its label', () => {
    expect(stateAndCloneIdFit(230, 'running', 'CloneID v2vcenel')).toBe(true);
    expect(stateAndCloneIdFit(230, 'overloaded', 'CloneID vhgarfre')).toBe(false);
    expect(stateAndCloneIdFit(230, 'overloaded', 'vhgarfre')).toBe(true);
    expect(stateAndCloneIdFit(260, 'overloaded', 'CloneID vhgarfre')).toBe(true);
  });
});

describe('smallTextFits', () => {
  it("says when a member's thread and backlog line is too wide for its box", () => {
    expect(smallTextFits(230, 'threads 3/50 · backlog 2/511')).toBe(true);
    expect(smallTextFits(185, 'threads 50/50 · backlog 511/511')).toBe(false);
  });
});
