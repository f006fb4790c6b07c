// Property tests over random workloads and fault sequences (fast-check): what the database store
// promises under each write frequency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type LabConfig } from '../../src/model/config.ts';
import { detailsOf, type TraceEntry } from '../../src/simulation/trace.ts';
import { World, type Intervention } from '../../src/simulation/world.ts';

const members = ['PluginMember1', 'PluginMember2', 'PluginMember3'];
/** Fixed so CI is reproducible; FC_SEED / FC_RUNS explore further. */
const params = { seed: Number(process.env.FC_SEED ?? 20261121), numRuns: Number(process.env.FC_RUNS ?? 25) };
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
  it('never lose an acknowledged (hence committed) update, whatever members do', { timeout: 600000 }, () => {
    let acknowledged = 0;
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
          acknowledged += w
            .visibleTrace()
            .filter((e) => e.type === 'browser.page' && detailsOf(e).update).length;
          // Both the ledger and the oracle built from the trace alone agree that nothing was lost.
          return w.lostUpdates().length === 0 && predictedLosses(w.visibleTrace()).length === 0;
        },
      ),
      params,
    );
    expect(acknowledged).toBeGreaterThan(100);
  });
});

/**
 * An oracle built from the trace alone (no actor state): which updates each member's copy and the
 * store hold, entry by entry; an acknowledged update is lost once no copy holds it.
 */
function predictedLosses(trace: readonly TraceEntry[]): string[] {
  const copies = new Map<string, Map<string, Set<string>>>(); // member → session → updates
  const stored = new Map<string, Set<string>>(); // session → updates in the committed row
  const inWrite = new Map<string, Set<string>>(); // writeId → updates the write carries
  const acked = new Map<string, string>(); // update → session, acknowledged and not lost
  const lost = new Set<string>();
  const copy = (m: string, session: string): Set<string> => {
    const bySession = copies.get(m) ?? new Map<string, Set<string>>();
    copies.set(m, bySession);
    const set = bySession.get(session) ?? new Set<string>();
    bySession.set(session, set);
    return set;
  };
  const held = (session: string, u: string): boolean =>
    (stored.get(session)?.has(u) ?? false) ||
    [...copies.values()].some((m) => m.get(session)?.has(u) ?? false);
  for (const e of trace) {
    const d = detailsOf(e);
    const session = String(d.session);
    switch (e.type) {
      case 'session.readFromStore':
        copies.get(e.actor)?.delete(session);
        for (const u of stored.get(session) ?? []) copy(e.actor, session).add(u);
        break;
      case 'session.access':
        copy(String(d.member), session).add(String(d.request));
        break;
      case 'session.write':
        inWrite.set(String(d.writeId), new Set(copy(e.actor, session)));
        break;
      case 'db.commit':
        stored.set(session, new Set(inWrite.get(String(d.writeId)) ?? []));
        break;
      case 'member.crashed':
      case 'member.stopped':
        copies.delete(e.actor);
        break;
      case 'session.evict':
        copies.get(e.actor)?.delete(session);
        break;
      case 'browser.page':
        if (d.status === 200 && d.update) acked.set(String(d.request), session);
        break;
    }
    for (const [u, s] of acked) {
      if (held(s, u)) continue;
      lost.add(u);
      acked.delete(u);
    }
  }
  return [...lost].sort();
}

/** Every lost update was changed in a member that crashed, after that member's last committed write of the session. */
function changedSinceLastWrite(trace: readonly TraceEntry[], lost: readonly TraceEntry[]): boolean {
  return lost.every((l) => {
    const u = String(detailsOf(l).update);
    const access = trace.filter((e) => e.type === 'session.access' && detailsOf(e).request === u).at(-1);
    if (!access) return false;
    const member = String(detailsOf(access).member);
    const crash = trace.find((e) => e.type === 'member.crashed' && e.actor === member && e.seq > access.seq);
    if (!crash || crash.t > l.t) return false;
    const writesAfter = new Set(
      trace
        .filter(
          (e) => e.type === 'session.write' && e.actor === member && e.seq > access.seq && e.seq < crash.seq,
        )
        .map((e) => String(detailsOf(e).writeId)),
    );
    return !trace.some(
      (e) => e.type === 'db.commit' && writesAfter.has(String(detailsOf(e).writeId)) && e.seq < crash.seq,
    );
  });
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
  it(
    'lose exactly the acknowledged updates no copy holds: those changed since the last write of a member that crashed',
    { timeout: 600000 },
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 31 }),
          fc.integer({ min: 1, max: 8 }),
          fc.array(fault(['crash', 'stop', 'start']), { minLength: 1, maxLength: 8 }),
          (seed, users, faults) => {
            const w = run(timeBasedConfig(), seed, users, faults);
            const ledger = w
              .lostUpdates()
              .map((e) => String(detailsOf(e).update))
              .sort();
            expect(ledger).toEqual(predictedLosses(w.visibleTrace()));
            expect(changedSinceLastWrite(w.visibleTrace(), w.lostUpdates())).toBe(true);
          },
        ),
        params,
      );
    },
  );

  it('do lose updates when a member crashes between writes (the property is not vacuous)', () => {
    const w = run(timeBasedConfig(), 3, 6, [
      { at: 55000, action: { kind: 'crash', member: 'PluginMember1' } },
    ]);
    expect(w.lostUpdates().length).toBeGreaterThan(0);
    expect(predictedLosses(w.visibleTrace())).toEqual(
      w
        .lostUpdates()
        .map((e) => String(detailsOf(e).update))
        .sort(),
    );
  });
});
