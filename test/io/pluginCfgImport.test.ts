// A real plugin-cfg.xml read into the lab: one ServerCluster, its servers with their names and clone IDs,
// primaries and backups, the routes to it; what the lab does not model listed; bad files named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXmlInNode } from '../../src/cli/nodeXml.ts';
import { defaultConfig } from '../../src/model/config.ts';
import { setParameter } from '../../src/model/parameterPaths.ts';
import {
  importCluster,
  PluginCfgError,
  readPluginCfg,
  type PluginCfgImport,
} from '../../src/io/pluginCfgImport.ts';
import { pluginCfgXml } from '../../src/io/pluginCfgXml.ts';

/** DOMAIN.md §1.5's example, as a file a trainee brings. */
export const EXAMPLE = readFileSync(new URL('../../docs/examples/plugin-cfg.xml', import.meta.url), 'utf8');

const imported = (text: string, cluster?: string): PluginCfgImport =>
  importCluster(readPluginCfg(text, parseXmlInNode), cluster);
const problems = (text: string, cluster?: string): string[] => {
  try {
    imported(text, cluster);
  } catch (e) {
    if (e instanceof PluginCfgError) return e.problems;
    throw e;
  }
  throw new Error('read without a problem');
};
/** The configuration the sets make on the sandbox's, as the page and the command line make it. */
const made = (i: PluginCfgImport) =>
  i.sets.reduce(
    (c, set) => {
      const eq = set.indexOf('=');
      return setParameter(c, set.slice(0, eq), set.slice(eq + 1));
    },
    defaultConfig({ members: i.members }),
  );

