// Plug-in behaviours of DOMAIN.md §2 and §9.1 items 3–9, each run through the whole world.
import { describe, expect, it } from 'vitest';
import { entries, get, lab, pages, post, run } from '../helpers.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

/** u1 already has a session on PluginMember1 (its cookie carries PluginMember1's clone ID). */
const u1OnFirst = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1' }];

const setServers = (patch: Record<string, unknown>) => (c: ReturnType<typeof lab>) => {
  c.plugin.cluster.servers = c.plugin.cluster.servers.map((s) => ({ ...s, ...patch }));
};

describe('affinity and load balancing', () => {
  it('keeps a session on its member by clone ID, and affinity requests do not lower weights by default', () => {
    const w = run({ config: lab(), interventions: [get('u1', 0), get('u1', 1000), get('u1', 2000)] }, 3000);
    const served = pages(w).map((p) => p.match(/from (\S+)/)?.[1]);
    expect(new Set(served).size).toBe(1);
    const proc = w.snapshotOf('ihs#1')!.context as {
      table: { servers: Record<string, { weight: number; affinityConnections: number }> };
    };
    const m = served[0]!;
    expect(proc.table.servers[m]!.weight).toBe(1);
    expect(proc.table.servers[m]!.affinityConnections).toBe(2);
  });

  it('lowers weights for affinity requests too when IgnoreAffinityRequests is false', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.ignoreAffinityRequests = false)),
        interventions: [get('u1', 0), get('u1', 1000)],
      },
      2000,
    );
    const proc = w.snapshotOf('ihs#1')!.context as { table: { servers: Record<string, { weight: number }> } };
    const weights = Object.values(proc.table.servers)
      .map((s) => s.weight)
      .sort();
    expect(weights).toEqual([0, 2]);
  });

  it('spreads new sessions by weighted round robin (2:4)', () => {
    const users = Array.from({ length: 12 }, (_, i) => `u${i + 1}`);
    const w = run(
      {
        config: lab((c) => {
          c.plugin.cluster.servers[0]!.loadBalanceWeight = 2;
          c.plugin.cluster.servers[1]!.loadBalanceWeight = 4;
        }),
        interventions: users.map((u, i) => get(u, i * 500)),
      },
      7000,
    );
    const by = (m: string) => entries(w, 'browser.page').filter((e) => detailsOf(e).servedBy === m).length;
    expect(by('PluginMember1')).toBe(4);
    expect(by('PluginMember2')).toBe(8);
  });

  it('with Random ignores weights, and the generator decides', () => {
    const users = Array.from({ length: 20 }, (_, i) => `u${i + 1}`);
    const spec = {
      config: lab((c) => {
        c.plugin.cluster.loadBalance = 'Random';
        c.plugin.cluster.servers[1]!.loadBalanceWeight = 0;
      }),
      interventions: users.map((u, i) => get(u, i * 300)),
    };
    const servedBy = (seed: number) =>
      entries(run({ ...spec, seed }, 7000), 'browser.page').map((e) => String(detailsOf(e).servedBy));
    expect(servedBy(1).filter((m) => m === 'PluginMember2').length).toBeGreaterThan(0);
    expect(servedBy(1)).toEqual(servedBy(1));
    expect(servedBy(2)).not.toEqual(servedBy(1));
  });
});

