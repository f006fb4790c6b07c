// The lab's end of the presenter's notes (presenterNotes.ts): it tells the notes window what the lab shows,
// at most once every MIN_MS and only when that changed, and hands the window's commands to the lab.
// Loaded only once the presenter has asked for notes (or the tab had them before a reload).

import { AtMostEvery } from './atMostEvery.ts';
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
  readonly #pace = new AtMostEvery(MIN_MS, () => this.#flush());
  #state: NotesState | null = null;
  /** The last state sent, as text: the same again is not sent. */
  #sent = '';
  readonly #gone = (): void => this.#post({ kind: 'gone' });
  /** Back from the browser's back-forward cache: the notes window said "gone"; it hears the state again. */
  readonly #back = (e: PageTransitionEvent): void => {
    if (!e.persisted) return;
    this.#sent = '';
    this.#pace.now();
  };

  constructor(id: string, onCommand: (command: NotesCommand) => void) {
    this.#channel = new BroadcastChannel(notesChannel(id));
    this.#channel.onmessage = (e: MessageEvent) => {
      const m = readNotesMessage(e.data);
      if (m?.kind === 'hello') {
        // A notes window (new, or reloaded) asks: it gets the state at once.
        this.#sent = '';
        this.#pace.now();
      } else if (m?.kind === 'command') onCommand(m.command);
    };
    addEventListener('pagehide', this.#gone);
    addEventListener('pageshow', this.#back);
  }

  /** The lab now shows `state`: the notes window hears of it within MIN_MS. */
  update(state: NotesState): void {
    this.#state = state;
    this.#pace.ask();
  }

  close(): void {
    this.#pace.stop();
    this.#gone();
    removeEventListener('pagehide', this.#gone);
    removeEventListener('pageshow', this.#back);
    this.#channel.close();
  }

  /** Sends the state, unless it is the one sent last; false when nothing was sent. */
  #flush(): boolean {
    if (!this.#state) return false;
    const text = JSON.stringify(this.#state);
    if (text === this.#sent) return false;
    this.#sent = text;
    this.#post(this.#state);
    return true;
  }

  #post(m: NotesMessage): void {
    this.#channel.postMessage(m);
  }
}
