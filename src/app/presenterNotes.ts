// The presenter's notes: a second window, on the presenter's own screen, that shows where the lesson
// stands, what comes next and the answer to the question the audience is asked, and that walks the lab
// on the projector. The two windows talk over a BroadcastChannel of their own (same origin only), named
// by an id the lab keeps for its tab (sessionStorage), so that a reload of either finds the other again.
// Every message is read field by field: what is not one of these shapes is set aside, never acted on.

/** The address parameter that opens the notes page (`?notes=ID`) instead of the lab. */
export const NOTES_PARAM = 'notes';

/** The channel the lab and its notes window share. */
export const notesChannel = (id: string): string => `failover-lab-presenter-notes:${id}`;

/** An id as the lab makes them (and the notes page accepts): letters, digits and dashes. */
export const NOTES_ID = /^[A-Za-z0-9-]{1,64}$/;

/** What the notes window shows: the lab's state as the presenter needs it. */
export interface NotesState {
  kind: 'state';
  /** The run's title (a lesson's, or the sandbox's). */
  title: string;
  /** The view presented, in words, or null when the lab is not presenting. */
  presenting: string | null;
  blanked: boolean;
  playing: boolean;
  /** The simulated time, as the lab writes it. */
  time: string;
  /** The lesson's part shown (1 for the first) and how many it has, with its words; null before the first. */
  part: { at: number; count: number; text: string; source: string } | null;
  /** The next part's words, or null at the last (or in a run that is no lesson). */
  following: { text: string; source: string } | null;
  /** In a run that is no lesson, the event the cursor stands on. */
  event: string | null;
  /** The question this part asks the audience, with its right answer and why. */
  question: { prompt: string; answer: string; explanation: string } | null;
  /** Whether Next and Previous go anywhere from here. */
  canNext: boolean;
  canBack: boolean;
}

/** What the notes window asks the lab to do. */
export const NOTES_COMMANDS = ['next', 'previous', 'play', 'blank', 'view', 'present', 'leave'] as const;
export type NotesCommand = (typeof NOTES_COMMANDS)[number];

export type NotesMessage =
  | NotesState
  /** The notes window has opened: the lab answers with its state. */
  | { kind: 'hello' }
  | { kind: 'command'; command: NotesCommand }
  /** The lab's window is closing or reloading. */
  | { kind: 'gone' };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
/** Words and their source, or undefined when `v` is not that. */
const wordsOf = (v: unknown): { text: string; source: string } | undefined =>
  isRecord(v) && isText(v.text) && isText(v.source) ? { text: v.text, source: v.source } : undefined;
/** `v` as `read` reads it, null as null, and undefined when it is neither. */
const orNull = <T>(v: unknown, read: (v: unknown) => T | undefined): T | null | undefined =>
  v === null ? null : read(v);

function partOf(v: unknown): NotesState['part'] | undefined {
  const words = wordsOf(v);
  if (!words || !isRecord(v)) return undefined;
  const { at, count } = v;
  return Number.isInteger(at) &&
    Number.isInteger(count) &&
    (at as number) >= 1 &&
    (at as number) <= (count as number)
    ? { at: at as number, count: count as number, ...words }
    : undefined;
}

function questionOf(v: unknown): NotesState['question'] | undefined {
  return isRecord(v) && isText(v.prompt) && isText(v.answer) && isText(v.explanation)
    ? { prompt: v.prompt, answer: v.answer, explanation: v.explanation }
    : undefined;
}

function stateOf(d: Record<string, unknown>): NotesState | null {
  const part = orNull(d.part, partOf);
  const following = orNull(d.following, wordsOf);
  const question = orNull(d.question, questionOf);
  const presenting = orNull(d.presenting, (v) => (isText(v, 200) ? v : undefined));
  const event = orNull(d.event, (v) => (isText(v) ? v : undefined));
  if (
    !isText(d.title, 500) ||
    !isText(d.time, 50) ||
    typeof d.blanked !== 'boolean' ||
    typeof d.playing !== 'boolean' ||
    typeof d.canNext !== 'boolean' ||
    typeof d.canBack !== 'boolean' ||
    part === undefined ||
    following === undefined ||
    question === undefined ||
    presenting === undefined ||
    event === undefined
  )
    return null;
  return {
    kind: 'state',
    title: d.title,
    presenting,
    blanked: d.blanked,
    playing: d.playing,
    time: d.time,
    part,
    following,
    event,
    question,
    canNext: d.canNext,
    canBack: d.canBack,
  };
}

/** `data` as a notes message, or null when it is not one. */
export function readNotesMessage(data: unknown): NotesMessage | null {
  if (!isRecord(data)) return null;
  switch (data.kind) {
    case 'hello':
    case 'gone':
      return { kind: data.kind };
    case 'command':
      return (NOTES_COMMANDS as readonly unknown[]).includes(data.command)
        ? { kind: 'command', command: data.command as NotesCommand }
        : null;
    case 'state':
      return stateOf(data);
    default:
      return null;
  }
}
