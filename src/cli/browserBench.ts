// The browser half of `npm run bench`: builds the app, serves the build with `vite preview` and measures it
// in the system Chromium (TOOLCHAIN.md) with playwright-core. fpsMedian and playingMainThreadMsPerSec while
// an 8-member sandbox plays at 10×; pausedFramesIn5s and pausedMainThreadMsPerSec while it stands still;
// appGzipKB of the first load; firstFrameMs to the app's `failover-lab:first-frame` mark.
//
// Frames are counted where they reach the screen: the compositor's `Display::FrameDisplayed` events (trace
// category `viz`). While playing, the lab draws its moving messages from the simulation's worker, whose
// animation frames the page's requestAnimationFrame never sees. A stretch in which the worker ran its
// animation frames but had no message to draw (so pushed no canvas frame) is not a slow frame: it counts
// neither as frames nor as time. Paused, both count: animation frames the page requests and frames displayed.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, CDPSession, Page, Response } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';

export { chromiumPath };

/** The preview server's port; BENCH_PORT moves it, so two checkouts can bench at once. */
export const PORT = Number(process.env.BENCH_PORT ?? 4180);
export const PLAYING_QUERY = '?members=8&processes=4&users=200&speed=10';
export const DEFAULT_QUERY = '?scenario=ten-steps';
export const FIRST_FRAME_MARK = 'failover-lab:first-frame';
const WARM_UP_MS = 1000;
const WINDOW_MS = 5000;
const FIRST_FRAME_LOADS = 5;
const VIEWPORT = { width: 1280, height: 800 };

export interface BrowserFigures {
  chromium: string | null;
  fpsMedian: number | null;
  playingMainThreadMsPerSec: number | null;
  pausedFramesIn5s: number | null;
  pausedMainThreadMsPerSec: number | null;
  appGzipKB: number | null;
  /** What loads on its own after the first frame until the network is idle (the lessons, panels). */
  laterGzipKB: number | null;
  firstFrameMs: number | null;
}

/** The figures (null where not measured), why they are all missing (no Chromium), and what failed. */
export interface BrowserBench extends BrowserFigures {
  browserMissing?: string;
  browserErrors?: string[];
}

const noFigures = (): BrowserFigures => ({
  chromium: null,
  fpsMedian: null,
  playingMainThreadMsPerSec: null,
  pausedFramesIn5s: null,
  pausedMainThreadMsPerSec: null,
  appGzipKB: null,
  laterGzipKB: null,
  firstFrameMs: null,
});

// ---- pure helpers ----------------------------------------------------------------------------------------

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;

/**
 * Frames per second from frame timestamps (ms): the window is cut into whole seconds from the
 * first timestamp; each second's rate is the frame intervals that end in it over their total length; the
 * figure is the median of those rates. A long frame lowers the rate of the second it ends in.
 *
 * `idle(from, to)`, if given, names the intervals in which the lab had nothing new to show: those are not
 * slow frames, and count neither as frames nor as time.
 */
export function fpsFromTimestamps(
  ts: readonly number[],
  secondMs = 1000,
  idle?: (from: number, to: number) => boolean,
): number {
  if (ts.length < 2) throw new Error('fewer than two frames');
  const start = ts[0]!;
  const sums = new Map<number, { n: number; ms: number }>();
  for (let i = 1; i < ts.length; i++) {
    if (idle?.(ts[i - 1]!, ts[i]!)) continue;
    const interval = ts[i]! - ts[i - 1]!;
    const second = Math.floor((ts[i]! - start) / secondMs);
    const s = sums.get(second) ?? { n: 0, ms: 0 };
    s.n += 1;
    s.ms += interval;
    sums.set(second, s);
  }
  // A trailing partial second with few frames says little; fold it into the one before.
  const seconds = [...sums.keys()].sort((a, b) => a - b);
  const last = seconds.at(-1)!;
  if (seconds.length > 1 && ts.at(-1)! - start - last * secondMs < secondMs / 2) {
    const prev = sums.get(last - 1) ?? { n: 0, ms: 0 };
    const tail = sums.get(last)!;
    sums.set(last - 1, { n: prev.n + tail.n, ms: prev.ms + tail.ms });
    sums.delete(last);
  }
  const rates = [...sums.values()].filter((s) => s.ms > 0).map((s) => (1000 * s.n) / s.ms);
  if (rates.length === 0) throw new Error('no frame interval in which the lab had something to show');
  return round(median(rates), 1);
}

