// The lab's configuration as the plug-in reads it: a plugin-cfg.xml with the elements and attributes of
// DOMAIN.md §1 (Config, VirtualHostGroup, ServerCluster with its Servers and their Transports,
// PrimaryServers and BackupServers, UriGroup, Route), so that what a trainee set in the lab can be read
// beside a real file. Values the configuration leaves unset (a ConnectTimeout of none) are left out, as
// the product's generator leaves them out.

import type { LabConfig, ServerConfig } from '../model/config.ts';

/** A value in an XML attribute: its markup characters as entities. */
export function xmlAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `<Name a="1" b="2"` with the attributes given (undefined ones left out), in the order given. */
function open(name: string, attributes: [string, string | number | boolean | null | undefined][]): string {
  const written = attributes
    .filter((a): a is [string, string | number | boolean] => a[1] !== undefined && a[1] !== null)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join('');
  return `<${name}${written}`;
}

/**
 * plugin-cfg.xml names a server `node_member`; a member called by the whole Name its file gave it (an
 * imported `nodeA_shop1`, or a `server1` whose node is its own name) keeps it.
 */
export const serverName = (s: ServerConfig): string =>
  s.memberName === s.nodeName || s.memberName.startsWith(`${s.nodeName}_`)
    ? s.memberName
    : `${s.nodeName}_${s.memberName}`;

/** The plugin-cfg.xml that configures this lab's plug-in. */
export function pluginCfgXml(config: LabConfig): string {
  const p = config.plugin;
  const c = p.cluster;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // A comment may not hold `--`: it names no name of the configuration's.
    `<!-- Written by Failover Lab for its WebSphere ${config.version} run, ${c.servers.length} cluster members. -->`,
    `${open('Config', [
      ['IgnoreDNSFailures', false],
      ['RefreshInterval', p.refreshInterval],
    ])}>`,
  ];
  for (const g of p.virtualHostGroups) {
    lines.push(`  ${open('VirtualHostGroup', [['Name', g.name]])}>`);
    for (const h of g.hosts) lines.push(`    ${open('VirtualHost', [['Name', h]])}/>`);
    lines.push('  </VirtualHostGroup>');
  }
  lines.push(
    `  ${open('ServerCluster', [
      ['Name', c.name],
      ['LoadBalance', c.loadBalance],
      ['RetryInterval', c.retryInterval],
      ['IgnoreAffinityRequests', c.ignoreAffinityRequests],
      ['PostSizeLimit', c.postSizeLimit],
      ['PostBufferSize', c.postBufferSize],
      ['ServerIOTimeoutRetry', c.serverIOTimeoutRetry],
      ['GetDWLMTable', c.getDWLMTable],
      ['CloneSeparatorChange', c.cloneSeparatorChange],
      ['RemoveSpecialHeaders', true],
    ])}>`,
  );
  for (const s of c.servers) {
    lines.push(
      `    ${open('Server', [
        ['Name', serverName(s)],
        ['CloneID', s.configuredCloneId],
        ['LoadBalanceWeight', s.loadBalanceWeight],
        ['ConnectTimeout', s.connectTimeout],
        ['ServerIOTimeout', s.serverIOTimeout],
        ['MaxConnections', s.maxConnections],
        ['WaitForContinue', s.waitForContinue],
        ['ExtendedHandshake', s.extendedHandshake],
      ])}>`,
      `      ${open('Transport', [
        ['Hostname', s.hostname],
        ['Port', s.port],
        ['Protocol', 'http'],
      ])}/>`,
      '    </Server>',
    );
  }
  for (const [element, role] of [
    ['PrimaryServers', 'primary'],
    ['BackupServers', 'backup'],
  ] as const) {
    const listed = c.servers.filter((s) => s.role === role);
    if (listed.length === 0) continue;
    lines.push(`    <${element}>`);
    for (const s of listed) lines.push(`      ${open('Server', [['Name', serverName(s)]])}/>`);
    lines.push(`    </${element}>`);
  }
  lines.push('  </ServerCluster>');
  for (const g of p.uriGroups) {
    lines.push(`  ${open('UriGroup', [['Name', g.name]])}>`);
    for (const u of g.uris)
      lines.push(
        `    ${open('Uri', [
          ['AffinityCookie', u.affinityCookie],
          ['AffinityURLIdentifier', u.affinityURLIdentifier],
          ['Name', u.name],
        ])}/>`,
      );
    lines.push('  </UriGroup>');
  }
  for (const r of p.routes)
    lines.push(
      `  ${open('Route', [
        ['ServerCluster', r.serverCluster],
        ['UriGroup', r.uriGroup],
        ['VirtualHostGroup', r.virtualHostGroup],
      ])}/>`,
    );
  lines.push('</Config>');
  return `${lines.join('\n')}\n`;
}
