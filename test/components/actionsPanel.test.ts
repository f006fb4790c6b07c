import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { project } from '../../src/simulation/frame.ts';
import ActionsPanel from '../../src/ui/ActionsPanel.svelte';
import { lab, run } from '../helpers.ts';

const frameOf = (interventions = [] as Parameters<typeof run>[0]['interventions']) =>
  project(run({ config: lab(), users: ['u1'], interventions }, 1000));

describe('ActionsPanel', () => {
  it('offers the faults of a member: overload, a failed write, stopping the application', async () => {
    const onact = vi.fn();
    render(ActionsPanel, {
      frame: frameOf(),
      user: 'u1',
      requestUrl: '/shop/cart',
      hasDatabase: true,
      onact,
    });
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
    await fireEvent.click(screen.getByRole('button', { name: 'Log out and in again' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Authoring: next screen' }));
    expect(onact.mock.calls.map((c) => [c[0].kind, c[0].op.kind, c[0].url])).toEqual([
      ['request', 'login', '/wps/myportal'],
      ['request', 'authoring', '/wps/myportal'],
    ]);
  });

  it('has no Portal actions without the Portal', () => {
    render(ActionsPanel, {
      frame: frameOf(),
      user: 'u1',
      requestUrl: '/shop/cart',
      hasDatabase: true,
      onact: () => {},
    });
    expect(screen.queryByRole('button', { name: 'Log out and in again' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Change the cart in place' })).toBeTruthy();
  });
});
