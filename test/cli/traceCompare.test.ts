// `npm run trace -- --compare A B`: one run per configuration on the same seed, workload and faults; the
// table's figures are those each run gives alone.
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';

const run = ['--scenario', 'sandbox', '--members', '3', '--seed', '2', '--until', '120'];
const faults = ['--at', '30 crash PluginMember1'];
const configs = [
  'sessionManager.writeFrequency=endOfServletService',
  'sessionManager.writeFrequency=timeBasedWrite',
];

/** The run alone, as --format json gives it. */
const alone = (set: string): TraceEntry[] => {
  const r = traceCommand([...run, ...faults, '--set', set, '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as TraceEntry[];
};
const count = (entries: TraceEntry[], ...types: string[]) =>
  entries.filter((e) => types.includes(e.type)).length;

describe('trace --compare', () => {
  it("gives each configuration's figures as its own run counts them", () => {
    const r = traceCommand([...run, ...faults, '--compare', ...configs, '--format', 'json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const table = JSON.parse(r.stdout) as { columns: string[]; rows: Record<string, (number | null)[]> };
    expect(table.columns).toEqual(configs);
    const runs = configs.map(alone);
    expect(table.rows['updates lost']).toEqual(runs.map((t) => count(t, 'ledger.lost')));
    expect(table.rows['store writes']).toEqual(
      runs.map((t) => count(t, 'session.written', 'replica.update')),
    );
    // Failovers: sessions read from the store or a replica once the crash has been made.
    const crashAt = (t: TraceEntry[]) => t.find((e) => e.type === 'fault.crash')!.t;
    expect(table.rows['failovers']).toEqual(
      runs.map((t) =>
        count(
          t.filter((e) => e.t >= crashAt(t)),
          'session.readFromStore',
          'session.fromReplica',
          'session.fetched',
        ),
      ),
    );
    expect(table.rows['requests failed']).toEqual(
      runs.map((t) => t.filter((e) => e.type === 'browser.page' && (e.data?.status ?? 0) >= 400).length),
    );
    expect(table.rows['sessions in two JVMs']).toEqual(runs.map((t) => count(t, 'monitor.sessionInTwoJvms')));
    // The configurations differ where the lesson says they do: time-based writes lose an update, and
    // end-of-service writes write far more often.
    const [service, timed] = [0, 1].map((i) => ({
      lost: table.rows['updates lost']![i]!,
      writes: table.rows['store writes']![i]!,
    }));
    expect(timed!.lost).toBeGreaterThan(service!.lost);
    expect(service!.writes).toBeGreaterThan(timed!.writes * 2);
    expect(Object.keys(table.rows)).toEqual([
      'requests failed',
      'updates lost',
      'failovers',
      'store writes',
      'time to recover',
      'sessions in two JVMs',
    ]);
  });

  it('writes the same table as text, a column per configuration', () => {
    const r = traceCommand([
      ...run,
      ...faults,
      '--compare',
      'plugin.cluster.retryInterval=60',
      'plugin.cluster.retryInterval=10',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+plugin\.cluster\.retryInterval=60\s+plugin\.cluster\.retryInterval=10$/);
    expect(lines.slice(1).map((l) => l.replace(/\s{2,}.*$/, ''))).toEqual([
      'requests failed',
      'updates lost',
      'failovers',
      'store writes',
      'time to recover',
      'sessions in two JVMs',
    ]);
    expect(lines[5]).toMatch(/^time to recover\s+\d+\.\d{3}s\s+\d+\.\d{3}s$/);
  });

  it.each([
    [['--compare', 'a=1'], /--compare takes 2 to 4 configurations/],
    [
      ['--compare', 'sessionManager.writeFrequency=never', 'x'],
      /--compare "sessionManager.writeFrequency=never": sessionManager.writeFrequency: must be one of/,
    ],
    [
      ['--compare', 'nothing', 'plugin.cluster.retryInterval=1'],
      /--compare "nothing": each configuration is PATH=VALUE pairs/,
    ],
    [
      [
        '--compare',
        'plugin.cluster.retryInterval=1',
        'plugin.cluster.retryInterval=2',
        '--format',
        'mermaid',
      ],
      /--compare writes its table as text or json, not mermaid/,
    ],
  ])('refuses %j, saying why', (argv, message) => {
    const r = traceCommand([...run, ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
