// Something the page does at most once every so many milliseconds of wall time: at once when it last did
// it that long ago, else once when it will be, however often it is asked meanwhile. The address bar
// (addressBar.ts) and the messages to the presenter's notes window (notesLink.ts) are paced so.

export class AtMostEvery {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #doneAt = -Infinity;
  readonly #ms: number;
  readonly #run: () => boolean;

  /** `run` does it, and says whether it did: a time it had nothing to do does not count. */
  constructor(ms: number, run: () => boolean) {
    this.#ms = ms;
    this.#run = run;
  }

  /** Done now, or as soon as the pace allows. */
  ask(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#doneAt + this.#ms - performance.now());
    if (wait === 0) this.now();
    else this.#timer = setTimeout(() => this.now(), wait);
  }

  /** Done now, whatever the pace (a time waited for is not waited for any more). */
  now(): void {
    this.stop();
    if (this.#run()) this.#doneAt = performance.now();
  }

  /** Nothing waits to be done. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
