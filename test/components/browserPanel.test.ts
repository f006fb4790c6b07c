import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { LabConfig } from '../../src/model/config.ts';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { project, type Frame } from '../../src/simulation/frame.ts';
import { World, type RunSpec } from '../../src/simulation/world.ts';
import BrowserPanel from '../../src/ui/BrowserPanel.svelte';
import { authoring, get, lab, post, run } from '../helpers.ts';

/** The ten-steps run at `t`, with the spec adjusted by `change`. */
function tenStepsAt(t: number, change: (s: RunSpec & { config: LabConfig }) => void = () => {}): Frame {
  const spec = runSpecOf(tenSteps);
  change(spec);
  const w = new World(spec);
  w.runUntil(t);
  return project(w);
}

const page = (): HTMLElement => screen.getByRole('article', { name: 'Page shown to u1' });

describe('BrowserPanel', () => {
  it('shows the page PluginMember2 served after the failover, with the node as the Portal shows it', () => {
    render(BrowserPanel, { frame: tenStepsAt(3500), user: 'u1', onuser: () => {} });
    expect(screen.getByTitle('Address').textContent).toBe('www.example.com/snoop');
    expect(screen.getByText('JSESSIONID=0001A2MB4IJozU_VM8IffsMNfdR:v544d031:v544d0o0')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Shop' })).toBeTruthy();
    expect(page().textContent).toContain('Served by PluginMember2 on node was2node');
    expect(page().textContent).toMatch(/Counter\s*5/);
    expect(page().textContent).toMatch(/Cart\s*empty/);
    expect(page().textContent).toContain('HTTP status 200');
    expect(page().textContent).not.toContain('New session');
    expect(page().textContent).not.toContain('Waiting');
  });

  it('shows a long cart as its count and latest items, so that the page keeps its size', () => {
    const w = new World(runSpecOf(sandboxScenario({ members: 3, processes: 2, users: 6 })));
    w.runUntil(600_000);
    const frame = project(w);
    const long = frame.browsers.find((b) => (b.lastPage?.cart?.length ?? 0) > 3)!;
    const cart = long.lastPage!.cart!;
    render(BrowserPanel, { frame, user: long.user, onuser: () => {} });
    const dd = screen.getByText('Cart').nextElementSibling!;
    expect(dd.textContent).toBe(`${cart.length} items: …, ${cart.slice(-3).join(', ')}`);
  });

  it("shows the Authoring portlet's screen, and its restart at screen 1 after a failover", () => {
    const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1' }];
    const config = lab((c) => {
      c.portal.enabled = true;
      c.portal.portletsSupportFailover = true;
      c.portal.redirectPostAfterFailover = false;
    });
    const spec = {
      config,
      sessions: owner,
      interventions: [authoring(500, 'title'), authoring(1000, 'body')],
    };
    const first = render(BrowserPanel, { frame: project(run(spec, 1500)), user: 'u1', onuser: () => {} });
    expect(page().textContent).toContain('Screen 3 of 3; so far: title, body.');
    first.unmount();
    const crashed = {
      ...spec,
      interventions: [
        ...spec.interventions,
        { at: 1200, action: { kind: 'crash' as const, member: 'PluginMember1' } },
        authoring(1500, 'publish'),
      ],
    };
    render(BrowserPanel, { frame: project(run(crashed, 2500)), user: 'u1', onuser: () => {} });
    expect(page().textContent).toContain('Back at screen 1 of 3');
    expect(page().textContent).toContain('Served by PluginMember2');
  });

  it('shows the earlier page from PluginMember1 while the request is on its way', () => {
    render(BrowserPanel, { frame: tenStepsAt(3010), user: 'u1', onuser: () => {} });
    expect(page().textContent).toContain('Waiting for a response…');
    expect(page().textContent).toContain('Served by PluginMember1 on node was1node');
    expect(page().textContent).toMatch(/Counter\s*4/);
  });

  it('shows the 500 error page when every member is down', () => {
    const frame = tenStepsAt(3500, (s) => {
      s.interventions = [
        ...(s.interventions ?? []),
        { at: 2500, action: { kind: 'crash', member: 'PluginMember2' } },
      ];
    });
    render(BrowserPanel, { frame, user: 'u1', onuser: () => {} });
    expect(screen.getByRole('heading', { name: /500 Internal Server Error/ })).toBeTruthy();
    expect(page().textContent).toContain('Every cluster member is marked down or failed');
    expect(page().textContent).not.toContain('Served by');
  });

  it('shows the 503 error page when every member is at MaxConnections for this process', () => {
    const config = lab((c) => {
      for (const server of c.plugin.cluster.servers) server.maxConnections = 1;
      c.memberRuntime.serviceTime = 5000;
    });
    const frame = project(
      run({ config, interventions: [get('u1', 0), get('u2', 100), get('u3', 200)] }, 1000),
    );
    render(BrowserPanel, { frame, user: 'u3', onuser: () => {} });
    const shown = screen.getByRole('article', { name: 'Page shown to u3' });
    expect(screen.getByRole('heading', { name: /503 Service Unavailable/ })).toBeTruthy();
    expect(shown.textContent).toContain('Every cluster member has reached MaxConnections');
    expect(shown.textContent).not.toContain('Served by');
  });

  it('warns that the session is new when nothing kept it (no persistence)', () => {
    const frame = tenStepsAt(3500, (s) => (s.config.sessionManager.persistence = 'none'));
    render(BrowserPanel, { frame, user: 'u1', onuser: () => {} });
    expect(page().textContent).toContain('New session');
    expect(page().textContent).toMatch(/Counter\s*1/);
    expect(page().textContent).toContain('Served by PluginMember2 on node was2node');
  });

  it('shows "Portlet unavailable" when a Portal portlet does not support failover', () => {
    const frame = tenStepsAt(3500, (s) => (s.config.portal.enabled = true));
    render(BrowserPanel, { frame, user: 'u1', onuser: () => {} });
    expect(screen.getByRole('heading', { name: 'Portal' })).toBeTruthy();
    expect(page().textContent).toContain('Portlet unavailable');
  });

  it('shows a form whose POST data the Portal redirect lost, until the next request', () => {
    const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 2 }];
    const spec = (extra: RunSpec['interventions'] = []): RunSpec => ({
      config: lab((c) => {
        c.portal.enabled = true;
        c.portal.portletsSupportFailover = true;
      }),
      seed: 1,
      sessions: owner,
      interventions: [
        { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
        post('u1', 1000, 4, 'lamp'),
        ...(extra ?? []),
      ],
    });
    const lost = project(run(spec(), 3000));
    const { unmount } = render(BrowserPanel, { frame: lost, user: 'u1', onuser: () => {} });
    expect(page().textContent).toMatch(/Form data lost\..*\/shop\/cart \(4 KB\).*GET/s);
    // The address bar shows where the browser went: the GET the redirect asked for.
    expect(screen.getByTitle('Address').textContent).toBe('www.example.com/shop/cart');
    unmount();
    const later = project(run(spec([get('u1', 4000)]), 6000));
    render(BrowserPanel, { frame: later, user: 'u1', onuser: () => {} });
    expect(page().textContent).not.toContain('Form data lost');
  });

  it('names the session cookie as the session manager does', () => {
    const frame = tenStepsAt(3500, (s) => (s.config.sessionManager.cookieName = 'PORTALSESSION'));
    render(BrowserPanel, { frame, user: 'u1', onuser: () => {} });
    expect(screen.getByText(/^PORTALSESSION=0001A2MB4IJozU_VM8IffsMNfdR/)).toBeTruthy();
  });

  it('says so before the first request', () => {
    render(BrowserPanel, { frame: tenStepsAt(100), user: 'u1', onuser: () => {} });
    expect(page().textContent).toContain('No page yet');
    expect(screen.getByText(/JSESSIONID=0000A2MB4IJozU_VM8IffsMNfdR:v544d031/)).toBeTruthy();
  });

  it('offers every user of a 300-user sandbox and reports the choice', async () => {
    const w = new World(runSpecOf(sandboxScenario({ members: 3, processes: 2, users: 300 })));
    w.runUntil(20000);
    const frame = project(w);
    const onuser = vi.fn();
    render(BrowserPanel, { frame, user: 'u151', onuser });
    const select = screen.getByRole('combobox', { name: 'User' }) as HTMLSelectElement;
    expect(select.options).toHaveLength(300);
    expect(select.value).toBe('u151');
    const u151 = frame.browsers.find((b) => b.user === 'u151')!;
    expect(screen.getByText(`JSESSIONID=${u151.cookie}`)).toBeTruthy();
    await fireEvent.change(select, { target: { value: 'u42' } });
    expect(onuser).toHaveBeenCalledExactlyOnceWith('u42');
  });

  it('says when the chosen user has no browser in this run', () => {
    render(BrowserPanel, { frame: tenStepsAt(3500), user: 'u9', onuser: () => {} });
    expect(screen.getByText('No browser for user u9 in this run.')).toBeTruthy();
  });
});
