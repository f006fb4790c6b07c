// What can wait runs when the browser is idle, or after a while where it cannot tell.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenIdle } from '../../src/app/whenVisible.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('whenIdle', () => {
  it('waits for the browser to be idle, within the time given', () => {
    const idle = vi.fn();
    vi.stubGlobal('requestIdleCallback', idle);
    const run = vi.fn();
    whenIdle(run, 1500);
    expect(run).not.toHaveBeenCalled();
    expect(idle.mock.calls[0]![1]).toEqual({ timeout: 1500 });
    idle.mock.calls[0]![0]();
    expect(run).toHaveBeenCalledOnce();
  });

  it('runs after a second where the browser has no idle callback', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    vi.useFakeTimers();
    const run = vi.fn();
    whenIdle(run);
    vi.advanceTimersByTime(999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledOnce();
  });
});
