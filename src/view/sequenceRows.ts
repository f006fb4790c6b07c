// The sequence diagram's rows from the trace (SequenceDiagram.svelte draws them): one lane per participant,
// one row per message from its send to its arrival, and short labelled marks for what happens inside a
// lane (plug-in steps, mark-downs, crashes, commits, monitor findings). Rows follow trace order.
import { detailsOf, formatEntry, type TraceEntry } from '../simulation/trace.ts';

/** Lane order left to right: browsers, web server, its processes, members, database, the rest. */
export function laneRank(lane: string): number {
  if (lane === 'browsers' || lane.startsWith('browser:')) return 0;
  if (lane === 'ihs' || lane === 'web server') return 1;
  if (lane.startsWith('ihs#')) return 2;
  if (lane === 'database') return 4;
  if (lane === 'haManager') return 5;
  if (lane === 'lab' || lane === 'monitor') return 6;
  return 3;
}

/** The lane a trace name is drawn on, given the lanes asked for. */
export function laneFor(name: string, lanes: readonly string[]): string {
  if (lanes.includes(name)) return name;
  if (name.startsWith('browser:')) return 'browsers';
  // The web server before one of its processes took the request.
  if (name === 'ihs') return 'web server';
  return name;
}

/** The lanes asked for, with any lane the entries need added where it reads best. */
export function withExtraLanes(lanes: readonly string[], needed: Iterable<string>): string[] {
  const out = [...lanes];
  for (const lane of needed) {
    if (out.includes(lane)) continue;
    let at = 0;
    for (let i = out.length - 1; i >= 0; i--) {
      if (laneRank(out[i] ?? '') <= laneRank(lane)) {
        at = i + 1;
        break;
      }
    }
    out.splice(at, 0, lane);
  }
  return out;
}

export type Tone = 'step' | 'good' | 'bad' | 'note';
const toneRank: Record<Tone, number> = { step: 0, note: 1, good: 2, bad: 3 };

/** The short label of an entry drawn as a mark, or null when the diagram leaves it to the event log. */
export function markOf(e: TraceEntry): { label: string; tone: Tone } | null {
  const d = detailsOf(e);
  const s = (k: string): string => {
    const v = d[k];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  };
  switch (e.type) {
    case 'plugin.step':
      return { label: s('step'), tone: 'step' };
    case 'plugin.markDown':
      return { label: `marked down ${s('member')}`.trim(), tone: 'bad' };
    case 'plugin.markUp':
      return { label: `${s('member')} no longer marked down`.trim(), tone: 'good' };
    case 'plugin.retry':
      return { label: 'retry', tone: 'note' };
    case 'plugin.allDown':
      return { label: 'all members marked down', tone: 'bad' };
    case 'plugin.error':
      return { label: `error ${s('status')}`.trim(), tone: 'bad' };
    case 'member.running':
      return { label: 'running', tone: 'good' };
    case 'member.crashed':
      return { label: 'crashed', tone: 'bad' };
    case 'member.hung':
      return { label: 'hung', tone: 'bad' };
    case 'member.stopped':
      return { label: 'stopped', tone: 'bad' };
    case 'member.backlogFull':
      return { label: 'backlog full', tone: 'bad' };
    case 'member.overloaded':
      return { label: 'overloaded', tone: 'bad' };
    case 'portal.flowRestarted':
      return { label: 'Authoring back at screen 1', tone: 'bad' };
    case 'db.commit':
      return { label: `commit ${s('tx')}`.trim(), tone: 'good' };
    case 'db.rollback':
      return { label: `rollback ${s('tx')}`.trim(), tone: 'bad' };
    case 'db.down':
      return { label: 'database down', tone: 'bad' };
    case 'db.up':
      return { label: 'database up', tone: 'good' };
    case 'ha.memberFailed':
      return { label: `${s('member')} failed`.trim(), tone: 'bad' };
    case 'ledger.lost':
      return { label: `lost update ${s('update')}`.trim(), tone: 'bad' };
    case 'monitor.sessionInTwoJvms':
      return { label: 'session in two JVMs', tone: 'bad' };
    case 'monitor.sentToMarkedDown':
      return { label: 'sent to a marked-down member', tone: 'bad' };
    case 'webserver.restartProcess':
      return { label: 'process restarted', tone: 'note' };
  }
  if (e.type.startsWith('monitor.')) return { label: e.type.slice('monitor.'.length), tone: 'bad' };
  if (e.type.startsWith('fault.')) return { label: `lab: ${e.type.slice('fault.'.length)}`, tone: 'note' };
  return null;
}

/** The lab's and the monitors' entries sit on the lane they are about, when that lane is drawn. */
export function markLane(e: TraceEntry, lanes: readonly string[]): string {
  if (e.actor === 'lab' || e.actor === 'monitor') {
    const d = detailsOf(e);
    const hints = [
      d.process,
      d.member,
      typeof d.members === 'string' ? d.members.split(',')[0] : undefined,
      typeof d.user === 'string' ? `browser:${d.user}` : undefined,
    ];
    for (const h of hints) {
      if (typeof h !== 'string') continue;
      const lane = laneFor(h, lanes);
      if (lanes.includes(lane)) return lane;
    }
  }
  return laneFor(e.actor, lanes);
}