describe('failure detection only by attempts', () => {
  it('waits ConnectTimeout for an unreachable host, then marks the member down', () => {
    const w = run(
      {
        config: lab(setServers({ connectTimeout: 5 })),
        sessions: u1OnFirst,
        interventions: [{ at: 0, action: { kind: 'hostDown', member: 'PluginMember1' } }, get('u1', 1000)],
      },
      10000,
    );
    const down = entries(w, 'plugin.markDown')[0]!;
    expect(down.t).toBe(1020 + 5000);
    expect(pages(w)[0]).toContain('from PluginMember2');
  });

  it('with ConnectTimeout unset waits for the OS to give up', () => {
    const w = run(
      {
        config: lab(setServers({ connectTimeout: null })),
        sessions: u1OnFirst,
        interventions: [{ at: 0, action: { kind: 'hostDown', member: 'PluginMember1' } }, get('u1', 1000)],
      },
      90000,
    );
    expect(entries(w, 'plugin.markDown')[0]!.t).toBe(1020 + 75000);
  });

  it('a member marked down is skipped until its retry interval is over, then one request probes it', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.retryInterval = 10)),
        sessions: u1OnFirst,
        interventions: [
          { at: 0, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000),
          { at: 2000, action: { kind: 'start', member: 'PluginMember1' } },
          get('u1', 5000),
          get('u1', 12000),
        ],
      },
      14000,
    );
    const p = pages(w);
    expect(p[0]).toContain('from PluginMember2');
    // Started at 2 s + 20 s startup: still down at 12 s, the probe fails and restarts the timer.
    expect(p[1]).toContain('from PluginMember2');
    expect(p[2]).toContain('from PluginMember2');
    expect(entries(w, 'plugin.markDown').map((e) => e.t)).toEqual([1022, 12022]);
    const steps5 = entries(w, 'plugin.step').filter((e) => detailsOf(e).step === 5 && e.t === 5020);
    expect(steps5[0]?.text).toContain('marked down (retry in');
  });

  it('returns to the original member after it recovers (clone ID list left to right)', () => {
    const w = run(
      {
        config: lab((c) => {
          c.plugin.cluster.retryInterval = 10;
          c.memberRuntime.startupTime = 1000;
        }),
        sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 5 }],
        interventions: [
          { at: 0, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000),
          { at: 2000, action: { kind: 'start', member: 'PluginMember1' } },
          get('u1', 12000),
        ],
      },
      14000,
    );
    const p = pages(w);
    expect(p[0]).toMatch(/from PluginMember2.*counter 6/);
    expect(p[1]).toMatch(/from PluginMember1.*counter 7/);
    expect(entries(w, 'plugin.markUp')).toHaveLength(1);
    expect(entries(w, 'session.readFromStore').map((e) => e.actor)).toEqual([
      'PluginMember2',
      'PluginMember1',
    ]);
  });

  /** PluginMember1 hangs; u1 asks twice, 5 s apart. */
  const hungWith = (serverIOTimeout: number) =>
    run(
      {
        config: lab(setServers({ serverIOTimeout })),
        sessions: u1OnFirst,
        interventions: [
          { at: 0, action: { kind: 'hang', member: 'PluginMember1' } },
          get('u1', 1000),
          get('u1', 6000),
        ],
      },
      12000,
    );

  it('a positive ServerIOTimeout retries elsewhere without marking the hung member down; affinity keeps going back', () => {
    const w = hungWith(3);
    expect(entries(w, 'plugin.markDown')).toHaveLength(0);
    const p = pages(w);
    expect(p).toHaveLength(2);
    expect(p.every((x) => x.includes('from PluginMember2'))).toBe(true);
    expect(
      entries(w, 'plugin.log').filter((e) => e.text.startsWith('ERROR: ServerIOTimeout fired. Time out 3.')),
    ).toHaveLength(2);
    const sent = entries(w, 'http.request').filter(
      (e) => e.actor === 'ihs#1' && detailsOf(e).to === 'PluginMember1',
    );
    expect(sent).toHaveLength(2);
  });

  it('a negative ServerIOTimeout marks the hung member down', () => {
    const w = hungWith(-3);
    expect(entries(w, 'plugin.markDown')).toHaveLength(1);
    const sent = entries(w, 'http.request').filter(
      (e) => e.actor === 'ihs#1' && detailsOf(e).to === 'PluginMember1',
    );
    expect(sent).toHaveLength(1);
  });

  it('ServerIOTimeout 0 waits as long as the member does not answer', () => {
    const w = run(
      {
        config: lab(setServers({ serverIOTimeout: 0 })),
        sessions: u1OnFirst,
        interventions: [{ at: 0, action: { kind: 'hang', member: 'PluginMember1' } }, get('u1', 1000)],
      },
      600000,
    );
    expect(pages(w)).toHaveLength(0);
  });

  it('ServerIOTimeoutRetry 0 gives the user a 500 instead of a retry', () => {
    const w = run(
      {
        config: lab((c) => {
          setServers({ serverIOTimeout: 3 })(c);
          c.plugin.cluster.serverIOTimeoutRetry = 0;
        }),
        sessions: u1OnFirst,
        interventions: [{ at: 0, action: { kind: 'hang', member: 'PluginMember1' } }, get('u1', 1000)],
      },
      6000,
    );
    expect(pages(w)[0]).toContain('500 Internal Server Error');
    expect(entries(w, 'plugin.log').some((e) => e.text.includes('retry NO'))).toBe(true);
  });

  it('a full listen backlog refuses connections, which the plug-in takes for a crash', () => {
    const w = run(
      {
        config: lab(
          (c) => {
            c.memberRuntime.webContainerThreads = 1;
            c.memberRuntime.listenBacklog = 1;
            c.memberRuntime.serviceTime = 5000;
          },
          { processes: 3 },
        ),
        sessions: ['u1', 'u2', 'u3'].map((user, i) => ({
          user,
          sessionId: `A2MB4IJozU_VM8IffsMNfd${i}`,
          member: 'PluginMember1',
        })),
        interventions: [
          get('u1', 0, { process: 1 }),
          get('u2', 10, { process: 2 }),
          get('u3', 20, { process: 3 }),
        ],
      },
      20000,
    );
    expect(entries(w, 'member.backlogFull')).toHaveLength(1);
    expect(entries(w, 'plugin.markDown')).toHaveLength(1);
    expect(pages(w, 'u3')[0]).toContain('from PluginMember2');
  });
});

