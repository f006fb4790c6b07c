import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import './resizeObserver.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import type { Tick } from '../../src/simulation/highlights.ts';
import { World } from '../../src/simulation/world.ts';
import MonitorPanel from '../../src/ui/MonitorPanel.svelte';
import Timeline from '../../src/ui/Timeline.svelte';
import { nothingLeft } from '../../src/scenarios/lessons/nothingLeft.ts';
import { timeBasedWrites } from '../../src/scenarios/lessons/timeBasedWrites.ts';
import { isInteresting, tickOf } from '../../src/simulation/highlights.ts';
import WalkPanel from '../../src/ui/WalkPanel.svelte';
import { detailsOf } from '../../src/simulation/trace.ts';

describe('WalkPanel', () => {
  const steps = () => {
    const w = new World(runSpecOf(tenSteps));
    w.runUntil(6000);
    const all = w.visibleTrace().filter((e) => e.type === 'plugin.step');
    return all.filter((e) => detailsOf(e).request === all.at(-1)!.data?.request);
  };

  it('ticks the steps the request went through, says what each found, and marks the current one', () => {
    const s = steps();
    const six = s.find((e) => detailsOf(e).step === 6)!;
    render(WalkPanel, { steps: s, current: six });
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(10);
    expect(items[5]!.getAttribute('aria-current')).toBe('step');
    expect(items[5]!.textContent).toContain('Step 6: get a stream');
    expect(items[5]!.textContent).toContain(six.text.replace(/^step \d+: /, ''));
    expect(items.filter((li) => li.getAttribute('aria-current'))).toHaveLength(1);
    const seen = new Set(s.map((e) => Number(detailsOf(e).step)));
    items.forEach((li, i) =>
      expect(li.textContent!.trim().startsWith(seen.has(i + 1) ? '✔' : '·')).toBe(true),
    );
    expect(seen.size).toBeGreaterThan(4);
  });

  it('writes out what the step at the cursor found, or the latest step when the cursor is elsewhere', async () => {
    const s = steps();
    const one = s.find((e) => detailsOf(e).step === 1)!;
    const found = (c: HTMLElement) => [...c.querySelectorAll('.found')].map((x) => x.textContent);
    const { container, rerender } = render(WalkPanel, { steps: s, current: one });
    expect(found(container)).toEqual([one.text.replace(/^step \d+: /, '')]);
    const last = s.at(-1)!;
    await rerender({ steps: s, current: undefined });
    const lastStep = Number(detailsOf(last).step);
    expect(found(container)).toEqual(
      s.filter((e) => Number(detailsOf(e).step) === lastStep).map((e) => e.text.replace(/^step \d+: /, '')),
    );
  });
});