/**
 * Whether the interval (from, to] was idle for the canvas: in it the worker ran an animation frame that
 * pushed no canvas frame (no message was in flight, so nothing was drawn). A worker that ran no animation
 * frame at all was stalled, not idle; one whose frames were all pushed but not shown was slow. Times in
 * ms: `idleFrames` are the starts of the worker's animation frames that pushed nothing, sorted.
 */
export function canvasIdle(idleFrames: readonly number[]): (from: number, to: number) => boolean {
  return (from, to) => {
    // The first index with idleFrames[i] > from.
    let lo = 0;
    let hi = idleFrames.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idleFrames[mid]! > from) hi = mid;
      else lo = mid + 1;
    }
    return lo < idleFrames.length && idleFrames[lo]! <= to;
  };
}

/**
 * The starts (ms, sorted) of the animation frames that pushed no canvas frame, from the worker's
 * animation frames and canvas pushes as [start, end] spans in ms.
 */
export function framesThatPushedNothing(
  animationFrames: readonly (readonly [number, number])[],
  pushes: readonly number[],
): number[] {
  const sorted = [...pushes].sort((a, b) => a - b);
  let i = 0;
  const out: number[] = [];
  for (const [start, end] of [...animationFrames].sort((a, b) => a[0] - b[0])) {
    while (i < sorted.length && sorted[i]! < start) i++;
    if (!(i < sorted.length && sorted[i]! <= end)) out.push(start);
  }
  return out;
}

/** Main-thread task time per second of window, from two `Performance.getMetrics` samples. */
export function msPerSecond(
  before: { TaskDuration: number; Timestamp: number },
  after: { TaskDuration: number; Timestamp: number },
): number {
  const window = after.Timestamp - before.Timestamp;
  if (!(window > 0)) throw new Error('empty measuring window');
  return round(((after.TaskDuration - before.TaskDuration) / window) * 1000, 1);
}

/** gzip (level 9) size of each body, summed, in KB (1024 bytes) to one decimal. */
/**
 * The assets a page fetched, split at its first frame: those requested before it (the first load) and
 * those requested after it (what the page then loads on its own). Times in ms since the epoch.
 */
export function splitAtFirstFrame<T>(
  assets: readonly { requestedAt: number; body: T }[],
  firstFrameAt: number,
): { first: T[]; later: T[] } {
  const first: T[] = [];
  const later: T[] = [];
  for (const a of assets) (a.requestedAt < firstFrameAt ? first : later).push(a.body);
  return { first, later };
}

export function gzipKB(bodies: readonly Uint8Array[]): number {
  const bytes = bodies.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
  return round(bytes / 1024, 1);
}

/** Is this response URL a script or stylesheet served by the preview server at `origin`? */
export function isAppAsset(url: string, origin: string): boolean {
  const u = new URL(url);
  return u.origin === origin && /\.(m?js|css)$/.test(u.pathname);
}

/** The human-readable lines, each figure with its target (the same layout as the Node figures). */
export function browserLines(b: BrowserBench): string[] {
  const fig = (x: number | null): string => (x === null ? '—' : String(x));
  const lines: string[] = [];
  if (b.browserMissing) {
    lines.push(`browser figures       missing: ${b.browserMissing}`);
    return lines;
  }
  lines.push(
    `chromium              ${b.chromium ?? '—'}`,
    `fpsMedian             ${fig(b.fpsMedian)}  (target ≥ 58; frames displayed while messages move, playing at 10×, 8 members, 4 processes, 200 users)`,
    `playingMainThreadMsPerSec ${fig(b.playingMainThreadMsPerSec)}  (target ≤ 150; Chrome main-thread task time)`,
    `pausedFramesIn5s      ${fig(b.pausedFramesIn5s)}  (target 0; animation frames requested and frames displayed while paused)`,
    `pausedMainThreadMsPerSec ${fig(b.pausedMainThreadMsPerSec)}  (target ≤ 1)`,
    `appGzipKB             ${fig(b.appGzipKB)}  (target ≤ 80; JS + CSS requested before the first frame, gzip -9)`,
    `  later                ${fig(b.laterGzipKB)}  (JS + CSS the page then loads on its own until idle: the lessons, the panels below)`,
    `firstFrameMs          ${fig(b.firstFrameMs)}  (target ≤ 400; navigation start to first drawn frame, median of ${FIRST_FRAME_LOADS})`,
  );
  for (const e of b.browserErrors ?? []) lines.push(`browser error: ${e}`);
  return lines;
}

