// `npm run trace -- --run FILE`: a run saved from the lab, headless: its scenario, seed, settings and the
// user's actions, as the page ran them.
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { Session } from '../../src/app/session.ts';
import { runFileOf } from '../../src/io/runFile.ts';
import { formatTrace } from '../../src/simulation/trace.ts';

const files = (map: Record<string, string>) => (path: string) => {
  if (!(path in map)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return map[path]!;
};

describe('trace --run FILE', () => {
  it('traces the run a page saved: the same entries as the page ran', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps', seed: 4 } });
    s.handle({ kind: 'seek', t: 1500 });
    s.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    s.handle({ kind: 'seek', t: 2200 });
    const acted = s.handle({ kind: 'act', action: { kind: 'hang', member: 'PluginMember1' } });
    const file = runFileOf({
      scenario: 'ten-steps',
      sandbox: null,
      seed: 4,
      sets: [],
      actions: acted.user!.actions,
      trying: null,
      moment: { t: 2200 },
      speed: 1,
      paced: true,
      panel: null,
    });
    const r = traceCommand(['--run', 'run.json', '--until', '6'], files({ 'run.json': file }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    s.handle({ kind: 'seek', t: 6000 });
    expect(r.stdout).toBe(`${formatTrace(s.world.visibleTrace())}\n`);
    expect(r.stdout).toContain('crash PluginMember2');
  });

  it('takes settings and actions given with it after the run’s own', () => {
    const file = JSON.stringify({
      format: 'failover-lab run',
      version: 1,
      scenario: 'ten-steps',
      seed: 1,
      at: ['1 crash PluginMember2'],
    });
    const read = files({ 'run.json': file });
    const r = traceCommand(
      [
        '--run',
        'run.json',
        '--set',
        'plugin.cluster.retryInterval=5',
        '--at',
        '1.2 start PluginMember2',
        '--format',
        'json',
      ],
      read,
    );
    expect(r.code).toBe(0);
    const lab = (JSON.parse(r.stdout) as { actor: string; text: string }[])
      .filter((e) => e.actor === 'lab')
      .map((e) => e.text);
    expect(lab.some((t) => t.includes('PluginMember2') && /crash|kill/i.test(t))).toBe(true);
    expect(lab.some((t) => /PluginMember2/.test(t) && /start/i.test(t))).toBe(true);
  });

  it('names what is wrong with the file, and what cannot go with it, and exits non-zero', () => {
    const read = files({
      'bad.json': '{"format":"failover-lab run","version":1,"seed":"x"}',
      'later.json': '{"format":"failover-lab run","version":7}',
      'ok.json': '{"format":"failover-lab run","version":1,"scenario":"ten-steps"}',
    });
    expect(traceCommand(['--run', 'bad.json'], read)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'trace: --run bad.json: "seed" must be a number, not "x"\n',
    });
    expect(traceCommand(['--run', 'later.json'], read).stderr).toBe(
      'trace: --run later.json: a run file of version 7, made by a later version of the lab; this one reads version 1\n',
    );
    expect(traceCommand(['--run', 'missing.json'], read)).toMatchObject({
      code: 2,
      stderr: 'trace: --run missing.json: cannot read it (ENOENT)\n',
    });
    expect(traceCommand(['--run', 'ok.json', '--seed', '3'], read).stderr).toBe(
      'trace: --seed cannot be given with --run: the run file names its run\n',
    );
  });
});