describe('request bodies and terminal outcomes', () => {
  const crashedOwner = {
    sessions: u1OnFirst,
  };
  it('re-sends a POST body that fits PostBufferSize to another member', () => {
    const w = run(
      {
        config: lab(),
        ...crashedOwner,
        interventions: [{ at: 0, action: { kind: 'crash', member: 'PluginMember1' } }, post('u1', 1000, 10)],
      },
      3000,
    );
    expect(pages(w)[0]).toMatch(/200 Shop from PluginMember2.*cart \[book\]/);
  });

  // The owner dies while it services the POST: the body has been sent, only the buffered part can go elsewhere.
  const midRequest = { at: 1030, action: { kind: 'crash' as const, member: 'PluginMember1' } };
  it('answers 500 when a body already sent is larger than PostBufferSize: the POST data is lost', () => {
    const w = run(
      { config: lab(), ...crashedOwner, interventions: [post('u1', 1000, 200), midRequest] },
      3000,
    );
    expect(pages(w)[0]).toContain('500 Internal Server Error');
    expect(pages(w)[0]).toContain('larger than PostBufferSize 64 KB');
  });

  it('answers 500 for any body already sent when PostBufferSize is 0', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.postBufferSize = 0)),
        ...crashedOwner,
        interventions: [post('u1', 1000, 1), midRequest],
      },
      3000,
    );
    expect(pages(w)[0]).toContain('PostBufferSize is 0');
  });

  it('a large body not yet sent is not lost: a member marked down before the request is simply skipped', () => {
    const w = run(
      {
        config: lab(),
        ...crashedOwner,
        interventions: [{ at: 0, action: { kind: 'crash', member: 'PluginMember1' } }, post('u1', 1000, 200)],
      },
      3000,
    );
    expect(pages(w)[0]).toMatch(/200 Shop from PluginMember2.*cart \[book\]/);
  });

  it('fails a body over PostSizeLimit before choosing a member', () => {
    const w = run(
      { config: lab((c) => (c.plugin.cluster.postSizeLimit = 100)), interventions: [post('u1', 0, 200)] },
      2000,
    );
    expect(pages(w)[0]).toContain('413');
    expect(entries(w, 'tcp.connect')).toHaveLength(0);
  });

  it('answers 500 when every member is down', () => {
    const w = run(
      {
        config: lab(),
        interventions: [
          { at: 0, action: { kind: 'crash', member: 'PluginMember1' } },
          { at: 0, action: { kind: 'crash', member: 'PluginMember2' } },
          get('u1', 1000),
          get('u1', 2000),
        ],
      },
      3000,
    );
    expect(pages(w)).toHaveLength(2);
    expect(pages(w).every((p) => p.startsWith('500 Internal Server Error'))).toBe(true);
    expect(entries(w, 'plugin.markDown')).toHaveLength(2);
    expect(entries(w, 'tcp.connect').filter((e) => e.t >= 2000)).toHaveLength(0);
  });

  it('answers 503 when every member is at MaxConnections for this process', () => {
    const w = run(
      {
        config: lab((c) => {
          setServers({ maxConnections: 1 })(c);
          c.memberRuntime.serviceTime = 5000;
        }),
        interventions: [get('u1', 0), get('u2', 100), get('u3', 200)],
      },
      8000,
    );
    expect(pages(w, 'u3')[0]).toContain('503 Service Unavailable');
    expect(pages(w, 'u1')[0]).toContain('200');
  });

  it('uses a backup server only when every primary is down', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.cluster.servers[1]!.role = 'backup')),
        interventions: [
          get('u1', 0),
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000),
        ],
      },
      3000,
    );
    expect(pages(w).map((p) => p.match(/from (\S+)/)?.[1])).toEqual(['PluginMember1', 'PluginMember2']);
  });

  it('serves a request that matches no Route from the web server itself', () => {
    const w2 = run(
      {
        config: lab((c) => (c.plugin.uriGroups[0]!.uris[0]!.name = '/shop/*')),
        interventions: [get('u1', 0, { url: '/images/logo.png' })],
      },
      1000,
    );
    expect(pages(w2)[0]).toContain('404 Not Found');
  });
});

