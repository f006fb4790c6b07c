import { describe, expect, it } from 'vitest';
import {
  connectRefusedLine,
  markDownStatsLine,
  markingDownLine,
  responseTimeoutLine,
  tryAnotherLine,
} from '../../src/model/pluginLogLines.ts';
import { cluster, request, walk, withServer } from './pluginWalk.ts';

describe('the plug-in log lines of a walk (DOMAIN.md §2.5)', () => {
  it('names a server as node_member, and the host it could not reach', () => {
    const w = walk({ member: 'PluginMember2', failedMember: 'PluginMember2' });
    expect(markingDownLine(w)).toBe(
      'ERROR: ws_server: serverSetFailoverStatus: Marking was2node_PluginMember2 down',
    );
    expect(connectRefusedLine(w)).toBe(
      "ERROR: ws_common: websphereGetStream: Failed to connect to app server on host 'app2.example.com', OS err=10061",
    );
    // The product's own line has no space before "on host".
    expect(tryAnotherLine(w)).toBe(
      "ERROR: ws_common: websphereHandleRequest: Failed to execute the transaction to 'was2node_PluginMember2'on host 'app2.example.com'; will try another one",
    );
  });

  it('counts the failure in the STATS line: the request no longer pending, one more failed connection', () => {
    const w = walk({ member: 'PluginMember1' });
    const table = withServer(w.table, 'PluginMember1', {
      pendingConnections: 3,
      failedConnections: 1,
      affinityConnections: 2,
      totalConnections: 9,
    });
    expect(markDownStatsLine({ ...w, table })).toBe(
      'STATS: ws_server: serverSetFailoverStatus: Server was1node_PluginMember1 : pendingConnections 2 failedConnections 2 affinityConnections 2 totalConnections 9.',
    );
    expect(markDownStatsLine(w)).toContain('pendingConnections 0 failedConnections 1 ');
  });

  it('says whether a ServerIOTimeout will be retried: ServerIOTimeoutRetry and a re-sendable body both decide', () => {
    const timed = cluster((x) => (x.servers[0]!.serverIOTimeout = -30));
    const w = walk({ member: 'PluginMember1', ioTimeoutRetries: 1 }, timed);
    expect(responseTimeoutLine(w)).toBe(
      'ERROR: ServerIOTimeout fired. Time out 30. retry count 1. serverIOTimeoutRetry -1, retry YES',
    );
    const capped = cluster((x) => {
      x.servers[0]!.serverIOTimeout = -30;
      x.serverIOTimeoutRetry = 1;
    });
    expect(responseTimeoutLine(walk({ member: 'PluginMember1', ioTimeoutRetries: 1 }, capped))).toMatch(
      /serverIOTimeoutRetry 1, retry NO$/,
    );
    const lost = walk({ ...w, request: request({ method: 'POST', bodyKB: 100 }), bodyConsumed: true }, timed);
    expect(responseTimeoutLine(lost)).toMatch(/retry NO$/);
  });
});
