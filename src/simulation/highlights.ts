// The events a trainee wants to jump to — faults, mark-downs, failovers, sessions read from elsewhere,
// lost updates, monitor reports — and how the timeline marks them. Pure functions of trace entries.

import type { TraceEntry } from './trace.ts';

/** Entries worth jumping to: faults, mark-downs, failovers, sessions read from elsewhere, lost data, monitors. */
export function isInteresting(e: TraceEntry): boolean {
  switch (e.type) {
    case 'fault.crash':
    case 'fault.hang':
    case 'fault.stop':
    case 'member.crashed':
    case 'plugin.markDown':
    case 'plugin.markUp':
    case 'session.readFromStore':
    case 'session.fromReplica':
    case 'session.fetched':
    case 'db.rollback':
    case 'ledger.lost':
      return true;
    case 'plugin.step':
      return Number(e.data?.step) === 7;
    default:
      return e.type.startsWith('monitor.') || e.type.startsWith('fault.');
  }
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
      : e.type.startsWith('fault.') || e.type === 'member.crashed'
        ? 'fault'
        : 'failover';
  return { t: e.t, index, kind, label: `${e.actor} ${e.type}: ${e.text}` };
}
