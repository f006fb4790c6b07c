// The playing side of a playback session, next to its Session (in the worker, or in the page without
// one): while the run plays, it is the clock. Every animation frame it advances the simulation by the
// wall time passed times the speed and draws the messages in flight on the canvas the page handed over.
// It sends nothing unasked but the end of a play: the page looks (`look`) as often as it shows, so the
// page's main thread does nothing per frame. Paused, nothing runs: no frame is requested.

import type { Frame, Motion } from '../simulation/frame.ts';
import type { PaintSettings } from '../view/canvasLink.ts';
import type { CanvasTarget, MessagePainter } from '../view/messageCanvas.ts';
import type { World } from '../simulation/world.ts';
import type { PlayerCommand, PlayerReply, PlayerUpdate } from './playerProtocol.ts';
import { findScenario } from '../scenarios/index.ts';
import { Session, type RUN_LIMITS, type SessionUpdate } from './session.ts';

export * from './playerProtocol.ts';

/** Wall time between two frames counts at most this much (a stalled tab does not leap ahead). */
const MAX_FRAME_MS = 250;

/** Animation frames where the player runs: the window's, or a worker's own. */

export interface FrameSource {
  request(callback: (wall: number) => void): number;
  cancel(handle: number): void;
}

export class Player {
  readonly #session: Session;
  readonly #painter = new LazyPainter(() => this.#post({ answers: 'painterLost', run: this.#run }));
  readonly #post: (reply: PlayerReply) => void;
  readonly #frames: FrameSource;
  #run = 0;
  #playing = false;
  #hidden = false;
  #speed = 1;
  /** Paced playback (pacer.ts), or real time. */
  #paced = true;
  /** The number of the play under way (see the `play` command). */
  #play = 0;
  /** Where the play under way stops (a replay), if anywhere before the end of the run. */
  #until: number | undefined;
  #handle = 0;
  #lastWall: number | null = null;

  /** `limits`: how far a run may be simulated (the lab's RUN_LIMITS unless a test asks for less). */
  constructor(post: (reply: PlayerReply) => void, frames: FrameSource, limits?: typeof RUN_LIMITS) {
    this.#session = new Session(limits);
    this.#post = post;
    this.#frames = frames;
  }

  /** The lessons: not asked for yet, on their way, or given to the session (loaded or failed). */
  #lessons: 'unasked' | 'loading' | 'done' = 'unasked';
  /** Commands that came while an `open` waits for the lessons, in order; null when none waits. */
  #waiting: PlayerCommand[] | null = null;

  /** The session (for tests). */
  get session(): Session {
    return this.#session;
  }

  get playing(): boolean {
    return this.#playing;
  }

  /**
   * Carries out one command; posts its reply, if it has one. A failure is posted as `failed`. An `open`
   * of a lesson waits for the lessons to load, and the commands after it wait with it; otherwise they
   * load when the page asks (`lessons`: after its first frame, so that the first view does not wait).
   */
  handle(command: PlayerCommand): void {
    if (this.#waiting) {
      this.#waiting.push(command);
      return;
    }
    if (this.#lessons !== 'done' && needsLessons(command)) {
      this.#waiting = [command];
      this.#loadLessons();
      return;
    }
    try {
      this.#handle1(command);
    } catch (e) {
      this.#fail(e);
    }
  }

  /**
   * Loads the lessons (once), gives them to the session, tells the page which there are (`lessons`,
   * unasked) and carries out the commands that waited for them. If they cannot be loaded, the page hears
   * why, and a lesson asked for opens the first scenario instead (the session says so).
   */
  #loadLessons(): void {
    if (this.#lessons !== 'unasked') return;
    this.#lessons = 'loading';
    const done = (lessons: { id: string; title: string }[], error?: string): void => {
      this.#lessons = 'done';
      this.#post({ answers: 'lessons', run: this.#run, lessons, ...(error ? { error } : {}) });
      const waiting = this.#waiting ?? [];
      this.#waiting = null;
      for (const c of waiting) this.handle(c);
    };
    import('./guide.ts').then(
      (guide) => {
        this.#session.learn(guide);
        done(guide.lessons.map(({ id, title }) => ({ id, title })));
      },
      (e: unknown) => done([], `The lessons could not be loaded: ${String(e)}`),
    );
  }

