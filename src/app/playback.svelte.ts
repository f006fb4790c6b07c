// One visualizer's playback session as the page sees it, as runes: the one Instant the page shows (the
// topology's nodes, the panels, the clock: all of them projections of it), the interesting entries of
// the trace, and what the user chose. The simulation and its trace live in a Session behind a port (a
// worker in the page), so the page's main thread only draws. While the run plays, the player moves the
// messages on the canvas every animation frame and the page looks at the run every LOOK_MS. No
// module-level state, so a page can mount several. Nothing runs while paused or while the page is hidden.

import {
  labQuery,
  shown,
  type AddressState,
  type EmbedOptions,
  type LabOptions,
  type PanelId,
  type PresenterView,
} from '../io/urlState.ts';
import type { LabConfig } from '../model/config.ts';
import { resolveInfo, type SandboxSize, type ScenarioInfo } from '../scenarios/catalog.ts';
import type { Frame } from '../simulation/frame.ts';
import type { Tick } from '../simulation/highlights.ts';
import type { TraceEntry } from '../simulation/trace.ts';
import type { InterventionAction } from '../simulation/world.ts';
import type { ActorKind } from '../simulation/actors.ts';
import type { StatechartGraph } from '../simulation/charts.ts';
import type { Question, QuestionKind } from '../simulation/questions.ts';
import type { RunFigures } from '../simulation/figures.ts';
import type { CanvasLink, PaintSettings } from '../view/canvasLink.ts';
import {
  expectsReply,
  LOOK_MS,
  PLAYING_RECENT,
  type ExportFormat,
  type ExportReply,
  type FiguresReply,
  type PlayerCommand,
  type PlayerReply,
  type PlayerUpdate,
  type QuestionReply,
} from './playerProtocol.ts';

/** The answers a command asks for by id. */
type AnswerById = ExportReply | QuestionReply | FiguresReply;
import type { PortFactory, SessionPort } from './ports.ts';
import type { Instant, OpenOptions, RunAddress, UserRun } from './session.ts';

export const SPEEDS = { min: 0.1, max: 100 } as const;

export class Playback implements CanvasLink {
  scenario: ScenarioInfo = $state.raw(undefined as unknown as ScenarioInfo);
  /** The run's configuration with its version profile and tuning level applied; null until it has opened. */
  config: LabConfig | null = $state.raw(null);
  /** The configuration the run opened with, before any change from the configuration panel or the address. */
  openedConfig: LabConfig | null = $state.raw(null);
  /** The configuration the run starts with (its instant's has plugin-cfg.xml as edited so far). */
  baseConfig: LabConfig | null = $state.raw(null);
  seed = $state(1);
  /** The sandbox's size when the run is the sandbox, else null. */
  sandbox: SandboxSize | null = $state.raw(null);
  /**
   * What the page shows: the topology's nodes (and, unless the canvas draws them, its messages), the
   * panels and the clock, all at this one instant; null until the simulation has answered for the first
   * time. Replaced whole by every answer. While playing, the page asks for it every LOOK_MS and the
   * canvas moves the messages on every animation frame in between.
   */
  shown: Instant | null = $state.raw(null);
  /** Where the run's timeline ends (simulated ms): the scenario's length, or further once played past it. */
  end = $state(0);
  /** Playing stopped because the run reached as far as the lab simulates one. */
  atLimit = $state(false);
  /** Known trace length, including a known future after a step back or seek. */
  knownCount = $state(0);
  /** The interesting entries of the known trace (faults, mark-downs, failovers, monitors…), in order. */
  highlights: TraceEntry[] = $state.raw([]);
  playing = $state(false);
  /**
   * How many times as fast as its pace the run plays: paced, 1 gives each message at least 0.3 s of
   * flight and each step its moment (pacer.ts); in real time, 1 is one simulated second a second.
   */
  speed = $state(1);
  /** Paced playback (the default), or real time. */
  paced = $state(true);
  /** The lessons, once the simulation has loaded them (ten-steps first); empty until then. */
  lessons: { id: string; title: string }[] = $state.raw([]);
  /** The lessons could not be loaded: nothing is narrated (the errors say why). */
  lessonsFailed = $state(false);
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
  /** The player could not load its canvas painter: the topology shows the messages itself. */
  canvasLost = $state(false);
  /** Parameters to set once the run has opened (the address's `set=`), as --set writes them. */
  #sets: string[] = [];
  /** What the address asks of the run beyond it (actions, trying it yourself, the moment), until made. */
  #address: RunAddress | null = null;
  /**
   * The parameters this run changes from the configuration it opened with, as --set and the address
   * write them (`plugin.cluster.retryInterval=10`), the WebSphere level first.
   */
  sets: readonly string[] = $state.raw([]);
  /** The panel the user chose last (the address names it), or null. */
  panel: PanelId | null = $state(null);
  /** The view presenter mode shows (the address names it), or null when not presenting. */
  present: PresenterView | null = $state(null);
  /** Embedded (the address's embed=1 and its keys): the address keeps it so. */
  readonly embed: EmbedOptions | null;
  /** The settings before the last run again: back if the simulation refuses it. */
  #setsBefore: readonly string[] = [];
  /** The user's part of the run (their actions, trying it yourself), as the simulation last told it. */
  user: UserRun = $state.raw({ actions: [], trying: null });
  /** The number of the play that replays a stretch (replay), if one was asked for. */
  #replay: number | null = null;
  /** Playing a stretch again up to its end (replay): a lesson's parts it passes do not stop it. */
  get replaying(): boolean {
    return this.playing && this.#replay === this.#plays;
  }
  /** True while a command awaits its answer (a seek, a step, an action). */
  busy = $state(false);

