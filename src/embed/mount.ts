// The entry a page (or a docs site) uses: mount(target, options) → { destroy }. Each call owns its own
// playback session.

import { mount as mountComponent, unmount } from 'svelte';
import App from '../app/App.svelte';

export interface MountOptions {
  /** Scenario id, e.g. `ten-steps`. */
  scenario?: string;
  seed?: number;
}

export function mount(target: HTMLElement, options: MountOptions = {}): { destroy: () => void } {
  const app = mountComponent(App, { target, props: { ...options } });
  return { destroy: () => void unmount(app) };
}
