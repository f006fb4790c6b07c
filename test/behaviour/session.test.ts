// Session manager and session store behaviours (DOMAIN.md §3, §4).
import { describe, expect, it } from 'vitest';
import { applyTuningLevel, defaultConfig } from '../../src/model/config.ts';
import { entries, get, lab, pages, run } from '../helpers.ts';
import type { Intervention } from '../../src/simulation/world.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 10 }];
const inc = (at: number): Intervention => get('u1', at);
const crash = (at: number, member = 'PluginMember1'): Intervention => ({
  at,
  action: { kind: 'crash', member },
});
const counterOf = (page: string | undefined): number => Number(page?.match(/counter (\d+)/)?.[1]);
/** getAttribute("cart").add(item) with no setAttribute (DOMAIN.md §4.4). */
const addInPlace = (at: number, item: string): Intervention => ({
  at,
  action: {
    kind: 'request',
    user: 'u1',
    method: 'POST',
    url: '/shop/cart',
    bodyKB: 1,
    op: { kind: 'addToCartInPlace', item },
  },
});

describe('write frequency', () => {
  it('end of servlet service: every acknowledged update survives a crash', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'endOfServletService')),
        sessions: owner,
        interventions: [inc(1000), inc(2000), inc(3000), crash(4000), inc(5000)],
      },
      6000,
    );
    expect(pages(w).map(counterOf)).toEqual([11, 12, 13, 14]);
  });

  it('time based: a crash loses what changed since the last write', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'timeBasedWrite';
          c.sessionManager.writeInterval = 10;
        }),
        sessions: owner,
        interventions: [inc(1000), inc(2000), inc(11000), inc(12000), crash(13000), inc(14000)],
      },
      15000,
    );
    // The write at 10 s stored counter 12; the updates at 11 s and 12 s were never written.
    expect(pages(w).map(counterOf)).toEqual([11, 12, 13, 14, 13]);
    expect(entries(w, 'db.commit').map((e) => e.t)).toEqual([10002 + 8]);
  });

  it('time based: a clean stop flushes the cached changes first', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'timeBasedWrite')),
        sessions: owner,
        interventions: [
          inc(1000),
          inc(2000),
          { at: 3000, action: { kind: 'stop', member: 'PluginMember1' } },
          inc(8000),
        ],
      },
      9000,
    );
    expect(pages(w).map(counterOf)).toEqual([11, 12, 13]);
    expect(entries(w, 'session.write').some((e) => e.text.includes('time-based write') && e.t === 3000)).toBe(
      true,
    );
  });

  it('manual update: only IBMSession.sync() writes', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'manualUpdate')),
        sessions: owner,
        interventions: [
          inc(1000),
          {
            at: 2000,
            action: { kind: 'request', user: 'u1', method: 'GET', url: '/shop/sync', op: { kind: 'sync' } },
          },
          inc(3000),
          crash(4000),
          inc(5000),
        ],
      },
      6000,
    );
    expect(pages(w).map(counterOf)).toEqual([11, 11, 12, 12]);
  });

  it('a new session is written at the end of the request that created it, whatever the mode', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'timeBasedWrite')),
        interventions: [get('u1', 0)],
      },
      1000,
    );
    expect(entries(w, 'db.commit')).toHaveLength(1);
  });
});

