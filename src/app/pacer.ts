// Paced playback: how much wall time the lab gives each part of a run when it plays, so that a trainee
// can see it at 1×. The failover of ten-steps happens within a tenth of a simulated second: in real time
// it passes between two screen refreshes. Paced, simulated time slows where something happens and
// hurries through quiet stretches:
// - a message in flight takes at least MIN_FLIGHT_MS of wall time to travel (simulated time runs at most
//   as fast as the shortest flight in the air allows);
// - the entries of one instant appear one at a time, each shown for a while (longer for what a trainee
//   should notice: a plug-in step, a fault, a mark-down, a failover, a store read, a page);
// - with nothing in flight, the wait for the next event takes at most QUIET_MS (a 60 s retry interval
//   passes in half a second), and never longer than in real time;
// - when more than FOLLOWABLE messages are in flight at once (a busy sandbox, every session's write at
//   once), nobody can follow them one by one: the run plays in real time until it is sparse again.
// Pacing decides only when the page shows what: the run, its trace and its clock are the same in real
// time and paced. These are the runner's rules, not the model's: the product knows nothing of them.

import { isInteresting } from '../simulation/highlights.ts';
import type { Message } from '../simulation/network.ts';
import type { TraceEntry, TraceType } from '../simulation/trace.ts';

/** Wall ms a message in flight takes at least, at 1× (0.3 s is the least a trainee should get; a late frame takes some of it). */
export const MIN_FLIGHT_MS = 400;
/** Wall ms the wait for the next event takes at most, at 1×, when nothing is in flight. */
export const QUIET_MS = 500;
/** Wall ms an entry a trainee should notice is shown, at 1×, before the next one appears. */
export const NOTABLE_MS = 900;
/** Wall ms any other entry is shown (a log line, a heartbeat, a message sent: its flight shows it). */
export const OTHER_MS = 90;
/** More messages in flight than this, and the run plays in real time. */
export const FOLLOWABLE = 8;

const NOTABLE = new Set<TraceType>([
  'plugin.step',
  'browser.page',
  'session.access',
  'session.write',
  'db.begin',
  'db.commit',
  'db.rollback',
  'member.running',
  'member.crashed',
  'member.stopping',
  'member.stopped',
  'member.hung',
]);

/**
 * Wall ms (at 1×) the cursor stays on entry `e` before the next entry appears, with `inFlight` messages
 * in the air.
 */
export function dwellOf(e: TraceEntry, inFlight: number): number {
  if (inFlight > FOLLOWABLE) return 0;
  return e.actor === 'lab' || NOTABLE.has(e.type) || isInteresting(e) ? NOTABLE_MS : OTHER_MS;
}

/**
 * Simulated ms per wall ms (at 1×) between the event at `since` and the next one at `next` (or Infinity):
 * as slow as the shortest flight in the air needs, else fast enough to cross the gap within QUIET_MS,
 * and never slower than real time with nothing in flight; real time when too many are in flight.
 */
export function rateOf(inFlight: readonly Message[], since: number, next: number): number {
  if (inFlight.length > FOLLOWABLE) return 1;
  if (inFlight.length > 0) {
    let shortest = Infinity;
    for (const m of inFlight) shortest = Math.min(shortest, m.deliverAt - m.sentAt);
    return Math.max(shortest, 0.001) / MIN_FLIGHT_MS;
  }
  return Number.isFinite(next) ? Math.max(1, (next - since) / QUIET_MS) : 1;
}
