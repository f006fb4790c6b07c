// The words of interventions: `--at "T ACTION ARGS"`, the trace's lab entries, run files.
import { describe, expect, it } from 'vitest';
import { actionHelp, actionWords, parseAction, parseIntervention } from '../../src/simulation/actionWords.ts';
import { applyIntervention, wordsOf, type InterventionAction } from '../../src/simulation/interventions.ts';
import { World } from '../../src/simulation/world.ts';
import { lab } from '../helpers.ts';
import { detailsOf } from '../../src/simulation/trace.ts';

const ctx = { defaultPath: '/snoop' };
const parse = (text: string): InterventionAction => parseAction(text.split(' '), ctx);

describe('parseAction', () => {
  it.each<[string, InterventionAction]>([
    ['crash PluginMember1', { kind: 'crash', member: 'PluginMember1' }],
    ['hang PluginMember1', { kind: 'hang', member: 'PluginMember1' }],
    ['stop PluginMember2', { kind: 'stop', member: 'PluginMember2' }],
    ['start PluginMember2', { kind: 'start', member: 'PluginMember2' }],
    ['unreachable PluginMember1', { kind: 'hostDown', member: 'PluginMember1' }],
    ['reachable PluginMember1', { kind: 'hostUp', member: 'PluginMember1' }],
    ['app-stop PluginMember1', { kind: 'stopApplication', member: 'PluginMember1' }],
    ['app-start PluginMember1', { kind: 'startApplication', member: 'PluginMember1' }],
    ['restart-process ihs#2', { kind: 'restartProcess', process: 2 }],
    ['database-down', { kind: 'databaseDown' }],
    ['database-up', { kind: 'databaseUp' }],
    ['write-error PluginMember1', { kind: 'writeError', member: 'PluginMember1' }],
    [
      'write-error PluginMember1 deadlock victim',
      { kind: 'writeError', member: 'PluginMember1', reason: 'deadlock victim' },
    ],
    ['overload PluginMember1', { kind: 'overload', member: 'PluginMember1', seconds: 30 }],
    ['overload PluginMember1 5', { kind: 'overload', member: 'PluginMember1', seconds: 5 }],
    [
      'get u1 /snoop',
      { kind: 'request', user: 'u1', method: 'GET', url: '/snoop', op: { kind: 'increment' } },
    ],
    [
      'get u1 /shop/cart view ihs#2',
      { kind: 'request', user: 'u1', method: 'GET', url: '/shop/cart', op: { kind: 'view' }, process: 2 },
    ],
    [
      'post u1 /shop/cart 200KB lamp',
      {
        kind: 'request',
        user: 'u1',
        method: 'POST',
        url: '/shop/cart',
        bodyKB: 200,
        op: { kind: 'addToCart', item: 'lamp' },
      },
    ],
    [
      'post u1 /shop/cart 5000',
      {
        kind: 'request',
        user: 'u1',
        method: 'POST',
        url: '/shop/cart',
        bodyKB: 5,
        op: { kind: 'addToCart', item: 'item' },
      },
    ],
    ['resubmit u1', { kind: 'resubmit', user: 'u1' }],
    ['lose-cookie u1', { kind: 'loseCookie', user: 'u1' }],
    [
      'change-in-place u1 cart lamp',
      {
        kind: 'request',
        user: 'u1',
        method: 'POST',
        url: '/snoop',
        bodyKB: 1,
        op: { kind: 'addToCartInPlace', item: 'lamp' },
      },
    ],
    ['login u1', { kind: 'request', user: 'u1', method: 'GET', url: '/snoop', op: { kind: 'login' } }],
  ])('%s', (text, action) => {
    expect(parse(text)).toEqual(action);
    // The words the trace shows read back to the same action.
    expect(parseAction(wordsOf(action).split(' '), ctx)).toEqual(action);
  });

  it.each([
    ['', /no action given/],
    ['explode PluginMember1', /unknown action "explode"/],
    ['crash', /crash needs a cluster member \(crash MEMBER\)/],
    ['crash PluginMember1 PluginMember2', /unexpected "PluginMember2"/],
    ['crash <b>x</b>', /"<b>x<\/b>" is not a cluster member name/],
    ['restart-process', /restart-process needs a process/],
    ['get u1', /get needs a path/],
    ['get u1 /snoop dance', /"dance" is not one of view, increment, sync, logout/],
    ['post u1 /shop/cart', /post needs a body size/],
    ['post u1 /shop/cart big', /"big" is not a body size/],
    ['overload PluginMember1 0', /more than 0 and at most 3600/],
    ['overload PluginMember1 soon', /"soon" is not a number of seconds/],
    ['change-in-place u1 counter', /the counter is a number/],
    ['crash PluginMember1 ihs#1', /crash takes no web server process/],
    ['database-down /snoop', /database-down takes no path/],
    ['slow PluginMember1', /slow needs a number of seconds/],
    ['slow PluginMember1 601', /601 s is out of range \(0 to 600\)/],
    ['partition PluginMember1', /partition needs two parts/],
    ['partition PluginMember1 PluginMember1', /between two different parts/],
    ['partition ihs#0 database', /"ihs#0" is not a part/],
    ['heal database <i>', /"<i>" is not a part/],
    ['drop-message', /drop-message needs a message number/],
    ['drop-message 0', /drop-message needs a message number/],
    ['delay-message 7 0', /a delay is more than 0 seconds/],
    ['delay-message 7 1.2345', /"1.2345" is not a number of seconds/],
    ['replication-lag -1', /"-1" is not a number of seconds/],
    ['plugin-cfg', /plugin-cfg needs at least one PATH=VALUE/],
    ['plugin-cfg retry 10', /"retry" is not PATH=VALUE/],
    [
      'plugin-cfg sessionManager.writeFrequency=manual',
      /sessionManager\.writeFrequency is not a ServerCluster or Server attribute the plug-in reads again at a refresh/,
    ],
    [
      'plugin-cfg plugin.cluster.servers[0].cloneId=abc',
      /servers\[0\]\.cloneId is not a ServerCluster or Server/,
    ],
  ])('refuses "%s"', (text, message) => {
    expect(() => parseAction(text.split(' ').filter(Boolean), ctx)).toThrow(message);
  });
});

