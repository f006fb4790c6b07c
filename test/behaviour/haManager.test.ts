// The HA manager is a separate, slower detector (DOMAIN.md §6.4): it never marks members down in the plug-in.
import { describe, expect, it } from 'vitest';
import type { HaManagerContext } from '../../src/model/haManagerMachine.ts';
import { entries, get, lab, run } from '../helpers.ts';

const view = (w: ReturnType<typeof run>) => (w.snapshotOf('haManager')!.context as HaManagerContext).view;

describe('HA manager', () => {
  it('notices a crash at once: the host closes the JVM socket', () => {
    const w = run(
      { config: lab(), interventions: [{ at: 5000, action: { kind: 'crash', member: 'PluginMember1' } }] },
      6000,
    );
    expect(entries(w, 'ha.memberFailed')[0]!.t).toBe(5001);
    expect(view(w).PluginMember1!.status).toBe('failed');
  });

  it('declares an unreachable host failed only after the failure detection timeout (180 s)', () => {
    const w = run(
      { config: lab(), interventions: [{ at: 5000, action: { kind: 'hostDown', member: 'PluginMember1' } }] },
      240000,
    );
    const failed = entries(w, 'ha.memberFailed')[0]!;
    // The last heartbeat arrived at 0.001 s and checks run every 30 s: the first check 180 s later is at 210 s.
    expect(failed.t).toBe(210000);
    expect(failed.text).toContain('no heartbeat from PluginMember1 for 180 s');
  });

  it('keeps a hung JVM in the view while the plug-in marks it down: two separate states', () => {
    const w = run(
      {
        config: lab((c) => {
          for (const s of c.plugin.cluster.servers) s.serverIOTimeout = -5;
        }),
        sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1' }],
        interventions: [{ at: 1000, action: { kind: 'hang', member: 'PluginMember1' } }, get('u1', 2000)],
      },
      400000,
    );
    expect(entries(w, 'plugin.markDown')).toHaveLength(1);
    expect(entries(w, 'ha.memberFailed')).toHaveLength(0);
    expect(view(w).PluginMember1!.status).toBe('alive');
  });

  it('a clean stop leaves the core group; a restart joins again and every member gets the new view', () => {
    const w = run(
      {
        config: lab((c) => (c.memberRuntime.startupTime = 2000)),
        interventions: [
          { at: 1000, action: { kind: 'stop', member: 'PluginMember2' } },
          { at: 10000, action: { kind: 'start', member: 'PluginMember2' } },
        ],
      },
      15000,
    );
    expect(entries(w, 'ha.memberLeft').map((e) => e.t)).toEqual([1001]);
    expect(entries(w, 'ha.memberJoined').map((e) => e.t)).toEqual([12001]);
    for (const m of ['PluginMember1', 'PluginMember2']) {
      const ctx = w.snapshotOf(m)!.context as { haView: { alive: string[] } };
      expect(ctx.haView.alive).toEqual(['PluginMember1', 'PluginMember2']);
    }
  });

  it('never touches the plug-in: a member the HA manager declared failed is not marked down until a request fails', () => {
    const w = run(
      {
        config: lab(),
        sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1' }],
        interventions: [{ at: 1000, action: { kind: 'crash', member: 'PluginMember1' } }, get('u1', 5000)],
      },
      7000,
    );
    expect(entries(w, 'ha.memberFailed')[0]!.t).toBe(1001);
    // Four seconds later the plug-in still tries the member: only its own failed attempt marks it down.
    expect(entries(w, 'tcp.connect').filter((e) => e.t >= 5000)[0]!.data?.to).toBe('PluginMember1');
    expect(entries(w, 'plugin.markDown')[0]!.t).toBeGreaterThan(5000);
  });
});
