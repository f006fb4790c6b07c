import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { pluginRequestMachine } from '../../src/model/pluginRequestMachine.ts';
import { graphOf } from '../../src/simulation/charts.ts';
import type { MachineLogic } from '../../src/simulation/machineRunner.ts';
import type { LabConfig } from '../../src/model/config.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { project, type Frame } from '../../src/simulation/frame.ts';
import { World } from '../../src/simulation/world.ts';
import CookieInspector from '../../src/ui/inspectors/CookieInspector.svelte';
import Inspectors from '../../src/ui/inspectors/Inspectors.svelte';
import MemberCaches from '../../src/ui/inspectors/MemberCaches.svelte';
import ServerTables from '../../src/ui/inspectors/ServerTables.svelte';
import StatechartView from '../../src/ui/inspectors/StatechartView.svelte';
import Statecharts from '../../src/ui/inspectors/Statecharts.svelte';
import StoreRows from '../../src/ui/inspectors/StoreRows.svelte';

/** The ten-steps run at `t` (PluginMember1 crashes at 2 s; u1's request at 3 s fails over to PluginMember2). */
function tenStepsAt(
  t: number,
  change: (c: LabConfig) => void = () => {},
): { frame: Frame; config: LabConfig } {
  const spec = runSpecOf(tenSteps);
  change(spec.config);
  const w = new World(spec);
  w.runUntil(t);
  return { frame: project(w), config: w.config };
}

const SESSION = 'A2MB4IJozU_VM8IffsMNfdR';

/** The frame with u1's cookie replaced. */
const withCookie = (frame: Frame, cookie: string): Frame => ({
  ...frame,
  browsers: frame.browsers.map((b) => (b.user === 'u1' ? { ...b, cookie } : b)),
});

const cloneItems = (): string[] =>
  within(screen.getByRole('list', { name: /clone IDs/i }))
    .getAllByRole('listitem')
    .map((li) => li.textContent!.replace(/\s+/g, ' ').trim());

describe('CookieInspector', () => {
  it('takes the JSESSIONID apart after the failover: cache ID 0001, the session ID, two clone IDs', () => {
    const { frame, config } = tenStepsAt(3500);
    render(CookieInspector, { frame, config, user: 'u1' });
    expect(screen.getByText(`0001${SESSION}:v544d031:v544d0o0`)).toBeTruthy();
    expect(screen.getByText('0001')).toBeTruthy();
    expect(screen.getByText(SESSION)).toBeTruthy();
    expect(screen.getByText(/23 characters/)).toBeTruthy();
    expect(cloneItems()).toEqual([
      'v544d031 → PluginMember1 on node was1node',
      'v544d0o0 → PluginMember2 on node was2node',
    ]);
  });

  it('shows cache ID 0000 and one clone ID before the failover', () => {
    const { frame, config } = tenStepsAt(1000);
    render(CookieInspector, { frame, config, user: 'u1' });
    expect(screen.getByText('0000')).toBeTruthy();
    expect(cloneItems()).toEqual(['v544d031 → PluginMember1 on node was1node']);
  });

  it('says when no server has a clone ID, and names the owner of a partition ID', () => {
    const { frame, config } = tenStepsAt(3500);
    const partition = config.plugin.cluster.servers[1]!.partitionId;
    render(CookieInspector, {
      frame: withCookie(frame, `0001${SESSION}:zzzz1111:${partition}`),
      config,
      user: 'u1',
    });
    const items = cloneItems();
    expect(items[0]).toBe('zzzz1111 ⚠ no server has this CloneID');
    expect(items[1]).toMatch(new RegExp(`^${partition} → partition ID of PluginMember2`));
  });

  it('reads the partition ID a memory-to-memory member hands back', () => {
    const { frame, config } = tenStepsAt(3500, (c) => (c.sessionManager.persistence = 'memoryToMemory'));
    render(CookieInspector, { frame, config, user: 'u1' });
    const items = cloneItems();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/^1000000 → partition ID of PluginMember1/);
  });

  it('matches the clone ID plugin-cfg.xml holds, not the one the member hands out', () => {
    const { frame, config } = tenStepsAt(3500);
    const [first, second] = config.plugin.cluster.servers;
    const edited = {
      ...config,
      plugin: {
        ...config.plugin,
        cluster: {
          ...config.plugin.cluster,
          servers: [{ ...first!, configuredCloneId: 'v544d099' }, second!],
        },
      },
    };
    render(CookieInspector, { frame, config: edited, user: 'u1' });
    expect(cloneItems()).toEqual([
      'v544d031 ⚠ no server has this CloneID',
      'v544d0o0 → PluginMember2 on node was2node',
    ]);
  });

  it("splits on '+' with CloneSeparatorChange", () => {
    const { frame, config } = tenStepsAt(3500);
    const plus = {
      ...config,
      plugin: { ...config.plugin, cluster: { ...config.plugin.cluster, cloneSeparatorChange: true } },
    };
    render(CookieInspector, {
      frame: withCookie(frame, `0001${SESSION}+v544d0o0`),
      config: plus,
      user: 'u1',
    });
    expect(screen.getByText(SESSION)).toBeTruthy();
    expect(cloneItems()).toEqual(['v544d0o0 → PluginMember2 on node was2node']);
  });

  it('says when the user holds no cookie, and when there is no such user', () => {
    const { frame, config } = tenStepsAt(3500);
    const { unmount } = render(CookieInspector, { frame: withCookie(frame, ''), config, user: 'u1' });
    expect(screen.getByText(/holds no JSESSIONID cookie/)).toBeTruthy();
    unmount();
    render(CookieInspector, { frame, config, user: 'nobody' });
    expect(screen.getByText('No browser for user nobody.')).toBeTruthy();
  });
});

