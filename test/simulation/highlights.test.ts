import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { isInteresting, tickKinds, tickOf } from '../../src/simulation/highlights.ts';
import { type TraceEntry, type AnyDetails } from '../../src/simulation/trace.ts';

const entry = (type: string, data?: AnyDetails): TraceEntry =>
  ({
    seq: 3,
    t: 1500,
    actor: 'PluginMember2',
    type,
    text: 'what happened',
    ...(data ? { data } : {}),
  }) as TraceEntry;

describe('interesting events and their timeline ticks', () => {
  it('marks faults, failovers, sessions taken from elsewhere, lost data and monitor reports, each with its kind', () => {
    const kinds = (type: string, data?: AnyDetails) => tickOf(entry(type, data), 9)?.kind ?? null;
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
      type: 'ledger.lost',
      label: 'PluginMember2 ledger.lost: what happened',
    });
  });
});

describe('the events the model really emits', () => {
  /** Runs in which a trainee meets every kind of interesting event. */
  const runs = [
    // A crash, a stop, a hang, a switch-back with its mark-up, and lost data.
    '--members 3 --until 40 --set memberRuntime.startupTime=1000 --set plugin.cluster.retryInterval=5 --at "1 get u1 /shop/cart" --at "2 crash PluginMember3" --at "3 get u1 /shop/cart" --at "4 get u1 /shop/cart" --at "4.5 start PluginMember3" --at "8.5 get u1 /shop/cart" --at "20 stop PluginMember2" --at "30 hang PluginMember1"',
    // A JVM that dies in the middle of writing: the transaction rolls back.
    '--members 3 --until 10 --set sessionManager.writeFrequency=endOfServletService --set database.writeTime=2000 --at "1 get u1 /shop/cart" --at "4 get u1 /shop/cart" --at "5 crash PluginMember3"',
    // Memory-to-memory: hot failover from the backup here, and a fetch from the replication server.
    '--members 3 --until 6 --set sessionManager.persistence=memoryToMemory --at "1 get u1 /shop/cart" --at "2 crash PluginMember3" --at "3 get u1 /shop/cart"',
    // An edit of plugin-cfg.xml, read again with the first request once RefreshInterval has passed.
    '--members 2 --until 70 --at "1 get u1 /shop/cart" --at "5 plugin-cfg plugin.cluster.retryInterval=10" --at "65 get u1 /shop/cart"',
    '--members 3 --until 6 --set sessionManager.persistence=memoryToMemory --set memoryToMemory.mode=client --set plugin.cluster.servers[2].replicationMode=server --set plugin.cluster.servers[2].loadBalanceWeight=0 --at "1 get u1 /shop/cart" --at "2 crash PluginMember1" --at "3 get u1 /shop/cart"',
  ];
  const emitted = new Set<string>();
  for (const line of runs) {
    const words = [...line.matchAll(/(--\w+) (?:"([^"]*)"|(\S+))/g)].flatMap((m) => [m[1]!, m[2] ?? m[3]!]);
    const r = traceCommand([
      '--scenario',
      'sandbox',
      '--processes',
      '1',
      '--users',
      '0',
      '--format',
      'json',
      ...words,
    ]);
    for (const e of JSON.parse(r.stdout) as TraceEntry[]) emitted.add(e.type);
  }

  it('marks no event type that nothing emits (besides the lab’s faults and the monitors, tested on their own)', () => {
    const marked = Object.entries(tickKinds).filter(
      ([t, kind]) => kind !== null && !t.startsWith('fault.') && !t.startsWith('monitor.'),
    );
    expect(marked.length).toBeGreaterThan(5);
    expect(marked.map(([t]) => t).filter((t) => !emitted.has(t))).toEqual([]);
  });

  it('marks what a trainee did and what it caused: the stop, the crash, the hang and the switch-back', () => {
    expect(emitted.has('member.stop') && emitted.has('fault.crash') && emitted.has('fault.hang')).toBe(true);
    expect(tickOf(entry('member.stop'), 1)?.kind).toBe('fault');
    expect(tickOf(entry('fault.hang'), 1)?.kind).toBe('fault');
    expect(tickOf(entry('plugin.markUp'), 1)?.kind).toBe('failover');
  });
});
