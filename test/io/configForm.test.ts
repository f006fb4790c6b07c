// The configuration panel's form: every parameter of DOMAIN.md §9.2 under the product's names, each
// with its value, default and words; changes applied together through the same rules as --set.
import { describe, expect, it } from 'vitest';
import { applyForm, formDefaults, formGroups, formValues } from '../../src/io/configForm.ts';
import { defaultConfig } from '../../src/model/config.ts';
import { parameters } from '../../src/model/parameters.ts';

const config = defaultConfig({ members: 3, processes: 2 });

describe('the configuration form', () => {
  it('groups the parameters as DOMAIN.md §9.2 does, with a row of Server attributes per member', () => {
    const groups = formGroups(config);
    expect(groups.map((g) => g.title)).toEqual([
      'Version profile',
      'Web server',
      'ServerCluster',
      'Server PluginMember1',
      'Server PluginMember2',
      'Server PluginMember3',
      'Member runtime',
      'Session manager',
      'Memory-to-memory replication',
      'HA manager',
      'Plug-in behaviour switches',
      'Network and database',
      'WebSphere Portal',
    ]);
    const labels = groups.flatMap((g) => g.fields.map((f) => f.label));
    for (const name of [
      'RetryInterval',
      'LoadBalance',
      'IgnoreAffinityRequests',
      'PostBufferSize',
      'ServerIOTimeout',
      'MaxConnections',
      'LoadBalanceWeight',
      'CloneID',
      'Write frequency',
      'Write contents',
      'Tuning level',
      'Persistence',
      'Replication mode',
      'Number of replicas',
      'NoAffinitySwitchBack',
      'WebSphere level',
    ])
      expect(labels).toContain(name);
    // Every one of them has words, a range and an input of its kind.
    for (const f of groups.flatMap((g) => g.fields)) {
      expect(f.help, f.path).toMatch(/\w/);
      expect(f.range, f.path).toMatch(/\w/);
    }
    // Every scalar parameter of the table is in the form, but plugin-cfg.xml's routing (its own issue).
    const inForm = new Set(groups.flatMap((g) => g.fields.map((f) => f.path.replace(/\[\d+\]/g, '[]'))));
    const left = parameters.filter((d) => d.kind !== 'entries' && !inForm.has(d.path)).map((d) => d.path);
    expect(
      left.filter(
        (p) =>
          !/^plugin\.(virtualHostGroups|uriGroups|routes)|^plugin\.cluster\.name$|servers\[\]\.(memberName|nodeName|cloneId|hostname|port|partitionId|replicationMode|listensTo)$/.test(
            p,
          ),
      ),
    ).toEqual([]);
  });

  it('shows each value as the command line writes it, and the product’s default at the level', () => {
    const values = formValues(config);
    const defaults = formDefaults(config);
    expect(values['plugin.cluster.retryInterval']).toBe('60');
    expect(values['plugin.cluster.servers[1].connectTimeout']).toBe(
      defaults['plugin.cluster.servers[1].connectTimeout'],
    );
    expect(values['sessionManager.cleanupHours']).toMatch(/^\d+,\d+$/);
    expect(values['plugin.cluster.servers[0].configuredCloneId']).toBe(
      config.plugin.cluster.servers[0]!.cloneId,
    );
    // The defaults are DOMAIN.md §9.2's at 8.5.5.
    expect({
      processes: defaults['webServer.processes'],
      loadBalance: defaults['plugin.cluster.loadBalance'],
      retryInterval: defaults['plugin.cluster.retryInterval'],
      ignoreAffinityRequests: defaults['plugin.cluster.ignoreAffinityRequests'],
      postBufferSize: defaults['plugin.cluster.postBufferSize'],
      postSizeLimit: defaults['plugin.cluster.postSizeLimit'],
      serverIOTimeoutRetry: defaults['plugin.cluster.serverIOTimeoutRetry'],
      getDWLMTable: defaults['plugin.cluster.getDWLMTable'],
      weight: defaults['plugin.cluster.servers[0].loadBalanceWeight'],
      connectTimeout: defaults['plugin.cluster.servers[0].connectTimeout'],
      serverIOTimeout: defaults['plugin.cluster.servers[0].serverIOTimeout'],
      maxConnections: defaults['plugin.cluster.servers[0].maxConnections'],
      role: defaults['plugin.cluster.servers[0].role'],
      persistence: defaults['sessionManager.persistence'],
      tuningLevel: defaults['sessionManager.tuningLevel'],
      writeFrequency: defaults['sessionManager.writeFrequency'],
      writeInterval: defaults['sessionManager.writeInterval'],
      writeContents: defaults['sessionManager.writeContents'],
      maxInMemory: defaults['sessionManager.maxInMemorySessionCount'],
      allowOverflow: defaults['sessionManager.allowOverflow'],
      sessionTimeout: defaults['sessionManager.sessionTimeout'],
      noAffinitySwitchBack: defaults['sessionManager.noAffinitySwitchBack'],
      m2mMode: defaults['memoryToMemory.mode'],
      heartbeat: defaults['haManager.heartbeatInterval'],
      failureDetection: defaults['haManager.failureDetectionTimeout'],
    }).toEqual({
      processes: '2',
      loadBalance: 'Round Robin',
      retryInterval: '60',
      ignoreAffinityRequests: 'true',
      postBufferSize: '64',
      postSizeLimit: '-1',
      serverIOTimeoutRetry: '-1',
      getDWLMTable: 'false',
      weight: '2',
      connectTimeout: '5',
      serverIOTimeout: '0',
      maxConnections: '-1',
      role: 'primary',
      persistence: 'database',
      tuningLevel: 'custom',
      writeFrequency: 'timeBasedWrite',
      writeInterval: '10',
      writeContents: 'onlyUpdatedAttributes',
      maxInMemory: '1000',
      allowOverflow: 'true',
      sessionTimeout: '30',
      noAffinitySwitchBack: 'false',
      m2mMode: 'both',
      heartbeat: '30',
      failureDetection: '180',
    });
  });

  it('says which values are the lab’s (the documents give none), and that 5.1 has no IgnoreAffinityRequests', () => {
    const fields = formGroups(config).flatMap((g) => g.fields);
    const lab = fields.filter((f) => f.labValue).map((f) => f.path);
    expect(lab).toContain('memberRuntime.webContainerThreads');
    expect(lab).toContain('memoryToMemory.replicationLag');
    expect(lab).toContain('network.memberLatency');
    expect(lab).not.toContain('plugin.cluster.retryInterval');
    const at51 = formGroups(defaultConfig({ version: '5.1' })).flatMap((g) => g.fields);
    expect(at51.find((f) => f.path === 'plugin.cluster.ignoreAffinityRequests')!.help).toMatch(
      /does not know it: it has no effect$/,
    );
    expect(fields.find((f) => f.path === 'plugin.cluster.ignoreAffinityRequests')!.help).not.toMatch(
      /no effect/,
    );
  });

  it('applies every change at once, the WebSphere level first (it sets other defaults)', () => {
    const before = formValues(config);
    const r = applyForm(
      config,
      {
        ...before,
        'plugin.cluster.retryInterval': '10',
        version: '6.1',
        'plugin.cluster.servers[2].serverIOTimeout': '-60',
      },
      before,
    );
    expect('config' in r).toBe(true);
    if (!('config' in r)) return;
    expect(r.changed).toEqual([
      'version',
      'plugin.cluster.retryInterval',
      'plugin.cluster.servers[2].serverIOTimeout',
    ]);
    expect(r.config.version).toBe('6.1');
    expect(r.config.plugin.cluster.retryInterval).toBe(10);
    expect(r.config.plugin.cluster.servers[2]!.serverIOTimeout).toBe(-60);
    expect(config.plugin.cluster.retryInterval).toBe(60); // the run's own configuration is untouched
  });

  it('names each bad value by its field, and then applies nothing', () => {
    const before = formValues(config);
    const r = applyForm(
      config,
      {
        ...before,
        'plugin.cluster.retryInterval': '9999',
        'sessionManager.writeInterval': 'soon',
        'plugin.cluster.loadBalance': 'Random',
      },
      before,
    );
    expect(r).toEqual({
      errors: {
        'plugin.cluster.retryInterval': 'must be a whole number from 0 to 600, got 9999',
        'sessionManager.writeInterval': expect.stringMatching(/got "soon"/),
      },
    });
  });
});
