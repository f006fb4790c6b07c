// The simulation side of a playback session: owns the World and its trace, answers commands (step, seek,
// act, look) with the Instant the page shows, and streams the interesting entries (for the timeline and
// the monitors). While the run plays, `advance` moves it on and gives only the messages in flight (for
// the canvas). It runs in a worker when the page has one (so the simulation never costs the page's main
// thread) and in the page itself otherwise (tests, hosts without workers); either way the answers are the
// same data. The first command is `open`.

import { resolveScenario } from '../scenarios/index.ts';
import type { ClusterConfig, LabConfig } from '../model/config.ts';
import { findInfo, type SandboxSize, type ScenarioInfo } from '../scenarios/catalog.ts';
import type { LessonView } from '../scenarios/narration.ts';
import { requestPath, runSpecOf, scriptUpTo, type Scenario } from '../scenarios/scenario.ts';
import { project, projectMotion, type Frame, type Motion } from '../simulation/frame.ts';
import { isInteresting, tickOf, type Tick } from '../simulation/highlights.ts';
import { dwellOf, rateOf } from './pacer.ts';
import type { TraceEntry } from '../simulation/trace.ts';
import { FiguresTally, type RunFigures } from '../simulation/figures.ts';
import { RunSpecError, World, type Intervention, type InterventionAction } from '../simulation/world.ts';
import { withCluster } from '../simulation/pluginFile.ts';
import { wordsOf } from '../simulation/interventions.ts';
import { secondsText, shown, type LabMoment } from '../io/urlState.ts';

/**
 * What an address adds to a run (urlState.ts): the user's own actions as --at writes them, made on top of
 * the script; trying it yourself (the script's first `script` actions only, from instant `t`); where the
 * cursor stands.
 */
export interface RunAddress {
  actions?: string[];
  trying?: { t: number; script: number };
  moment?: LabMoment;
}

/** The user's part of a run, as an address writes it: their actions, and trying it yourself. */
export interface UserRun {
  /** `T words` for each action the user made, in the order they are made. */
  actions: string[];
  /** Trying it yourself: since instant `t`, with the script's first `script` actions. */
  trying: { t: number; script: number } | null;
}

export interface OpenOptions extends RunAddress {
  scenario?: string;
  seed?: number;
  sandbox?: SandboxSize;
  /**
   * The run again with another configuration (the configuration panel's): this configuration instead of
   * the scenario's, these interventions instead of its script (the script's and the user's so far), and
   * the cursor at instant `at`. `changed` names the parameters that differ from the scenario's: a
   * lesson's narration then says the run has left its script.
   */
  rerun?: {
    config: LabConfig;
    /** null: the script's, with the address's actions (the options') on top. */
    interventions: Intervention[] | null;
    at: number;
    changed: string[];
    end?: number;
    /** How many of the instant's entries the cursor stood after: it stands there again. */
    within?: number;
  };
}

/** How many entries up to the cursor a panel view carries (the logs and the sequence diagram show them). */
export const RECENT = 400;
/** How far back the current request's plug-in steps and the narration are looked for. */
const LOOK_BACK = 3000;

export type SessionCommand =
  | { kind: 'open'; options: OpenOptions }
  /** Nothing changes: the Instant where the run stands, with the last `recent` entries (RECENT if not given). */
  | { kind: 'look'; recent?: number }
  | { kind: 'stepForward' }
  | { kind: 'stepBack' }
  | { kind: 'nextInteresting' }
  | { kind: 'jumpToEntry'; index: number }
  /**
   * The cursor to instant `t`, within the run's known end; `ahead`: past it if need be (simulated on, up to
   * the lab's limit), as playing would go (a question's answer can lie there).
   */
  | { kind: 'seek'; t: number; ahead?: boolean }
  | { kind: 'act'; action: InterventionAction }
  /**
   * The run again from its start with `config` (the configuration panel's), the actions made so far kept,
   * simulated to where it stood; `changed` names every parameter that now differs from the scenario's own
   * configuration (none: the run follows its script again). Answered as an `open`.
   */
  | { kind: 'reconfigure'; config: LabConfig; changed: string[]; address?: RunAddress }
  /** A lesson's beat `index` (-1: its start): the cursor goes just after the entry that reached it. */
  | { kind: 'beat'; index: number }
  /**
   * Try it yourself: the lesson's run from the cursor on without the rest of its script, for the user's
   * own actions; the narration then tells where the run leaves the script.
   */
  | { kind: 'tryIt' };

