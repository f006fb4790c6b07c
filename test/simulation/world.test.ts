import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/model/config.ts';
import { validateConfig } from '../../src/model/parameters.ts';
import { project } from '../../src/simulation/frame.ts';
import { formatTrace } from '../../src/simulation/trace.ts';
import { RunSpecError, World, type RunSpec } from '../../src/simulation/world.ts';

const busy = (seed = 42): RunSpec => ({
  config: defaultConfig({ members: 3, processes: 3 }),
  seed,
  workload: { users: 25, thinkTime: [500, 4000], updateShare: 0.6 },
  interventions: [
    { at: 8000, action: { kind: 'crash', member: 'PluginMember2' } },
    { at: 15000, action: { kind: 'start', member: 'PluginMember2' } },
    { at: 20000, action: { kind: 'hang', member: 'PluginMember3' } },
  ],
});

const traceOf = (spec: RunSpec, until: number): string => {
  const w = new World(spec);
  w.runUntil(until);
  return JSON.stringify(w.visibleTrace());
};

describe('determinism', () => {
  it('same config + seed + interventions give a byte-identical trace', () => {
    const a = traceOf(busy(), 60000);
    expect(a.length).toBeGreaterThan(100000);
    expect(traceOf(busy(), 60000)).toBe(a);
  });
  it('holds with memory-to-memory replication, the HA manager and faults too', () => {
    const spec = (): RunSpec => {
      const s = busy(9);
      s.config.sessionManager.persistence = 'memoryToMemory';
      s.config.plugin.cluster.getDWLMTable = true;
      s.interventions = [
        ...(s.interventions ?? []),
        { at: 12000, action: { kind: 'hostDown', member: 'PluginMember3' } },
      ];
      return s;
    };
    const a = traceOf(spec(), 40000);
    expect(a).toContain('session.fromReplica');
    expect(traceOf(spec(), 40000)).toBe(a);
  });

  it('another seed gives another run', () => {
    expect(traceOf(busy(43), 30000)).not.toBe(traceOf(busy(42), 30000));
  });
  it('stepping one event at a time gives the same trace as running', () => {
    const a = new World(busy());
    a.runUntil(20000);
    const b = new World(busy());
    while ((b.nextEventAt() ?? Infinity) <= 20000) b.step();
    expect(formatTrace(b.visibleTrace())).toBe(formatTrace(a.visibleTrace()));
  });
});

describe('seek', () => {
  it('seeking back then forward gives identical frames and trace', () => {
    const w = new World(busy());
    const frames = new Map<number, string>();
    for (const t of [5000, 12000, 19000, 26000, 40000, 55000]) {
      w.runUntil(t);
      frames.set(t, JSON.stringify({ frame: project(w), trace: w.visibleTrace().length }));
    }
    for (const t of [19000, 5000, 40000, 12000, 55000, 26000, 5000]) {
      w.seek(t);
      expect(w.now()).toBe(t);
      expect(JSON.stringify({ frame: project(w), trace: w.visibleTrace().length })).toBe(frames.get(t));
    }
  });
  it('seekToEntry stands just after that entry', () => {
    const w = new World(busy());
    w.runUntil(30000);
    const all = w.visibleTrace();
    w.seekToEntry(500);
    expect(w.visibleTrace().length).toBeGreaterThan(500);
    expect(w.visibleTrace()[500]).toEqual(all[500]);
    expect(w.now()).toBe(all[w.visibleTrace().length - 1]!.t);
    // Just after: one step earlier the entry did not exist yet.
    w.seekToStep(w.stepCount - 1);
    expect(w.visibleTrace().length).toBeLessThanOrEqual(500);
  });
});

describe('fork', () => {
  it('an intervention in the past cuts the future, and the result equals a fresh run of the grown spec', () => {
    const w = new World(busy());
    w.runUntil(40000);
    const before = w.visibleTrace().length;
    w.seek(10000);
    w.intervene({ at: 10000, action: { kind: 'crash', member: 'PluginMember1' } });
    expect(w.now()).toBe(10000);
    expect(w.trace.length).toBe(w.visibleTrace().length);
    w.runUntil(40000);
    const fresh = new World(w.runSpec);
    fresh.runUntil(40000);
    expect(formatTrace(w.visibleTrace())).toBe(formatTrace(fresh.visibleTrace()));
    expect(w.visibleTrace().length).not.toBe(before);
    expect(
      w
        .visibleTrace()
        .some((e) => e.type === 'fault.crash' && e.t === 10000 && e.text.includes('PluginMember1')),
    ).toBe(true);
  });
  it('an intervention at an earlier instant while standing later re-simulates up to where the world stood', () => {
    const w = new World(busy());
    w.runUntil(30000);
    w.intervene({ at: 12345, action: { kind: 'stop', member: 'PluginMember3' } });
    expect(w.now()).toBe(30000);
    const fresh = new World(w.runSpec);
    fresh.runUntil(30000);
    expect(JSON.stringify(w.visibleTrace())).toBe(JSON.stringify(fresh.visibleTrace()));
  });
});

