// Monitors over the trace (issue: "report, don't prevent"): a session active in two JVMs at once, a
// process sending to a member it marked down before the retry deadline, and the lost-data ledger —
// every acknowledged update that is no longer in any copy of its session, with when and why.
// They read trace entries as they are appended (live or replayed) and answer with findings, which the
// world appends as `monitor.*` / `ledger.lost` entries.

import { PersistentMap } from '../model/persistentMap.ts';
import { hasUpdate, type Provenance } from '../model/sessionData.ts';
import { detailsOf, type TraceEntry, type TraceType, type WorldEvents } from './trace.ts';

const inAny = (copies: readonly Provenance[], id: string): boolean => copies.some((p) => hasUpdate(p, id));

export interface AckedUpdate {
  id: string;
  user: string;
  attribute: string;
  at: number;
}

/**
 * The monitors' state. Mutable for speed (it changes on most events); the world copies it at
 * checkpoints with `clone()`.
 */
export class MonitorState {
  /** session → member → requests in service. */
  inService = new Map<string, Map<string, number>>();
  /** session → the member that served it last (persistent: checkpoints share it). */
  owner = PersistentMap.empty<string>();
  /** process → member → retry deadline. */
  markedDown = new Map<string, Map<string, number>>();
  /** session → updates acknowledged to the user and not (yet) lost, newest first; shared by clones. */
  acked = PersistentMap.empty<AckList>();
  /** Why copies last went away, and for which session (null: any), for an acknowledgment that arrives after its loss. */
  lastLoss: { session: string | null; why: string } | null = null;
  /**
   * session → the last time it moved to a member that had to read it from the store while another
   * member had served it (a failover, or the switch-back after one).
   */
  moved = PersistentMap.empty<{ from: string; to: string; at: number }>();
  /** user → the Authoring portlet's edits in progress as the user's last page showed them. */
  authoring = PersistentMap.empty<{
    session: string;
    edits: readonly string[];
    at: number;
    member: string;
  }>();

  clone(): MonitorState {
    const c = new MonitorState();
    for (const [k, v] of this.inService) c.inService.set(k, new Map(v));
    c.owner = this.owner;
    for (const [k, v] of this.markedDown) c.markedDown.set(k, new Map(v));
    c.acked = this.acked;
    c.lastLoss = this.lastLoss;
    c.moved = this.moved;
    c.authoring = this.authoring;
    return c;
  }
}

/** An immutable list, newest first: adding one shares the rest, so checkpoints cost one node per update. */
export interface AckList {
  readonly update: AckedUpdate;
  readonly next: AckList | null;
}

function* acks(list: AckList | null): Generator<AckedUpdate> {
  for (let l = list; l; l = l.next) yield l.update;
}

/** Oldest first, as they were acknowledged. */
export function ackedInOrder(list: AckList | null | undefined): AckedUpdate[] {
  return [...acks(list ?? null)].reverse();
}

type FindingType = 'monitor.sessionInTwoJvms' | 'monitor.sentToMarkedDown' | 'ledger.lost';

/** What a monitor reports: a trace entry of the monitor's, with its details. */
export type Finding = {
  [K in FindingType]: { type: K; text: string; data: WorldEvents[K] };
}[FindingType];

/** What the ledger needs to know about the world when it checks: which update IDs each session's copies hold. */
export interface CopyView {
  /** The provenance of every copy of `session` (member caches, stored rows, replicas). */
  copies(session: string): readonly Provenance[];
  /**
   * Whether some copy of `session` holds update `id`, looking at member `first`'s copies before the
   * others (the member that just served it, which nearly always does).
   */
  holds(session: string, id: string, first: string): boolean;
  /** The provenance of the stored rows of `session` alone: a cheap first look. */
  stored(session: string): readonly Provenance[];
  /** A sentence on why data goes missing with the current write frequency. */
  writeFrequencyNote: string;
}

const seconds = (t: number): string => `${(t / 1000).toFixed(3)}s`;

/** Entry types after which a copy may have disappeared. */
const lossTriggers: ReadonlySet<TraceType> = new Set<TraceType>([
  'member.crashed',
  'member.stopped',
  'session.evict',
  'db.rollback',
  'db.commit',
  'session.notWritten',
  'session.readFromStore',
  'session.fromReplica',
  'session.fetched',
  'session.cacheDropped',
]);