describe('transactions (DOMAIN.md §4.8)', () => {
  it('a JVM that dies mid-write commits nothing: the stored row keeps its earlier state', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'endOfServletService';
          c.database.writeTime = 500;
        }),
        sessions: owner,
        interventions: [inc(1000), crash(1300), inc(3000)],
      },
      5000,
    );
    expect(entries(w, 'db.rollback')[0]!.text).toContain('PluginMember1 died before the commit');
    // tx1 never commits; the plug-in re-sends the GET, so PluginMember2 reads counter 10 from the store.
    expect(entries(w, 'db.begin').map((e) => detailsOf(e).member)).toEqual([
      'PluginMember1',
      'PluginMember2',
      'PluginMember2',
    ]);
    expect(entries(w, 'db.commit').map((e) => detailsOf(e).member)).toEqual([
      'PluginMember2',
      'PluginMember2',
    ]);
    expect(pages(w).map(counterOf)).toEqual([11, 12]);
    expect(entries(w, 'session.readFromStore')).toHaveLength(1);
  });

  it('a non-catastrophic failure rolls back to the state before the write, and the JVM keeps its cache', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'endOfServletService')),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'writeError', member: 'PluginMember1', reason: 'deadlock victim' } },
          inc(1000),
          inc(2000),
        ],
      },
      3000,
    );
    expect(entries(w, 'db.rollback')).toHaveLength(1);
    expect(entries(w, 'session.notWritten')).toHaveLength(1);
    expect(pages(w).map(counterOf)).toEqual([11, 12]);
    expect(entries(w, 'db.commit')).toHaveLength(1);
  });

  it('a write error waiting for a member dies with its JVM: after a restart its writes commit', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'endOfServletService';
          c.memberRuntime.startupTime = 1000;
          c.plugin.cluster.retryInterval = 1;
        }),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'writeError', member: 'PluginMember1' } },
          crash(600),
          { at: 700, action: { kind: 'start', member: 'PluginMember1' } },
          inc(3000),
          inc(4000),
        ],
      },
      5000,
    );
    expect(entries(w, 'db.commit').map((e) => detailsOf(e).member)).toContain('PluginMember1');
    expect(entries(w, 'db.rollback')).toEqual([]);
  });

  it("a write error hits the named member only: another member's write commits", () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'endOfServletService')),
        sessions: [...owner, { user: 'u2', sessionId: 'B2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember2' }],
        interventions: [
          { at: 500, action: { kind: 'writeError', member: 'PluginMember1' } },
          get('u2', 1000),
          inc(2000),
        ],
      },
      3000,
    );
    expect(entries(w, 'db.commit').map((e) => detailsOf(e).member)).toEqual(['PluginMember2']);
    expect(entries(w, 'db.rollback').map((e) => detailsOf(e).member)).toEqual(['PluginMember1']);
  });

  it('a database outage fails writes; reads find nothing and a new session starts', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'endOfServletService')),
        sessions: owner,
        interventions: [{ at: 500, action: { kind: 'databaseDown' } }, inc(1000), crash(1500), inc(2000)],
      },
      3000,
    );
    expect(entries(w, 'session.notWritten')).toHaveLength(2);
    expect(pages(w)[1]).toContain('NEW SESSION');
    expect(entries(w, 'session.create')[0]!.text).toContain('the session store is unavailable');
  });
});

describe('write contents (DOMAIN.md §4.4)', () => {
  const trap = (multiRow: boolean, contents: 'onlyUpdatedAttributes' | 'allSessionAttributes') =>
    run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'endOfServletService';
          c.sessionManager.multiRowSchema = multiRow;
          c.sessionManager.writeContents = contents;
        }),
        sessions: owner,
        interventions: [addInPlace(1000, 'lamp'), crash(2000), get('u1', 3000, { op: { kind: 'view' } })],
      },
      4000,
    );
  const cart = (w: ReturnType<typeof run>) =>
    pages(w)
      .at(-1)
      ?.match(/cart \[(.*)\]/)?.[1];
  it('multi-row + only updated attributes: an object changed in place without setAttribute is lost', () => {
    expect(cart(trap(true, 'onlyUpdatedAttributes'))).toBe('');
  });
  it('single-row + only updated attributes: nothing set, so only the last access is written and the change is lost', () => {
    expect(cart(trap(false, 'onlyUpdatedAttributes'))).toBe('');
  });
  it('all session attributes: the in-place change is written', () => {
    expect(cart(trap(true, 'allSessionAttributes'))).toBe('lamp');
    expect(cart(trap(false, 'allSessionAttributes'))).toBe('lamp');
  });
  it('single-row + only updated: the in-place change is saved when another attribute was set in the same write', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'timeBasedWrite';
          c.sessionManager.writeContents = 'onlyUpdatedAttributes';
        }),
        sessions: owner,
        interventions: [
          addInPlace(1000, 'lamp'),
          inc(2000),
          crash(11000),
          get('u1', 12000, { op: { kind: 'view' } }),
        ],
      },
      13000,
    );
    expect(pages(w).at(-1)).toMatch(/counter 11, cart \[lamp\]/);
  });
  it('multi-row writes one row per touched attribute plus the primary row', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'endOfServletService';
          c.sessionManager.multiRowSchema = true;
        }),
        sessions: owner,
        interventions: [inc(1000)],
      },
      2000,
    );
    expect(entries(w, 'db.begin').at(-1)?.text).toContain('(2 rows)');
  });
});