describe('fork, then seek', () => {
  // Checkpoints taken before an intervention was added must still carry it: seeking back past them and
  // forward again, or forking a second time, replays the first intervention.
  const frameAt = (w: World, t: number): string => {
    w.seek(t);
    return JSON.stringify(project(w));
  };
  it('seeking back before a fork and forward again replays the intervention', () => {
    const w = new World(busy());
    w.runUntil(30000);
    w.intervene({ at: 12345, action: { kind: 'stop', member: 'PluginMember3' } });
    const fresh = new World(w.runSpec);
    fresh.runUntil(30000);
    for (const t of [0, 12000, 13000, 29000, 25000]) expect(frameAt(w, t)).toBe(frameAt(fresh, t));
  });
  it('a second fork keeps the first intervention', () => {
    const w = new World(busy());
    w.runUntil(1000);
    w.intervene({ at: 1000, action: { kind: 'crash', member: 'PluginMember1' } });
    w.runUntil(3000);
    w.intervene({ at: 3000, action: { kind: 'crash', member: 'PluginMember3' } });
    w.runUntil(9000);
    const fresh = new World(w.runSpec);
    fresh.runUntil(9000);
    expect(JSON.stringify(w.visibleTrace())).toBe(JSON.stringify(fresh.visibleTrace()));
    expect(frameAt(w, 2000)).toBe(frameAt(fresh, 2000));
  });
  it('two interventions at one instant keep their order through checkpoints', () => {
    const w = new World(busy());
    w.runUntil(5000);
    w.intervene({ at: 5000, action: { kind: 'crash', member: 'PluginMember1' } });
    w.intervene({ at: 5000, action: { kind: 'start', member: 'PluginMember1' } });
    w.runUntil(7000);
    const fresh = new World(w.runSpec);
    fresh.runUntil(7000);
    expect(JSON.stringify(w.visibleTrace())).toBe(JSON.stringify(fresh.visibleTrace()));
    expect(frameAt(w, 6000)).toBe(frameAt(fresh, 6000));
  });
});

describe('a world of its own at an instant (forkAt)', () => {
  const same = (a: World, b: World) => {
    expect(JSON.stringify(a.visibleTrace())).toBe(JSON.stringify(b.visibleTrace()));
    expect(JSON.stringify(project(a))).toBe(JSON.stringify(project(b)));
  };
  it('is a fresh run of the same spec up to that instant, and goes on as it would, faults and monitors included', () => {
    const w = new World(busy());
    w.runUntil(30_000);
    const before = JSON.stringify(w.visibleTrace());
    // Ahead of where the world stands, where it stands, and behind it (through a checkpoint).
    for (const t of [45_000, 30_000, 12_345, 0]) {
      const copy = w.forkAt(t);
      const fresh = new World(busy());
      fresh.runUntil(t);
      same(copy, fresh);
      copy.runUntil(t + 20_000);
      fresh.runUntil(t + 20_000);
      same(copy, fresh);
      expect(copy.violations().length).toBe(fresh.violations().length);
    }
    // The world it was made from is as it was.
    expect(JSON.stringify(w.visibleTrace())).toBe(before);
    expect(w.now()).toBe(30_000);
  });

  it('takes an action of its own, as a fresh run of the grown spec, and leaves its origin alone', () => {
    const w = new World(busy());
    w.runUntil(20_000);
    const copy = w.forkAt(10_000);
    copy.intervene({ at: 10_000, action: { kind: 'crash', member: 'PluginMember1' } });
    copy.runUntil(25_000);
    const fresh = new World(copy.runSpec);
    fresh.runUntil(25_000);
    same(copy, fresh);
    expect(w.interventions.length).toBe(3);
    w.runUntil(25_000);
    const alone = new World(busy());
    alone.runUntil(25_000);
    same(w, alone);
  });

  it('from a world that has stepped back (its monitors ahead of its cursor), stands where a fresh run stands', () => {
    const w = new World(busy());
    w.runUntil(40_000);
    w.seek(9_000);
    const copy = w.forkAt(9_500);
    const fresh = new World(busy());
    fresh.runUntil(9_500);
    same(copy, fresh);
    copy.runUntil(40_000);
    fresh.runUntil(40_000);
    same(copy, fresh);
  });
});

describe('bad input', () => {
  it('names a bad seed, a bad parameter, an unknown member', () => {
    expect(() => new World({ ...busy(), seed: -1 })).toThrow(/seed: must be a whole number/);
    // The configuration is checked where it comes in, before a world is made of it.
    const c = defaultConfig();
    c.plugin.cluster.retryInterval = 601;
    expect(() => validateConfig(c)).toThrow(
      'plugin.cluster.retryInterval: must be a whole number from 0 to 600, got 601',
    );
    expect(
      () =>
        new World({
          config: defaultConfig(),
          seed: 1,
          interventions: [{ at: 0, action: { kind: 'crash', member: 'Nope' } }],
        }),
    ).toThrow(RunSpecError);
    const w = new World(busy());
    w.runUntil(1000);
    const trace = JSON.stringify(w.visibleTrace());
    expect(() => w.intervene({ at: 500, action: { kind: 'crash', member: 'Nope' } })).toThrow(
      'no cluster member named Nope',
    );
    const request = { kind: 'request' as const, user: 'u1', method: 'GET' as const, url: '/shop/cart' };
    expect(() => w.intervene({ at: 500, action: { ...request, op: { kind: 'view' }, process: 7 } })).toThrow(
      'no web server process ihs#7',
    );
    expect(() =>
      w.intervene({ at: 500, action: { ...request, op: { kind: 'authoring', edit: 'x' } } }),
    ).toThrow('this lab has no Portal');
    expect(JSON.stringify(w.visibleTrace())).toBe(trace);
    expect(w.now()).toBe(1000);
  });
});

