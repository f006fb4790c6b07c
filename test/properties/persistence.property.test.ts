// Property tests over random workloads and fault sequences (fast-check): what the database store
// promises under each write frequency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type LabConfig } from '../../src/model/config.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';
import { World, type Intervention } from '../../src/simulation/world.ts';

const members = ['PluginMember1', 'PluginMember2', 'PluginMember3'];
const DURATION = 240000;

const fault = (kinds: readonly ('crash' | 'stop' | 'start' | 'hang' | 'hostDown' | 'hostUp')[]) =>
  fc.record({
    at: fc.integer({ min: 1000, max: DURATION - 10000 }),
    action: fc.record({ kind: fc.constantFrom(...kinds), member: fc.constantFrom(...members) }),
  }) as fc.Arbitrary<Intervention>;

function run(config: LabConfig, seed: number, users: number, faults: Intervention[]): World {
  const w = new World({
    config,
    seed,
    workload: { users, thinkTime: [300, 4000], updateShare: 0.7 },
    interventions: faults,
  });
  w.runUntil(DURATION);
  return w;
}

describe('end-of-servlet-service writes to a healthy database', () => {
  it('never lose an acknowledged (hence committed) update, whatever members do', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fault(['crash', 'stop', 'start', 'hang', 'hostDown', 'hostUp']), { maxLength: 10 }),
        (seed, users, faults) => {
          const config = defaultConfig({ members: 3, processes: 2 });
          config.sessionManager.writeFrequency = 'endOfServletService';
          for (const s of config.plugin.cluster.servers) s.serverIOTimeout = -5;
          config.memberRuntime.startupTime = 3000;
          const w = run(config, seed, users, faults);
          const acked = w.visibleTrace().filter((e) => e.type === 'browser.page' && e.data?.update);
          return acked.length > 0 && w.lostUpdates().length === 0;
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** Independently of the ledger: updates served by a member after its last committed write of that session, then crashed. */
function predictedLosses(trace: readonly TraceEntry[]): string[] {
  const acked = new Set(
    trace.filter((e) => e.type === 'browser.page' && e.data?.update).map((e) => String(e.data?.request)),
  );
  // member → session → updates served and not yet carried by a write that committed
  const unwritten = new Map<string, Map<string, Set<string>>>();
  const inWrite = new Map<string, Set<string>>();
  const lost: string[] = [];
  const of = (m: string, s: string): Set<string> => {
    const bySession = unwritten.get(m) ?? new Map<string, Set<string>>();
    unwritten.set(m, bySession);
    const set = bySession.get(s) ?? new Set<string>();
    bySession.set(s, set);
    return set;
  };
  for (const e of trace) {
    const d = e.data ?? {};
    if (e.type === 'session.access' && typeof d.request === 'string')
      of(String(d.member), String(d.session)).add(d.request);
    if (e.type === 'session.write' && typeof d.writeId === 'string')
      inWrite.set(d.writeId, new Set(of(e.actor, String(d.session))));
    if (e.type === 'db.commit') {
      const carried = inWrite.get(String(d.writeId)) ?? new Set<string>();
      for (const u of carried) of(String(d.member), String(d.session)).delete(u);
    }
    if (e.type === 'member.crashed') {
      for (const set of unwritten.get(e.actor)?.values() ?? []) for (const u of set) lost.push(u);
      unwritten.delete(e.actor);
    }
  }
  // A request in service at the crash is re-sent by the plug-in; served again elsewhere, it survives.
  const servedAt = new Map<string, number>();
  for (const e of trace) if (e.type === 'session.access') servedAt.set(String(e.data?.request), e.seq);
  const crashSeq = new Map<string, number>();
  for (const e of trace) if (e.type === 'member.crashed') crashSeq.set(e.actor, e.seq);
  return [...new Set(lost)]
    .filter((u) => acked.has(u))
    .filter((u) => {
      const last = trace[servedAt.get(u)!]!;
      return trace.some(
        (e) => e.type === 'member.crashed' && e.actor === last.data?.member && e.seq > last.seq,
      );
    })
    .sort();
}

function timeBasedConfig(): LabConfig {
  const config = defaultConfig({ members: 3, processes: 1 });
  config.sessionManager.writeFrequency = 'timeBasedWrite';
  config.sessionManager.writeInterval = 10;
  // No member comes back into use within the run, so no session switches back onto stale data.
  config.plugin.cluster.retryInterval = 600;
  config.memberRuntime.startupTime = 3000;
  return config;
}

describe('time-based writes', () => {
  it('lose exactly the acknowledged updates changed since the last write of the member that crashed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fault(['crash', 'stop', 'start']), { minLength: 1, maxLength: 8 }),
        (seed, users, faults) => {
          const w = run(timeBasedConfig(), seed, users, faults);
          const ledger = w
            .lostUpdates()
            .map((e) => String(e.data?.update))
            .sort();
          expect(ledger).toEqual(predictedLosses(w.visibleTrace()));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('do lose updates when a member crashes between writes (the property is not vacuous)', () => {
    const w = run(timeBasedConfig(), 3, 6, [
      { at: 55000, action: { kind: 'crash', member: 'PluginMember1' } },
    ]);
    expect(w.lostUpdates().length).toBeGreaterThan(0);
    expect(predictedLosses(w.visibleTrace())).toEqual(
      w
        .lostUpdates()
        .map((e) => String(e.data?.update))
        .sort(),
    );
  });
});
