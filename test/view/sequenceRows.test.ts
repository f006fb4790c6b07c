// The sequence diagram's rows from the trace: lanes, message rows, marks merged per lane and instant.
import { describe, expect, it } from 'vitest';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { type TraceEntry, type AnyDetails } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';
import {
  laneFor,
  markLabel,
  markLane,
  MARK_LABEL_MAX,
  rowsOf,
  withExtraLanes,
  type MarkRow,
} from '../../src/view/sequenceRows.ts';

let seq = 0;
const entry = (t: number, actor: string, type: string, data?: AnyDetails): TraceEntry =>
  ({
    seq: seq++,
    t,
    actor,
    type,
    text: type,
    ...(data ? { data } : {}),
  }) as TraceEntry;
const lanes = ['browser:u1', 'ihs#1', 'PluginMember1', 'PluginMember2'];

describe('lanes', () => {
  it('draws browsers on one lane when they are not asked for one by one, and the web server before a process', () => {
    expect(laneFor('browser:u7', lanes)).toBe('browsers');
    expect(laneFor('browser:u1', lanes)).toBe('browser:u1');
    expect(laneFor('ihs', lanes)).toBe('web server');
  });

  it('adds a lane the entries need where it reads best: the database after the members, the lab last', () => {
    expect(withExtraLanes(lanes, ['database', 'lab', 'web server'])).toEqual([
      'browser:u1',
      'web server',
      'ihs#1',
      'PluginMember1',
      'PluginMember2',
      'database',
      'lab',
    ]);
  });

  it("puts the lab's and the monitors' entries on the lane they are about", () => {
    expect(markLane(entry(1, 'lab', 'fault.crash', { member: 'PluginMember2' }), lanes)).toBe(
      'PluginMember2',
    );
    expect(
      markLane(entry(1, 'monitor', 'monitor.sessionInTwoJvms', { members: 'PluginMember1,X' }), lanes),
    ).toBe('PluginMember1');
    expect(markLane(entry(1, 'lab', 'user.request', { user: 'u1' }), lanes)).toBe('browser:u1');
    expect(markLane(entry(1, 'lab', 'fault.databaseDown'), lanes)).toBe('lab');
  });
});

describe('rows', () => {
  it('ends a message the lab dropped where it was dropped, and one it held up at its new arrival', () => {
    const entries = [
      entry(100, 'ihs#1', 'http.request', { msg: 1, to: 'PluginMember1', deliverAt: 101 }),
      entry(100, 'PluginMember1', 'http.response', { msg: 2, to: 'ihs#1', deliverAt: 140 }),
      entry(120, 'lab', 'fault.dropMessage', { action: 'drop-message 2', message: 2, lost: 1 }),
      entry(130, 'ihs#1', 'http.request', { msg: 3, to: 'PluginMember2', deliverAt: 131 }),
      entry(130, 'lab', 'fault.delayMessage', { action: 'delay-message 3 2', message: 3, deliverAt: 2131 }),
      entry(140, 'lab', 'fault.dropMessage', { action: 'drop-message 1', message: 1, lost: 0 }),
      entry(150, 'PluginMember1', 'replica.update', { msg: 4, to: 'PluginMember2', deliverAt: 5150 }),
      entry(900, 'PluginMember1', 'net.lost', { message: 4 }),
    ];
    const msgs = rowsOf(entries, 3000, lanes, 10).rows.filter((r) => r.kind === 'msg');
    expect(msgs.map((r) => [r.msg, r.deliverAt, r.dropped])).toEqual([
      [1, 101, false],
      [2, 120, true],
      [3, 2131, false],
      [4, 900, true],
    ]);
  });
  it('keeps the last messages and the marks since the first of them, up to now', () => {
    const entries = [
      entry(0, 'PluginMember1', 'member.running'),
      ...[1, 2, 3, 4].map((i) =>
        entry(i * 100, 'browser:u1', 'http.request', { msg: i, to: 'ihs', deliverAt: i * 100 + 20 }),
      ),
      entry(450, 'PluginMember1', 'member.crashed'),
      entry(900, 'browser:u1', 'http.request', { msg: 9, to: 'ihs', deliverAt: 920 }),
    ];
    const { rows, total } = rowsOf(entries, 500, lanes, 2);
    expect(total).toBe(4);
    expect(rows.map((r) => (r.kind === 'msg' ? `m${r.msg}` : markLabel(r)))).toEqual(['m3', 'm4', 'crashed']);
    const m4 = rows[1]!;
    expect(m4.kind === 'msg' && [m4.fromLane, m4.toLane, m4.deliverAt]).toEqual([
      'browser:u1',
      'web server',
      420,
    ]);
  });

  it('merges the steps of one process at one instant into one mark, and what follows after a dot', () => {
    const entries = [
      ...[1, 2, 3, 4, 5, 6].map((step) => entry(520, 'ihs#1', 'plugin.step', { step })),
      entry(520, 'ihs#1', 'plugin.markDown', { member: 'PluginMember1' }),
      entry(520, 'ihs#1', 'plugin.step', { step: 7 }),
    ];
    const { rows } = rowsOf(entries, 1000, lanes, 10);
    const marks = rows as MarkRow[];
    // Past the readable length a mark starts a row of its own; the next step joins it after a dot.
    expect(marks.map(markLabel)).toEqual(['steps 1 2 3 4 5 6', 'marked down PluginMember1 · step 7']);
    expect(marks.every((m) => markLabel(m).length <= MARK_LABEL_MAX)).toBe(true);
    // A mark with bad news makes its row bad; the row's title lists every entry it stands for.
    expect(marks.map((m) => m.tone)).toEqual(['step', 'bad']);
    expect(marks[0]!.title.split('\n')).toHaveLength(6);
  });

  it('draws the ten steps of the walk-through on the process that took the request', () => {
    const w = new World(runSpecOf(tenSteps));
    w.runUntil(tenSteps.duration);
    const { rows } = rowsOf(
      w.visibleTrace(),
      3100,
      ['browser:u1', 'ihs#1', 'ihs#2', 'PluginMember1', 'PluginMember2'],
      60,
    );
    const onIhs1 = (rows.filter((r) => r.kind === 'mark' && r.lane === 'ihs#1') as MarkRow[]).map(markLabel);
    expect(onIhs1[0]).toBe('steps 1 2 3 4 5 6');
    expect(onIhs1.some((l) => l.includes('marked down PluginMember1'))).toBe(true);
  });
});
