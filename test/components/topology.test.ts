import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { project, type Frame } from '../../src/simulation/frame.ts';
import { World } from '../../src/simulation/world.ts';
import Topology from '../../src/view/Topology.svelte';

// jsdom has no ResizeObserver (bind:clientWidth uses one); the figure keeps its default width.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as unknown as typeof ResizeObserver;

/** A sandbox frame in which process ihs#1 has marked the first `down` members down. */
function withMarkDowns(down: number, processes: number): Frame {
  const frame = project(new World(runSpecOf(sandboxScenario({ members: 4, processes, users: 3 }))));
  const [first, ...rest] = frame.processes;
  const servers = first!.servers.map((s, i) => (i < down ? { ...s, markedDown: true, retryIn: 42.5 } : s));
  return { ...frame, processes: [{ ...first!, servers }, ...rest] };
}

const linesOf = (el: Element, name: string): string[] => {
  const box = [...el.querySelectorAll('.web g')].find((g) => g.querySelector('.name')?.textContent === name)!;
  return [...box.querySelectorAll('text.down')].map((t) => t.textContent!.trim());
};

/** The figure's width as jsdom reports it (it lays nothing out): wide from 640 px, else tall. */
let figureWidth = 1000;
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => figureWidth });

describe('Topology', () => {
  it('in the wide layout, shows each mark-down of a process on two lines: the member, then the retry countdown', () => {
    figureWidth = 1000;
    const { container } = render(Topology, {
      frame: withMarkDowns(2, 2),
      selected: null,
      onselect: () => {},
    });
    expect(linesOf(container, 'ihs#1')).toEqual([
      '↓ PluginMember1 marked down',
      'retry in 42.5 s',
      '↓ PluginMember2 marked down',
      'retry in 42.5 s',
    ]);
    expect(linesOf(container, 'ihs#2')).toEqual([]);
  });

  it('counts the mark-downs a small process box has no room for', () => {
    figureWidth = 1000;
    // Eight processes: a box has room for a count only; six: for one mark-down and a count of the rest.
    const eight = render(Topology, { frame: withMarkDowns(3, 8), selected: null, onselect: () => {} });
    expect(linesOf(eight.container, 'ihs#1')).toEqual(['↓ 3 members marked down']);
    eight.unmount();
    const { container } = render(Topology, {
      frame: withMarkDowns(3, 6),
      selected: null,
      onselect: () => {},
    });
    expect(linesOf(container, 'ihs#1')).toEqual([
      '↓ PluginMember1 marked down',
      'retry in 42.5 s',
      '+2 more marked down',
    ]);
  });

  it('in the tall (phone) layout, where process boxes are wide, gives each mark-down one line', () => {
    figureWidth = 360;
    const { container } = render(Topology, {
      frame: withMarkDowns(3, 2),
      selected: null,
      onselect: () => {},
    });
    expect(container.querySelector('svg.tall')).not.toBeNull();
    expect(linesOf(container, 'ihs#1')).toEqual([
      '↓ PluginMember1 marked down, retry in 42.5 s',
      '+2 more marked down',
    ]);
  });

  it('counts what the store keeps in words that agree with the number: 1 session, 2 sessions', () => {
    figureWidth = 1000;
    const frame = withMarkDowns(0, 1);
    const row = (id: string) => ({ ...frame.database!.rows[0]!, id });
    const text = (rows: string[]) =>
      render(Topology, {
        frame: { ...frame, database: { ...frame.database!, rows: rows.map(row) } },
        selected: null,
        onselect: () => {},
      }).container.textContent!;
    expect(text(['a'])).toContain('1 session stored');
    expect(text(['a', 'a', 'b'])).toContain('2 sessions stored');
  });

  it('while playing, shows the canvas it handed over, unless its painter was lost', async () => {
    figureWidth = 1000;
    const shown = async (canvasLost: boolean) => {
      const link = { attach: () => true, paint: () => {}, pick: () => {}, canvasLost };
      const { container } = render(Topology, {
        frame: withMarkDowns(0, 1),
        playing: true,
        link,
        selected: null,
        onselect: () => {},
      });
      await Promise.resolve();
      return !container.querySelector<HTMLCanvasElement>('canvas.moving')!.hidden;
    };
    expect(await shown(false)).toBe(true);
    expect(await shown(true)).toBe(false);
  });

  it('draws the HA manager only where there is one (not on WAS 5.1)', () => {
    figureWidth = 1000;
    const spec = runSpecOf(sandboxScenario({ members: 2, processes: 1, users: 1 }));
    const was6 = render(Topology, { frame: project(new World(spec)), selected: null, onselect: () => {} });
    expect(was6.container.textContent).toContain('HA manager (core group)');
    was6.unmount();
    spec.config.version = '5.1';
    const { container } = render(Topology, {
      frame: project(new World(spec)),
      selected: null,
      onselect: () => {},
    });
    expect(container.textContent).not.toContain('HA manager');
  });
});
