import { describe, expect, it } from 'vitest';
import { readRunFile, RUN_FILE_MAX_BYTES, runFileOf } from '../../src/io/runFile.ts';
import type { AddressState } from '../../src/io/urlState.ts';

const state: AddressState = {
  scenario: 'ten-steps',
  sandbox: null,
  seed: 3,
  sets: ['plugin.cluster.retryInterval=10'],
  actions: ['1.5 crash PluginMember2', '2.25 partition ihs#1 PluginMember1'],
  trying: null,
  moment: { t: 3020, within: 2 },
  speed: 1,
  paced: true,
  panel: 'statecharts',
};

describe('a run file', () => {
  it('is versioned JSON with the address’s keys, and reads back to the same run', () => {
    const text = runFileOf(state);
    expect(JSON.parse(text)).toEqual({
      format: 'failover-lab run',
      version: 1,
      scenario: 'ten-steps',
      seed: 3,
      set: ['plugin.cluster.retryInterval=10'],
      at: ['1.5 crash PluginMember2', '2.25 partition ihs#1 PluginMember1'],
      t: 3.02,
      within: 2,
      panel: 'statecharts',
    });
    expect(readRunFile(text)).toEqual({
      options: {
        scenario: 'ten-steps',
        seed: 3,
        sets: state.sets,
        actions: state.actions,
        moment: { t: 3020, within: 2 },
        panel: 'statecharts',
      },
      errors: [],
    });
    const sandbox = runFileOf({
      ...state,
      sandbox: { members: 4, processes: 2, users: 10 },
      trying: { t: 1000, script: 1 },
      speed: 2,
      paced: false,
    });
    expect(readRunFile(sandbox).options).toMatchObject({
      sandbox: { members: 4, processes: 2, users: 10 },
      speed: 2,
      paced: false,
    });
    // Trying it yourself is a lesson's: a sandbox's file does not carry it.
    expect(JSON.parse(sandbox).try).toBeUndefined();
    const trying = runFileOf({ ...state, trying: { t: 1200, script: 2 } });
    expect(readRunFile(trying).options!.trying).toEqual({ t: 1200, script: 2 });
  });

  it('is refused whole, every problem named, when anything in it is wrong', () => {
    const run = (extra: Record<string, unknown>) =>
      JSON.stringify({ format: 'failover-lab run', version: 1, scenario: 'ten-steps', ...extra });
    expect(readRunFile('{"format": ', 'run.json').errors[0]).toMatch(/^run\.json: not JSON \(/);
    expect(readRunFile('[1,2]').errors).toEqual([
      'the run file: not a run of the lab: expected an object with "format": "failover-lab run"',
    ]);
    expect(readRunFile('{"format":"plugin-cfg"}').errors).toEqual([
      'the run file: not a run of the lab: "format" is "plugin-cfg", expected "failover-lab run"',
    ]);
    expect(readRunFile(run({ version: 2 })).errors).toEqual([
      'the run file: a run file of version 2, made by a later version of the lab; this one reads version 1',
    ]);
    expect(readRunFile(run({ version: '1' })).errors).toEqual([
      'the run file: "version" is "1"; this lab reads run files of version 1',
    ]);
    expect(readRunFile(run({ seed: '5', colour: 'red', at: [3] }))).toEqual({
      options: null,
      errors: [
        'the run file: "seed" must be a number, not "5"',
        'the run file: unknown key "colour" (known: format, version, scenario, sandbox, seed, set, at, try, t, within, speed, pace, panel)',
        'the run file: "at" must be a list of texts, not [3]',
      ],
    });
    expect(readRunFile(run({ seed: -1, t: 1e9, at: ['soon crash PluginMember1'] })).errors).toEqual([
      'the run file: seed=-1: must be a whole number from 0 to 4294967295',
      'the run file: at=soon crash PluginMember1: must be an instant in simulated seconds and an action, e.g. at=3.5 crash PluginMember1',
      'the run file: t=1000000000: must be simulated seconds from 0 to 86400, e.g. 3.02',
    ]);
    expect(readRunFile(run({ sandbox: { members: 3, processes: 1, users: 2 } })).errors).toEqual([
      'the run file: "scenario" and "sandbox" name two runs: give one of them',
    ]);
    expect(readRunFile(' '.repeat(RUN_FILE_MAX_BYTES + 1)).errors[0]).toMatch(
      /more than the 262144 a run file may have/,
    );
  });

  it('shows a name from the file as text, cut short', () => {
    const { errors } = readRunFile(
      JSON.stringify({
        format: 'failover-lab run',
        version: 1,
        scenario: `<img src=x onerror=alert(1)>${'x'.repeat(500)}`,
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('scenario=<img src=x onerror=alert(1)>xxxxxxxxxxxx… (528 characters)');
  });
});
