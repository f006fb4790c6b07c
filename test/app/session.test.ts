import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECENT, Session, type SessionCommand, type SessionUpdate } from '../../src/app/session.ts';
import { isInteresting } from '../../src/simulation/highlights.ts';
import { detailsOf, type TraceEntry } from '../../src/simulation/trace.ts';

/** What a receiver does with updates: keep the highlights before highlightsFrom, append the new ones. */
function apply(copy: TraceEntry[], u: SessionUpdate): void {
  const kept = copy.filter((e) => e.seq < u.highlightsFrom);
  copy.length = 0;
  copy.push(...kept, ...u.highlights);
}

/** Playing's advance (not a command: it answers with the messages in flight only). */
type Advance = { kind: 'advance'; ms: number };

const command = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4000 }) }),
  fc.constant({ kind: 'look' as const }),
  fc.record({ kind: fc.constant('look' as const), recent: fc.integer({ min: 1, max: 60 }) }),
  fc.constant({ kind: 'stepForward' as const }),
  fc.constant({ kind: 'stepBack' as const }),
  fc.constant({ kind: 'nextInteresting' as const }),
  fc.record({ kind: fc.constant('seek' as const), t: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({ kind: fc.constant('jumpToEntry' as const), index: fc.integer({ min: -1, max: 400 }) }),
  fc.record({
    kind: fc.constant('act' as const),
    action: fc.constantFrom(
      { kind: 'crash' as const, member: 'PluginMember1' },
      { kind: 'start' as const, member: 'PluginMember1' },
      { kind: 'crash' as const, member: 'PluginMember2' },
    ),
  }),
);

describe('Session (the simulation side of playback)', () => {
  it('answers every command with the one Instant where the world stands, and streams the interesting entries so that a receiver holds exactly those of the known trace, through advances, seeks and forks', () => {
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 1, maxLength: 12 }),
        (commands: (SessionCommand | Advance)[]) => {
          const s = new Session();
          const copy: TraceEntry[] = [];
          apply(
            copy,
            s.handle({ kind: 'open', options: { sandbox: { members: 2, processes: 1, users: 2 } } }),
          );
          for (const c of commands) {
            const trace = s.world.trace;
            if (c.kind === 'advance') {
              // Only the messages in flight: the receiver hears of the rest (highlights too) with the next answer.
              const motion = s.advance(c.ms);
              expect(motion.t).toBe(s.world.now());
              expect(motion.messages).toHaveLength(s.world.messagesInFlight().length);
              continue;
            }
            const u = s.handle(c);
            apply(copy, u);
            expect(copy).toEqual(trace.filter(isInteresting));
            expect(u.knownCount).toBe(trace.length);
            const { frame, entryCount, recent } = u.instant;
            expect(entryCount).toBeLessThanOrEqual(trace.length);
            expect(frame.t).toBe(s.world.now());
            expect(frame.messages).toHaveLength(s.world.messagesInFlight().length);
            expect(frame.machines.length).toBeGreaterThan(0);
            const n = c.kind === 'look' ? (c.recent ?? RECENT) : RECENT;
            expect(recent).toEqual(trace.slice(Math.max(0, entryCount - n), entryCount));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a fork cuts the highlights of the old future and streams those of the new one', () => {
    const s = new Session();
    const copy: TraceEntry[] = [];
    apply(copy, s.handle({ kind: 'open', options: { scenario: 'ten-steps' } }));
    // The scripted run is known whole from the start: its crash at 2 s is already highlighted.
    expect(copy.some((e) => e.type === 'fault.crash' && e.t === 2000)).toBe(true);
    apply(copy, s.handle({ kind: 'seek', t: 1000 }));
    const u = s.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    apply(copy, u);
    expect(u.forkedAt).toBe(1000);
    expect(copy.filter((e) => e.type === 'fault.crash').map((e) => [e.t, detailsOf(e).member])).toEqual([
      [1000, 'PluginMember2'],
    ]);
  });

  it('says the run forked when an action re-simulates events of its own instant already shown', () => {
    // A live sandbox: nothing is known beyond the last step simulated.
    const s = new Session();
    s.handle({ kind: 'open', options: { sandbox: { members: 2, processes: 1, users: 2 } } });
    let u = s.handle({ kind: 'stepForward' });
    while (u.instant.recent.at(-1)!.type !== 'plugin.step') u = s.handle({ kind: 'stepForward' });
    expect(u.knownCount).toBe(s.world.visibleCount);
    const at = u.instant.frame.t;
    const acted = s.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember2' } });
    expect(acted.forkedAt).toBe(at);
  });

  it('answers a bad action with the reason and leaves the run as it was', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    const before = s.handle({ kind: 'seek', t: 1000 });
    const u = s.handle({ kind: 'act', action: { kind: 'crash', member: 'Nobody' } });
    expect(u.error).toBe('intervention at 1000 ms: no cluster member named Nobody');
    expect(u.highlights).toEqual([]);
    expect(u.instant).toEqual(before.instant);
  });

  it('says when nothing of interest lies ahead', () => {
    const s = new Session();
    s.handle({ kind: 'open', options: { scenario: 'ten-steps' } });
    s.handle({ kind: 'seek', t: 1e9 });
    expect(s.handle({ kind: 'nextInteresting' }).found).toBe(false);
  });

  it('refuses commands before open', () => {
    expect(() => new Session().handle({ kind: 'stepForward' })).toThrow('stepForward before open');
  });
});
