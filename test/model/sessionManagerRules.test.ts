// The session manager's rules as pure functions (DOMAIN.md §3.1, §4.2, §4.5, §4.7), on a member's state
// taken from a real run and varied one field at a time.
import { describe, expect, it } from 'vitest';
import type { ActiveRequest, ClusterMemberContext } from '../../src/model/clusterMemberMachine.ts';
import type { AppOperation } from '../../src/model/http.ts';
import { emptyTable, withEntry } from '../../src/model/mapEntries.ts';
import { newSession } from '../../src/model/sessionData.ts';
import {
  evictionVictim,
  expiredSessions,
  isCurrent,
  whereToLook,
  writePoint,
} from '../../src/model/sessionManagerRules.ts';
import { lab, run } from '../helpers.ts';

const SID = 'A2MB4IJozU_VM8IffsMNfdR';

/** PluginMember1 at t=0 with u1's session (cache ID 0000) in its cache, database persistence. */
function member(change: (c: ClusterMemberContext) => ClusterMemberContext = (c) => c): ClusterMemberContext {
  const w = run(
    { config: lab(), sessions: [{ user: 'u1', sessionId: SID, member: 'PluginMember1', counter: 1 }] },
    0,
  );
  return change(w.snapshotOf('PluginMember1')!.context as ClusterMemberContext);
}

function request(asked: string | null, version = 0, op: AppOperation = { kind: 'view' }): ActiveRequest {
  return {
    connId: 'c1',
    actor: 'PluginMember1/c1',
    replyTo: 'ihs#1/r1',
    request: { id: 'u1.1', user: 'u1', method: 'GET', url: '/shop/cart', cookies: {}, op } as never,
    askedSessionId: asked,
    askedVersion: version,
    askedCloneIds: [],
    sessionId: null,
    newSession: false,
    readFromStore: false,
  };
}

describe('the version check', () => {
  it('serves a cached copy unless the request carries a newer cache ID', () => {
    expect(isCurrent({ version: 3 }, 3)).toBe(true);
    expect(isCurrent({ version: 4 }, 3)).toBe(true);
    expect(isCurrent({ version: 2 }, 3)).toBe(false);
  });
});

describe('where getSession looks', () => {
  it('the cache when its copy is current, else the store', () => {
    const c = member();
    expect(whereToLook(c, request(SID, 0))).toBe('cache');
    expect(whereToLook(c, request(SID, 1))).toBe('store');
    expect(whereToLook(c, request('ZZZZZZZZZZZZZZZZZZZZZZZ'))).toBe('store');
  });

  it('memory-to-memory: the backups and the other members; no store: a new session', () => {
    const m2m = member((c) => ({
      ...c,
      sessionManager: { ...c.sessionManager, persistence: 'memoryToMemory' },
    }));
    expect(whereToLook(m2m, request('ZZZZZZZZZZZZZZZZZZZZZZZ'))).toBe('replicas');
    const none = member((c) => ({
      ...c,
      sessionManager: { ...c.sessionManager, persistence: 'none' },
      store: null,
    }));
    expect(whereToLook(none, request('ZZZZZZZZZZZZZZZZZZZZZZZ'))).toBe('new');
    expect(whereToLook(none, request(null))).toBe('new');
  });

  it('a logout without a session needs none; a login starts again whatever it carries', () => {
    const none = member((c) => ({
      ...c,
      sessionManager: { ...c.sessionManager, persistence: 'none' },
      store: null,
    }));
    expect(whereToLook(none, request(null, 0, { kind: 'logout' }))).toBe('none');
    expect(whereToLook(member(), request(SID, 0, { kind: 'login' }))).toBe('relogin');
  });
});

describe('write points', () => {
  const old = { isNew: false };
  const fresh = { isNew: true };
  it('end of servlet service writes at every end of service', () => {
    expect(writePoint({ writeFrequency: 'endOfServletService' }, old, { kind: 'view' })).toBe(
      'end-of-service',
    );
  });
  it("time-based writes write only a new session's first time", () => {
    expect(writePoint({ writeFrequency: 'timeBasedWrite' }, old, { kind: 'increment' })).toBeNull();
    expect(writePoint({ writeFrequency: 'timeBasedWrite' }, fresh, { kind: 'view' })).toBe('first');
  });
  it('manual update writes at sync()', () => {
    expect(writePoint({ writeFrequency: 'manualUpdate' }, old, { kind: 'increment' })).toBeNull();
    expect(writePoint({ writeFrequency: 'manualUpdate' }, old, { kind: 'sync' })).toBe('end-of-service');
  });
});

describe('a full cache and idle sessions', () => {
  const three = (c: ClusterMemberContext): ClusterMemberContext => ({
    ...c,
    sessionManager: { ...c.sessionManager, maxInMemorySessionCount: 2, sessionTimeout: 1 },
    cache: c.cache.set('S1', { ...newSession('S1', 0), lastAccess: 0 }).set('S2', newSession('S2', 50000)),
    lru: [SID, 'S1', 'S2'],
  });

  it('gives up the least recently used session no request is using', () => {
    expect(evictionVictim(member(three))).toBe(SID);
    const busy = member((c) => ({
      ...three(c),
      requests: withEntry(emptyTable<ActiveRequest>(), 'c1', { ...request(SID), sessionId: SID }),
    }));
    expect(evictionVictim(busy)).toBe('S1');
    expect(evictionVictim(member())).toBeNull();
  });

  it('the invalidator takes sessions idle for the session timeout, oldest first, none in use', () => {
    const c = member(three);
    expect(expiredSessions(c, 60000).map((s) => s.id)).toEqual([SID, 'S1']);
    expect(expiredSessions(c, 59999).map((s) => s.id)).toEqual([]);
    const busy = {
      ...c,
      requests: withEntry(emptyTable<ActiveRequest>(), 'c1', { ...request(SID), sessionId: 'S1' }),
    };
    expect(expiredSessions(busy, 60000).map((s) => s.id)).toEqual([SID]);
  });
});