describe('session identity across members', () => {
  it('without persistence a crash loses the session: the replacement starts a new one', () => {
    const w2 = run(
      {
        config: lab((c) => (c.sessionManager.persistence = 'none')),
        sessions: owner,
        interventions: [crash(500), inc(1000)],
      },
      2000,
    );
    expect(pages(w2)[0]).toContain('NEW SESSION');
    expect(counterOf(pages(w2)[0])).toBe(1);
  });

  it('a member that regains affinity discards its older cached copy (version check) and reads the store', () => {
    const w = run(
      {
        config: lab((c) => {
          c.plugin.cluster.retryInterval = 5;
          c.sessionManager.writeFrequency = 'endOfServletService';
        }),
        sessions: owner,
        interventions: [
          { at: 500, action: { kind: 'hostDown', member: 'PluginMember1' } },
          inc(1000),
          { at: 7000, action: { kind: 'hostUp', member: 'PluginMember1' } },
          inc(12000),
        ],
      },
      14000,
    );
    expect(pages(w).map(counterOf)).toEqual([11, 12]);
    expect(entries(w, 'session.staleCache')).toHaveLength(1);
    const reads = entries(w, 'session.readFromStore').map((e) =>
      e.text
        .match(/cache ID (\d+) → (\d+)/)!
        .slice(1)
        .join('→'),
    );
    expect(reads).toEqual(['0000→0001', '0001→0002']);
  });

  it('NoAffinitySwitchBack keeps the session on the replacement member after the original recovers', () => {
    const w = run(
      {
        config: lab((c) => {
          c.plugin.cluster.retryInterval = 5;
          c.sessionManager.noAffinitySwitchBack = true;
          c.memberRuntime.startupTime = 1000;
        }),
        sessions: owner,
        interventions: [
          crash(500),
          inc(1000),
          { at: 2000, action: { kind: 'start', member: 'PluginMember1' } },
          inc(12000),
        ],
      },
      14000,
    );
    expect(entries(w, 'browser.page').map((e) => detailsOf(e).servedBy)).toEqual([
      'PluginMember2',
      'PluginMember2',
    ]);
    expect(
      entries(w, 'http.response')
        .filter((e) => e.actor === 'PluginMember2')
        .at(-1)?.text,
    ).toContain(':v');
    const cookie = entries(w, 'http.response').filter((e) => e.actor === 'PluginMember2')[0]!.text;
    const clones = cookie
      .match(/JSESSIONID \d{4}[\w-]{23}((?::\w+)+)/)![1]!
      .split(':')
      .filter(Boolean);
    const cfg = defaultConfig();
    expect(clones[0]).toBe(cfg.plugin.cluster.servers[1]!.cloneId);
  });

  it('URL rewriting carries the session when cookies are off', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.enableCookies = false;
          c.sessionManager.enableUrlRewriting = true;
        }),
        interventions: [inc(0), inc(1000)],
      },
      2000,
    );
    expect(pages(w).map(counterOf)).toEqual([1, 2]);
    expect(entries(w, 'plugin.step').some((e) => e.text.includes('URL parameter jsessionid'))).toBe(true);
  });

  it('a session that exists at the start reaches a cookie-less browser in rewritten links, not a cookie', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.enableCookies = false;
          c.sessionManager.enableUrlRewriting = true;
        }),
        sessions: owner,
        interventions: [inc(500)],
      },
      1000,
    );
    expect(entries(w, 'http.request')[0]!.text).toContain(';jsessionid=0000A2MB4IJozU_VM8IffsMNfdR:');
    expect(entries(w, 'http.request')[0]!.text).not.toContain('[JSESSIONID');
    expect(pages(w).map(counterOf)).toEqual([11]);
  });

  it('with cookies and URL rewriting both off no session reaches the server: every request starts a new one', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.enableCookies = false)),
        sessions: owner,
        interventions: [inc(500)],
      },
      1000,
    );
    expect(entries(w, 'session.create')).toHaveLength(1);
    expect(pages(w).map(counterOf)).toEqual([1]);
  });

  it('a page shows the session as its own request left it, not as a later concurrent request did', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.serviceTime = 3000)),
        sessions: owner,
        interventions: [inc(500), inc(600), inc(700)],
      },
      5000,
    );
    expect(pages(w).map(counterOf)).toEqual([11, 12, 13]);
  });

  it('evicts the least recently used session when the cache is full', () => {
    const users = ['u1', 'u2', 'u3'];
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.maxInMemorySessionCount = 2;
          c.plugin.cluster.servers[1]!.loadBalanceWeight = 0;
        }),
        interventions: users.map((u, i) => get(u, i * 500)),
      },
      2000,
    );
    // When u3's session arrives, u1's (used at 0 s) is the least recently used of the three.
    const evicted = entries(w, 'session.evict');
    expect(evicted).toHaveLength(1);
    const sessionOf = (u: string) =>
      entries(w, 'browser.page').find((e) => e.actor === `browser:${u}`)!.data?.session;
    expect(detailsOf(evicted[0]!).session).toBe(sessionOf('u1'));
  });

  it('a session used again moves to the recent end: the one unused longest is evicted, not the oldest', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.maxInMemorySessionCount = 2;
          c.plugin.cluster.servers[1]!.loadBalanceWeight = 0;
        }),
        // u1 is created first but used again at 1 s, after u2: u2's is the least recently used when u3 comes.
        interventions: [get('u1', 0), get('u2', 500), get('u1', 1000), get('u3', 1500)],
      },
      2500,
    );
    const sessionOf = (u: string) =>
      entries(w, 'browser.page').find((e) => e.actor === `browser:${u}`)!.data?.session;
    expect(entries(w, 'session.evict').map((e) => detailsOf(e).session)).toEqual([sessionOf('u2')]);
  });
});

