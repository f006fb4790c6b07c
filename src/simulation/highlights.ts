// The events a trainee wants to jump to — faults, mark-downs, failovers, sessions read from elsewhere,
// lost updates, monitor reports — and how the timeline marks them. Pure functions of trace entries.

import type { TraceEntry, TraceType } from './trace.ts';

/** How a tick on the timeline is drawn: a fault, a failover step, lost data, or an ordinary event. */
export type TickKind = 'fault' | 'failover' | 'loss';

/**
 * Every entry type, and how the timeline marks it (null: not at all). A new type must say, so nothing
 * worth jumping to is left off by forgetting. `plugin.step` counts at step 7 only, where the plug-in
 * finds the session's member unusable and fails over.
 */
export const tickKinds: Readonly<Record<TraceType, TickKind | null>> = {
  'app.start': null,
  'app.started': null,
  'app.stop': null,
  'app.stopped': null,
  'browser.loseCookie': null,
  'browser.page': null,
  'browser.postLost': null,
  'browser.resubmit': null,
  'db.begin': null,
  'db.commit': null,
  'db.connectionLost': null,
  'db.down': null,
  'db.rollback': 'loss',
  'db.up': null,
  'fault.crash': 'fault',
  'fault.databaseDown': 'fault',
  'fault.databaseUp': 'fault',
  'fault.hang': 'fault',
  'fault.hostDown': 'fault',
  'fault.hostUp': 'fault',
  'fault.overload': 'fault',
  'fault.writeError': 'fault',
  'ha.heartbeat': null,
  'ha.leave': null,
  'ha.memberFailed': null,
  'ha.memberJoined': null,
  'ha.memberLeft': null,
  'ha.socketClosed': null,
  'ha.view': null,
  'handshake.ok': null,
  'http.continue': null,
  'http.expectContinue': null,
  'http.handshake': null,
  'http.request': null,
  'http.response': null,
  'ledger.lost': 'loss',
  'member.backlogFull': null,
  'member.crashed': 'fault',
  'member.hung': null,
  'member.ignored': null,
  'member.overloadEnded': null,
  'member.overloaded': null,
  'member.running': null,
  'member.start': null,
  'member.starting': null,
  'member.stop': 'fault',
  'member.stopped': null,
  'member.stopping': null,
  'monitor.sentToMarkedDown': 'loss',
  'monitor.sessionInTwoJvms': 'loss',
  'net.late': null,
  'plugin.allDown': null,
  'plugin.balance': null,
  'plugin.error': null,
  'plugin.expectContinue': null,
  'plugin.handshake': null,
  'plugin.log': null,
  'plugin.markDown': 'failover',
  'plugin.markUp': 'failover',
  'plugin.partitionTable': null,
  'plugin.retry': null,
  'plugin.step': 'failover',
  'plugin.tryAnyway': null,
  'portal.authoringSaved': null,
  'portal.flowRestarted': null,
  'portal.redirect': null,
  'replica.fetch': null,
  'replica.fetchResult': null,
  'replica.none': null,
  'replica.remove': null,
  'replica.update': null,
  'session.access': null,
  'session.cacheDropped': null,
  'session.create': null,
  'session.delete': null,
  'session.evict': null,
  'session.fetched': 'failover',
  'session.fromReplica': 'failover',
  'session.invalidated': null,
  'session.notWritten': null,
  'session.overflow': null,
  'session.read': null,
  'session.readFromStore': 'failover',
  'session.readResult': null,
  'session.staleCache': null,
  'session.write': null,
  'session.writeFailed': null,
  'session.written': null,
  'tcp.accepted': null,
  'tcp.connect': null,
  'tcp.refused': null,
  'tcp.reset': null,
  'user.loseCookie': null,
  'user.request': null,
  'user.resubmit': null,
  'webserver.restartProcess': null,
};

/** Entries worth jumping to: faults, mark-downs, failovers, sessions read from elsewhere, lost data, monitors. */
export function isInteresting(e: TraceEntry): boolean {
  if (e.type === 'plugin.step') return e.data?.step === 7;
  return tickKinds[e.type] !== null;
}

export interface Tick {
  t: number;
  index: number;
  kind: TickKind;
  label: string;
}

export function tickOf(e: TraceEntry, index: number): Tick | null {
  const kind = isInteresting(e) ? tickKinds[e.type] : null;
  return kind === null ? null : { t: e.t, index, kind, label: `${e.actor} ${e.type}: ${e.text}` };
}