describe('ServerTables', () => {
  const row = (process: string, member: string): string[] => {
    const table = screen.getByRole('table', { name: `Web server process ${process}` });
    const tr = within(table).getByRole('rowheader', { name: member }).closest('tr')!;
    return [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim());
  };

  it('shows PluginMember1 marked down in ihs#1 only, with the retry interval counting down', () => {
    const { frame } = tenStepsAt(3500);
    render(ServerTables, { frame });
    expect(screen.getAllByRole('table')).toHaveLength(2);
    // Marked down at 3.022 s with a 60 s retry interval: 59.522 s left at 3.5 s.
    expect(row('ihs#1', 'PluginMember1')).toEqual([
      'PluginMember1',
      '2',
      '▼ marked down, retry in 59.5 s',
      '0',
      '0',
    ]);
    expect(row('ihs#1', 'PluginMember2')).toEqual(['PluginMember2', '1', '● available', '0', '1']);
    expect(row('ihs#2', 'PluginMember1')).toEqual(['PluginMember1', '2', '● available', '0', '1']);
  });

  it('has every member available before the crash is noticed', () => {
    const { frame } = tenStepsAt(1000);
    render(ServerTables, { frame });
    expect(screen.queryByText(/marked down/)).toBeNull();
  });
});

describe('MemberCaches', () => {
  it('shows the crashed member empty and the survivor holding the session read from the store', () => {
    const { frame } = tenStepsAt(3500);
    render(MemberCaches, { frame });
    const m1 = screen.getByRole('region', { name: 'PluginMember1' });
    expect(m1.textContent).toContain('crashed');
    expect(m1.textContent).toContain('v544d031');
    expect(within(m1).getByText('No sessions in its cache.')).toBeTruthy();
    expect(m1.textContent).toContain('alive: PluginMember1, PluginMember2');

    const m2 = screen.getByRole('region', { name: 'PluginMember2' });
    expect(m2.textContent).toContain('running');
    expect(m2.textContent).toContain('0 of 50 busy');
    expect(m2.textContent).toContain('alive: PluginMember2');
    const cache = within(m2).getByRole('table', { name: 'Session cache of PluginMember2' });
    const cells = [...within(cache).getAllByRole('row')[1]!.querySelectorAll('th, td')].map((c) =>
      c.textContent!.trim(),
    );
    expect(cells).toEqual([SESSION, '0001', '5', 'empty', 'written']);
  });

  it('flags a change not yet written to the session database', () => {
    // 0.540 s: u1's increment has run on PluginMember1; the end-of-service write begins at 0.563 s.
    const { frame } = tenStepsAt(540);
    render(MemberCaches, { frame });
    const m1 = screen.getByRole('region', { name: 'PluginMember1' });
    expect(within(m1).getByText(/not yet written/)).toBeTruthy();
    expect(within(m1).getByRole('table').textContent).toContain('4');
  });

  it('lists the backups a member keeps with memory-to-memory replication', () => {
    const { frame } = tenStepsAt(1000, (c) => {
      c.sessionManager.persistence = 'memoryToMemory';
      c.plugin.cluster.getDWLMTable = true;
    });
    render(MemberCaches, { frame });
    const backups = screen.getByRole('table', { name: 'Backups PluginMember2 keeps for others' });
    const cells = [...within(backups).getAllByRole('row')[1]!.querySelectorAll('th, td')].map((c) =>
      c.textContent!.trim(),
    );
    expect(cells).toEqual([SESSION, 'PluginMember1', '0000', '4']);
    expect(screen.getAllByText('HA view')).toHaveLength(2);
    expect(screen.queryByText('Replication groups')).toBeNull();
  });

  it('on WAS 5.1 shows the replication groups each member listens to instead of an HA view', () => {
    const { frame } = tenStepsAt(1000, (c) => {
      c.version = '5.1';
      c.sessionManager.persistence = 'memoryToMemory';
      c.plugin.cluster.servers[1]!.listensTo = [2, 5];
    });
    render(MemberCaches, { frame });
    expect(screen.queryByText('HA view')).toBeNull();
    const groups = screen.getAllByText('Replication groups').map((dt) => dt.nextElementSibling!.textContent);
    expect(groups).toEqual(['listens to 1, 2, 3, 4, 5, 6, 7, 8, 9, 10', 'listens to 2, 5']);
  });
});