describe('failover target (DOMAIN.md §2.7)', () => {
  const three = (spread: boolean) =>
    lab(
      (c) => {
        c.switches.spreadFailover = spread;
      },
      { members: 3, processes: 1 },
    );
  const sessions = ['u1', 'u2', 'u3', 'u4'].map((user, i) => ({
    user,
    sessionId: `A2MB4IJozU_VM8IffsMNfd${i}`,
    member: 'PluginMember1',
  }));
  const after = (spread: boolean) =>
    run(
      {
        config: three(spread),
        sessions,
        interventions: [
          { at: 0, action: { kind: 'crash', member: 'PluginMember1' } },
          ...sessions.map((s, i) => get(s.user, 1000 + i * 200)),
        ],
      },
      4000,
    );
  it('before PM12112 every orphaned session goes to the next member in the list', () => {
    const w = after(false);
    expect(entries(w, 'browser.page').map((e) => detailsOf(e).servedBy)).toEqual(
      Array(4).fill('PluginMember2'),
    );
  });
  it('after PM12112 they spread over the members left', () => {
    const w = after(true);
    expect(new Set(entries(w, 'browser.page').map((e) => detailsOf(e).servedBy))).toEqual(
      new Set(['PluginMember2', 'PluginMember3']),
    );
  });
});

