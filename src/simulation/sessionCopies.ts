// Where the copies of a session are, read from the actors' contexts for the lost-data ledger
// (monitors.ts): members' caches and replicas, the database's rows. Which actors hold copies is the world's.

import type { ClusterMemberContext } from '../model/clusterMemberMachine.ts';
import type { SessionManagerConfig } from '../model/config.ts';
import { rowsOf, type DatabaseStoreContext } from '../model/databaseStoreMachine.ts';
import { attributesHold, provenancesIn, type SessionAttributes } from '../model/sessionData.ts';
import { DATABASE, type ActorRecord } from './actors.ts';
import type { CopyView } from './monitors.ts';

/** Looks an actor up in the world's table as it stands now. */
export type ActorLookup = (id: string) => ActorRecord | undefined;

/**
 * The ledger's view of where copies of a session live, over the actors `holders` names (members and
 * the database, in creation order) as `actor` finds them when asked.
 */
export function sessionCopies(
  actor: ActorLookup,
  holders: readonly string[],
  sm: SessionManagerConfig,
): CopyView {
  return {
    copies: (session: string) => {
      const newest = newestCachedVersion(actor, holders, session);
      return holders.flatMap((h) => copiesIn(actor(h), session, newest)).flatMap((a) => provenancesIn(a));
    },
    holds: (session: string, id: string, first: string) => {
      // The member that just served the session holds its newest copy; the others count as copies does.
      const holds = (holder: string, newest: number) =>
        copiesIn(actor(holder), session, newest).some((a) => attributesHold(a, id));
      if (holds(first, -1)) return true;
      const newest = newestCachedVersion(actor, holders, session);
      return holders.some((h) => h !== first && holds(h, newest));
    },
    stored: (session: string) => copiesIn(actor(DATABASE), session).flatMap((a) => provenancesIn(a)),
    writeFrequencyNote: writeFrequencyNote(sm),
  };
}

/**
 * The attributes of every copy of `session` that actor `rec` keeps (cache, backup, stored rows) and
 * that can still be served. A cached copy older than another member's (a lower cache ID than `newest`)
 * is discarded by the version check when asked (DOMAIN.md §3.1); once written, nothing brings it back.
 */
export function copiesIn(
  rec: ActorRecord | undefined,
  session: string,
  newest = -1,
): Partial<SessionAttributes>[] {
  if (!rec) return [];
  if (rec.owner.kind === 'member') {
    const c = rec.context as ClusterMemberContext;
    const out: Partial<SessionAttributes>[] = [];
    const cached = c.cache.get(session);
    if (cached && (cached.version >= newest || cached.changedSinceWrite || cached.dirty.length > 0))
      out.push(cached.attributes);
    const replica = c.replicas[session];
    if (replica) out.push(replica.session.attributes);
    return out;
  }
  if (rec.owner.kind !== 'database') return [];
  return rowsOf((rec.context as DatabaseStoreContext).rows, session).map((row) => row.data);
}

/** The highest cache ID any member's cached copy of `session` has, or -1. */
export function newestCachedVersion(actor: ActorLookup, holders: readonly string[], session: string): number {
  let newest = -1;
  for (const h of holders) {
    const rec = actor(h);
    if (rec?.owner.kind !== 'member') continue;
    const v = (rec.context as ClusterMemberContext).cache.get(session)?.version;
    if (v !== undefined && v > newest) newest = v;
  }
  return newest;
}

/** Why an acknowledged update can be missing from every copy, with this write frequency. */
export function writeFrequencyNote(sm: SessionManagerConfig): string {
  return sm.persistence === 'none'
    ? 'sessions are kept in memory only'
    : sm.writeFrequency === 'timeBasedWrite'
      ? `time-based writes every ${sm.writeInterval} s had not written it yet`
      : sm.writeFrequency === 'manualUpdate'
        ? 'manual update: IBMSession.sync() had not been called since'
        : 'end-of-service write had not committed';
}
