// machineRunner.ts against xstate's own interpreter: every transition of whole runs (busy clusters with
// faults, each persistence mode, the plug-in's timeouts and retries, the ten-steps scenario) is computed
// by both, and the state nodes, context, status and executed actions must agree at every step.

import { describe, expect, it } from 'vitest';
import { assign, setup, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { initialState, nextState, type MachineState } from '../../src/simulation/machineRunner.ts';
import { World, type MachineEngine, type RunSpec } from '../../src/simulation/world.ts';
import { busy, runnerCases } from './runnerCases.ts';

/** An action as xstate hands it to `actionExecutor`. */
interface Executable {
  type: string;
  params: unknown;
}

/** The (type, payload) pair the runner gives its sink for an action xstate hands over (see ActionSink). */
function asPair(a: Executable): [string, unknown] {
  const p = a.params as { event?: unknown; sendId?: unknown } | undefined;
  if (a.type === 'xstate.emit') return [a.type, p?.event];
  if (a.type === 'xstate.cancel') return [a.type, p?.sendId];
  return [a.type, a.params];
}

/** The scope a pure `transition()` runs in: actions come back through `actionExecutor`, nothing runs. */
function inertScope(collect: (a: [string, unknown]) => void): AnyActorScope {
  const self = { id: 'world', sessionId: 'world', send: () => {}, getSnapshot: () => undefined };
  return {
    self,
    defer: () => {},
    id: 'world',
    logger: () => {},
    sessionId: 'world',
    stopChild: () => {},
    system: {
      _bookId: () => 'world',
      _register: () => {},
      _unregister: () => {},
      _sendInspectionEvent: () => {},
      get: () => undefined,
    },
    emit: () => {},
    actionExecutor: (a: Executable) => collect(asPair(a)),
  } as unknown as AnyActorScope;
}

/** Structural equality that stops early at shared objects (most of a context is shared input). */
function same(a: unknown, b: unknown, path: string, out: string[]): void {
  if (a === b || out.length > 0) return;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (!(Number.isNaN(a) && Number.isNaN(b))) out.push(`${path}: ${String(a)} ≠ ${String(b)}`);
    return;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    out.push(`${path}: different kinds of object`);
    return;
  }
  if (a instanceof Map || a instanceof Set) {
    same([...(a as Map<unknown, unknown>)], [...(b as Map<unknown, unknown>)], path, out);
    return;
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.join() !== kb.join()) {
    out.push(`${path}: keys ${ka.join()} ≠ ${kb.join()}`);
    return;
  }
  for (const k of ka)
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
}

/** Runs every transition both ways; the world goes on with the runner's result. */
function checkingEngine() {
  const reference = new WeakMap<MachineState<unknown>, AnyMachineSnapshot>();
  const stats = { transitions: 0, actions: 0 };
  const check = (
    what: string,
    lean: MachineState<unknown>,
    ref: AnyMachineSnapshot,
    a: [string, unknown][],
    b: [string, unknown][],
  ) => {
    const diffs: string[] = [];
    same(lean.status, ref.status, 'status', diffs);
    same(
      lean.nodes.map((n) => (n as { id: string }).id),
      (ref._nodes as { id: string }[]).map((n) => n.id),
      'nodes',
      diffs,
    );
    same(lean.context, ref.context, 'context', diffs);
    same(lean.value, ref.value, 'value', diffs);
    same([...lean.tags], [...ref.tags], 'tags', diffs);
    same(a, b, 'actions', diffs);
    if (diffs.length > 0) throw new Error(`${what}: the runner and xstate disagree: ${diffs.join('; ')}`);
    stats.transitions++;
    stats.actions += a.length;
  };
  const engine: MachineEngine = {
    initial(logic: AnyStateMachine, input, sink, owner) {
      const a: [string, unknown][] = [];
      const b: [string, unknown][] = [];
      const lean = initialState(logic, input, (type, payload) => a.push([type, payload]), owner);
      const ref = logic.getInitialSnapshot(
        inertScope((x) => b.push(x)),
        input,
      );
      check(`${logic.id} initial`, lean, ref, a, b);
      reference.set(lean, ref);
      for (const [type, payload] of a) sink(type, payload);
      return lean;
    },
    next(state, event, sink) {
      const a: [string, unknown][] = [];
      const b: [string, unknown][] = [];
      const lean = nextState(state, event, (type, payload) => a.push([type, payload]));
      const ref = (state.logic as AnyStateMachine).transition(
        reference.get(state)!,
        event,
        inertScope((x) => b.push(x)),
      );
      check(`${state.logic.id} on ${event.type}`, lean, ref, a, b);
      reference.set(lean, ref);
      for (const [type, payload] of a) sink(type, payload);
      return lean;
    },
  };
  return { engine, stats };
}

function agree(spec: RunSpec, until: number): { transitions: number; actions: number; trace: string } {
  const { engine, stats } = checkingEngine();
  const checked = new World(spec, { engine });
  checked.runUntil(until);
  // The default engine gives the same trace (it is the runner alone).
  const plain = new World(spec);
  plain.runUntil(until);
  const trace = JSON.stringify(checked.visibleTrace());
  expect(JSON.stringify(plain.visibleTrace())).toBe(trace);
  return { ...stats, trace };
}

