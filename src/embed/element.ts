// `<failover-lab scenario="ten-steps" seed="1" at="3.02">`: the lab as a custom element, an ES module of
// its own (dist/failover-lab.js) that a docs page loads with one script tag. Each element is a lab of
// its own (its own simulation, its own state); several may share a page. Its attributes are the
// embedded lab's address keys (urlState.ts): scenario, seed, at (the instant to open at, in simulated
// seconds), show, autoplay, beat, members, processes, users, speed, pace, set (`path=value`, several
// one after another with spaces; a value may have spaces of its own) and lab-url (the full lab's page, for its "Open in the full lab" link).
// A bad attribute is named in the lab, which opens with the rest.

import type { MountOptions } from './mount.ts';
import { assignmentsOf } from '../model/assignments.ts';

/** The attributes read, and the address key each is. */
const KEYS: Record<string, string> = {
  scenario: 'scenario',
  seed: 'seed',
  at: 't',
  show: 'show',
  beat: 'beat',
  members: 'members',
  processes: 'processes',
  users: 'users',
  speed: 'speed',
  pace: 'pace',
};

export class FailoverLabElement extends HTMLElement {
  static observedAttributes = [...Object.keys(KEYS), 'autoplay', 'set', 'lab-url'];
  #lab: { destroy: () => void } | null = null;
  /** Which start is the latest: an element moved or changed meanwhile starts again. */
  #starts = 0;

  connectedCallback(): void {
    void this.#start();
  }

  disconnectedCallback(): void {
    this.#starts++;
    this.#lab?.destroy();
    this.#lab = null;
  }

  attributeChangedCallback(): void {
    // A change once running opens the lab again with the new attributes.
    if (this.#lab) {
      this.#lab.destroy();
      this.#lab = null;
      void this.#start();
    }
  }

  /** The embedded lab's address the attributes make. */
  query(): string {
    const p = new URLSearchParams({ embed: '1' });
    for (const [attribute, key] of Object.entries(KEYS)) {
      const v = this.getAttribute(attribute);
      if (v !== null) p.append(key, v);
    }
    if (this.hasAttribute('autoplay')) p.append('autoplay', '1');
    // Settings one after another, a value's own spaces kept (`loadBalance=Round Robin retryInterval=10`).
    const words = (this.getAttribute('set') ?? '').split(/\s+/).filter(Boolean);
    const sets = assignmentsOf(words);
    if (sets) for (const { path, value } of sets) p.append('set', `${path}=${value}`);
    else if (words.length > 0) p.append('set', words.join(' '));
    return `?${p}`;
  }

  /** Attributes the element does not read, named in the lab. */
  #unknown(): string[] {
    const known = new Set([
      ...FailoverLabElement.observedAttributes,
      'id',
      'class',
      'style',
      'title',
      'hidden',
      'lang',
    ]);
    return this.getAttributeNames()
      .filter((a) => !known.has(a) && !a.startsWith('data-') && !a.startsWith('aria-'))
      .map(
        (a) =>
          `failover-lab attribute ${a}: unknown (known: ${FailoverLabElement.observedAttributes.join(', ')}); ignored`,
      );
  }

  async #start(): Promise<void> {
    const start = ++this.#starts;
    const [{ parseLabQuery }, { mount }] = await Promise.all([
      import('../io/urlState.ts'),
      import('./mount.ts'),
    ]);
    if (start !== this.#starts || !this.isConnected) return;
    const { options, errors } = parseLabQuery(this.query(), 'failover-lab attribute');
    const lab: MountOptions = {
      ...options,
      errors: [
        ...this.#unknown(),
        ...errors.map((e) => e.replace(/^failover-lab attribute t=/, 'failover-lab attribute at=')),
      ],
      // The full lab is the page beside this module unless told.
      labUrl: this.getAttribute('lab-url') ?? new URL(/* @vite-ignore */ './', import.meta.url).href,
    };
    this.#lab = mount(this, lab);
  }
}

if (!customElements.get('failover-lab')) customElements.define('failover-lab', FailoverLabElement);

/** What a page may give mount(): the embedded lab's address keys (as the element's attributes take them). */
export type EmbedMountOptions = Record<string, string | number | boolean | readonly string[]>;

/**
 * Mounts a lab on `target` (mount(element, options) → { destroy }), for a page that would rather call a
 * function than write an element: `mount(el, { scenario: 'ten-steps', at: 3.02, show: 'topology,lesson' })`.
 * The options are the element's attributes; a bad one is named in the lab, which opens with the rest.
 */
export function mount(target: HTMLElement, options: EmbedMountOptions = {}): { destroy: () => void } {
  const element = document.createElement('failover-lab') as FailoverLabElement;
  for (const [key, value] of Object.entries(options)) {
    if (value === false) continue;
    element.setAttribute(
      key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      value === true ? '' : Array.isArray(value) ? value.join(' ') : String(value),
    );
  }
  target.append(element);
  return { destroy: () => element.remove() };
}
