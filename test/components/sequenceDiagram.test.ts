import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { defaultSandbox, sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { detailsOf, type TraceEntry } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';
import SequenceDiagram from '../../src/view/SequenceDiagram.svelte';

const lanes = ['browser:u1', 'ihs#1', 'ihs#2', 'PluginMember1', 'PluginMember2', 'database'];

function tenStepsUntil(t: number): TraceEntry[] {
  const w = new World(runSpecOf(tenSteps));
  w.runUntil(t);
  return w.visibleTrace();
}

const messages = (entries: readonly TraceEntry[]): TraceEntry[] =>
  entries.filter((e) => typeof detailsOf(e).msg === 'number');

/** Lane name → x of its lifeline, read from the header. */
function laneXs(container: HTMLElement): Map<string, number> {
  const texts = [...container.querySelectorAll('svg.head text.lane-name')];
  return new Map(texts.map((t) => [t.textContent ?? '', Number(t.getAttribute('x'))]));
}

/** The end point of an arrow's drawn line. */
function endOf(arrow: Element): [number, number] {
  const d = arrow.querySelector('path.line')?.getAttribute('d') ?? '';
  const m = /L([\d.]+),([\d.]+)$/.exec(d);
  if (!m) throw new Error(`no straight arrow in ${d}`);
  return [Number(m[1]), Number(m[2])];
}

describe('SequenceDiagram', () => {
  it('draws one labelled, focusable arrow per message, to the lane that stands for the receiver', () => {
    const entries = tenStepsUntil(6000);
    const { container } = render(SequenceDiagram, {
      entries,
      now: 6000,
      lanes,
      selected: null,
      onselect: () => {},
    });
    const arrows = screen.getAllByRole('button');
    expect(arrows).toHaveLength(messages(entries).length);
    const first = screen.getByRole('button', {
      name: 'http.request from browser:u1 to ihs at 0.500 s, arriving 0.520 s: GET /snoop [JSESSIONID 0000A2MB4IJozU_VM8IffsMNfdR:v544d031]',
    });
    expect(first.getAttribute('tabindex')).not.toBeNull();
    expect(first.textContent).toContain('http.request');

    // `ihs` (before a process took the request) gets a web server lane; the HA manager an extra lane.
    const xs = laneXs(container);
    expect([...xs.keys()]).toEqual([
      'browser:u1',
      'web server',
      'ihs#1',
      'ihs#2',
      'PluginMember1',
      'PluginMember2',
      'database',
      'haManager',
    ]);
    expect(endOf(first)[0]).toBe(xs.get('web server'));
    const toMember = screen.getByRole('button', {
      name: /^http\.request from ihs#2 to PluginMember1 at 0\.522 s/,
    });
    expect(endOf(toMember)[0]).toBe(xs.get('PluginMember1'));
    // The arrival is drawn below the send: time runs down.
    const startY = Number(
      /^M[\d.]+,([\d.]+)/.exec(toMember.querySelector('path.line')?.getAttribute('d') ?? '')?.[1],
    );
    expect(endOf(toMember)[1]).toBeGreaterThan(startY);
  });

  it('marks what happens inside a lane: plug-in steps, the mark-down, the crash, the commit', () => {
    const { container } = render(SequenceDiagram, {
      entries: tenStepsUntil(6000),
      now: 6000,
      lanes,
      selected: null,
      onselect: () => {},
    });
    const labels = [...container.querySelectorAll('.mark-label')].map((t) => t.textContent);
    expect(labels).toContain('steps 1 2 3 4 5 6');
    expect(labels).toContain('commit tx1');
    // The lab's fault sits on the member it hit, in the same row as what it did.
    expect(labels).toContain('lab: crash · crashed');
    expect(labels.some((l) => l?.includes('marked down PluginMember1'))).toBe(true);
    // Times are written out, once per instant.
    const times = [...container.querySelectorAll('text.time')].map((t) => t.textContent);
    expect(times).toContain('3.022s');
    expect(new Set(times).size).toBe(times.length);
    expect(container.textContent).toContain('now 6.000s');
  });

  it('selects by click and by keyboard, highlights the selection beyond colour, and clears it', async () => {
    const entries = tenStepsUntil(6000);
    const onselect = vi.fn();
    const { rerender, container } = render(SequenceDiagram, {
      entries,
      now: 6000,
      lanes,
      selected: null,
      onselect,
    });
    const name = /^tcp\.refused from PluginMember1 to ihs#1/;
    const refused = messages(entries).find((e) => e.type === 'tcp.refused')?.data?.msg;
    expect(typeof refused).toBe('number');
    await fireEvent.click(screen.getByRole('button', { name }));
    expect(onselect).toHaveBeenLastCalledWith(refused);
    await fireEvent.keyDown(screen.getByRole('button', { name }), { key: 'Enter' });
    expect(onselect).toHaveBeenCalledTimes(2);
    await fireEvent.keyDown(screen.getByRole('button', { name }), { key: ' ' });
    expect(onselect).toHaveBeenCalledTimes(3);
    expect(container.querySelector('[aria-pressed="true"]')).toBeNull();

    await rerender({ selected: refused as number });
    const chosen = screen.getByRole('button', { name });
    expect(chosen.getAttribute('aria-pressed')).toBe('true');
    expect(chosen.classList.contains('selected')).toBe(true);
    expect(chosen.querySelector('.msg-label')?.textContent).toMatch(
      /^▶ tcp\.refused: connection refused by PluginMember1/,
    );
    expect(container.querySelectorAll('[aria-pressed="true"]')).toHaveLength(1);
    expect(container.querySelector('.caption')?.textContent).toContain(
      'Selected: tcp.refused from PluginMember1',
    );
    // The selected arrow takes Tab.
    expect(chosen.getAttribute('tabindex')).toBe('0');
    expect(container.querySelectorAll('[tabindex="0"]')).toHaveLength(1);

    await fireEvent.click(chosen);
    expect(onselect).toHaveBeenLastCalledWith(null);
    await fireEvent.keyDown(chosen, { key: 'Escape' });
    expect(onselect).toHaveBeenLastCalledWith(null);
  });

  it('moves focus between messages with the arrow keys', async () => {
    const entries = tenStepsUntil(6000);
    render(SequenceDiagram, { entries, now: 6000, lanes, selected: null, onselect: () => {} });
    const arrows = screen.getAllByRole('button');
    const last = arrows.at(-1) as HTMLElement;
    expect(last.getAttribute('tabindex')).toBe('0');
    last.focus();
    await fireEvent.keyDown(last, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(arrows.at(-2));
    await fireEvent.keyDown(document.activeElement as Element, { key: 'Home' });
    expect(document.activeElement).toBe(arrows[0]);
    expect(arrows[0]?.getAttribute('tabindex')).toBe('0');
    expect(last.getAttribute('tabindex')).toBe('-1');
  });

  it('draws a message in flight up to where it is now', () => {
    const entries = tenStepsUntil(510);
    const { container } = render(SequenceDiagram, {
      entries,
      now: 510,
      lanes,
      selected: null,
      onselect: () => {},
    });
    const arrow = screen.getByRole('button', {
      name: /^http\.request from browser:u1 to ihs at 0\.500 s, in flight until 0\.520 s/,
    });
    expect(arrow.classList.contains('in-flight')).toBe(true);
    expect(arrow.textContent).toContain('http.request (in flight)');
    // Sent at 500, due at 520: half-way between the lanes at 510.
    const xs = laneXs(container);
    const dot = arrow.querySelector('circle.tip');
    const half = ((xs.get('browser:u1') ?? NaN) + (xs.get('web server') ?? NaN)) / 2;
    expect(Number(dot?.getAttribute('cx'))).toBeCloseTo(half, 6);
    expect(arrow.querySelector('polygon.tip')).toBeNull();
  });

  it('keeps the most recent 60 messages and folds every browser into a browsers lane', () => {
    const w = new World(runSpecOf(sandboxScenario(defaultSandbox)));
    w.runUntil(60_000);
    const entries = w.visibleTrace();
    const total = messages(entries).length;
    expect(total).toBeGreaterThan(60);
    const { container } = render(SequenceDiagram, {
      entries,
      now: 60_000,
      lanes: ['browsers', 'ihs#1', 'ihs#2', 'PluginMember1', 'PluginMember2', 'PluginMember3', 'database'],
      selected: null,
      onselect: () => {},
    });
    const arrows = screen.getAllByRole('button');
    expect(arrows).toHaveLength(60);
    const newest = messages(entries).at(-1);
    expect(arrows.at(-1)?.getAttribute('data-msg')).toBe(String(detailsOf(newest!).msg));
    const names = [...laneXs(container).keys()];
    expect(names).toContain('browsers');
    expect(names.some((n) => n.startsWith('browser:'))).toBe(false);
    expect(container.querySelector('.caption')?.textContent).toContain(`The last 60 of ${total} messages`);
    // The real sender stays in the words.
    expect(arrows.some((a) => /from browser:u\d/.test(a.getAttribute('aria-label') ?? ''))).toBe(true);
  });

  it('renders entry text as text, never as markup', () => {
    const entries: TraceEntry[] = [
      {
        seq: 0,
        t: 0,
        actor: 'browser:u1',
        type: 'http.request',
        text: '<b>bold</b>',
        data: { msg: 1, to: 'ihs', deliverAt: 20 },
      },
    ];
    const { container } = render(SequenceDiagram, {
      entries,
      now: 100,
      lanes,
      selected: 1,
      onselect: () => {},
    });
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<b>bold</b>');
  });

  it('puts lane names on two alternating lines when they are wider than the space between lanes', () => {
    const ys = (names: string[]) => {
      const { container, unmount } = render(SequenceDiagram, {
        entries: [],
        now: 0,
        lanes: names,
        selected: null,
        onselect: () => {},
      });
      const out = [...container.querySelectorAll('svg.head text.lane-name')].map((t) => t.getAttribute('y'));
      unmount();
      return out;
    };
    // jsdom lays nothing out: the diagram takes its least width, 92 px a lane.
    expect(new Set(ys(['ihs#1', 'ihs#2', 'database'])).size).toBe(1);
    const long = ys(['PluginMember1', 'PluginMember2', 'PluginMember3']);
    expect(long[0]).toBe(long[2]);
    expect(long[1]).not.toBe(long[0]);
  });
});
