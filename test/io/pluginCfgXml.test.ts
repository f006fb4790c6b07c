// @vitest-environment jsdom
// The lab's configuration written as plugin-cfg.xml: well-formed, with the product's elements and
// attributes, read back by an XML parser to the values the lab runs with.
import { describe, expect, it } from 'vitest';
import { pluginCfgXml, xmlAttribute } from '../../src/io/pluginCfgXml.ts';
import { setParameter } from '../../src/model/parameterPaths.ts';
import { lab } from '../helpers.ts';

const parse = (xml: string): Document => {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc;
};

describe('plugin-cfg.xml written from the lab', () => {
  it('has the product’s elements, and the values the lab runs with', () => {
    let config = lab(undefined, { members: 3 });
    config = setParameter(config, 'plugin.cluster.retryInterval', '10');
    config = setParameter(config, 'plugin.cluster.servers[2].role', 'backup');
    config = setParameter(config, 'plugin.cluster.servers[0].serverIOTimeout', '-60');
    const doc = parse(pluginCfgXml(config));
    const cluster = doc.querySelector('Config > ServerCluster')!;
    expect(cluster.getAttribute('Name')).toBe(config.plugin.cluster.name);
    expect(cluster.getAttribute('RetryInterval')).toBe('10');
    expect(cluster.getAttribute('LoadBalance')).toBe('Round Robin');
    const servers = [...cluster.querySelectorAll(':scope > Server')];
    expect(servers.map((s) => s.getAttribute('CloneID'))).toEqual(
      config.plugin.cluster.servers.map((s) => s.cloneId),
    );
    expect(servers[0]!.getAttribute('ServerIOTimeout')).toBe('-60');
    expect(servers[0]!.querySelector('Transport')!.getAttribute('Port')).toBe('9080');
    const names = (list: string) =>
      [...cluster.querySelectorAll(`:scope > ${list} > Server`)].map((s) => s.getAttribute('Name'));
    expect(names('PrimaryServers')).toEqual([
      servers[0]!.getAttribute('Name'),
      servers[1]!.getAttribute('Name'),
    ]);
    expect(names('BackupServers')).toEqual([servers[2]!.getAttribute('Name')]);
    const route = doc.querySelector('Config > Route')!;
    expect(route.getAttribute('ServerCluster')).toBe(cluster.getAttribute('Name'));
    expect(
      doc
        .querySelector(`UriGroup[Name="${route.getAttribute('UriGroup')}"] > Uri`)!
        .getAttribute('AffinityCookie'),
    ).toBe('JSESSIONID');
    expect(doc.documentElement.getAttribute('RefreshInterval')).toBe('60');
  });

  it('writes a value with markup in it as text', () => {
    expect(xmlAttribute(`a<b>&"c'`)).toBe('a&#60;b&#62;&#38;&#34;c&#39;');
    const config = lab();
    config.plugin.cluster.name = 'Shop & <Cart> "1"';
    config.plugin.routes[0]!.serverCluster = config.plugin.cluster.name;
    const doc = parse(pluginCfgXml(config));
    expect(doc.querySelector('ServerCluster')!.getAttribute('Name')).toBe('Shop & <Cart> "1"');
  });
});
