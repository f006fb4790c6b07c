import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  browserLines,
  buildFailure,
  canvasIdle,
  chromiumPath,
  fpsFromTimestamps,
  framesThatPushedNothing,
  gzipKB,
  isAppAsset,
  median,
  msPerSecond,
  splitAtFirstFrame,
} from '../../src/cli/browserBench.ts';

const frames = (fromMs: number, toMs: number, everyMs: number): number[] => {
  const out: number[] = [];
  for (let t = fromMs; t <= toMs + 1e-9; t += everyMs) out.push(t);
  return out;
};

describe('browser bench helpers', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('gives 60 fps for steady 60 Hz frames over five seconds', () => {
    expect(fpsFromTimestamps(frames(0, 5000, 1000 / 60))).toBe(60);
  });

  it('reports the typical second, not the average, when one second stalls', () => {
    const stalled = [...frames(0, 2000, 1000 / 60), ...frames(2500, 5000, 1000 / 60)];
    expect(fpsFromTimestamps(stalled)).toBe(60);
    expect(fpsFromTimestamps(frames(0, 5000, 1000 / 30))).toBe(30);
  });

  it('folds a short trailing partial second into the one before', () => {
    const ts = [...frames(0, 5000, 1000 / 60), 5016.7];
    expect(fpsFromTimestamps(ts)).toBe(60);
  });

  it('leaves out the stretches in which the lab had nothing to draw, but not a stalled worker', () => {
    const tick = 1000 / 60;
    const inGap = (t: number): boolean => t % 1000 > 500 && t % 1000 <= 600;
    // The worker runs an animation frame every tick; it draws (and a frame is shown 4 ms later) except
    // for 0.1 s after each second's first half, when no message is in flight.
    const animationFrames = frames(0, 5000, tick).map((t): [number, number] => [t, t + 3]);
    const pushed = animationFrames.filter(([t]) => !inGap(t)).map(([t]) => t + 2);
    const shown = pushed.map((t) => t + 2);
    expect(fpsFromTimestamps(shown)).toBeLessThan(56);
    const idle = framesThatPushedNothing(animationFrames, pushed);
    expect(idle.length).toBeGreaterThan(25);
    expect(idle.every(inGap)).toBe(true);
    expect(fpsFromTimestamps(shown, 1000, canvasIdle(idle))).toBe(60);
    // A worker that ran no animation frame in the gaps was stalled: the gaps count.
    const stalled = animationFrames.filter(([t]) => !inGap(t));
    expect(framesThatPushedNothing(stalled, pushed)).toEqual([]);
    expect(fpsFromTimestamps(shown, 1000, canvasIdle([]))).toBeLessThan(56);
  });

  it('says so when every interval was idle', () => {
    const shown = frames(0, 1000, 100);
    expect(() => fpsFromTimestamps(shown, 1000, canvasIdle(frames(0, 1000, 10)))).toThrow(
      /no frame interval/,
    );
  });

  it('needs at least two frames', () => {
    expect(() => fpsFromTimestamps([5])).toThrow(/two frames/);
  });

  it('turns TaskDuration seconds over a window into milliseconds per second', () => {
    expect(msPerSecond({ TaskDuration: 1, Timestamp: 100 }, { TaskDuration: 1.5, Timestamp: 105 })).toBe(100);
    expect(() => msPerSecond({ TaskDuration: 1, Timestamp: 5 }, { TaskDuration: 1, Timestamp: 5 })).toThrow();
  });

  it('sums gzip -9 sizes in KB to one decimal', () => {
    const a = new TextEncoder().encode('x'.repeat(5000));
    const b = new TextEncoder().encode('hello world');
    const bytes = gzipSync(a, { level: 9 }).length + gzipSync(b, { level: 9 }).length;
    expect(gzipKB([a, b])).toBe(Math.round((bytes / 1024) * 10) / 10);
  });

  it('counts scripts and stylesheets from the preview server only', () => {
    const origin = 'http://127.0.0.1:4180';
    expect(isAppAsset(`${origin}/assets/index-abc.js`, origin)).toBe(true);
    expect(isAppAsset(`${origin}/assets/index-abc.css?v=1`, origin)).toBe(true);
    expect(isAppAsset(`${origin}/?scenario=ten-steps`, origin)).toBe(false);
    expect(isAppAsset(`${origin}/favicon.svg`, origin)).toBe(false);
    expect(isAppAsset('http://example.com/x.js', origin)).toBe(false);
  });

  it('summarises a failed build on one line without colours', () => {
    const out =
      "\x1b[31m✗ Build failed\x1b[0m\nerror during build:\n\x1b[31m[UNRESOLVED_IMPORT] \x1b[0mCould not resolve './X.svelte'\n    at foo (bar.js:1:2)";
    expect(buildFailure(out)).toBe("[UNRESOLVED_IMPORT] Could not resolve './X.svelte'");
  });

  it('says why the browser figures are missing when there is no Chromium', () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = '/nonexistent/chromium';
    try {
      const where = chromiumPath();
      expect('missing' in where && where.missing).toMatch(/CHROME_PATH.*apt-get install chromium/);
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
    const lines = browserLines({
      chromium: null,
      fpsMedian: null,
      playingMainThreadMsPerSec: null,
      pausedFramesIn5s: null,
      pausedMainThreadMsPerSec: null,
      appGzipKB: null,
      laterGzipKB: null,
      firstFrameMs: null,
      browserMissing: 'no Chromium',
    });
    expect(lines).toEqual(['browser figures       missing: no Chromium']);
  });

  it('splits the assets a page fetched at its first frame', () => {
    const assets = [
      { requestedAt: 1000, body: 'index.js' },
      { requestedAt: 1010, body: 'session.worker.js' },
      { requestedAt: 1300, body: 'guide.js' },
      { requestedAt: 1250, body: 'index.css' },
    ];
    expect(splitAtFirstFrame(assets, 1280)).toEqual({
      first: ['index.js', 'session.worker.js', 'index.css'],
      later: ['guide.js'],
    });
  });

  it('prints each figure with its target', () => {
    const lines = browserLines({
      chromium: '156.0',
      fpsMedian: 60,
      playingMainThreadMsPerSec: 120,
      pausedFramesIn5s: 0,
      pausedMainThreadMsPerSec: 0.3,
      appGzipKB: 61.9,
      laterGzipKB: 20.4,
      firstFrameMs: null,
      browserErrors: ['firstFrameMs: no mark'],
    });
    expect(lines.find((l) => l.startsWith('fpsMedian'))).toMatch(/60 {2}\(target ≥ 58/);
    expect(lines.find((l) => l.startsWith('firstFrameMs'))).toMatch(/— {2}\(target ≤ 400/);
    expect(lines.find((l) => l.startsWith('appGzipKB'))).toMatch(
      /61\.9 {2}\(target ≤ 80; JS \+ CSS requested before the first frame/,
    );
    expect(lines.find((l) => l.trim().startsWith('later'))).toMatch(
      /20\.4 {2}\(JS \+ CSS the page then loads on its own/,
    );
    expect(lines.at(-1)).toBe('browser error: firstFrameMs: no mark');
  });
});
