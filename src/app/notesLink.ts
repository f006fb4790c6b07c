// The lab's end of the presenter's notes (presenterNotes.ts): it tells the notes window what the lab shows,
// at most once every MIN_MS and only when that changed, and hands the window's commands to the lab.
// Loaded only once the presenter has asked for notes (or the tab had them before a reload).

import {
  notesChannel,
  readNotesMessage,
  type NotesCommand,
  type NotesMessage,
  type NotesState,
} from './presenterNotes.ts';

/** The shortest time between two messages to the notes window (ms): a playing run changes every frame. */
export const MIN_MS = 250;

export class NotesLink {
  readonly #channel: BroadcastChannel;
  #state: NotesState | null = null;
  /** The last state sent, as text: the same again is not sent. */
  #sent = '';
  #sentAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #gone = (): void => this.#post({ kind: 'gone' });
  /** Back from the browser's back-forward cache: the notes window said "gone"; it hears the state again. */
  readonly #back = (e: PageTransitionEvent): void => {
    if (!e.persisted) return;
    this.#sent = '';
    this.#flush();
  };

  constructor(id: string, onCommand: (command: NotesCommand) => void) {
    this.#channel = new BroadcastChannel(notesChannel(id));
    this.#channel.onmessage = (e: MessageEvent) => {
      const m = readNotesMessage(e.data);
      if (m?.kind === 'hello') {
        // A notes window (new, or reloaded) asks: it gets the state at once.
        this.#sent = '';
        this.#flush();
      } else if (m?.kind === 'command') onCommand(m.command);
    };
    addEventListener('pagehide', this.#gone);
    addEventListener('pageshow', this.#back);
  }

  /** The lab now shows `state`: the notes window hears of it within MIN_MS. */
  update(state: NotesState): void {
    this.#state = state;
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#sentAt + MIN_MS - performance.now());
    if (wait === 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#gone();
    removeEventListener('pagehide', this.#gone);
    removeEventListener('pageshow', this.#back);
    this.#channel.close();
  }

  #flush(): void {
    this.#timer = undefined;
    if (!this.#state) return;
    const text = JSON.stringify(this.#state);
    if (text === this.#sent) return;
    this.#sent = text;
    this.#sentAt = performance.now();
    this.#post(this.#state);
  }

  #post(m: NotesMessage): void {
    this.#channel.postMessage(m);
  }
}