/**
 * Everything the page shows at one instant of the run (the topology, the panels, the clock): the world
 * there, the cursor, the entries up to it, the current request's ten steps, the narration. One object, so
 * that what the page shows cannot mix two instants.
 */
export interface Instant {
  /** The world at the cursor, with every statechart's state; its messages are the ones in flight. */
  frame: Frame;
  entryCount: number;
  /**
   * When the cursor stands inside its instant (entries of the same instant after it): how many of that
   * instant's entries stand before it. An address writes it to stand there again.
   */
  within?: number;
  /** The last RECENT entries (or fewer, if asked) up to the cursor, oldest first; the last is the current event. */
  recent: TraceEntry[];
  /** The plug-in steps of the request the latest step belongs to. */
  walk: TraceEntry[];
  /** Where the lesson stands, when the run is a lesson whose beats have loaded; else null. */
  lesson: LessonView | null;
}

export interface SessionUpdate {
  /** The kind of command this answers. */
  answers: SessionCommand['kind'];
  /** Answering open: the run's configuration with its version profile and tuning level applied. */
  config?: LabConfig;
  /** Answering open: the run's title, summary, seed and length (the page knows a lesson only by its id). */
  info?: ScenarioInfo;
  /** Answering open: the seed the run opened with. */
  seed?: number;
  /** Answering open: the id of the run opened (the sandbox's is `sandbox`). */
  opened?: string;
  /** What the page shows now. */
  instant: Instant;
  /** How many trace entries are known, including a known future. */
  knownCount: number;
  /** Simulated ms where the run's timeline ends: the scenario's length, or further once played past it. */
  end: number;
  /**
   * Interesting entries (see isInteresting): the receiver keeps those with `seq < highlightsFrom` and
   * appends `highlights` (a fork cuts the known future).
   */
  highlightsFrom: number;
  highlights: TraceEntry[];
  /** The timeline's marks of `highlights`, one each, in the same order. */
  ticks: Tick[];
  /** The simulated instant an action cut a known future at. */
  forkedAt?: number;
  /** Why a command could not be carried out; the run is as it was. */
  error?: string;
  /** Problems with what an address asked for (each named); the run opened without those parts. */
  addressErrors?: string[];
  /** The user's part of the run, whenever it may have changed (open, act, try it yourself). */
  user?: UserRun;
  /** nextInteresting: whether an interesting event was found ahead. */
  found?: boolean;
}

/** The lessons and their narration, loaded after the first answer (guide.ts). */
export type Guide = typeof import('./guide.ts');
type Narrator = import('./guide.ts').Narrator;

/**
 * How far a run may be simulated in the lab: a scenario's length is where its timeline ends at first, not
 * where time stops, and playing on simulates further, up to 24 simulated hours (as the command line) or a
 * million trace entries (about twelve simulated minutes of the busiest sandbox), whichever comes first,
 * so that a page left playing cannot exhaust the browser's memory.
 */
export const RUN_LIMITS = { ms: 24 * 60 * 60 * 1000, entries: 1_000_000 };

