// The member's half of a request as a statechart of its own (DOMAIN.md §4): the states each request
// actor rests in, sampled every simulated millisecond, in the cases the product distinguishes.
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/simulation/world.ts';
import { entries, get, lab, run } from '../helpers.ts';
import type { LabConfig } from '../../src/model/config.ts';

const owner = [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 10 }];

type Value = string | { [k: string]: Value };
const path = (v: Value): string =>
  typeof v === 'string'
    ? v
    : Object.entries(v)
        .map(([k, inner]) => `${k}.${path(inner)}`)
        .join(',');

/** Each request actor's resting states, in order, from `from` to `until` ms: member/connection → states. */
function courses(w: World, from: number, until: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let t = from; t <= until; t++) {
    w.runUntil(t);
    for (const r of w.actorRecords()) {
      if (r.kind !== 'request') continue;
      const states = out.get(r.id) ?? [];
      const now = path(r.snapshot.value as Value);
      if (states.at(-1) !== now) states.push(now);
      out.set(r.id, states);
    }
  }
  return out;
}

/** A lab writing at the end of service (changed by `change`), u1's session cached in PluginMember1. */
function start(
  change: (c: LabConfig) => void,
  interventions = [get('u1', 500)],
  options: { members?: number; sessions?: typeof owner } = {},
): World {
  const config = lab(
    (c) => {
      c.sessionManager.tuningLevel = 'custom';
      c.sessionManager.writeFrequency = 'endOfServletService';
      change(c);
    },
    { members: options.members ?? 2 },
  );
  return run({ config, sessions: options.sessions ?? owner, interventions }, 499);
}

describe("a request's course through a cluster member", () => {
  it('a cached session: the servlet runs, then the response waits for the end-of-service write', () => {
    const w = start(() => {});
    const all = [...courses(w, 500, 1500).values()];
    expect(all).toEqual([['servicing', 'writing']]);
  });

  it('after a failover the session manager reads the store once, then the servlet runs', () => {
    const w = start(() => {}, [
      { at: 200, action: { kind: 'stop', member: 'PluginMember1' } },
      get('u1', 500),
    ]);
    const [course] = [...courses(w, 500, 1500).entries()];
    expect(course?.[0]).toMatch(/^PluginMember2\//);
    expect(course?.[1]).toEqual(['lookingUpSession.readingStore', 'servicing', 'writing']);
  });

  it('with time-based writes the response does not wait for a write', () => {
    const w = start((c) => (c.sessionManager.writeFrequency = 'timeBasedWrite'));
    expect([...courses(w, 500, 1500).values()]).toEqual([['servicing']]);
  });

  it('memory-to-memory: a member without the session asks the others, and the write is asynchronous', () => {
    // Client/server (DOMAIN.md §5): PluginMember3 only keeps backups, so PluginMember2 has none to take over.
    const w = start(
      (c) => {
        c.sessionManager.persistence = 'memoryToMemory';
        c.memoryToMemory.mode = 'client';
        c.plugin.cluster.servers[2]!.replicationMode = 'server';
        c.plugin.cluster.servers[2]!.loadBalanceWeight = 0;
      },
      [get('u1', 100), { at: 400, action: { kind: 'crash', member: 'PluginMember1' } }, get('u1', 500)],
      { members: 3, sessions: [] },
    );
    const [course] = [...courses(w, 500, 1500).entries()];
    expect(course?.[0]).toMatch(/^PluginMember2\//);
    expect(course?.[1]).toEqual(['lookingUpSession.askingPeers', 'servicing']);
    expect(entries(w, 'session.fetched')).toHaveLength(1);
  });

  it('a request with no free web container thread waits in the backlog until one is released', () => {
    const w = start(
      (c) => {
        c.memberRuntime.webContainerThreads = 1;
        c.memberRuntime.serviceTime = 300;
      },
      [get('u1', 500), get('u1', 510)],
    );
    const [first, second] = [...courses(w, 500, 2000).values()];
    expect(first).toEqual(['servicing', 'writing']);
    expect(second).toEqual(['queued', 'servicing', 'writing']);
  });

  it('a hung JVM never gives its requests a turn; a crash ends them and resets their connections', () => {
    const w = start(() => {}, [
      { at: 400, action: { kind: 'hang', member: 'PluginMember1' } },
      get('u1', 500),
    ]);
    const stuck = courses(w, 500, 3000);
    expect([...stuck.values()]).toEqual([['queued']]);
    w.intervene({ at: 3000, action: { kind: 'crash', member: 'PluginMember1' } });
    w.runUntil(3001);
    expect(w.actorRecords().filter((r) => r.kind === 'request')).toEqual([]);
    expect(entries(w, 'tcp.reset').map((e) => e.actor)).toEqual(['PluginMember1']);
  });

  it('each state says what happens in the product, and the views can name it by tag', () => {
    const w = start(() => {});
    w.runUntil(530);
    const [r] = w.actorRecords().filter((x) => x.kind === 'request');
    expect(r?.name).toBe('PluginMember1');
    expect([...r!.snapshot.tags]).toEqual(['servicing']);
    expect(r!.snapshot.leaves.map((n) => n.description)).toEqual([
      "The servlet runs on the request's thread and changes the session in the cache.",
    ]);
  });
});