/** Seconds as the diagram says them aloud: `0.500 s`. */
export const seconds = (t: number): string => `${(t / 1000).toFixed(3)} s`;

export const short = (text: string, n: number): string =>
  text.length > n ? `${text.slice(0, n - 1)}…` : text;

export interface MessageRow {
  kind: 'msg';
  key: string;
  t: number;
  entry: TraceEntry;
  msg: number;
  to: string;
  fromLane: string;
  toLane: string;
  deliverAt: number;
  dropped: boolean;
}
export interface MarkRow {
  kind: 'mark';
  key: string;
  t: number;
  lane: string;
  segments: string[];
  steps: string[];
  tone: Tone;
  title: string;
}
export type Row = MessageRow | MarkRow;

/** A mark row's label keeps the trace order: `steps 1 2 3 · marked down PluginMember1`. */
export function markLabel(r: MarkRow): string {
  return r.segments.join(' · ');
}

/** Marks sharing a lane and an instant share a row, up to a readable label length. */
export const MARK_LABEL_MAX = 34;

/** Rows, newest last: the last `maxMessages` messages and the marks since the first of them. */
export function rowsOf(
  entries: readonly TraceEntry[],
  now: number,
  lanes: readonly string[],
  maxMessages: number,
): { rows: Row[]; total: number } {
  const visible = entries.filter((e) => e.t <= now);
  const sends = visible.filter((e) => typeof detailsOf(e).msg === 'number');
  const first = sends.length > maxMessages ? (sends[sends.length - maxMessages]?.seq ?? 0) : -Infinity;
  const rows: Row[] = [];
  for (const e of visible) {
    if (e.seq < first) continue;
    const d = detailsOf(e);
    if (typeof d.msg === 'number') {
      const to = typeof d.to === 'string' ? d.to : '?';
      rows.push({
        kind: 'msg',
        key: `m${d.msg}`,
        t: e.t,
        entry: e,
        msg: d.msg,
        to,
        fromLane: laneFor(e.actor, lanes),
        toLane: laneFor(to, lanes),
        deliverAt: typeof d.deliverAt === 'number' ? d.deliverAt : e.t,
        dropped: d.dropped === true,
      });
      continue;
    }
    // The lab took a message off the wire, or held it up: its row ends where the message now does.
    if (e.type === 'fault.dropMessage' || e.type === 'fault.delayMessage' || e.type === 'net.lost') {
      const row = rows.find((r): r is MessageRow => r.kind === 'msg' && r.msg === e.data.message);
      if (row && (e.type === 'net.lost' || (e.type === 'fault.dropMessage' && e.data.lost === 1))) {
        row.dropped = true;
        row.deliverAt = e.t;
      } else if (row && e.type === 'fault.delayMessage' && e.data.deliverAt >= 0)
        row.deliverAt = e.data.deliverAt;
    }
    const mark = markOf(e);
    if (!mark) continue;
    const lane = markLane(e, lanes);
    const last = rows.at(-1);
    const isStep = e.type === 'plugin.step';
    const addition = isStep ? ` ${mark.label}` : ` · ${mark.label}`;
    if (
      last?.kind === 'mark' &&
      last.lane === lane &&
      last.t === e.t &&
      markLabel(last).length + addition.length <= MARK_LABEL_MAX
    ) {
      const tail = last.segments.length - 1;
      if (isStep && last.steps.length > 0) {
        last.steps.push(mark.label);
        last.segments[tail] = `steps ${last.steps.join(' ')}`;
      } else {
        last.steps = isStep ? [mark.label] : [];
        last.segments.push(isStep ? `step ${mark.label}` : mark.label);
      }
      if (toneRank[mark.tone] > toneRank[last.tone]) last.tone = mark.tone;
      last.title += `\n${formatEntry(e)}`;
      continue;
    }
    rows.push({
      kind: 'mark',
      key: `k${e.seq}`,
      t: e.t,
      lane,
      segments: [isStep ? `step ${mark.label}` : mark.label],
      steps: isStep ? [mark.label] : [],
      tone: mark.tone,
      title: formatEntry(e),
    });
  }
  return { rows, total: sends.length };
}

/** The arrowhead at (x, y) pointing away from (px, py). */
export function arrowhead(x: number, y: number, px: number, py: number): string {
  const a = Math.atan2(y - py, x - px);
  const bx = x - 8 * Math.cos(a);
  const by = y - 8 * Math.sin(a);
  const w = 4;
  return `${x},${y} ${bx + w * Math.sin(a)},${by - w * Math.cos(a)} ${bx - w * Math.sin(a)},${by + w * Math.cos(a)}`;
}
