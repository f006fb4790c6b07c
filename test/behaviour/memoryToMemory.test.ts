// Memory-to-memory replication (DOMAIN.md §5): backups, hot failover through the partition table,
// fetching from the holder, asynchronous lag, two members losing their backups, PK48101, and WAS 5.x's
// multi-broker replication domain with its groups.
import { describe, expect, it } from 'vitest';
import type { ClusterMemberContext } from '../../src/model/clusterMemberMachine.ts';
import { ConfigError, defaultConfig, type LabConfig } from '../../src/model/config.ts';
import { validateConfig } from '../../src/model/parameters.ts';
import { project } from '../../src/simulation/frame.ts';
import { entries, get, m2m, pages, run } from '../helpers.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

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

  it('a session that exists at the start carries its partition ID; the processes that served it hold the table', () => {
    const w = run(
      {
        config: m2m(3),
        sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember2', counter: 7 }],
        interventions: [
          get('u1', 500),
          { at: 1000, action: { kind: 'restartProcess', process: 1 } },
          get('u1', 1500),
        ],
      },
      3000,
    );
    const partition = w.config.plugin.cluster.servers[1]!.partitionId;
    expect(entries(w, 'http.request')[0]!.text).toContain(`A2MB4IJozU_VM8IffsMNfdR:${partition}]`);
    // The first request goes by the table to the owner; the fresh process after the restart has none (PK48101).
    expect(pages(w).map((p) => p.match(/from (\w+)/)?.[1])[0]).toBe('PluginMember2');
    expect(entries(w, 'plugin.step').some((e) => e.text.includes('no partition table yet (PK48101)'))).toBe(
      true,
    );
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
    const served = entries(w, 'browser.page').map((e) => detailsOf(e).servedBy);
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
    const served = entries(w, 'browser.page').map((e) => detailsOf(e).servedBy);
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
    const after = entries(w, 'plugin.step').filter((e) => e.t >= 2000 && detailsOf(e).step === 4);
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
    expect(w.lostUpdates().map((e) => detailsOf(e).update)).toEqual(['u1.2']);
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
    expect(w.lostUpdates().filter((e) => detailsOf(e).user === 'u2').length).toBe(2);
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
    const served = entries(w, 'browser.page').map((e) => detailsOf(e).servedBy);
    expect(served[0]).toBe('PluginMember1');
    // Clone IDs, not partition IDs, outside peer-to-peer.
    expect(entries(w, 'http.response').find((e) => e.actor === 'PluginMember1')!.text).toMatch(/:v\w+\)/);
    expect(Object.keys(member(w, 'PluginMember3').replicas)).toHaveLength(1);
    expect(served[2]).toBe('PluginMember2');
    expect(entries(w, 'session.fetched')[0]!.text).toContain('fetched from PluginMember3');
    expect(pages(w).map(counter)).toEqual([1, 2, 3]);
  });
});

/** WAS 5.1 memory-to-memory: new sessions on PluginMember1, each member listening to `groups[i]` (undefined: all). */
const was5 = (groups: (number[] | undefined)[]) => {
  const c = defaultConfig({ version: '5.1', members: groups.length, processes: 1 });
  c.sessionManager.persistence = 'memoryToMemory';
  c.sessionManager.writeFrequency = 'endOfServletService';
  firstOwns(c);
  c.plugin.cluster.servers.forEach((s, i) => {
    if (groups[i]) s.listensTo = groups[i];
  });
  return c;
};

