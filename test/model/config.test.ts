import { describe, expect, it } from 'vitest';
import { defaultConfig, profileDefaults, versionProfiles, type LabConfig } from '../../src/model/config.ts';
import { parameterAt, parameters, validateConfig } from '../../src/model/parameters.ts';
import { parameterDescriptions } from '../../src/model/parameterText.ts';
import { sandboxLimits, sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { scenarios } from '../../src/scenarios/index.ts';
import { usesPartitionIds } from '../../src/model/replication.ts';
import { get, lab, pages, run } from '../helpers.ts';

describe('version profiles (DOMAIN.md §8)', () => {
  it('set the defaults and switches where versions differ', () => {
    expect(profileDefaults('5.1').switches).toEqual({
      spreadFailover: false,
      tryWhenAllDown: false,
      hasIgnoreAffinityRequests: false,
    });
    expect(profileDefaults('6.1').switches.spreadFailover).toBe(false);
    expect(profileDefaults('7.0').switches.spreadFailover).toBe(true);
    expect(profileDefaults('6.1').connectTimeout).toBe(0);
    expect(profileDefaults('9.0.5').connectTimeout).toBe(5);
    for (const v of versionProfiles)
      expect(() => validateConfig(defaultConfig({ version: v }))).not.toThrow();
  });

  it('5.1 has no IgnoreAffinityRequests switch: affinity requests never lower weights', () => {
    const w = run(
      {
        config: lab((c) => {
          Object.assign(c, { version: '5.1', switches: profileDefaults('5.1').switches });
          c.plugin.cluster.ignoreAffinityRequests = false;
        }),
        interventions: [get('u1', 0), get('u1', 1000), get('u1', 2000)],
      },
      3000,
    );
    const t = (w.snapshotOf('ihs#1')!.context as { table: { servers: Record<string, { weight: number }> } })
      .table;
    expect(
      Object.values(t.servers)
        .map((s) => s.weight)
        .sort(),
    ).toEqual([1, 2]);
    expect(pages(w)).toHaveLength(3);
  });

  it('5.1 memory-to-memory keeps clone IDs; 6.1 and later peer-to-peer use partition IDs', () => {
    const c = defaultConfig({ version: '5.1' });
    c.sessionManager.persistence = 'memoryToMemory';
    expect(usesPartitionIds(c)).toBe(false);
    const d = defaultConfig({ version: '6.1' });
    d.sessionManager.persistence = 'memoryToMemory';
    expect(usesPartitionIds(d)).toBe(true);
    d.plugin.cluster.servers[0]!.replicationMode = 'client';
    expect(usesPartitionIds(d)).toBe(false);
  });

  it('names a bad boolean or mode with its path', () => {
    const c = defaultConfig();
    (c.portal as { enabled: unknown }).enabled = 'yes';
    expect(() => validateConfig(c)).toThrow('portal.enabled: must be true or false, got yes');
    const d = defaultConfig();
    (d.plugin.cluster.servers[1] as { replicationMode?: unknown }).replicationMode = 'peer';
    expect(() => validateConfig(d)).toThrow(
      'plugin.cluster.servers[1].replicationMode: must be one of client, server, both, got peer',
    );
  });
});

/** Every path of a value in `node`, lists of groups as `[]` and lists of values as one value. */
function leafPaths(node: unknown, prefix = ''): string[] {
  if (Array.isArray(node)) {
    if (node.every((v) => typeof v !== 'object' || v === null)) return [prefix];
    return [prefix, ...node.flatMap((v) => leafPaths(v, `${prefix}[]`))];
  }
  if (typeof node === 'object' && node !== null)
    return Object.entries(node).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

/** The default lab with every optional parameter set, so none is missed. */
function everyParameterSet(): LabConfig {
  const c = defaultConfig();
  c.plugin.cluster.servers[0]!.replicationMode = 'client';
  c.plugin.cluster.servers[0]!.listensTo = [1, 2];
  return c;
}

describe('the parameter table (one type and range per parameter)', () => {
  it('describes every parameter of the lab, and nothing else', () => {
    const paths = [...new Set(leafPaths(everyParameterSet()))];
    expect(paths.filter((p) => !parameterAt(p))).toEqual([]);
    expect(parameters.map((d) => d.path).filter((p) => !paths.includes(p))).toEqual([]);
    // Each has one line in words, and every line belongs to a parameter.
    for (const d of parameters) expect(parameterDescriptions[d.path]?.length ?? 0).toBeGreaterThan(10);
    expect(Object.keys(parameterDescriptions).sort()).toEqual(parameters.map((d) => d.path).sort());
  });

  it('accepts the default lab of every level, every scenario and the sandbox at its limits', () => {
    for (const v of versionProfiles)
      expect(() => validateConfig(defaultConfig({ version: v }))).not.toThrow();
    expect(() => validateConfig(everyParameterSet())).not.toThrow();
    for (const s of scenarios) expect(() => validateConfig(s.config())).not.toThrow();
    for (const i of [0, 1] as const) {
      const size = {
        members: sandboxLimits.members[i],
        processes: sandboxLimits.processes[i],
        users: sandboxLimits.users[i],
      };
      expect(() => validateConfig(sandboxScenario(size).config())).not.toThrow();
    }
  });

  const bad = (change: (c: LabConfig) => void): (() => LabConfig) => {
    const c = defaultConfig();
    change(c);
    return () => validateConfig(c);
  };

  it.each([
    ['network.browserLatency', -5],
    ['network.memberLatency', -1],
    ['network.databaseLatency', -2],
    ['network.osConnectTimeout', -75000],
    ['database.writeTime', -8],
    ['database.readTime', -4],
    ['memberRuntime.startupTime', -1],
    ['memberRuntime.shutdownTime', -2000],
  ] as const)('refuses a negative time: %s = %d', (path, value) => {
    const [group, key] = path.split('.') as [keyof LabConfig, string];
    expect(bad((c) => ((c[group] as unknown as Record<string, number>)[key] = value))).toThrow(
      new RegExp(`^${path.replace('.', '\\.')}: must be a whole number from \\d+ to \\d+, got ${value}$`),
    );
  });

  it('refuses a port outside 1–65535 or not whole', () => {
    for (const port of [-1, 0, 5.1, 65536]) {
      expect(bad((c) => (c.plugin.cluster.servers[0]!.port = port))).toThrow(
        `plugin.cluster.servers[0].port: must be a whole number from 1 to 65535, got ${port}`,
      );
    }
  });

  it.each([
    ['plugin.cluster.servers[1].hostname', (c: LabConfig) => (c.plugin.cluster.servers[1]!.hostname = '')],
    ['plugin.cluster.servers[0].hostname', (c: LabConfig) => (c.plugin.cluster.servers[0]!.hostname = 'a b')],
    ['plugin.cluster.servers[0].nodeName', (c: LabConfig) => (c.plugin.cluster.servers[0]!.nodeName = '')],
    [
      'plugin.cluster.servers[0].configuredCloneId',
      (c: LabConfig) => (c.plugin.cluster.servers[0]!.configuredCloneId = 'v1:x'),
    ],
    ['sessionManager.cookieName', (c: LabConfig) => (c.sessionManager.cookieName = '')],
    ['plugin.cluster.name', (c: LabConfig) => (c.plugin.cluster.name = '')],
    ['plugin.virtualHostGroups[0].name', (c: LabConfig) => (c.plugin.virtualHostGroups[0]!.name = '')],
    [
      'plugin.virtualHostGroups[0].hosts[1]',
      (c: LabConfig) => (c.plugin.virtualHostGroups[0]!.hosts[1] = ':80'),
    ],
    ['plugin.uriGroups[0].name', (c: LabConfig) => (c.plugin.uriGroups[0]!.name = '')],
    ['plugin.uriGroups[0].uris[0].name', (c: LabConfig) => (c.plugin.uriGroups[0]!.uris[0]!.name = 'snoop')],
    [
      'plugin.uriGroups[0].uris[0].affinityCookie',
      (c: LabConfig) => (c.plugin.uriGroups[0]!.uris[0]!.affinityCookie = ''),
    ],
    [
      'plugin.uriGroups[0].uris[0].affinityURLIdentifier',
      (c: LabConfig) => (c.plugin.uriGroups[0]!.uris[0]!.affinityURLIdentifier = 'a=b'),
    ],
    ['plugin.routes[0].virtualHostGroup', (c: LabConfig) => (c.plugin.routes[0]!.virtualHostGroup = '')],
    ['plugin.routes[0].uriGroup', (c: LabConfig) => (c.plugin.routes[0]!.uriGroup = '')],
    ['plugin.routes[0].serverCluster', (c: LabConfig) => (c.plugin.routes[0]!.serverCluster = ' ')],
  ])('refuses bad text in %s', (path, change) => {
    expect(bad(change)).toThrow(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: must `));
  });

  it('refuses replicas other than single, entireDomain or 1 to 15', () => {
    for (const replicas of ['abc', 0, 99, 2.5, 'Single']) {
      expect(bad((c) => ((c.memoryToMemory as { replicas: unknown }).replicas = replicas))).toThrow(
        `memoryToMemory.replicas: must be single, entireDomain or a whole number from 1 to 15, got ${replicas}`,
      );
    }
    for (const replicas of ['single', 'entireDomain', 1, 15] as const) {
      expect(bad((c) => (c.memoryToMemory.replicas = replicas))).not.toThrow();
    }
  });

  it('refuses a bad boolean nowhere checked before, and lists of the wrong length', () => {
    expect(bad((c) => ((c.sessionManager as { multiRowSchema: unknown }).multiRowSchema = 'yes'))).toThrow(
      'sessionManager.multiRowSchema: must be true or false, got yes',
    );
    expect(bad((c) => (c.sessionManager.cleanupHours = [1] as unknown as [number, number]))).toThrow(
      'sessionManager.cleanupHours: must hold 2 hours of the day, got 1',
    );
    expect(bad((c) => (c.plugin.routes = []))).toThrow('plugin.routes: must hold 1 to 16 routes, got 0');
    expect(bad((c) => (c.plugin.cluster.servers[0]!.loadBalanceWeight = 101))).toThrow(
      'plugin.cluster.servers[0].loadBalanceWeight: must be a whole number from 0 to 100, got 101',
    );
    expect(bad((c) => (c.plugin.cluster.postBufferSize = -2))).toThrow(
      'plugin.cluster.postBufferSize: must be -1 or a whole number from 0 to 1048576, got -2',
    );
    expect(bad((c) => (c.plugin.cluster.postBufferSize = -1))).not.toThrow();
    expect(bad((c) => (c.plugin.cluster.servers[0]!.connectTimeout = -1))).toThrow(
      'plugin.cluster.servers[0].connectTimeout: must be null (unset) or a whole number from 0 to 600, got -1',
    );
  });
});
