import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { defaultConfig } from '../../src/model/config.ts';
import { setParameter } from '../../src/io/configOverrides.ts';

describe('trace command', () => {
  it('lists the scenarios, one "id  title" a line', () => {
    const r = traceCommand(['--list']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('ten-steps  The ten steps of a failover inside the plug-in');
  });
  it('prints the ten-steps trace as text and as JSON', () => {
    const text = traceCommand(['--scenario', 'ten-steps', '--seed', '3', '--format', 'text']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Marking was1node_PluginMember1 down');
    const json = traceCommand(['--scenario', 'ten-steps', '--format', 'json', '--until', '1']);
    const entries = JSON.parse(json.stdout) as { t: number; type: string }[];
    expect(entries.every((e) => e.t <= 1000)).toBe(true);
    expect(entries.some((e) => e.type === 'plugin.step')).toBe(true);
  });
  it('sets parameters by path', () => {
    const r = traceCommand(['--set', 'plugin.cluster.retryInterval=5', '--until', '4']);
    expect(r.stdout).toContain('start its retry timer (5s)');
  });
  it.each([
    [['--scenario', 'nope'], 'trace: unknown scenario "nope" (see --list)'],
    [['--seed', 'abc'], 'trace: --seed: "abc" is not a whole number from 0 to 4294967295'],
    [['--seed', '-1'], 'trace: --seed: "-1" is not a whole number from 0 to 4294967295'],
    [['--format', 'xml'], 'trace: --format: "xml" is not one of text, json, plugin-log'],
    [
      ['--set', 'plugin.cluster.retryInterval=601'],
      'trace: --set plugin.cluster.retryInterval: must be a whole number from 0 to 600, got 601',
    ],
    [
      ['--set', 'plugin.cluster.retryIntervall=6'],
      'trace: --set plugin.cluster.retryIntervall: unknown parameter (no plugin.cluster.retryIntervall)',
    ],
    [['--set', 'webServer.processes=nine'], 'trace: --set webServer.processes: expects a number, got "nine"'],
    [['--bogus'], 'trace: unknown option --bogus'],
  ])('rejects %j with one line naming it', (argv, message) => {
    const r = traceCommand(argv);
    expect(r.code).not.toBe(0);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('setParameter', () => {
  it('reaches into a server list and leaves the original untouched', () => {
    const c = defaultConfig();
    const d = setParameter(c, 'plugin.cluster.servers[1].serverIOTimeout', -60);
    expect(d.plugin.cluster.servers[1]!.serverIOTimeout).toBe(-60);
    expect(c.plugin.cluster.servers[1]!.serverIOTimeout).toBe(0);
    expect(() => setParameter(c, 'plugin.cluster.servers[5].serverIOTimeout', 1)).toThrow(
      'no plugin.cluster.servers[5]',
    );
    expect(
      setParameter(c, 'plugin.cluster.servers[0].connectTimeout', null).plugin.cluster.servers[0]!
        .connectTimeout,
    ).toBeNull();
  });
});

describe('npm run trace (as a user types it)', () => {
  it('exits non-zero with the message on stderr', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync('node', ['--import', 'tsx', 'src/cli/trace.ts', '--scenario', 'missing'], {
        stdio: 'pipe',
      });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    expect(status).toBe(2);
    expect(stderr).toBe('trace: unknown scenario "missing" (see --list)\n');
  });
});
