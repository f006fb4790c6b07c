// The moving messages' painter, with a recording 2D context: where it draws, when it redraws, and which
// message a click picks. (Real pixels are checked in the browser tests.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { project, projectMotion } from '../../src/simulation/frame.ts';
import { World } from '../../src/simulation/world.ts';
import type { PaintSettings } from '../../src/view/canvasLink.ts';
import { MessagePainter, PICK_REACH, type CanvasTarget } from '../../src/view/messageCanvas.ts';
import { DOT_PATHS, category } from '../../src/view/messageCategory.ts';
import { layoutOf, messageDots } from '../../src/view/topologyLayout.ts';

/** A canvas whose context records fills (at the translation in effect) and clears. */
function recordingCanvas() {
  const calls: string[] = [];
  let translate = [0, 0];
  const ctx = {
    canvas: null as unknown as { width: number; height: number },
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    setTransform: (_a: number, _b: number, _c: number, _d: number, e: number, f: number) =>
      void (translate = [e, f]),
    clearRect: () => void calls.push('clear'),
    fill: () =>
      void calls.push(`fill ${ctx.fillStyle} ${translate[0]!.toFixed(1)},${translate[1]!.toFixed(1)}`),
    stroke: () => {},
  };
  const canvas = { width: 300, height: 150, getContext: () => ctx };
  ctx.canvas = canvas;
  return { canvas: canvas as unknown as CanvasTarget, calls };
}

const palette = {
  request: 'blue',
  response: 'green',
  store: 'purple',
  replication: 'orange',
  other: 'grey',
  outline: 'white',
  selected: 'black',
};
const settings = (over: Partial<PaintSettings> = {}): PaintSettings => ({
  on: true,
  width: 500,
  pixelRatio: 2,
  orientation: 'wide',
  palette,
  selected: null,
  ...over,
});

/** The first instant of the ten-steps run with messages in flight (simulated once for every test). */
const busyInstant = (() => {
  const w = new World(runSpecOf(tenSteps, 1));
  for (let t = 100; ; t += 50) {
    w.runUntil(t);
    if (w.messagesInFlight().length > 0) return { frame: project(w), motion: projectMotion(w) };
  }
})();

/** A painter on a recording canvas, set up (wide, 500 CSS px at 2×) and laid out for `busyInstant`. */
function readyPainter() {
  const { canvas, calls } = recordingCanvas();
  const painter = new MessagePainter();
  painter.attach(canvas);
  painter.settings(settings());
  painter.frame(busyInstant.frame);
  return { ...busyInstant, canvas, calls, painter };
}

/** The path data of every Path2D made, in order. */
const paths: string[] = [];

beforeEach(() => {
  paths.length = 0;
  vi.stubGlobal(
    'Path2D',
    class {
      constructor(d?: string) {
        paths.push(d ?? '');
      }
    },
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('MessagePainter', () => {
  it('sizes the canvas in device pixels and draws each message where the topology places it', () => {
    const { frame, motion, canvas, calls, painter } = readyPainter();
    const layout = layoutOf(frame, 'wide');
    expect(canvas.width).toBe(1000);
    expect(canvas.height).toBe(Math.round(((500 * layout.height) / layout.width) * 2));
    painter.paint(motion);
    const scale = (500 / layout.width) * 2;
    const expected = messageDots(layout, motion).map(
      (d) => `fill ${palette[d.category]} ${(d.x * scale).toFixed(1)},${(d.y * scale).toFixed(1)}`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(calls).toEqual(['clear', ...expected]);
  });

  it('draws each message in the shape the topology’s SVG dots and legend give its category', () => {
    const { motion, painter } = readyPainter();
    painter.paint(motion);
    const drawn = new Set(motion.messages.map((m) => DOT_PATHS[category(m.type)]));
    expect(new Set(paths)).toEqual(drawn);
  });

  it('does not touch an empty canvas that stays empty, and clears when switched off', () => {
    const { motion, calls, painter } = readyPainter();
    const quiet = { t: motion.t, messages: [] };
    painter.paint(quiet); // the first paint after new settings clears once
    calls.length = 0;
    painter.paint(quiet);
    painter.paint(quiet);
    expect(calls).toEqual([]);
    painter.paint(motion);
    expect(calls.filter((c) => c === 'clear')).toHaveLength(1);
    calls.length = 0;
    painter.settings(settings({ on: false }));
    expect(calls).toEqual(['clear']);
    painter.paint(motion);
    expect(calls).toEqual(['clear']);
  });

  it('picks the message drawn nearest to a click, within reach of a finger', () => {
    const { frame, motion, painter } = readyPainter();
    expect(painter.pick(0, 0)).toBeNull(); // nothing drawn yet
    painter.paint(motion);
    const [d] = messageDots(layoutOf(frame, 'wide'), motion);
    expect(painter.pick(d!.x + 3, d!.y - 2)).toBe(d!.message.id);
    expect(painter.pick(d!.x + PICK_REACH + 40, d!.y + PICK_REACH + 40)).not.toBe(d!.message.id);
  });
});