describe('StoreRows', () => {
  it('shows the SESSIONS row as PluginMember2 wrote it, and no open transaction', () => {
    const { frame } = tenStepsAt(3500);
    render(StoreRows, { frame });
    const table = screen.getByRole('table', { name: /SESSIONS table/ });
    const cells = [...within(table).getAllByRole('row')[1]!.querySelectorAll('th, td')].map((c) =>
      c.textContent!.trim(),
    );
    expect(cells).toEqual([SESSION, SESSION, '5', 'empty', '3.033s']);
    expect(screen.getByText('No open transactions.')).toBeTruthy();
    expect(screen.getByText('available')).toBeTruthy();
  });

  it('shows a transaction while it is open', () => {
    // tx1 begins at 0.565 s and commits at 0.573 s.
    const { frame } = tenStepsAt(568);
    render(StoreRows, { frame });
    const table = screen.getByRole('table', { name: 'Open transactions' });
    const cells = [...within(table).getAllByRole('row')[1]!.querySelectorAll('th, td')].map((c) =>
      c.textContent!.trim(),
    );
    expect(cells).toEqual(['tx1', 'PluginMember1', SESSION, '0.565s']);
  });

  it('says there is no session database with memory-to-memory replication', () => {
    const { frame } = tenStepsAt(3500, (c) => (c.sessionManager.persistence = 'memoryToMemory'));
    expect(frame.database).toBeNull();
    render(StoreRows, { frame });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText(/no session database/).textContent).toMatch(/memory-to-memory/);
  });
});

describe('Statecharts', () => {
  it('lists every statechart with its active states, tags and description', () => {
    const { frame } = tenStepsAt(3500);
    render(Statecharts, { frame, charts: {}, onchart: () => {} });
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(frame.machines.length);
    const m1 = items.find((li) => li.textContent!.includes('PluginMember1'))!;
    expect(m1.textContent).toContain('State: crashed');
    expect(m1.textContent).toContain('Tags: down');
    expect(m1.textContent).toContain('The JVM died');
    const m2 = items.find((li) => li.textContent!.includes('PluginMember2'))!;
    expect(m2.textContent).toContain('running.web.serving');
    expect(m2.textContent).toContain('running.writer.idle');
  });

  it('narrows the list to one kind', async () => {
    const { frame } = tenStepsAt(3500);
    render(Statecharts, { frame, charts: {}, onchart: () => {} });
    await fireEvent.change(screen.getByRole('combobox', { name: /show/i }), { target: { value: 'member' } });
    const names = screen.getAllByRole('listitem').map((li) => li.querySelector('strong')!.textContent);
    expect(names).toEqual(['PluginMember1', 'PluginMember2']);
  });
});

