import { describe, expect, it } from 'vitest';
import { parseLabQuery } from '../../src/io/urlState.ts';

describe('the lab URL', () => {
  it('reads a lesson by its id, before the simulation has loaded the lessons', () => {
    expect(parseLabQuery('?scenario=recovery-window').options).toEqual({ scenario: 'recovery-window' });
  });

  it('reads parameters as --set writes them (set=PATH=VALUE, repeatable), and names one without a value', () => {
    expect(
      parseLabQuery(
        '?set=plugin.cluster.retryInterval=10&set=plugin.cluster.servers[1].serverIOTimeout=-60&set=oops',
      ),
    ).toEqual({
      options: { sets: ['plugin.cluster.retryInterval=10', 'plugin.cluster.servers[1].serverIOTimeout=-60'] },
      errors: [
        'URL parameter set=oops: must be PATH=VALUE, e.g. set=plugin.cluster.retryInterval=10; not applied',
      ],
    });
  });

  it('reads the pace: paced (the default) or real time, and names a bad one', () => {
    expect(parseLabQuery('?pace=real').options).toEqual({ paced: false });
    expect(parseLabQuery('?pace=paced').options).toEqual({ paced: true });
    expect(parseLabQuery('?pace=slow')).toEqual({
      options: {},
      errors: ['URL parameter pace=slow: must be paced or real; using paced'],
    });
  });

  it('reads a scenario, a seed and a speed', () => {
    expect(parseLabQuery('?scenario=ten-steps&seed=7&speed=0.5')).toEqual({
      options: { scenario: 'ten-steps', seed: 7, speed: 0.5 },
      errors: [],
    });
  });

  it('reads a sandbox size, filling in what is missing', () => {
    expect(parseLabQuery('?members=8&processes=4&users=200').options.sandbox).toEqual({
      members: 8,
      processes: 4,
      users: 200,
    });
    expect(parseLabQuery('?users=20').options.sandbox).toEqual({ members: 3, processes: 2, users: 20 });
  });

  it('names each bad parameter and what it expected, and keeps the good ones', () => {
    const { options, errors } = parseLabQuery('?scenario=nope&seed=-1&members=40&processes=2&speed=fast');
    expect(options).toEqual({ sandbox: { members: 3, processes: 2, users: 6 } });
    expect(errors).toEqual([
      'URL parameter seed=-1: must be a whole number from 0 to 4294967295; using the default',
      'URL parameter members=40: must be a whole number from 1 to 12; using the default',
      // The sandbox opens (a size was given), and the message says so.
      'URL parameter scenario=nope: no such scenario (known: ten-steps, affinity-basics, clean-stop, time-based-writes, mid-write-crash, post-failover, recovery-window, overload-window, hung-member, memory-to-memory, nothing-left, portal); opening the sandbox',
      'URL parameter speed=fast: must be a number from 0.1 to 100; using 1',
    ]);
    expect(parseLabQuery('?scenario=nope').errors[0]).toMatch(/; opening ten-steps$/);
  });

  it('says which run opens when a scenario and a sandbox size are both asked for', () => {
    expect(parseLabQuery('?scenario=ten-steps&members=8')).toEqual({
      options: { sandbox: { members: 8, processes: 2, users: 6 } },
      errors: [
        "URL parameters scenario=ten-steps and members=8: a scenario has its own cluster, the sandbox's size is set by members; opening the sandbox",
      ],
    });
  });
});