describe('the machine runner agrees with xstate, transition by transition', () => {
  for (const { name, spec, until, seen } of runnerCases) {
    it(`in ${name}`, () => {
      const stats = agree(spec, until);
      expect(stats.transitions).toBeGreaterThan(40);
      for (const text of seen) expect(stats.trace).toContain(text);
    });
  }
});

describe('snapshots for views', () => {
  it('have the state value, tags and context of the runner’s state', () => {
    const w = new World(busy(() => {}));
    w.runUntil(9000);
    while (!w.actorIds().some((id) => id.includes('/'))) w.step();
    // Each record says whose state it is: a walk belongs to the process that took its request.
    for (const rec of w.actorRecords()) {
      expect(rec.snapshot.status).toBe('active');
      if (rec.kind === 'walk') {
        expect(rec.id.startsWith(`${rec.process}/`)).toBe(true);
        expect(rec.name).toBe(rec.process);
      } else expect(rec.name).toBe(rec.kind === 'browser' ? `browser:${rec.id}` : rec.id);
    }
    const member = w.snapshotOf('PluginMember1')!;
    expect(member.value).toEqual({
      running: { web: 'serving', invalidator: 'waiting', heartbeat: 'beating', writer: 'waiting' },
    });
    expect([...member.tags]).toEqual(['up', 'running']);
    // The walk that 9 s of this run stand in: waiting for the member's response, which is step 10.
    const walkId = w.actorIds().find((id) => id.includes('/'))!;
    const walk = w.snapshotOf(walkId)!;
    expect(walk.value).toEqual({ awaitingResponse: 'blocking' });
    expect([...walk.tags]).toEqual(['step-10']);
    expect((walk.context as { request: { id: string } }).request.id).toBe(
      walkId.split('/')[1]!.replace(/\.\d+$/, ''),
    );
  });

  it('list the active leaf states in document order, whichever region changed last', () => {
    const m = setup({}).createMachine({
      id: 'regions',
      type: 'parallel',
      states: {
        a: { initial: 'idle', states: { idle: { on: { go: 'busy' } }, busy: {} } },
        b: { initial: 'idle', states: { idle: {} } },
      },
    });
    const s1 = nextState(
      initialState(m, undefined, () => {}, 'm'),
      { type: 'go' },
      () => {},
    );
    // The runner keeps xstate's own order, which puts a state just entered at the end…
    const ids = (s1.nodes as { id: string }[]).map((n) => n.id);
    expect(ids.indexOf('regions.a.busy')).toBeGreaterThan(ids.indexOf('regions.b.idle'));
    // …while views get the leaves as the machine is written.
    expect(s1.leaves.map((n) => n.path.join('.'))).toEqual(['a.busy', 'b.idle']);
  });
});

describe('transitions', () => {
  it('an event named with no transition is taken by the state and kept from its ancestors, as xstate does', () => {
    const m = setup({}).createMachine({
      id: 'blocking',
      initial: 'outer',
      states: {
        outer: {
          initial: 'inner',
          on: { go: 'elsewhere' },
          states: { inner: { on: { go: undefined } } },
        },
        elsewhere: {},
      },
    });
    const s0 = initialState(m, undefined, () => {}, 'm');
    const s1 = nextState(s0, { type: 'go' }, () => {});
    const ref = m.transition(
      m.getInitialSnapshot(inertScope(() => {})),
      { type: 'go' },
      inertScope(() => {}),
    );
    expect(ref.value).toEqual({ outer: 'inner' });
    expect(s1.value).toEqual(ref.value);
  });
});

describe('contexts', () => {
  const counter = setup({ types: { context: {} as { n: number; log: string[] } } }).createMachine({
    context: { n: 0, log: [] },
    initial: 'idle',
    states: {
      idle: {
        on: {
          bump: {
            target: 'counted',
            actions: [
              assign(({ context }) => ({ n: context.n + 1, log: [...context.log, 'first'] })),
              assign(({ context }) => ({ n: context.n * 10, log: [...context.log, 'second'] })),
            ],
          },
        },
      },
      counted: { entry: assign(({ context }) => ({ n: context.n + 2 })), on: { bump: 'idle' } },
    },
  });

  it('of earlier states never change: the assigns of a macrostep write only into its own copy', () => {
    const s0 = initialState(counter, undefined, () => {}, 'counter');
    const s1 = nextState(s0, { type: 'bump' }, () => {});
    expect(s0.context).toEqual({ n: 0, log: [] });
    expect(s1.context).toEqual({ n: 12, log: ['first', 'second'] });
    const s2 = nextState(s1, { type: 'bump' }, () => {});
    expect(s2).not.toBe(s1);
    expect(s1.context).toEqual({ n: 12, log: ['first', 'second'] });
    expect(s2.context).toBe(s1.context);
    expect(s2.owner).toBe('counter');
  });
});
