import { describe, expect, it } from 'vitest';
import {
  affinityCandidates,
  connectTimeoutMs,
  failoverPick,
  isBodyResendable,
  isIoTimeoutRetryAllowed,
  isMemberUsable,
  routeOf,
  serverIOTimeoutMs,
  sessionIdentification,
  streamAttempt,
  tryAnywayTarget,
} from '../../src/model/pluginRequestRules.ts';
import { cluster, request, walk, withServer } from './pluginWalk.ts';

const c = cluster();
const [m1, m2, m3] = c.servers;
const marked = (retryAt: number) => ({ markedDown: true, retryAt });

describe('affinity candidates (step 4)', () => {
  it('names a member by its clone ID and says when no server has the token', () => {
    expect(affinityCandidates([m2!.cloneId, 'nosuch'], c, null)).toEqual([
      {
        token: m2!.cloneId,
        member: 'PluginMember2',
        note: `CloneID ${m2!.cloneId} belongs to PluginMember2`,
      },
      { token: 'nosuch', member: null, note: 'no server has CloneID nosuch' },
    ]);
  });

  it('maps a partition ID only with GetDWLMTable and a partition table (PK48101)', () => {
    const pid = m1!.partitionId;
    expect(affinityCandidates([pid], c, null)[0]!.note).toContain('GetDWLMTable is false');
    const dwlm = cluster((x) => (x.getDWLMTable = true));
    expect(affinityCandidates([pid], dwlm, null)[0]).toMatchObject({
      member: null,
      note: expect.stringContaining('PK48101'),
    });
    const partitions = { viewId: 1, table: { [pid]: ['PluginMember3', 'PluginMember1'] } };
    expect(affinityCandidates([pid], dwlm, partitions).map((x) => [x.member, x.note])).toEqual([
      ['PluginMember3', `partition ${pid} belongs to PluginMember3`],
      ['PluginMember1', `partition ${pid}: PluginMember1 holds its backup (hot failover)`],
    ]);
  });
});

describe('route and session identification (steps 2 and 3)', () => {
  it('sends the request to the cluster only when a Route matches its host and port', () => {
    expect(routeOf(walk()).cluster?.name).toBe('PluginCluster');
    expect(routeOf(walk({ request: request({ port: 8080 }) }))).toEqual({ cluster: null, uri: null });
  });

  it('reads the clone IDs from the cookie before the URL', () => {
    const cookie = `0000A2MB4IJozU_VM8IffsMNfdR:${m1!.cloneId}:${m2!.cloneId}`;
    const fromCookie = sessionIdentification(
      walk({
        request: request({
          cookies: { JSESSIONID: cookie },
          url: `/shop/cart;jsessionid=0000X:${m3!.cloneId}`,
        }),
      }),
    );
    expect(fromCookie.sessionSource).toBe('cookie');
    expect(fromCookie.cloneIds).toEqual([m1!.cloneId, m2!.cloneId]);
    expect(fromCookie.candidates.map((x) => x.member)).toEqual(['PluginMember1', 'PluginMember2']);
    const fromUrl = sessionIdentification(
      walk({ request: request({ url: `/shop/cart;jsessionid=0000X:${m3!.cloneId}` }) }),
    );
    expect(fromUrl).toMatchObject({ sessionSource: 'url', cloneIds: [m3!.cloneId] });
    expect(sessionIdentification(walk())).toEqual({ cloneIds: [], candidates: [], sessionSource: null });
  });
});

describe('usable members and re-sendable bodies', () => {
  it('a member at MaxConnections or marked down within its retry interval is not usable', () => {
    const busy = cluster((x) => (x.servers[0]!.maxConnections = 2));
    const w = walk({}, busy);
    expect(isMemberUsable(w, 'PluginMember1')).toBe(true);
    expect(
      isMemberUsable(
        { ...w, table: withServer(w.table, 'PluginMember1', { pendingConnections: 2 }) },
        'PluginMember1',
      ),
    ).toBe(false);
    expect(
      isMemberUsable({ ...w, table: withServer(w.table, 'PluginMember2', marked(20000)) }, 'PluginMember2'),
    ).toBe(false);
    expect(
      isMemberUsable({ ...w, table: withServer(w.table, 'PluginMember2', marked(5000)) }, 'PluginMember2'),
    ).toBe(true);
    expect(isMemberUsable(w, null)).toBe(false);
  });

  it('a body not yet sent can go anywhere; once sent, only what PostBufferSize kept', () => {
    const post = (bodyKB: number, postBufferSize: number, bodyConsumed = true) =>
      isBodyResendable(
        walk(
          { request: request({ method: 'POST', bodyKB }), bodyConsumed },
          cluster((x) => (x.postBufferSize = postBufferSize)),
        ),
      );
    expect(post(100, 0, false)).toBe(true);
    expect(post(100, 64)).toBe(false);
    expect(post(64, 64)).toBe(true);
    expect(post(100, -1)).toBe(true);
    expect(post(1, 0)).toBe(false);
  });
});