describe('a plugin-cfg.xml read into the lab', () => {
  it('runs the example cluster with its names, clone IDs, primaries and backup', () => {
    const i = imported(EXAMPLE);
    expect(i.cluster).toBe('ShopCluster');
    expect(i.members).toBe(3);
    const servers = i.config.plugin.cluster.servers;
    expect(servers.map((s) => [s.nodeName, s.memberName, s.cloneId, s.role, s.hostname])).toEqual([
      ['nodeA', 'nodeA_shop1', '16k7ab2cq', 'primary', 'appA.example.com'],
      ['nodeB', 'nodeB_shop2', '16k7ab5ue', 'primary', 'appB.example.com'],
      ['nodeC', 'nodeC_shopDR', '16k7ab9mn', 'backup', 'appC.example.com'],
    ]);
    expect(servers.every((s) => s.serverIOTimeout === -60 && s.configuredCloneId === s.cloneId)).toBe(true);
    expect(i.config.plugin.uriGroups).toEqual([
      {
        name: 'default_host_ShopCluster_URIs',
        uris: [{ name: '/shop/*', affinityCookie: 'JSESSIONID', affinityURLIdentifier: 'jsessionid' }],
      },
    ]);
    expect(i.config.plugin.routes).toEqual([
      {
        virtualHostGroup: 'default_host',
        uriGroup: 'default_host_ShopCluster_URIs',
        serverCluster: 'ShopCluster',
      },
    ]);
    // The sets alone make it, on the sandbox of that size: what an address and a run file carry.
    expect(made(i)).toEqual(i.config);
    // Values the sandbox has already are not set again.
    expect(i.sets.some((s) => s.startsWith('plugin.cluster.retryInterval='))).toBe(false);
  });

  it('lists what the lab does not model, element by element', () => {
    expect(imported(EXAMPLE).unmodelled).toEqual([
      'Config: IgnoreDNSFailures="false", ResponseChunkSize="64"',
      'Log: LogLevel="Error", Name="/opt/IBM/HTTPServer/Plugins/logs/web1/http_plugin.log"',
      'ServerCluster "ShopCluster": RemoveSpecialHeaders="true"',
    ]);
  });

  it("reads back what the lab's own plugin-cfg.xml says, and writes it out again the same", () => {
    let c = defaultConfig({ members: 3 });
    for (const [path, value] of [
      ['plugin.cluster.servers[2].role', 'backup'],
      ['plugin.cluster.servers[0].loadBalanceWeight', '5'],
      ['plugin.cluster.servers[1].connectTimeout', 'null'],
      ['plugin.cluster.loadBalance', 'Random'],
      ['plugin.cluster.retryInterval', '10'],
    ] as const)
      c = setParameter(c, path, value);
    const xml = pluginCfgXml(c);
    const i = imported(xml);
    // The members are called by their Server Names, as the plug-in calls them.
    expect(i.config.plugin.cluster.servers.map((s) => s.memberName)).toEqual([
      'was1node_PluginMember1',
      'was2node_PluginMember2',
      'was3node_PluginMember3',
    ]);
    expect(i.config.plugin.cluster.servers.map((s) => s.nodeName)).toEqual([
      'was1node',
      'was2node',
      'was3node',
    ]);
    expect(pluginCfgXml(i.config)).toBe(xml);
  });

  it('takes several Uris, groups and routes, and Uris with a * inside', () => {
    const text = EXAMPLE.replace(
      '<Uri AffinityCookie="JSESSIONID" AffinityURLIdentifier="jsessionid" Name="/shop/*"/>',
      '<Uri Name="/shop/*"/><Uri Name="/*.jsp" AffinityCookie="SHOPID"/><Uri Name="/hello"/>',
    ).replace(
      '</Config>',
      '<VirtualHostGroup Name="admin_host"><VirtualHost Name="*:9060"/></VirtualHostGroup>' +
        '<UriGroup Name="admin_URIs"><Uri Name="/ibm/console/*"/></UriGroup>' +
        '<Route ServerCluster="ShopCluster" UriGroup="admin_URIs" VirtualHostGroup="admin_host"/></Config>',
    );
    const i = imported(text);
    expect(i.config.plugin.uriGroups.map((g) => g.uris.map((u) => `${u.name} ${u.affinityCookie}`))).toEqual([
      ['/shop/* JSESSIONID', '/*.jsp SHOPID', '/hello JSESSIONID'],
      ['/ibm/console/* JSESSIONID'],
    ]);
    expect(i.config.plugin.virtualHostGroups).toEqual([
      { name: 'default_host', hosts: ['*:80', '*:443'] },
      { name: 'admin_host', hosts: ['*:9060'] },
    ]);
    expect(i.config.plugin.routes.map((r) => r.uriGroup)).toEqual([
      'default_host_ShopCluster_URIs',
      'admin_URIs',
    ]);
    expect(made(i)).toEqual(i.config);
  });

  it('asks which of several clusters, and runs the one named', () => {
    const two = EXAMPLE.replace(
      '</Config>',
      '<ServerCluster Name="server1_Cluster"><Server Name="node1_server1" CloneID="abc123"><Transport Hostname="h1" Port="9080" Protocol="http"/></Server></ServerCluster>' +
        '<Route ServerCluster="server1_Cluster" UriGroup="default_host_ShopCluster_URIs" VirtualHostGroup="default_host"/></Config>',
    );
    expect(readPluginCfg(two, parseXmlInNode).clusters).toEqual([
      { name: 'ShopCluster', servers: 3, routes: 1 },
      { name: 'server1_Cluster', servers: 1, routes: 1 },
    ]);
    expect(problems(two)).toEqual([
      'The file has 2 ServerClusters (ShopCluster, server1_Cluster): choose one',
    ]);
    const i = imported(two, 'server1_Cluster');
    expect(i.members).toBe(1);
    expect(i.config.plugin.cluster.servers[0]).toMatchObject({
      nodeName: 'node1',
      memberName: 'node1_server1',
      cloneId: 'abc123',
      hostname: 'h1',
      connectTimeout: null,
    });
    expect(i.notes).toEqual(['1 Route to other ServerClusters left out: the lab runs one cluster']);
    expect(problems(two, 'Nope')).toEqual([
      'The file has no ServerCluster "Nope"; it has "ShopCluster", "server1_Cluster"',
    ]);
  });

  it("calls Portal's members by their whole names, and leaves out a server in neither list", () => {
    const text = EXAMPLE.replaceAll('nodeA_shop1', 'wpnode1_WebSphere_Portal')
      .replaceAll('nodeB_shop2', 'wpnode2_WebSphere_Portal')
      .replace('<Server Name="nodeC_shopDR"/>', '');
    const i = imported(text);
    expect(i.config.plugin.cluster.servers.map((s) => [s.nodeName, s.memberName])).toEqual([
      ['wpnode1', 'wpnode1_WebSphere_Portal'],
      ['wpnode2', 'wpnode2_WebSphere_Portal'],
    ]);
    expect(i.notes).toEqual([
      'Server "nodeC_shopDR" is in neither PrimaryServers nor BackupServers: the plug-in sends it no requests (as a member taken out of PrimaryServers by hand, DOMAIN.md §1.1), and the lab leaves it out',
    ]);
    // Written out again, the names are the file's.
    expect(pluginCfgXml(i.config)).toContain('<Server Name="wpnode1_WebSphere_Portal"');
  });

  it('swaps member names that the sandbox already has, and a Name without a node is its own node', () => {
    const text = EXAMPLE.replaceAll('nodeA_shop1', 'PluginMember2').replaceAll(
      'nodeB_shop2',
      'PluginMember1',
    );
    const i = imported(text);
    expect(i.config.plugin.cluster.servers.map((s) => [s.nodeName, s.memberName])).toEqual([
      ['PluginMember2', 'PluginMember2'],
      ['PluginMember1', 'PluginMember1'],
      ['nodeC', 'nodeC_shopDR'],
    ]);
    expect(made(i)).toEqual(i.config);
    expect(pluginCfgXml(i.config)).toContain('<Server Name="PluginMember2" CloneID="16k7ab2cq"');
  });
});

