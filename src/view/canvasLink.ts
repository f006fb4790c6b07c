// What the topology tells whoever draws its moving messages (the simulation's worker, or the page when it
// has no worker): the canvas itself once, then how to draw on it, and where a click landed. The drawing
// happens next to the simulation, every animation frame, so the page's main thread does nothing per frame.

import type { Category } from './messageCategory.ts';
import type { Orientation } from './topologyLayout.ts';

export type Palette = Record<Category | 'outline' | 'selected', string>;

export interface PaintSettings {
  /** Draw while the run plays; off, the canvas is cleared and the SVG dots show the messages. */
  on: boolean;
  /** The topology's width in CSS pixels. */
  width: number;
  /** Device pixels per CSS pixel. */
  pixelRatio: number;
  orientation: Orientation;
  palette: Palette;
  /** The selected message, drawn with a heavier outline. */
  selected: number | null;
}

export interface CanvasLink {
  /** Set if the canvas cannot be drawn on after all: the topology then shows the messages itself. */
  readonly canvasLost?: boolean;
  /**
   * Hands the canvas over (once per canvas element). False if the messages cannot be drawn on it; the
   * topology then shows them as SVG dots, which follow the run as often as its nodes do.
   */
  attach(canvas: HTMLCanvasElement): boolean;
  paint(settings: PaintSettings): void;
  /** A click at (x, y) in topology units: the message drawn nearest to it, if near enough, is selected. */
  pick(x: number, y: number): void;
}

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
