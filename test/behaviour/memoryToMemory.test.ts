// Memory-to-memory replication (DOMAIN.md §5): backups, hot failover through the partition table,
// fetching from the holder, asynchronous lag, two members losing their backups, PK48101.
import { describe, expect, it } from 'vitest';
import type { ClusterMemberContext } from '../../src/model/clusterMemberMachine.ts';
import type { LabConfig } from '../../src/model/config.ts';
import { entries, get, lab, pages, run } from '../helpers.ts';

const m2m = (members = 3, change: (c: LabConfig) => void = () => {}) =>
  lab(
    (c) => {
      c.sessionManager.persistence = 'memoryToMemory';
      c.sessionManager.writeFrequency = 'endOfServletService';
      c.plugin.cluster.getDWLMTable = true;
      change(c);
    },
    { members, processes: 1 },
  );
/** New sessions go to PluginMember1 (weight 0 elsewhere); failover by partition table ignores weights. */
const firstOwns = (c: LabConfig) => {
  c.plugin.cluster.servers.forEach((s, i) => (s.loadBalanceWeight = i === 0 ? 2 : 0));
};
const counter = (p: string | undefined) => Number(p?.match(/counter (\d+)/)?.[1]);
const member = (w: ReturnType<typeof run>, m: string) => w.snapshotOf(m)!.context as ClusterMemberContext;

