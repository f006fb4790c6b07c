// A statechart drawn as its states nested in their parents and its transitions as labelled arrows
// (StatechartView.svelte draws it). ELK (elkjs) places the states and routes the arrows; this module
// turns a chart into ELK's graph and ELK's answer into what the view draws. Pure functions.

import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { StatechartGraph } from '../simulation/charts.ts';

/** Pixels per character of a state's 13 px bold name (about; ELK needs sizes before it places anything). */
const CHAR = 8;
const LINE = 17;
/** Room at the top of a state that holds others, for its name. */
const TITLE = 24;

export interface DrawnState {
  path: string;
  key: string;
  tags: readonly string[];
  description: string | null;
  compound: boolean;
  final: boolean;
  initial: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DrawnTransition {
  id: string;
  from: string;
  to: string;
  label: string;
  /** The arrow's points, first to last. */
  points: readonly { x: number; y: number }[];
  /** Where its label sits (top left), if ELK placed it. */
  labelAt: { x: number; y: number } | null;
}

export interface StatechartDrawing {
  width: number;
  height: number;
  states: DrawnState[];
  transitions: DrawnTransition[];
}

const nodeId = (path: string): string => `s:${path}`;
const textWidth = (text: string): number => Math.ceil(text.length * CHAR) + 16;

/** What a transition's arrow says: its event, and its guard in brackets. */
export const transitionLabel = (t: { event: string; guard: string | null }): string =>
  t.guard ? `${t.event} [${t.guard}]` : t.event;

/**
 * Whether a transition is drawn as an arrow: one between two states. A state's own (no change of state)
 * and the machine's own (handled in any state) are told in words beside the chart.
 */
export const drawnAsArrow = (t: { from: string; to: string }): boolean =>
  t.from !== t.to && t.from !== '' && t.to !== '';

/** What an atomic state's box says under its name: its tags (the ten steps' `step-6`, `crashed`). */
const tagLine = (tags: readonly string[]): string => tags.join(' ');

/** The chart as ELK's graph: one node per state under its parent's node, every transition at the top. */
export function elkGraphOf(chart: StatechartGraph): ElkNode {
  const children = new Map<string | null, StatechartGraph['states']>();
  for (const s of chart.states) children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
  const node = (s: StatechartGraph['states'][number]): ElkNode => {
    const inner = children.get(s.path) ?? [];
    if (inner.length > 0)
      return {
        id: nodeId(s.path),
        layoutOptions: { 'elk.padding': `[top=${TITLE},left=8,bottom=8,right=8]` },
        children: inner.map(node),
      };
    const tags = tagLine(s.tags);
    return {
      id: nodeId(s.path),
      width: Math.max(textWidth(s.key), tags ? textWidth(tags) : 0, 40),
      height: tags ? LINE * 2 + 8 : LINE + 12,
    };
  };
  const edges: ElkExtendedEdge[] = chart.transitions.filter(drawnAsArrow).map((t, i) => {
    const label = transitionLabel(t);
    return {
      id: `t${i}`,
      sources: [nodeId(t.from)],
      targets: [nodeId(t.to)],
      labels: [{ text: label, width: textWidth(label) - 8, height: LINE }],
    };
  });
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: (children.get('') ?? []).map(node),
    edges,
  };
}

/** What the view draws from ELK's answer for `chart` (all coordinates from the drawing's top left). */
export function drawingOf(chart: StatechartGraph, laid: ElkNode): StatechartDrawing {
  const byId = new Map<string, ElkNode>();
  const walk = (n: ElkNode): void => {
    byId.set(n.id, n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(laid);
  const states: DrawnState[] = [];
  for (const s of chart.states) {
    const n = byId.get(nodeId(s.path));
    if (!n || s.path === '') continue;
    states.push({
      path: s.path,
      key: s.key,
      tags: s.tags,
      description: s.description,
      compound: (n.children?.length ?? 0) > 0,
      final: s.type === 'final',
      initial: s.initial,
      x: n.x ?? 0,
      y: n.y ?? 0,
      w: n.width ?? 0,
      h: n.height ?? 0,
    });
  }
  const kept = chart.transitions.filter(drawnAsArrow);
  const transitions: DrawnTransition[] = (laid.edges ?? []).flatMap((e) => {
    const t = kept[Number(e.id.slice(1))];
    const section = e.sections?.[0];
    if (!t || !section) return [];
    const label = e.labels?.[0];
    return [
      {
        id: e.id,
        from: t.from,
        to: t.to,
        label: transitionLabel(t),
        points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
        labelAt: label && label.x !== undefined && label.y !== undefined ? { x: label.x, y: label.y } : null,
      },
    ];
  });
  return { width: laid.width ?? 0, height: laid.height ?? 0, states, transitions };
}

/** Lays `chart` out with ELK (loaded when first asked for: it is large) and returns what to draw. */
export async function layoutStatechart(chart: StatechartGraph): Promise<StatechartDrawing> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const laid = await new ELK().layout(elkGraphOf(chart));
  return drawingOf(chart, laid);
}
