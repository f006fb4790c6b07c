// One visualizer's playback session: owns its World, maps wall time to simulated time while playing,
// and exposes the current frame and trace as runes. No module-level state, so a page can mount several.
// Nothing runs while paused or while the page is hidden.

import { findScenario, scenarios } from '../scenarios/index.ts';
import { runSpecOf, type Scenario } from '../scenarios/scenario.ts';
import { project, type Frame } from '../simulation/frame.ts';
import type { TraceEntry } from '../simulation/trace.ts';
import { World, type InterventionAction } from '../simulation/world.ts';

export class Playback {
  scenario: Scenario = $state.raw(scenarios[0]!);
  seed = $state(1);
  frame: Frame = $state.raw(undefined as unknown as Frame);
  trace: TraceEntry[] = $state.raw([]);
  playing = $state(false);
  /** Simulated time per wall-clock time (1 = real time). */
  speed = $state(1);
  /** Set when an action in the past cut the known future. */
  forkedAt: number | null = $state(null);

  #world: World;
  #raf = 0;
  #lastWall = 0;

  constructor(scenarioId?: string, seed?: number) {
    const s = (scenarioId && findScenario(scenarioId)) || scenarios[0]!;
    this.scenario = s;
    this.seed = seed ?? s.defaultSeed;
    this.#world = new World(runSpecOf(s, this.seed));
    this.#publish();
  }

  get duration(): number {
    return this.scenario.duration;
  }

  load(scenarioId: string, seed?: number): void {
    const s = findScenario(scenarioId);
    if (!s) return;
    this.pause();
    this.scenario = s;
    this.seed = seed ?? s.defaultSeed;
    this.forkedAt = null;
    this.#world = new World(runSpecOf(s, this.seed));
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

  /** Advances to the next event. */
  stepForward(): void {
    this.pause();
    if (!this.#world.step()) return;
    this.#publish();
  }

  /** Goes back one step: the world as it was before the last timer or delivery. */
  stepBack(): void {
    this.pause();
    this.#world.seekToStep(this.#world.stepCount - 1);
    this.#publish();
  }

  seek(t: number): void {
    this.#world.seek(Math.max(0, t));
    this.#publish();
  }

  /** Acts now; if the run had a known future beyond now, it is cut and re-simulated. */
  act(action: InterventionAction): void {
    const now = this.#world.now();
    const hadFuture = this.#world.trace.length > this.#world.visibleTrace().length;
    this.#world = this.#world.intervene({ at: now, action });
    this.forkedAt = hadFuture ? now : this.forkedAt;
    this.#publish();
  }

  destroy(): void {
    this.pause();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  listen(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
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

  #publish(): void {
    this.frame = project(this.#world);
    this.trace = this.#world.visibleTrace();
  }
}
