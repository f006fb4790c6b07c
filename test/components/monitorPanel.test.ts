import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';
import MonitorPanel from '../../src/ui/MonitorPanel.svelte';

/** Ten steps with time-based writes: PluginMember1 crashes at 2 s before it wrote u1's update. */
function lostUpdateFindings(): TraceEntry[] {
  const spec = runSpecOf(tenSteps);
  spec.config.sessionManager.tuningLevel = 'custom';
  spec.config.sessionManager.writeFrequency = 'timeBasedWrite';
  const w = new World(spec);
  w.runUntil(6000);
  return w.visibleTrace().filter((e) => e.actor === 'monitor');
}

const summaryItems = (): string[] =>
  within(screen.getByRole('status'))
    .getAllByRole('listitem')
    .map((li) => li.textContent!.replace(/\s+/g, ' ').trim());

describe('MonitorPanel', () => {
  it('says in words that nothing was found', () => {
    render(MonitorPanel, { findings: [], onjump: () => {} });
    expect(summaryItems()).toEqual([
      '✓ no update lost',
      '✓ session active in two JVMs: 0 reports',
      '✓ sent to a marked-down member: 0',
    ]);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it("reports the ledger's lost update and jumps to it", async () => {
    const findings = lostUpdateFindings();
    expect(findings.map((f) => f.type)).toEqual(['ledger.lost']);
    const onjump = vi.fn();
    render(MonitorPanel, { findings, onjump });
    expect(summaryItems()[0]).toBe('⚠ 1 update lost');
    expect(summaryItems()[2]).toBe('✓ sent to a marked-down member: 0');
    const button = screen.getByRole('button', { name: /u1's update u1\.1 \(counter\)/ });
    expect(button.textContent).toContain('2.000s');
    expect(button.textContent).toContain('Update lost');
    expect(button.textContent).toContain('PluginMember1 crashed before the update reached the store');
    await fireEvent.click(button);
    expect(onjump).toHaveBeenCalledExactlyOnceWith(findings[0]!.seq);
    expect(findings[0]!.seq).toBe(22);
  });

  it('counts each kind and lists the findings in order, as text', async () => {
    const f = (seq: number, t: number, type: string, text: string): TraceEntry =>
      ({
        seq,
        t,
        actor: 'monitor',
        type,
        text,
        data: { session: 'S1', members: 'PluginMember1,PluginMember2' },
      }) as TraceEntry;
    const findings = [
      f(10, 1500, 'monitor.sessionInTwoJvms', 'session S1 active in PluginMember1 and PluginMember2'),
      f(
        14,
        1800,
        'monitor.sentToMarkedDown',
        'ihs#1 sends to PluginMember1, which it marked down until 62.000s',
      ),
      f(20, 2100, 'monitor.sessionInTwoJvms', 'session <b>S2</b> active in two JVMs'),
      f(31, 2500, 'ledger.lost', "u2's update u2.3 (cart) is in no copy"),
      f(40, 2600, 'ledger.lost', "u3's update u3.1 (counter) is in no copy"),
    ];
    const onjump = vi.fn();
    render(MonitorPanel, { findings, onjump });
    expect(summaryItems()).toEqual([
      '⚠ 2 updates lost',
      '⚠ session active in two JVMs: 2 reports',
      '⚠ sent to a marked-down member: 1',
    ]);
    const buttons = within(screen.getByRole('list', { name: 'Findings' })).getAllByRole('button');
    expect(buttons).toHaveLength(5);
    expect(buttons[2]!.textContent).toContain('session <b>S2</b>');
    expect(buttons[2]!.querySelector('b')).toBeNull();
    expect(buttons[1]!.textContent).toContain('Sent to a marked-down member');
    await fireEvent.click(buttons[3]!);
    await fireEvent.click(buttons[1]!);
    expect(onjump.mock.calls).toEqual([[31], [14]]);
  });
});