describe('what the lab makes of a file where it has to choose, said in a note', () => {
  it('reads a byte-order mark as nothing, as a browser does', () => {
    expect(imported(`\uFEFF${EXAMPLE}`).config).toEqual(imported(EXAMPLE).config);
  });

  it("takes the Uris' AffinityCookie for the session manager's cookie, as affinity needs", () => {
    const i = imported(EXAMPLE.replace('AffinityCookie="JSESSIONID"', 'AffinityCookie="SHOPID"'));
    expect(i.config.sessionManager.cookieName).toBe('SHOPID');
    expect(i.notes).toContain(
      "The Uris read affinity from the cookie SHOPID: the lab's session manager names its cookie so, as it must for affinity (DOMAIN.md §1.1)",
    );
    const two = imported(
      EXAMPLE.replace(
        '<Uri AffinityCookie="JSESSIONID" AffinityURLIdentifier="jsessionid" Name="/shop/*"/>',
        '<Uri Name="/shop/*"/><Uri AffinityCookie="OTHER" Name="/other/*"/>',
      ),
    );
    expect(two.config.sessionManager.cookieName).toBe('JSESSIONID');
    expect(two.notes.at(-1)).toBe(
      'Some Uris read affinity from the cookie OTHER, others from JSESSIONID: the session manager has one cookie name, so requests to the others have no affinity',
    );
  });

  it('says which choices are its own: a server in both lists, a list twice, a shared CloneID', () => {
    const text = EXAMPLE.replace(
      '<Server Name="nodeC_shopDR"/>',
      '<Server Name="nodeC_shopDR"/><Server Name="nodeA_shop1"/>',
    )
      .replace(
        '</PrimaryServers>',
        '</PrimaryServers><PrimaryServers><Server Name="nodeB_shop2"/></PrimaryServers>',
      )
      .replace('CloneID="16k7ab5ue"', 'CloneID="16k7ab2cq"');
    const i = imported(text);
    expect(i.config.plugin.cluster.servers.map((s) => `${s.memberName} ${s.role}`)).toEqual([
      'nodeA_shop1 primary',
      'nodeB_shop2 primary',
      'nodeC_shopDR backup',
    ]);
    expect(i.notes).toEqual([
      'ServerCluster "ShopCluster" has 2 PrimaryServers elements: the lab reads them as one list, in file order [INFERRED]',
      'PrimaryServers lists Server "nodeB_shop2" more than once: the lab takes its first place [INFERRED]',
      'Server "nodeA_shop1" is in both PrimaryServers and BackupServers: the lab makes it a primary [INFERRED]',
      'Servers "nodeA_shop1" and "nodeB_shop2" have one CloneID: a session\'s affinity names the first [INFERRED]',
    ]);
  });

  it('lists an attribute spelled in another case as not read, naming the spelling it reads', () => {
    const i = imported(EXAMPLE.replace('RetryInterval="60"', 'retryinterval="10"'));
    expect(i.config.plugin.cluster.retryInterval).toBe(60);
    expect(i.unmodelled).toContain(
      'ServerCluster "ShopCluster": retryinterval="10" (the lab reads RetryInterval, spelled so), RemoveSpecialHeaders="true"',
    );
    // A Transport without Protocol says nothing of one.
    expect(imported(EXAMPLE.replace(' Protocol="http"', '')).unmodelled.join('\n')).not.toContain('Protocol');
  });

  it('reads a group named null as any other name', () => {
    const text = EXAMPLE.replace(
      '</Config>',
      '<UriGroup Name="null"><Uri Name="/n/*"/></UriGroup><Route ServerCluster="ShopCluster" UriGroup="null" VirtualHostGroup="default_host"/></Config>',
    );
    const i = imported(text);
    expect(i.config.plugin.uriGroups.map((g) => g.name)).toEqual(['default_host_ShopCluster_URIs', 'null']);
    expect(made(i)).toEqual(i.config);
  });
});

