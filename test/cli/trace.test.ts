import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { defaultConfig } from '../../src/model/config.ts';
import { parseAssignment, setParameter } from '../../src/model/parameterPaths.ts';

describe('trace command', () => {
  it('lists the scenarios, one "id  title" a line', () => {
    const r = traceCommand(['--list']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('ten-steps  The ten steps of a failover inside the plug-in');
  });
  it('lists the lessons after the scenarios', () => {
    const ids = traceCommand(['--list'])
      .stdout.trim()
      .split('\n')
      .map((l) => l.split('  ')[0]);
    expect(ids.slice(0, 3)).toEqual(['ten-steps', 'affinity-basics', 'clean-stop']);
  });
  it('narrates a lesson beat by beat, each with its time and source', () => {
    const r = traceCommand(['--scenario', 'clean-stop', '--format', 'narration']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => /^t=\d+\.\d{3}s .+ \((WebSphere|IBM) [^)]+\)$/.test(l))).toBe(true);
    // The ten-steps scenario is narrated step by step; the sandbox has no narration.
    expect(traceCommand(['--format', 'narration']).stdout).toContain('t=3.022s Step 6. ');
    expect(traceCommand(['--scenario', 'sandbox', '--format', 'narration', '--until', '1']).stdout).toMatch(
      /no narration/,
    );
  });
  it("says where the run leaves a lesson's script, and what the trace shows from there", () => {
    const r = traceCommand([
      '--scenario',
      'clean-stop',
      '--format',
      'narration',
      '--at',
      '6 crash PluginMember3',
    ]);
    const lines = r.stdout.trim().split('\n');
    expect(lines[2]).toBe(
      "t=6.000s The run has left the lesson's script here (crash PluginMember3); what the trace shows from here:",
    );
    expect(lines.slice(3).some((l) => l.includes('member.crashed'))).toBe(true);
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
  it('sets a list with commas: scheduled cleanup purges the expired session in the first hour given', () => {
    // The lab's clock reads 09:00 at t=0: 00:00 is 15 h in, 01:00 is 16 h in.
    const purgedAt = (...sets: string[]): number => {
      const argv = ['--until', '86400', '--format', 'json', '--set', 'sessionManager.scheduledCleanup=true'];
      const r = traceCommand([...argv, ...sets.flatMap((s) => ['--set', s])]);
      expect(r.stderr).toBe('');
      const entries = JSON.parse(r.stdout) as { t: number; type: string }[];
      return entries.find((e) => e.type === 'session.invalidated')!.t / 3600000;
    };
    expect(Math.floor(purgedAt())).toBe(15);
    expect(Math.floor(purgedAt('sessionManager.cleanupHours=1,3'))).toBe(16);
  });
  it('runs up to 24 simulated hours and says so in its usage', () => {
    const r = traceCommand(['--until', '86400', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { t: number }[]).at(-1)!.t).toBeLessThanOrEqual(86400000);
    expect(traceCommand(['--bogus']).stderr).toContain('--until SECONDS (at most 86400, 24 simulated hours)');
  });
  it('lists the parameters with their ranges for --set help', () => {
    const r = traceCommand(['--set', 'help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'memoryToMemory.replicas  single, entireDomain or 1–15  How many other members keep a copy of each session\n',
    );
    expect(r.stdout).toContain('sessionManager.cleanupHours  list of 2 hours of the day (0–23), e.g. 0,2  ');
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
    [
      ['--set', 'webServer.processes=nine'],
      'trace: --set webServer.processes: must be a whole number from 1 to 8, got "nine"',
    ],
    [
      ['--set', 'network.browserLatency=-5'],
      'trace: --set network.browserLatency: must be a whole number from 0 to 60000, got -5',
    ],
    [
      ['--set', 'memoryToMemory.replicas=abc'],
      'trace: --set memoryToMemory.replicas: must be single, entireDomain or a whole number from 1 to 15, got "abc"',
    ],
    [
      ['--set', 'plugin.cluster.servers.length=3'],
      'trace: --set plugin.cluster.servers.length: unknown parameter (no plugin.cluster.servers.length)',
    ],
    [
      ['--set', 'sessionManager.cleanupHours=1'],
      'trace: --set sessionManager.cleanupHours: must hold 2 hours of the day, got 1',
    ],
    [
      ['--set', 'plugin.cluster.servers[1].listensTo=5', '--set', 'memoryToMemory.partitions=2'],
      'trace: --set memoryToMemory.partitions=2: plugin.cluster.servers[1].listensTo[0]: must be a whole number from 1 to 2, got 5',
    ],
    [
      ['--set', 'plugin.cluster.servers[0].memberName=Other'],
      'trace: --set plugin.cluster.servers[0].memberName=Other: sessions: no cluster member named PluginMember1',
    ],
    [
      ['--until', '86400.5'],
      'trace: --until: "86400.5" is not a number of seconds from 0 to 86400 (24 simulated hours)',
    ],
    [['--until', '100000000'], 'trace: --until: "100000000" is not a number of seconds from 0 to 86400'],
    [['--list', '--scenario', 'nope'], 'trace: unknown scenario "nope" (see --list)'],
    [
      ['--list', '--set', 'memoryToMemory.replicas=0'],
      'trace: --set memoryToMemory.replicas: must be single, entireDomain',
    ],
    [['--set', 'help', '--set', 'bogus=1'], 'trace: --set bogus: unknown parameter (no bogus)'],
    [['--bogus'], 'trace: unknown option --bogus'],
  ])('rejects %j with one line naming it', (argv, message) => {
    const r = traceCommand(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
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

  it('moves the lab to another WebSphere level with that level\u2019s defaults', () => {
    const { text } = parseAssignment('version=5.1');
    const was5 = setParameter(defaultConfig(), 'version', text);
    expect(was5.version).toBe('5.1');
    expect(was5.switches).toEqual(defaultConfig({ version: '5.1' }).switches);
    expect(was5.plugin.cluster.servers.map((s) => s.connectTimeout)).toEqual([null, null]);
    expect(was5.memoryToMemory.fetchTimeout).toBe(5000);
    expect(setParameter(was5, 'version', parseAssignment('version=7.0').text).version).toBe('7.0');
    expect(() => setParameter(was5, 'version', '5.2')).toThrow(/version: must be one of 5\.1, 6\.1/);
    expect(() => setParameter(was5, 'version', 5.2)).toThrow(/version: must be one of 5\.1, 6\.1/);
  });

  it('sets a member\u2019s optional parameters (replication groups, mode) and keeps text as written', () => {
    const c = defaultConfig();
    const set = (text: string) => {
      const a = parseAssignment(text);
      return setParameter(c, a.path, a.text);
    };
    expect(set('plugin.cluster.servers[1].listensTo=2, 5').plugin.cluster.servers[1]!.listensTo).toEqual([
      2, 5,
    ]);
    expect(() => set('plugin.cluster.servers[1].listensTo=2,x')).toThrow(
      'plugin.cluster.servers[1].listensTo[1]: must be a whole number from 1 to 10, got "x"',
    );
    expect(() => set('plugin.cluster.servers[1].listensTo=11')).toThrow(
      'listensTo[0]: must be a whole number from 1 to 10',
    );
    expect(
      set('plugin.cluster.servers[0].replicationMode=client').plugin.cluster.servers[0]!.replicationMode,
    ).toBe('client');
    expect(() => set('plugin.cluster.servers[0].replicationMode=clients')).toThrow(
      'must be one of client, server, both',
    );
    expect(set('plugin.cluster.servers[0].partitionId=042').plugin.cluster.servers[0]!.partitionId).toBe(
      '042',
    );
    expect(() => set('plugin.cluster.servers[0].constructor=1')).toThrow('unknown parameter');
    expect(() => set('listensTo=1')).toThrow('unknown parameter');
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

  it('ends quietly when the reader closes the pipe early (| head -1)', async () => {
    const child = spawn(
      'node',
      ['--import', 'tsx', 'src/cli/trace.ts', '--until', '86400', '--format', 'json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read the first chunk, then close our end while the command is still writing.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