describe('a statechart drawn', () => {
  it('asks for the plug-in walk\u2019s chart first, and draws it with the states a walk is in now marked', async () => {
    // A moment of the ten steps when a walk is under way: the crash has happened, the request is in.
    const { frame } = tenStepsAt(3022);
    const walking = frame.machines.find((m) => m.kind === 'walk')!;
    expect(walking).toBeDefined();
    const onchart = vi.fn();
    const charts = { walk: graphOf(pluginRequestMachine as unknown as MachineLogic) };
    const { container } = render(Statecharts, { frame, charts, onchart });
    expect(onchart).toHaveBeenCalledWith('walk');
    await waitFor(() => expect(container.querySelector('svg[role="img"]')).not.toBeNull(), { timeout: 5000 });
    const drawn = [...container.querySelectorAll('g.state')];
    expect(drawn).toHaveLength(charts.walk.states.length - 1);
    const active = [...container.querySelectorAll('g.state.active > title')].map(
      (t) => t.textContent!.split(/[ :(]/)[0],
    );
    // Every active leaf of the walk, and each of its ancestors, is marked.
    for (const leaf of walking.states) expect(active).toContain(leaf);
    expect(container.querySelectorAll('g.transition polyline').length).toBeGreaterThan(10);
    expect(
      screen.getByText(/Statechart of the request in the plug-in: \d+ states, \d+ transitions; now in /),
    ).toBeTruthy();
  });
});

describe('a statechart brought into view', () => {
  it('scrolls to the states the actor is in when they change, and leaves the trainee\u2019s scrolling alone between', async () => {
    const graph = graphOf(pluginRequestMachine as unknown as MachineLogic);
    const leaves = graph.states.filter((s) => s.path && !graph.states.some((c) => c.parent === s.path));
    // With the ancestors: the set of paths a frame gives for an actor in that leaf.
    const inLeaf = (path: string) =>
      new Set(
        graph.states
          .filter((s) => s.path && (path === s.path || path.startsWith(`${s.path}.`)))
          .map((s) => s.path),
      );
    const [first, other] = [leaves[0]!.path, leaves.at(-1)!.path];
    const { container, rerender } = render(StatechartView, {
      graph,
      active: inLeaf(first),
      name: 'request in the plug-in',
    });
    await waitFor(() => expect(container.querySelector('svg[role="img"]')).not.toBeNull(), { timeout: 5000 });
    const box = container.querySelector('div.scroll') as HTMLDivElement;
    const at = () => [box.scrollLeft, box.scrollTop];
    const firstPlace = at();
    expect(firstPlace.some((v) => v > 0)).toBe(true);
    // The trainee scrolls away; the actor stays in the same states (a new set, the same paths).
    box.scrollLeft = 0;
    box.scrollTop = 0;
    await rerender({ graph, active: inLeaf(first), name: 'request in the plug-in' });
    // Not laid out again either: the same box, still where the trainee left it.
    expect(container.querySelector('div.scroll')).toBe(box);
    expect(at()).toEqual([0, 0]);
    // The actor moves on: the chart brings its new state into view.
    await rerender({ graph, active: inLeaf(other), name: 'request in the plug-in' });
    expect(at()).not.toEqual([0, 0]);
    expect(at()).not.toEqual(firstPlace);
  });
});

describe('Inspectors', () => {
  it('is a tablist whose arrow keys, Home and End move focus and selection', async () => {
    const { frame, config } = tenStepsAt(3500);
    render(Inspectors, { frame, config, user: 'u1', charts: {}, onchart: () => {} });
    const tabs = within(screen.getByRole('tablist', { name: 'Inspectors' })).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent!.trim())).toEqual([
      'JSESSIONID',
      'Server tables',
      'Member caches',
      'Session store',
      'Statecharts',
    ]);
    expect(tabs.map((t) => t.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1', '-1']);
    const panel = screen.getByRole('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs[0]!.id);
    expect(tabs[0]!.getAttribute('aria-controls')).toBe(panel.id);
    expect(within(panel).getByText('v544d031')).toBeTruthy();

    tabs[0]!.focus();
    await fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tabs[1]);
    expect(tabs[1]!.getAttribute('aria-selected')).toBe('true');
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('false');
    expect(
      within(screen.getByRole('tabpanel')).getByRole('table', { name: 'Web server process ihs#1' }),
    ).toBeTruthy();

    await fireEvent.keyDown(tabs[1]!, { key: 'End' });
    expect(document.activeElement).toBe(tabs[4]);
    expect(within(screen.getByRole('tabpanel')).getByText(/The JVM died/)).toBeTruthy();

    await fireEvent.keyDown(tabs[4]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tabs[0]);
    await fireEvent.keyDown(tabs[0]!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(tabs[4]);
    await fireEvent.keyDown(tabs[4]!, { key: 'Home' });
    expect(document.activeElement).toBe(tabs[0]);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('selects a tab by click and shows only that panel', async () => {
    const { frame, config } = tenStepsAt(3500);
    render(Inspectors, { frame, config, user: 'u1', charts: {}, onchart: () => {} });
    await fireEvent.click(screen.getByRole('tab', { name: 'Session store' }));
    expect(screen.getAllByRole('tabpanel')).toHaveLength(1);
    expect(within(screen.getByRole('tabpanel')).getByRole('table', { name: /SESSIONS table/ })).toBeTruthy();
    expect(screen.queryByText('v544d031')).toBeNull();
  });
});
