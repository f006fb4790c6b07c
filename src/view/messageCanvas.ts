// Messages in flight drawn on a canvas while the run plays: one draw per animation frame and no DOM
// changes, so moving dots cost neither layout nor a repaint of the page. Paused (or with reduced motion)
// the topology draws them as SVG elements that can be focused and selected instead. Same shapes and
// colours as the SVG dots and the legend.

import type { Category } from './messageCategory.ts';

export type { Category };

export interface CanvasDot {
  id: number;
  x: number;
  y: number;
  category: Category;
}

export type Palette = Record<Category | 'outline' | 'selected', string>;

/** The colours of the dots from the page's CSS custom properties (so light and dark themes both hold). */
export function paletteOf(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    request: v('--request', '#0b62d6'),
    response: v('--response', '#1a7f37'),
    store: v('--store', '#8250df'),
    replication: v('--replication', '#bc4c00'),
    other: v('--muted', '#4a5563'),
    outline: v('--bg', '#ffffff'),
    selected: v('--fg', '#1b1f24'),
  };
}

/** The path of one dot, centred on (0, 0), in the topology's own units (see Topology.svelte's SVG dots). */
export function dotPath(category: Category): Path2D | null {
  if (typeof Path2D === 'undefined') return null;
  const p = new Path2D();
  switch (category) {
    case 'response':
      p.rect(-6, -6, 12, 12);
      break;
    case 'store':
      p.moveTo(0, -8);
      p.lineTo(8, 0);
      p.lineTo(0, 8);
      p.lineTo(-8, 0);
      p.closePath();
      break;
    case 'replication':
      p.moveTo(0, -8);
      p.lineTo(8, 6);
      p.lineTo(-8, 6);
      p.closePath();
      break;
    default:
      p.arc(0, 0, category === 'request' ? 7 : 5, 0, 2 * Math.PI);
  }
  return p;
}

/**
 * Clears the canvas and draws `dots`; `scale` maps topology units to canvas pixels (CSS pixels times the
 * device pixel ratio).
 */
export function drawDots(
  ctx: CanvasRenderingContext2D,
  dots: readonly CanvasDot[],
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
    ctx.lineWidth = d.id === selected ? 3 : 1.5;
    ctx.strokeStyle = d.id === selected ? palette.selected : palette.outline;
    ctx.stroke(path);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
