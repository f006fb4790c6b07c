import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { project } from '../../src/simulation/frame.ts';
import ActionsPanel from '../../src/ui/ActionsPanel.svelte';
import { entries, lab, run } from '../helpers.ts';

const frameOf = (interventions = [] as Parameters<typeof run>[0]['interventions']) =>
  project(run({ config: lab(), users: ['u1'], interventions }, 1000));

/** The panel on a fresh lab for u1, with a database unless told otherwise; what it asks for goes to the mock. */
const panel = (props: { hasDatabase?: boolean; replication?: boolean } = {}) => {
  const onact = vi.fn();
  render(ActionsPanel, {
    frame: frameOf(),
    user: 'u1',
    requestUrl: '/shop/cart',
    hasDatabase: true,
    onact,
    ...props,
  });
  return onact;
};

describe('ActionsPanel', () => {
  it('offers the faults of a member: overload, a failed write, stopping the application', async () => {
    const onact = panel();
    await fireEvent.click(screen.getByRole('button', { name: 'Overload for 30 s' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Fail its next write' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Stop the application' }));
    expect(onact.mock.calls.map((c) => c[0])).toEqual([
      { kind: 'overload', member: 'PluginMember1', seconds: 30 },
      { kind: 'writeError', member: 'PluginMember1' },
      { kind: 'stopApplication', member: 'PluginMember1' },
    ]);
  });

  it('offers no Hang on a member already hung, and Crash and Start still', () => {
    const frame = frameOf([{ at: 100, action: { kind: 'hang', member: 'PluginMember1' } }]);
    expect(frame.members[0]!.state).toBe('hung');
    render(ActionsPanel, { frame, user: 'u1', requestUrl: '/shop/cart', hasDatabase: true, onact: () => {} });
    const disabled = (name: string) => (screen.getByRole('button', { name }) as HTMLButtonElement).disabled;
    expect(disabled('Hang')).toBe(true);
    expect(disabled('Crash PluginMember1')).toBe(false);
    expect(disabled('Start')).toBe(false);
  });

  it('offers to start the application where it is stopped, and no overload while one lasts', () => {
    const frame = frameOf([
      { at: 100, action: { kind: 'stopApplication', member: 'PluginMember1' } },
      { at: 200, action: { kind: 'overload', member: 'PluginMember1', seconds: 30 } },
    ]);
    render(ActionsPanel, { frame, user: 'u1', requestUrl: '/shop/cart', hasDatabase: true, onact: () => {} });
    expect(screen.getByRole('button', { name: 'Start the application' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Overload for 30 s' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    // The gauges show the other traffic holding every thread and the whole backlog.
    expect(frame.members[0]).toMatchObject({ overloaded: true, busyThreads: 50, backlog: 511 });
  });

  it('offers a failed write only with a session database, and the Portal actions only with the Portal', async () => {
    const onact = vi.fn();
    render(ActionsPanel, {
      frame: frameOf(),
      user: 'u1',
      requestUrl: '/wps/myportal',
      hasDatabase: false,
      portal: true,
      onact,
    });
    expect(screen.queryByRole('button', { name: 'Fail its next write' })).toBeNull();
    await fireEvent.click(screen.getByRole('tab', { name: 'User u1' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Log out and in again' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Authoring: next screen' }));
    expect(onact.mock.calls.map((c) => [c[0].kind, c[0].op.kind, c[0].url])).toEqual([
      ['request', 'login', '/wps/myportal'],
      ['request', 'authoring', '/wps/myportal'],
    ]);
  });

  it('shows one group of actions at a time, as tabs the arrow keys move between', async () => {
    panel();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Member', 'User u1', 'Web server, store', 'Network']);
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false', 'false']);
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tabs[0]!.id);
    expect(screen.queryByRole('button', { name: 'Restart process' })).toBeNull();
    await fireEvent.keyDown(tabs[0]!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(tabs[3]);
    await fireEvent.keyDown(tabs[3]!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(tabs[2]);
    expect(screen.getByRole('button', { name: 'Restart process' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Crash PluginMember1' })).toBeNull();
    await fireEvent.keyDown(tabs[2]!, { key: 'Home' });
    expect(screen.getByRole('button', { name: 'Crash PluginMember1' })).toBeTruthy();
  });

  it('has no Portal actions without the Portal', async () => {
    panel();
    await fireEvent.click(screen.getByRole('tab', { name: 'User u1' }));
    expect(screen.queryByRole('button', { name: 'Log out and in again' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Change the cart in place' })).toBeTruthy();
  });

  it('partitions two parts and heals them, from the Network tab', async () => {
    const onact = vi.fn();
    const frame = frameOf();
    const { rerender } = render(ActionsPanel, {
      frame,
      user: 'u1',
      requestUrl: '/shop/cart',
      hasDatabase: true,
      onact,
    });
    await fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    const first = screen.getByRole('combobox', { name: 'One side of the partition' }) as HTMLSelectElement;
    const second = screen.getByRole('combobox', { name: 'Other side of the partition' }) as HTMLSelectElement;
    expect([...first.options].map((o) => o.value)).toEqual([
      'ihs#1',
      'PluginMember1',
      'PluginMember2',
      'database',
      'haManager',
    ]);
    // The other side offers the parts the first one sends messages to: a process talks to the members only.
    expect([...second.options].map((o) => o.value)).toEqual(['PluginMember1', 'PluginMember2']);
    await fireEvent.change(first, { target: { value: 'PluginMember1' } });
    expect([...second.options].map((o) => o.value)).toEqual([
      'ihs#1',
      'PluginMember2',
      'database',
      'haManager',
    ]);
    await fireEvent.change(first, { target: { value: 'ihs#1' } });
    await fireEvent.change(second, { target: { value: 'PluginMember2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Partition' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'partition', a: 'ihs#1', b: 'PluginMember2' });
    await rerender({ frame: { ...frame, partitions: [['PluginMember2', 'ihs#1']] } });
    await fireEvent.click(screen.getByRole('button', { name: 'Heal the partition' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'heal', a: 'ihs#1', b: 'PluginMember2' });
  });

  it('loses or holds up the message selected in flight, and says how to select one otherwise', async () => {
    const onact = vi.fn();
    const frame = frameOf([
      {
        at: 500,
        action: { kind: 'request', user: 'u1', method: 'GET', url: '/shop/cart', op: { kind: 'view' } },
      },
    ]);
    const { rerender } = render(ActionsPanel, {
      frame,
      user: 'u1',
      requestUrl: '/shop/cart',
      hasDatabase: true,
      onact,
    });
    await fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    expect(screen.getByText(/pause and select it in flight/)).toBeTruthy();
    const m = {
      id: 42,
      from: 'ihs#1',
      to: 'PluginMember1',
      type: 'http.request',
      sentAt: 900,
      deliverAt: 901,
      text: '',
    };
    await rerender({ frame: { ...frame, messages: [m] }, selected: 42 });
    expect(screen.getByText('Message 42: http.request ihs#1 → PluginMember1')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Lose it' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'dropMessage', message: 42 });
    await fireEvent.input(screen.getByRole('spinbutton', { name: /by/ }), { target: { value: '2.5' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Hold it up' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'delayMessage', message: 42, seconds: 2.5 });
    // No replication lag without memory-to-memory replication.
    expect(screen.queryByRole('button', { name: 'Set the lag' })).toBeNull();
  });

  it('slows a member’s servlets by the seconds given, and sets them back', async () => {
    const onact = vi.fn();
    const frame = frameOf();
    const { rerender } = render(ActionsPanel, {
      frame,
      user: 'u1',
      requestUrl: '/shop/cart',
      hasDatabase: true,
      onact,
    });
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Slower by/ }), { target: { value: '90' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Slow its servlets' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'slow', member: 'PluginMember1', seconds: 90 });
    const slowed = {
      ...frame,
      members: frame.members.map((m, i) => (i === 0 ? { ...m, slowBy: 90_000 } : m)),
    };
    await rerender({ frame: slowed });
    await fireEvent.click(screen.getByRole('button', { name: 'Usual speed' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'slow', member: 'PluginMember1', seconds: 0 });
  });

  it('sets the replication lag where sessions are replicated memory to memory', async () => {
    const onact = panel({ hasDatabase: false, replication: true });
    await fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Replication lag/ }), {
      target: { value: '3' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Set the lag' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'replicationLag', seconds: 3 });
  });

  it('posts a form of the size given, as post USER PATH SIZE does', async () => {
    const onact = panel();
    await fireEvent.click(screen.getByRole('tab', { name: 'User u1' }));
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Form of/ }), { target: { value: '200' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send POST /shop/cart' }));
    expect(onact).toHaveBeenLastCalledWith({
      kind: 'request',
      user: 'u1',
      method: 'POST',
      url: '/shop/cart',
      bodyKB: 200,
      op: { kind: 'addToCart', item: expect.stringMatching(/^item\d+$/) },
    });
  });

  it('sends a GET whose servlet does what is chosen: counter + 1, only reads, sync() or logout', async () => {
    const onact = panel();
    await fireEvent.click(screen.getByRole('tab', { name: 'User u1' }));
    const op = screen.getByRole('combobox', { name: 'What the servlet does with the GET' });
    for (const kind of ['increment', 'view', 'sync', 'logout']) {
      await fireEvent.change(op, { target: { value: kind } });
      await fireEvent.click(screen.getByRole('button', { name: 'Send GET /shop/cart' }));
      expect(onact).toHaveBeenLastCalledWith({
        kind: 'request',
        user: 'u1',
        method: 'GET',
        url: '/shop/cart',
        op: { kind },
      });
    }
  });

  it("fails a member's next write for the reason given, shown as text", async () => {
    const onact = panel();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Why the write fails' }), {
      target: { value: '  <b>a deadlock</b> ' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Fail its next write' }));
    expect(onact).toHaveBeenLastCalledWith({
      kind: 'writeError',
      member: 'PluginMember1',
      reason: '<b>a deadlock</b>',
    });
    // The trace says it in its words, with the reason as given.
    const w = run(
      { config: lab(), users: ['u1'], interventions: [{ at: 100, action: onact.mock.lastCall![0] }] },
      1000,
    );
    expect(entries(w, 'fault.writeError')[0]!.text).toContain('(<b>a deadlock</b>)');
  });

  it('overloads a member for the seconds given', async () => {
    const onact = panel();
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Seconds the overload lasts' }), {
      target: { value: '90' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Overload for 90 s' }));
    expect(onact).toHaveBeenLastCalledWith({ kind: 'overload', member: 'PluginMember1', seconds: 90 });
  });
});