describe('Timeline', () => {
  const ticks: Tick[] = [
    { t: 2000, index: 7, kind: 'fault', type: 'member.crashed', label: 'PluginMember1 crashed' },
    { t: 3022, index: 40, kind: 'failover', type: 'plugin.markDown', label: 'Marking PluginMember1 down' },
    { t: 5000, index: 90, kind: 'loss', type: 'ledger.lost', label: 'u1.3 lost' },
  ];

  it('draws a mark of its own shape for each kind of tick and counts them in words', () => {
    const { container } = render(Timeline, {
      now: 1000,
      duration: 6000,
      ticks,
      onseek: () => {},
      onjump: () => {},
    });
    expect(container.querySelectorAll('.mark.fault path')).toHaveLength(1);
    expect(container.querySelectorAll('.mark.failover line')).toHaveLength(1);
    expect(container.querySelectorAll('.mark.loss rect')).toHaveLength(1);
    const key = container.querySelector('p.key')!.textContent!.replace(/\s+/g, ' ');
    expect(key).toContain('0 faults'); // a crash's consequence is marked, not counted as a fault
    expect(key).toContain('1 mark-down, 0 session failovers');
    expect(key).toContain('1 update lost, 0 monitor reports');
  });

  it('counts what its key names, as the monitors count lost updates: one crash is one fault', () => {
    // ten-steps, and a crash losing u1's updates made since its last write (time-based writes).
    const w = new World({
      ...runSpecOf(timeBasedWrites),
      interventions: timeBasedWrites.interventions,
    });
    w.runUntil(timeBasedWrites.duration);
    const runTicks = w.trace.filter(isInteresting).map((e) => tickOf(e, e.seq)!);
    render(Timeline, {
      now: 0,
      duration: timeBasedWrites.duration,
      ticks: runTicks,
      onseek: () => {},
      onjump: () => {},
    });
    const key = document.querySelector('p.key')!.textContent!.replace(/\s+/g, ' ');
    const faults = w.trace.filter(
      (e) => e.actor === 'lab' && (e.type.startsWith('fault.') || e.type === 'member.stop'),
    );
    const lost = w.trace.filter((e) => e.type === 'ledger.lost');
    expect(faults.length).toBeGreaterThan(0);
    expect(lost.length).toBeGreaterThan(0);
    expect(key).toContain(`${faults.length} fault${faults.length === 1 ? '' : 's'}`);
    expect(key).toContain(`${lost.length} update${lost.length === 1 ? '' : 's'} lost`);
    // The monitors panel says the same number.
    render(MonitorPanel, { findings: w.trace.filter((e) => e.actor === 'monitor'), onjump: () => {} });
    expect(document.body.textContent).toContain(`${lost.length} update${lost.length === 1 ? '' : 's'} lost`);
  });

  it('counts as failovers the sessions that moved to another member, and recoveries not as faults', () => {
    // nothing-left: its last request finds every member down and gets a 500 (DOMAIN.md §2.8).
    const w = new World(runSpecOf(nothingLeft));
    w.runUntil(nothingLeft.duration);
    const h = w.trace.filter(isInteresting);
    const key = (ticks: ReturnType<typeof tickOf>[]) => {
      const { container } = render(Timeline, {
        now: 0,
        duration: nothingLeft.duration,
        ticks: ticks.map((t) => t!),
        onseek: () => {},
        onjump: () => {},
      });
      return container.querySelector('p.key')!.textContent!.replace(/\s+/g, ' ');
    };
    const moved = w.trace.filter(
      (e) => e.type === 'session.readFromStore' || e.type === 'session.fromReplica',
    );
    const reexamined = w.trace.filter((e) => e.type === 'plugin.step' && e.data?.step === 7);
    expect(reexamined.length).toBeGreaterThan(moved.length); // the 500 re-examined, and went nowhere
    expect(key(h.map((e) => tickOf(e, e.seq)))).toContain(
      `${moved.length} session failover${moved.length === 1 ? '' : 's'}`,
    );
    // A host back on the network is a recovery, not a fault.
    const up = { t: 1, index: 1, kind: 'fault' as const, type: 'fault.hostUp' as const, label: 'up' };
    const down = { ...up, index: 0, type: 'fault.hostDown' as const, label: 'down' };
    expect(key([down, up])).toContain('1 fault');
  });

  it('seeks where the pointer goes down, by the keys of a slider, and jumps to a chosen event', async () => {
    const onseek = vi.fn();
    const onjump = vi.fn();
    render(Timeline, { now: 3000, duration: 6000, ticks, onseek, onjump });
    const slider = screen.getByRole('slider', { name: 'Simulated time' });
    expect(slider.getAttribute('aria-valuetext')).toBe('3.000s of 6.000s');
    // jsdom lays nothing out: the track then spans no pixels, and any pointer position is its start.
    slider.getBoundingClientRect = () => ({ left: 0, top: 0, width: 0, height: 44 }) as DOMRect;
    await fireEvent.pointerDown(slider, { clientX: 0, pointerId: 1 });
    expect(onseek).toHaveBeenLastCalledWith(0);
    await fireEvent.keyDown(slider, { key: 'PageUp' });
    expect(onseek).toHaveBeenLastCalledWith(4000);
    await fireEvent.keyDown(slider, { key: 'ArrowLeft' });
    expect(onseek).toHaveBeenLastCalledWith(2900);
    await fireEvent.keyDown(slider, { key: 'End' });
    expect(onseek).toHaveBeenLastCalledWith(6000);
    const jump = screen.getByRole('combobox', { name: 'Jump to' });
    await fireEvent.change(jump, { target: { value: '40' } });
    expect(onjump).toHaveBeenCalledWith(40);
    expect((jump as HTMLSelectElement).value).toBe('');
  });
});
