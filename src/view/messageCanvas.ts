// Messages in flight drawn on a canvas while the run plays: one draw per animation frame and no DOM
// changes. It runs where the simulation runs (a worker drawing on the canvas the page transferred to it,
// or the page itself), so the page's main thread does nothing per frame. Paused (or with reduced motion)
// the topology draws the messages as SVG elements that can be focused and selected instead. Where and
// how a message is drawn is the topology's own (messageDots, DOT_PATHS): only the surface differs.

import type { Frame, Motion } from '../simulation/frame.ts';
import type { PaintSettings, Palette } from './canvasLink.ts';
import { DOT_PATHS, type Category } from './messageCategory.ts';
import { layoutOf, messageDots, type Layout, type MessageDot } from './topologyLayout.ts';

/** A canvas the page handed over: transferred to a worker, or the element itself. */
export type CanvasTarget = OffscreenCanvas | HTMLCanvasElement;
type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** How near (topology units) a click must land to a message to pick it: within reach of a finger. */
export const PICK_REACH = 16;

/** The path of one dot, centred on (0, 0), in the topology's own units (the SVG dots' DOT_PATHS). */
export function dotPath(category: Category): Path2D | null {
  return typeof Path2D === 'undefined' ? null : new Path2D(DOT_PATHS[category]);
}

/**
 * Clears the canvas and draws `dots`; `scale` maps topology units to canvas pixels (CSS pixels times the
 * device pixel ratio).
 */
export function drawDots(
  ctx: Context2D,
  dots: readonly MessageDot[],
  scale: number,
  palette: Palette,
  selected: number | null,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const paths: Partial<Record<Category, Path2D | null>> = {};
  for (const d of dots) {
    const path = (paths[d.category] ??= dotPath(d.category));
    if (!path) continue;
    ctx.setTransform(scale, 0, 0, scale, d.x * scale, d.y * scale);
    ctx.fillStyle = palette[d.category];
    ctx.fill(path);
    const chosen = d.message.id === selected;
    ctx.lineWidth = chosen ? 3 : 1.5;
    ctx.strokeStyle = chosen ? palette.selected : palette.outline;
    ctx.stroke(path);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** The dot nearest to (x, y) within PICK_REACH, if any. */
export function nearestDot(dots: readonly MessageDot[], x: number, y: number): number | null {
  let best: { id: number; d: number } | null = null;
  for (const d of dots) {
    const dist = Math.hypot(d.x - x, d.y - y);
    if (dist <= PICK_REACH && (!best || dist < best.d)) best = { id: d.message.id, d: dist };
  }
  return best?.id ?? null;
}

/**
 * The moving messages on one canvas: the layout follows the frames it is given (the nodes' positions),
 * the settings follow the page (size, theme, selection), and `paint` draws the messages of an instant.
 */
export class MessagePainter {
  #canvas: CanvasTarget | null = null;
  #ctx: Context2D | null = null;
  #settings: PaintSettings | null = null;
  #frame: Frame | null = null;
  #layout: Layout | null = null;
  #drawn: MessageDot[] = [];
  /** Something other than the messages changed (size, colours, selection): the next paint redraws. */
  #dirty = true;

  attach(canvas: CanvasTarget): void {
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d') as Context2D | null;
    this.#drawn = [];
    this.#dirty = true;
    this.#resize();
  }

  settings(s: PaintSettings): void {
    const orientationChanged = s.orientation !== this.#settings?.orientation;
    this.#settings = s;
    if ((orientationChanged || !this.#layout) && this.#frame)
      this.#layout = layoutOf(this.#frame, s.orientation);
    this.#dirty = true;
    this.#resize();
    if (!s.on) this.clear();
  }

  /** The nodes moved (or appeared): messages are placed by this frame's layout from now on. */
  frame(frame: Frame): void {
    this.#frame = frame;
    if (!this.#settings) return;
    const before = this.#layout;
    this.#layout = layoutOf(frame, this.#settings.orientation);
    if (before?.height !== this.#layout.height) this.#resize();
  }

  paint(motion: Motion): void {
    const s = this.#settings;
    const ctx = this.#ctx;
    if (!s?.on || !ctx || !this.#layout) return;
    const dots = messageDots(this.#layout, motion);
    // An empty canvas that stays empty is not touched: nothing to repaint.
    if (this.#drawn.length === 0 && dots.length === 0 && !this.#dirty) return;
    drawDots(ctx, dots, this.#scale(), s.palette, s.selected);
    this.#drawn = dots;
    this.#dirty = false;
  }

  clear(): void {
    const ctx = this.#ctx;
    if (ctx) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    }
    this.#drawn = [];
  }

  /** The message drawn nearest to (x, y) in topology units, if any is within reach. */
  pick(x: number, y: number): number | null {
    return nearestDot(this.#drawn, x, y);
  }

  #scale(): number {
    const s = this.#settings!;
    return (s.width / this.#layout!.width) * s.pixelRatio;
  }

  #resize(): void {
    const canvas = this.#canvas;
    const s = this.#settings;
    const layout = this.#layout;
    if (!canvas || !s || !layout) return;
    const w = Math.max(1, Math.round(s.width * s.pixelRatio));
    const h = Math.max(1, Math.round(((s.width * layout.height) / layout.width) * s.pixelRatio));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    this.#dirty = true;
  }
}