  /** Stops playing and tells the page why the simulation could not go on. */
  #fail(e: unknown): void {
    this.#stop();
    this.#post({ failed: e instanceof Error ? e.message : String(e) });
  }

  #handle1(command: PlayerCommand): void {
    switch (command.kind) {
      case 'play':
        this.#speed = command.speed;
        this.#paced = command.paced;
        this.#play = command.play;
        this.#until = command.until;
        if (this.#playing) return;
        this.#playing = true;
        this.#lastWall = null;
        this.#session.startPlaying();
        this.#schedule();
        return;
      case 'pause':
        this.#stop();
        this.#painter.clear();
        this.#reply('pause', this.#session.handle({ kind: 'look' }));
        return;
      case 'speed':
        this.#speed = command.speed;
        this.#paced = command.paced;
        return;
      case 'hold':
        this.#hidden = command.hidden;
        this.#lastWall = null;
        if (this.#hidden) this.#cancel();
        else this.#schedule();
        return;
      case 'canvas':
        this.#painter.attach(command.canvas);
        return;
      case 'paint':
        this.#painter.settings(command.settings);
        return;
      case 'pick':
        this.#post({ answers: 'pick', run: this.#run, picked: this.#painter.pick(command.x, command.y) });
        return;
      case 'lessons':
        this.#loadLessons();
        return;
      case 'chart': {
        // The charts load when the page first asks for one: the first view has none.
        const run = this.#run;
        const machine = command.machine;
        import('../simulation/charts.ts').then(
          (charts) => this.#post({ answers: 'chart', run, machine, graph: charts.chartOf(machine) }),
          (e: unknown) => this.#fail(e),
        );
        return;
      }
      case 'export': {
        // Written where the trace is, by code loaded when first asked for.
        const { id, format, about } = command;
        const source = this.#session.transcriptSource();
        import('../io/exports.ts').then(
          (ex) =>
            this.#post({
              answers: 'export',
              id,
              text:
                format === 'mermaid'
                  ? ex.mermaidOf(source.entries, source.title)
                  : ex.markdownOf({ ...source, about }, source.entries),
            }),
          // Not the simulation's failure: the page hears why, and the run goes on.
          (e: unknown) =>
            this.#post({
              answers: 'export',
              id,
              text: '',
              error: e instanceof Error ? e.message : String(e),
            }),
        );
        return;
      }
      case 'figures':
        this.#post({ answers: 'figures', id: command.id, ...this.#session.figures() });
        return;
      case 'question': {
        // Computed from the run at the cursor (simulated on, or with a crash added), by code loaded
        // when first asked for.
        const { id, question, beat } = command;
        const { world, at } = this.#session.questionSource(beat);
        const refuse = (error: string): void =>
          this.#post({ answers: 'question', id, question: null, error });
        // The question starts from a copy of the run at the instant asked, not from its start: it costs
        // the same early or late in a run (measured, 500 users at 20 minutes: 0.1 to 1.8 s). The copy is
        // made now: an action made while the questions' code loads is not part of the run asked about.
        let asked: World;
        try {
          asked = world.forkAt(at);
        } catch (e) {
          refuse(e instanceof Error ? e.message : String(e));
          return;
        }
        import('../simulation/questions.ts').then(
          (q) => {
            try {
              this.#post({ answers: 'question', id, question: q.askQuestion(asked, at, question) });
            } catch (e) {
              refuse(e instanceof Error ? e.message : String(e));
            }
          },
          (e: unknown) => refuse(e instanceof Error ? e.message : String(e)),
        );
        return;
      }
      case 'open':
      case 'reconfigure':
        this.#stop();
        this.#painter.clear();
        this.#run++;
        break;
    }
    this.#reply(command.kind, this.#session.handle(command));
  }

  /** Posts `update`; the painter places the messages by its nodes from now on. */
  #reply(answers: PlayerUpdate['answers'], update: SessionUpdate, ended?: number, reached?: boolean): void {
    this.#painter.frame(update.instant.frame);
    this.#post({
      ...update,
      answers,
      run: this.#run,
      ...(ended === undefined ? {} : { ended }),
      ...(reached ? { reached } : {}),
    });
  }

  #stop(): void {
    this.#playing = false;
    this.#cancel();
  }

  #cancel(): void {
    if (this.#handle) this.#frames.cancel(this.#handle);
    this.#handle = 0;
  }

  #schedule(): void {
    if (!this.#playing || this.#hidden || this.#handle) return;
    this.#handle = this.#frames.request(this.#frame);
  }

  #frame = (wall: number): void => {
    this.#handle = 0;
    if (!this.#playing || this.#hidden) return;
    try {
      this.#advance(wall);
    } catch (e) {
      this.#fail(e);
      return;
    }
    this.#schedule();
  };

  #advance(wall: number): void {
    // The first frame after play (or after the page was hidden) only starts the clock.
    const dt = this.#lastWall === null ? 0 : Math.min(MAX_FRAME_MS, Math.max(0, wall - this.#lastWall));
    this.#lastWall = wall;
    const session = this.#session;
    const motion = session.play(dt * this.#speed, this.#paced, this.#until);
    if (session.reached) {
      // The replay is done: playing stops at its instant, as a pause would.
      this.#stop();
      this.#painter.clear();
      this.#reply('ended', session.handle({ kind: 'look' }), this.#play, true);
      return;
    }
    if (session.atLimit) {
      // As far as the lab simulates a run: playing stops there, and the page gets the Instant there,
      // with all of RECENT.
      this.#stop();
      this.#painter.clear();
      this.#reply('ended', session.handle({ kind: 'look' }), this.#play);
      return;
    }
    this.#painter.paint(motion);
  }
}

