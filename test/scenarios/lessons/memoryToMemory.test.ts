// memory-to-memory (DOMAIN.md §5, §3.4): peer-to-peer hot failover through the partition table. The session
// ID carries PluginMember3's partition ID; when PluginMember3 crashes, the plug-in goes straight to the
// member holding the backup (PluginMember1), which takes the session over from its own copy without a fetch
// or a database read. A fresh web server process has no partition table and load balances (PK48101); a
// member left alone keeps its sessions with no backup. In client/server mode the replacement fetches the
// session from the replication server instead.
import { describe, expect, it } from 'vitest';
import { get } from '../../../src/scenarios/lessons/steps.ts';
import { memoryToMemory } from '../../../src/scenarios/lessons/memoryToMemory.ts';
import { narrate } from '../../../src/scenarios/narration.ts';
import type { Scenario } from '../../../src/scenarios/scenario.ts';
import { detailsOf, formatTrace, type TraceEntry } from '../../../src/simulation/trace.ts';
import { of, runLesson } from './lessonRun.ts';

const d = detailsOf;
const within = (t: TraceEntry[], from: number, to: number) => t.filter((e) => e.t >= from && e.t < to);

const SESSION = 'P4rT1t10nXq8LmZ2vB7wKd3';
const SEEDS = [1, 2, 7, 99];

/** The member the plug-in sent each of u1's requests to, in order (the last attempt of each). */
function servedBy(t: TraceEntry[]): string[] {
  return of(t, 'browser.page', 'browser:u1').map((e) => String(d(e).servedBy));
}

describe('memory-to-memory (DOMAIN.md §5, §3.4)', () => {
  it.each(SEEDS)(
    'reaches every beat in order on seed %i, without leaving the script, and replays the same',
    (seed) => {
      const t = runLesson(memoryToMemory, seed);
      const { reached, leftScript } = narrate(memoryToMemory.beats!, t, memoryToMemory.interventions);
      expect(leftScript).toBeNull();
      expect(reached.map((r) => r.beat)).toEqual(memoryToMemory.beats!.map((_, i) => i));
      expect(formatTrace(runLesson(memoryToMemory, seed))).toBe(formatTrace(t));
    },
  );

  it.each(SEEDS)(
    'seed %i: the plug-in fails over by its partition table straight to the backup holder, which takes the session over from its own copy',
    (seed) => {
      const t = runLesson(memoryToMemory, seed);
      // The session ID carries PluginMember3's partition ID, not a clone ID, and PluginMember3 serves it.
      const first = of(t, 'http.response', 'PluginMember3').find((e) => d(e).to === 'ihs#1')!;
      expect(d(first).jsessionid).toBe(`0000${SESSION}:1015838`);
      // Before the crash, PluginMember3 copied the session to PluginMember1, and to it only.
      const copies = of(t, 'replica.update', 'PluginMember3');
      expect(copies.map((e) => [d(e).to, d(e).session])).toEqual([['PluginMember1', SESSION]]);
      expect(copies[0]!.t).toBeLessThan(3000);

      // The failover: PluginMember3 marked down, then step 9 picks PluginMember1 by the partition, not by
      // load balancing; no plug-in load balancing at all before the web server process is replaced.
      const failover = within(t, 5000, 6000);
      expect(of(failover, 'plugin.markDown').map((e) => d(e).member)).toEqual(['PluginMember3']);
      const step9 = of(failover, 'plugin.step').filter((e) => d(e).step === 9);
      expect(step9.map((e) => [d(e).pick, d(e).choice])).toEqual([['PluginMember1', 'affinity']]);
      expect(of(within(t, 0, 20_000), 'plugin.balance')).toEqual([]);

      // PluginMember1 takes it over from its own backup: version 1, no remote fetch, no store.
      expect(of(t, 'session.fromReplica', 'PluginMember1')[0]).toMatchObject({ t: 5027 });
      expect(d(of(t, 'session.fromReplica', 'PluginMember1')[0]!).version).toBe(1);
      const access = of(failover, 'session.access');
      expect(access.map((e) => [e.actor, d(e).session, d(e).source])).toEqual([
        ['PluginMember1', SESSION, 'replica'],
      ]);
      expect(of(t, 'replica.fetch')).toEqual([]);
      expect(of(t, 'session.fetched')).toEqual([]);
      expect(of(t, 'session.readFromStore')).toEqual([]);

      // Nothing lost: the counter goes on; the cookie keeps the partition ID with the new cache ID, and
      // the next request stays on PluginMember1 (from its cache).
      const reply = of(failover, 'http.response', 'PluginMember1')[0]!;
      expect(d(reply).jsessionid).toBe(`0001${SESSION}:1015838`);
      const pages = of(t, 'browser.page', 'browser:u1');
      expect(pages.map((e) => e.text.match(/counter (\d+)/)?.[1])).toEqual(['4', '5', '6', '7', '8', '9']);
      expect(servedBy(t).slice(0, 3)).toEqual(['PluginMember3', 'PluginMember1', 'PluginMember1']);
      expect(of(within(t, 8000, 9000), 'session.access').map((e) => [e.actor, d(e).source])).toEqual([
        ['PluginMember1', 'cache'],
      ]);
      expect(of(t, 'ledger.lost')).toEqual([]);
      // The new owner copies the session to the member left, PluginMember2.
      expect(of(within(t, 5000, 20_000), 'replica.update', 'PluginMember1').map((e) => d(e).to)).toEqual([
        'PluginMember2',
        'PluginMember2',
      ]);
    },
  );

  it.each(SEEDS)(
    'seed %i: the fresh web server process has no partition table and load balances u1 (PK48101)',
    (seed) => {
      const t = runLesson(memoryToMemory, seed);
      const after = within(t, 22_000, 23_000);
      const step4 = of(after, 'plugin.step').find((e) => d(e).step === 4)!;
      expect(step4.text).toMatch(/no partition table yet/);
      expect(of(after, 'plugin.balance', 'ihs#1')).toHaveLength(1);
      // Its first table comes back with that response, and the next request follows the partition again.
      const tables = of(t, 'plugin.partitionTable', 'ihs#1').filter((e) => e.t > 20_000);
      expect(tables[0]!.t).toBeGreaterThan(step4.t);
      expect(tables[0]!.text).toMatch(/^first partition table/);
      expect(of(within(t, 25_000, 26_000), 'plugin.balance')).toEqual([]);
      expect(servedBy(t)[4]).toBe('PluginMember1');
    },
  );

  it('the balanced request breaks affinity where round robin picks PluginMember2; without the restart it does not', () => {
    // Seeds 2 and 99 start round robin at PluginMember2, which takes the session over from its backup.
    for (const seed of [2, 99]) {
      const t = runLesson(memoryToMemory, seed);
      expect(servedBy(t)[3]).toBe('PluginMember2');
      const taken = of(within(t, 22_000, 23_000), 'session.fromReplica');
      expect(taken.map((e) => [e.actor, d(e).version])).toEqual([['PluginMember2', 2]]);
    }
    // The same run with the web server process left alone: the request at 22 s follows the partition.
    const noRestart: Scenario = {
      ...memoryToMemory,
      interventions: memoryToMemory.interventions.filter((i) => i.action.kind !== 'restartProcess'),
    };
    for (const seed of SEEDS) {
      const t = runLesson(noRestart, seed);
      expect(of(t, 'plugin.balance')).toEqual([]);
      expect(servedBy(t)[3]).toBe('PluginMember1');
      expect(of(within(t, 22_000, 23_000), 'session.access').map((e) => [e.actor, d(e).source])).toEqual([
        ['PluginMember1', 'cache'],
      ]);
    }
  });

  it.each(SEEDS)(
    'seed %i: once PluginMember2 crashes, PluginMember1 has no one to keep the backup',
    (seed) => {
      const t = runLesson(memoryToMemory, seed);
      const none = of(t, 'replica.none');
      expect(none.map((e) => [e.actor, d(e).session])).toEqual([['PluginMember1', SESSION]]);
      expect(none[0]!.t).toBeGreaterThan(32_000);
      expect(of(t, 'replica.update').filter((e) => e.t > 30_000)).toEqual([]);
      expect(servedBy(t)[5]).toBe('PluginMember1');
    },
  );
});

