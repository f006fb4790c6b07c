// Property test over random sandbox-like runs with crashes, hangs and web server process restarts: the
// monitor "sent to a member it marked down" reports exactly the sends an oracle built from the trace
// alone finds — never one that did not happen (a fresh process has no mark-downs, DOMAIN.md §6.3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/model/config.ts';
import { detailsOf, type TraceEntry } from '../../src/simulation/trace.ts';
import { World, type Intervention } from '../../src/simulation/world.ts';

const members = ['PluginMember1', 'PluginMember2', 'PluginMember3'];
/** Fixed so CI is reproducible; FC_SEED / FC_RUNS explore further. */
const params = { seed: Number(process.env.FC_SEED ?? 20260511), numRuns: Number(process.env.FC_RUNS ?? 30) };
const DURATION = 60000;

const memberFault = fc.record({
  at: fc.integer({ min: 500, max: DURATION - 5000 }),
  action: fc.record({
    kind: fc.constantFrom('crash' as const, 'start' as const, 'hang' as const),
    member: fc.constantFrom(...members),
  }),
});
const restart = fc.record({
  at: fc.integer({ min: 500, max: DURATION - 5000 }),
  action: fc.record({
    kind: fc.constant('restartProcess' as const),
    process: fc.integer({ min: 1, max: 3 }),
  }),
});

/** A send: a plug-in step that commits to a member (the stream steps carry `member`). */
const isSend = (e: TraceEntry): boolean =>
  e.type === 'plugin.step' && typeof e.data?.member === 'string' && e.data.member !== '';

/**
 * The sends that really went to a member marked down in that process: its own latest mark-down of the
 * member came after the process's latest restart, no mark-up followed, the retry deadline is still ahead,
 * and it is not a PH46938 attempt. As `t process member`.
 */
function genuine(trace: readonly TraceEntry[]): string[] {
  const deadline = new Map<string, number>(); // `process member` → retry deadline
  const out: string[] = [];
  for (const e of trace) {
    const d = detailsOf(e);
    if (e.type === 'webserver.restartProcess') {
      for (const key of [...deadline.keys()])
        if (key.startsWith(`ihs#${String(d.process)} `)) deadline.delete(key);
    } else if (e.type === 'plugin.markDown') {
      deadline.set(`${e.actor} ${String(d.member)}`, e.t + Number(d.retryInterval) * 1000);
    } else if (e.type === 'plugin.markUp') {
      deadline.delete(`${e.actor} ${String(d.member)}`);
    } else if (isSend(e) && d.tryAnyway !== true) {
      const until = deadline.get(`${e.actor} ${String(d.member)}`);
      if (until !== undefined && e.t < until) out.push(`${e.t} ${e.actor} ${String(d.member)}`);
    }
  }
  return out;
}

/** Sends to a member that a process marked down before it was restarted, inside the old retry interval. */
function afterRestart(trace: readonly TraceEntry[]): number {
  const forgotten = new Map<string, number>();
  const current = new Map<string, number>();
  let n = 0;
  for (const e of trace) {
    const d = detailsOf(e);
    if (e.type === 'webserver.restartProcess') {
      const p = `ihs#${String(d.process)} `;
      for (const [key, until] of current) if (key.startsWith(p)) forgotten.set(key, until);
    } else if (e.type === 'plugin.markDown') {
      current.set(`${e.actor} ${String(d.member)}`, e.t + Number(d.retryInterval) * 1000);
    } else if (isSend(e)) {
      const until = forgotten.get(`${e.actor} ${String(d.member)}`);
      if (until !== undefined && e.t < until) n++;
    }
  }
  return n;
}

describe('monitor "sent to a member it marked down"', () => {
  it('reports exactly the genuine sends, across web server process restarts', { timeout: 60000 }, () => {
    let exercised = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 3, max: 8 }),
        fc.constantFrom(10, 60),
        fc.boolean(),
        fc.array(memberFault, { minLength: 1, maxLength: 6 }),
        fc.array(restart, { minLength: 1, maxLength: 3 }),
        (seed, processes, users, retryInterval, tryWhenAllDown, faults, restarts) => {
          const config = defaultConfig({ members: 3, processes });
          config.plugin.cluster.retryInterval = retryInterval;
          config.switches.tryWhenAllDown = tryWhenAllDown;
          for (const s of config.plugin.cluster.servers) s.serverIOTimeout = -5;
          config.memberRuntime.startupTime = 2000;
          const interventions: Intervention[] = [
            ...faults,
            ...restarts.map((r) => ({
              at: r.at,
              action: { kind: 'restartProcess' as const, process: ((r.action.process - 1) % processes) + 1 },
            })),
          ];
          const w = new World({
            config,
            seed,
            workload: { users, thinkTime: [300, 3000], updateShare: 0.5 },
            interventions,
          });
          w.runUntil(DURATION);
          const trace = w.visibleTrace();
          exercised += afterRestart(trace);
          const reported = trace
            .filter((e) => e.type === 'monitor.sentToMarkedDown')
            .map((e) => `${e.t} ${String(detailsOf(e).process)} ${String(detailsOf(e).member)}`);
          expect(reported).toEqual(genuine(trace));
        },
      ),
      params,
    );
    // The runs did send, through a restarted process, to members its predecessor had marked down.
    expect(exercised).toBeGreaterThan(0);
  });
});
