// `npm run trace -- --config FILE`: the sandbox's workload on a real plugin-cfg.xml's cluster, headless,
// with --at faults; the same run as the sandbox with the parameters the file sets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { parseXmlInNode } from '../../src/cli/nodeXml.ts';
import { importCluster, readPluginCfg } from '../../src/io/pluginCfgImport.ts';

const EXAMPLE = readFileSync(new URL('../../docs/examples/plugin-cfg.xml', import.meta.url), 'utf8');
const files = (map: Record<string, string>) => (path: string) => {
  if (!(path in map)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return map[path]!;
};
const read = files({
  'plugin-cfg.xml': EXAMPLE,
  'two.xml': EXAMPLE.replace(
    '</Config>',
    '<ServerCluster Name="Other"><Server Name="n_s" CloneID="abc"><Transport Hostname="h" Port="1" Protocol="http"/></Server></ServerCluster></Config>',
  ),
  'broken.xml': '<Config>\n  <ServerCluster Name="x">\n</Config>',
});
const faults = ['--at', '20 crash nodeA_shop1', '--at', '20 crash nodeB_shop2', '--until', '60'];

describe('trace --config FILE', () => {
  it("runs the file's cluster, its backup server taking the requests when both primaries are down", () => {
    const r = traceCommand(['--config', 'plugin-cfg.xml', '--seed', '3', ...faults], read);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const firstToBackup = lines.findIndex((l) => /step 9: pick nodeC_shopDR .*BackupServers/.test(l));
    expect(firstToBackup).toBeGreaterThan(0);
    // Before the crashes only the primaries served; the users browse the file's /shop/* pages.
    const before = lines.filter((l) => /^t=1?\d\.\d+s /.test(l));
    expect(
      before.some((l) => / to nodeA_shop1 /.test(l)) && before.some((l) => / to nodeB_shop2 /.test(l)),
    ).toBe(true);
    expect(before.some((l) => /nodeC_shopDR .*\/shop\/cart|send .* to nodeC_shopDR/.test(l))).toBe(false);
    expect(r.stderr).toContain(
      'trace: --config plugin-cfg.xml: not modelled: ServerCluster "ShopCluster": RemoveSpecialHeaders="true"\n',
    );
  });

  it('is the same run as the sandbox with the parameters the file sets', () => {
    const imported = importCluster(readPluginCfg(EXAMPLE, parseXmlInNode));
    const bySets = traceCommand(
      [
        '--scenario',
        'sandbox',
        '--members',
        String(imported.members),
        '--seed',
        '3',
        ...imported.sets.flatMap((s) => ['--set', s]),
        ...faults,
      ],
      read,
    );
    expect(traceCommand(['--config', 'plugin-cfg.xml', '--seed', '3', ...faults], read).stdout).toBe(
      bySets.stdout,
    );
  });

  it('writes the cluster back as plugin-cfg.xml, with --set changes on top', () => {
    const r = traceCommand(
      ['--config', 'plugin-cfg.xml', '--set', 'plugin.cluster.retryInterval=5', '--format', 'plugin-cfg'],
      read,
    );
    expect(r.stdout).toContain('<Server Name="nodeC_shopDR" CloneID="16k7ab9mn"');
    expect(r.stdout).toContain('RetryInterval="5"');
    expect(r.stdout).toMatch(/<BackupServers>\s*<Server Name="nodeC_shopDR"\/>/);
  });

  it.each([
    [['--config', 'missing.xml'], 'trace: --config missing.xml: cannot read it (ENOENT)\n'],
    [
      ['--config', 'broken.xml'],
      'trace: --config broken.xml: The file is not well-formed XML: line 2, column 27: Opening and ending tag mismatch: "ServerCluster" != "Config"\n',
    ],
    [
      ['--config', 'two.xml'],
      'trace: --config two.xml: The file has 2 ServerClusters (ShopCluster, Other): choose one with --cluster NAME\n',
    ],
    [
      ['--config', 'two.xml', '--cluster', 'Other'],
      'trace: --config two.xml: No Route sends requests to ServerCluster "Other": the plug-in would never use it\n',
    ],
    [['--cluster', 'Other'], 'trace: --cluster names a cluster of --config FILE\n'],
    [
      ['--config', 'plugin-cfg.xml', '--scenario', 'ten-steps'],
      "trace: --scenario cannot be given with --config: the file's cluster is the run's (--processes and --users may)\n",
    ],
  ])('refuses %j, saying why', (argv, stderr) => {
    expect(traceCommand(argv, read)).toEqual({ code: 2, stdout: '', stderr });
  });
});
