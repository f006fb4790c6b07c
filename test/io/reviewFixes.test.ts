// @vitest-environment jsdom
// What a second look at the address, the run files and the exports found, each held to.
import { describe, expect, it } from 'vitest';
import { parseAction, pluginCfgAssignments } from '../../src/simulation/actionWords.ts';
import { wordsOf } from '../../src/simulation/interventions.ts';
import { readRunFile } from '../../src/io/runFile.ts';
import { parseLabQuery } from '../../src/io/urlState.ts';
import { codeSpan } from '../../src/io/exports.ts';
import { pluginCfgXml } from '../../src/io/pluginCfgXml.ts';
import { lab } from '../helpers.ts';

const ctx = { defaultPath: '/shop/cart' };

describe('what a second look found', () => {
  it('a write error’s reason reads back as written, whatever words it holds', () => {
    const action = {
      kind: 'writeError' as const,
      member: 'PluginMember1',
      reason: 'disk full on ihs#2 at /var/db',
    };
    expect(parseAction(wordsOf(action).split(' '), ctx)).toEqual(action);
  });

  it('an edit of plugin-cfg.xml whose value has spaces reads back whole', () => {
    const action = {
      kind: 'editPluginCfg' as const,
      set: [
        { path: 'plugin.cluster.loadBalance', value: 'Round Robin' },
        { path: 'plugin.cluster.retryInterval', value: '10' },
      ],
    };
    expect(parseAction(wordsOf(action).split(' '), ctx)).toEqual(action);
    expect(pluginCfgAssignments(['plugin.cluster.loadBalance=Round', 'Robin'])).toEqual([
      { path: 'plugin.cluster.loadBalance', value: 'Round Robin' },
    ]);
    expect(pluginCfgAssignments(['Robin'])).toBeNull();
  });

  it('a run file with a key every object has (constructor, toString) is refused', () => {
    for (const key of ['constructor', 'toString', '__proto__']) {
      const text = `{"format":"failover-lab run","version":1,"scenario":"ten-steps","${key}":1}`;
      expect(readRunFile(text).errors).toEqual([
        expect.stringMatching(new RegExp(`^the run file: unknown key "${key}"`)),
      ]);
    }
  });

  it('names at most twenty problems one by one, and counts the rest', () => {
    const q = `?${Array.from({ length: 1000 }, (_, i) => `k${i}=1`).join('&')}`;
    const { errors } = parseLabQuery(q);
    expect(errors).toHaveLength(21);
    expect(errors[20]).toBe('…and 980 more problems with the address');
  });

  it('a code span holds any text, backticks and markup included', () => {
    expect(codeSpan('1.5 crash PluginMember1')).toBe('`1.5 crash PluginMember1`');
    expect(codeSpan('a ` <img onerror=x>')).toBe('`` a ` <img onerror=x> ``');
    expect(codeSpan('``x')).toBe('``` ``x ```');
  });

  it('plugin-cfg.xml stays well-formed whatever the cluster is called', () => {
    const config = lab();
    config.plugin.cluster.name = 'my--cluster';
    config.plugin.routes[0]!.serverCluster = 'my--cluster';
    const doc = new DOMParser().parseFromString(pluginCfgXml(config), 'application/xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.querySelector('ServerCluster')!.getAttribute('Name')).toBe('my--cluster');
  });
});