describe('step 9 says how the replacement was chosen (DOMAIN.md §1.4, §2.7)', () => {
  /** PluginMember3 is a backup server; u1's session is on PluginMember1; both primaries crash. */
  const primariesDown = (spread: boolean) =>
    run(
      {
        config: lab(
          (c) => {
            c.switches.spreadFailover = spread;
            c.plugin.cluster.servers[2]!.role = 'backup';
          },
          { members: 3 },
        ),
        sessions: u1OnFirst,
        interventions: [
          { at: 0, action: { kind: 'crash', member: 'PluginMember1' } },
          { at: 0, action: { kind: 'crash', member: 'PluginMember2' } },
          get('u1', 1000),
        ],
      },
      3000,
    );
  const step9 = (w: ReturnType<typeof run>) =>
    entries(w, 'plugin.step').filter((e) => detailsOf(e).step === 9);

  it.each([
    [true, 'spread', 'spread by load balancing, PM12112'],
    [false, 'nextInList', 'next in the primary server list'],
  ] as const)(
    'with spreadFailover %s a primary is picked by %s; the backup only when no primary is usable, as a backup',
    (spread, choice, words) => {
      const w = primariesDown(spread);
      expect(pages(w)[0]).toContain('200 Shop from PluginMember3');
      const [toPrimary, toBackup] = step9(w);
      expect(toPrimary?.data).toEqual({ request: 'u1.1', step: 9, pick: 'PluginMember2', choice });
      expect(toPrimary?.text).toContain(words);
      expect(toBackup?.data).toEqual({ request: 'u1.1', step: 9, pick: 'PluginMember3', choice: 'backup' });
      expect(toBackup?.text).toContain('first usable server in the BackupServers list');
      expect(toBackup?.text).not.toContain('PM12112');
      expect(toBackup?.text).not.toContain('primary server list');
    },
  );

  it('names the session identification when the next clone ID in the cookie takes the request', () => {
    const w = run(
      {
        config: lab(() => {}, { processes: 2 }),
        sessions: u1OnFirst,
        interventions: [
          { at: 0, action: { kind: 'crash', member: 'PluginMember1' } },
          // ihs#1 fails over by load balancing; the cookie then carries both clone IDs.
          get('u1', 1000, { process: 1 }),
          // ihs#2 has not marked PluginMember1 down: it tries it, then follows the second clone ID.
          get('u1', 2000, { process: 2 }),
        ],
      },
      3000,
    );
    expect(pages(w).map((p) => p.match(/from (\S+)/)?.[1])).toEqual(['PluginMember2', 'PluginMember2']);
    expect(step9(w).map((e) => [e.actor, detailsOf(e).choice, detailsOf(e).pick])).toEqual([
      ['ihs#1', 'spread', 'PluginMember2'],
      ['ihs#2', 'affinity', 'PluginMember2'],
    ]);
    // Step 9 chooses; the stream is step 10's, so the monitors see no send in it.
    expect(step9(w).every((e) => detailsOf(e).member === undefined)).toBe(true);
  });
});

