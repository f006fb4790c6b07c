// The events a trainee wants to jump to — faults, mark-downs, failovers, sessions read from elsewhere,
// lost updates, monitor reports — and how the timeline marks them. Pure functions of trace entries.

import type { TraceEntry } from './trace.ts';

/**
 * Entry types always worth jumping to, besides every `fault.*` and `monitor.*` entry: an administrator's
 * stop, a crash as the member reports it, mark-downs and their end, sessions taken from elsewhere,
 * rolled-back writes, lost data.
 */
export const interestingTypes: ReadonlySet<string> = new Set([
  'member.stop',
  'member.crashed',
  'plugin.markDown',
  'plugin.markUp',
  'session.readFromStore',
  'session.fromReplica',
  'session.fetched',
  'db.rollback',
  'ledger.lost',
]);

/** Entries worth jumping to: faults, mark-downs, failovers, sessions read from elsewhere, lost data, monitors. */
export function isInteresting(e: TraceEntry): boolean {
  if (interestingTypes.has(e.type)) return true;
  if (e.type === 'plugin.step') return Number(e.data?.step) === 7;
  return e.type.startsWith('monitor.') || e.type.startsWith('fault.');
}

/** How a tick on the timeline is drawn: a fault, a failover step, lost data, or an ordinary event. */
export type TickKind = 'fault' | 'failover' | 'loss';

export interface Tick {
  t: number;
  index: number;
  kind: TickKind;
  label: string;
}

export function tickOf(e: TraceEntry, index: number): Tick | null {
  if (!isInteresting(e)) return null;
  const kind: TickKind =
    e.type === 'ledger.lost' || e.type.startsWith('monitor.') || e.type === 'db.rollback'
      ? 'loss'
      : e.type.startsWith('fault.') || e.type === 'member.crashed' || e.type === 'member.stop'
        ? 'fault'
        : 'failover';
  return { t: e.t, index, kind, label: `${e.actor} ${e.type}: ${e.text}` };
}
