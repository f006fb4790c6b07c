// The cast a configuration calls for: which actors, in which order, with which inputs.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type LabConfig } from '../../src/model/config.ts';
import { buildActors, compareUsers, usersOf, type ActorKind } from '../../src/simulation/actors.ts';
import { SeededRandom } from '../../src/simulation/random.ts';
import type { RunSpec } from '../../src/simulation/runSpec.ts';

interface Spawned {
  id: string;
  name: string;
  kind: ActorKind;
  input: Record<string, unknown>;
}

const cast = (spec: RunSpec, rng = SeededRandom.fromSeed(spec.seed)): Spawned[] => {
  const out: Spawned[] = [];
  buildActors(spec, spec.config, rng, (id, name, kind, _logic, input) =>
    out.push({ id, name, kind, input: input as Record<string, unknown> }),
  );
  return out;
};
const config = (f: (c: LabConfig) => void = () => {}): LabConfig => {
  const c = defaultConfig({ members: 2, processes: 2 });
  f(c);
  return c;
};
const sessionId = 'ABCDEFGHIJKLMNOPQRSTUVW';

describe('buildActors', () => {
  it('spawns the database, the members, the HA manager, the processes, then the browsers by name and number', () => {
    const spec: RunSpec = {
      config: config((c) => (c.sessionManager.persistence = 'database')),
      seed: 1,
      users: ['u10', 'alice'],
      workload: { users: 2, thinkTime: [1, 2], updateShare: 0 },
      interventions: [{ at: 5, action: { kind: 'loseCookie', user: 'bob' } }],
    };
    expect(cast(spec).map((a) => `${a.kind} ${a.id} ${a.name}`)).toEqual([
      'database database database',
      'member PluginMember1 PluginMember1',
      'member PluginMember2 PluginMember2',
      'haManager haManager haManager',
      'process ihs#1 ihs#1',
      'process ihs#2 ihs#2',
      'browser alice browser:alice',
      'browser bob browser:bob',
      'browser u1 browser:u1',
      'browser u2 browser:u2',
      'browser u10 browser:u10',
    ]);
  });
  it('has no database without database persistence, and no HA manager in WAS 5.1', () => {
    const kinds = cast({
      config: config((c) => {
        c.sessionManager.persistence = 'none';
        c.version = '5.1';
      }),
      seed: 1,
    }).map((a) => a.kind);
    expect(kinds).toEqual(['member', 'member', 'process', 'process']);
  });
  it('draws each member its ID seed, then each process its round-robin start, in that order', () => {
    const spec: RunSpec = { config: config(), seed: 7 };
    const rng = SeededRandom.fromSeed(7);
    const [m1, m2] = [rng.uint32(), rng.uint32()];
    const [r1, r2] = [rng.int(0, 1), rng.int(0, 1)];
    const actors = cast(spec);
    expect(actors.filter((a) => a.kind === 'member').map((a) => a.input.idSeed)).toEqual([m1, m2]);
    expect(actors.filter((a) => a.kind === 'process').map((a) => a.input.rrStart)).toEqual([r1, r2]);
  });
  it('starts stopped members stopped, and leaves them out of the first view', () => {
    const members = cast({ config: config(), seed: 1, stoppedMembers: ['PluginMember2'] }).filter(
      (a) => a.kind === 'member',
    );
    expect(members.map((m) => m.input.initiallyRunning)).toEqual([true, false]);
    expect(members[0]!.input.initialView).toEqual(['PluginMember1']);
  });
  it("puts a preloaded session in its member's cache, the store, and the browser's cookie", () => {
    const spec: RunSpec = {
      config: config((c) => (c.sessionManager.persistence = 'database')),
      seed: 1,
      sessions: [{ user: 'u1', sessionId, member: 'PluginMember2', counter: 3 }],
    };
    const actors = cast(spec);
    const byId = new Map(actors.map((a) => [a.id, a.input]));
    const cached = byId.get('PluginMember2')!.preloadedSessions as { id: string }[];
    expect(cached.map((s) => s.id)).toEqual([sessionId]);
    expect(byId.get('PluginMember1')!.preloadedSessions).toEqual([]);
    expect((byId.get('database')!.preloadedRows as unknown[]).length).toBeGreaterThan(0);
    const cloneId = spec.config.plugin.cluster.servers[1]!.cloneId;
    expect(byId.get('u1')!.cookies).toEqual({ JSESSIONID: `0000${sessionId}:${cloneId}` });
  });
  it('hands the session ID in a rewritten link when cookies are off', () => {
    const spec: RunSpec = {
      config: config((c) => {
        c.sessionManager.enableCookies = false;
        c.sessionManager.enableUrlRewriting = true;
      }),
      seed: 1,
      sessions: [{ user: 'u1', sessionId, member: 'PluginMember1' }],
    };
    const browser = cast(spec).find((a) => a.id === 'u1')!.input;
    expect(browser.cookies).toBeUndefined();
    expect(browser.rewrittenUrl).toMatch(new RegExp(`^/;jsessionid=0000${sessionId}:`));
  });
  it('refuses a user name the lab cannot have', () => {
    expect(() => cast({ config: config(), seed: 1, users: ['no spaces'] })).toThrow(
      'is not a valid user name',
    );
  });
});

describe('usersOf', () => {
  it('gathers scripted users, session owners, intervention users and the workload, each once, in order', () => {
    const users = usersOf({
      config: config(),
      seed: 1,
      users: ['u3', 'zed'],
      sessions: [{ user: 'u3', sessionId, member: 'PluginMember1' }],
      interventions: [{ at: 1, action: { kind: 'resubmit', user: 'amy' } }],
      workload: { users: 2, thinkTime: [1, 2], updateShare: 0 },
    });
    expect(users).toEqual(['amy', 'zed', 'u1', 'u2', 'u3']);
  });
  it('orders by number when both names have one (u9 before u10), else as text', () => {
    expect(['u10', 'u9', 'u1'].sort(compareUsers)).toEqual(['u1', 'u9', 'u10']);
    expect(['bob', 'amy', 'u1'].sort(compareUsers)).toEqual(['amy', 'bob', 'u1']);
  });
});