  readonly #port: SessionPort;
  /** For each reply still due, in order: whether the page waits for it (`busy`). */
  #due: boolean[] = [];
  /** Playing's looks on their way (one at most, but one from before a pause may still come). */
  #looksDue = 0;
  /** Every look on its way, in order: whether it was sent paused (to show what changed), not playing's. */
  #looks: boolean[] = [];
  #lookTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the last look left (performance.now()): the next one leaves LOOK_MS after it. */
  #lookedAt = -Infinity;
  /** How many plays were started: the `ended` of an earlier one (paused since) is not this one's end. */
  #plays = 0;
  /** How many runs were opened: answers about an earlier run are not shown. */
  #runs = 0;
  /** The simulation failed for good (a worker that died): nothing more is sent. */
  #broken = false;
  #seekTarget: number | null = $state(null);
  #seeksWaiting = 0;
  /** The known trace length the highlights cover. */
  #known = 0;

  constructor(options: LabOptions, port: PortFactory) {
    this.#port = port(this.#receive);
    this.panel = options.panel ?? null;
    this.present = options.present ?? null;
    this.embed = options.embed ?? null;
    this.open(options);
  }

  /**
   * Opens the run and the moment `options` name (an address, a run file): the run, its seed, the
   * parameters changed, the user's actions and the cursor, and the playback's speed and pace.
   */
  open(options: LabOptions): void {
    // What an address or a file leaves out is the default (they do not write the defaults).
    this.speed = clampSpeed(options.speed ?? 1);
    this.paced = options.paced ?? true;
    const address: RunAddress = {
      ...(options.actions ? { actions: options.actions } : {}),
      ...(options.trying ? { trying: options.trying } : {}),
      ...(options.moment ? { moment: options.moment } : {}),
    };
    const hasAddress = Object.keys(address).length > 0;
    const sets = options.sets ?? [];
    // An edit of plugin-cfg.xml among the actions is checked against the parameter table first, as the
    // address's parameters are: then the run opens plainly, and again with them once they are read.
    const edits = (options.actions ?? []).some((a) => a.trim().split(/\s+/)[1] === 'plugin-cfg');
    const later = hasAddress && (sets.length > 0 || edits);
    const run: OpenOptions = {
      ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    };
    this.load(hasAddress && !later ? { ...run, ...address } : run);
    // What waits for the run's first answer (load() forgets what an earlier open left waiting).
    this.#sets = sets;
    this.#address = later ? address : null;
  }

