// The entry a page (or a docs site) uses: mount(target, options) → { destroy }. Each call owns its own
// playback session.

import { mount as mountComponent, unmount } from 'svelte';
import App from '../app/App.svelte';
import '../app/theme.css';
import type { LabOptions } from '../io/urlState.ts';

export interface MountOptions extends LabOptions {
  /** Problems found in the options (e.g. URL parameters), shown to the user. */
  errors?: string[];
  /**
   * The page's address follows what the lab shows, so that a copied link opens that moment again: for
   * the lab's own page only (a page that embeds the lab keeps its address).
   */
  followAddress?: boolean;
  /** The full lab's page, for the links the lab gives (Share): this page's own address if not given. */
  labUrl?: string;
}

export function mount(target: HTMLElement, options: MountOptions = {}): { destroy: () => void } {
  const app = mountComponent(App, { target, props: { options } });
  return { destroy: () => void unmount(app) };
}