function cause(e: TraceEntry, note: string, s: MonitorState): string {
  const d = detailsOf(e);
  const member = String(d.member ?? e.actor);
  const session = d.session;
  const moved = typeof session === 'string' ? s.moved.get(session) : undefined;
  switch (e.type) {
    case 'member.crashed':
      return `${member} crashed before the update reached the store (${note})`;
    case 'member.stopped':
      return `${member} stopped without writing it`;
    case 'session.evict':
      return `${e.actor} evicted the session from its cache before writing it`;
    case 'db.rollback':
      return 'the write that carried it was rolled back';
    case 'db.commit':
      // DOMAIN.md §6.2 #6: after a switch-back the member that regained affinity read the older row.
      return moved && moved.to === member
        ? `a write from ${member} replaced the stored session with a copy that lacks it: the session had moved from ${moved.from} to ${member} at ${seconds(moved.at)}, which read the stored row while ${moved.from} still held the update unwritten (${note})`
        : `a write from ${member} replaced the stored session with a copy that lacks it`;
    case 'session.cacheDropped':
      return `${e.actor} dropped its idle copy of the session, the last one that held it${moved ? `; the session had moved to ${moved.to} at ${seconds(moved.at)}, which read the stored row without it (${note})` : ''}`;
    case 'session.fromReplica':
    case 'session.fetched':
      return `${e.actor} replaced its cached copy with another member's copy, which never got the update (${note})`;
    case 'session.readFromStore':
      return `${e.actor} replaced its cached copy with the stored one, which never got the update (${note})`;
    default:
      return 'the write that carried it failed';
  }
}

/** The Authoring portlet's edits in progress are lost: the flow lived in one JVM's memory (DOMAIN.md §7). */
function authoringLost(
  user: string,
  was: { session: string; edits: readonly string[]; at: number; member: string },
  member: string,
  what: string,
  trigger: 'portal.flowRestarted' | 'browser.page',
): Finding {
  return {
    type: 'ledger.lost',
    text: `${user}'s Authoring edits ${was.edits.join(', ')}, acknowledged up to ${seconds(was.at)}, are lost: not kept in the session; where the edit stood lived in ${was.member}'s memory, and ${member} ${what}`,
    data: {
      update: `authoring:${was.edits.join(',')}`,
      user,
      session: was.session,
      attribute: 'authoring',
      acknowledgedAt: was.at,
      cause: trigger,
    },
  };
}

function lostFinding(u: AckedUpdate, session: string, why: string, trigger: string): Finding {
  return {
    type: 'ledger.lost',
    text: `${u.user}'s update ${u.id} (${u.attribute}), acknowledged at ${seconds(u.at)}, is in no copy of session ${session} any more: ${why}`,
    data: {
      update: u.id,
      user: u.user,
      session,
      attribute: u.attribute,
      acknowledgedAt: u.at,
      cause: trigger,
    },
  };
}

/** What most entries give: no finding (shared, never written). */
const none: readonly Finding[] = Object.freeze([]);

/** Another member than `member` with a request of the session in service, if any. */
function otherIn(counts: Map<string, number> | undefined, member: string): string | undefined {
  if (counts) for (const m of counts.keys()) if (m !== member) return m;
  return undefined;
}

