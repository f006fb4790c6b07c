// Where each part of the topology sits, and where a message in flight is at an instant. Pure functions
// of a frame (DESIGN.md §5): D3 computes positions and easing, the Svelte component draws them.

import { easeCubicInOut } from 'd3-ease';
import { interpolateNumber } from 'd3-interpolate';
import type { Frame, Motion } from '../simulation/frame.ts';
import { category, type Category } from './messageCategory.ts';

/** Browsers drawn one by one; the rest share one "more users" node. */
export const SHOWN_USERS = { wide: 6, tall: 4 } as const satisfies Record<Orientation, number>;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Wide: columns from browsers on the left to the store on the right. Tall (phones): rows top to bottom. */
export type Orientation = 'wide' | 'tall';

export interface Layout {
  orientation: Orientation;
  width: number;
  height: number;
  users: { name: string; user: string; box: Box }[];
  moreUsers: { count: number; box: Box } | null;
  webServer: Box;
  processes: { name: string; box: Box }[];
  members: { name: string; box: Box }[];
  store: Box | null;
  haManager: Box;
}

/**
 * Equal bands for `names` across [from, to]: d3-scale's scaleBand with paddingInner `pad`, paddingOuter
 * `pad / 2` and centred, written out (the same numbers; see its test) so that the first load does not
 * carry d3-scale and d3-array.
 */
export function bands(names: readonly string[], from: number, to: number, pad: number) {
  const n = names.length;
  // d3: step = span / max(1, n - paddingInner + 2 * paddingOuter), and 2 * paddingOuter = paddingInner here.
  const step = (to - from) / Math.max(1, n);
  const start = from + (to - from - step * (n - pad)) / 2;
  const index = new Map(names.map((name, i) => [name, i]));
  return { at: (name: string) => start + step * index.get(name)!, size: step * (1 - pad) };
}

function userSlots(frame: Frame, max: number): { slots: string[]; more: number } {
  const n = frame.browsers.length;
  const shown = frame.browsers.slice(0, n > max ? max - 1 : max);
  const more = n - shown.length;
  return { slots: [...shown.map((b) => `browser:${b.user}`), ...(more > 0 ? ['more'] : [])], more };
}

/** The height a user's box needs for its name, cookie and what it is doing, with the gap to the next. */
const USER_MIN_H = 58;
/** The height a web server process needs (with the gap to the next) to show one marked-down member in
 * three lines and a count of the others. */
const PROCESS_MIN_H = 83;
/** The margin above the boxes of the wide picture. */
const TOP = 16;

/** The height a cluster member's box needs for its name, state, thread gauge and one session it holds
 * (its cache ID and counter). */
export const MEMBER_MIN_H = 96;

function wide(frame: Frame): Layout {
  // Columns from the users to the store: each box as wide as its text needs, with room between for the
  // messages in flight.
  const width = 944;
  const { slots, more } = userSlots(frame, SHOWN_USERS.wide);
  // Many members or users make the picture taller rather than their boxes too small to read.
  const height = Math.max(
    340,
    Math.ceil(TOP + 20 + (frame.members.length * MEMBER_MIN_H) / 0.88),
    TOP + 20 + slots.length * USER_MIN_H,
    TOP + 20 + 42 + frame.processes.length * PROCESS_MIN_H,
  );
  // Few users: boxes of a sensible height, centred; many: the band's share.
  const span = Math.min(height - TOP - 20, slots.length * 110);
  const ub = bands(slots, TOP + (height - TOP - 20 - span) / 2, TOP + (height - TOP - 20 + span) / 2, 0.2);
  const userBox = (n: string): Box => ({ x: 12, y: ub.at(n), w: 134, h: ub.size });
  const webServer: Box = { x: 196, y: TOP, w: 230, h: height - TOP - 20 };
  const pSpan = Math.min(webServer.h - 42, frame.processes.length * 120);
  const pb = bands(
    frame.processes.map((p) => p.name),
    webServer.y + 34,
    webServer.y + 34 + pSpan,
    0.15,
  );
  const mb = bands(
    frame.members.map((m) => m.name),
    TOP,
    height - 20,
    0.12,
  );
  return {
    orientation: 'wide',
    width,
    height,
    users: slots.filter((n) => n !== 'more').map((n) => ({ name: n, user: n.slice(8), box: userBox(n) })),
    moreUsers: more > 0 ? { count: more, box: userBox('more') } : null,
    webServer,
    processes: frame.processes.map((p) => ({
      name: p.name,
      box: { x: 206, y: pb.at(p.name), w: 210, h: pb.size },
    })),
    members: frame.members.map((m) => ({
      name: m.name,
      box: { x: 520, y: mb.at(m.name), w: 230, h: mb.size },
    })),
    // Wide enough for "1000 sessions stored" and a transaction line.
    store: frame.database ? { x: 776, y: height / 2 - 90, w: 160, h: 180 } : null,
    // Under the store, out of the members' column: the members use the picture's whole height.
    haManager: { x: 776, y: height - 58, w: 160, h: 42 },
  };
}

