import { describe, expect, it } from 'vitest';
import { defaultConfig, defaultServer } from '../../src/model/config.ts';
import {
  initialServerTable,
  isUsable,
  matchRoute,
  pickFailoverTarget,
  pickWeightedRoundRobin,
  primaryServers,
  resetWeights,
  type ServerTable,
} from '../../src/model/routing.ts';

const config = defaultConfig({ members: 3 });
const cluster = config.plugin.cluster;

function assignTo(t: ServerTable, member: string): ServerTable {
  const s = t.servers[member]!;
  const at = primaryServers(cluster).findIndex((x) => x.memberName === member);
  return { ...t, rrIndex: (at + 1) % 3, servers: { ...t.servers, [member]: { ...s, weight: s.weight - 1 } } };
}

describe('route matching', () => {
  it('takes the route with the most matched characters', () => {
    const plugin = {
      ...config.plugin,
      uriGroups: [
        {
          name: 'g',
          uris: [
            { name: '/*', affinityCookie: 'JSESSIONID', affinityURLIdentifier: 'jsessionid' },
            { name: '/shop/*', affinityCookie: 'SHOPID', affinityURLIdentifier: 'jsessionid' },
          ],
        },
      ],
      routes: [{ virtualHostGroup: 'default_host', uriGroup: 'g', serverCluster: 'PluginCluster' }],
    };
    expect(matchRoute(plugin, 'www.example.com', 80, '/shop/cart')?.uri.affinityCookie).toBe('SHOPID');
    expect(matchRoute(plugin, 'www.example.com', 80, '/other')?.uri.name).toBe('/*');
    expect(matchRoute(plugin, 'www.example.com', 8080, '/shop/cart')).toBeNull();
  });
});

describe('weighted round robin', () => {
  it('spreads requests in proportion to the weights and readjusts when all reach zero', () => {
    const c = {
      ...cluster,
      servers: [defaultServer(0, { loadBalanceWeight: 2 }), defaultServer(1, { loadBalanceWeight: 4 })],
    };
    let t = initialServerTable(c, 0);
    const counts: Record<string, number> = {};
    let resets = 0;
    for (let i = 0; i < 60; i++) {
      const pick = pickWeightedRoundRobin(t, c, primaryServers(c), 0)!;
      if (pick.reset) {
        t = resetWeights(t, c);
        resets++;
      }
      counts[pick.member] = (counts[pick.member] ?? 0) + 1;
      const s = t.servers[pick.member]!;
      const at = c.servers.findIndex((x) => x.memberName === pick.member);
      t = {
        ...t,
        rrIndex: (at + 1) % 2,
        servers: { ...t.servers, [pick.member]: { ...s, weight: s.weight - 1 } },
      };
    }
    expect(counts).toEqual({ PluginMember1: 20, PluginMember2: 40 });
    expect(resets).toBe(9);
  });
  it('continues from the round-robin position', () => {
    let t = initialServerTable(cluster, 1);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = pickWeightedRoundRobin(t, cluster, primaryServers(cluster), 0)!.member;
      order.push(m);
      t = assignTo(t, m);
    }
    expect(order).toEqual(['PluginMember2', 'PluginMember3', 'PluginMember1']);
  });
  it('skips a member marked down until its retry interval is over', () => {
    const t0 = initialServerTable(cluster, 0);
    const t: ServerTable = {
      ...t0,
      servers: {
        ...t0.servers,
        PluginMember1: { ...t0.servers.PluginMember1!, markedDown: true, retryAt: 60000 },
      },
    };
    expect(isUsable(t.servers.PluginMember1!, cluster.servers[0]!, 59999)).toBe(false);
    expect(isUsable(t.servers.PluginMember1!, cluster.servers[0]!, 60000)).toBe(true);
    expect(pickWeightedRoundRobin(t, cluster, primaryServers(cluster), 1000)?.member).toBe('PluginMember2');
  });
});

describe('failover target', () => {
  const t0 = initialServerTable(cluster, 0);
  const down: ServerTable = {
    ...t0,
    rrIndex: 2,
    servers: {
      ...t0.servers,
      PluginMember1: { ...t0.servers.PluginMember1!, markedDown: true, retryAt: 60000 },
    },
  };
  it('takes the next member in the primary list before PM12112', () => {
    const pick = pickFailoverTarget(
      down,
      cluster,
      { ...config.switches, spreadFailover: false },
      'PluginMember1',
      0,
      0,
      ['PluginMember1'],
    );
    expect(pick?.member).toBe('PluginMember2');
  });
  it('spreads by load balancing after PM12112', () => {
    const pick = pickFailoverTarget(
      down,
      cluster,
      { ...config.switches, spreadFailover: true },
      'PluginMember1',
      0,
      0,
      ['PluginMember1'],
    );
    expect(pick?.member).toBe('PluginMember3');
  });
  it('uses backup servers only when no primary is usable, in list order', () => {
    const c = {
      ...cluster,
      servers: [
        defaultServer(0),
        defaultServer(1, { role: 'backup' as const }),
        defaultServer(2, { role: 'backup' as const }),
      ],
    };
    const t = initialServerTable(c, 0);
    const allPrimariesDown: ServerTable = {
      ...t,
      servers: {
        ...t.servers,
        PluginMember1: { ...t.servers.PluginMember1!, markedDown: true, retryAt: 60000 },
      },
    };
    expect(pickFailoverTarget(t, c, config.switches, null, 0, 0, [])?.member).toBe('PluginMember1');
    expect(
      pickFailoverTarget(allPrimariesDown, c, config.switches, 'PluginMember1', 0, 0.99, ['PluginMember1'])
        ?.member,
    ).toBe('PluginMember2');
  });
  it('says how it chose: next in the primary list, spread among primaries, or the first usable backup', () => {
    const c = {
      ...cluster,
      servers: [...cluster.servers.slice(0, 2), defaultServer(2, { role: 'backup' as const })],
    };
    const t = initialServerTable(c, 0);
    const pick = (spread: boolean, table: ServerTable, exclude: string[]) =>
      pickFailoverTarget(
        table,
        c,
        { ...config.switches, spreadFailover: spread },
        'PluginMember1',
        0,
        0,
        exclude,
      );
    expect(pick(false, t, ['PluginMember1'])).toEqual({
      member: 'PluginMember2',
      reset: false,
      choice: 'nextInList',
    });
    expect(pick(true, t, ['PluginMember1'])).toEqual({
      member: 'PluginMember2',
      reset: false,
      choice: 'spread',
    });
    for (const spread of [false, true]) {
      expect(pick(spread, t, ['PluginMember1', 'PluginMember2'])).toEqual({
        member: 'PluginMember3',
        reset: false,
        choice: 'backup',
      });
    }
  });
});
