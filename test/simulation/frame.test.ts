// The frame names what a member or the database is doing by the tag of its condition, not by state path.
import { describe, expect, it } from 'vitest';
import { clusterMemberMachine } from '../../src/model/clusterMemberMachine.ts';
import { databaseStoreMachine } from '../../src/model/databaseStoreMachine.ts';
import { project } from '../../src/simulation/frame.ts';
import { get, lab, run } from '../helpers.ts';

type Node = { tags?: string | readonly string[]; always?: unknown };

describe("a frame's conditions", () => {
  it('every state a member or the database rests in is tagged with its condition, besides up or down', () => {
    for (const machine of [clusterMemberMachine, databaseStoreMachine]) {
      const states = (machine.config as { states: Record<string, Node> }).states;
      for (const [name, node] of Object.entries(states)) {
        if (node.always !== undefined) continue;
        const tags = [node.tags ?? []].flat();
        expect(
          tags.filter((t) => t !== 'up' && t !== 'down'),
          `${machine.id}.${name}`,
        ).toEqual([name]);
      }
    }
  });

  it('shows a crashed member, a hung one and a down database as such', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.startupTime = 1000), { members: 3 }),
        interventions: [
          get('u1', 100),
          { at: 500, action: { kind: 'crash', member: 'PluginMember1' } },
          { at: 500, action: { kind: 'hang', member: 'PluginMember2' } },
          { at: 500, action: { kind: 'databaseDown' } },
        ],
      },
      600,
    );
    const frame = project(w);
    expect(frame.members.map((m) => m.state)).toEqual(['crashed', 'hung', 'running']);
    expect(frame.database?.state).toBe('unavailable');
    w.intervene({ at: 700, action: { kind: 'start', member: 'PluginMember1' } });
    w.runUntil(800);
    expect(project(w).members[0]?.state).toBe('starting');
  });
});
