// Paths and parameters the review found untested: recoveries, timeouts, configuration that changes behaviour.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/model/config.ts';
import { validateConfig } from '../../src/model/parameters.ts';
import { backupTargets, partitionTable, replicaCount } from '../../src/model/replication.ts';
import { project } from '../../src/simulation/frame.ts';
import { RunSpecError, World } from '../../src/simulation/world.ts';
import { entries, get, lab, pages, post, run } from '../helpers.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 10 }];

describe('recoveries', () => {
  it('a started application answers again after 503s', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.servers[1]!.role = 'backup')),
        sessions: owner,
        interventions: [
          { at: 0, action: { kind: 'stopApplication', member: 'PluginMember1' } },
          get('u1', 1000),
          { at: 1500, action: { kind: 'startApplication', member: 'PluginMember1' } },
          get('u1', 2000),
        ],
      },
      3000,
    );
    expect(pages(w).map((p) => p.match(/from (\S+)/)?.[1])).toEqual(['PluginMember2', 'PluginMember1']);
  });
  it('writes succeed again after the database comes back', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'endOfServletService')),
        sessions: owner,
        interventions: [
          { at: 0, action: { kind: 'databaseDown' } },
          get('u1', 1000),
          { at: 1500, action: { kind: 'databaseUp' } },
          get('u1', 2000),
        ],
      },
      3000,
    );
    expect(entries(w, 'session.notWritten')).toHaveLength(1);
    expect(entries(w, 'db.commit').map((e) => e.t > 2000)).toEqual([true]);
  });
  it('a host that comes back rejoins the HA view', () => {
    const w = run(
      {
        config: lab(),
        interventions: [
          { at: 1000, action: { kind: 'hostDown', member: 'PluginMember2' } },
          { at: 250000, action: { kind: 'hostUp', member: 'PluginMember2' } },
        ],
      },
      300000,
    );
    expect(entries(w, 'ha.memberFailed').map((e) => e.t)).toEqual([210000]);
    expect(entries(w, 'ha.memberJoined').map((e) => e.t)).toEqual([270001]);
  });
  it('a crash during a clean stop resets what is left', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.serviceTime = 5000)),
        sessions: owner,
        interventions: [
          get('u1', 1000),
          { at: 1100, action: { kind: 'stop', member: 'PluginMember1' } },
          { at: 1200, action: { kind: 'crash', member: 'PluginMember1' } },
        ],
      },
      8000,
    );
    expect(entries(w, 'member.crashed')).toHaveLength(1);
    expect(pages(w)[0]).toContain('from PluginMember2');
  });
  it('a response that arrives after the plug-in gave up is traced as late', () => {
    const w = run(
      {
        config: lab((c) => {
          c.memberRuntime.serviceTime = 4000;
          for (const s of c.plugin.cluster.servers) s.serverIOTimeout = 2;
        }),
        sessions: owner,
        interventions: [get('u1', 1000)],
      },
      9000,
    );
    expect(entries(w, 'net.late').length).toBeGreaterThan(0);
  });
});

describe('timeouts', () => {
  it('ConnectTimeout 0 is a blocking connect: it waits for the OS like an unset one', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.servers[0]!.connectTimeout = 0)),
        sessions: owner,
        interventions: [{ at: 0, action: { kind: 'hostDown', member: 'PluginMember1' } }, get('u1', 1000)],
      },
      90000,
    );
    expect(entries(w, 'plugin.markDown')[0]!.t).toBe(1020 + 75000);
  });
  it('a member that gets no answer to its fetch gives up after the fetch timeout and starts a new session', () => {
    const w = run(
      {
        config: lab(
          (c) => {
            c.sessionManager.persistence = 'memoryToMemory';
            c.plugin.cluster.servers[0]!.replicationMode = 'client';
            c.plugin.cluster.servers[1]!.replicationMode = 'client';
            c.plugin.cluster.servers[2]!.loadBalanceWeight = 0;
          },
          { members: 3 },
        ),
        sessions: [],
        interventions: [
          { at: 0, action: { kind: 'hostDown', member: 'PluginMember3' } },
          {
            at: 1000,
            action: {
              kind: 'request',
              user: 'u1',
              method: 'GET',
              url: '/shop/cart;jsessionid=0000A2MB4IJozU_VM8IffsMNfdR:vnone',
              op: { kind: 'increment' },
            },
          },
        ],
      },
      6000,
    );
    expect(entries(w, 'replica.fetch').length).toBeGreaterThan(0);
    expect(entries(w, 'session.create')[0]!.text).toContain('no member answered in time');
  });
});

