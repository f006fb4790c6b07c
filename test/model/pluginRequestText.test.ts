import { describe, expect, it } from 'vitest';
import { affinityCandidates } from '../../src/model/pluginRequestRules.ts';
import {
  affinityMemberText,
  balanceText,
  errorResponse,
  postDataLostOutcome,
  replacementReason,
  requestText,
  routeText,
  sessionIdText,
  skipText,
} from '../../src/model/pluginRequestText.ts';
import { cluster, request, walk, withServer } from './pluginWalk.ts';

const c = cluster();

describe('the narration of a walk', () => {
  it('step 2 names the URI and ServerCluster, or says the web server keeps the request', () => {
    const w = walk({ request: request({ url: '/shop/cart;jsessionid=0000X:abc?x=1' }) });
    expect(routeText(w)).toBe('www.example.com:80/shop/cart matches URI /* → ServerCluster PluginCluster');
    expect(routeText({ ...w, cluster: null })).toBe(
      'no Route matches www.example.com:80/shop/cart;jsessionid=0000X:abc?x=1; the web server serves it itself',
    );
  });

  it('step 3 tells a session without clone IDs from no session at all', () => {
    expect(sessionIdText(walk({ cloneIds: ['v1', 'v2'], sessionSource: 'cookie' }))).toBe(
      'session identification in the cookie JSESSIONID: clone IDs v1, v2',
    );
    expect(sessionIdText(walk({ cloneIds: ['v1'], sessionSource: 'url' }))).toContain(
      'URL parameter jsessionid',
    );
    expect(sessionIdText(walk({ sessionSource: 'cookie' }))).toBe(
      'session identification carries no clone ID: no affinity',
    );
    expect(sessionIdText(walk())).toBe('no session identification: no affinity, load balance');
  });

  it('step 5 gives the time left in the retry interval, to a tenth of a second', () => {
    const w = walk({ affinityMember: 'PluginMember1' });
    const down = {
      ...w,
      table: withServer(w.table, 'PluginMember1', { markedDown: true, retryAt: w.now + 12345 }),
    };
    expect(affinityMemberText(down)).toBe('PluginMember1 is marked down (retry in 12.3s)');
    const due = {
      ...w,
      table: withServer(w.table, 'PluginMember1', { markedDown: true, retryAt: w.now - 1 }),
    };
    expect(affinityMemberText(due)).toBe(
      'PluginMember1 is marked down but its retry interval is over: try it',
    );
    expect(affinityMemberText(w)).toBe('PluginMember1 is not marked down');
    expect(affinityMemberText(walk({ affinityMember: 'Elsewhere' }))).toBe('Elsewhere unknown');
  });

  it('step 8 shows the full retry interval when this walk marked the member down', () => {
    const w = walk({ failedMember: 'PluginMember2', markedDownHere: true });
    expect(skipText(w)).toBe('skip PluginMember2: marked down, retry timer 60.0s');
    const earlier = {
      ...w,
      markedDownHere: false,
      table: withServer(w.table, 'PluginMember2', { markedDown: true, retryAt: w.now + 4000 }),
    };
    expect(skipText(earlier)).toBe('skip PluginMember2: marked down, retry timer 4.0s');
    expect(skipText({ ...w, markedDownHere: false })).toBe('skip PluginMember2: it failed this request');
  });

  it('step 9 says how the replacement was found', () => {
    const m3 = c.servers[2]!;
    const candidates = affinityCandidates([m3.cloneId], c, null);
    const pick = (choice: 'affinity' | 'backup' | 'nextInList' | 'spread') =>
      replacementReason(walk({ candidates, lastPick: { member: 'PluginMember3', reset: false, choice } }));
    expect(pick('affinity')).toBe(`: CloneID ${m3.cloneId} belongs to PluginMember3`);
    expect(pick('nextInList')).toBe(` (CloneID ${m3.cloneId}; next in the primary server list)`);
    expect(pick('backup')).toContain('first usable server in the BackupServers list');
    expect(pick('spread')).toContain('spread by load balancing, PM12112');
    expect(replacementReason(walk())).toBe('');
  });
});

describe('messages and answers', () => {
  it('a request sent by affinity carries the clone ID that sent it', () => {
    const w = walk({
      candidates: [{ token: 'v9', member: 'PluginMember1', note: '' }],
      member: 'PluginMember1',
      viaAffinity: true,
    });
    expect(requestText(w)).toBe('GET /shop/cart [affinity v9]');
    expect(requestText({ ...w, viaAffinity: false })).toBe('GET /shop/cart');
  });

  it('after a failover by affinity, names the clone ID of the member it went to, not the first one', () => {
    const w = walk({
      candidates: [
        { token: 'v1', member: 'PluginMember1', note: '' },
        { token: 'v2', member: 'PluginMember2', note: '' },
      ],
      affinityIndex: 0,
      member: 'PluginMember2',
      viaAffinity: true,
    });
    expect(requestText(w)).toBe('GET /shop/cart [affinity v2]');
  });

  it('says a backup server takes over because no primary is usable, not that load balancing picked it', () => {
    const withBackup = cluster((c) => (c.servers[2]!.role = 'backup'));
    const w = walk({ cluster: withBackup, lastPick: { member: 'PluginMember3', reset: false } });
    expect(balanceText(w)).toBe('no primary server is usable: next backup server PluginMember3');
    expect(balanceText({ ...w, lastPick: { member: 'PluginMember1', reset: true } })).toBe(
      'Round Robin picks PluginMember1 (weights readjusted)',
    );
  });

  it('says whether PostBufferSize kept nothing or too little of a lost POST body', () => {
    const post = request({ method: 'POST', bodyKB: 100 });
    expect(
      postDataLostOutcome(
        walk(
          { request: post },
          cluster((x) => (x.postBufferSize = 0)),
        ),
      ).message,
    ).toMatch(/^PostBufferSize is 0: the 100 KB body was not buffered/);
    expect(postDataLostOutcome(walk({ request: post })).message).toMatch(/larger than PostBufferSize 64 KB/);
  });

  it('answers from the web server process with the outcome’s status, 500 when none was set', () => {
    const r = errorResponse(
      walk({ outcome: { status: 503, title: 'Service Unavailable', message: 'busy' } }),
    );
    expect(r).toMatchObject({ requestId: 'r1', status: 503, servedBy: 'ihs#1' });
    expect(r.page.title).toBe('503 Service Unavailable');
    expect(errorResponse(walk()).status).toBe(500);
  });
});
