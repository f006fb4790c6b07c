import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { detailsOf, type TraceEntry } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';
import EventLog from '../../src/ui/EventLog.svelte';

function tenStepsUntil(t: number): TraceEntry[] {
  const w = new World(runSpecOf(tenSteps));
  w.runUntil(t);
  return w.visibleTrace();
}

/** ihs#2's request to PluginMember1 at 0.522s. */
function firstForward(entries: readonly TraceEntry[]): TraceEntry {
  const e = entries.find((x) => x.type === 'http.request' && x.actor === 'ihs#2');
  if (!e) throw new Error('no forwarded request');
  return e;
}

const rowOf = (container: HTMLElement, seq: number): HTMLElement => {
  const row = container.querySelector<HTMLElement>(`li[data-seq="${seq}"]`);
  if (!row) throw new Error(`no line ${seq}`);
  return row;
};

describe('EventLog', () => {
  it('writes every entry as a line of time, actor, type and text, and marks the current one', () => {
    const entries = tenStepsUntil(6000);
    const current = firstForward(entries);
    const { container } = render(EventLog, {
      entries,
      currentSeq: current.seq,
      selected: null,
      onselect: () => {},
      onjump: () => {},
    });
    const list = screen.getByRole('list', { name: 'Event log' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(entries.length);
    const marked = container.querySelectorAll('[aria-current="step"]');
    expect(marked).toHaveLength(1);
    expect(marked[0]?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '▶0.522s ihs#2 http.request → PluginMember1 GET /snoop [affinity v544d031]',
    );
    // Only a separate, hidden region speaks, and only the current entry.
    const live = container.querySelectorAll('[aria-live]');
    expect(live).toHaveLength(1);
    expect(live[0]?.getAttribute('aria-live')).toBe('polite');
    expect(live[0]?.textContent).toBe(
      '0.522s ihs#2 http.request to PluginMember1: GET /snoop [affinity v544d031]',
    );
    expect(list.getAttribute('aria-live')).toBeNull();
  });

  it('selects a message from its line, shows it pressed, and jumps to a line’s moment', async () => {
    const entries = tenStepsUntil(6000);
    const e = firstForward(entries);
    const msg = detailsOf(e).msg as number;
    const onselect = vi.fn();
    const onjump = vi.fn();
    const { container, rerender } = render(EventLog, {
      entries,
      currentSeq: null,
      selected: null,
      onselect,
      onjump,
    });
    const button = within(rowOf(container, e.seq)).getByRole('button', { pressed: false });
    await fireEvent.click(button);
    expect(onselect).toHaveBeenCalledWith(msg);

    await rerender({ selected: msg });
    const pressed = within(rowOf(container, e.seq)).getByRole('button', { pressed: true });
    expect(pressed.textContent).toContain('GET /snoop [affinity v544d031]');
    expect(container.querySelectorAll('[aria-pressed="true"]')).toHaveLength(1);
    expect(rowOf(container, e.seq).classList.contains('selected')).toBe(true);
    await fireEvent.click(pressed);
    expect(onselect).toHaveBeenLastCalledWith(null);

    await fireEvent.click(within(rowOf(container, e.seq)).getByRole('button', { name: 'Go to 0.522s' }));
    expect(onjump).toHaveBeenCalledWith(e.seq);

    // A plug-in step is not a message: it can be jumped to, not selected.
    const step = entries.find((x) => x.type === 'plugin.step') as TraceEntry;
    expect(within(rowOf(container, step.seq)).getAllByRole('button')).toHaveLength(1);
    expect(rowOf(container, step.seq).querySelector('[aria-pressed]')).toBeNull();
  });

  it('filters by text and hides the plug-in steps on request', async () => {
    const entries = tenStepsUntil(6000);
    const { container } = render(EventLog, {
      entries,
      currentSeq: null,
      selected: null,
      onselect: () => {},
      onjump: () => {},
    });
    const list = screen.getByRole('list', { name: 'Event log' });
    const steps = entries.filter((e) => e.type === 'plugin.step').length;
    expect(steps).toBeGreaterThan(0);

    await fireEvent.click(screen.getByRole('checkbox', { name: 'plug-in steps' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(entries.length - steps);
    expect(list.textContent).not.toContain('plugin.step');
    expect(container.textContent).toContain(`${entries.length - steps} of ${entries.length} lines`);

    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter' }), {
      target: { value: 'markdown' },
    });
    const lines = within(list).getAllByRole('listitem');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.textContent).toContain('Marking was1node_PluginMember1 down');

    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter' }), {
      target: { value: 'no such thing' },
    });
    expect(list.textContent).toContain('No line matches the filter.');
  });

  it('is one Tab stop; the arrow keys move between lines', async () => {
    const entries = tenStepsUntil(6000);
    const current = firstForward(entries);
    const { container } = render(EventLog, {
      entries,
      currentSeq: current.seq,
      selected: null,
      onselect: () => {},
      onjump: () => {},
    });
    const tabbable = [...container.querySelectorAll('li [tabindex="0"]')];
    expect(tabbable).toHaveLength(2);
    expect(tabbable.every((b) => rowOf(container, current.seq).contains(b))).toBe(true);

    const message = within(rowOf(container, current.seq)).getByRole('button', { pressed: false });
    message.focus();
    await fireEvent.keyDown(message, { key: 'ArrowDown' });
    const next = entries[entries.indexOf(current) + 1] as TraceEntry;
    expect(rowOf(container, next.seq).contains(document.activeElement)).toBe(true);
    expect(rowOf(container, next.seq).querySelector('[tabindex="0"]')).not.toBeNull();
    expect(rowOf(container, current.seq).querySelector('[tabindex="0"]')).toBeNull();
  });

  it('renders text as text, never as markup', () => {
    const entries = [
      {
        seq: 0,
        t: 0,
        actor: 'lab',
        type: 'user.request',
        text: '<img src=x>',
        data: { action: 'get', user: 'u1' },
      },
    ] satisfies TraceEntry[];
    const { container } = render(EventLog, {
      entries,
      currentSeq: 0,
      selected: null,
      onselect: () => {},
      onjump: () => {},
    });
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x>');
  });
});
