// A cluster member's web container: threads, the listen backlog, overload (DOMAIN.md §6.1 #2, §9.1 item 5).
import { describe, expect, it } from 'vitest';
import { entries, get, lab, pages, run } from '../helpers.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 10 }];

describe('listen backlog', () => {
  it('0 queues nothing beyond the threads, but a connection a free thread takes is accepted', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.listenBacklog = 0)),
        sessions: owner,
        interventions: [get('u1', 500)],
      },
      2000,
    );
    expect(entries(w, 'member.backlogFull')).toHaveLength(0);
    expect(pages(w)[0]).toMatch(/^200 .* from PluginMember1/);
  });

  it('0 with every thread busy refuses the connection: the plug-in marks the member down and fails over', () => {
    const w = run(
      {
        config: lab((c) => {
          c.memberRuntime.listenBacklog = 0;
          c.memberRuntime.webContainerThreads = 1;
          c.memberRuntime.serviceTime = 2000;
        }),
        sessions: owner,
        interventions: [get('u1', 500), get('u1', 600)],
      },
      4000,
    );
    expect(entries(w, 'member.backlogFull')).toHaveLength(1);
    expect(entries(w, 'plugin.markDown').map((e) => detailsOf(e).member)).toEqual(['PluginMember1']);
    // Each JVM serves its own copy: the first answer comes from the busy member, after its service time.
    expect(pages(w).map((p) => p.match(/from (\w+)/)?.[1])).toEqual(['PluginMember1', 'PluginMember2']);
  });
});

describe('overload (DOMAIN.md §6.1 window 2)', () => {
  it('a full backlog refuses connections like a stopped member: marked down, failover; later it serves again', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.retryInterval = 10)),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'overload', member: 'PluginMember1', seconds: 5 } },
          get('u1', 1000),
          get('u1', 20000),
        ],
      },
      21000,
    );
    expect(entries(w, 'member.overloaded')).toHaveLength(1);
    expect(entries(w, 'member.backlogFull')).toHaveLength(1);
    expect(entries(w, 'plugin.markDown').map((e) => detailsOf(e).member)).toEqual(['PluginMember1']);
    expect(entries(w, 'member.overloadEnded')).toHaveLength(1);
    // The session switches back once the retry interval is over (clone IDs are tried left to right).
    expect(pages(w).map((p) => p.match(/from (\w+)/)?.[1])).toEqual(['PluginMember2', 'PluginMember1']);
  });

  it('a request on a connection already accepted waits for a thread: no failover', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.serviceTime = 100)),
        sessions: owner,
        interventions: [
          get('u1', 500),
          // The plug-in keeps the stream from the first request and reuses it.
          { at: 700, action: { kind: 'overload', member: 'PluginMember1', seconds: 2 } },
          get('u1', 1000),
        ],
      },
      5000,
    );
    expect(entries(w, 'plugin.markDown')).toHaveLength(0);
    const last = entries(w, 'browser.page').at(-1)!;
    expect(detailsOf(last).servedBy).toBe('PluginMember1');
    expect(last.t).toBeGreaterThan(2700);
  });
});

describe('overload and hang together', () => {
  it('an overload that ends while the member hangs frees its backlog: a positive ServerIOTimeout still marks nothing down', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.servers[0]!.serverIOTimeout = 5)),
        sessions: owner,
        interventions: [
          { at: 1000, action: { kind: 'overload', member: 'PluginMember1', seconds: 5 } },
          { at: 2000, action: { kind: 'hang', member: 'PluginMember1' } },
          get('u1', 20000),
        ],
      },
      30000,
    );
    expect(entries(w, 'member.backlogFull')).toEqual([]);
    expect(entries(w, 'plugin.markDown')).toEqual([]);
    expect(pages(w)[0]).toContain('from PluginMember2');
  });

  it('a hung member that is also overloaded refuses connections until the overload ends', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.servers[0]!.serverIOTimeout = 5)),
        sessions: owner,
        interventions: [
          { at: 1000, action: { kind: 'hang', member: 'PluginMember1' } },
          { at: 2000, action: { kind: 'overload', member: 'PluginMember1', seconds: 30 } },
          get('u1', 3000),
        ],
      },
      10000,
    );
    expect(entries(w, 'member.backlogFull').map((e) => e.actor)).toEqual(['PluginMember1']);
    expect(entries(w, 'plugin.markDown').map((e) => detailsOf(e).member)).toEqual(['PluginMember1']);
  });
});

describe('a hung member', () => {
  it('holds a thread per request, then fills the backlog, then refuses connections', () => {
    const w = run(
      {
        config: lab((c) => {
          c.memberRuntime.webContainerThreads = 1;
          c.memberRuntime.listenBacklog = 1;
          c.plugin.cluster.servers[0]!.serverIOTimeout = 1;
        }),
        sessions: owner,
        interventions: [
          { at: 100, action: { kind: 'hang', member: 'PluginMember1' } },
          get('u1', 500),
          get('u1', 3000),
          get('u1', 6000),
        ],
      },
      9000,
    );
    // The first two wait for ServerIOTimeout and go elsewhere without a mark-down (positive timeout);
    // the third finds the thread and the backlog taken: refused, marked down.
    expect(entries(w, 'member.backlogFull').map((e) => e.t)).toEqual([6021]);
    expect(entries(w, 'plugin.markDown').map((e) => e.t)).toEqual([6022]);
    expect(pages(w).every((p) => p.includes('from PluginMember2'))).toBe(true);
  });
});