  /**
   * What opens what the page shows again: the run, the parameters changed, the user's actions, the
   * cursor, the playback and the panel (an address writes it, and so does a run file).
   */
  get addressState(): AddressState {
    const shown = this.shown;
    return {
      scenario: this.scenario.id,
      sandbox: this.sandbox,
      seed: this.seed,
      sets: this.sets,
      actions: this.user.actions,
      trying: this.user.trying,
      moment: {
        t: shown?.frame.t ?? 0,
        ...(shown?.within !== undefined ? { within: shown.within } : {}),
      },
      speed: this.speed,
      paced: this.paced,
      panel: this.panel,
      present: this.present,
      embed: this.embed,
    };
  }

  /** The address that opens what the page shows again (a query string, `?v=1&…`). */
  get address(): string {
    return labQuery(this.addressState);
  }

  get duration(): number {
    return Math.max(this.end, this.scenario.duration);
  }

  /**
   * Simulated ms of what the page shows (while playing the clock and the timeline follow it, not every
   * animation frame), or where a seek not yet answered goes (so repeated keys add up).
   */
  get now(): number {
    return this.#seekTarget ?? this.shown?.frame.t ?? 0;
  }

  /** The world the page shows; null until the simulation has answered for the first time. */
  get frame(): Frame | null {
    return this.shown?.frame ?? null;
  }

  /** How many trace entries stand before the cursor (the last of them is the current event). */
  get entryCount(): number {
    return this.shown?.entryCount ?? 0;
  }

  /** The event the cursor stands on, if any. */
  get current(): TraceEntry | undefined {
    return this.shown?.recent.at(-1);
  }

  load(options: OpenOptions): void {
    this.pause();
    this.#newRun();
    const { scenario, seed } = resolveInfo(options);
    this.scenario = scenario;
    this.seed = seed ?? this.seed;
    this.sandbox = options.sandbox ?? null;
    this.config = null;
    this.forkedAt = null;
    this.end = 0;
    this.atLimit = false;
    this.selectedMessage = null;
    this.nothingAhead = false;
    this.sets = [];
    this.user = { actions: [], trying: null };
    // Settings and actions an earlier address left waiting are that run's, not this one's.
    this.#sets = [];
    this.#address = null;
    this.#send({ kind: 'open', options: seed === undefined ? options : { ...options, seed } });
  }

  /**
   * The run again from its start with `config` (the configuration panel's), the actions made so far kept,
   * up to where it stands now; `changed` names every parameter that differs from the configuration the
   * run opened with.
   */
  reconfigure(config: LabConfig, changed: string[], sets: readonly string[], address?: RunAddress): void {
    this.pause();
    this.#newRun();
    this.forkedAt = null;
    this.#setsBefore = this.sets;
    this.sets = [...sets].sort((a, b) => Number(b.startsWith('version=')) - Number(a.startsWith('version=')));
    this.#send({ kind: 'reconfigure', config, changed, ...(address ? { address } : {}) });
  }