/**
 * A command that needs what comes with the lessons: an `open` of a scenario the simulation does not carry
 * in its first load, or one (or a run again) that makes actions an address names (their words' reader).
 */
function needsLessons(command: PlayerCommand): boolean {
  if (command.kind === 'reconfigure') return (command.address?.actions?.length ?? 0) > 0;
  if (command.kind !== 'open') return false;
  const options = command.options;
  if ((options.actions?.length ?? 0) > 0) return true;
  return !options.sandbox && options.scenario !== undefined && !findScenario(options.scenario);
}

/**
 * The canvas painter, loaded when the page first hands over a canvas (the first view does not draw on it,
 * so the first load does not carry it); what arrives before it has loaded is kept and applied then.
 */
class LazyPainter {
  #painter: MessagePainter | null = null;
  readonly #lost: () => void;
  #loading = false;
  #canvas: CanvasTarget | null = null;
  #settings: PaintSettings | null = null;
  #frame: Frame | null = null;

  /** `lost`: called if the painter cannot be loaded (the page then draws the messages itself). */
  constructor(lost: () => void) {
    this.#lost = lost;
  }

  attach(canvas: CanvasTarget): void {
    if (this.#painter) return this.#painter.attach(canvas);
    this.#canvas = canvas;
    if (this.#loading) return;
    this.#loading = true;
    import('../view/messageCanvas.ts').then(
      ({ MessagePainter }) => {
        const painter = new MessagePainter();
        painter.attach(this.#canvas!);
        if (this.#settings) painter.settings(this.#settings);
        if (this.#frame) painter.frame(this.#frame);
        this.#painter = painter;
      },
      () => this.#lost(),
    );
  }

  settings(s: PaintSettings): void {
    if (this.#painter) this.#painter.settings(s);
    else this.#settings = s;
  }

  frame(frame: Frame): void {
    if (this.#painter) this.#painter.frame(frame);
    else this.#frame = frame;
  }

  paint(motion: Motion): void {
    this.#painter?.paint(motion);
  }

  clear(): void {
    this.#painter?.clear();
  }

  pick(x: number, y: number): number | null {
    return this.#painter?.pick(x, y) ?? null;
  }
}
