import { describe, expect, it } from 'vitest';
import { Lazy } from '../../src/app/lazy.svelte.ts';

describe('Lazy (parts of the page loaded on demand)', () => {
  it('loads once however often it is started, then holds the value', async () => {
    let calls = 0;
    const lazy = new Lazy(async () => {
      calls++;
      return 'part';
    });
    expect(lazy.value).toBeNull();
    lazy.start();
    lazy.start();
    expect(lazy.loading).toBe(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(lazy.value).toBe('part');
    lazy.start();
    expect(calls).toBe(1);
  });

  it('says why a part could not be loaded', async () => {
    const lazy = new Lazy(() => Promise.reject(new Error('offline')));
    lazy.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(lazy.value).toBeNull();
    expect(lazy.error).toBe('Error: offline');
  });
});
