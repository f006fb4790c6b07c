// The lab's own page keeps its address on what it shows, so that a copied link opens that moment again
// (urlState.ts). It replaces the address rather than adding to the browser's history, and at most once
// every MIN_MS (every PLAYING_MS while the run plays): browsers refuse a page that rewrites its address
// hundreds of times a minute, and nobody copies a link mid-flight.

export const MIN_MS = 250;
export const PLAYING_MS = 1000;

export class AddressFollower {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writtenAt = -Infinity;
  #next = '';
  readonly #write: (query: string) => void;
  readonly #current: () => string;

  /** `write` puts a query string in the address; `current` is the one there now. */
  constructor(write: (query: string) => void, current: () => string) {
    this.#write = write;
    this.#current = current;
  }

  /** The address should be `query`: written now, or as soon as the pace allows (the latest one then). */
  follow(query: string, playing: boolean): void {
    this.#next = query;
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#writtenAt + (playing ? PLAYING_MS : MIN_MS) - performance.now());
    if (wait === 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.#next === this.#current()) return;
    this.#writtenAt = performance.now();
    this.#write(this.#next);
  }
}
