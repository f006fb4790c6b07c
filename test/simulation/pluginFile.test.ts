// plugin-cfg.xml as edited during a run: each value written in its attribute's kind, the changes a
// process finds when it reads the file again, and the attributes a refresh takes up.
import { describe, expect, it } from 'vitest';
import {
  defaultConfig,
  readAtRefresh,
  REFRESHED_CLUSTER_ATTRIBUTES,
  REFRESHED_SERVER_ATTRIBUTES,
} from '../../src/model/config.ts';
import { parameterAt } from '../../src/model/parameters.ts';
import { setParameter } from '../../src/model/parameterPaths.ts';
import { clusterChanges, editedCluster } from '../../src/simulation/pluginFile.ts';

const config = defaultConfig({ members: 2, processes: 2 });

describe('editedCluster', () => {
  it('writes each value as the parameter table reads it, without touching the file it started from', () => {
    const set = [
      { path: 'plugin.cluster.retryInterval', value: '10' },
      { path: 'plugin.cluster.loadBalance', value: 'Random' },
      { path: 'plugin.cluster.ignoreAffinityRequests', value: 'false' },
      { path: 'plugin.cluster.servers[1].connectTimeout', value: 'null' },
      { path: 'plugin.cluster.servers[0].configuredCloneId', value: '12345' },
      { path: 'plugin.cluster.servers[0].serverIOTimeout', value: '-60' },
    ];
    const before = config.plugin.cluster;
    const after = editedCluster(before, set);
    let expected = config;
    for (const { path, value } of set) expected = setParameter(expected, path, value);
    expect(after).toEqual(expected.plugin.cluster);
    expect(before).toEqual(defaultConfig({ members: 2, processes: 2 }).plugin.cluster);
    expect(clusterChanges(before, after)).toEqual([
      'plugin.cluster.loadBalance=Random',
      'plugin.cluster.retryInterval=10',
      'plugin.cluster.ignoreAffinityRequests=false',
      'plugin.cluster.servers[0].configuredCloneId=12345',
      'plugin.cluster.servers[0].serverIOTimeout=-60',
      'plugin.cluster.servers[1].connectTimeout=null',
    ]);
    expect(clusterChanges(after, after)).toEqual([]);
  });
});

describe('the attributes a refresh takes up', () => {
  it('are parameters of the table, and no others are', () => {
    for (const key of REFRESHED_CLUSTER_ATTRIBUTES) {
      expect(parameterAt(`plugin.cluster.${key}`)).toBeDefined();
      expect(readAtRefresh(`plugin.cluster.${key}`)).toBe(true);
    }
    for (const key of REFRESHED_SERVER_ATTRIBUTES) {
      expect(parameterAt(`plugin.cluster.servers[].${key}`)).toBeDefined();
      expect(readAtRefresh(`plugin.cluster.servers[3].${key}`)).toBe(true);
    }
    for (const path of [
      'plugin.cluster.servers[0].cloneId',
      'plugin.cluster.cloneSeparatorChange',
      'plugin.refreshInterval',
      'sessionManager.writeFrequency',
      'plugin.cluster.servers.loadBalanceWeight',
    ])
      expect(readAtRefresh(path)).toBe(false);
  });
});
