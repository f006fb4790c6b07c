// One visualizer's playback session as the page sees it, as runes: the current frame, the cursor, the
// interesting entries of the trace and what the panels show. The simulation and its trace live in a
// Session behind a port (a worker in the page), so the page's main thread only draws. Maps wall time to simulated time while playing. No
// module-level state, so a page can mount several. Nothing runs while paused or while the page is hidden.

import type { LabConfig } from '../model/config.ts';
import { resolveInfo, type SandboxSize, type ScenarioInfo } from '../scenarios/catalog.ts';
import type { Frame, Motion } from '../simulation/frame.ts';
import { tickOf, type Tick } from '../simulation/highlights.ts';
import type { TraceEntry } from '../simulation/trace.ts';
import type { InterventionAction } from '../simulation/world.ts';
import type { CanvasLink, PaintSettings } from '../view/canvasLink.ts';
import { expectsReply, type PlayerCommand, type PlayerReply, type PlayerUpdate } from './playerProtocol.ts';
import type { PortFactory, SessionPort } from './ports.ts';
import type { OpenOptions, PanelView } from './session.ts';

export const SPEEDS = { min: 0.1, max: 100 } as const;

export class Playback implements CanvasLink {
  scenario: ScenarioInfo = $state.raw(undefined as unknown as ScenarioInfo);
  /** The run's configuration with its version profile and tuning level applied; null until it has opened. */
  config: LabConfig | null = $state.raw(null);
  seed = $state(1);
  /** The sandbox's size when the run is the sandbox, else null. */
  sandbox: SandboxSize | null = $state.raw(null);
  /** The world at the cursor; null until the simulation has answered for the first time. */
  frame: Frame | null = $state.raw(null);
  /**
   * The instant and the messages in flight. While playing, the player draws the messages on the
   * topology's canvas every animation frame; the page hears of them with `frame` (every STATE_MS) and the
   * panels (`view`) every PANEL_MS. Paused, all three agree.
   */
  motion: Motion | null = $state.raw(null);
  /** How many trace entries stand before the cursor (the last of them is the current event). */
  entryCount = $state(0);
  /** Known trace length, including a known future after a step back or seek. */
  knownCount = $state(0);
  /** The interesting entries of the known trace (faults, mark-downs, failovers, monitors…), in order. */
  highlights: TraceEntry[] = $state.raw([]);
  playing = $state(false);
  /** Simulated time per wall-clock time (1 = real time). */
  speed = $state(1);
  /** Set when an action in the past cut the known future. */
  forkedAt: number | null = $state(null);
  /** The message selected in any view (its id), shared by topology, sequence diagram and logs. */
  selectedMessage: number | null = $state(null);
  /** Problems with input (URL, an action) to show; the run is unaffected. */
  errors: string[] = $state([]);
  /** Ticks for the timeline, one per interesting event of the known trace. */
  ticks: Tick[] = $state.raw([]);
  /** Set when "next event" found nothing of interest before the end. */
  nothingAhead = $state(false);
  /**
   * What the panels show (logs, ten steps, browser, inspectors): refreshed every PANEL_MS while playing
   * and after every other command.
   */
  view: PanelView | null = $state.raw(null);
  /** The player could not load its canvas painter: the topology shows the messages itself. */
  canvasLost = $state(false);
  /** True while a command awaits its answer (a seek, a step, an action). */
  busy = $state(false);

  readonly #port: SessionPort;
  /** Replies still due. */
  #inFlight = 0;
  /** How many plays were started: an `ended` tick of an earlier one (paused since) is not this one's end. */
  #plays = 0;
  /** How many runs were opened: replies and ticks of an earlier run are not shown. */
  #runs = 0;
  /** The simulation failed for good (a worker that died): nothing more is sent. */
  #broken = false;
  #seekTarget: number | null = $state(null);
  #seeksWaiting = 0;
  /** The known trace length the highlights cover. */
  #known = 0;

