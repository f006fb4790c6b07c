import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runFileOf } from '../../src/io/runFile.ts';
import type { AddressState } from '../../src/io/urlState.ts';
import SharePanel from '../../src/ui/SharePanel.svelte';

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

function panel() {
  const onopenrun = vi.fn();
  render(SharePanel, { link, run, onopenrun, onclose: () => {} });
  return onopenrun;
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
    const blobs: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: (b: Blob) => (blobs.push(b), 'blob:run'),
        revokeObjectURL: () => {},
      }),
    );
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    panel();
    await fireEvent.click(screen.getByRole('button', { name: 'Save the run' }));
    expect(clicked).toEqual(['failover-lab-ten-steps-seed2-t3s.json']);
    expect(await blobs[0]!.text()).toBe(runFileOf(run));
    click.mockRestore();
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
});