describe('stepping back', () => {
  it('seekToStep(n - 1) stands where the world stood one step earlier, even when a step wrote several entries', () => {
    const w = new World(busy());
    const seen: { steps: number; now: number; trace: number; frame: string }[] = [];
    for (let i = 0; i < 400; i++) {
      w.step();
      seen.push({
        steps: w.stepCount,
        now: w.now(),
        trace: w.visibleTrace().length,
        frame: JSON.stringify(project(w)),
      });
    }
    for (const i of [398, 250, 10, 0, 399, 120]) {
      w.seekToStep(seen[i]!.steps);
      expect({
        steps: w.stepCount,
        now: w.now(),
        trace: w.visibleTrace().length,
        frame: JSON.stringify(project(w)),
      }).toEqual(seen[i]);
    }
    w.seekToStep(400);
    w.seekToStep(399);
    expect(w.trace.length).toBeGreaterThan(w.visibleTrace().length);
  });
});

describe('monitors across seeks and forks', () => {
  // A replay walks over the findings already in the trace without running the monitors, so their state
  // stays the one at the end of the trace; a fork rebuilds it up to the fork point.
  const lossy = (): RunSpec => {
    const s = busy(5);
    s.config.sessionManager.writeFrequency = 'timeBasedWrite';
    s.config.sessionManager.writeInterval = 10;
    s.interventions = [
      { at: 9000, action: { kind: 'crash', member: 'PluginMember1' } },
      { at: 14000, action: { kind: 'start', member: 'PluginMember1' } },
      { at: 33000, action: { kind: 'crash', member: 'PluginMember2' } },
      { at: 38000, action: { kind: 'start', member: 'PluginMember2' } },
      { at: 52000, action: { kind: 'crash', member: 'PluginMember3' } },
    ];
    return s;
  };
  const findings = (w: World, from: number, to: number): number =>
    w.visibleTrace().filter((e) => e.actor === 'monitor' && e.t >= from && e.t < to).length;

  it('seeking back, then running on past the end, finds what a straight run finds', () => {
    const straight = new World(lossy());
    straight.runUntil(60000);
    expect(findings(straight, 0, 20000)).toBeGreaterThan(0);
    expect(findings(straight, 30000, 60000)).toBeGreaterThan(0);
    const upTo = (t: number): string => JSON.stringify(straight.visibleTrace().filter((e) => e.t <= t));
    const w = new World(lossy());
    w.runUntil(30000);
    w.seek(3000);
    // Forward without a checkpoint restore: the replay walks over the findings of 3–28 s.
    w.runUntil(28000);
    expect(JSON.stringify(w.visibleTrace())).toBe(upTo(28000));
    w.seek(20000);
    expect(JSON.stringify(w.visibleTrace())).toBe(upTo(20000));
    w.runUntil(60000);
    expect(JSON.stringify(w.visibleTrace())).toBe(JSON.stringify(straight.visibleTrace()));
  });
  it('a fork rebuilds the monitors up to its instant', () => {
    const w = new World(lossy());
    w.runUntil(60000);
    w.seek(45000);
    w.intervene({ at: 28000, action: { kind: 'crash', member: 'PluginMember1' } });
    w.runUntil(60000);
    const fresh = new World(w.runSpec);
    fresh.runUntil(60000);
    expect(findings(fresh, 28000, 60000)).toBeGreaterThan(0);
    expect(JSON.stringify(w.visibleTrace())).toBe(JSON.stringify(fresh.visibleTrace()));
  });
});

describe('snapshots', () => {
  it('of a member keep their tables: later transitions change copies, never what an earlier state holds', () => {
    const w = new World(busy(11));
    const seen: { requests: ReadonlyMap<string, unknown>; entries: string }[] = [];
    const tableOf = (): ReadonlyMap<string, unknown> =>
      (w.snapshotOf('PluginMember1')!.context as { requests: ReadonlyMap<string, unknown> }).requests;
    for (let t = 100; t <= 20000; t += 37) {
      w.runUntil(t);
      const requests = tableOf();
      seen.push({ requests, entries: JSON.stringify([...requests]) });
    }
    expect(seen.some((s) => s.requests.size >= 2)).toBe(true);
    for (const s of seen) expect(JSON.stringify([...s.requests])).toBe(s.entries);
  });
});
