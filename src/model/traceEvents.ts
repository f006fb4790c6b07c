// Every event the machines write to the trace, by type, with the details each carries: one table, so a
// misspelt or forgotten name is a type error where it is emitted and where it is read. Messages are
// traced when sent (their type is the event's); the world adds where they go and when they arrive.
// The world's own entries (interventions, monitors, the lost-data ledger) are in simulation/trace.ts.

/** Details of a trace entry: scalars and lists of strings. */
export type TraceScalar = string | number | boolean | null | readonly string[];

/** Lines the machines write (type → details; `undefined`: none). */
export interface LineEvents {
  'app.started': undefined;
  'app.stopped': undefined;
  'browser.loseCookie': undefined;
  'browser.page': {
    status: number;
    servedBy: string;
    request: string | null;
    session: string | null;
    /** The attribute update this page acknowledges (`u1.3 counter`), when it changed one. */
    update: string | null;
    authoringScreen?: number;
    authoringEdits?: readonly string[];
    authoringRestarted?: boolean;
    portletUnavailable?: boolean;
  };
  'browser.postLost': { request: string };
  'browser.resubmit': undefined;
  'db.begin': DbTransaction;
  'db.commit': DbTransaction;
  'db.down': undefined;
  'db.rollback': DbTransaction;
  'db.up': undefined;
  'ha.memberFailed': { member: string };
  'ha.memberJoined': { member: string };
  'ha.memberLeft': { member: string };
  'member.backlogFull': { member: string };
  'member.crashed': { member: string };
  'member.hung': undefined;
  'member.overloadEnded': { member: string };
  'member.overloaded': { member: string; seconds: number };
  'member.running': undefined;
  'member.starting': undefined;
  'member.stopped': undefined;
  'member.stopping': undefined;
  'plugin.allDown': { request: string };
  'plugin.balance': { request: string; member: string | null; weights: readonly string[] };
  'plugin.error': { request: string; status: number };
  'plugin.expectContinue': { request: string };
  'plugin.handshake': { request: string };
  'plugin.log': { request: string };
  'plugin.markDown': { request: string; member: string | null; retryInterval: number };
  'plugin.markUp': { member: string };
  'plugin.partitionTable': { viewId: number };
  /** The process read plugin-cfg.xml again; `changed` lists the settings that differ, `path=value`. */
  'plugin.reload': { changed: string };
  'plugin.retry': { request: string };
  'plugin.step': PluginStep;
  'plugin.tryAnyway': { request: string; member: string | null };
  'portal.authoringSaved': { session: string; member: string };
  'portal.flowRestarted': { session: string; member: string; screen: number };
  'portal.redirect': { request: string };
  'replica.none': { session: string };
  'session.access': {
    session: string;
    member: string;
    /** Where the session came from for this request. */
    source: 'cache' | 'new' | 'store' | 'replica' | 'peer';
    request: string;
  };
  'session.cacheDropped': { session: string };
  'session.create': { session: string; lost: string | null; group?: number };
  'session.evict': { session: string };
  'session.fetched': { session: string; version: number };
  'session.fromReplica': { session: string; version: number };
  'session.invalidated': { session: string };
  'session.notWritten': { session: string };
  'session.overflow': { request: string };
  'session.readFromStore': { session: string; version: number };
  'session.staleCache': { session: string };
}

/** A database transaction writing one member's session. */
interface DbTransaction {
  tx: string;
  session: string;
  member: string;
  writeId: string;
}

/** One step of the plug-in's walkthrough (DOMAIN.md §2.1). */
interface PluginStep {
  request: string;
  step: number;
  /** The member a stream goes to (steps 6 and 10). */
  member?: string;
  /** PH46938: an attempt on a marked-down member, on purpose. */
  tryAnyway?: boolean;
  /** Step 9: the replacement picked, and how. */
  pick?: string;
  choice?: string | null;
}

/** Messages between actors (type → details the sender adds; `undefined`: none). */
export interface MessageEvents {
  'db.connectionLost': undefined;
  'ha.heartbeat': undefined;
  'ha.leave': undefined;
  'ha.socketClosed': undefined;
  'ha.view': undefined;
  'handshake.ok': undefined;
  'http.continue': undefined;
  'http.expectContinue': undefined;
  'http.handshake': undefined;
  'http.request': undefined;
  'http.response': { session?: string | null; jsessionid?: string | null } | undefined;
  'replica.fetch': undefined;
  'replica.fetchResult': undefined;
  'replica.remove': undefined;
  'replica.update': { session: string };
  'session.delete': undefined;
  'session.read': undefined;
  'session.readResult': undefined;
  'session.write': { session: string; writeId: string };
  'session.writeFailed': undefined;
  'session.written': undefined;
  'tcp.accepted': undefined;
  'tcp.connect': undefined;
  'tcp.refused': undefined;
  'tcp.reset': undefined;
}

export type LineType = keyof LineEvents;
export type MessageType = keyof MessageEvents;