describe('PH46938 and 503 from a member', () => {
  const bothDown = [
    { at: 0, action: { kind: 'crash' as const, member: 'PluginMember1' } },
    { at: 0, action: { kind: 'crash' as const, member: 'PluginMember2' } },
    get('u1', 1000),
    { at: 1500, action: { kind: 'start' as const, member: 'PluginMember2' } },
    get('u1', 25000),
  ];
  it('before PH46938 a request while every member is marked down gets 500 without any attempt', () => {
    const w = run(
      { config: lab((c) => (c.memberRuntime.startupTime = 1000)), interventions: bothDown },
      27000,
    );
    expect(pages(w)[1]).toContain('500 Internal Server Error');
    expect(entries(w, 'tcp.connect').filter((e) => e.t >= 25000)).toHaveLength(0);
  });
  it('with PH46938 the plug-in attempts a member anyway, and reaches the one that came back', () => {
    const w = run(
      {
        config: lab((c) => {
          c.memberRuntime.startupTime = 1000;
          c.switches.tryWhenAllDown = true;
        }),
        interventions: bothDown,
      },
      27000,
    );
    expect(entries(w, 'plugin.tryAnyway').length).toBeGreaterThan(0);
    expect(pages(w)[1]).toContain('200 Shop from PluginMember2');
    expect(entries(w, 'plugin.markUp')).toHaveLength(1);
  });

  /** Two primaries and a backup, all crashed; u1.1 (session on PluginMember1) marks all three down. */
  const allThreeDown = (tryWhenAllDown: boolean, later: Parameters<typeof run>[0]['interventions']) =>
    run(
      {
        config: lab(
          (c) => {
            c.memberRuntime.startupTime = 1000;
            c.switches.tryWhenAllDown = tryWhenAllDown;
            c.plugin.cluster.servers[2]!.role = 'backup';
          },
          { members: 3 },
        ),
        sessions: u1OnFirst,
        interventions: [
          ...['PluginMember1', 'PluginMember2', 'PluginMember3'].map((member) => ({
            at: 0,
            action: { kind: 'crash' as const, member },
          })),
          get('u1', 1000),
          ...(later ?? []),
        ],
      },
      30000,
    );
  const connectsFrom = (w: ReturnType<typeof run>, t: number) =>
    entries(w, 'tcp.connect')
      .filter((e) => e.t >= t)
      .map((e) => detailsOf(e).to);

  it('before PH46938, every primary and backup marked down and none due for retry: 500 without forwarding (DOMAIN.md §2.8)', () => {
    const w = allThreeDown(false, [get('u1', 2000)]);
    expect(entries(w, 'plugin.markDown').map((e) => detailsOf(e).member)).toEqual([
      'PluginMember1',
      'PluginMember2',
      'PluginMember3',
    ]);
    expect(pages(w)[1]).toContain('500 Internal Server Error');
    expect(connectsFrom(w, 2000)).toEqual([]);
    expect(entries(w, 'plugin.allDown').filter((e) => e.t >= 2000)).toHaveLength(1);
    expect(entries(w, 'plugin.tryAnyway')).toEqual([]);
  });

  it("with PH46938 every member marked down is attempted anyway: the session's own member, then primaries, then backups", () => {
    const w = allThreeDown(true, [get('u1', 2000)]);
    expect(connectsFrom(w, 2000)).toEqual(['PluginMember1', 'PluginMember2', 'PluginMember3']);
    expect(
      entries(w, 'plugin.tryAnyway')
        .filter((e) => e.t >= 2000)
        .map((e) => detailsOf(e).member),
    ).toEqual(['PluginMember1', 'PluginMember2', 'PluginMember3']);
    expect(pages(w)[1]).toContain('500 Internal Server Error');
    // Deliberate attempts, which PH46938 asks for: not the plug-in breaking its own mark-down.
    expect(w.violations().filter((e) => e.type === 'monitor.sentToMarkedDown')).toEqual([]);
  });

  it("with PH46938 the session's member, back up but still marked down, is attempted, answers and is marked up", () => {
    const w = allThreeDown(true, [
      { at: 1500, action: { kind: 'start', member: 'PluginMember1' } },
      get('u1', 25000),
    ]);
    expect(connectsFrom(w, 25000)).toEqual(['PluginMember1']);
    expect(pages(w)[1]).toContain('200 Shop from PluginMember1');
    expect(entries(w, 'plugin.markUp').map((e) => [e.actor, detailsOf(e).member])).toEqual([
      ['ihs#1', 'PluginMember1'],
    ]);
    const table = w.snapshotOf('ihs#1')!.context as {
      table: { servers: Record<string, { markedDown: boolean }> };
    };
    expect(table.table.servers.PluginMember1!.markedDown).toBe(false);
    expect(table.table.servers.PluginMember2!.markedDown).toBe(true);
    expect(w.violations().filter((e) => e.type === 'monitor.sentToMarkedDown')).toEqual([]);
  });

  it('a 503 from a member sends the request elsewhere without marking the member down (PM49491)', () => {
    const w = run(
      {
        config: lab(),
        sessions: u1OnFirst,
        interventions: [
          { at: 0, action: { kind: 'stopApplication', member: 'PluginMember1' } },
          get('u1', 1000),
          get('u1', 2000),
        ],
      },
      3000,
    );
    expect(pages(w).every((p) => p.includes('from PluginMember2'))).toBe(true);
    expect(entries(w, 'plugin.markDown')).toHaveLength(0);
    expect(entries(w, 'plugin.retry').filter((e) => e.text.includes('answered 503'))).toHaveLength(2);
  });
});

describe('ExtendedHandshake and WaitForContinue (DOMAIN.md §1.3)', () => {
  const hungOwner = (change: (c: ReturnType<typeof lab>) => void, body = 0) =>
    run(
      {
        config: lab((c) => {
          for (const s of c.plugin.cluster.servers) s.serverIOTimeout = 5;
          change(c);
        }),
        sessions: u1OnFirst,
        interventions: [
          { at: 0, action: { kind: 'hang', member: 'PluginMember1' } },
          body > 0 ? post('u1', 1000, body) : get('u1', 1000),
          get('u1', 20000),
        ],
      },
      40000,
    );
  it('without the handshake a hung JVM accepts the connection, and a positive ServerIOTimeout never marks it down', () => {
    const w = hungOwner(() => {});
    expect(entries(w, 'plugin.markDown')).toHaveLength(0);
    expect(
      entries(w, 'plugin.log').filter((e) => e.text.startsWith('ERROR: ServerIOTimeout fired')),
    ).toHaveLength(2);
  });
  it('with ExtendedHandshake the hung JVM fails the handshake: marked down at connect time, the next request skips it', () => {
    const w = hungOwner((c) => {
      for (const s of c.plugin.cluster.servers) s.extendedHandshake = true;
    });
    expect(entries(w, 'plugin.markDown')).toHaveLength(1);
    expect(
      entries(w, 'plugin.step').some((e) => e.text.includes('did not answer the extended handshake')),
    ).toBe(true);
    expect(
      entries(w, 'tcp.connect').filter((e) => e.t >= 20000 && detailsOf(e).to === 'PluginMember1'),
    ).toHaveLength(0);
    expect(pages(w)).toHaveLength(2);
  });
  it('with WaitForContinue a body larger than PostBufferSize is never sent to the hung JVM, so it can still go elsewhere', () => {
    const plain = hungOwner(() => {}, 200);
    expect(pages(plain)[0]).toContain('500 Internal Server Error');
    const w = hungOwner((c) => {
      for (const s of c.plugin.cluster.servers) s.waitForContinue = true;
    }, 200);
    expect(entries(w, 'plugin.expectContinue').length).toBeGreaterThan(0);
    expect(pages(w)[0]).toMatch(/200 Shop from PluginMember2.*cart \[book\]/);
  });
});