describe('parseIntervention', () => {
  it('reads the time in simulated seconds, to the millisecond', () => {
    expect(parseIntervention('2.5 crash PluginMember1', ctx)).toEqual({
      at: 2500,
      action: { kind: 'crash', member: 'PluginMember1' },
    });
  });
  it.each(['soon crash PluginMember1', '-1 crash PluginMember1', '1.2345 crash PluginMember1', ''])(
    'refuses the time of "%s"',
    (text) => {
      expect(() => parseIntervention(text, ctx)).toThrow(/is not a time in simulated seconds/);
    },
  );
});

describe('actionHelp', () => {
  it('lists every action once, one line each', () => {
    const lines = actionHelp().split('\n');
    expect(lines).toHaveLength(actionWords.length);
    for (const a of actionWords) expect(lines.filter((l) => l.startsWith(`${a.name} `))).toHaveLength(1);
  });
});

describe("the trace's lab entries", () => {
  it('name each intervention with the words that type it', () => {
    const w = new World({
      config: lab(),
      seed: 1,
      interventions: [
        { at: 100, action: parse('get u1 /shop/cart') },
        { at: 200, action: parse('crash PluginMember1') },
        { at: 300, action: parse('unreachable PluginMember2') },
        { at: 400, action: parse('write-error PluginMember2') },
      ],
    });
    w.runUntil(1000);
    const labEntries = w.visibleTrace().filter((e) => e.actor === 'lab');
    expect(labEntries.map((e) => detailsOf(e).action)).toEqual([
      'get u1 /shop/cart',
      'crash PluginMember1',
      'unreachable PluginMember2',
      'write-error PluginMember2',
    ]);
    for (const e of labEntries) expect(e.text.startsWith(`${String(detailsOf(e).action)}: `)).toBe(true);
  });
});

