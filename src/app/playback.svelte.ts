// One visualizer's playback session: owns its World, maps wall time to simulated time while playing,
// and exposes the current frame and a cursor into the trace as runes. No module-level state, so a page
// can mount several. Nothing runs while paused or while the page is hidden.

import { findScenario, scenarios } from '../scenarios/index.ts';
import { sandboxScenario, type SandboxSize } from '../scenarios/sandbox.ts';
import { runSpecOf, type Scenario } from '../scenarios/scenario.ts';
import { project, type Frame } from '../simulation/frame.ts';
import { tickOf, isInteresting, type Tick } from '../simulation/highlights.ts';
import type { TraceEntry } from '../simulation/trace.ts';
import { RunSpecError, World, type InterventionAction } from '../simulation/world.ts';

export const SPEEDS = { min: 0.1, max: 100 } as const;

export class Playback {
  scenario: Scenario = $state.raw(scenarios[0]!);
  seed = $state(1);
  frame: Frame = $state.raw(undefined as unknown as Frame);
  /** How many trace entries stand before the cursor (the last of them is the current event). */
  entryCount = $state(0);
  /** Known trace length, including a known future after a step back or seek. */
  knownCount = $state(0);
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

  #world: World;
  #raf = 0;
  #lastWall = 0;
  #ticksScanned = 0;

  constructor(options: { scenario?: string; seed?: number; sandbox?: SandboxSize; speed?: number } = {}) {
    this.#world = this.#open(options);
    if (options.speed !== undefined) this.speed = clampSpeed(options.speed);
    this.#publish();
  }

  get duration(): number {
    return this.scenario.duration;
  }

  /** The whole trace known so far, including entries after the cursor. Do not change it. */
  get trace(): readonly TraceEntry[] {
    return this.#world.trace;
  }

  /** The event the cursor stands on, if any. */
  get current(): TraceEntry | undefined {
    return this.#world.trace[this.entryCount - 1];
  }

  /** The last `n` entries up to the cursor, oldest first. */
  recent(n: number): TraceEntry[] {
    return this.#world.trace.slice(Math.max(0, this.entryCount - n), this.entryCount);
  }

  /** Entries up to the cursor. */
  visible(): TraceEntry[] {
    return this.#world.trace.slice(0, this.entryCount);
  }

  get world(): World {
    return this.#world;
  }

  load(options: { scenario?: string; seed?: number; sandbox?: SandboxSize }): void {
    this.pause();
    this.forkedAt = null;
    this.selectedMessage = null;
    this.#world = this.#open(options);
    this.#publish();
  }

