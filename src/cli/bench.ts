// `npm run bench [-- --json]`: figures, not timed tests. simRequestsPerSecond (4 processes × 4 members ×
// 200 users with random faults; the second run in the process, and the first as simRequestsPerSecondFirstRun), seekP95Ms (random instants of a 30-minute run), peakMemoryMB (that
// run with its checkpoints: live heap after GC; run with --expose-gc, as `npm run bench` does), and
// calibrationMs (how fast the machine is at that moment: the figures move with it), the paced figures of
// ten-steps at the default speed (pacedBench.ts: pacedMinFlightMs, pacedTenStepsSeconds). Then the
// browser figures (browserBench.ts: the production build in the system Chromium) unless --no-browser;
// without a Chromium they are reported missing and the bench still succeeds.

import { defaultConfig } from '../model/config.ts';
import { browserBench, browserLines } from './browserBench.ts';
import { pacedFigures } from './pacedBench.ts';
import { SeededRandom } from '../simulation/random.ts';
import { World, type Intervention, type RunSpec } from '../simulation/world.ts';

function faults(seed: number, duration: number, members: string[]): Intervention[] {
  const rng = SeededRandom.fromSeed(seed);
  const out: Intervention[] = [];
  for (let t = 20000; t < duration; t += rng.int(20000, 60000)) {
    const member = members[rng.int(0, members.length - 1)]!;
    const kind = (['crash', 'stop', 'hang'] as const)[rng.int(0, 2)]!;
    out.push({ at: t, action: { kind, member } });
    if (kind === 'hang') out.push({ at: t + rng.int(5000, 15000), action: { kind: 'crash', member } });
    out.push({ at: t + rng.int(15000, 30000), action: { kind: 'start', member } });
  }
  return out;
}

function spec(duration: number, thinkTime: [number, number]): RunSpec {
  const config = defaultConfig({ members: 4, processes: 4 });
  for (const s of config.plugin.cluster.servers) s.serverIOTimeout = -10;
  config.memberRuntime.startupTime = 10000;
  return {
    config,
    seed: 2026,
    workload: { users: 200, thinkTime, updateShare: 0.5 },
    interventions: faults(
      7,
      duration,
      config.plugin.cluster.servers.map((s) => s.memberName),
    ),
  };
}

const completed = (w: World): number => w.visibleTrace().filter((e) => e.type === 'browser.page').length;

/**
 * Requests completed per second of wall time, 120 simulated seconds of the 200-user run. The first run in
 * a fresh process also pays for compiling the code and for growing the heap; the second is the lab's
 * throughput once it has been running (the figure the target is about). Both are printed.
 */
function simRequestsPerSecond(): { warm: number; firstRun: number } {
  const run = (): number => {
    const duration = 120000;
    const w = new World(spec(duration, [100, 1000]));
    const start = performance.now();
    w.runUntil(duration);
    const secs = (performance.now() - start) / 1000;
    return Math.round(completed(w) / secs);
  };
  const firstRun = run();
  return { warm: run(), firstRun };
}

/** Live heap after a full collection (the memory the run holds), when node runs with --expose-gc. */
function liveHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  return process.memoryUsage().heapUsed;
}

function seekAndMemory(): {
  seekP95Ms: number;
  peakMemoryMB: number;
  peakRssMB: number;
  checkpoints: number;
  requests: number;
  traceEntries: number;
} {
  const duration = 30 * 60 * 1000;
  const base = liveHeap();
  let peak = 0;
  let peakRss = process.memoryUsage().rss;
  const w = new World(spec(duration, [5000, 15000]));
  for (let t = 0; t < duration; t += 60000) {
    w.runUntil(t);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  w.runUntil(duration);
  peak = Math.max(peak, liveHeap() - base);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const rng = SeededRandom.fromSeed(99);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = rng.int(0, duration);
    const start = performance.now();
    w.seek(t);
    times.push(performance.now() - start);
  }
  peak = Math.max(peak, liveHeap() - base);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  times.sort((a, b) => a - b);
  w.seek(duration);
  return {
    seekP95Ms: Math.round(times[Math.floor(times.length * 0.95)]! * 100) / 100,
    peakMemoryMB: Math.round(peak / 1048576),
    peakRssMB: Math.round(peakRss / 1048576),
    checkpoints: w.checkpointCount,
    requests: completed(w),
    traceEntries: w.trace.length,
  };
}

/**
 * A fixed JavaScript workload (allocations and a Map, like the simulation's), timed: how fast this
 * machine is at the moment of the run. The same build's figures move with it.
 */
function calibrationMs(): number {
  const start = performance.now();
  const m = new Map<string, { a: number; b: string }>();
  let x = 0;
  for (let i = 0; i < 3e6; i++) {
    const o = { a: i, b: `k${i % 1000}` };
    m.set(o.b, o);
    x += o.a;
  }
  const ms = performance.now() - start;
  return x > 0 ? Math.round(ms) : -1;
}

const json = process.argv.includes('--json');
const calibration = calibrationMs();
const sim = simRequestsPerSecond();
const seek = seekAndMemory();
const paced = await pacedFigures();
const browser = process.argv.includes('--no-browser') ? undefined : await browserBench();
const result = {
  simRequestsPerSecond: sim.warm,
  simRequestsPerSecondFirstRun: sim.firstRun,
  calibrationMs: calibration,
  ...seek,
  ...paced,
  ...browser,
};
if (json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  process.stdout.write(
    [
      `simRequestsPerSecond  ${result.simRequestsPerSecond}  (target ≥ 10000; the second run of the workload in this process)`,
      `  first run           ${result.simRequestsPerSecondFirstRun}  (the same workload in a fresh process: compiling and heap growth included)`,
      `calibrationMs         ${result.calibrationMs}  (a fixed JavaScript loop timed just before; higher: the machine is slower right now)`,
      `seekP95Ms             ${result.seekP95Ms}  (target ≤ 16)`,
      `peakMemoryMB          ${result.peakMemoryMB}  (target ≤ 200; live heap after GC, trace and checkpoints included)`,
      `peakRssMB             ${result.peakRssMB}  (resident set, includes garbage V8 had not collected yet)`,
      `checkpoints           ${result.checkpoints}`,
      `30-minute run: ${result.requests} requests, ${result.traceEntries} trace entries`,
      `pacedMinFlightMs      ${result.pacedMinFlightMs}  (target ≥ 300; ten-steps at the default speed, the shortest wall time a message is in flight)`,
      `pacedTenStepsSeconds  ${result.pacedTenStepsSeconds}  (target 20–90; the wall time ten-steps takes at the default speed)`,
      ...(browser ? browserLines(browser) : []),
    ].join('\n') + '\n',
  );
}
if (browser?.browserErrors?.length) {
  if (json) for (const e of browser.browserErrors) process.stderr.write(`browser error: ${e}\n`);
  process.exitCode = 1;
}