  constructor(
    options: { scenario?: string; seed?: number; sandbox?: SandboxSize; speed?: number },
    port: PortFactory,
  ) {
    if (options.speed !== undefined) this.speed = clampSpeed(options.speed);
    this.#port = port(this.#receive);
    this.load(options);
  }

  get duration(): number {
    return this.scenario.duration;
  }

  /**
   * Simulated ms of the topology's nodes (while playing the clock and the timeline follow them, not every
   * animation frame), or where a seek not yet answered goes (so repeated keys add up).
   */
  get now(): number {
    return this.#seekTarget ?? this.frame?.t ?? 0;
  }

  /** The event the panels' cursor stands on, if any. */
  get current(): TraceEntry | undefined {
    return this.view?.recent.at(-1);
  }

  load(options: OpenOptions): void {
    this.pause();
    this.#seekTarget = null;
    this.#seeksWaiting = 0;
    const { scenario, seed } = resolveInfo(options);
    this.scenario = scenario;
    this.seed = seed;
    this.sandbox = options.sandbox ?? null;
    this.config = null;
    this.forkedAt = null;
    this.selectedMessage = null;
    this.nothingAhead = false;
    // What is still on its way belongs to the old run: it is not shown.
    this.#runs++;
    this.#send({ kind: 'open', options: { ...options, seed } });
  }

