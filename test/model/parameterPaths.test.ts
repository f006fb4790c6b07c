import { describe, expect, it } from 'vitest';
import { defaultConfig, type LabConfig } from '../../src/model/config.ts';
import { parseAssignment, setParameter } from '../../src/model/parameterPaths.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';

/** `PATH=VALUE` as the command line and the URL give it. */
const set = (text: string, config: LabConfig = defaultConfig()): LabConfig => {
  const { path, text: value } = parseAssignment(text);
  return setParameter(config, path, value);
};

describe('setParameter reads text by the parameter\u2019s kind', () => {
  it.each([
    ['network.browserLatency=-5', 'network.browserLatency: must be a whole number from 0 to 60000, got -5'],
    ['network.memberLatency=-1', 'network.memberLatency: must be a whole number from 0 to 60000, got -1'],
    ['network.databaseLatency=-1', 'network.databaseLatency: must be a whole number from 0 to 60000, got -1'],
    [
      'network.osConnectTimeout=-1',
      'network.osConnectTimeout: must be a whole number from 1 to 600000, got -1',
    ],
    ['database.writeTime=-8', 'database.writeTime: must be a whole number from 0 to 60000, got -8'],
    ['database.readTime=-4', 'database.readTime: must be a whole number from 0 to 60000, got -4'],
    [
      'memberRuntime.startupTime=-1',
      'memberRuntime.startupTime: must be a whole number from 0 to 600000, got -1',
    ],
    [
      'memberRuntime.shutdownTime=x',
      'memberRuntime.shutdownTime: must be a whole number from 0 to 600000, got "x"',
    ],
    [
      'plugin.cluster.servers[0].port=-1',
      'plugin.cluster.servers[0].port: must be a whole number from 1 to 65535, got -1',
    ],
    [
      'plugin.cluster.servers[0].port=5.1',
      'plugin.cluster.servers[0].port: must be a whole number from 1 to 65535, got 5.1',
    ],
    ['plugin.cluster.servers[1].hostname=', 'plugin.cluster.servers[1].hostname: must be a host name'],
    ['sessionManager.cookieName=', 'sessionManager.cookieName: must be 1 to 64 letters'],
    ['plugin.cluster.name=', 'plugin.cluster.name: must start with a letter or _'],
    [
      'memoryToMemory.replicas=abc',
      'memoryToMemory.replicas: must be single, entireDomain or a whole number from 1 to 15, got "abc"',
    ],
    [
      'memoryToMemory.replicas=0',
      'memoryToMemory.replicas: must be single, entireDomain or a whole number from 1 to 15, got 0',
    ],
    [
      'memoryToMemory.replicas=99',
      'memoryToMemory.replicas: must be single, entireDomain or a whole number from 1 to 15, got 99',
    ],
    [
      'plugin.cluster.ignoreAffinityRequests=1',
      'plugin.cluster.ignoreAffinityRequests: must be true or false, got 1',
    ],
    [
      'sessionManager.persistence=Database',
      'sessionManager.persistence: must be one of none, database, memoryToMemory, got Database',
    ],
    [
      'plugin.cluster.servers[0].connectTimeout=unset',
      'plugin.cluster.servers[0].connectTimeout: must be null (unset) or a whole number from 0 to 600, got "unset"',
    ],
  ])('refuses %s', (assignment, message) => {
    expect(() => set(assignment)).toThrow(message);
  });

  it('stores numbers as numbers and words as words', () => {
    expect(set('memoryToMemory.replicas=3').memoryToMemory.replicas).toBe(3);
    expect(set('memoryToMemory.replicas=entireDomain').memoryToMemory.replicas).toBe('entireDomain');
    expect(set('plugin.cluster.servers[0].port=9443').plugin.cluster.servers[0]!.port).toBe(9443);
    expect(set('plugin.cluster.postBufferSize=-1').plugin.cluster.postBufferSize).toBe(-1);
    expect(
      set('plugin.cluster.servers[0].connectTimeout=null').plugin.cluster.servers[0]!.connectTimeout,
    ).toBe(null);
    expect(set('plugin.cluster.name=Shop_Cluster').plugin.cluster.name).toBe('Shop_Cluster');
  });

  it('takes typed values, as a configuration panel gives them, through the same checks', () => {
    const c = defaultConfig();
    expect(setParameter(c, 'network.browserLatency', 35).network.browserLatency).toBe(35);
    expect(() => setParameter(c, 'network.browserLatency', -5)).toThrow(
      'network.browserLatency: must be a whole number from 0 to 60000, got -5',
    );
    expect(setParameter(c, 'sessionManager.cleanupHours', [1, 3]).sessionManager.cleanupHours).toEqual([
      1, 3,
    ]);
    expect(() => setParameter(c, 'sessionManager.scheduledCleanup', 'yes')).toThrow(
      'must be true or false, got yes',
    );
  });
});

describe('lists that grow', () => {
  it('take the entry one past the end, a copy of the last with one of each of its own entries', () => {
    let c = defaultConfig();
    c = setParameter(c, 'plugin.uriGroups[0].uris[1].name', '/hello');
    c = setParameter(c, 'plugin.uriGroups[1].name', 'admin_URIs');
    expect(c.plugin.uriGroups.map((g) => [g.name, g.uris.map((u) => u.name)])).toEqual([
      ['default_host_PluginCluster_URIs', ['/*', '/hello']],
      ['admin_URIs', ['/*']],
    ]);
    c = setParameter(c, 'plugin.routes[1].uriGroup', 'admin_URIs');
    expect(c.plugin.routes[1]).toEqual({
      virtualHostGroup: 'default_host',
      uriGroup: 'admin_URIs',
      serverCluster: 'PluginCluster',
    });
  });

  it('but not two past the end, not the servers, and not past their longest', () => {
    const c = defaultConfig();
    expect(() => setParameter(c, 'plugin.uriGroups[0].uris[2].name', '/x')).toThrow(
      'unknown parameter (no plugin.uriGroups[0].uris[2])',
    );
    expect(() => setParameter(c, 'plugin.cluster.servers[2].port', '80')).toThrow(
      'unknown parameter (no plugin.cluster.servers[2])',
    );
    let d = c;
    for (let i = 1; i < 16; i++) d = setParameter(d, `plugin.routes[${i}].uriGroup`, 'g');
    expect(() => setParameter(d, 'plugin.routes[16].uriGroup', 'g')).toThrow(
      'unknown parameter (no plugin.routes[16])',
    );
  });
});