describe('timeouts', () => {
  it('ConnectTimeout in ms, or the operating system limit when unset or 0', () => {
    expect(
      connectTimeoutMs(
        walk(
          { member: 'PluginMember1' },
          cluster((x) => (x.servers[0]!.connectTimeout = 5)),
        ),
      ),
    ).toBe(5000);
    expect(
      connectTimeoutMs(
        walk(
          { member: 'PluginMember1' },
          cluster((x) => (x.servers[0]!.connectTimeout = 0)),
        ),
      ),
    ).toBe(75000);
    expect(
      connectTimeoutMs(
        walk(
          { member: 'PluginMember1' },
          cluster((x) => (x.servers[0]!.connectTimeout = null)),
        ),
      ),
    ).toBe(75000);
  });

  it('a negative ServerIOTimeout waits as long as a positive one, and ServerIOTimeoutRetry caps the retries', () => {
    expect(
      serverIOTimeoutMs(
        walk(
          { member: 'PluginMember1' },
          cluster((x) => (x.servers[0]!.serverIOTimeout = -30)),
        ),
      ),
    ).toBe(30000);
    expect(isIoTimeoutRetryAllowed(walk({ ioTimeoutRetries: 5 }))).toBe(true);
    const once = cluster((x) => (x.serverIOTimeoutRetry = 1));
    expect(isIoTimeoutRetryAllowed(walk({ ioTimeoutRetries: 0 }, once))).toBe(true);
    expect(isIoTimeoutRetryAllowed(walk({ ioTimeoutRetries: 1 }, once))).toBe(false);
  });
});

describe('an attempt on a member (steps 6 and 10)', () => {
  it('takes a pooled stream when the queue has one, unless the last one to that member just broke', () => {
    const w = walk({
      member: 'PluginMember2',
      attempt: 1,
      tried: ['PluginMember2'],
      attempted: ['PluginMember2'],
    });
    const pooled = { ...w, table: withServer(w.table, 'PluginMember2', { pooledStreams: 1 }) };
    expect(streamAttempt(pooled)).toEqual({
      handshakeDone: false,
      probing: false,
      pooled: true,
      tried: ['PluginMember2'],
      attempted: ['PluginMember2'],
      attempt: 2,
      connId: 'ihs#1.w7.2',
    });
    expect(streamAttempt({ ...pooled, retryingSame: true }).pooled).toBe(false);
  });

  it('an attempt on a marked-down member is its probe', () => {
    const w = walk({ member: 'PluginMember3' });
    const a = streamAttempt({ ...w, table: withServer(w.table, 'PluginMember3', marked(5000)) });
    expect(a).toMatchObject({
      probing: true,
      tried: ['PluginMember3'],
      attempted: ['PluginMember3'],
      connId: 'ihs#1.w7.1',
    });
  });
});

describe('the replacement member (step 9)', () => {
  const candidates = affinityCandidates([m1!.cloneId, m3!.cloneId], c, null);

  it('takes the session’s next clone ID first', () => {
    const pick = failoverPick(walk({ candidates, failedMember: 'PluginMember1', tried: ['PluginMember1'] }));
    expect(pick).toEqual({
      lastPick: { member: 'PluginMember3', reset: false, choice: 'affinity' },
      member: 'PluginMember3',
      viaAffinity: true,
      tryingAnyway: false,
    });
  });

  it('falls back to the server lists when the next clone ID names an unusable member', () => {
    const w = walk({ candidates, failedMember: 'PluginMember1', tried: ['PluginMember1'] });
    const pick = failoverPick({ ...w, table: withServer(w.table, 'PluginMember3', marked(20000)) });
    expect(pick).toMatchObject({ member: 'PluginMember2', viaAffinity: false, sameMemberRetried: false });
    expect(pick.lastPick?.choice).not.toBe('affinity');
  });

  it('has no pick once every member was tried', () => {
    const tried = ['PluginMember1', 'PluginMember2', 'PluginMember3'];
    expect(failoverPick(walk({ candidates, failedMember: 'PluginMember3', tried })).lastPick).toBeNull();
  });
});

describe('PH46938: trying a member when all are marked down', () => {
  it('goes to the session’s own members first, then the primary list, then the backups', () => {
    const withBackup = cluster((x) => (x.servers[0]!.role = 'backup'));
    const own = affinityCandidates([m3!.cloneId], withBackup, null);
    expect(tryAnywayTarget(walk({ candidates: own }, withBackup))).toBe('PluginMember3');
    expect(tryAnywayTarget(walk({ candidates: own, attempted: ['PluginMember3'] }, withBackup))).toBe(
      'PluginMember2',
    );
    expect(tryAnywayTarget(walk({ attempted: ['PluginMember2', 'PluginMember3'] }, withBackup))).toBe(
      'PluginMember1',
    );
    expect(
      tryAnywayTarget(walk({ attempted: ['PluginMember1', 'PluginMember2', 'PluginMember3'] })),
    ).toBeNull();
  });
});
