import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { SimClock } from '../../src/simulation/simClock.ts';

describe('SimClock', () => {
  it('fires one deadline at a time, each at its own time, in deadline then insertion order', () => {
    const clock = new SimClock<string>();
    const seen: string[] = [];
    clock.schedule(30, 'c');
    clock.schedule(10, 'a');
    clock.schedule(10, 'b');
    clock.schedule(30, 'first at 30', 0);
    for (let t = clock.fireNext(); t; t = clock.fireNext()) seen.push(`${clock.now()}:${String(t.payload)}`);
    expect(seen).toEqual(['10:a', '10:b', '30:first at 30', '30:c']);
  });
  it('drives an xstate actor: a timer in a long jump sees its own time, not the end of the jump', () => {
    const clock = new SimClock();
    const times: number[] = [];
    const machine = setup({}).createMachine({
      initial: 'a',
      states: {
        a: { after: { 1000: { target: 'b', actions: () => times.push(clock.now()) } } },
        b: { after: { 2000: { target: 'c', actions: () => times.push(clock.now()) } } },
        c: {},
      },
    });
    const actor = createActor(machine, { clock }).start();
    clock.runUntil(10000);
    expect(actor.getSnapshot().value).toBe('c');
    expect(times).toEqual([1000, 3000]);
    expect(clock.now()).toBe(10000);
  });
  it('cancels and restores', () => {
    const clock = new SimClock<string>();
    const id = clock.schedule(5, 'x');
    clock.schedule(7, 'y');
    const saved = clock.save();
    clock.cancel(id);
    expect(clock.fireNext()?.payload).toBe('y');
    clock.restore(saved);
    expect(clock.fireNext()?.payload).toBe('x');
  });
  it('keeps only live timers in a checkpoint, and fires them in the same order as without one', () => {
    const plan = (clock: SimClock<number>): number[] => {
      const ids: number[] = [];
      for (let i = 0; i < 60; i++) ids.push(clock.schedule((i * 37) % 23, i, i % 3 === 0 ? 0 : 1));
      // Cancel timers buried deep in the heap, not only the earliest.
      for (const [i, id] of ids.entries()) if (i % 4 === 1) clock.cancel(id);
      return ids;
    };
    const order = (clock: SimClock<number>): number[] => {
      const out: number[] = [];
      for (let t = clock.fireNext(); t; t = clock.fireNext()) out.push(t.payload as number);
      return out;
    };
    const plain = new SimClock<number>();
    plan(plain);
    const expected = order(plain);
    const saving = new SimClock<number>();
    plan(saving);
    const saved = saving.save();
    expect(saved.heap).toHaveLength(45);
    expect(saved.cancelled).toEqual([]);
    expect(saving.pending()).toBe(45);
    expect(order(saving)).toEqual(expected);
    saving.restore(saved);
    expect(order(saving)).toEqual(expected);
    expect(expected).toHaveLength(45);
  });

  it('adds a deadline to a saved state without touching it, ordered by its own tie-break', () => {
    const c = new SimClock<string>();
    c.schedule(10, 'a', 0);
    c.schedule(10, 'b', 1);
    c.schedule(5, 'early');
    const saved = c.save();
    const grown = SimClock.withDeadline(saved, 10, 'added', 0, -1, 2 ** 40);
    expect(saved.heap).toHaveLength(3);
    const fired = (s: typeof saved): string[] => {
      const k = new SimClock<string>();
      k.restore(s);
      const out: string[] = [];
      for (let t = k.fireNext(); t; t = k.fireNext()) out.push(t.payload as string);
      return out;
    };
    expect(fired(saved)).toEqual(['early', 'a', 'b']);
    expect(fired(grown)).toEqual(['early', 'a', 'added', 'b']);
    expect(() => SimClock.withDeadline({ ...saved, now: 20 }, 10, 'late', 0, -2, 1)).toThrow(/before now/);
  });
});
