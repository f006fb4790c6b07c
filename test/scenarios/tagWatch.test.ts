// A lesson's beats may wait for a statechart's state (a tag) rather than an entry: the TagWatch notes,
// step by step, the entries after which each such state held, the same through replays, and afresh
// after a fork.
import { describe, expect, it } from 'vitest';
import { midWriteCrash } from '../../src/scenarios/lessons/midWriteCrash.ts';
import { narrate, type TagCondition } from '../../src/scenarios/narration.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { TagWatch } from '../../src/scenarios/tagWatch.ts';
import { World } from '../../src/simulation/world.ts';

const writing: TagCondition = { tag: 'writing', actor: 'PluginMember1' };

function watched(interventions = midWriteCrash.interventions) {
  const watch = TagWatch.of(midWriteCrash.beats)!;
  const world = new World({ ...runSpecOf(midWriteCrash), interventions }, { onStep: watch.observe });
  return { watch, world };
}

/** The entries after which PluginMember1 (one of its requests) was writing, as `seq type` lines. */
const heldAt = (watch: TagWatch, world: World) =>
  world.trace.filter((e) => watch.holds(writing, e.seq)).map((e) => `${e.seq} ${e.actor} ${e.type}`);

describe('TagWatch', () => {
  it('is made only for beats that wait for a state', () => {
    expect(TagWatch.of(midWriteCrash.beats)).not.toBeNull();
    expect(TagWatch.of(midWriteCrash.beats.filter((b) => !('tag' in b.when)))).toBeNull();
  });

  it('notes the entries after which a member’s request is in a tagged state, and only those', () => {
    const { watch, world } = watched();
    world.runUntil(3000);
    const held = heldAt(watch, world);
    // The request writes from its write message until the crash at 2 s ends the JVM.
    expect(held[0]).toMatch(/ PluginMember1 session\.write$/);
    expect(held.length).toBeGreaterThan(1);
    const crash = world.trace.find((e) => e.type === 'member.crashed')!;
    const seqs = held.map((h) => Number(h.split(' ')[0]));
    expect(Math.max(...seqs)).toBeLessThan(crash.seq);
    // The world agrees at each of them.
    world.seekToEntry(seqs[0]!);
    expect(world.inState('PluginMember1', 'writing')).toBe(true);
    world.seekToEntry(seqs[0]! - 1);
    expect(world.inState('PluginMember1', 'writing')).toBe(false);
  });

  it('notes the same through replays after seeks', () => {
    const { watch, world } = watched();
    world.runUntil(20_000);
    const before = heldAt(watch, world);
    world.seek(500);
    world.seek(15_000);
    world.seekToEntry(40);
    world.runUntil(20_000);
    expect(heldAt(watch, world)).toEqual(before);
  });

  it('after a fork, notes the new run’s states, not the old future’s', () => {
    const { watch, world } = watched();
    world.runUntil(20_000);
    expect(
      narrate(midWriteCrash.beats, world.trace, midWriteCrash.interventions, watch.holds).reached[0],
    ).toBeDefined();
    // Crashed before the servlet ends: the request never writes.
    world.seek(1040);
    world.intervene({ at: 1040, action: { kind: 'crash', member: 'PluginMember1' } });
    world.runUntil(20_000);
    expect(heldAt(watch, world)).toEqual([]);
    // A fresh run of the forked spec notes the same.
    const fresh = watched(world.runSpec.interventions);
    fresh.world.runUntil(20_000);
    expect(heldAt(fresh.watch, fresh.world)).toEqual([]);
    const { reached, leftScript } = narrate(
      midWriteCrash.beats,
      world.trace,
      midWriteCrash.interventions,
      watch.holds,
    );
    expect(reached).toEqual([]);
    expect(leftScript).toMatchObject({ t: 1040, action: 'crash PluginMember1' });
  });
});