export class Session {
  #world!: World;
  #scenario!: Scenario;
  /** The run's lesson narrator, once the lessons have loaded; null for the sandbox. */
  #narrator: Narrator | null = null;
  #guide: Guide | null = null;
  /** Trying it yourself (see the `tryIt` command), or null. */
  #trying: LessonView['trying'] = null;
  /** The actions the user made (not the script's), the very objects in the world's list. */
  #actions: Intervention[] = [];
  /** Trying it yourself: how many of the script's actions the run keeps; else null. */
  #scriptKept: number | null = null;
  /** The parameters a rerun changed from the scenario's, or null. */
  #changed: string[] | null = null;
  /** What the run was opened with (a rerun keeps it). */
  #options: OpenOptions = {};
  #entryCount = 0;
  /** The last play() reached the instant it was to stop at. */
  reached = false;
  /** The figures counted so far (figures()). */
  #tally: FiguresTally | null = null;
  /** Up to which trace index the receiver holds the interesting entries. */
  #sent = 0;
  /** plugin-cfg.xml's ServerCluster as the page last heard of it. */
  #sentFile: ClusterConfig | null = null;
  /** Where the run's timeline ends: the scenario's length, or as far as the run has been simulated. */
  #end = 0;
  /** Playing: the simulated instant the messages are drawn at (the world's clock, plus a fraction). */
  #playhead = 0;
  /** Playing paced: wall ms (at 1×) the entry at the cursor is still shown before the next appears. */
  #dwell = 0;
  /** Playing: the instant of the last event (or where playing started): a quiet stretch runs from it. */
  #since = 0;
  readonly #limits: typeof RUN_LIMITS;

  constructor(limits = RUN_LIMITS) {
    this.#limits = limits;
  }

  /** Simulated ms where the run's timeline ends now. */
  get end(): number {
    return this.#end;
  }

  /**
   * The run stands as far as the lab simulates one (RUN_LIMITS): playing stops here. Back in the known
   * trace (after a seek), it plays again up to there.
   */
  get atLimit(): boolean {
    return this.#world.now() >= this.#limits.ms || this.#world.visibleCount >= this.#limits.entries;
  }

