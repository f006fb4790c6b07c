// The figures of a run, counted from its trace.
import { describe, expect, it } from 'vitest';
import { runFigures } from '../../src/simulation/figures.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';

const at = (t: number, type: string, data?: Record<string, unknown>): TraceEntry =>
  ({ seq: t, t, actor: 'x', type, ...(data ? { data } : {}) }) as unknown as TraceEntry;

describe('runFigures', () => {
  it('counts failed pages, lost updates, failovers, store writes and two-JVM sessions', () => {
    expect(
      runFigures([
        at(1, 'browser.page', { status: 200 }),
        at(2, 'session.written'),
        at(3, 'replica.update', { session: 's' }),
        at(4, 'fault.crash', { member: 'm' }),
        at(5, 'browser.page', { status: 503 }),
        at(6, 'session.readFromStore'),
        at(7, 'session.fromReplica'),
        at(8, 'browser.page', { status: 413 }),
        at(9, 'ledger.lost'),
        at(10, 'monitor.sessionInTwoJvms'),
        at(11, 'browser.page', { status: 200 }),
      ]),
    ).toEqual({
      requestsFailed: 2,
      updatesLost: 1,
      failovers: 2,
      storeWrites: 2,
      timeToRecover: 4,
      sessionsInTwoJvms: 1,
    });
  });

  it('recovers after the last page that failed or kept its user waiting more than a second', () => {
    const page = (t: number, user: string, status = 200) => ({
      ...at(t, 'browser.page', { status }),
      actor: user,
    });
    const sent = (t: number, user: string) => ({ ...at(t, 'http.request'), actor: user });
    const slow = [at(100, 'fault.hang', { member: 'm' }), sent(200, 'browser:u1'), sent(300, 'browser:u2')];
    // u2 waited 1.5 s, u1 0.9 s: recovered when u2's page came.
    expect(runFigures([...slow, page(1100, 'browser:u1'), page(1800, 'browser:u2')]).timeToRecover).toBe(
      1700,
    );
    // u1 waited 1.7 s too: recovered when its page came.
    expect(runFigures([...slow, page(1800, 'browser:u2'), page(1900, 'browser:u1')]).timeToRecover).toBe(
      1800,
    );
    expect(runFigures([...slow, page(1000, 'browser:u1'), page(1200, 'browser:u2')]).timeToRecover).toBe(0);
  });

  it('counts a user still waiting at the end as not recovered, and reads before any fault as no failover', () => {
    const waiting = [
      at(1, 'session.readFromStore'),
      at(2, 'fault.hang', { member: 'm' }),
      { ...at(3, 'http.request'), actor: 'browser:u1' },
      at(5000, 'ha.heartbeat'),
    ];
    expect(runFigures(waiting)).toMatchObject({ timeToRecover: 4998, failovers: 0 });
  });

  it('has no time to recover without a fault, and none to wait for when nothing failed after it', () => {
    expect(runFigures([at(1, 'browser.page', { status: 500 })]).timeToRecover).toBeNull();
    expect(
      runFigures([at(1, 'browser.page', { status: 500 }), at(2, 'fault.hostUp'), at(3, 'member.stop')])
        .timeToRecover,
    ).toBe(0);
  });
});
