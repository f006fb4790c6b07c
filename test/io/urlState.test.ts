import { describe, expect, it } from 'vitest';
import { labQuery, parseLabQuery, type AddressState } from '../../src/io/urlState.ts';

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
      'URL parameter speed=fast: must be a number from 0.1 to 100, e.g. 2; using 1',
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

  it('names an unknown key, and the known one it most likely meant', () => {
    expect(parseLabQuery('?Seed=5&member=8&colour=red').errors).toEqual([
      'URL parameter Seed=5: unknown (did you mean seed?); ignored',
      'URL parameter member=8: unknown (did you mean members?); ignored',
      'URL parameter colour=red: unknown; ignored',
    ]);
    expect(parseLabQuery('?Seed=5&member=8').options).toEqual({});
  });

  it('takes the first value of a key given twice, good or bad, and names the others', () => {
    expect(parseLabQuery('?seed=5&seed=oops')).toEqual({
      options: { seed: 5 },
      errors: ['URL parameter seed is given 2 times: the first (seed=5) is used, the others ignored'],
    });
    const { options, errors } = parseLabQuery('?speed=oops&speed=2');
    expect(options).toEqual({});
    expect(errors).toEqual([
      'URL parameter speed is given 2 times: the first (speed=oops) is used, the others ignored',
      'URL parameter speed=oops: must be a number from 0.1 to 100, e.g. 2; using 1',
    ]);
  });

  it('reads a speed written as a plain decimal only', () => {
    for (const bad of ['0x10', '1e1', ' 2', '2 ', '+2', 'Infinity', '.5', '']) {
      expect(parseLabQuery(`?speed=${encodeURIComponent(bad)}`).options.speed).toBeUndefined();
    }
    expect(parseLabQuery('?speed=2.5').options.speed).toBe(2.5);
  });

  it('cuts a long value short in its message', () => {
    const long = 'x'.repeat(10_000);
    const { errors } = parseLabQuery(`?scenario=${long}`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.length).toBeLessThan(400);
    expect(errors[0]).toContain(`scenario=${'x'.repeat(40)}… (10000 characters)`);
    const { errors: tooLong } = parseLabQuery(`?scenario=${'x'.repeat(30_000)}`);
    expect(tooLong).toEqual([
      'The address is 30010 characters long, more than the 20000 the lab reads; opening ten-steps',
    ]);
  });

  it('reads the user\u2019s actions, the cursor and trying it yourself', () => {
    const { options, errors } = parseLabQuery(
      '?scenario=ten-steps&seed=1&at=1.5+crash+PluginMember2&at=2+partition+ihs%231+PluginMember1&try=1.2&script=2&t=3.02&within=4',
    );
    expect(errors).toEqual([]);
    expect(options).toEqual({
      scenario: 'ten-steps',
      seed: 1,
      actions: ['1.5 crash PluginMember2', '2 partition ihs#1 PluginMember1'],
      trying: { t: 1200, script: 2 },
      moment: { t: 3020, within: 4 },
    });
  });

  it('names an action without an instant, a bad instant, and trying it outside a lesson', () => {
    const { options, errors } = parseLabQuery(
      '?members=3&at=crash+PluginMember1&at=1.2345+crash+X&at=2&try=1&script=1&t=-1&within=2',
    );
    expect(options).toEqual({ sandbox: { members: 3, processes: 2, users: 6 } });
    expect(errors).toEqual([
      'URL parameter at=crash PluginMember1: must be an instant in simulated seconds and an action, e.g. at=3.5 crash PluginMember1; not made',
      'URL parameter at=1.2345 crash X: must be an instant in simulated seconds and an action, e.g. at=3.5 crash PluginMember1; not made',
      'URL parameter at=2: must be an instant in simulated seconds and an action, e.g. at=3.5 crash PluginMember1; not made',
      "URL parameter try=1: trying it yourself is a lesson's; ignored",
      'URL parameter t=-1: must be simulated seconds from 0 to 86400, e.g. 3.02; opening at 0 s',
    ]);
    expect(parseLabQuery('?within=3').errors).toEqual([
      'URL parameter within=3: needs t=, the instant it is within; ignored',
    ]);
    expect(parseLabQuery('?scenario=ten-steps&try=1').errors).toEqual([
      "URL parameter try=1 needs script=N (how many of the lesson's actions were made when the user tried it); ignored",
    ]);
  });

  it('reads the panel chosen last, and names one it does not have', () => {
    expect(parseLabQuery('?panel=statecharts')).toEqual({ options: { panel: 'statecharts' }, errors: [] });
    expect(parseLabQuery('?panel=charts').errors).toEqual([
      'URL parameter panel=charts: no such panel (known: configuration, actions-member, actions-user, actions-server, actions-network, event-log, plugin-log, jsessionid, server-tables, member-caches, session-store, statecharts); ignored',
    ]);
  });

  it('reads presenter mode and its view, names a view it does not have, and refuses it embedded', () => {
    expect(parseLabQuery('?present=1')).toEqual({ options: { present: 'topology-narration' }, errors: [] });
    expect(parseLabQuery('?present=sequence')).toEqual({ options: { present: 'sequence' }, errors: [] });
    expect(parseLabQuery('?present=slides').errors).toEqual([
      'URL parameter present=slides: no such view (known: 1, topology-narration, topology, narration, steps, sequence); not presenting',
    ]);
    const embedded = parseLabQuery('?embed=1&present=1');
    expect(embedded.options.present).toBeUndefined();
    expect(embedded.errors).toEqual([
      "URL parameter present=1: presenter mode is the full lab's, not an embedded one's; ignored",
    ]);
  });

  it('reads an address of a later version as far as it goes, and says so', () => {
    expect(parseLabQuery('?v=2&seed=3')).toEqual({
      options: { seed: 3 },
      errors: [
        'URL parameter v=2: the address was made by a later version of the lab; read as version 1, as far as it goes',
      ],
    });
    expect(parseLabQuery('?v=1&seed=3').errors).toEqual([]);
  });

  it('writes an address that reads back to the same run, changes, actions and moment', () => {
    const state: AddressState = {
      scenario: 'ten-steps',
      sandbox: null,
      seed: 7,
      sets: ['plugin.cluster.retryInterval=10', 'plugin.cluster.servers[0].serverIOTimeout=-60'],
      actions: [
        '1.5 crash PluginMember2',
        '2.001 partition ihs#1 PluginMember1',
        '2.5 write-error PluginMember1 a deadlock',
      ],
      trying: { t: 1200, script: 2 },
      moment: { t: 3020, within: 4 },
      speed: 2,
      paced: false,
      panel: 'statecharts',
      present: 'steps',
    };
    const q = labQuery(state);
    // Readable: a parameter path and an action read as they are written.
    expect(q).toContain('set=plugin.cluster.retryInterval=10');
    expect(q).toContain('at=1.5+crash+PluginMember2');
    expect(q.startsWith('?v=1&scenario=ten-steps&seed=7&')).toBe(true);
    const { options, errors } = parseLabQuery(q);
    expect(errors).toEqual([]);
    expect(options).toEqual({
      scenario: 'ten-steps',
      seed: 7,
      sets: state.sets,
      actions: state.actions,
      trying: state.trying,
      moment: state.moment,
      speed: 2,
      paced: false,
      panel: 'statecharts',
      present: 'steps',
    });
    const sandbox = labQuery({
      ...state,
      sandbox: { members: 4, processes: 1, users: 9 },
      trying: null,
      speed: 1,
      paced: true,
      moment: { t: 0 },
      panel: null,
      present: null,
    });
    expect(sandbox).toBe(
      '?v=1&members=4&processes=1&users=9&seed=7&set=plugin.cluster.retryInterval=10&set=plugin.cluster.servers[0].serverIOTimeout=-60&at=1.5+crash+PluginMember2&at=2.001+partition+ihs%231+PluginMember1&at=2.5+write-error+PluginMember1+a+deadlock&t=0',
    );
  });
});