function tall(frame: Frame): Layout {
  const width = 400;
  const { slots, more } = userSlots(frame, SHOWN_USERS.tall);
  const ub = bands(slots, 10, width - 10, 0.15);
  const userBox = (n: string): Box => ({ x: ub.at(n), y: 10, w: ub.size, h: 62 });
  const procH = 50;
  const webServer: Box = { x: 10, y: 110, w: width - 20, h: 34 + frame.processes.length * procH };
  const memberTop = webServer.y + webServer.h + 50;
  const memberH = 140;
  const cols = frame.members.length === 1 ? 1 : 2;
  const memberW = (width - 20 - (cols - 1) * 10) / cols;
  const members = frame.members.map((m, i) => ({
    name: m.name,
    box: {
      x: 10 + (i % cols) * (memberW + 10),
      y: memberTop + Math.floor(i / cols) * (memberH + 12),
      w: memberW,
      h: memberH,
    },
  }));
  const membersBottom = memberTop + Math.ceil(frame.members.length / cols) * (memberH + 12);
  const store: Box | null = frame.database ? { x: 10, y: membersBottom + 40, w: 190, h: 110 } : null;
  const haManager: Box = { x: width - 190, y: membersBottom + 40, w: 180, h: 36 };
  return {
    orientation: 'tall',
    width,
    height: (store ? store.y + store.h : haManager.y + haManager.h) + 10,
    users: slots.filter((n) => n !== 'more').map((n) => ({ name: n, user: n.slice(8), box: userBox(n) })),
    moreUsers: more > 0 ? { count: more, box: userBox('more') } : null,
    webServer,
    processes: frame.processes.map((p, i) => ({
      name: p.name,
      box: { x: 20, y: webServer.y + 30 + i * procH, w: width - 40, h: procH - 6 },
    })),
    members,
    store,
    haManager,
  };
}

/** Boxes for every actor of a frame. */
export function layoutOf(frame: Frame, orientation: Orientation = 'wide'): Layout {
  return orientation === 'wide' ? wide(frame) : tall(frame);
}

const centre = (b: Box): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];

/** Where the line from a box's centre towards `p` leaves the box. */
function edgeTowards(b: Box, p: [number, number]): [number, number] {
  const [cx, cy] = centre(b);
  const dx = p[0] - cx;
  const dy = p[1] - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const sx = dx === 0 ? Infinity : b.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : b.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [cx + dx * s, cy + dy * s];
}

/** The box a trace name is drawn as, if any. */
export function boxOf(layout: Layout, name: string): Box | null {
  if (name.startsWith('browser:')) {
    return layout.users.find((x) => x.name === name)?.box ?? layout.moreUsers?.box ?? null;
  }
  if (name === 'ihs') return layout.webServer;
  return (
    layout.processes.find((x) => x.name === name)?.box ??
    layout.members.find((x) => x.name === name)?.box ??
    (name === 'database' ? layout.store : name === 'haManager' ? layout.haManager : null)
  );
}

export interface DotPosition {
  x: number;
  y: number;
  /** 0 at the sender, 1 at the receiver. */
  progress: number;
}

/**
 * A message's position at `t`: eased along the straight line between its two ends. With reduced motion
 * it sits at the middle of the link for its whole flight (a discrete step, no sliding).
 */
export function dotAt(
  layout: Layout,
  m: { from: string; to: string; sentAt: number; deliverAt: number },
  t: number,
  reducedMotion: boolean,
): DotPosition | null {
  const a = boxOf(layout, m.from);
  const b = boxOf(layout, m.to);
  if (!a || !b) return null;
  const from = edgeTowards(a, centre(b));
  const to = edgeTowards(b, centre(a));
  const span = m.deliverAt - m.sentAt;
  const raw = span <= 0 ? 1 : Math.min(1, Math.max(0, (t - m.sentAt) / span));
  const progress = reducedMotion ? 0.5 : easeCubicInOut(raw);
  return {
    x: interpolateNumber(from[0], to[0])(progress),
    y: interpolateNumber(from[1], to[1])(progress),
    progress: raw,
  };
}

/** A message in flight where the topology draws it: the SVG dots and the canvas alike. */
export interface MessageDot {
  message: Motion['messages'][number];
  x: number;
  y: number;
  category: Category;
}

/** The messages in flight at `motion.t` where the topology of `layout` draws them (see dotAt). */
export function messageDots(layout: Layout, motion: Motion, reducedMotion = false): MessageDot[] {
  const out: MessageDot[] = [];
  for (const m of motion.messages) {
    const p = dotAt(layout, m, motion.t, reducedMotion);
    if (p) out.push({ message: m, x: p.x, y: p.y, category: category(m.type) });
  }
  return out;
}

export { centre, edgeTowards };

/** Rough widths of the member box's 14 px bold state line and 13 px small text, per character. */
const STATE_CHAR_W = 8.7;
const SMALL_CHAR_W = 6.9;

/**
 * Whether a member box of `width` has room for its state (`▶ overloaded`) and `label` (`CloneID v544d031`,
 * or the bare clone ID) on one line.
 */
export function stateAndCloneIdFit(width: number, state: string, label: string): boolean {
  const stateW = (state.length + 2) * STATE_CHAR_W;
  return 8 + stateW + 6 + label.length * SMALL_CHAR_W + 8 <= width;
}

/** Whether a line of small text fits a box of `width` between its 8-unit margins. */
export function smallTextFits(width: number, text: string): boolean {
  return 8 + text.length * SMALL_CHAR_W + 8 <= width;
}
