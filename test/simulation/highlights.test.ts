import { describe, expect, it } from 'vitest';
import { isInteresting, tickOf } from '../../src/simulation/highlights.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';

const entry = (type: string, data?: TraceEntry['data']): TraceEntry => ({
  seq: 3,
  t: 1500,
  actor: 'PluginMember2',
  type,
  text: 'what happened',
  ...(data ? { data } : {}),
});

describe('interesting events and their timeline ticks', () => {
  it('marks faults, failovers, sessions taken from elsewhere, lost data and monitor reports, each with its kind', () => {
    const kinds = (type: string, data?: TraceEntry['data']) => tickOf(entry(type, data), 9)?.kind ?? null;
    expect(kinds('fault.crash')).toBe('fault');
    expect(kinds('fault.databaseDown')).toBe('fault');
    expect(kinds('member.crashed')).toBe('fault');
    expect(kinds('plugin.markDown')).toBe('failover');
    expect(kinds('plugin.step', { step: 7 })).toBe('failover');
    expect(kinds('session.readFromStore')).toBe('failover');
    expect(kinds('session.fromReplica')).toBe('failover');
    expect(kinds('session.fetched')).toBe('failover');
    expect(kinds('ledger.lost')).toBe('loss');
    expect(kinds('monitor.sessionInTwoJvms')).toBe('loss');
    expect(kinds('monitor.sentToMarkedDown')).toBe('loss');
    expect(kinds('db.rollback')).toBe('loss');
  });

  it('leaves ordinary events out: the other plug-in steps, requests, writes', () => {
    for (const e of [
      entry('plugin.step', { step: 6 }),
      entry('http.request'),
      entry('session.write'),
      entry('db.commit'),
    ]) {
      expect(isInteresting(e)).toBe(false);
      expect(tickOf(e, 1)).toBeNull();
    }
  });

  it('labels a tick with who, what and the trace text, at the entry\u2019s time and index', () => {
    expect(tickOf(entry('ledger.lost'), 42)).toEqual({
      t: 1500,
      index: 42,
      kind: 'loss',
      label: 'PluginMember2 ledger.lost: what happened',
    });
  });
});
