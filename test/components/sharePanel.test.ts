import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runFileOf } from '../../src/io/runFile.ts';
import type { AddressState } from '../../src/io/urlState.ts';
import SharePanel from '../../src/ui/SharePanel.svelte';
import { pluginCfgXml } from '../../src/io/pluginCfgXml.ts';
import { lab } from '../helpers.ts';

const run: AddressState = {
  scenario: 'ten-steps',
  sandbox: null,
  seed: 2,
  sets: [],
  actions: ['1.5 crash PluginMember2'],
  trying: null,
  moment: { t: 3000 },
  speed: 1,
  paced: true,
  panel: null,
};
const link = 'https://lab.example/?v=1&scenario=ten-steps&seed=2&at=1.5+crash+PluginMember2&t=3';

/** A lab element whose topology is a small drawing, or none. */
function labWith(drawn: boolean): HTMLElement {
  const lab = document.createElement('main');
  if (drawn)
    lab.innerHTML =
      '<figure class="topology"><svg class="canvas" viewBox="0 0 10 10"><title>x</title><rect class="node" width="5" height="5"></rect><text>PluginMember1</text></svg></figure>';
  document.body.append(lab);
  return lab;
}

function panel(drawn = false) {
  const onopenrun = vi.fn();
  const onexport = vi.fn((format: 'mermaid' | 'markdown', about: string[]) =>
    Promise.resolve(`the ${format} text: ${about.join(' / ')}`),
  );
  render(SharePanel, {
    link,
    run,
    title: 'Ten steps',
    lab: labWith(drawn),
    config: lab(),
    onopenrun,
    onexport,
    onclose: () => {},
  });
  return onopenrun;
}

/** What the panel downloads: each file's name and text. */
function downloads() {
  const saved: { name: string; blob: Blob }[] = [];
  let last: Blob | null = null;
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: (b: Blob) => ((last = b), 'blob:x'), revokeObjectURL: () => {} }),
  );
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push({ name: this.download, blob: last! });
  });
  return { saved, restore: () => click.mockRestore() };
}

/** Chooses `text` as a file named `name` in the panel's file input. */
async function choose(name: string, text: string): Promise<void> {
  const input = screen.getByLabelText('Open a saved run') as HTMLInputElement;
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await fireEvent.change(input);
}

afterEach(() => vi.unstubAllGlobals());

describe('SharePanel', () => {
  it('shows the link to this moment and copies it', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    panel();
    expect((screen.getByRole('textbox', { name: 'Link to this moment' }) as HTMLInputElement).value).toBe(
      link,
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(link);
    await waitFor(() => expect(screen.getByText('Copied.')).toBeTruthy());
  });

  it('saves the run as a file named after it', async () => {
    const { saved, restore } = downloads();
    panel();
    await fireEvent.click(screen.getByRole('button', { name: 'Save the run' }));
    expect(saved.map((f) => f.name)).toEqual(['failover-lab-ten-steps-seed2-t3s.json']);
    expect(await saved[0]!.blob.text()).toBe(runFileOf(run));
    restore();
  });

  it('writes the run out for documents, and says why when it cannot', async () => {
    const { saved, restore } = downloads();
    panel(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Mermaid sequence diagram' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Markdown transcript' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Topology as SVG' }));
    await fireEvent.click(screen.getByRole('button', { name: 'plugin-cfg.xml' }));
    await waitFor(() => expect(saved).toHaveLength(4));
    expect(await saved[3]!.blob.text()).toBe(pluginCfgXml(lab()));
    expect(saved.map((f) => f.name)).toEqual([
      'failover-lab-ten-steps-seed2-t3s.mmd',
      'failover-lab-ten-steps-seed2-t3s.md',
      'failover-lab-ten-steps-seed2-t3s.svg',
      'plugin-cfg.xml',
    ]);
    expect(await saved[0]!.blob.text()).toBe(
      `the mermaid text: Run: \`ten-steps\`, seed 2, up to 3.000s / Actions: \`1.5 crash PluginMember2\` / Link: <${link}>`,
    );
    const svg = await saved[2]!.blob.text();
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('<title>Ten steps at 3.000s</title>');
    expect(svg).toContain('PluginMember1');
    expect(svg).not.toContain('class=');
    restore();
  });

  it('says the topology is not drawn yet when it is not', async () => {
    panel();
    await fireEvent.click(screen.getByRole('button', { name: 'Topology as SVG' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not saved: the topology is not drawn yet.');
  });

  it('opens a saved run, and refuses a bad file whole with each problem named, as text', async () => {
    const onopenrun = panel();
    await choose('<b>mine</b>.json', '{"format":"failover-lab run","version":9}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That file was not opened; the run you have is as it was.');
    expect(alert.textContent).toContain('<b>mine</b>.json: a run file of version 9');
    expect(alert.querySelector('b')).toBeNull();
    expect(onopenrun).not.toHaveBeenCalled();
    await choose('run.json', runFileOf(run));
    await waitFor(() => expect(onopenrun).toHaveBeenCalledOnce());
    expect(onopenrun.mock.calls[0]![0]).toEqual({
      scenario: 'ten-steps',
      seed: 2,
      actions: ['1.5 crash PluginMember2'],
      moment: { t: 3000 },
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Opened run.json.')).toBeTruthy();
  });

  it('says when the run has more actions than a link carries, and to save it instead', () => {
    render(SharePanel, {
      link,
      run: { ...run, actions: Array.from({ length: 201 }, (_, i) => `${i} crash PluginMember1`) },
      title: 'Ten steps',
      lab: labWith(false),
      config: lab(),
      onopenrun: () => {},
      onexport: () => Promise.resolve(''),
      onclose: () => {},
    });
    expect(screen.getByRole('alert').textContent!.replace(/\s+/g, ' ')).toMatch(
      /more actions \(201\) than a link carries .* Save the run instead\./,
    );
  });
});