// ---- the build and the server ----------------------------------------------------------------------------

/** The lines of a failed build's output that say what failed, on one line (no colours, no stack). */
export function buildFailure(output: string): string {
  const colour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  const lines = output
    .replace(colour, '')
    .split('\n')
    .map((l) => l.trim());
  const said = lines.filter(
    (l) => /^\[[A-Z_]+\]|^error\b|error:/i.test(l) && !/^error during build:?$/i.test(l),
  );
  const picked = (said.length ? said : lines.filter((l) => l && !l.startsWith('at '))).slice(0, 3);
  return picked.join('; ') || 'no output';
}

function build(outDir: string): void {
  const r = spawnSync(
    './node_modules/.bin/vite',
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  if (r.status !== 0 || !existsSync(join(outDir, 'index.html'))) {
    throw new Error(
      `vite build failed: ${buildFailure(`${r.stderr ?? ''}\n${r.stdout ?? ''}\n${r.error ?? ''}`)}`,
    );
  }
}

async function startPreview(outDir: string): Promise<ChildProcess> {
  const server = spawn(
    './node_modules/.bin/vite',
    ['preview', '--host', '127.0.0.1', '--strictPort', '--port', String(PORT), '--outDir', outDir],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  server.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) {
      throw new Error(`vite preview exited (${server.exitCode}) on port ${PORT}: ${stderr.trim()}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  await stop(server);
  throw new Error(`vite preview did not answer on port ${PORT}: ${stderr.trim()}`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- in the page -----------------------------------------------------------------------------------------

declare global {
  interface Window {
    __benchRaf?: { calls: number; original: typeof requestAnimationFrame };
  }
}

// Page code is plain JavaScript source, not serialized TypeScript functions: tsx compiles named inner
// functions into `__name(...)` calls, and the page has no `__name`.

/** Before any page script: every requestAnimationFrame call by the page counts; the original stays reachable. */
const COUNT_ANIMATION_FRAMES = `(() => {
  const original = window.requestAnimationFrame.bind(window);
  const counter = { calls: 0, original };
  window.__benchRaf = counter;
  window.requestAnimationFrame = (cb) => {
    counter.calls += 1;
    return original(cb);
  };
})();`;

async function metrics(cdp: CDPSession): Promise<{ TaskDuration: number; Timestamp: number }> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => {
    const m = list.find((x) => x.name === name);
    if (!m) throw new Error(`Performance.getMetrics has no ${name}`);
    return m.value;
  };
  return { TaskDuration: get('TaskDuration'), Timestamp: get('Timestamp') };
}

const appFrames = (page: Page): Promise<number> => page.evaluate(() => window.__benchRaf?.calls ?? -1);

/** The simulated clock the lab shows (its timeline slider), in ms. */
const simulatedClock = async (page: Page): Promise<number> =>
  Number(await page.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow'));

interface TraceEvent {
  name: string;
  ts: number;
  dur?: number;
  ph: string;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** The spans [start, end] (ms) of the events named `name` on the simulation's worker thread. */
function onWorker(events: readonly TraceEvent[], name: string): [number, number][] {
  const workers = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name?.startsWith('DedicatedWorker'))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return events
    .filter((e) => e.name === name && e.ph === 'X' && workers.has(`${e.pid}:${e.tid}`))
    .map((e): [number, number] => [e.ts / 1000, (e.ts + (e.dur ?? 0)) / 1000]);
}

/**
 * One WINDOW_MS of the page: the timestamps (ms) of the frames the compositor displayed, when the worker
 * ran an animation frame and when it pushed a frame of the canvas, and the page's main-thread task time
 * per second.
 */
async function measureWindow(
  run: Run,
  page: Page,
  cdp: CDPSession,
): Promise<{
  frames: number[];
  workerAnimationFrames: [number, number][];
  canvasFrames: number[];
  mainThreadMsPerSec: number;
}> {
  await run.browser.startTracing(page, { categories: ['viz', 'blink'] });
  let trace: Buffer;
  let before: Awaited<ReturnType<typeof metrics>>;
  let after: Awaited<ReturnType<typeof metrics>>;
  try {
    before = await metrics(cdp);
    await sleep(WINDOW_MS);
    after = await metrics(cdp);
  } finally {
    trace = await run.browser.stopTracing();
  }
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const frames = events
    .filter((e) => e.name === 'Display::FrameDisplayed')
    .map((e) => e.ts / 1000)
    .sort((a, b) => a - b);
  return {
    frames,
    workerAnimationFrames: onWorker(events, 'WorkerAnimationFrameProvider::BeginFrame'),
    canvasFrames: onWorker(events, 'OffscreenCanvas::PushFrame').map(([start]) => start),
    mainThreadMsPerSec: msPerSecond(before, after),
  };
}

// ---- the measurements ------------------------------------------------------------------------------------

interface Run {
  browser: Browser;
  origin: string;
  errors: string[];
}

/** A fresh context (no cache, no storage) and page at the desktop viewport; page errors are recorded. */
async function freshPage(
  run: Run,
  what: string,
  countFrames = false,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await run.browser.newContext({ viewport: VIEWPORT });
  if (countFrames) await ctx.addInitScript({ content: COUNT_ANIMATION_FRAMES });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => run.errors.push(`${what}: page error: ${e.message}`));
  return { ctx, page };
}

async function waitForPlayButton(page: Page): Promise<boolean> {
  try {
    await page
      .getByRole('button', { name: 'Play', exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 10000 });
    return true;
  } catch {
    return false;
  }
}

async function playing(run: Run): Promise<Pick<BrowserFigures, 'fpsMedian' | 'playingMainThreadMsPerSec'>> {
  const { ctx, page } = await freshPage(run, 'playing');
  try {
    await page.goto(`${run.origin}/${PLAYING_QUERY}`, { waitUntil: 'load' });
    if (await waitForPlayButton(page)) {
      await page.getByRole('button', { name: 'Play', exact: true }).first().click();
    } else {
      await page.locator('body').press('Space');
    }
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(WARM_UP_MS);
    const clock0 = await simulatedClock(page);
    const { frames, workerAnimationFrames, canvasFrames, mainThreadMsPerSec } = await measureWindow(
      run,
      page,
      cdp,
    );
    const clock1 = await simulatedClock(page);
    if (!(clock1 > clock0)) {
      throw new Error(
        `the simulated clock did not advance after Play was pressed (${clock0} → ${clock1} ms): it is not playing`,
      );
    }
    if (workerAnimationFrames.length === 0) {
      throw new Error('the trace shows no animation frame of the worker: the canvas is not drawn there');
    }
    return {
      fpsMedian: fpsFromTimestamps(
        frames,
        1000,
        canvasIdle(framesThatPushedNothing(workerAnimationFrames, canvasFrames)),
      ),
      playingMainThreadMsPerSec: mainThreadMsPerSec,
    };
  } finally {
    await ctx.close();
  }
}

async function paused(
  run: Run,
): Promise<Pick<BrowserFigures, 'pausedFramesIn5s' | 'pausedMainThreadMsPerSec'>> {
  const { ctx, page } = await freshPage(run, 'paused', true);
  try {
    await page.goto(`${run.origin}/${PLAYING_QUERY}`, { waitUntil: 'load' });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(WARM_UP_MS);
    const calls0 = await appFrames(page);
    const { frames, mainThreadMsPerSec } = await measureWindow(run, page, cdp);
    const calls1 = await appFrames(page);
    if (calls0 < 0) throw new Error('the requestAnimationFrame counter was not installed');
    return {
      pausedFramesIn5s: calls1 - calls0 + frames.length,
      pausedMainThreadMsPerSec: mainThreadMsPerSec,
    };
  } finally {
    await ctx.close();
  }
}

async function appSize(run: Run): Promise<{ appGzipKB: number; laterGzipKB: number }> {
  const { ctx, page } = await freshPage(run, 'first load');
  try {
    const assets = new Map<string, { response: Response; body: Promise<Buffer> }>();
    page.on('response', (r) => {
      if (r.ok() && isAppAsset(r.url(), run.origin) && !assets.has(r.url()))
        assets.set(r.url(), { response: r, body: r.body() });
    });
    await page.goto(`${run.origin}/${DEFAULT_QUERY}`, { waitUntil: 'networkidle' });
    if (assets.size === 0) throw new Error('the first load fetched no .js or .css from the preview server');
    const firstFrameAt = await page.evaluate((name) => {
      const mark = performance.getEntriesByName(name)[0];
      return mark ? performance.timeOrigin + mark.startTime : null;
    }, FIRST_FRAME_MARK);
    if (firstFrameAt === null) throw new Error(`no performance mark '${FIRST_FRAME_MARK}' by network idle`);
    const fetched = await Promise.all(
      [...assets.values()].map(async (a) => ({
        requestedAt: a.response.request().timing().startTime,
        body: await a.body,
      })),
    );
    const { first, later } = splitAtFirstFrame(fetched, firstFrameAt);
    return { appGzipKB: gzipKB(first), laterGzipKB: gzipKB(later) };
  } finally {
    await ctx.close();
  }
}

async function firstFrame(run: Run): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < FIRST_FRAME_LOADS; i++) {
    const { ctx, page } = await freshPage(run, 'first frame');
    try {
      await page.goto(`${run.origin}/${DEFAULT_QUERY}`, { waitUntil: 'load' });
      const handle = await page
        .waitForFunction(
          (name) => {
            const mark = performance.getEntriesByName(name)[0];
            return mark ? { startTime: mark.startTime } : false;
          },
          FIRST_FRAME_MARK,
          { timeout: 5000 },
        )
        .catch(() => null);
      if (!handle) {
        throw new Error(
          `no performance mark '${FIRST_FRAME_MARK}' within 5 s of load: the app should call ` +
            `performance.mark('${FIRST_FRAME_MARK}') in a requestAnimationFrame callback after its first render`,
        );
      }
      times.push(((await handle.jsonValue()) as { startTime: number }).startTime);
    } finally {
      await ctx.close();
    }
  }
  return Math.round(median(times));
}

/**
 * Builds, serves and measures. Never throws: a measurement that fails leaves its figure null and says why in
 * `browserErrors`; no Chromium at all gives `browserMissing`.
 */
export async function browserBench(): Promise<BrowserBench> {
  const result: BrowserBench = noFigures();
  const where = chromiumPath();
  if ('missing' in where) return { ...result, browserMissing: where.missing };
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { ...result, browserMissing: 'playwright-core is not installed (npm ci installs it)' };
  }
  const errors: string[] = [];
  const outDir = mkdtempSync(join(tmpdir(), 'failover-lab-bench-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    build(outDir);
    server = await startPreview(outDir);
    browser = await chromium.launch({ executablePath: where.path, args: [...CHROMIUM_ARGS] });
    result.chromium = browser.version();
    const run: Run = { browser, origin: `http://127.0.0.1:${PORT}`, errors };
    const attempt = async (what: string, measure: () => Promise<unknown>): Promise<void> => {
      try {
        await measure();
      } catch (e) {
        errors.push(`${what}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    };
    await attempt('playing', async () => Object.assign(result, await playing(run)));
    await attempt('paused', async () => Object.assign(result, await paused(run)));
    await attempt('appGzipKB', async () => Object.assign(result, await appSize(run)));
    await attempt('firstFrameMs', async () => (result.firstFrameMs = await firstFrame(run)));
  } catch (e) {
    errors.push(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stop(server);
    rmSync(outDir, { recursive: true, force: true });
  }
  return errors.length ? { ...result, browserErrors: [...new Set(errors)] } : result;
}
