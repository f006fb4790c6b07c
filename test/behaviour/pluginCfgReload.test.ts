// An edit of plugin-cfg.xml while the lab runs (`plugin-cfg PATH=VALUE`, the configuration panel): once
// RefreshInterval has passed since a web server process last checked the file, the next request it takes
// makes it check again and read the file if it changed (DOMAIN.md §1.1; "the actual loading of the new
// plug-in configuration file ... is triggered by a request", WebSphere 5.1 performance Redbook); until then
// it goes on with what it read before.
import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/simulation/actionWords.ts';
import { RunSpecError } from '../../src/simulation/runSpec.ts';
import { detailsOf } from '../../src/simulation/trace.ts';
import { World, type Intervention } from '../../src/simulation/world.ts';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { entries, get, lab, run } from '../helpers.ts';

const at = (t: number, words: string): Intervention => ({
  at: t,
  action: parseAction(words.split(' '), { defaultPath: '/shop/cart' }),
});
/** u1's session lives on PluginMember2 (round robin's first pick here), which crashes at 10 s. */
const crashOfTheOwner = (edits: Intervention[]) => [
  get('u1', 100),
  ...edits,
  at(10_000, 'crash PluginMember2'),
  get('u1', 20_000),
  get('u1', 85_000),
];

describe('an edit of plugin-cfg.xml', () => {
  it('takes effect in a process with its first request once RefreshInterval has passed, not before: a mark-down before keeps the old RetryInterval', () => {
    const w = run(
      {
        config: lab(),
        interventions: crashOfTheOwner([at(5000, 'plugin-cfg plugin.cluster.retryInterval=10')]),
      },
      90_000,
    );
    const reload = entries(w, 'plugin.reload');
    // No request between 20 s and 85 s: the check, and the reading, come with the request at 85 s.
    expect(reload.map((e) => [Math.floor(e.t / 1000), e.actor, detailsOf(e).changed])).toEqual([
      [85, 'ihs#1', 'plugin.cluster.retryInterval=10'],
    ]);
    // At 20 s the process still has 60 s; the request that made it read the file is served with 10 s.
    expect(
      entries(w, 'plugin.markDown').map((e) => [Math.floor(e.t / 1000), detailsOf(e).retryInterval]),
    ).toEqual([
      [20, 60],
      [85, 10],
    ]);
    expect(entries(w, 'lab.editPluginCfg')[0]!.text).toBe(
      'plugin-cfg plugin.cluster.retryInterval=10: the administrator edits plugin-cfg.xml; each web server process reads it again with the first request it takes once RefreshInterval (60 s) has passed since its last check',
    );
  });

  it('is read at once by a process started after it, which then has nothing to read again', () => {
    const w = run(
      {
        config: lab(),
        interventions: crashOfTheOwner([
          at(5000, 'plugin-cfg plugin.cluster.retryInterval=10'),
          at(30_000, 'restart-process ihs#1'),
        ]),
      },
      90_000,
    );
    expect(entries(w, 'plugin.reload')).toEqual([]);
    expect(entries(w, 'plugin.markDown').map((e) => detailsOf(e).retryInterval)).toEqual([60, 10]);
  });

  it('counts a restarted process’s interval from its start (when it read the file), and each check from the last', () => {
    const w = run(
      {
        config: lab(),
        interventions: [
          at(10_000, 'plugin-cfg plugin.cluster.retryInterval=10'),
          at(20_000, 'restart-process ihs#1'),
          at(30_000, 'plugin-cfg plugin.cluster.retryInterval=20'),
          get('u1', 70_000),
          at(90_000, 'plugin-cfg plugin.cluster.retryInterval=30'),
          get('u1', 100_000),
          get('u1', 145_000),
        ],
      },
      150_000,
    );
    // The restart read the first edit. At 70 s only 50 s have passed since: no check. At 100 s, 80 s have:
    // it reads the second and third edits together. At 145 s, 45 s since that check: no check.
    expect(entries(w, 'plugin.reload').map((e) => [Math.floor(e.t / 1000), detailsOf(e).changed])).toEqual([
      [100, 'plugin.cluster.retryInterval=30'],
    ]);
  });

  it('follows the RefreshInterval: with 5 s a request 5 s after the process started makes it read the edit', () => {
    const w = run(
      {
        config: lab((c) => (c.plugin.refreshInterval = 5)),
        interventions: [
          get('u1', 1000),
          at(7000, 'plugin-cfg plugin.cluster.loadBalance=Random'),
          get('u1', 12_000),
        ],
      },
      20_000,
    );
    expect(entries(w, 'plugin.reload').map((e) => Math.floor(e.t / 1000))).toEqual([12]);
  });

  it('gathers edits made before one check into one reading; a member whose weight changed starts from the new one', () => {
    const w = run(
      {
        config: lab(),
        interventions: [
          at(5000, 'plugin-cfg plugin.cluster.servers[0].loadBalanceWeight=7'),
          at(6000, 'plugin-cfg plugin.cluster.retryInterval=30'),
          get('u1', 61_000),
        ],
      },
      62_000,
    );
    const reload = entries(w, 'plugin.reload');
    expect(reload.map((e) => detailsOf(e).changed)).toEqual([
      'plugin.cluster.retryInterval=30 plugin.cluster.servers[0].loadBalanceWeight=7',
    ]);
    const table = (
      w.snapshotOf('ihs#1')!.context as { table: { servers: Record<string, { weight: number }> } }
    ).table;
    // PluginMember1 starts again from 7, PluginMember2 from its 2; the request that made the process read
    // the file then took one of them.
    const { PluginMember1: m1, PluginMember2: m2 } = table.servers;
    expect(m1!.weight + m2!.weight).toBe(7 + 2 - 1);
    expect(m1!.weight).toBeGreaterThanOrEqual(6);
  });

  it('is part of the run: seeking back before it and playing on gives the same trace', () => {
    const w = run(
      {
        config: lab(),
        interventions: crashOfTheOwner([at(5000, 'plugin-cfg plugin.cluster.retryInterval=10')]),
      },
      90_000,
    );
    const straight = JSON.stringify(w.visibleTrace());
    w.seek(3000);
    w.runUntil(90_000);
    expect(JSON.stringify(w.visibleTrace())).toBe(straight);
  });

  it('is refused on the command line, naming the value, when the parameter cannot take it; the world refuses a path a refresh does not take up', () => {
    const r = traceCommand([
      '--scenario',
      'sandbox',
      '--users',
      '0',
      '--at',
      '5 plugin-cfg plugin.cluster.retryInterval=ten',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /--at "5 plugin-cfg plugin\.cluster\.retryInterval=ten": plugin-cfg plugin\.cluster\.retryInterval: .*"ten"/,
    );
    const spec = {
      seed: 1,
      config: lab(),
      interventions: [
        {
          at: 5000,
          action: {
            kind: 'editPluginCfg' as const,
            set: [{ path: 'plugin.cluster.servers[5].maxConnections', value: '3' }],
          },
        },
      ],
    };
    expect(() => new World(spec)).toThrow(RunSpecError);
    expect(() => new World(spec)).toThrow(
      /no attribute plugin\.cluster\.servers\[5\]\.maxConnections a refresh takes up/,
    );
    // Nor a value of the wrong kind, however it comes (the ranges are the command line's and the panel's).
    const word = {
      ...spec,
      interventions: [
        {
          at: 5000,
          action: {
            kind: 'editPluginCfg' as const,
            set: [{ path: 'plugin.cluster.retryInterval', value: 'ten' }],
          },
        },
      ],
    };
    expect(() => new World(word)).toThrow(
      /plugin-cfg: plugin\.cluster\.retryInterval: "ten" is not a whole number/,
    );
  });
});