  play(): void {
    if (this.playing) return;
    if (this.#world.now() >= this.duration) this.seek(0);
    this.playing = true;
    this.#lastWall = performance.now();
    this.#schedule();
  }

  pause(): void {
    this.playing = false;
    if (this.#raf) cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Moves the cursor to the next trace entry, simulating the next step when none is known yet. */
  stepForward(): void {
    this.pause();
    const visible = this.#world.visibleCount;
    if (this.entryCount < visible) {
      this.entryCount++;
      this.#publishCursor();
      return;
    }
    while (this.#world.now() <= this.duration && this.#world.step()) {
      if (this.#world.visibleCount > visible) {
        this.#publish(visible + 1);
        return;
      }
    }
    this.#publish();
  }

  /** Moves the cursor back one trace entry; the world goes back to just after the step that produced it. */
  stepBack(): void {
    this.pause();
    const target = this.entryCount - 1;
    if (target <= 0) {
      this.#world.seekToStep(0);
      this.#publish(0);
      return;
    }
    this.#world.seekToEntry(target - 1);
    this.#publish(target);
  }

  /** Jumps to the next fault, mark-down, failover, read from the store, lost update or monitor report. */
  nextInteresting(): boolean {
    this.pause();
    const trace = this.#world.trace;
    for (;;) {
      for (let i = this.entryCount; i < trace.length; i++) {
        if (trace[i]!.t > this.duration) break;
        if (isInteresting(trace[i]!)) {
          this.#world.seekToEntry(i);
          this.#publish(i + 1);
          return true;
        }
      }
      // Nothing known ahead: simulate further, a simulated second at a time.
      const before = trace.length;
      const until = Math.min(this.duration, this.#world.now() + 1000);
      if (this.#world.now() >= this.duration) break;
      this.#world.runUntil(until);
      this.entryCount = Math.max(this.entryCount, before);
    }
    this.#publish();
    return false;
  }

  /** Puts the cursor on trace entry `index` (the world just after the step that produced it). */
  jumpToEntry(index: number): void {
    this.pause();
    if (index < 0 || index >= this.#world.trace.length) return;
    this.#world.seekToEntry(index);
    this.#publish(index + 1);
  }

  seek(t: number): void {
    this.#world.seek(Math.min(this.duration, Math.max(0, t)));
    this.#publish();
  }

  setSpeed(s: number): void {
    this.speed = clampSpeed(s);
  }

  select(messageId: number | null): void {
    this.selectedMessage = messageId;
  }

  /** Acts now; if the run had a known future beyond now, it is cut and re-simulated. */
  act(action: InterventionAction): void {
    const now = this.#world.now();
    const hadFuture = this.#world.trace.length > this.#world.visibleCount;
    try {
      this.#world = this.#world.intervene({ at: now, action });
    } catch (e) {
      if (e instanceof RunSpecError) {
        this.errors = [...this.errors, e.message];
        return;
      }
      throw e;
    }
    this.forkedAt = hadFuture ? now : this.forkedAt;
    this.#ticksScanned = 0;
    this.ticks = [];
    this.#publish();
  }

  dismissErrors(): void {
    this.errors = [];
  }

  destroy(): void {
    this.pause();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  listen(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  #open(options: { scenario?: string; seed?: number; sandbox?: SandboxSize }): World {
    const s = options.sandbox
      ? sandboxScenario(options.sandbox)
      : (options.scenario && findScenario(options.scenario)) || scenarios[0]!;
    this.scenario = s;
    this.seed = options.seed ?? s.defaultSeed;
    const world = new World(runSpecOf(s, this.seed));
    if (!s.workload) {
      // A scripted scenario is short: simulate it whole so the timeline shows every event from the start.
      world.runUntil(s.duration);
      world.seek(0);
    }
    this.#ticksScanned = 0;
    this.ticks = [];
    return world;
  }

  #onVisibility = (): void => {
    if (document.hidden) {
      if (this.#raf) cancelAnimationFrame(this.#raf);
      this.#raf = 0;
    } else if (this.playing) {
      this.#lastWall = performance.now();
      this.#schedule();
    }
  };

  #schedule(): void {
    if (!this.playing || document.hidden) return;
    this.#raf = requestAnimationFrame(this.#tick);
  }

  #tick = (wall: number): void => {
    this.#raf = 0;
    const dt = Math.min(250, wall - this.#lastWall);
    this.#lastWall = wall;
    const target = Math.min(this.duration, this.#world.now() + dt * this.speed);
    this.#world.runUntil(target);
    this.#publish();
    if (target >= this.duration) this.pause();
    else this.#schedule();
  };

  /** Publishes the world as it stands; `entries` puts the cursor on an earlier entry of the same step. */
  #publish(entries?: number): void {
    this.frame = project(this.#world);
    this.entryCount = entries ?? this.#world.visibleCount;
    this.#publishCursor();
  }

  #publishCursor(): void {
    const trace = this.#world.trace;
    this.knownCount = trace.length;
    if (this.#ticksScanned > trace.length) {
      this.#ticksScanned = 0;
      this.ticks = [];
    }
    if (this.#ticksScanned < trace.length) {
      const added: Tick[] = [];
      for (let i = this.#ticksScanned; i < trace.length; i++) {
        const tick = tickOf(trace[i]!, i);
        if (tick) added.push(tick);
      }
      this.#ticksScanned = trace.length;
      if (added.length > 0) this.ticks = [...this.ticks, ...added];
    }
  }
}

function clampSpeed(s: number): number {
  return Math.min(SPEEDS.max, Math.max(SPEEDS.min, s));
}
