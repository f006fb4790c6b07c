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
    // The default configuration differs from the defaults nowhere (the clone IDs have none: generated).
    expect(Object.keys(defaults).filter((k) => defaults[k] !== values[k])).toEqual([]);
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