describe('applyIntervention', () => {
  /** What the hands were asked to do, in order. */
  const applied = (action: InterventionAction): string[] => {
    const calls: string[] = [];
    applyIntervention(action, {
      note: (type, text, data) => calls.push(`note ${type} ${text} ${JSON.stringify(data)}`),
      deliver: (actor, event) => calls.push(`deliver ${actor} ${JSON.stringify(event)}`),
      processes: 2,
      restartProcess: (k) => calls.push(`restart ihs#${k}`),
      hostDown: (m) => calls.push(`down ${m}`),
      hostUp: (m) => calls.push(`up ${m}`),
      partition: (a, b) => calls.push(`partition ${a} ${b}`),
      heal: (a, b) => calls.push(`heal ${a} ${b}`),
      // Message 7 is on the wire; no other is.
      inFlight: (id) =>
        id === 7
          ? { type: 'http.request', fromName: 'ihs#1', toName: 'PluginMember1', deliverAt: 501 }
          : undefined,
      dropMessage: (id) => calls.push(`drop ${id}`),
      delayMessage: (id, ms) => calls.push(`delay ${id} ${ms}`),
      replicationLag: (ms) => calls.push(`lag ${ms}`),
      refreshInterval: 60,
      editPluginCfg: (set) => calls.push(`edit ${set.map((x) => `${x.path}=${x.value}`).join(' ')}`),
    });
    return calls;
  };
  /** One typed example of every action. */
  const examples = [
    'crash PluginMember1',
    'hang PluginMember1',
    'stop PluginMember1',
    'start PluginMember1',
    'unreachable PluginMember1',
    'reachable PluginMember1',
    'app-stop PluginMember1',
    'app-start PluginMember1',
    'restart-process ihs#2',
    'database-down',
    'database-up',
    'write-error PluginMember1 deadlock victim',
    'overload PluginMember1 5',
    'slow PluginMember1 2.5',
    'partition PluginMember1 database',
    'heal ihs#1 PluginMember2',
    'drop-message 7',
    'delay-message 7 1.5',
    'replication-lag 2',
    'plugin-cfg plugin.cluster.loadBalance=Round Robin plugin.cluster.servers[1].loadBalanceWeight=5',
    'get u1 /shop/cart view ihs#2',
    'post u1 /shop/cart 2KB lamp',
    'resubmit u1',
    'lose-cookie u1',
    'change-in-place u1 cart lamp',
    'login u1',
    'authoring u1 e1',
  ];
  it('has an example of every action', () => {
    expect(new Set(examples.map((e) => e.split(' ')[0]))).toEqual(new Set(actionWords.map((w) => w.name)));
  });
  it.each(examples)(
    '%s: notes the lab entry first, named by words that read back as the action, then does one thing',
    (words) => {
      const action = parse(words);
      const calls = applied(action);
      const note = /^note (\S+) (.*) (\{.*\})$/.exec(calls[0] ?? '');
      expect(note).not.toBeNull();
      const data = JSON.parse(note![3]!) as { action: string };
      expect(note![2]!.startsWith(`${data.action}: `)).toBe(true);
      expect(parse(data.action)).toEqual(action);
      expect(calls).toHaveLength(2);
    },
  );
  it("hands a user's request to the user's browser as it was typed", () => {
    expect(applied(parse('post u1 /shop/cart 2KB lamp'))).toEqual([
      expect.stringMatching(/^note user\.request post u1 \/shop\/cart 2KB lamp: /),
      'deliver u1 {"type":"user.request","method":"POST","url":"/shop/cart","bodyKB":2,"op":{"kind":"addToCart","item":"lamp"}}',
    ]);
  });
  it('sends faults to the member or the database, and takes hosts off the network without an event', () => {
    expect(applied(parse('crash PluginMember2'))[1]).toBe('deliver PluginMember2 {"type":"fault.crash"}');
    expect(applied(parse('database-down'))[1]).toBe('deliver database {"type":"fault.databaseDown"}');
    expect(applied(parse('overload PluginMember1 5'))[1]).toBe(
      'deliver PluginMember1 {"type":"fault.overload","seconds":5}',
    );
    expect(applied(parse('unreachable PluginMember1'))[1]).toBe('down PluginMember1');
    expect(applied(parse('reachable PluginMember1'))[1]).toBe('up PluginMember1');
  });
  it('partitions, drops, delays and lags on the wire, and slows a member by an event', () => {
    expect(applied(parse('partition ihs#2 PluginMember1'))[1]).toBe('partition ihs#2 PluginMember1');
    expect(applied(parse('slow PluginMember1 2.5'))[1]).toBe(
      'deliver PluginMember1 {"type":"fault.slow","ms":2500}',
    );
    expect(applied(parse('replication-lag 0.25'))[1]).toBe('lag 250');
    const delay = applied(parse('delay-message 7 1.5'));
    expect(delay[0]).toMatch(/"deliverAt":2001/);
    expect(delay[1]).toBe('delay 7 1500');
    // A message not on the wire: the lab entry says so, and nothing else happens.
    for (const words of ['drop-message 8', 'delay-message 8 1']) {
      const calls = applied(parse(words));
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatch(/message 8 is not on the wire now/);
    }
  });
  it('restarts only a process the lab has, and says nothing otherwise', () => {
    expect(applied(parse('restart-process ihs#2'))[1]).toBe('restart ihs#2');
    expect(applied({ kind: 'restartProcess', process: 3 })).toEqual([]);
  });
});