describe('tuning levels (DOMAIN.md §4.6)', () => {
  it('sets write frequency, interval, contents and cleanup together', () => {
    const sm = defaultConfig().sessionManager;
    expect(applyTuningLevel(sm, 'low')).toMatchObject({
      writeFrequency: 'endOfServletService',
      writeContents: 'allSessionAttributes',
    });
    expect(applyTuningLevel(sm, 'veryHigh')).toMatchObject({
      writeFrequency: 'timeBasedWrite',
      writeInterval: 300,
      scheduledCleanup: true,
    });
    expect(applyTuningLevel(sm, 'custom').writeInterval).toBe(sm.writeInterval);
  });
});

describe('session timeout (DOMAIN.md §4.5, §4.7)', () => {
  it('the store expires a session from its LASTACCESS and deletes the rows; members drop idle copies; the user starts over', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.sessionTimeout = 2)),
        interventions: [inc(0), inc(60000), inc(250000)],
      },
      260000,
    );
    const invalidated = entries(w, 'session.invalidated');
    expect(invalidated.map((e) => e.actor)).toEqual(['database']);
    // Last access at 60 s, timeout 120 s, the invalidator runs every 60 s: deleted at 240 s.
    expect(invalidated[0]!.t).toBe(240000);
    expect(entries(w, 'session.cacheDropped')).toHaveLength(1);
    expect(pages(w).map(counterOf)).toEqual([1, 2, 1]);
    expect(w.lostUpdates()).toEqual([]);
  });

  it('with scheduled cleanup expired rows stay outside the cleanup hours, yet the expired session is not served again', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.sessionTimeout = 2;
          c.sessionManager.scheduledCleanup = true;
        }),
        sessions: owner,
        interventions: [inc(0), inc(200000)],
      },
      210000,
    );
    expect(entries(w, 'session.invalidated')).toHaveLength(0);
    expect(entries(w, 'session.readResult').at(-1)!.text).toContain('no rows');
    expect(pages(w)[1]).toContain('NEW SESSION');
  });

  it('a stale idle copy on another member does not end a session that is still in use', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.sessionTimeout = 2;
          c.sessionManager.writeFrequency = 'endOfServletService';
          c.plugin.cluster.retryInterval = 10;
          c.memberRuntime.startupTime = 1000;
        }),
        sessions: owner,
        interventions: [
          crash(500),
          inc(1000),
          { at: 2000, action: { kind: 'start', member: 'PluginMember1' } },
          ...[30, 60, 90, 120, 150, 180, 210].map((s) => inc(s * 1000)),
          crash(215000),
          inc(220000),
        ],
      },
      230000,
    );
    // PluginMember2's copy went idle after 1 s and is dropped; the session itself stays alive.
    expect(entries(w, 'session.cacheDropped').some((e) => e.actor === 'PluginMember2')).toBe(true);
    expect(entries(w, 'session.invalidated')).toHaveLength(0);
    expect(pages(w).map(counterOf)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});

