// `npm run trace -- --at "T ACTION ARGS"` and `--scenario sandbox --members N --processes N --users N`.
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { actionWords } from '../../src/simulation/actionWords.ts';
import { detailsOf, type TraceEntry } from '../../src/simulation/trace.ts';

const json = (argv: string[]): TraceEntry[] => {
  const r = traceCommand([...argv, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as TraceEntry[];
};

describe('--at', () => {
  it('adds an intervention at simulated second T, named in the trace with the same words', () => {
    const trace = json(['--scenario', 'ten-steps', '--at', '1.25 hang PluginMember2']);
    const e = trace.find((x) => x.type === 'fault.hang')!;
    expect(e).toMatchObject({ t: 1250, actor: 'lab', data: { action: 'hang PluginMember2' } });
    expect(trace.some((x) => x.type === 'member.hung' && x.actor === 'PluginMember2')).toBe(true);
  });

  it('`--at help` lists every action, one line each', () => {
    const r = traceCommand(['--at', 'help']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(actionWords.length);
    expect(r.stdout).toContain('write-error MEMBER');
  });

  it.each([
    [['--at', '2 explode PluginMember1'], /--at "2 explode PluginMember1": unknown action "explode"/],
    [['--at', '2 crash PluginMember9'], /no cluster member named PluginMember9/],
    [['--at', '2 get bob /snoop'], /no user named bob \(this lab has u1\)/],
    [['--at', '2 restart-process ihs#7'], /no web server process ihs#7/],
    [['--at', '2 get u1 /snoop ihs#7'], /no web server process ihs#7/],
    [['--at', '7 crash PluginMember1'], /7 s is after the run ends at 6 s/],
    [['--at', '1 crash PluginMember1', '--until', '0.5'], /1 s is after the run ends at 0.5 s/],
    [['--at', 'soon crash PluginMember1'], /"soon" is not a time in simulated seconds/],
    [['--at', '2 crash'], /crash needs a cluster member/],
    [['--at', '2 post u1 /snoop'], /post needs a body size/],
    [
      ['--at', '2 database-down', '--set', 'sessionManager.persistence=memoryToMemory'],
      /this lab has no session database/,
    ],
    [['--at'], /--at needs a value/],
    [['--at', '2 get u1 /snoop ihs#0'], /web server processes are numbered from ihs#1/],
    [['--at', '2 post u1 /snoop 0'], /"0" is not a body size/],
    [['--at', '2 post u1 /snoop 2048MB'], /from 1 byte to 1024MB/],
    [['--at', '2 authoring u1 title'], /this lab has no Portal \(--set portal.enabled=true\)/],
  ])('refuses %j with one line naming it', (argv, message) => {
    const r = traceCommand(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--scenario sandbox', () => {
  it('runs a sandbox of the given size headless', () => {
    const trace = json([
      '--scenario',
      'sandbox',
      '--members',
      '4',
      '--processes',
      '3',
      '--users',
      '5',
      '--until',
      '30',
    ]);
    const running = trace.filter((e) => e.type === 'member.running').map((e) => e.actor);
    expect(running).toEqual(['PluginMember1', 'PluginMember2', 'PluginMember3', 'PluginMember4']);
    const browsers = new Set(trace.filter((e) => e.actor.startsWith('browser:')).map((e) => e.actor));
    expect(browsers).toEqual(new Set(['browser:u1', 'browser:u2', 'browser:u3', 'browser:u4', 'browser:u5']));
    expect(new Set(trace.filter((e) => e.type === 'plugin.step').map((e) => e.actor)).size).toBeGreaterThan(
      1,
    );
  });

  it('with no users nobody browses on their own: only the users --at names act', () => {
    const trace = json([
      '--scenario',
      'sandbox',
      '--members',
      '2',
      '--processes',
      '1',
      '--users',
      '0',
      '--until',
      '20',
      '--at',
      '1 get trainee /shop/cart',
    ]);
    const requests = trace.filter((e) => e.type === 'http.request' && e.actor.startsWith('browser:'));
    expect(requests.map((e) => e.actor)).toEqual(['browser:trainee']);
  });

  it.each([
    [['--scenario', 'sandbox', '--members', '13'], /--members: "13" is not a whole number from 1 to 12/],
    [['--scenario', 'sandbox', '--processes', '0'], /--processes: "0" is not a whole number from 1 to 8/],
    [['--scenario', 'sandbox', '--users', '501'], /--users: "501" is not a whole number from 0 to 500/],
    [['--members', '3'], /--members sizes the sandbox only/],
  ])('refuses %j', (argv, message) => {
    const r = traceCommand(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('memory-to-memory at its defaults (DOMAIN.md §5.3)', () => {
  const m2m = [
    '--scenario',
    'sandbox',
    '--members',
    '3',
    '--processes',
    '2',
    '--users',
    '20',
    '--until',
    '120',
  ];
  /** Users whose pages came from more than one member, and the hot failovers and fetches. */
  const hops = (trace: TraceEntry[]) => {
    const servedBy = new Map<string, Set<unknown>>();
    for (const e of trace.filter((x) => x.type === 'browser.page'))
      servedBy.set(e.actor, (servedBy.get(e.actor) ?? new Set()).add(detailsOf(e).servedBy));
    return {
      wandering: [...servedBy.values()].filter((s) => s.size > 1).length,
      takeovers: trace.filter((e) => e.type === 'session.fromReplica' || e.type === 'session.fetched').length,
    };
  };

  it('keeps each session on its member until a failure: the generated plug-in configuration asks for the partition table', () => {
    const trace = json([...m2m, '--set', 'sessionManager.persistence=memoryToMemory']);
    expect(trace.filter((e) => e.type === 'plugin.partitionTable').length).toBeGreaterThan(0);
    expect(hops(trace)).toEqual({ wandering: 0, takeovers: 0 });
  });

  it('with GetDWLMTable turned off by hand the plug-in cannot map partition IDs: sessions wander', () => {
    const trace = json([
      ...m2m,
      '--set',
      'sessionManager.persistence=memoryToMemory',
      '--set',
      'plugin.cluster.getDWLMTable=false',
    ]);
    expect(hops(trace).wandering).toBeGreaterThan(10);
    expect(hops(trace).takeovers).toBeGreaterThan(10);
  });
});