  play(): void {
    if (this.playing || this.#broken) return;
    if ((this.#seekTarget ?? this.motion?.t ?? 0) >= this.duration) this.seek(0);
    this.playing = true;
    this.#send({ kind: 'play', speed: this.speed, play: ++this.#plays });
  }

  pause(): void {
    const wasPlaying = this.playing;
    this.playing = false;
    // The nodes and the panels catch up with where playing got to, with their full RECENT entries.
    if (wasPlaying) this.#send({ kind: 'pause' });
    else if (
      this.view &&
      this.motion &&
      (this.view.frame.t !== this.motion.t || this.frame?.t !== this.motion.t)
    )
      this.#send({ kind: 'look' });
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Moves the cursor to the next trace entry, simulating the next step when none is known yet. */
  stepForward(): void {
    this.pause();
    this.#send({ kind: 'stepForward' });
  }

  /** Moves the cursor back one trace entry; the world goes back to just after the step that produced it. */
  stepBack(): void {
    this.pause();
    this.#send({ kind: 'stepBack' });
  }

  /** Jumps to the next fault, mark-down, failover, read from the store, lost update or monitor report. */
  nextInteresting(): void {
    this.pause();
    this.#send({ kind: 'nextInteresting' });
  }

  /** Puts the cursor on trace entry `index` (the world just after the step that produced it). */
  jumpToEntry(index: number): void {
    this.pause();
    this.#send({ kind: 'jumpToEntry', index });
  }

  seek(t: number): void {
    this.#seekTarget = Math.min(this.duration, Math.max(0, t));
    this.#seeksWaiting++;
    this.#send({ kind: 'seek', t });
  }

  setSpeed(s: number): void {
    this.speed = clampSpeed(s);
    if (this.playing) this.#send({ kind: 'speed', speed: this.speed });
  }

  select(messageId: number | null): void {
    this.selectedMessage = messageId;
  }

  /** Acts now; if the run had a known future beyond now, it is cut and re-simulated. */
  act(action: InterventionAction): void {
    this.#send({ kind: 'act', action });
  }

  dismissErrors(): void {
    this.errors = [];
  }

  // The topology's canvas: the player draws the moving messages on it while playing.
  attach(canvas: HTMLCanvasElement): boolean {
    return !this.#broken && this.#port.canvas(canvas);
  }

  paint(settings: PaintSettings): void {
    this.#send({ kind: 'paint', settings });
  }

  pick(x: number, y: number): void {
    this.#send({ kind: 'pick', x, y });
  }

  destroy(): void {
    this.pause();
    this.#port.close();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  listen(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  #send(command: PlayerCommand): void {
    if (this.#broken) return;
    if (expectsReply(command)) {
      this.#inFlight++;
      this.busy = command.kind !== 'pick' || this.busy;
    }
    this.#port.send(command);
  }

  #receive = (reply: PlayerReply): void => {
    if (this.#broken) return;
    if ('failed' in reply) {
      // For good: the session behind the port is gone (a failure before its first answer is met by
      // the port's fallback). Nothing is waited for any more.
      this.#broken = true;
      this.#inFlight = this.#seeksWaiting = 0;
      this.#seekTarget = null;
      this.busy = false;
      this.playing = false;
      this.errors = [...this.errors, `The simulation stopped: ${reply.failed}`];
      return;
    }
    if (reply.answers === 'tick') {
      // Taken in: the player may send the next nodes and panels.
      if (reply.awaits !== undefined) this.#port.send({ kind: 'ack', tick: reply.awaits });
    } else if (reply.answers === 'painterLost') {
      // Sent unasked, whichever run it is: the painter is the worker's, not the run's.
      this.canvasLost = true;
      return;
    } else {
      this.#inFlight = Math.max(0, this.#inFlight - 1);
      if (this.#inFlight === 0) this.busy = false;
    }
    if (reply.run !== this.#runs) return;
    if (reply.answers === 'pick') {
      if (reply.picked !== null) this.select(this.selectedMessage === reply.picked ? null : reply.picked);
      return;
    }
    this.#update(reply);
  };

  #update(reply: PlayerUpdate): void {
    if (reply.answers === 'seek') {
      this.#seeksWaiting = Math.max(0, this.#seeksWaiting - 1);
      if (this.#seeksWaiting === 0) this.#seekTarget = null;
    }
    if (reply.highlightsFrom < this.#known || reply.highlights.length > 0 || reply.answers === 'open') {
      // A fork (or a new run) cuts the known future: its highlights and ticks go too.
      const kept =
        reply.highlightsFrom < this.#known
          ? this.highlights.filter((e) => e.seq < reply.highlightsFrom)
          : this.highlights;
      const ticks = kept.length === this.highlights.length ? this.ticks : this.ticks.slice(0, kept.length);
      this.highlights = reply.highlights.length > 0 ? [...kept, ...reply.highlights] : kept;
      const added = reply.highlights.map((e) => tickOf(e, e.seq)).filter((t) => t !== null);
      this.ticks = added.length > 0 ? [...ticks, ...added] : ticks;
    }
    this.#known = reply.knownCount;
    if (reply.config) this.config = reply.config;
    if (reply.error) this.errors = [...this.errors, reply.error];
    if (reply.forkedAt !== undefined) this.forkedAt = reply.forkedAt;
    if (reply.found !== undefined) this.nothingAhead = !reply.found;
    else if (reply.answers !== 'tick' && reply.answers !== 'look' && reply.answers !== 'pause')
      this.nothingAhead = false;
    this.motion = reply.motion;
    if (reply.frame) this.frame = reply.frame;
    this.entryCount = reply.entryCount;
    this.knownCount = reply.knownCount;
    if (reply.view) this.view = reply.view;
    if (reply.ended === this.#plays && this.playing) {
      // This play stopped at the end of the run; a seek sent meanwhile (a restart, say) plays on from there.
      if (this.#seeksWaiting > 0) this.#send({ kind: 'play', speed: this.speed, play: ++this.#plays });
      else this.playing = false;
    }
  }

  // The player holds its clock while the page is hidden, whether or not it plays just then (a run
  // started while hidden waits for the page to show).
  #onVisibility = (): void => {
    this.#send({ kind: 'hold', hidden: document.hidden });
  };
}

function clampSpeed(s: number): number {
  return Math.min(SPEEDS.max, Math.max(SPEEDS.min, s));
}