describe('timers in parallel regions', () => {
  it('heartbeats do not restart the time-based writer (each region keeps its own cadence)', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.writeFrequency = 'timeBasedWrite';
          c.sessionManager.writeInterval = 20;
        }),
        sessions: owner,
        interventions: [inc(1000), inc(25000)],
      },
      60000,
    );
    expect(entries(w, 'session.write').map((e) => e.t)).toEqual([20000, 40000]);
  });
});

describe('in-memory sessions and overflow (DOMAIN.md §4.7)', () => {
  const three = ['u1', 'u2', 'u3'].map((u, i) => get(u, i * 500));
  const inMemory = (allowOverflow: boolean) =>
    lab((c) => {
      c.sessionManager.persistence = 'none';
      c.sessionManager.maxInMemorySessionCount = 2;
      c.sessionManager.allowOverflow = allowOverflow;
      c.plugin.cluster.servers[1]!.loadBalanceWeight = 0;
    });
  it('with overflow allowed the table grows past the maximum; nothing is evicted', () => {
    const w = run({ config: inMemory(true), interventions: three }, 3000);
    expect(entries(w, 'session.evict')).toHaveLength(0);
    expect(pages(w, 'u3')[0]).toContain('200');
  });
  it('without overflow a new session past the maximum is invalid, and the application fails', () => {
    const w = run({ config: inMemory(false), interventions: three }, 3000);
    expect(entries(w, 'session.overflow')).toHaveLength(1);
    expect(pages(w, 'u3')[0]).toContain('500 Internal Server Error: java.lang.IllegalStateException');
  });
});

describe('tuning level', () => {
  it('a predefined level overrides the individual write settings', () => {
    const w = run(
      {
        config: lab((c) => {
          c.sessionManager.tuningLevel = 'low';
          c.sessionManager.writeFrequency = 'timeBasedWrite';
        }),
        sessions: owner,
        interventions: [inc(1000), crash(1500), inc(2000)],
      },
      3000,
    );
    // Low = end of servlet service, all attributes: the update at 1 s survives the crash.
    expect(pages(w).map(counterOf)).toEqual([11, 12]);
  });
});

describe('clean stop (DOMAIN.md §4.3)', () => {
  const stop = (at: number): Intervention => ({ at, action: { kind: 'stop', member: 'PluginMember1' } });
  it('requests already inside the web container finish; they are not reset and re-sent', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.serviceTime = 500)),
        sessions: owner,
        interventions: [inc(1000), stop(1200)],
      },
      5000,
    );
    expect(pages(w)[0]).toMatch(/from PluginMember1.*counter 11/);
    expect(entries(w, 'tcp.reset')).toHaveLength(0);
  });
  it('manual-update sessions are not flushed: only sync() writes them', () => {
    const w = run(
      {
        config: lab((c) => (c.sessionManager.writeFrequency = 'manualUpdate')),
        sessions: owner,
        interventions: [inc(1000), stop(2000), inc(6000)],
      },
      8000,
    );
    expect(entries(w, 'session.write')).toHaveLength(0);
    expect(pages(w).map(counterOf)).toEqual([11, 11]);
  });
  it('with memory-to-memory and time-based writes the stop replicates what is not yet replicated', () => {
    const w = run(
      {
        config: lab(
          (c) => {
            c.sessionManager.persistence = 'memoryToMemory';
            c.sessionManager.writeFrequency = 'timeBasedWrite';
            c.plugin.cluster.getDWLMTable = true;
            c.plugin.cluster.servers.forEach((s, i) => (s.loadBalanceWeight = i === 0 ? 2 : 0));
          },
          { members: 3 },
        ),
        interventions: [get('u1', 1000), get('u1', 2000), stop(3000), get('u1', 8000)],
      },
      9000,
    );
    expect(
      entries(w, 'replica.update').filter((e) => e.t >= 3000 && e.actor === 'PluginMember1').length,
    ).toBeGreaterThan(0);
    expect(pages(w).map(counterOf)).toEqual([1, 2, 3]);
    expect(w.lostUpdates()).toEqual([]);
  });
});