describe('configuration that changes behaviour', () => {
  it('CloneSeparatorChange puts + between clone IDs, and affinity still works', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.cloneSeparatorChange = true)),
        interventions: [get('u1', 0), get('u1', 1000)],
      },
      2000,
    );
    expect(entries(w, 'http.response').find((e) => e.actor.startsWith('PluginMember'))!.text).toMatch(
      /JSESSIONID 0000[\w-]{23}\+v/,
    );
    expect(new Set(entries(w, 'browser.page').map((e) => detailsOf(e).servedBy)).size).toBe(1);
  });
  it('a CloneID edited by hand in plugin-cfg.xml no longer matches the member: affinity silently breaks', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.servers[0]!.configuredCloneId = 'handedit')),
        sessions: owner,
        interventions: [get('u1', 1000), get('u1', 2000)],
      },
      3000,
    );
    expect(entries(w, 'plugin.step').some((e) => e.text.includes('no server has CloneID'))).toBe(true);
    // The member that takes the request appends its own clone ID, so only the first request is balanced.
    expect(entries(w, 'plugin.balance').length).toBe(1);
  });
  it('a custom session cookie name not mirrored in AffinityCookie breaks affinity', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.cookieName = 'SHOPSESSION')),
        interventions: [get('u1', 0), get('u1', 1000), get('u1', 2000)],
      },
      3000,
    );
    expect(
      entries(w, 'plugin.step')
        .filter((e) => detailsOf(e).step === 3)
        .every((e) => e.text.includes('no session identification')),
    ).toBe(true);
  });
  it('with Portal redirects off, a POST after failover is processed as the plug-in re-sent it', () => {
    const w = run(
      {
        config: lab((c) => {
          c.portal.enabled = true;
          c.portal.redirectPostAfterFailover = false;
        }),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          post('u1', 1000, 4, 'lamp'),
        ],
      },
      3000,
    );
    expect(entries(w, 'portal.redirect')).toHaveLength(0);
    expect(pages(w)[0]).toContain('cart [lamp]');
  });
  it('PostBufferSize -1 buffers any body, so even a large one already sent can be re-sent', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.postBufferSize = -1)),
        sessions: owner,
        interventions: [
          post('u1', 1000, 5000),
          { at: 1030, action: { kind: 'crash', member: 'PluginMember1' } },
        ],
      },
      3000,
    );
    expect(pages(w)[0]).toMatch(/200 Shop from PluginMember2/);
  });
});

describe('replication rules', () => {
  const servers = defaultConfig({ members: 4 }).plugin.cluster.servers;
  const m2m = defaultConfig().memoryToMemory;
  const all = servers.map((s) => s.memberName);
  it('chooses backups as the next alive members in configuration order', () => {
    expect(backupTargets('PluginMember4', servers, all, m2m)).toEqual(['PluginMember1']);
    expect(backupTargets('PluginMember1', servers, ['PluginMember1', 'PluginMember3'], m2m)).toEqual([
      'PluginMember3',
    ]);
    expect(backupTargets('PluginMember1', servers, all, { ...m2m, replicas: 'entireDomain' })).toEqual([
      'PluginMember2',
      'PluginMember3',
      'PluginMember4',
    ]);
    expect(backupTargets('PluginMember1', servers, all, { ...m2m, replicas: 2 })).toEqual([
      'PluginMember2',
      'PluginMember3',
    ]);
    expect(replicaCount({ ...m2m, replicas: 'entireDomain' }, 4)).toBe(3);
  });
  it('moves a failed member\\u2019s partition to the member holding its backups', () => {
    const t = partitionTable(servers, ['PluginMember2', 'PluginMember3', 'PluginMember4'], m2m);
    expect(t[servers[0]!.partitionId]).toEqual(['PluginMember2']);
    expect(t[servers[1]!.partitionId]).toEqual(['PluginMember2', 'PluginMember3']);
  });
  it('with entire-domain replicas every other member keeps a backup', () => {
    const w = run(
      {
        config: lab(
          (c) => {
            c.sessionManager.persistence = 'memoryToMemory';
            c.sessionManager.writeFrequency = 'endOfServletService';
            c.memoryToMemory.replicas = 'entireDomain';
          },
          { members: 3 },
        ),
        interventions: [get('u1', 0)],
      },
      1000,
    );
    expect(entries(w, 'replica.update')).toHaveLength(2);
  });
});

