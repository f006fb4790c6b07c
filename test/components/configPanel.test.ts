// The configuration panel: a change only to plugin-cfg.xml's ServerCluster and Server attributes is an
// edit of the file now (the run goes on); any other change starts the run again from 0 s.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/model/config.ts';
import ConfigPanel from '../../src/ui/ConfigPanel.svelte';

const config = defaultConfig({ members: 2, processes: 2 });
const panel = () => {
  const onapply = vi.fn();
  const onedit = vi.fn();
  render(ConfigPanel, { config, opened: config, now: 2500, onapply, onedit, onclose: () => {} });
  return { onapply, onedit, what: () => document.querySelector('.what')!.textContent!.replace(/\s+/g, ' ') };
};

describe('ConfigPanel', () => {
  it('edits plugin-cfg.xml now when only the attributes the plug-in reads again change, and says so first', async () => {
    const { onapply, onedit, what } = panel();
    expect(what()).toMatch(/Nothing changed yet/);
    await fireEvent.input(screen.getByRole('textbox', { name: 'RetryInterval' }), {
      target: { value: '10' },
    });
    expect(what()).toMatch(
      /Edits plugin-cfg\.xml at 2\.500s; the run goes on, and each web server process reads the file again with the first request it takes once 60 s \(RefreshInterval\) have passed since its last check/,
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Apply 1 change' }));
    expect(onedit).toHaveBeenCalledWith([{ path: 'plugin.cluster.retryInterval', value: '10' }]);
    expect(onapply).not.toHaveBeenCalled();
  });

  it('starts the run again when any change is read only at a start', async () => {
    const { onapply, onedit, what } = panel();
    await fireEvent.input(screen.getByRole('textbox', { name: 'RetryInterval' }), {
      target: { value: '10' },
    });
    await fireEvent.input(screen.getByRole('textbox', { name: 'RefreshInterval' }), {
      target: { value: '5' },
    });
    expect(what()).toMatch(/Starts the run again from 0 s and replays the actions made so far up to 2\.500s/);
    await fireEvent.click(screen.getByRole('button', { name: 'Apply 2 changes' }));
    expect(onedit).not.toHaveBeenCalled();
    const [applied, changed, sets] = onapply.mock.calls[0]!;
    expect(applied.plugin.cluster.retryInterval).toBe(10);
    expect(applied.plugin.refreshInterval).toBe(5);
    expect(changed).toEqual(
      expect.arrayContaining(['plugin.cluster.retryInterval', 'plugin.refreshInterval']),
    );
    // The same changes as --set and the address write them.
    expect([...sets].sort()).toEqual(['plugin.cluster.retryInterval=10', 'plugin.refreshInterval=5']);
  });

  it("keeps the run's settings the form has no field for (an imported file's names), and hands on the form's", async () => {
    const opened = defaultConfig({ members: 2, processes: 2 });
    const imported = structuredClone(opened);
    imported.plugin.cluster.servers[0]!.memberName = 'nodeA_shop1';
    imported.plugin.cluster.servers[0]!.cloneId = 'abc';
    imported.plugin.cluster.retryInterval = 10;
    const kept = [
      'plugin.cluster.servers[0].memberName=nodeA_shop1',
      'plugin.cluster.servers[0].cloneId=abc',
      'plugin.cluster.retryInterval=10',
    ];
    const onapply = vi.fn();
    render(ConfigPanel, {
      config: imported,
      opened,
      kept,
      now: 0,
      onapply,
      onedit: () => {},
      onclose: () => {},
    });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Service time' }), {
      target: { value: '50' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Apply 1 change' }));
    const [applied, , sets] = onapply.mock.calls[0]!;
    expect(applied.plugin.cluster.servers[0].memberName).toBe('nodeA_shop1');
    expect(sets).toEqual([
      'plugin.cluster.servers[0].memberName=nodeA_shop1',
      'plugin.cluster.servers[0].cloneId=abc',
      'plugin.cluster.retryInterval=10',
      'memberRuntime.serviceTime=50',
    ]);
  });

  it('starts again from the configuration the run started with: an edit of plugin-cfg.xml made during the run stays an edit', async () => {
    const edited = structuredClone(config);
    edited.plugin.cluster.retryInterval = 10;
    const onapply = vi.fn();
    render(ConfigPanel, {
      config: edited,
      base: config,
      opened: config,
      now: 70_000,
      onapply,
      onedit: vi.fn(),
      onclose: () => {},
    });
    expect((screen.getByRole('textbox', { name: 'RetryInterval' }) as HTMLInputElement).value).toBe('10');
    await fireEvent.input(screen.getByRole('textbox', { name: 'RefreshInterval' }), {
      target: { value: '5' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Apply 1 change' }));
    const [applied, changed] = onapply.mock.calls[0]!;
    expect(applied.plugin.cluster.retryInterval).toBe(60);
    expect(applied.plugin.refreshInterval).toBe(5);
    expect(changed).toEqual(['plugin.refreshInterval']);
  });

  it('keeps a change on its way when the configuration at the instant changes under it', async () => {
    const { rerender } = render(ConfigPanel, {
      config,
      opened: config,
      now: 0,
      onapply: vi.fn(),
      onedit: vi.fn(),
      onclose: () => {},
    });
    await fireEvent.input(screen.getByRole('textbox', { name: 'RetryInterval' }), {
      target: { value: '10' },
    });
    const later = structuredClone(config);
    later.plugin.cluster.loadBalance = 'Random';
    await rerender({ config: later });
    expect((screen.getByRole('textbox', { name: 'RetryInterval' }) as HTMLInputElement).value).toBe('10');
    expect(screen.getByRole('button', { name: 'Apply 1 change' })).toBeTruthy();
    // Applied (the configuration now holds it), it leaves the form.
    const applied = structuredClone(later);
    applied.plugin.cluster.retryInterval = 10;
    await rerender({ config: applied });
    expect(screen.queryByRole('button', { name: 'Apply 1 change' })).toBeNull();
  });
});