describe('WAS 5.x: a multi-broker replication domain', () => {
  it('assigns new sessions to the groups round robin and copies each to every member listening to its group, with no HA manager', () => {
    const w = run(
      {
        config: was5([undefined, undefined, undefined]),
        interventions: ['u1', 'u2', 'u3'].map((u) => get(u, 0)),
      },
      2000,
    );
    const created = entries(w, 'session.create');
    expect(created.map((e) => detailsOf(e).group)).toEqual([1, 2, 3]);
    expect(created[1]!.text).toContain('in replication group 2');
    for (const m of ['PluginMember2', 'PluginMember3']) {
      expect(Object.keys(member(w, m).replicas).sort()).toEqual(
        created.map((e) => detailsOf(e).session).sort(),
      );
    }
    expect(entries(w, 'replica.update')).toHaveLength(6);
    expect(w.visibleTrace().some((e) => e.text.includes('through the replicator to group 1'))).toBe(true);
    // The HA manager came with WAS 6.0: no actor, no heartbeats, nothing drawn for it.
    expect(w.actorIds()).not.toContain('haManager');
    expect(w.visibleTrace().filter((e) => e.type.startsWith('ha.'))).toHaveLength(0);
    const frame = project(w);
    expect(frame.haManager).toBe(false);
    expect(frame.members[0]!.haView).toBeNull();
    expect(frame.members[0]!.groups).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('with groups split between members, a failover member that listens takes its copy over, and one that does not fetches it from the domain', () => {
    // Groups in use: 1 and 2. u1's session → group 1 (copy at PluginMember2), u2's → group 2 (PluginMember3).
    const w = run(
      {
        config: was5([[2], [1], [2]]),
        interventions: [
          get('u1', 0),
          get('u2', 0),
          get('u1', 1000),
          get('u2', 1000),
          { at: 1500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 2000),
          get('u2', 2000),
        ],
      },
      5000,
    );
    expect(entries(w, 'session.create').map((e) => detailsOf(e).group)).toEqual([1, 2]);
    expect(Object.keys(member(w, 'PluginMember3').replicas)).toHaveLength(1);
    const fromCopy = entries(w, 'session.fromReplica');
    expect(fromCopy.map((e) => e.actor)).toEqual(['PluginMember2']);
    expect(fromCopy[0]!.text).toContain('listens to its replication group 1');
    const fetched = entries(w, 'session.fetched');
    expect(fetched.map((e) => e.actor)).toEqual(['PluginMember2']);
    expect(fetched[0]!.text).toContain('fetched from PluginMember3');
    const counters = (u: string) =>
      entries(w, 'browser.page')
        .filter((e) => e.actor === `browser:${u}`)
        .map((e) => counter(e.text));
    expect(counters('u1')).toEqual([1, 2, 3]);
    expect(counters('u2')).toEqual([1, 2, 3]);
  });

  it('when no member listens to the group, the copy stays in the JVM; after a crash the failover member waits the Request Timeout (5 s) and starts a new session', () => {
    const w = run(
      {
        config: was5([undefined, []]),
        interventions: [
          get('u1', 0),
          get('u1', 1000),
          { at: 1500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 2000),
        ],
      },
      12000,
    );
    expect(entries(w, 'replica.none')[0]!.text).toContain('no other member listens to replication group 1');
    const asked = w.visibleTrace().find((e) => e.text.includes('who has session'))!;
    const created = entries(w, 'session.create').at(-1)!;
    expect(created.actor).toBe('PluginMember2');
    expect(created.text).toContain('no member answered in time');
    expect(created.t - asked.t).toBeGreaterThanOrEqual(5000);
    expect(pages(w).map(counter)).toEqual([1, 2, 1]);
    expect(entries(w, 'ledger.lost').length).toBeGreaterThan(0);
  });

  it('gives a session that exists at the start a group too, so its changes are copied and survive a crash', () => {
    const w = run(
      {
        config: was5([undefined, undefined]),
        sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 4 }],
        interventions: [
          get('u1', 0),
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000),
        ],
      },
      3000,
    );
    expect(
      w
        .visibleTrace()
        .some((e) =>
          e.text.includes('replicate session A2MB4IJozU_VM8IffsMNfdR through the replicator to group 1'),
        ),
    ).toBe(true);
    expect(entries(w, 'session.fromReplica').map((e) => e.actor)).toEqual(['PluginMember2']);
    expect(pages(w).map(counter)).toEqual([5, 6]);
  });

  it('WAS 5.1 defaults: 10 groups and a 5 s Request Timeout; group numbers are checked against the partition size', () => {
    const c = defaultConfig({ version: '5.1' });
    expect(c.memoryToMemory.partitions).toBe(10);
    expect(c.memoryToMemory.fetchTimeout).toBe(5000);
    c.plugin.cluster.servers[1]!.listensTo = [3, 11];
    expect(() => validateConfig(c)).toThrow(ConfigError);
    expect(() => validateConfig(c)).toThrow(/plugin\.cluster\.servers\[1\]\.listensTo\[1\].*1 to 10/);
    c.plugin.cluster.servers[1]!.listensTo = [3];
    c.memoryToMemory.partitions = 0;
    expect(() => validateConfig(c)).toThrow(/memoryToMemory\.partitions/);
  });

  it('later levels keep the HA manager and its view', () => {
    const w = run({ config: m2m(), interventions: [get('u1', 0)] }, 1000);
    const frame = project(w);
    expect(frame.haManager).toBe(true);
    expect(frame.members[0]!.haView).toEqual(['PluginMember1', 'PluginMember2', 'PluginMember3']);
    expect(frame.members[0]!.groups).toBeNull();
  });
});
