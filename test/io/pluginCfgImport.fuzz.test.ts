// The plugin-cfg.xml reader on any input: it refuses with a PluginCfgError whose problems are short, or
// gives a cluster the lab can run, whose settings alone make the configuration it shows; the lab's own
// plugin-cfg.xml of any configuration reads back to that configuration.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXmlInNode } from '../../src/cli/nodeXml.ts';
import { defaultConfig, type LabConfig, type ServerConfig } from '../../src/model/config.ts';
import { validateConfig } from '../../src/model/parameters.ts';
import { setParameter } from '../../src/model/parameterPaths.ts';
import { importCluster, PluginCfgError, readPluginCfg } from '../../src/io/pluginCfgImport.ts';
import { pluginCfgXml, serverName as nameInFile, xmlAttribute } from '../../src/io/pluginCfgXml.ts';
import { sandboxLimits } from '../../src/scenarios/catalog.ts';
import { FUZZ, FUZZ_TIMEOUT_MS } from './fuzz.ts';

const EXAMPLE = readFileSync(new URL('../../docs/examples/plugin-cfg.xml', import.meta.url), 'utf8');

/** Every cluster of `text` read, or the problems; anything thrown but a PluginCfgError fails the test. */
/** How the clusters read so far ended. */
const outcomes = { ran: 0, refused: 0 };
function readAll(text: string): void {
  let file;
  try {
    file = readPluginCfg(text, parseXmlInNode);
  } catch (e) {
    expectRefused(e);
    return;
  }
  for (const { name } of file.clusters) {
    try {
      const i = importCluster(file, name);
      const [lo, hi] = sandboxLimits.members;
      expect(i.members).toBeGreaterThanOrEqual(lo);
      expect(i.members).toBeLessThanOrEqual(hi);
      const made = i.sets.reduce(
        (c, set) => {
          const eq = set.indexOf('=');
          return setParameter(c, set.slice(0, eq), set.slice(eq + 1));
        },
        defaultConfig({ members: i.members }),
      );
      expect(made).toEqual(i.config);
      validateConfig(i.config);
      // What it runs is the file's: its cluster, its servers by their Names and clone IDs, its Uris.
      // (Values as the file writes them; the lab trims the spaces around a value.)
      // (@xmldom/xmldom reads a stray `&` as itself, so the value may stand in the file unescaped.)
      const said = (value: string) => text.includes(xmlAttribute(value)) || text.includes(value);
      expect(i.config.plugin.cluster.name).toBe(name);
      for (const server of i.config.plugin.cluster.servers) {
        expect(said(server.memberName)).toBe(true);
        expect(said(server.configuredCloneId)).toBe(true);
      }
      for (const uri of i.config.plugin.uriGroups.flatMap((g) => g.uris)) expect(said(uri.name)).toBe(true);
      outcomes.ran++;
    } catch (e) {
      expectRefused(e);
    }
  }
}

function expectRefused(e: unknown): void {
  if (!(e instanceof PluginCfgError)) throw e;
  outcomes.refused++;
  expect(e.problems.length).toBeGreaterThan(0);
  expect(e.problems.length).toBeLessThanOrEqual(21);
  for (const p of e.problems) expect(p.length).toBeLessThan(800);
}

/** Mostly a value a real file holds, now and then anything at all. */
const mostly = (good: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: good, weight: 80 },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
    { arbitrary: fc.constantFrom('', '-1', 'null', 'TRUE', '99999999', '<b>'), weight: 1 },
  );