  /** The lessons have loaded: they can be opened, and the open run, if it is one, is narrated from now on. */
  learn(guide: Guide): void {
    this.#guide = guide;
    // The run already open is narrated from now on if its beats read the trace alone (a lesson whose
    // beats watch states is narrated once opened again: its world was built without the watch).
    if (this.#scenario && !this.#narrator && !this.#world.runSpec.workload) {
      const narrator = guide.narratorFor(this.#scenario.id);
      if (narrator?.readsTraceOnly) this.#narrator = narrator;
    }
  }

  /** The run's figures up to the cursor, and the cursor's instant. */
  figures(): { figures: RunFigures; t: number } {
    // Counted on from the last time asked while the cursor goes forward (a comparison asks every 250 ms);
    // from the start when it went back, or when the entries counted are no longer the run's (another
    // run opened, or an action that cut and simulated again what was counted: new entries).
    const trace = this.#world.trace;
    const n = this.#entryCount;
    let tally = this.#tally;
    if (!tally || tally.count > n || (tally.count > 0 && trace[tally.count - 1] !== tally.last))
      tally = this.#tally = new FiguresTally();
    for (let i = tally.count; i < n; i++) tally.feed(trace[i]!);
    return { figures: tally.figures(), t: this.#world.now() };
  }

  /**
   * What a question about the run is computed from: the run, and the instant asked about (a lesson's part
   * `beat`, where the run reaches it, else the cursor's); `steps`, what simulating the run again costs.
   */
  questionSource(beat?: number): { world: World; at: number } {
    const at = beat !== undefined ? this.#narrator?.beatTime(this.#world, beat) : undefined;
    return { world: this.#world, at: at ?? this.#world.now() };
  }

  /**
   * What a transcript of the run up to the cursor is written from: its title, the lesson's parts it has
   * reached and where it left the script (a lesson's, once the lessons have loaded), and its entries.
   */
  transcriptSource(): {
    title: string;
    narration: { t: number; text: string; source: string }[];
    left: { t: number; action: string } | null;
    entries: TraceEntry[];
  } {
    const entries = this.#world.trace.slice(0, this.#entryCount);
    const told = this.#narrator?.told(entries) ?? { narration: [], left: null };
    return {
      title:
        this.#narrator?.info.title ??
        this.#scenario.title ??
        findInfo(this.#scenario.id)?.title ??
        this.#scenario.id,
      ...told,
      entries,
    };
  }

  /** The world (for tests and in-page use); a command may replace it. */
  get world(): World {
    return this.#world;
  }

  handle(command: SessionCommand): SessionUpdate {
    if (command.kind !== 'open' && !this.#world) throw new Error(`${command.kind} before open`);
    switch (command.kind) {
      case 'reconfigure':
      case 'open': {
        const world = this.#world;
        let error: string | undefined;
        try {
          error = this.#open(
            command.kind === 'open'
              ? command.options
              : {
                  ...this.#options,
                  ...command.address,
                  rerun: {
                    config: command.config,
                    // An address names the actions and the moment itself.
                    interventions: command.address ? null : [...world.runSpec.interventions!],
                    at: world.now(),
                    changed: command.changed,
                    end: this.#end,
                    within: this.#entryCount - firstAtInstant(world.trace, this.#entryCount, world.now()),
                  },
                },
          );
        } catch (e) {
          // A configuration under which the run's own actions cannot be made (a request through a web
          // server process it no longer has): the run stays as it was, and the page says why.
          if (!(e instanceof RunSpecError) || command.kind !== 'reconfigure') throw e;
          return {
            ...this.#update('reconfigure', this.#entryCount),
            error: `This configuration cannot run the actions of this run (${e.message}); nothing was applied.`,
          };
        }
        this.#sent = 0;
        this.#sentFile = this.#world.pluginFile;
        const narrator = this.#narrator;
        const addressErrors = this.#addressErrors;
        this.#addressErrors = [];
        return {
          ...this.#update(command.kind, this.#entryCount),
          config: this.#world.config,
          seed: this.#world.runSpec.seed,
          opened: this.#scenario.id,
          user: this.#user(),
          ...(narrator ? { info: narrator.info } : {}),
          ...(error ? { error } : {}),
          ...(addressErrors.length > 0 ? { addressErrors } : {}),
        };
      }
      case 'look':
        return this.#update('look', this.#entryCount, command.recent);
      case 'stepForward':
        return this.#stepForward();
      case 'stepBack':
        return this.#stepBack();
      case 'nextInteresting':
        return this.#nextInteresting();
      case 'jumpToEntry': {
        const i = command.index;
        if (Number.isInteger(i) && i >= 0 && i < this.#world.trace.length) {
          this.#world.seekToEntry(i);
          return this.#update('jumpToEntry', i + 1);
        }
        return this.#update('jumpToEntry', this.#entryCount);
      }
      case 'seek': {
        // The trace's clock counts whole milliseconds; so does the instant a seek lands on.
        const last = command.ahead ? this.#limits.ms : this.#end;
        this.#world.seek(Math.round(Math.min(last, Math.max(0, command.t))));
        this.#end = Math.max(this.#end, this.#world.now());
        return this.#update('seek');
      }
      case 'act':
        return this.#act(command.action);
      case 'beat':
      case 'tryIt':
        return this.#lessonCommand(command);
    }
  }

  /**
   * Simulates `ms` further in real time, past the scenario's length if need be (the timeline's end
   * follows), up to the lab's limit; every entry appears at once.
   */
  advance(ms: number): Motion {
    this.startPlaying();
    return this.play(ms, false);
  }

  /** Playing starts from where the cursor stands. */
  startPlaying(): void {
    this.#playhead = this.#since = this.#world.now();
    this.#dwell = 0;
  }

  /**
   * Playing: `wall` ms of wall time further (times the speed), past the scenario's length if need be (the
   * timeline's end follows), up to the lab's limit. In real time simulated time runs as wall time and a
   * step's entries appear at once; paced (pacer.ts) the entries appear one at a time, each for a while,
   * and simulated time runs as slow as the messages in flight need, as fast as a quiet stretch allows.
   * Only the messages in flight are worked out, where the playhead has them (the canvas draws them every
   * animation frame); the page hears of the rest with `look`. The world's clock counts whole
   * milliseconds, as the trace does: the playhead runs ahead of it by less than one.
   */
  play(wall: number, paced: boolean, until?: number): Motion {
    const world = this.#world;
    const trace = world.trace;
    let budget = Math.max(0, wall);
    const limit = Math.min(this.#limits.ms, until ?? Infinity);
    // Playing keeps the playhead within the millisecond the world stands in; anything else (a seek, a
    // step, an action while playing) moved the world, and playing goes on from where it stands.
    if (!(this.#playhead >= world.now() && this.#playhead < world.now() + 1)) this.startPlaying();
    this.reached = false;
    while (budget > 0 && !this.atLimit) {
      // Playing up to an instant (a replay): it stops there once that instant's entries are all shown.
      if (
        until !== undefined &&
        this.#playhead >= until &&
        (world.nextEventAt() ?? Infinity) > until &&
        (!paced || this.#entryCount >= world.visibleCount)
      ) {
        this.reached = true;
        break;
      }
      const visible = world.visibleCount;
      if (!paced) this.#entryCount = visible;
      else if (this.#entryCount < visible || this.#dwell > 0) {
        // The entry shown stays for its while; then the next one of the same instant appears.
        if (this.#dwell > budget) {
          this.#dwell -= budget;
          break;
        }
        budget -= this.#dwell;
        this.#dwell = 0;
        if (this.#entryCount < visible)
          this.#dwell = dwellOf(trace[this.#entryCount++]!, world.messagesInFlight().length);
        continue;
      }
      const due = world.nextEventAt();
      const next = Math.min(due ?? Infinity, limit);
      const rate = paced ? rateOf(world.messagesInFlight(), this.#since, next) : 1;
      const reach = this.#playhead + budget * rate;
      if (reach < next) {
        this.#playhead = reach;
        world.runUntil(Math.floor(reach));
        break;
      }
      budget -= Math.max(0, next - this.#playhead) / rate;
      this.#playhead = this.#since = next;
      if (due === next) world.step();
      else world.runUntil(next); // the lab's limit (or the replay's end), before the next event
    }
    if (!paced) this.#entryCount = world.visibleCount;
    this.#end = Math.max(this.#end, world.now());
    return projectMotion(world, this.#playhead);
  }

  /**
   * Opens the run `options` name; says why if it opened another instead. The world is built first: if it
   * cannot be (a RunSpecError), the run open stays as it was.
   */
  #open(options: OpenOptions): string | undefined {
    const wanted = options.sandbox ? null : options.scenario;
    const asked = wanted ? (this.#guide?.narratorFor(wanted) ?? null) : null;
    const { scenario, seed } = asked
      ? { scenario: asked.lesson, seed: options.seed ?? asked.lesson.defaultSeed }
      : resolveScenario(options);
    const narrator = options.sandbox ? null : (asked ?? this.#guide?.narratorFor(scenario.id) ?? null);
    const spec = runSpecOf(scenario, seed);
    const rerun = options.rerun;
    if (rerun) spec.config = rerun.config;
    // The user's actions: a rerun's (kept as they are), or an address's (read here), or none.
    let actions: Intervention[];
    let scriptKept: number | null;
    if (rerun?.interventions) {
      spec.interventions = rerun.interventions;
      actions = this.#actions.filter((a) => rerun.interventions!.includes(a));
      scriptKept = this.#scriptKept;
    } else {
      const address = this.#readAddress(options, spec.interventions ?? [], !scenario.workload, spec.config);
      spec.interventions = address.interventions;
      actions = address.actions;
      scriptKept = address.scriptKept;
    }
    let world: World;
    try {
      world = narrator ? narrator.world(spec) : new World(spec);
    } catch (e) {
      // An address's actions the run cannot make (a member it does not have): it opens without them.
      if (!(e instanceof RunSpecError) || actions.length === 0 || rerun?.interventions) throw e;
      this.#addressErrors.push(
        `The address's actions cannot all be made in this run (${e.message}); it opens without them`,
      );
      spec.interventions = spec.interventions!.filter((i) => !actions.includes(i));
      actions = [];
      world = narrator ? narrator.world(spec) : new World(spec);
    }
    if (!scenario.workload) {
      // A scripted scenario is short: simulate it whole so the timeline shows every event from the start.
      world.runUntil(scenario.duration);
      world.seek(0);
    }
    // Trying it yourself goes on through a rerun; an address says since when.
    const trying = scriptKept !== null && rerun?.interventions ? this.#trying : null;
    // Where the cursor stands: where an address says, else where a rerun stood.
    const moment =
      (!rerun?.interventions ? options.moment : undefined) ??
      (rerun ? { t: rerun.at, within: rerun.within } : undefined);
    if (moment) {
      // An address may name any instant: the run is simulated towards it no further than the lab simulates
      // one (RUN_LIMITS), a simulated second at a time, and stands where it stopped.
      const t = Math.round(Math.min(moment.t, this.#limits.ms));
      const within = (): boolean =>
        world.now() < this.#limits.ms && world.visibleCount < this.#limits.entries;
      while ((world.trace.at(-1)?.t ?? 0) < t && world.now() < t && within())
        world.runUntil(Math.min(t, world.now() + 1000));
      const reached = within() ? t : world.now();
      if (reached < t)
        this.#addressErrors.push(
          `The address's instant, ${secondsText(moment.t)} s, is further than the lab simulates this run (a million events or 24 simulated hours): it stands at ${secondsText(reached)} s`,
        );
      world.seek(Math.min(reached, t));
    }
    this.#options = {
      ...options,
      rerun: undefined,
      actions: undefined,
      trying: undefined,
      moment: undefined,
    };
    this.#scenario = scenario;
    this.#narrator = narrator;
    this.#actions = actions;
    this.#scriptKept = scriptKept;
    this.#trying =
      trying ??
      (scriptKept !== null && options.trying
        ? { from: this.#beatAt(world, narrator, options.trying.t), t: options.trying.t }
        : null);
    this.#changed = rerun && rerun.changed.length > 0 ? rerun.changed : null;
    this.#world = world;
    // A rerun (or an address) stands where the cursor stood: inside its instant if it was (as far as the
    // new run has entries there), else at the instant's end.
    const first = firstAtInstant(world.trace, world.visibleCount, world.now());
    this.#entryCount =
      moment?.within === undefined ? world.visibleCount : Math.min(world.visibleCount, first + moment.within);
    this.#end = Math.max(scenario.duration, world.now(), rerun?.end ?? 0);
    // (If the lessons could not be loaded, the page has been told why.)
    if (wanted && scenario.id !== wanted) return `There is no lesson "${wanted}": opening ${scenario.id}.`;
    return undefined;
  }

  /** Problems with the address the last open read, for its answer. */
  #addressErrors: string[] = [];

  /**
   * The interventions a run opens with: the scenario's script (or, trying it yourself, its first actions
   * in time order), with the address's actions on top; a bad one is named and left out.
   */
  #readAddress(
    options: RunAddress,
    script: readonly Intervention[],
    lesson: boolean,
    config: LabConfig,
  ): { interventions: Intervention[]; actions: Intervention[]; scriptKept: number | null } {
    let kept: readonly Intervention[] = script;
    let scriptKept: number | null = null;
    if (options.trying) {
      const upTo = lesson ? scriptUpTo(script, options.trying.script) : null;
      if (!lesson) this.#addressErrors.push("URL parameter try: trying it yourself is a lesson's; ignored");
      else if (!upTo)
        this.#addressErrors.push(
          `URL parameter script=${options.trying.script}: the lesson has ${script.length} actions of its own; ignored`,
        );
      else {
        scriptKept = options.trying.script;
        kept = upTo;
      }
    }
    const actions: Intervention[] = [];
    // The words are read by code that comes with the lessons (the player waits for them first).
    const words = this.#guide;
    if (!words && (options.actions?.length ?? 0) > 0)
      this.#addressErrors.push("The address's actions could not be read: the lessons did not load; not made");
    for (const text of options.actions ?? []) {
      if (!words) break;
      try {
        actions.push(words.parseIntervention(text, { defaultPath: requestPath(config) }));
      } catch (e) {
        if (!(e instanceof words.InterventionError)) throw e;
        this.#addressErrors.push(`URL parameter at=${shown(text, 120)}: ${e.message}; not made`);
      }
    }
    // As a run grown by the user's actions holds them: after the script's at the same instant, in order.
    return { interventions: [...kept, ...actions].sort((a, b) => a.at - b.at), actions, scriptKept };
  }

  /** The lesson's beat reached at instant `t` (its last entries included), for trying it yourself from there. */
  #beatAt(world: World, narrator: Narrator | null, t: number): number {
    if (!narrator) return -1;
    let cursor = 0;
    while (cursor < world.trace.length && world.trace[cursor]!.t <= t) cursor++;
    return narrator.view(world.trace, cursor, null).at;
  }

  /** The user's part of the run, as an address writes it. */
  #user(): UserRun {
    return {
      actions: this.#actions.map((i) => `${secondsText(i.at)} ${wordsOf(i.action)}`),
      trying:
        this.#scriptKept !== null && this.#trying ? { t: this.#trying.t, script: this.#scriptKept } : null,
    };
  }

  /** A lesson's `beat` or `tryIt` (the guide, loaded with the lessons, does the work). */
  #lessonCommand(command: { kind: 'beat'; index: number } | { kind: 'tryIt' }): SessionUpdate {
    const narrator = this.#narrator;
    const stay = (error: string): SessionUpdate => ({
      ...this.#update(command.kind, this.#entryCount),
      error,
    });
    if (!narrator) return stay('This run is not a lesson.');
    const world = this.#world;
    if (command.kind === 'beat') {
      const at = narrator.toBeat(world, command.index);
      return typeof at === 'string' ? stay(at) : this.#update('beat', at);
    }
    const cursor = this.#entryCount;
    this.#trying = { from: narrator.view(world.trace, cursor, null).at, t: world.now() };
    this.#world = narrator.tryFrom(world, cursor);
    // The run keeps the actions made by now, the script's and the user's; the address says how many of
    // the script's.
    const kept = this.#world.runSpec.interventions!;
    this.#actions = this.#actions.filter((a) => kept.includes(a));
    this.#scriptKept = kept.length - this.#actions.length;
    this.#sent = Math.min(this.#sent, cursor);
    return { ...this.#update('tryIt', cursor), user: this.#user() };
  }

  #stepForward(): SessionUpdate {
    const world = this.#world;
    const visible = world.visibleCount;
    if (this.#entryCount < visible) return this.#update('stepForward', this.#entryCount + 1);
    // At the timeline's end, a step simulates further: time goes on (up to the lab's limit).
    while (!this.atLimit && world.step()) {
      if (world.visibleCount > visible) {
        this.#end = Math.max(this.#end, world.now());
        return this.#update('stepForward', visible + 1);
      }
    }
    return this.#update('stepForward');
  }

  #stepBack(): SessionUpdate {
    const target = this.#entryCount - 1;
    if (target <= 0) {
      this.#world.seekToStep(0);
      return this.#update('stepBack', 0);
    }
    this.#world.seekToEntry(target - 1);
    return this.#update('stepBack', target);
  }

  #nextInteresting(): SessionUpdate {
    const world = this.#world;
    const trace = world.trace;
    const duration = this.#end;
    let from = this.#entryCount;
    for (;;) {
      for (let i = from; i < trace.length; i++) {
        if (trace[i]!.t > duration) break;
        if (isInteresting(trace[i]!)) {
          world.seekToEntry(i);
          return { ...this.#update('nextInteresting', i + 1), found: true };
        }
      }
      // Nothing known ahead: simulate further, a simulated second at a time.
      if (world.now() >= duration) break;
      from = Math.max(from, trace.length);
      world.runUntil(Math.min(duration, world.now() + 1000));
    }
    return { ...this.#update('nextInteresting'), found: false };
  }

  #act(action: InterventionAction): SessionUpdate {
    const world = this.#world;
    // An action comes first at its instant. One on a message in flight comes a millisecond on, so that a
    // message sent at this instant (the one the cursor stands on, say) is already on the wire; its
    // delivery, a millisecond later at the soonest, comes after the action.
    const now = world.now() + (action.kind === 'dropMessage' || action.kind === 'delayMessage' ? 1 : 0);
    // Entries from the first one at `now` on are simulated again (the action comes first at its instant):
    // a known future, or events of this very instant already shown, are a past that changes.
    let cut = world.visibleCount;
    while (cut > 0 && world.trace[cut - 1]!.t >= now) cut--;
    const hadFuture = cut < world.trace.length;
    const intervention: Intervention = { at: now, action };
    try {
      this.#world = world.intervene(intervention);
    } catch (e) {
      if (e instanceof RunSpecError) return { ...this.#update('act', this.#entryCount), error: e.message };
      throw e;
    }
    this.#actions = [...this.#actions, intervention];
    this.#sent = Math.min(this.#sent, cut);
    return { ...this.#update('act'), user: this.#user(), ...(hadFuture ? { forkedAt: now } : {}) };
  }

  /**
   * The answer: the Instant where the world stands, the cursor there (an earlier entry of the same step
   * if given), and the interesting entries the receiver does not have yet.
   */
  #update(answers: SessionCommand['kind'], entryCount?: number, recent = RECENT): SessionUpdate {
    const world = this.#world;
    this.#entryCount = entryCount ?? world.visibleCount;
    const trace = world.trace;
    const from = Math.min(this.#sent, trace.length);
    const highlights: TraceEntry[] = [];
    for (let i = from; i < trace.length; i++) if (isInteresting(trace[i]!)) highlights.push(trace[i]!);
    this.#sent = trace.length;
    // plugin-cfg.xml as edited at this instant: the configuration panel shows it.
    const file = world.pluginFile;
    const edited = file !== this.#sentFile;
    this.#sentFile = file;
    return {
      ...(edited ? { config: withCluster(world.config, file) } : {}),
      answers,
      instant: this.#instant(project(world), recent),
      knownCount: trace.length,
      end: this.#end,
      highlightsFrom: from,
      highlights,
      ticks: highlights.map((e) => tickOf(e, e.seq)!),
    };
  }

  #instant(frame: Frame, recent: number): Instant {
    const trace = this.#world.trace;
    const end = this.#entryCount;
    const low = Math.max(0, end - LOOK_BACK);
    let request: unknown;
    for (let i = end - 1; i >= low && request === undefined; i--) {
      const e = trace[i]!;
      if (e.type === 'plugin.step') request = e.data?.request;
    }
    const walk: TraceEntry[] = [];
    if (request !== undefined)
      for (let i = low; i < end; i++) {
        const e = trace[i]!;
        if (e.type === 'plugin.step' && e.data?.request === request) walk.push(e);
      }
    const world = this.#world;
    const inside = end < world.visibleCount && trace[end]?.t === world.now();
    return {
      frame,
      entryCount: end,
      ...(inside ? { within: end - firstAtInstant(trace, end, world.now()) } : {}),
      recent: trace.slice(Math.max(0, end - Math.max(1, Math.min(RECENT, recent))), end),
      walk,
      lesson: this.#narrator?.view(trace, end, this.#trying, this.#changed) ?? null,
    };
  }
}

/** The index of the first of the entries before `end` that stand at instant `t` (`end` when none does). */
function firstAtInstant(trace: readonly TraceEntry[], end: number, t: number): number {
  let i = end;
  while (i > 0 && trace[i - 1]!.t === t) i--;
  return i;
}
