// What the page and its player say to each other (the player: the Session and the clock while playing, in
// a worker or in the page). Types and constants only, so that the page's first load does not carry the
// simulation.

import type { CanvasTarget } from '../view/messageCanvas.ts';
import type { PaintSettings } from '../view/canvasLink.ts';
import type { SessionCommand, SessionUpdate } from './session.ts';
import type { ActorKind } from '../simulation/actors.ts';
import type { StatechartGraph } from '../simulation/charts.ts';
import type { Question, QuestionKind } from '../simulation/questions.ts';
import type { RunFigures } from '../simulation/figures.ts';

/**
 * How often the page looks at the run while it plays (nodes and panels alike, one instant); the messages
 * move on the canvas every animation frame.
 */
export const LOOK_MS = 100;
/**
 * How many of the latest entries the page gets while the run plays (the logs and the sequence diagram
 * follow the newest anyway; 400 rows ten times a second cost the page more than the rest of it).
 * Paused, they get RECENT (400).
 */
export const PLAYING_RECENT = 60;

export type PlayerCommand =
  | SessionCommand
  /**
   * Plays from where the cursor is, paced (pacer.ts) or in real time, `speed` times as fast; `play`
   * numbers it, and the `ended` update says which play it ended. No reply; while it plays, the page
   * asks with `look`.
   */
  | {
      kind: 'play';
      speed: number;
      paced: boolean;
      play: number;
      /** A replay: playing stops at this instant (simulated ms), once its entries are shown. */
      until?: number;
    }
  /** Stops playing; the reply carries the Instant reached. */
  | { kind: 'pause' }
  /** No reply. */
  | { kind: 'speed'; speed: number; paced: boolean }
  /** The page was hidden (no frames then) or shown again. No reply. */
  | { kind: 'hold'; hidden: boolean }
  /** The canvas to draw the moving messages on. No reply. */
  | { kind: 'canvas'; canvas: CanvasTarget }
  /** How to draw on it. No reply. */
  | { kind: 'paint'; settings: PaintSettings }
  /** Which message is drawn nearest to (x, y), topology units. */
  | { kind: 'pick'; x: number; y: number }
  /** Load the lessons (once); the `lessons` reply says which there are. */
  | { kind: 'lessons' }
  /** The chart of the machine actors of this kind run: answered, unordered, with `chart`. */
  | { kind: 'chart'; machine: ActorKind }
  /**
   * The run up to the cursor written out (a Mermaid sequence diagram, a Markdown transcript whose list
   * of what the run is reads `about`): answered, unordered, with `export` and the same `id`.
   */
  | { kind: 'export'; id: number; format: ExportFormat; about: string[] }
  /**
   * A question about the run at the cursor (or at the instant a lesson's part `beat` is reached), computed
   * from it: answered, unordered, with `question`.
   */
  | { kind: 'question'; id: number; question: QuestionKind; beat?: number }
  /** The run's figures up to the cursor (simulation/figures.ts): answered, unordered, with `figures`. */
  | { kind: 'figures'; id: number };

/** What a run can be written out as, for documents. */
export type ExportFormat = 'mermaid' | 'markdown';

export interface PlayerUpdate extends Omit<SessionUpdate, 'answers'> {
  /** The command answered, or `ended`: sent unasked when a play reaches the end of the run. */
  answers: SessionUpdate['answers'] | 'pause' | 'ended';
  /** Which run it belongs to: the number of `open` commands handled before it. */
  run: number;
  /** `ended`: the number of the play that stopped there. */
  ended?: number;
  /** `ended`: the play stopped at the instant it was to replay up to, not at the end of the run. */
  reached?: boolean;
}

/** The canvas painter could not be loaded: the page shows the messages itself. */
export interface PainterLost {
  answers: 'painterLost';
  run: number;
}

export interface PickReply {
  answers: 'pick';
  run: number;
  picked: number | null;
}

/** The lessons have loaded (sent unasked, once): which there are, or why they could not load. */
export interface LessonsLoaded {
  answers: 'lessons';
  run: number;
  lessons: { id: string; title: string }[];
  error?: string;
}

/** The chart asked for. */
export interface ChartReply {
  answers: 'chart';
  run: number;
  machine: ActorKind;
  graph: StatechartGraph;
}

/** The run written out, as asked. */
export interface ExportReply {
  answers: 'export';
  id: number;
  text: string;
  /** Why it could not be written (its code would not load); the run goes on. */
  error?: string;
}

/** A question about the run, as asked; null when the run has none of that kind to ask now. */
export interface QuestionReply {
  answers: 'question';
  id: number;
  question: Question | null;
  /** Why it could not be asked (its code would not load); the run goes on. */
  error?: string;
}

/** The run's figures up to the cursor, as asked. */
export interface FiguresReply {
  answers: 'figures';
  id: number;
  figures: RunFigures;
  /** The cursor's instant they stand at. */
  t: number;
}

/** An update, a pick, or why the simulation could not go on. */
export type PlayerReply =
  | PlayerUpdate
  | PickReply
  | PainterLost
  | LessonsLoaded
  | ChartReply
  | ExportReply
  | QuestionReply
  | FiguresReply
  | { failed: string };

/** Whether `command` is answered by exactly one reply (the others change only how the run plays or is drawn). */
export function expectsReply(command: PlayerCommand): boolean {
  const k = command.kind;
  return (
    k !== 'play' &&
    k !== 'speed' &&
    k !== 'hold' &&
    k !== 'canvas' &&
    k !== 'paint' &&
    k !== 'lessons' &&
    k !== 'chart' &&
    k !== 'export' &&
    k !== 'question' &&
    k !== 'figures'
  );
}
