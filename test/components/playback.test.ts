import { describe, expect, it } from 'vitest';
import { inPagePort } from '../../src/app/inPagePort.ts';
import { Playback } from '../../src/app/playback.svelte.ts';

describe('Playback (the session every view reads)', () => {
  it('steps one trace entry at a time, even through entries of one simulation step', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    // At 0 s the members report running; nothing else has happened.
    const start = p.entryCount;
    expect(p.shown!.recent.map((e) => e.type)).toEqual([
      'member.running',
      'ha.heartbeat',
      'member.running',
      'ha.heartbeat',
    ]);
    const seen: string[] = [];
    while (!seen.some((t) => t.startsWith('step 6'))) {
      p.stepForward();
      seen.push(p.current!.text);
    }
    // Steps 1–6 of the first request happen at one instant, yet each is its own stop.
    const steps = seen.filter((t) => /^step \d+:/.test(t)).map((t) => Number(/^step (\d+)/.exec(t)![1]));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(p.entryCount).toBe(start + seen.length);
  });

  it('steps back to the same entry and the same frame it stepped forward from', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    for (let i = 0; i < 25; i++) p.stepForward();
    const before = { entry: p.current, frame: JSON.stringify(p.frame) };
    p.stepForward();
    p.stepForward();
    p.stepBack();
    p.stepBack();
    expect(p.current).toEqual(before.entry);
    expect(JSON.stringify(p.frame)).toBe(before.frame);
  });

  it('jumps to the next interesting event: the crash, then the mark-down, then the failover', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    const hits: string[] = [];
    for (let i = 0; i < 4; i++) {
      p.nextInteresting();
      expect(p.nothingAhead).toBe(false);
      hits.push(p.current!.type);
    }
    expect(hits).toEqual(['fault.crash', 'member.crashed', 'plugin.markDown', 'plugin.step']);
    expect(p.current!.text).toMatch(/^step 7/);
  });

  it('shows the whole scripted run on the timeline from the start', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    expect(p.ticks.map((t) => t.kind)).toContain('fault');
    expect(p.ticks.some((t) => t.label.includes('plugin.markDown'))).toBe(true);
    expect(p.frame!.t).toBe(0);
  });

  it('acting in the past forks the run and says so; acting at the end does not', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    p.seek(1000);
    p.act({ kind: 'crash', member: 'PluginMember2' });
    expect(p.forkedAt).toBe(1000);
    expect(p.frame!.members.find((m) => m.name === 'PluginMember2')!.state).toBe('crashed');
    const q = new Playback({ sandbox: { members: 2, processes: 1, users: 2 } }, inPagePort);
    q.seek(2000);
    q.act({ kind: 'crash', member: 'PluginMember1' });
    expect(q.forkedAt).toBeNull();
  });

  it('reports an action the lab cannot do instead of throwing, and keeps the run', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    p.seek(1000);
    p.act({ kind: 'crash', member: 'NoSuchMember' });
    expect(p.errors).toEqual(['intervention at 1000 ms: no cluster member named NoSuchMember']);
    expect(p.forkedAt).toBeNull();
    expect(p.frame!.t).toBe(1000);
  });

  it('shows the cursor after every step, seek and jump', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    const agree = () => {
      expect(p.current?.seq).toBe(p.entryCount - 1);
      expect(p.shown!.recent.every((e) => e.t <= p.frame!.t)).toBe(true);
    };
    p.stepForward();
    agree();
    p.seek(2500);
    agree();
    p.nextInteresting();
    agree();
    expect(p.shown!.walk.every((e) => e.type === 'plugin.step')).toBe(true);
    p.stepBack();
    agree();
  });

  it('says when nothing of interest is left before the end', () => {
    const p = new Playback({ scenario: 'ten-steps' }, inPagePort);
    p.seek(p.duration);
    p.nextInteresting();
    expect(p.nothingAhead).toBe(true);
    p.stepBack();
    expect(p.nothingAhead).toBe(false);
  });
});
