import { describe, expect, it } from 'vitest';
import { defaultConfig, profileDefaults, validateConfig, versionProfiles } from '../../src/model/config.ts';
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