  /** A run opens (or opens again): a seek or a part on its way was the old run's, and so is every answer still to come. */
  #newRun(): void {
    // A question on its way was about the old run.
    this.#dropAnswers(new Error('another run was opened'), true);
    this.#seekTarget = null;
    this.#seeksWaiting = 0;
    this.beatTarget = null;
    this.#beatsWaiting = 0;
    this.#runs++;
  }

  /** Asks for the lessons (the picker's list, and the narration of the lesson open), once. */
  loadLessons(): void {
    this.#send({ kind: 'lessons' });
  }

  /**
   * The lesson's part a Continue or Back not yet answered goes to, so that keys pressed quickly (a
   * clicker) add up; null when none is on its way.
   */
  beatTarget: number | null = $state(null);
  #beatsWaiting = 0;

  /** Goes to beat `index` of the lesson (-1: its start), paused there. */
  toBeat(index: number): void {
    this.pause();
    this.beatTarget = index;
    this.#beatsWaiting++;
    this.#send({ kind: 'beat', index });
  }

  /** Try it yourself: the lesson's run from here on without the rest of its script. */
  tryIt(): void {
    this.pause();
    this.#send({ kind: 'tryIt' });
  }

  /** Back to the lesson: its own run again, at the beat the user tried it from (or the last one reached). */
  backToLesson(): void {
    const view = this.shown?.lesson;
    const from = view?.trying?.from ?? view?.at ?? -1;
    this.load({ scenario: this.scenario.id, seed: this.seed });
    this.#send({ kind: 'beat', index: from });
  }

  /** Plays from where the cursor is; at the end of the timeline, time goes on (the timeline grows). */
  play(until?: number): void {
    if (this.playing || this.#broken) return;
    this.playing = true;
    this.atLimit = false;
    this.#send({
      kind: 'play',
      speed: this.speed,
      paced: this.paced,
      play: ++this.#plays,
      ...(until !== undefined ? { until } : {}),
    });
    this.#lookedAt = performance.now();
    this.#lookLater();
  }

  /** Plays the stretch from `from` to `to` (simulated ms) again, at the pace and speed chosen, and stops at `to`. */
  replay(from: number, to: number): void {
    this.pause();
    this.seek(from, true);
    this.play(to);
    if (this.playing) this.#replay = this.#plays;
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.#stopLooking();
    // The answer is the instant playing got to, with all of RECENT.
    this.#send({ kind: 'pause' });
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

  /** To instant `t`, within the run's end; `ahead`: past it if need be (the run simulated on to `t`). */
  seek(t: number, ahead = false): void {
    // A replay under way ends where the user goes instead.
    if (this.replaying) this.pause();
    this.#seekTarget = ahead ? Math.max(0, t) : Math.min(this.duration, Math.max(0, t));
    this.#seeksWaiting++;
    this.#send({ kind: 'seek', t, ...(ahead ? { ahead } : {}) });
  }

  setSpeed(s: number): void {
    this.speed = clampSpeed(s);
    if (this.playing) this.#send({ kind: 'speed', speed: this.speed, paced: this.paced });
  }

  /** Paced playback, or real time (1 s a second at 1×). */
  setPaced(paced: boolean): void {
    this.paced = paced;
    if (this.playing) this.#send({ kind: 'speed', speed: this.speed, paced });
  }

  select(messageId: number | null): void {
    this.selectedMessage = messageId;
  }

  /**
   * The answers asked for by id and not yet come (exports, questions, figures): sent when they are ready,
   * not in the order of the other answers. Each settles its promise; `ofRun` ones were about the run open
   * when asked.
   */
  #answers: Record<
    number,
    { settle: (reply: AnswerById) => void; reject: (e: Error) => void; ofRun: boolean }
  > = {};
  #answersAsked = 0;

  /** Sends the command `command(id)` and waits for its answer by that id; `take` reads what it holds. */
  #askFor<R extends AnswerById, T>(
    command: (id: number) => PlayerCommand,
    take: (reply: R) => T,
    ofRun = false,
  ): Promise<T> {
    const id = ++this.#answersAsked;
    return new Promise((resolve, reject) => {
      if (this.#broken) return reject(new Error('the simulation has stopped'));
      const settle = (reply: AnswerById): void => {
        if ('error' in reply && reply.error !== undefined) reject(new Error(reply.error));
        else resolve(take(reply as R));
      };
      this.#answers[id] = { settle, reject, ofRun };
      this.#send(command(id));
    });
  }

  /** Rejects every answer still to come (or only those about the run open now). */
  #dropAnswers(why: Error, ofRunOnly = false): void {
    for (const [id, waiting] of Object.entries(this.#answers))
      if (!ofRunOnly || waiting.ofRun) {
        delete this.#answers[Number(id)];
        waiting.reject(why);
      }
  }

  /**
   * The run up to the cursor written out: a Mermaid sequence diagram, or a Markdown transcript whose list
   * of what the run is reads `about` (the scenario, the settings changed, the actions, the link).
   */
  exportRun(format: ExportFormat, about: string[]): Promise<string> {
    return this.#askFor(
      (id) => ({ kind: 'export', id, format, about }),
      (r: ExportReply) => r.text,
    );
  }

  /**
   * A question of `kind` about the run where it stands (or where it reaches the lesson's part `beat`),
   * computed from the run; null when it has none.
   */
  ask(kind: QuestionKind, beat?: number): Promise<Question | null> {
    return this.#askFor(
      (id) => ({ kind: 'question', id, question: kind, ...(beat !== undefined ? { beat } : {}) }),
      (r: QuestionReply) => r.question,
      true,
    );
  }

  /** The run's figures up to where it stands (requests failed, updates lost, …), and that instant. */
  figures(): Promise<{ figures: RunFigures; t: number }> {
    return this.#askFor(
      (id) => ({ kind: 'figures', id }),
      (r: FiguresReply) => ({ figures: r.figures, t: r.t }),
    );
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

  /** The charts of the machines asked for so far, by kind of actor. */
  charts: Partial<Record<ActorKind, StatechartGraph>> = $state.raw({});
  /** Asked for already (not shown: a plain list). */
  #chartsAsked: ActorKind[] = [];

  /** Asks the simulation for the chart of the machine actors of `kind` run (once). */
  chart(kind: ActorKind): void {
    if (this.#chartsAsked.includes(kind)) return;
    this.#chartsAsked.push(kind);
    this.#send({ kind: 'chart', machine: kind });
  }

  destroy(): void {
    this.pause();
    this.#stopLooking();
    this.#port.close();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  listen(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  #send(command: PlayerCommand): void {
    if (this.#broken) return;
    if (expectsReply(command)) {
      // The page waits for what the user asked for, not for a pick or for playing's looks.
      const waits = command.kind !== 'pick' && command.kind !== 'look';
      this.#due.push(waits);
      if (waits) this.busy = true;
    }
    this.#port.send(command);
  }

  // While playing (and shown), the page looks at the run every LOOK_MS: one look on its way at a time,
  // so a page busier than the player falls behind by one look, not by a queue.
  #lookLater(): void {
    if (!this.playing || this.#broken || document.hidden) return;
    if (this.#lookTimer !== undefined || this.#looksDue > 0) return;
    const wait = Math.max(0, this.#lookedAt + LOOK_MS - performance.now());
    this.#lookTimer = setTimeout(
      () => {
        this.#lookTimer = undefined;
        if (!this.playing || document.hidden) return;
        this.#looksDue++;
        this.#looks.push(false);
        this.#lookedAt = performance.now();
        this.#send({ kind: 'look', recent: PLAYING_RECENT });
      },
      Math.min(LOOK_MS, wait),
    );
  }

  /** No further looks; one already on its way is still answered (and shown, in its turn). */
  #stopLooking(): void {
    clearTimeout(this.#lookTimer);
    this.#lookTimer = undefined;
  }

  #receive = (reply: PlayerReply): void => {
    if (this.#broken) return;
    if ('failed' in reply) {
      // For good: the session behind the port is gone (a failure before its first answer is met by
      // the port's fallback). Nothing is waited for any more.
      this.#broken = true;
      this.#stopLooking();
      this.#dropAnswers(new Error('the simulation has stopped'));
      this.#due = [];
      this.#looksDue = 0;
      this.#looks = [];
      this.#seeksWaiting = 0;
      this.#seekTarget = null;
      this.busy = false;
      this.playing = false;
      this.errors = [...this.errors, `The simulation stopped: ${reply.failed}`];
      return;
    }
    if (reply.answers === 'painterLost') {
      // Sent unasked, whichever run it is: the painter is the worker's, not the run's.
      this.canvasLost = true;
      return;
    }
    if (reply.answers === 'lessons') {
      // Sent unasked, once: the run open now is narrated from now on if it is a lesson, so look again.
      this.lessons = reply.lessons;
      if (reply.error) {
        this.errors = [...this.errors, reply.error];
        this.lessonsFailed = true;
      }
      if (!this.playing) {
        this.#looks.push(true);
        this.#send({ kind: 'look' });
      }
      return;
    }
    if (reply.answers === 'chart') {
      // Sent when its chunk has loaded, maybe after later answers: not one of the answers waited for in
      // order. The same whichever run is open: the charts are the model's.
      this.charts = { ...this.charts, [reply.machine]: reply.graph };
      return;
    }
    if (reply.answers === 'export' || reply.answers === 'question' || reply.answers === 'figures') {
      // Sent when ready (its code loaded): not one of the answers waited for in order.
      const waiting = this.#answers[reply.id];
      delete this.#answers[reply.id];
      waiting?.settle(reply);
      return;
    }
    if (reply.answers !== 'ended') {
      this.#due.shift();
      if (!this.#due.includes(true)) this.busy = false;
    }

    const pausedLook = reply.answers === 'look' && (this.#looks.shift() ?? false);
    if (reply.run === this.#runs) {
      if (reply.answers === 'pick') {
        if (reply.picked !== null) this.select(this.selectedMessage === reply.picked ? null : reply.picked);
      } else this.#update(reply, pausedLook);
    }
    if (reply.answers === 'look') {
      if (!pausedLook) this.#looksDue = Math.max(0, this.#looksDue - 1);
      this.#lookLater();
    }
  };

  /** Shows what `reply` says; `pausedLook`: it answers a look sent paused, not one of playing's. */
  #update(reply: PlayerUpdate, pausedLook = false): void {
    if (reply.answers === 'seek') {
      this.#seeksWaiting = Math.max(0, this.#seeksWaiting - 1);
      if (this.#seeksWaiting === 0) this.#seekTarget = null;
    }
    if (reply.answers === 'beat') {
      this.#beatsWaiting = Math.max(0, this.#beatsWaiting - 1);
      if (this.#beatsWaiting === 0) this.beatTarget = null;
    }
    const opened = reply.answers === 'open' || reply.answers === 'reconfigure';
    if (reply.highlightsFrom < this.#known || reply.highlights.length > 0 || opened) {
      // A fork (or a new run) cuts the known future: its highlights and ticks go too.
      const kept =
        reply.highlightsFrom < this.#known
          ? this.highlights.filter((e) => e.seq < reply.highlightsFrom)
          : this.highlights;
      const ticks = kept.length === this.highlights.length ? this.ticks : this.ticks.slice(0, kept.length);
      this.highlights = reply.highlights.length > 0 ? [...kept, ...reply.highlights] : kept;
      this.ticks = reply.ticks.length > 0 ? [...ticks, ...reply.ticks] : ticks;
    }
    this.#known = reply.knownCount;
    this.end = reply.end;
    if (reply.config) this.config = reply.config;
    // An open or a run again says the configuration the run starts with; other answers, the one at the instant.
    if ((reply.answers === 'open' || reply.answers === 'reconfigure') && reply.config)
      this.baseConfig = reply.config;
    if (reply.answers === 'open' && reply.config) this.openedConfig = reply.config;
    if (reply.info) this.scenario = reply.info;
    else if (reply.opened !== undefined && reply.opened !== this.scenario.id)
      this.scenario = resolveInfo({ scenario: reply.opened }).scenario;
    if (reply.answers === 'open' && reply.config && (this.#sets.length > 0 || this.#address)) {
      const [sets, address] = [this.#sets, this.#address];
      this.#sets = [];
      this.#address = null;
      void this.#applySets(reply.config, sets, address);
    }
    if (reply.user) this.user = reply.user;
    // A run again the simulation refused ("nothing was applied"): the settings are those before it.
    if (reply.answers === 'reconfigure' && reply.error && !reply.config) this.sets = this.#setsBefore;
    if (reply.addressErrors) this.errors = [...this.errors, ...reply.addressErrors];
    if (reply.seed !== undefined) this.seed = reply.seed;
    if (reply.error) this.errors = [...this.errors, reply.error];
    if (reply.forkedAt !== undefined) this.forkedAt = reply.forkedAt;
    if (reply.found !== undefined) this.nothingAhead = !reply.found;
    else if (reply.answers !== 'ended' && reply.answers !== 'look' && reply.answers !== 'pause')
      this.nothingAhead = false;
    this.knownCount = reply.knownCount;
    // A look of playing's answered after playing stopped (at the end, say) is older than what the page
    // shows; a look sent paused (the lessons have come) is not.
    if (reply.answers !== 'look' || this.playing || pausedLook) this.shown = reply.instant;
    if (reply.ended === this.#plays && this.playing && reply.reached) {
      // A replay got to where it was to stop.
      this.playing = false;
      this.#stopLooking();
    } else if (reply.ended === this.#plays && this.playing) {
      // This play stopped at the end of the run; a seek sent meanwhile (a restart, say) plays on from there.
      if (this.#seeksWaiting > 0)
        this.#send({ kind: 'play', speed: this.speed, paced: this.paced, play: ++this.#plays });
      else {
        this.playing = false;
        this.atLimit = true;
        this.#stopLooking();
      }
    }
  }

  /**
   * The address's parameters set on the run just opened, through the parameter table (loaded now: the
   * first load does not carry it): the run starts again with those that are allowed; each that is not is
   * named, and left out.
   */
  async #applySets(config: LabConfig, sets: string[], address: RunAddress | null): Promise<void> {
    const run = this.#runs;
    const [{ parseAssignment, setParameter }, { pluginCfgAssignments }] = await Promise.all([
      import('../model/parameterPaths.ts'),
      import('../simulation/actionWords.ts'),
    ]);
    // Another run opened meanwhile (a scenario chosen): the address's settings were for the first one.
    if (run !== this.#runs) return;
    let next = config;
    const changed: string[] = [];
    const good: string[] = [];
    const errors: string[] = [];
    const why = (e: unknown): string => shown(e instanceof Error ? e.message : String(e), 200);
    for (const set of sets) {
      try {
        const { path, text } = parseAssignment(set);
        next = setParameter(next, path, text);
        changed.push(path);
        good.push(set);
      } catch (e) {
        errors.push(`URL parameter set=${shown(set)}: ${why(e)}; not applied`);
      }
    }
    // An edit of plugin-cfg.xml among the address's actions: each value checked as --at checks it.
    const actions = (address?.actions ?? []).filter((text) => {
      const [, name, ...words] = text.trim().split(/\s+/);
      if (name !== 'plugin-cfg') return true;
      try {
        // Read as the simulation reads them (a value may have spaces), each value checked as --at checks it.
        const set = pluginCfgAssignments(words);
        if (set === null) throw new Error(`"${words[0] ?? ''}" is not PATH=VALUE`);
        for (const { path, value } of set) setParameter(next, path, value);
        return true;
      } catch (e) {
        errors.push(`URL parameter at=${shown(text, 120)}: ${why(e)}; not made`);
        return false;
      }
    });
    if (errors.length > 0) this.errors = [...this.errors, ...errors];
    if (changed.length > 0 || address)
      this.reconfigure(next, changed, good, address ? { ...address, actions } : undefined);
  }

  // The player holds its clock while the page is hidden, whether or not it plays just then (a run
  // started while hidden waits for the page to show); the page stops looking meanwhile.
  #onVisibility = (): void => {
    this.#send({ kind: 'hold', hidden: document.hidden });
    if (document.hidden) this.#stopLooking();
    else this.#lookLater();
  };
}

function clampSpeed(s: number): number {
  return Math.min(SPEEDS.max, Math.max(SPEEDS.min, s));
}