describe('the embedded lab’s address', () => {
  it('reads the parts to show, autoplay, the start beat and the origins that may command it', () => {
    expect(
      parseLabQuery(
        '?scenario=ten-steps&embed=1&show=topology,lesson&autoplay=1&beat=3&origins=https://docs.example.com,http://localhost:8000',
      ),
    ).toEqual({
      options: {
        scenario: 'ten-steps',
        embed: {
          show: ['lesson', 'topology'],
          autoplay: true,
          beat: 3,
          origins: ['https://docs.example.com', 'http://localhost:8000'],
        },
      },
      errors: [],
    });
    expect(parseLabQuery('?embed=1').options.embed).toEqual({
      show: ['controls', 'timeline', 'lesson', 'topology', 'steps'],
      autoplay: false,
    });
  });

  it('names a part it does not have, a bad origin, and embedding keys without embed=1', () => {
    expect(parseLabQuery('?embed=1&show=topology,charts&origins=docs.example.com').errors).toEqual([
      'URL parameter show=topology,charts: no part charts (known: controls, timeline, lesson, topology, steps, actions, user, monitors, sequence, logs, inspectors); showing controls, timeline, lesson, topology, steps',
      'URL parameter origins=docs.example.com: docs.example.com is not an origin (e.g. https://docs.example.com); only the parent page may command the lab',
    ]);
    expect(parseLabQuery('?show=topology&autoplay=1').errors).toEqual([
      'URL parameter show=topology, autoplay=1: for an embedded lab only (embed=1); ignored',
    ]);
    expect(parseLabQuery('?embed=yes').errors).toEqual([
      'URL parameter embed=yes: must be 1 (embedded) or 0; not embedded',
    ]);
  });

  it('writes the embedding back, the defaults left out', () => {
    const base: AddressState = {
      scenario: 'ten-steps',
      sandbox: null,
      seed: 1,
      sets: [],
      actions: [],
      trying: null,
      moment: { t: 0 },
      speed: 1,
      paced: true,
      panel: null,
    };
    expect(
      labQuery({
        ...base,
        embed: { show: ['controls', 'timeline', 'lesson', 'topology', 'steps'], autoplay: false },
      }),
    ).toBe('?v=1&scenario=ten-steps&seed=1&t=0&embed=1');
    const q = labQuery({
      ...base,
      embed: { show: ['topology'], autoplay: true, beat: 2, origins: ['https://a.example'] },
    });
    expect(q).toBe(
      '?v=1&scenario=ten-steps&seed=1&t=0&embed=1&show=topology&autoplay=1&beat=2&origins=https://a.example',
    );
    expect(parseLabQuery(q).options.embed).toEqual({
      show: ['topology'],
      autoplay: true,
      beat: 2,
      origins: ['https://a.example'],
    });
  });
});
