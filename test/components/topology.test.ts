import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import './resizeObserver.ts';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { project, type Frame } from '../../src/simulation/frame.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { DOT_PATHS } from '../../src/view/messageCategory.ts';
import Topology from '../../src/view/Topology.svelte';
import { layoutOf, messageDots } from '../../src/view/topologyLayout.ts';

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
  it('in the wide layout, shows each mark-down of a process on three lines: the member, "marked down", the retry countdown', () => {
    figureWidth = 1000;
    const { container } = render(Topology, {
      frame: withMarkDowns(2, 2),
      selected: null,
      onselect: () => {},
    });
    expect(linesOf(container, 'ihs#1')).toEqual([
      '↓ PluginMember1',
      'marked down',
      'retry in 42.5 s',
      '↓ PluginMember2',
      'marked down',
      'retry in 42.5 s',
    ]);
    expect(linesOf(container, 'ihs#2')).toEqual([]);
  });

  it('counts the mark-downs a process box has no room for, however many processes there are', () => {
    figureWidth = 1000;
    // However many processes, the picture grows so that each box has room for one mark-down in three lines
    // and a count of the rest.
    for (const processes of [2, 6, 8]) {
      const { container, unmount } = render(Topology, {
        frame: withMarkDowns(3, processes),
        selected: null,
        onselect: () => {},
      });
      expect(linesOf(container, 'ihs#1')).toEqual([
        '↓ PluginMember1',
        'marked down',
        'retry in 42.5 s',
        '+2 more marked down',
      ]);
      unmount();
    }
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

  it('stands its messages where the canvas paints them, in the same shapes, as buttons named after them', () => {
    figureWidth = 1000;
    const w = new World(runSpecOf(tenSteps, 1));
    let t = 100;
    for (; w.messagesInFlight().length < 2; t += 50) w.runUntil(t);
    const frame = project(w);
    const { container } = render(Topology, { frame, selected: null, onselect: () => {} });
    const shown = [...container.querySelectorAll('.messages .dot')].map((el) => ({
      d: el.querySelector('path')!.getAttribute('d'),
      at: el.getAttribute('transform'),
      name: el.getAttribute('aria-label'),
    }));
    const expected = messageDots(layoutOf(frame, 'wide'), frame).map((dot) => ({
      d: DOT_PATHS[dot.category],
      at: `translate(${dot.x},${dot.y})`,
      name: `${dot.message.type} from ${dot.message.from} to ${dot.message.to}: ${dot.message.text}`,
    }));
    expect(expected.length).toBeGreaterThan(1);
    expect(shown).toEqual(expected);
    // Each can be hit by a finger: a circle 24 px across at the size the topology is drawn.
    const layoutWidth = layoutOf(frame, 'wide').width;
    for (const hit of container.querySelectorAll('.messages .dot circle.hit'))
      expect((Number(hit.getAttribute('r')) * 2 * figureWidth) / layoutWidth).toBeGreaterThanOrEqual(24);
  });

  it('draws a network partition as a cut line between its two parts, and a slow member as slow', () => {
    figureWidth = 1000;
    const frame = withMarkDowns(0, 2);
    const members = frame.members.map((m, i) => (i === 0 ? { ...m, slowBy: 2500 } : m));
    const { container } = render(Topology, {
      frame: { ...frame, members, partitions: [['PluginMember2', 'ihs#1']] },
      selected: null,
      onselect: () => {},
    });
    const cuts = container.querySelectorAll('.partitions line.partition');
    expect(cuts).toHaveLength(1);
    expect(container.querySelector('.partitions title')!.textContent).toBe(
      'network partition between PluginMember2 and ihs#1',
    );
    expect(container.querySelector('svg > title')!.textContent).toMatch(
      /network partitions: PluginMember2 and ihs#1/,
    );
    const first = [...container.querySelectorAll('.members > g')][0]!;
    expect(first.querySelector('text.state')!.textContent).toBe('▶ slow +2.5 s');
  });

  it('draws the HA manager only where there is one (not on WAS 5.1)', () => {
    figureWidth = 1000;
    const spec = runSpecOf(sandboxScenario({ members: 2, processes: 1, users: 1 }));
    const was6 = render(Topology, { frame: project(new World(spec)), selected: null, onselect: () => {} });
    expect(was6.container.textContent).toMatch(/HA manager\s*\(core group\)/);
    was6.unmount();
    spec.config.version = '5.1';
    const { container } = render(Topology, {
      frame: project(new World(spec)),
      selected: null,
      onselect: () => {},
    });
    expect(container.textContent).not.toContain('HA manager');
  });

  it('shows each member\u2019s state in words and a glyph, its threads and backlog as gauges and text, and its session copies with their cache IDs', () => {
    figureWidth = 1000;
    const frame = withMarkDowns(0, 1);
    const [m1, m2, m3, m4] = frame.members;
    const session = { id: 'A2MB4IJozU_VM8IffsMNfdR', cacheId: '0002', counter: 7, cart: [], unwritten: true };
    const members = [
      { ...m1!, state: 'crashed' },
      { ...m2!, state: 'hung' },
      { ...m3!, busyThreads: 50, threads: 50, backlog: 128, listenBacklog: 512 },
      { ...m4!, sessions: [session] },
    ];
    const { container } = render(Topology, {
      frame: { ...frame, members },
      selected: null,
      onselect: () => {},
    });
    const box = (name: string) =>
      [...container.querySelectorAll('.members > g')].find(
        (g) => g.querySelector('.name')?.textContent === name,
      )!;
    expect(box('PluginMember1').querySelector('text.state')!.textContent).toBe('✖ crashed');
    expect(box('PluginMember2').querySelector('text.state')!.textContent).toContain('hung');
    const busy = box('PluginMember3');
    expect(busy.querySelector('text.state')!.textContent).toContain('overloaded');
    expect(busy.textContent).toContain('threads 50/50 · backlog 128/512');
    const width = (sel: string) => Number(busy.querySelector(sel)!.getAttribute('width'));
    expect(width('rect.fill:not(.backlog)')).toBeCloseTo(width('rect.gauge.threads'));
    expect(width('rect.fill.backlog') / width('rect.gauge.backlog')).toBeCloseTo(0.25);
    expect(box('PluginMember4').textContent).toContain('0002A2MB4I… n=7 ✎ unwritten');
    // Beside the longer state line the clone ID goes without its label, which its title keeps.
    const id = [...busy.querySelectorAll('text.small')].find((t) => t.textContent!.endsWith(m3!.cloneId))!;
    expect(id.querySelector('title')!.textContent).toBe(`CloneID ${m3!.cloneId}`);
    expect(id.textContent).toBe(`CloneID ${m3!.cloneId}${m3!.cloneId}`);
    const idle = box('PluginMember4');
    expect(Number(idle.querySelector('rect.fill.backlog')!.getAttribute('width'))).toBe(0);
  });

  it('shows the store\u2019s open transactions and whether the last one committed or rolled back', () => {
    figureWidth = 1000;
    const frame = withMarkDowns(0, 1);
    const database = {
      ...frame.database!,
      transactions: [{ txId: 'tx7', member: 'PluginMember2', sessionId: 'S', startedAt: 0 }],
    };
    const event = (type: string): TraceEntry =>
      ({ seq: 1, t: 0, actor: 'database', type, text: '', data: { tx: 'tx6' } }) as TraceEntry;
    const store = (type: string) => {
      const { container, unmount } = render(Topology, {
        frame: { ...frame, database },
        storeEvents: [event(type)],
        selected: null,
        onselect: () => {},
      });
      const text = container.querySelector('.store-node')!.textContent!.replace(/\s+/g, ' ');
      unmount();
      return text;
    };
    expect(store('db.begin')).toContain('tx7 open (PluginMember2)');
    expect(store('db.commit')).toContain('✔ tx6 committed');
    expect(store('db.rollback')).toContain('tx6 rolled back');
  });
});
