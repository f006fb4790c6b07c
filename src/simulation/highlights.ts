// The events a trainee wants to jump to — faults, mark-downs, failovers, sessions read from elsewhere,
// lost updates, monitor reports — and how the timeline marks them. Pure functions of trace entries.

import type { TraceEntry, TraceType } from './trace.ts';

/** How a tick on the timeline is drawn: a fault, a failover step, lost data, or an ordinary event. */
export type TickKind = 'fault' | 'failover' | 'loss';

/** Entry types the timeline leaves unmarked (every other type is in tickKinds). */
type Unmarked =
  | 'app.start'
  | 'app.started'
  | 'app.stop'
  | 'app.stopped'
  | 'browser.loseCookie'
  | 'browser.page'
  | 'browser.postLost'
  | 'browser.resubmit'
  | 'db.begin'
  | 'db.commit'
  | 'db.connectionLost'
  | 'db.down'
  | 'db.up'
  | 'ha.heartbeat'
  | 'ha.leave'
  | 'ha.memberFailed'
  | 'ha.memberJoined'
  | 'ha.memberLeft'
  | 'ha.socketClosed'
  | 'ha.view'
  | 'handshake.ok'
  | 'http.continue'
  | 'http.expectContinue'
  | 'http.handshake'
  | 'http.request'
  | 'http.response'
  | 'member.backlogFull'
  | 'member.hung'
  | 'member.overloadEnded'
  | 'member.overloaded'
  | 'member.running'
  | 'member.start'
  | 'member.starting'
  | 'member.stopped'
  | 'member.stopping'
  | 'net.late'
  | 'net.lost'
  | 'plugin.allDown'
  | 'plugin.balance'
  | 'plugin.error'
  | 'plugin.expectContinue'
  | 'plugin.handshake'
  | 'plugin.log'
  | 'plugin.partitionTable'
  | 'plugin.retry'
  | 'plugin.tryAnyway'
  | 'portal.authoringSaved'
  | 'portal.flowRestarted'
  | 'portal.redirect'
  | 'replica.fetch'
  | 'replica.fetchResult'
  | 'replica.none'
  | 'replica.remove'
  | 'replica.update'
  | 'session.access'
  | 'session.cacheDropped'
  | 'session.create'
  | 'session.delete'
  | 'session.evict'
  | 'session.invalidated'
  | 'session.notWritten'
  | 'session.overflow'
  | 'session.read'
  | 'session.readResult'
  | 'session.staleCache'
  | 'session.write'
  | 'session.writeFailed'
  | 'session.written'
  | 'tcp.accepted'
  | 'tcp.connect'
  | 'tcp.refused'
  | 'tcp.reset'
  | 'user.loseCookie'
  | 'user.request'
  | 'user.resubmit'
  | 'webserver.restartProcess';

/**
 * How the timeline marks each entry type worth jumping to. Together with Unmarked it names every type
 * (checked below), so a new type must be placed. `plugin.step` counts at step 7 only, where the plug-in
 * finds the session's member unusable and fails over.
 */
export const tickKinds: Readonly<Record<Exclude<TraceType, Unmarked>, TickKind>> = {
  'db.rollback': 'loss',
  'fault.crash': 'fault',
  'fault.databaseDown': 'fault',
  'fault.databaseUp': 'fault',
  'fault.hang': 'fault',
  'fault.hostDown': 'fault',
  'fault.hostUp': 'fault',
  'fault.overload': 'fault',
  'fault.writeError': 'fault',
  'fault.slow': 'fault',
  'fault.partition': 'fault',
  'fault.heal': 'fault',
  'fault.dropMessage': 'fault',
  'fault.delayMessage': 'fault',
  'fault.replicationLag': 'fault',
  'lab.editPluginCfg': 'fault',
  'ledger.lost': 'loss',
  'member.crashed': 'fault',
  'member.stop': 'fault',
  'monitor.sentToMarkedDown': 'loss',
  'monitor.sessionInTwoJvms': 'loss',
  'plugin.markDown': 'failover',
  'plugin.markUp': 'failover',
  'plugin.reload': 'failover',
  'plugin.step': 'failover',
  'session.fetched': 'failover',
  'session.fromReplica': 'failover',
  'session.readFromStore': 'failover',
};

/** Holds (compiles) only if every trace type is either marked or deliberately unmarked, never both, and nothing else is listed. */
export type EveryTypePlaced = Holds<
  [
    Exclude<TraceType, keyof typeof tickKinds | Unmarked>,
    Extract<keyof typeof tickKinds, Unmarked>,
    Exclude<Unmarked, TraceType>,
  ] extends [never, never, never]
    ? true
    : false
>;
type Holds<T extends true> = T;

/** Entries worth jumping to: faults, mark-downs, failovers, sessions read from elsewhere, lost data, monitors. */
export function isInteresting(e: TraceEntry): boolean {
  if (e.type === 'plugin.step') return e.data?.step === 7;
  return e.type in tickKinds;
}

export interface Tick {
  t: number;
  index: number;
  kind: TickKind;
  /** The entry's type (the timeline's key counts by it). */
  type: TraceType;
  label: string;
}

export function tickOf(e: TraceEntry, index: number): Tick | null {
  if (!isInteresting(e)) return null;
  const kind = (tickKinds as Readonly<Record<string, TickKind>>)[e.type]!;
  return { t: e.t, index, kind, type: e.type, label: `${e.actor} ${e.type}: ${e.text}` };
}
