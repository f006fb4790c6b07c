// The lab's own page keeps its address on what it shows, so that a copied link opens that moment again
// (urlState.ts). It replaces the address rather than adding to the browser's history, at most once every
// MIN_MS (browsers refuse a page that rewrites its address hundreds of times a minute), and not while the
// run plays: a browser draws a frame for each change of address, and the moment is the one it stops at.
// The address the page was opened with stays until the lab shows something else: it opens this moment.

import { AtMostEvery } from './atMostEvery.ts';

export const MIN_MS = 250;

export class AddressFollower {
  readonly #pace = new AtMostEvery(MIN_MS, () => this.#flush());
  #written = false;
  #next = '';
  /** The first address asked for: the one the page was opened with already opens it. */
  #opened: string | null = null;
  readonly #write: (query: string) => void;
  readonly #current: () => string;

  /** `write` puts a query string in the address; `current` is the one there now. */
  constructor(write: (query: string) => void, current: () => string) {
    this.#write = write;
    this.#current = current;
  }

  /** The address should be `query`: written now, or as soon as the pace allows (the latest one then). */
  follow(query: string, playing: boolean): void {
    if (this.#opened === null) this.#opened = query;
    if (playing) {
      this.stop();
      return;
    }
    this.#next = query;
    this.#pace.ask();
  }

  stop(): void {
    this.#pace.stop();
  }

  /** Writes the address asked for last; false when there is nothing to write. */
  #flush(): boolean {
    // Nothing changed since the page opened (whatever form its address has), or the address says it.
    if (this.#next === this.#opened && !this.#written) return false;
    if (this.#next === this.#current()) return false;
    this.#written = true;
    this.#write(this.#next);
    return true;
  }
}