describe('lists and what is not a parameter', () => {
  it.each([
    [
      'plugin.cluster.servers.length=3',
      'plugin.cluster.servers.length: unknown parameter (no plugin.cluster.servers.length)',
    ],
    ['plugin.routes.length=3', 'plugin.routes.length: unknown parameter (no plugin.routes.length)'],
    [
      'sessionManager.cleanupHours.length=1',
      'sessionManager.cleanupHours.length: unknown parameter (no sessionManager.cleanupHours.length)',
    ],
    [
      'plugin.cluster.servers[0].listensTo.length=0',
      'plugin.cluster.servers[0].listensTo.length: unknown parameter (no plugin.cluster.servers[0].listensTo.length)',
    ],
    ['plugin.cluster.servers[0].toString=x', 'unknown parameter (no plugin.cluster.servers[0].toString)'],
    ['plugin.__proto__.x=1', 'unknown parameter (no plugin.__proto__)'],
    ['plugin.cluster.servers[2].port=80', 'unknown parameter (no plugin.cluster.servers[2])'],
    ['sessionManager.cleanupHours[2]=4', 'unknown parameter (no sessionManager.cleanupHours[2])'],
    ['plugin.cluster=1', 'plugin.cluster: is a group of parameters, not one'],
    ['plugin.cluster.servers[0]=1', 'plugin.cluster.servers[0]: names a whole list entry'],
    [
      'plugin.cluster.servers=1',
      'plugin.cluster.servers: is a list of members; set a parameter of one of them, e.g. plugin.cluster.servers[0].memberName',
    ],
    [
      'plugin.uriGroups[0].uris=/a',
      'plugin.uriGroups[0].uris: is a list of URIs; set a parameter of one of them, e.g. plugin.uriGroups[0].uris[0].name',
    ],
  ])('refuses %s', (assignment, message) => {
    const config = defaultConfig();
    expect(() => set(assignment, config)).toThrow(message);
    expect(config).toEqual(defaultConfig());
  });

  it('sets a list from commas, and refuses one of the wrong length or with a bad entry', () => {
    expect(set('sessionManager.cleanupHours=1,3').sessionManager.cleanupHours).toEqual([1, 3]);
    expect(set('sessionManager.cleanupHours = 4 , 5').sessionManager.cleanupHours).toEqual([4, 5]);
    expect(set('sessionManager.cleanupHours[1]=7').sessionManager.cleanupHours).toEqual([0, 7]);
    expect(() => set('sessionManager.cleanupHours=1')).toThrow(
      'sessionManager.cleanupHours: must hold 2 hours of the day, got 1',
    );
    expect(() => set('sessionManager.cleanupHours=1,2,3')).toThrow(
      'sessionManager.cleanupHours: must hold 2 hours of the day, got 3',
    );
    expect(() => set('sessionManager.cleanupHours=1,24')).toThrow(
      'sessionManager.cleanupHours[1]: must be a whole number from 0 to 23, got 24',
    );
    expect(() => set('sessionManager.cleanupHours=1,x')).toThrow(
      'sessionManager.cleanupHours[1]: must be a whole number from 0 to 23, got "x"',
    );
    expect(
      set('plugin.virtualHostGroups[0].hosts=*:80,shop.example.com:8443').plugin.virtualHostGroups[0]!.hosts,
    ).toEqual(['*:80', 'shop.example.com:8443']);
    expect(() => set('plugin.virtualHostGroups[0].hosts=')).toThrow(
      'plugin.virtualHostGroups[0].hosts: must hold 1 to 32 virtual hosts, got 0',
    );
  });

  it('sets and unsets a member\u2019s optional parameters', () => {
    const c = set('plugin.cluster.servers[0].listensTo=1,2');
    expect(c.plugin.cluster.servers[0]!.listensTo).toEqual([1, 2]);
    expect(set('plugin.cluster.servers[0].listensTo=', c).plugin.cluster.servers[0]!.listensTo).toEqual([]);
    expect(set('plugin.cluster.servers[0].listensTo=null', c).plugin.cluster.servers[0]).not.toHaveProperty(
      'listensTo',
    );
    const d = set('plugin.cluster.servers[1].replicationMode=server');
    expect(
      set('plugin.cluster.servers[1].replicationMode=null', d).plugin.cluster.servers[1],
    ).not.toHaveProperty('replicationMode');
  });

  it('names the parameter a change put out of range', () => {
    const c = set('plugin.cluster.servers[1].listensTo=5');
    expect(() => set('memoryToMemory.partitions=2', c)).toThrow(
      'plugin.cluster.servers[1].listensTo[0]: must be a whole number from 1 to 2, got 5',
    );
  });

  it('keeps a valid change byte for byte: the ten-steps lab with every parameter set to its own value', () => {
    const c = tenSteps.config();
    expect(set('sessionManager.cleanupHours=0,2', c)).toEqual(c);
    expect(set('plugin.cluster.servers[1].port=9080', c)).toEqual(c);
    expect(set('memoryToMemory.replicas=single', c)).toEqual(c);
  });
});
