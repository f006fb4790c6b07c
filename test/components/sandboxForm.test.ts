import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SandboxForm from '../../src/ui/SandboxForm.svelte';

const size = { members: 3, processes: 2, users: 6 };

describe('SandboxForm', () => {
  it('starts a new run of the size entered', async () => {
    const onapply = vi.fn();
    render(SandboxForm, { size, onapply });
    await fireEvent.input(screen.getByLabelText('Cluster members'), { target: { value: '8' } });
    await fireEvent.input(screen.getByLabelText('Users'), { target: { value: '200' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start a new run' }));
    expect(onapply).toHaveBeenCalledWith({ members: 8, processes: 2, users: 200 });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names every value out of range and leaves the run alone', async () => {
    const onapply = vi.fn();
    render(SandboxForm, { size, onapply });
    await fireEvent.input(screen.getByLabelText('Cluster members'), { target: { value: '13' } });
    await fireEvent.input(screen.getByLabelText('Web server processes'), { target: { value: '1.5' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start a new run' }));
    expect(onapply).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain(
      'Cluster members: must be a whole number from 1 to 12, got "13"',
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'Web server processes: must be a whole number from 1 to 8, got "1.5"',
    );
    expect(screen.getByLabelText('Cluster members').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Users').getAttribute('aria-invalid')).toBe('false');
  });
});