describe('a file the lab cannot run is refused, saying what and where', () => {
  it.each([
    ['<Config><Log></Config>', /^The file is not well-formed XML: line 1, column \d+: /],
    ['', /^The file is not well-formed XML/],
    ['<server/>', /^This is not a plugin-cfg.xml: its root element is <server>/],
    ['<!DOCTYPE x [<!ENTITY a "b">]><Config/>', /declares a document type/],
    ['<Config/>', /^The file has no ServerCluster/],
    [
      '<Config><ServerCluster Name="A"/><ServerCluster Name="A"/></Config>',
      /^The file has two ServerClusters named "A": a Route could not tell them apart$/,
    ],
    [
      '<Config><ServerCluster/></Config>',
      /^A ServerCluster of the file has no Name: a Route could not name it$/,
    ],
    [
      `<Config>${' '.repeat(1_000_000)}</Config>`,
      /^The file is 1,000,017 characters long; the lab reads plugin-cfg.xml files up to 1,000,000$/,
    ],
  ])('%s', (text, message) => {
    expect(problems(text).join('\n')).toMatch(message);
  });

  it('names each bad value by its element and attribute', () => {
    const text = EXAMPLE.replace('LoadBalanceWeight="2"', 'LoadBalanceWeight="heavy"')
      .replace('RetryInterval="60"', 'RetryInterval="99999"')
      .replace('CloneID="16k7ab5ue"', 'CloneID="&lt;b&gt;X"')
      .replace('Port="9080"', 'Port="0"');
    expect(problems(text)).toEqual([
      'ServerCluster "ShopCluster" RetryInterval="99999": must be a whole number from 0 to 600, got 99999',
      'ServerCluster "ShopCluster" › Server "nodeA_shop1" LoadBalanceWeight="heavy": must be a whole number from 0 to 100, got "heavy"',
      'ServerCluster "ShopCluster" › Server "nodeA_shop1" › Transport Port="0": must be a whole number from 1 to 65535, got 0',
      'ServerCluster "ShopCluster" › Server "nodeB_shop2" CloneID="<b>X": must be 1 to 32 lowercase letters or digits, got "<b>X"',
    ]);
  });

  it('refuses a cluster it cannot model: no clone ID, no route, a list naming an unknown server', () => {
    const text = EXAMPLE.replace(' CloneID="16k7ab2cq"', '')
      .replace('<Server Name="nodeC_shopDR"/>', '<Server Name="ghost"/>')
      .replace(/<Route[^>]*\/>/, '');
    expect(problems(text)).toEqual([
      'ServerCluster "ShopCluster" › BackupServers names Server "ghost", which the ServerCluster does not define',
      'ServerCluster "ShopCluster" › Server "nodeA_shop1" has no CloneID: the plug-in gives its sessions no affinity (DOMAIN.md §1.3), which the lab does not model; give it the member\'s clone ID',
      'No Route sends requests to ServerCluster "ShopCluster": the plug-in would never use it',
    ]);
  });
});