/** The same failure in client/server mode: PluginMember3 only keeps backups, the others only send them. */
const clientServer: Scenario = {
  ...memoryToMemory,
  config: () => {
    const c = memoryToMemory.config();
    c.memoryToMemory.mode = 'client';
    c.plugin.cluster.servers[2]!.replicationMode = 'server';
    c.plugin.cluster.servers[2]!.loadBalanceWeight = 0;
    return c;
  },
  sessions: [{ user: 'u1', sessionId: SESSION, member: 'PluginMember1', counter: 3 }],
  interventions: [
    get(1000),
    { at: 3000, action: { kind: 'crash', member: 'PluginMember1' } },
    get(5000),
    get(8000),
  ],
  duration: 12_000,
};

describe('memory-to-memory in client/server mode (DOMAIN.md §5.2)', () => {
  it.each(SEEDS)(
    'seed %i: the replacement has no copy, fetches the session from the replication server and becomes its owner',
    (seed) => {
      const t = runLesson(clientServer, seed);
      // Clone IDs, not partition IDs; the copy goes to the server, PluginMember3.
      const first = of(t, 'http.response', 'PluginMember1').find((e) => d(e).to === 'ihs#1')!;
      expect(d(first).jsessionid).toBe(`0000${SESSION}:vhgarfre`);
      expect(of(t, 'replica.update', 'PluginMember1').map((e) => d(e).to)).toEqual(['PluginMember3']);
      expect(of(t, 'plugin.partitionTable')).toEqual([]);

      // The failover goes to PluginMember2, which asks PluginMember3 and takes the session over.
      expect(of(t, 'session.fromReplica')).toEqual([]);
      expect(of(t, 'replica.fetch', 'PluginMember2').map((e) => d(e).to)).toEqual(['PluginMember3']);
      const fetched = of(t, 'session.fetched');
      expect(fetched.map((e) => [e.actor, d(e).session, d(e).version])).toEqual([
        ['PluginMember2', SESSION, 1],
      ]);
      expect(of(within(t, 5000, 6000), 'session.access').map((e) => [e.actor, d(e).source])).toEqual([
        ['PluginMember2', 'peer'],
      ]);
      const reply = of(t, 'http.response', 'PluginMember2').find((e) => d(e).to === 'ihs#1')!;
      expect(d(reply).jsessionid).toBe(`0001${SESSION}:vhgarfre:v2vcenel`);

      // Affinity sticks to the new owner; nothing is lost.
      expect(servedBy(t)).toEqual(['PluginMember1', 'PluginMember2', 'PluginMember2']);
      expect(of(t, 'browser.page', 'browser:u1').map((e) => e.text.match(/counter (\d+)/)?.[1])).toEqual([
        '4',
        '5',
        '6',
      ]);
      expect(of(within(t, 8000, 9000), 'session.access').map((e) => [e.actor, d(e).source])).toEqual([
        ['PluginMember2', 'cache'],
      ]);
    },
  );
});