/** Feeds one trace entry to the monitors; `state` changes in place. */
export function observe(state: MonitorState, e: TraceEntry, view: CopyView): readonly Finding[] {
  let findings: Finding[] | undefined;
  const s = state;
  const d = detailsOf(e);
  switch (e.type) {
    case 'session.access': {
      const session = String(d.session);
      const member = String(d.member);
      const counts = s.inService.get(session);
      const busy = otherIn(counts, member);
      const owner = s.owner.get(session);
      if (owner !== undefined && owner !== member && d.source !== 'cache' && d.source !== 'new')
        s.moved = s.moved.set(session, { from: owner, to: member, at: e.t });
      if (busy !== undefined) {
        (findings ??= []).push({
          type: 'monitor.sessionInTwoJvms',
          text: `session ${session} active in ${busy} and ${member} at the same time: concurrent requests went to different members`,
          data: { session, members: `${busy},${member}` },
        });
      } else if (d.source === 'cache' && owner !== undefined && owner !== member) {
        (findings ??= []).push({
          type: 'monitor.sessionInTwoJvms',
          text: `session ${session} active in ${owner} and ${member}: ${member} served its own cached copy after ${owner} had served the session`,
          data: { session, members: `${owner},${member}` },
        });
      }
      const c = counts ?? new Map<string, number>();
      c.set(member, (c.get(member) ?? 0) + 1);
      if (!counts) s.inService.set(session, c);
      if (owner !== member) s.owner = s.owner.set(session, member);
      break;
    }
    case 'http.response': {
      if (typeof d.session === 'string' && !e.actor.startsWith('ihs')) {
        const c = s.inService.get(d.session);
        const n = (c?.get(e.actor) ?? 0) - 1;
        if (c && n > 0) c.set(e.actor, n);
        else if (c) {
          c.delete(e.actor);
          if (c.size === 0) s.inService.delete(d.session);
        }
      }
      break;
    }
    case 'plugin.markDown': {
      const here = s.markedDown.get(e.actor) ?? new Map<string, number>();
      here.set(String(d.member), e.t + Number(d.retryInterval) * 1000);
      s.markedDown.set(e.actor, here);
      break;
    }
    case 'plugin.markUp':
      s.markedDown.get(e.actor)?.delete(String(d.member));
      break;
    case 'webserver.restartProcess':
      // The fresh process starts with empty plug-in state: none of its predecessor's mark-downs (DOMAIN.md §6.3).
      s.markedDown.delete(`ihs#${String(d.process)}`);
      break;
    case 'plugin.step': {
      // A PH46938 attempt goes to a marked-down member on purpose (DOMAIN.md §2.8).
      if (typeof d.member === 'string' && d.member !== '' && d.tryAnyway !== true) {
        const deadline = s.markedDown.get(e.actor)?.get(d.member);
        if (deadline !== undefined && e.t < deadline) {
          (findings ??= []).push({
            type: 'monitor.sentToMarkedDown',
            text: `${e.actor} sends to ${d.member}, which it marked down until ${seconds(deadline)}`,
            data: { process: e.actor, member: d.member },
          });
        }
      }
      break;
    }
    case 'browser.page': {
      const user = e.actor.replace(/^browser:/, '');
      const was = s.authoring.get(user);
      const member = String(d.servedBy);
      if (Array.isArray(d.authoringEdits) && typeof d.session === 'string') {
        if (d.authoringRestarted === true && was && was.session === d.session && was.edits.length > 0)
          (findings ??= []).push(
            authoringLost(user, was, member, 'starts it again at its first screen', 'portal.flowRestarted'),
          );
        s.authoring = s.authoring.set(user, {
          session: d.session,
          edits: d.authoringEdits as readonly string[],
          at: e.t,
          member,
        });
      } else if (d.portletUnavailable === true && was && was.session === d.session && was.edits.length > 0) {
        (findings ??= []).push(
          authoringLost(user, was, member, 'shows "Portlet unavailable"', 'browser.page'),
        );
        s.authoring = s.authoring.delete(user);
      }
      if (
        d.status === 200 &&
        typeof d.update === 'string' &&
        typeof d.session === 'string' &&
        typeof d.request === 'string'
      ) {
        const ack: AckedUpdate = {
          id: d.request,
          user: e.actor.replace(/^browser:/, ''),
          attribute: d.update,
          at: e.t,
        };
        if (!view.holds(d.session, ack.id, String(d.servedBy))) {
          // The response was on its way when the last copy holding the update went.
          const last = s.lastLoss;
          const why =
            last && (last.session === null || last.session === d.session)
              ? last.why
              : 'no copy held it any more';
          (findings ??= []).push(
            lostFinding(ack, d.session, `it was gone before the acknowledgment arrived: ${why}`, e.type),
          );
          break;
        }
        s.acked = s.acked.set(d.session, { update: ack, next: s.acked.get(d.session) ?? null });
      }
      break;
    }
  }
  if (e.type === 'session.invalidated' && typeof d.session === 'string') {
    // An ended session is not lost data.
    s.acked = s.acked.delete(d.session);
    s.moved = s.moved.delete(d.session);
  }
  if (e.type === 'member.crashed' || e.type === 'member.stopped') {
    const member = String(d.member ?? e.actor);
    for (const [session, counts] of s.inService) {
      counts.delete(member);
      if (counts.size === 0) s.inService.delete(session);
    }
  }
  if (lossTriggers.has(e.type)) {
    const why = cause(e, view.writeFrequencyNote, s);
    const sessions =
      typeof d.session === 'string' ? [d.session] : [...new Set([...s.acked.keys(), ...s.owner.keys()])];
    s.lastLoss = { session: typeof d.session === 'string' ? d.session : null, why };
    for (const session of sessions) {
      const list = s.acked.get(session);
      if (!list) continue;
      // Most of the time the stored rows alone hold every acknowledged update.
      const stored = view.stored(session);
      let allStored = true;
      for (let l: AckList | null = list; l && allStored; l = l.next) allStored = inAny(stored, l.update.id);
      if (allStored) continue;
      const held = view.copies(session);
      const ordered = ackedInOrder(list);
      const lost = ordered.filter((u) => !inAny(held, u.id));
      if (lost.length === 0) continue;
      for (const u of lost) (findings ??= []).push(lostFinding(u, session, why, e.type));
      let kept: AckList | null = null;
      for (const u of ordered) if (inAny(held, u.id)) kept = { update: u, next: kept };
      s.acked = kept ? s.acked.set(session, kept) : s.acked.delete(session);
    }
  }
  return findings ?? none;
}
