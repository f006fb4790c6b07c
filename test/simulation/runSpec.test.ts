// The checks the world makes of a run it is given: seed, user names, preloaded sessions, interventions.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/model/config.ts';
import type { Intervention, InterventionAction } from '../../src/simulation/interventions.ts';
import {
  checkIntervention,
  checkSeed,
  checkUser,
  ownerOf,
  RunSpecError,
  type InterventionScope,
} from '../../src/simulation/runSpec.ts';

describe('checkSeed', () => {
  it('takes whole numbers that fit 32 bits, and names any other', () => {
    for (const seed of [0, 1, 0xffffffff]) expect(() => checkSeed(seed)).not.toThrow();
    for (const seed of [-1, 1.5, 2 ** 32, NaN])
      expect(() => checkSeed(seed)).toThrow(`seed: must be a whole number from 0 to 4294967295, got ${seed}`);
  });
});

describe('checkUser', () => {
  it('takes a letter then up to 31 letters, digits, _ or -', () => {
    for (const u of ['u1', 'alice', 'A_b-c', `a${'b'.repeat(31)}`]) expect(() => checkUser(u)).not.toThrow();
    for (const u of ['', '1u', 'a b', 'ü', `a${'b'.repeat(32)}`])
      expect(() => checkUser(u)).toThrow(new RunSpecError(`user: "${u}" is not a valid user name`));
  });
});

describe('ownerOf', () => {
  const servers = defaultConfig({ members: 2 }).plugin.cluster.servers;
  const session = { user: 'u1', sessionId: 'A'.repeat(23), member: 'PluginMember2' };
  it('finds the member whose cache holds a preloaded session', () => {
    expect(ownerOf(session, servers)).toBe(servers[1]);
  });
  it('names a member the lab lacks, then a session ID that is not 23 characters', () => {
    expect(() => ownerOf({ ...session, member: 'Nope', sessionId: 'x' }, servers)).toThrow(
      'sessions: no cluster member named Nope',
    );
    expect(() => ownerOf({ ...session, sessionId: 'A'.repeat(22) }, servers)).toThrow(
      `sessions: "${'A'.repeat(22)}" is not a 23-character session ID`,
    );
  });
});

describe('checkIntervention', () => {
  const lab = (over: Partial<InterventionScope> = {}): InterventionScope => ({
    config: defaultConfig({ members: 2, processes: 2 }),
    hasUser: (u) => u === 'u1',
    hasDatabase: true,
    hasHaManager: true,
    ...over,
  });
  const at = (action: InterventionAction, t = 1000): Intervention => ({ at: t, action });
  const view = {
    kind: 'request',
    user: 'u1',
    method: 'GET',
    url: '/shop/cart',
    op: { kind: 'view' },
  } as const;

  it('takes what the lab has', () => {
    for (const a of [
      { kind: 'crash', member: 'PluginMember2' },
      { kind: 'restartProcess', process: 2 },
      { kind: 'databaseDown' },
      { ...view, process: 1 },
      { kind: 'partition', a: 'ihs#2', b: 'PluginMember1' },
      { kind: 'heal', a: 'database', b: 'haManager' },
      { kind: 'slow', member: 'PluginMember2', seconds: 3 },
    ] as InterventionAction[])
      expect(() => checkIntervention(at(a), lab())).not.toThrow();
  });
  it.each<[string, Intervention, Partial<InterventionScope>]>([
    ['intervention at -1: time must be ≥ 0', at({ kind: 'crash', member: 'Nope' }, -1), {}],
    ['intervention at NaN: time must be ≥ 0', at({ kind: 'databaseUp' }, NaN), {}],
    ['intervention at 1000 ms: no cluster member named Nope', at({ kind: 'hang', member: 'Nope' }), {}],
    ['intervention at 1000 ms: no user named u2', at({ kind: 'loseCookie', user: 'u2' }), {}],
    ['intervention at 1000 ms: no web server process ihs#3', at({ kind: 'restartProcess', process: 3 }), {}],
    ['intervention at 1000 ms: no web server process ihs#0', at({ ...view, process: 0 }), {}],
    [
      'intervention at 1000 ms: this lab has no Portal for an Authoring portlet',
      at({ ...view, op: { kind: 'authoring', edit: 'e1' } }),
      {},
    ],
    [
      'intervention at 1000 ms: this lab has no session database',
      at({ kind: 'writeError', member: 'PluginMember1' }),
      { hasDatabase: false },
    ],
    [
      'intervention at 1000 ms: no part named ihs#3 (a cluster member, ihs#1 to ihs#2, database, haManager)',
      at({ kind: 'partition', a: 'PluginMember1', b: 'ihs#3' }),
      {},
    ],
    [
      'intervention at 1000 ms: no part named database (a cluster member, ihs#1 to ihs#2)',
      at({ kind: 'heal', a: 'database', b: 'PluginMember1' }),
      { hasDatabase: false, hasHaManager: false },
    ],
    [
      'intervention at 1000 ms: no part named Nope (a cluster member, ihs#1 to ihs#2, database, haManager)',
      at({ kind: 'partition', a: 'Nope', b: 'PluginMember1' }),
      {},
    ],
    [
      'intervention at 1000 ms: this lab has no memory-to-memory replication',
      at({ kind: 'replicationLag', seconds: 1 }),
      {},
    ],
  ])('names what the lab lacks: %s', (message, i, over) => {
    expect(() => checkIntervention(i, lab(over))).toThrow(new RunSpecError(message));
  });
});
