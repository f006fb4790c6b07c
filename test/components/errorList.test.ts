import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ErrorList from '../../src/ui/ErrorList.svelte';

describe('ErrorList', () => {
  it('shows each message as text, never as markup, and dismisses', async () => {
    const ondismiss = vi.fn();
    render(ErrorList, { errors: ['URL parameter scenario=<b>x</b>: no such scenario'], ondismiss });
    expect(screen.getByRole('alert').textContent).toContain('scenario=<b>x</b>');
    expect(screen.getByRole('alert').querySelector('b')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(ondismiss).toHaveBeenCalledOnce();
  });

  it('renders nothing without errors', () => {
    const { container } = render(ErrorList, { errors: [], ondismiss: () => {} });
    expect(container.querySelector('[role=alert]')).toBeNull();
  });
});
