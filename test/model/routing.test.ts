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
  siteOf,
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

describe('Uris with a * inside', () => {
  const plugin = (...names: string[]) => ({
    ...config.plugin,
    uriGroups: [
      {
        name: 'g',
        uris: names.map((name) => ({
          name,
          affinityCookie: 'JSESSIONID',
          affinityURLIdentifier: 'jsessionid',
        })),
      },
    ],
    routes: [{ virtualHostGroup: 'default_host', uriGroup: 'g', serverCluster: 'PluginCluster' }],
  });
  it('match any characters where the * stands, scored by the characters matched', () => {
    const p = plugin('/*.jsp', '/shop/*', '/a*b*c');
    expect(matchRoute(p, 'www.example.com', 80, '/x/index.jsp')).toMatchObject({
      uri: { name: '/*.jsp' },
      score: 2 + 5, // *:80 matches 2 characters
    });
    expect(matchRoute(p, 'www.example.com', 80, '/shop/index.jsp')).toMatchObject({
      uri: { name: '/shop/*' },
      score: 2 + 6,
    });
    expect(matchRoute(p, 'www.example.com', 80, '/index.jspx')).toBeNull();
    expect(matchRoute(p, 'www.example.com', 80, '/abc')?.uri.name).toBe('/a*b*c');
    expect(matchRoute(p, 'www.example.com', 80, '/axxbyyc')?.uri.name).toBe('/a*b*c');
    expect(matchRoute(p, 'www.example.com', 80, '/acb')).toBeNull();
    // The two ends may not overlap: /a*a needs two a's.
    expect(matchRoute(plugin('/a*a'), 'www.example.com', 80, '/a')).toBeNull();
  });

  it("make the site the lab's users browse", () => {
    expect(siteOf(config.plugin)).toEqual({
      host: 'www.example.com',
      port: 80,
      cart: '/shop/cart',
      counter: '/shop/counter',
    });
    expect(siteOf(plugin('/snoop'))).toMatchObject({ cart: '/snoop', counter: '/snoop' });
    expect(siteOf(plugin('/*.jsp', '/app/*'))).toMatchObject({ cart: '/app/cart', counter: '/app/counter' });
    expect(siteOf(plugin('/*.jsp'))).toMatchObject({ cart: '/shop.jsp' });
    // A context root before an exact page, and the wildcard of all before a pattern.
    expect(siteOf(plugin('/j_security_check', '/app/*'))).toMatchObject({ cart: '/app/cart' });
    expect(siteOf(plugin('/*.jsp', '/*'))).toMatchObject({ cart: '/shop/cart' });
    expect(siteOf(plugin('/*/x*'))).toMatchObject({ cart: '/shop/xshop' });
    const p = {
      ...plugin('/app/*'),
      virtualHostGroups: [{ name: 'default_host', hosts: ['shop.example.org:8080'] }],
    };
    expect(siteOf(p)).toMatchObject({ host: 'shop.example.org', port: 8080 });
    // Every page of the site goes to the lab's cluster.
    for (const page of ['cart', 'counter'] as const) {
      const site = siteOf(p);
      expect(matchRoute(p, site.host, site.port, site[page])?.cluster).toBe('PluginCluster');
    }
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