describe('mark-downs, probes and retries (review findings)', () => {
  const onFirst = (users: string[]) =>
    users.map((user, i) => ({ user, sessionId: `A2MB4IJozU_VM8IffsMNfd${i}`, member: 'PluginMember1' }));
  const table = (w: ReturnType<typeof run>, p = 'ihs#1') =>
    (
      w.snapshotOf(p)!.context as {
        table: {
          servers: Record<
            string,
            { markedDown: boolean; totalConnections: number; affinityConnections: number }
          >;
        };
      }
    ).table.servers;

  it('a response to a request sent before the mark-down does not clear it: only the probe after the retry interval does', () => {
    const w = run(
      {
        config: lab((c) => {
          c.memberRuntime.webContainerThreads = 1;
          c.memberRuntime.listenBacklog = 1;
          c.memberRuntime.serviceTime = 2000;
        }),
        sessions: onFirst(['u1', 'u2', 'u3']),
        interventions: [get('u1', 0), get('u2', 10), get('u3', 20)],
      },
      10000,
    );
    expect(entries(w, 'plugin.markDown')).toHaveLength(1);
    expect(pages(w, 'u1')[0]).toContain('from PluginMember1');
    expect(entries(w, 'plugin.markUp')).toHaveLength(0);
    expect(table(w).PluginMember1!.markedDown).toBe(true);
  });

  it('ServerIOTimeoutRetry caps a negative ServerIOTimeout too: marked down, then 500 instead of a retry', () => {
    const w = run(
      {
        config: lab((c) => {
          for (const s of c.plugin.cluster.servers) s.serverIOTimeout = -2;
          c.plugin.cluster.serverIOTimeoutRetry = 0;
        }),
        sessions: onFirst(['u1']),
        interventions: [{ at: 0, action: { kind: 'hang', member: 'PluginMember1' } }, get('u1', 1000)],
      },
      5000,
    );
    expect(entries(w, 'plugin.markDown')).toHaveLength(1);
    expect(pages(w)[0]).toContain('ServerIOTimeoutRetry allows no more retries');
    expect(entries(w, 'http.request').filter((e) => detailsOf(e).to === 'PluginMember2')).toHaveLength(0);
  });

  it('a broken pooled socket is retried once on the same member with a new connection, counted as one assignment', () => {
    const w = run(
      {
        config: lab(),
        sessions: onFirst(['u1']),
        interventions: [
          get('u1', 0),
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          get('u1', 1000),
        ],
      },
      3000,
    );
    expect(entries(w, 'plugin.retry')[0]!.text).toContain('retry the same member on a new connection');
    expect(
      entries(w, 'tcp.connect')
        .filter((e) => e.t >= 1000)
        .map((e) => detailsOf(e).to),
    ).toEqual(['PluginMember1', 'PluginMember2']);
    expect(pages(w)[1]).toContain('from PluginMember2');
    expect(table(w).PluginMember1!.totalConnections).toBe(2);
    expect(table(w).PluginMember1!.affinityConnections).toBe(2);
  });
});