const int = (min: number, max: number) => fc.integer({ min, max }).map(String);
/** Text of the characters `chars`, as long as `min` to `max`. */
const of = (chars: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const bool = fc.constantFrom('true', 'false', 'True');
/** Each attribute of `good`, now and then left out; `Other` stands for what the lab does not model. */
const attrs = (good: Record<string, fc.Arbitrary<string>>) =>
  fc
    .record(Object.fromEntries(Object.entries(good).map(([k, v]) => [k, fc.option(mostly(v), { freq: 40 })])))
    .map((r) =>
      Object.entries(r)
        .filter((e): e is [string, string] => e[1] !== null)
        .map(([k, v]) => ` ${k}="${xmlAttribute(v)}"`)
        .join(''),
    );
const serverName = fc.constantFrom(
  'n1_s1',
  'n2_s2',
  'n3_s3',
  's4',
  'n5_WebSphere_Portal',
  'n6_WebSphere_Portal',
);
const clusterName = fc.constantFrom('A', 'B');
const named = (n: fc.Arbitrary<string>) => mostly(n).map((v) => ` Name="${xmlAttribute(v)}"`);

const transport = attrs({
  Hostname: fc.constantFrom('app1.example.com', '10.0.0.1', 'localhost'),
  Port: int(1, 65535),
  Protocol: fc.constantFrom('http', 'https'),
}).map((a) => `<Transport${a}/>`);
const server = (name: string) =>
  fc
    .tuple(
      named(fc.constant(name)),
      attrs({
        CloneID: of(LOWER, 4, 9),
        LoadBalanceWeight: int(0, 20),
        ConnectTimeout: int(0, 60),
        ServerIOTimeout: int(-60, 60),
        MaxConnections: int(-1, 100),
        ExtendedHandshake: bool,
        Other: fc.constant('x'),
      }),
      fc.array(transport, { minLength: 1, maxLength: 2 }),
    )
    .map(([n, a, ts]) => `<Server${n}${a}>${ts.join('')}</Server>`);
/** A list of some of the cluster's servers (now and then one it does not have). */
const list = (element: string, names: string[]) =>
  fc
    .subarray(names, { minLength: 1 })
    .chain((ns) => fc.tuple(...ns.map((n) => named(fc.constant(n)))))
    .map((ns) => `<${element}>${ns.map((n) => `<Server${n}/>`).join('')}</${element}>`);
const cluster = fc
  .uniqueArray(serverName, { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc.tuple(
      named(clusterName),
      attrs({
        LoadBalance: fc.constantFrom('Round Robin', 'Random', 'round robin'),
        RetryInterval: int(0, 600),
        PostBufferSize: int(-1, 1024),
        GetDWLMTable: bool,
        RemoveSpecialHeaders: bool,
      }),
      fc.tuple(...names.map(server)),
      fc.option(list('PrimaryServers', names)),
      fc.option(list('BackupServers', names)),
    ),
  )
  .map(([n, a, ss, p, b]) => `<ServerCluster${n}${a}>${ss.join('')}${p ?? ''}${b ?? ''}</ServerCluster>`);
const virtualHostGroup = fc
  .tuple(
    named(fc.constantFrom('vh', 'vh2')),
    fc.array(mostly(fc.constantFrom('*:80', '*:443', 'www.example.com:8080', '*')), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(
    ([n, hs]) =>
      `<VirtualHostGroup${n}>${hs.map((h) => `<VirtualHost Name="${xmlAttribute(h)}"/>`).join('')}</VirtualHostGroup>`,
  );
const uriGroup = fc
  .tuple(
    named(fc.constantFrom('ug', 'ug2')),
    fc.array(
      attrs({
        Name: fc.constantFrom('/*', '/app/*', '/*.jsp', '/snoop'),
        AffinityCookie: fc.constantFrom('JSESSIONID', 'SHOPID'),
        AffinityURLIdentifier: fc.constant('jsessionid'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([n, us]) => `<UriGroup${n}>${us.map((u) => `<Uri${u}/>`).join('')}</UriGroup>`);
const route = attrs({
  ServerCluster: clusterName,
  UriGroup: fc.constantFrom('ug', 'ug2'),
  VirtualHostGroup: fc.constantFrom('vh', 'vh2'),
}).map((a) => `<Route${a}/>`);
const document = fc
  .tuple(
    attrs({ RefreshInterval: int(1, 3600), IgnoreDNSFailures: bool }),
    fc.array(cluster, { minLength: 1, maxLength: 2 }),
    fc.array(virtualHostGroup, { minLength: 1, maxLength: 2 }),
    fc.array(uriGroup, { minLength: 1, maxLength: 2 }),
    fc.array(route, { minLength: 1, maxLength: 4 }),
    fc.option(fc.constant('<Log LogLevel="Error"/>')),
  )
  .map(([a, ...children]) => `<Config${a}>${children.flat().join('')}</Config>`);

/** The example with a few characters changed, cut or added anywhere. */
const mutated = fc
  .array(fc.tuple(fc.nat(EXAMPLE.length), fc.nat(3), fc.string({ maxLength: 3 })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((edits) => edits.reduce((t, [at, cut, add]) => t.slice(0, at) + add + t.slice(at + cut), EXAMPLE));

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const word = fc.tuple(of(LETTERS, 1, 1), of(`${LETTERS}0123456789`, 0, 7)).map(([a, b]) => a + b);
/** A configuration of the lab's, in what its plugin-cfg.xml writes (primaries before backups). */
const labConfig = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.record({
      members: fc.uniqueArray(word, {
        minLength: n,
        maxLength: n,
        comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
      }),
      nodes: fc.array(word, { minLength: n, maxLength: n }),
      clones: fc.array(of(LOWER, 1, 12), { minLength: n, maxLength: n }),
      backups: fc.nat(n - 1),
      weights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }),
      connect: fc.array(fc.option(fc.integer({ min: 0, max: 600 })), { minLength: n, maxLength: n }),
      io: fc.array(fc.integer({ min: -3600, max: 3600 }), { minLength: n, maxLength: n }),
      retry: fc.integer({ min: 0, max: 600 }),
      random: fc.boolean(),
      uris: fc.array(
        of('abcdefgh*', 0, 8).map((u) => `/${u}`),
        { minLength: 1, maxLength: 5 },
      ),
    }),
  )
  .map((g): LabConfig => {
    const c = defaultConfig({ members: g.members.length });
    c.plugin.cluster.retryInterval = g.retry;
    c.plugin.cluster.loadBalance = g.random ? 'Random' : 'Round Robin';
    c.plugin.cluster.servers = c.plugin.cluster.servers.map((s, i): ServerConfig => ({
      ...s,
      memberName: g.members[i]!,
      nodeName: g.nodes[i]!,
      cloneId: g.clones[i]!,
      configuredCloneId: g.clones[i]!,
      loadBalanceWeight: g.weights[i]!,
      connectTimeout: g.connect[i]!,
      serverIOTimeout: g.io[i]!,
      role: i > 0 && i >= g.members.length - g.backups ? 'backup' : 'primary',
    }));
    c.plugin.uriGroups[0]!.uris = g.uris.map((name) => ({
      name,
      affinityCookie: 'JSESSIONID',
      affinityURLIdentifier: 'jsessionid',
    }));
    return c;
  });

describe('the plugin-cfg.xml reader on any input', () => {
  it(
    'refuses text that is not a plugin-cfg.xml it can run, in short problems, and never throws else',
    () => {
      fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), mutated), readAll), FUZZ);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'reads any document of plugin-cfg.xml elements: a cluster the lab runs, or the problems',
    () => {
      outcomes.ran = 0;
      fc.assert(fc.property(document, readAll), FUZZ);
      // Not only refusals: the documents are near enough to real ones that many clusters run.
      expect(outcomes.ran).toBeGreaterThan(FUZZ.numRuns / 20);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "reads back the lab's own plugin-cfg.xml of any configuration, and writes it out again the same",
    () => {
      fc.assert(
        fc.property(labConfig, (c) => {
          const xml = pluginCfgXml(c);
          const i = importCluster(readPluginCfg(xml, parseXmlInNode));
          // The same configuration, its members called by their Server Names (`node_member`)…
          const named = structuredClone(c);
          for (const server of named.plugin.cluster.servers) server.memberName = nameInFile(server);
          expect(i.config).toEqual(named);
          // …which it writes out as it was read.
          expect(pluginCfgXml(i.config)).toBe(xml);
        }),
        FUZZ,
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