describe('peer-to-peer replication', () => {
  it('puts the owner\u2019s partition ID in the session ID and replicates each change to one backup', () => {
    const w = run({ config: m2m(), interventions: [get('u1', 0), get('u1', 1000)] }, 2000);
    const owner = entries(w, 'browser.page')[0]!.data?.servedBy as string;
    const cookie = entries(w, 'http.response')
      .filter((e) => e.actor === owner)
      .at(-1)!.text;
    const partition = w.config.plugin.cluster.servers.find((s) => s.memberName === owner)!.partitionId;
    expect(cookie).toMatch(new RegExp(`JSESSIONID 0000[\\w-]{23}:${partition}\\)`));
    const holders = ['PluginMember1', 'PluginMember2', 'PluginMember3'].filter(
      (m) => Object.keys(member(w, m).replicas).length > 0,
    );
    expect(holders).toHaveLength(1);
    expect(holders[0]).not.toBe(owner);
    expect(entries(w, 'plugin.partitionTable').length).toBeGreaterThan(0);
  });

  it('hot failover: the plug-in goes straight to the member holding the backup, which takes it over without a remote fetch', () => {
    const w = run(
      {
        config: m2m(3, firstOwns),
        interventions: [
          get('u1', 0),
          get('u1', 1000),
          { at: 1500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 2000),
        ],
      },
      3000,
    );
    const served = entries(w, 'browser.page').map((e) => e.data?.servedBy);
    const owner = served[0] as string;
    expect(owner).toBe('PluginMember1');
    const backup = ['PluginMember2', 'PluginMember3'].find(
      (m) => m !== owner && entries(w, 'session.fromReplica').some((e) => e.actor === m),
    );
    expect(backup).toBeDefined();
    expect(served[2]).toBe(backup);
    expect(entries(w, 'plugin.step').some((e) => e.text.includes('holds its backup (hot failover)'))).toBe(
      true,
    );
    expect(entries(w, 'session.fetched')).toHaveLength(0);
    expect(pages(w).map(counter)).toEqual([1, 2, 3]);
  });

  it('without a partition table (GetDWLMTable false) affinity is lost: every request lands elsewhere and that member takes the session over', () => {
    const w = run(
      {
        config: m2m(3, (c) => (c.plugin.cluster.getDWLMTable = false)),
        interventions: [get('u1', 0), get('u1', 1000), get('u1', 2000), get('u1', 3000)],
      },
      4000,
    );
    expect(entries(w, 'plugin.step').some((e) => e.text.includes('GetDWLMTable is false'))).toBe(true);
    const served = entries(w, 'browser.page').map((e) => e.data?.servedBy);
    expect(new Set(served).size).toBeGreaterThan(1);
    // Round robin happens to follow the backup ring here: each member takes over from the backup it holds.
    expect(entries(w, 'session.fromReplica').length).toBe(3);
    expect(pages(w).map(counter)).toEqual([1, 2, 3, 4]);
  });

  it('PK48101: a fresh web server process has no partition table, so it load-balances a session it should route by partition', () => {
    const w = run(
      {
        config: m2m(),
        interventions: [
          get('u1', 0),
          get('u1', 1000),
          { at: 1500, action: { kind: 'restartProcess', process: 1 } },
          get('u1', 2000),
        ],
      },
      3000,
    );
    const after = entries(w, 'plugin.step').filter((e) => e.t >= 2000 && e.data?.step === 4);
    expect(after[0]!.text).toContain('this process has no partition table yet (PK48101)');
    expect(entries(w, 'plugin.balance').filter((e) => e.t >= 2000)).toHaveLength(1);
  });

  it('replication is asynchronous: a crash within the replication lag loses the last acknowledged change', () => {
    const w = run(
      {
        config: m2m(3, (c) => {
          firstOwns(c);
          c.memoryToMemory.replicationLag = 500;
        }),
        interventions: [
          get('u1', 0),
          get('u1', 1000),
          { at: 1200, action: { kind: 'crash', member: 'PluginMember1' } },
        ],
      },
      3000,
    );
    const owner = entries(w, 'browser.page')[0]!.data?.servedBy;
    expect(owner).toBe('PluginMember1');
    expect(w.lostUpdates().map((e) => e.data?.update)).toEqual(['u1.2']);
  });

  it('a two-member peer-to-peer cluster loses its backups when one member fails; the survivor keeps sessions in its JVM only', () => {
    const w = run(
      {
        config: m2m(2),
        sessions: [],
        interventions: [
          get('u1', 0),
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          { at: 500, action: { kind: 'crash', member: 'PluginMember2' } },
          { at: 600, action: { kind: 'start', member: 'PluginMember1' } },
          { at: 600, action: { kind: 'start', member: 'PluginMember2' } },
          get('u2', 30000),
          { at: 30500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u2', 31000),
          { at: 31500, action: { kind: 'crash', member: 'PluginMember2' } },
        ],
      },
      33000,
    );
    const second = entries(w, 'browser.page').filter((e) => e.actor === 'browser:u2');
    expect(second[0]?.data?.servedBy).toBe('PluginMember1');
    expect(entries(w, 'replica.none').filter((e) => e.t > 30500).length).toBeGreaterThan(0);
    expect(w.lostUpdates().filter((e) => e.data?.user === 'u2').length).toBe(2);
  });
});

describe('client/server replication', () => {
  it('a member that takes over fetches the session from the replication server holding it', () => {
    const w = run(
      {
        config: m2m(3, (c) => {
          c.plugin.cluster.servers[0]!.replicationMode = 'client';
          c.plugin.cluster.servers[1]!.replicationMode = 'client';
          c.plugin.cluster.servers[2]!.replicationMode = 'server';
          c.plugin.cluster.servers[2]!.loadBalanceWeight = 0;
        }),
        sessions: [],
        interventions: [
          get('u1', 0),
          get('u1', 1000),
          { at: 1500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 2000),
        ],
      },
      4000,
    );
    const served = entries(w, 'browser.page').map((e) => e.data?.servedBy);
    expect(served[0]).toBe('PluginMember1');
    // Clone IDs, not partition IDs, outside peer-to-peer.
    expect(entries(w, 'http.response').find((e) => e.actor === 'PluginMember1')!.text).toMatch(/:v\w+\)/);
    expect(Object.keys(member(w, 'PluginMember3').replicas)).toHaveLength(1);
    expect(served[2]).toBe('PluginMember2');
    expect(entries(w, 'session.fetched')[0]!.text).toContain('fetched from PluginMember3');
    expect(pages(w).map(counter)).toEqual([1, 2, 3]);
  });
});
