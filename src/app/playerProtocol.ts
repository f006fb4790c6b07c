// What the page and its player say to each other (the player: the Session and the clock while playing, in
// a worker or in the page). Types and constants only, so that the page's first load does not carry the
// simulation.

import type { CanvasTarget } from '../view/messageCanvas.ts';
import type { PaintSettings } from '../view/canvasLink.ts';
import type { SessionCommand, SessionUpdate } from './session.ts';

/** How often the panels follow the run while it plays (text changing faster cannot be read anyway). */
export const PANEL_MS = 250;
/** How often the topology's nodes follow the run while it plays; its messages move every frame. */
export const STATE_MS = 100;
/**
 * How many of the latest entries the panels get while the run plays (the logs and the sequence diagram
 * follow the newest anyway; 400 rows four times a second cost the page more than the rest of it).
 * Paused, they get RECENT (400).
 */
export const PLAYING_RECENT = 60;

export type PlayerCommand =
  | SessionCommand
  /**
   * Plays at `speed` (simulated per wall time) from where the cursor is; `play` numbers it, and the tick
   * that ends it says which play it ended. No reply.
   */
  | { kind: 'play'; speed: number; play: number }
  /** Stops playing; the reply carries the panels' view at the instant reached. */
  | { kind: 'pause' }
  /** No reply. */
  | { kind: 'speed'; speed: number }
  /** The page was hidden (no frames then) or shown again. No reply. */
  | { kind: 'hold'; hidden: boolean }
  /**
   * The page has taken in tick `tick` (its `awaits`). Until it has taken in the latest, no further nodes
   * or panels are sent (the messages keep moving on the canvas): a page busier than the player falls
   * behind by one tick, not by a queue. No reply.
   */
  | { kind: 'ack'; tick?: number }
  /** The canvas to draw the moving messages on. No reply. */
  | { kind: 'canvas'; canvas: CanvasTarget }
  /** How to draw on it. No reply. */
  | { kind: 'paint'; settings: PaintSettings }
  /** Which message is drawn nearest to (x, y), topology units. */
  | { kind: 'pick'; x: number; y: number };

export interface PlayerUpdate extends Omit<SessionUpdate, 'answers'> {
  /** The command answered, or `tick`: sent unasked while playing. */
  answers: SessionUpdate['answers'] | 'pause' | 'tick';
  /** Which run it belongs to: the number of `open` commands handled before it. */
  run: number;
  /** A tick with nodes or panels: its number, to acknowledge with `ack`. */
  awaits?: number;
  /** A tick at the end of the run: the play numbered `ended` stopped there. */
  ended?: number;
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

/** An update, a pick, or why the simulation could not go on. */
export type PlayerReply = PlayerUpdate | PickReply | PainterLost | { failed: string };

/** Whether `command` is answered by exactly one reply (the others change only how the run plays or is drawn). */
export function expectsReply(command: PlayerCommand): boolean {
  const k = command.kind;
  return k !== 'play' && k !== 'speed' && k !== 'hold' && k !== 'ack' && k !== 'canvas' && k !== 'paint';
}
