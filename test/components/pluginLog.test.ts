import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { pluginLogLines } from '../../src/io/pluginLog.ts';
import { pluginLogRows } from '../../src/io/pluginLogRows.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';
import PluginLog from '../../src/ui/PluginLog.svelte';

function tenStepsUntil(t: number): TraceEntry[] {
  const w = new World(runSpecOf(tenSteps));
  w.runUntil(t);
  return w.visibleTrace();
}

/** The message whose arrival made ihs#1 write its connection errors: PluginMember1's host refusing. */
function refusal(entries: readonly TraceEntry[]): number {
  const msg = entries.find((e) => e.type === 'tcp.refused')?.data?.msg;
  if (typeof msg !== 'number') throw new Error('no refusal');
  return msg;
}

describe('pluginLogRows', () => {
  it('gives exactly the lines of pluginLogLines, each with its entry and the message behind it', () => {
    const entries = tenStepsUntil(6000);
    const rows = pluginLogRows(entries);
    expect(rows.map((r) => r.line)).toEqual(pluginLogLines(entries));
    expect(rows.map((r) => entries[r.seq]?.type)).toEqual([
      'plugin.log',
      'plugin.log',
      'plugin.markDown',
      'plugin.log',
      'plugin.log',
    ]);
    expect(rows.every((r) => r.process === 'ihs#1' && r.msg === refusal(entries))).toBe(true);
    expect(pluginLogRows(entries, { process: 'ihs#2' })).toEqual([]);
  });

  it('links no message when nothing arrived at that instant (a timer wrote the line)', () => {
    const rows = pluginLogRows([
      {
        seq: 0,
        t: 10,
        actor: 'ihs#1',
        type: 'tcp.connect',
        text: 'connect',
        data: { msg: 1, to: 'PluginMember1', deliverAt: 11 },
      },
      {
        seq: 1,
        t: 5011,
        actor: 'ihs#1',
        type: 'plugin.log',
        text: 'ERROR: ws_common: websphereExecute: timed out',
      },
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.msg).toBeNull();
  });
});

describe('PluginLog', () => {
  it('shows the plug-in log lines in monospace, each selecting the message behind it', async () => {
    const entries = tenStepsUntil(6000);
    const onselect = vi.fn();
    const { rerender, container } = render(PluginLog, { entries, selected: null, onselect });
    const list = screen.getByRole('list', { name: 'http_plugin.log' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(pluginLogLines(entries));
    expect(items[0]?.textContent).toMatch(
      /^\[Mon Jan 05 09:00:03 2026\] 00002f01 [0-9a-f]{8} - ERROR: ws_common: websphereGetStream:/,
    );

    const buttons = within(list).getAllByRole('button', { pressed: false });
    expect(buttons).toHaveLength(5);
    await fireEvent.click(buttons[2] as HTMLElement);
    expect(onselect).toHaveBeenCalledWith(refusal(entries));

    await rerender({ selected: refusal(entries) });
    expect(within(list).getAllByRole('button', { pressed: true })).toHaveLength(5);
    expect(container.querySelectorAll('li.selected')).toHaveLength(5);
    await fireEvent.click(within(list).getAllByRole('button')[0] as HTMLElement);
    expect(onselect).toHaveBeenLastCalledWith(null);
  });

  it('filters by web server process, with the processes the run has', async () => {
    const entries = tenStepsUntil(6000);
    render(PluginLog, { entries, selected: null, onselect: () => {} });
    const select = screen.getByRole('combobox', { name: 'Web server process' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['all', 'ihs#1', 'ihs#2']);

    select.value = 'ihs#2';
    await fireEvent.change(select);
    expect(screen.queryByRole('list', { name: 'http_plugin.log' })).toBeNull();
    expect(screen.getByText(/No plug-in log lines from ihs#2 yet/)).toBeTruthy();

    select.value = 'ihs#1';
    await fireEvent.change(select);
    expect(
      within(screen.getByRole('list', { name: 'http_plugin.log' })).getAllByRole('listitem'),
    ).toHaveLength(5);
  });

  it('before anything failed it says the log is empty; lines without a message are plain text', () => {
    const { unmount } = render(PluginLog, {
      entries: tenStepsUntil(1000),
      selected: null,
      onselect: () => {},
    });
    expect(screen.getByText(/No plug-in log lines yet/)).toBeTruthy();
    unmount();
    render(PluginLog, {
      entries: [{ seq: 0, t: 5000, actor: 'ihs#1', type: 'plugin.error', text: '500 <i>Internal</i> error' }],
      selected: null,
      onselect: () => {},
    });
    const list = screen.getByRole('list', { name: 'http_plugin.log' });
    expect(within(list).queryByRole('button')).toBeNull();
    expect(list.textContent).toContain('ERROR: ws_common: websphereHandleRequest: 500 <i>Internal</i> error');
    expect(list.querySelector('i')).toBeNull();
  });
});