describe('validation and bad run specs', () => {
  it('names structural mistakes', () => {
    const noPrimary = defaultConfig();
    for (const s of noPrimary.plugin.cluster.servers) s.role = 'backup';
    expect(() => validateConfig(noPrimary)).toThrow(
      'plugin.cluster.servers: needs at least one primary server',
    );
    const twice = defaultConfig();
    twice.plugin.cluster.servers[1]!.memberName = 'PluginMember1';
    expect(() => validateConfig(twice)).toThrow(
      'plugin.cluster.servers[1].memberName: PluginMember1 appears twice',
    );
    const clone = defaultConfig();
    clone.plugin.cluster.servers[0]!.cloneId = 'Bad Clone';
    expect(() => validateConfig(clone)).toThrow('plugin.cluster.servers[0].cloneId');
    expect(() => validateConfig(defaultConfig({ processes: 9 }))).toThrow(
      'webServer.processes: must be a whole number from 1 to 8, got 9',
    );
  });
  it('names what a run spec refers to that the lab does not have', () => {
    const c = defaultConfig();
    expect(() => new World({ config: c, seed: 1, users: ['not valid!'] })).toThrow(
      'user: "not valid!" is not a valid user name',
    );
    expect(
      () =>
        new World({
          config: c,
          seed: 1,
          sessions: [{ user: 'u1', sessionId: 'short', member: 'PluginMember1' }],
        }),
    ).toThrow('is not a 23-character session ID');
    expect(
      () =>
        new World({
          config: c,
          seed: 1,
          interventions: [{ at: 0, action: { kind: 'restartProcess', process: 7 } }],
        }),
    ).toThrow('no web server process ihs#7');
    const none = defaultConfig();
    none.sessionManager.persistence = 'none';
    expect(
      () =>
        new World({ config: none, seed: 1, interventions: [{ at: 0, action: { kind: 'databaseDown' } }] }),
    ).toThrow('this lab has no session database');
    expect(
      () => new World({ config: c, seed: 1, interventions: [{ at: -5, action: { kind: 'databaseDown' } }] }),
    ).toThrow(RunSpecError);
  });
});

describe('frames', () => {
  it('project the world: member states, process tables with retry countdowns, cookies, stored rows', () => {
    const w = run(
      {
        config: lab(),
        sessions: owner,
        interventions: [{ at: 500, action: { kind: 'crash', member: 'PluginMember1' } }, get('u1', 1000)],
      },
      11000,
    );
    const f = project(w);
    expect(f.t).toBe(11000);
    expect(f.members.map((m) => [m.name, m.state])).toEqual([
      ['PluginMember1', 'crashed'],
      ['PluginMember2', 'running'],
    ]);
    const row = f.processes[0]!.servers.find((s) => s.member === 'PluginMember1')!;
    expect(row.markedDown).toBe(true);
    // Marked down at 1.022 s for 60 s; at 11 s, 50.022 s remain.
    expect(row.retryIn).toBeCloseTo(50.022, 3);
    expect(f.browsers[0]!.cookie).toMatch(/^0001A2MB4IJozU_VM8IffsMNfdR:/);
    expect(f.database!.rows.map((r) => r.counter)).toEqual([11]);
    expect(f.members[1]!.sessions[0]).toMatchObject({
      id: 'A2MB4IJozU_VM8IffsMNfdR',
      cacheId: '0001',
      counter: 11,
    });
  });
});
