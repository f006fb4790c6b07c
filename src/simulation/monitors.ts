// Monitors over the trace (issue: "report, don't prevent"): a session active in two JVMs at once, a
// process sending to a member it marked down before the retry deadline, and the lost-data ledger —
// every acknowledged update that is no longer in any copy of its session, with when and why.
// They read trace entries as they are appended (live or replayed) and answer with findings, which the
// world appends as `monitor.*` / `ledger.lost` entries. State is immutable, so checkpoints share it.

import type { TraceEntry } from './trace.ts';

export interface AckedUpdate {
  id: string;
  user: string;
  attribute: string;
  at: number;
}

export interface MonitorState {
  /** session → member → requests in service. */
  readonly inService: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** session → the member that served it last. */
  readonly owner: ReadonlyMap<string, string>;
  /** `process|member` → retry deadline. */
  readonly markedDown: ReadonlyMap<string, number>;
  /** session → updates acknowledged to the user and not (yet) lost. */
  readonly acked: ReadonlyMap<string, readonly AckedUpdate[]>;
  /** session → why copies of it last went away (for an acknowledgment that arrives after its update was lost). */
  readonly lastLoss: ReadonlyMap<string, string>;
}

export const initialMonitorState: MonitorState = {
  inService: new Map(),
  owner: new Map(),
  markedDown: new Map(),
  acked: new Map(),
  lastLoss: new Map(),
};

export interface Finding {
  type: 'monitor.sessionInTwoJvms' | 'monitor.sentToMarkedDown' | 'ledger.lost';
  text: string;
  data: Record<string, string | number>;
}

/** What the ledger needs to know about the world when it checks: which update IDs each session's copies hold. */
export interface CopyView {
  /** Every update ID in any copy of `session` (member caches, stored rows, replicas). */
  updatesHeld(session: string): ReadonlySet<string>;
  /** A sentence on why data goes missing with the current write frequency. */
  writeFrequencyNote: string;
}

const seconds = (t: number): string => `${(t / 1000).toFixed(3)}s`;

/** Entry types after which a copy may have disappeared. */
const lossTriggers = new Set([
  'member.crashed',
  'member.stopped',
  'session.evict',
  'db.rollback',
  'db.commit',
  'session.notWritten',
  'session.readFromStore',
  'session.fromReplica',
  'session.fetched',
]);

function cause(e: TraceEntry, note: string): string {
  const member = String(e.data?.member ?? e.actor);
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
      return `a write from ${member} replaced the stored session with a copy that lacks it`;
    case 'session.fromReplica':
    case 'session.fetched':
      return `${e.actor} replaced its cached copy with another member's copy, which never got the update (${note})`;
    case 'session.readFromStore':
      return `${e.actor} replaced its cached copy with the stored one, which never got the update (${note})`;
    default:
      return 'the write that carried it failed';
  }
}

function bump(
  m: ReadonlyMap<string, Readonly<Record<string, number>>>,
  session: string,
  member: string,
  by: number,
): Map<string, Readonly<Record<string, number>>> {
  const next = new Map(m);
  const counts = { ...(m.get(session) ?? {}) };
  const n = (counts[member] ?? 0) + by;
  if (n > 0) counts[member] = n;
  else delete counts[member];
  if (Object.keys(counts).length > 0) next.set(session, counts);
  else next.delete(session);
  return next;
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

/** Feeds one trace entry to the monitors. */
export function observe(
  state: MonitorState,
  e: TraceEntry,
  view: CopyView,
): { state: MonitorState; findings: Finding[] } {
  const findings: Finding[] = [];
  let s = state;
  const d = e.data ?? {};
  switch (e.type) {
    case 'session.access': {
      const session = String(d.session);
      const member = String(d.member);
      const busy = Object.keys(s.inService.get(session) ?? {}).filter((m) => m !== member);
      const owner = s.owner.get(session);
      if (busy.length > 0) {
        findings.push({
          type: 'monitor.sessionInTwoJvms',
          text: `session ${session} active in ${busy[0]} and ${member} at the same time: concurrent requests went to different members`,
          data: { session, members: `${busy[0]},${member}` },
        });
      } else if (d.source === 'cache' && owner !== undefined && owner !== member) {
        findings.push({
          type: 'monitor.sessionInTwoJvms',
          text: `session ${session} active in ${owner} and ${member}: ${member} served its own cached copy after ${owner} had served the session`,
          data: { session, members: `${owner},${member}` },
        });
      }
      s = {
        ...s,
        inService: bump(s.inService, session, member, 1),
        owner: new Map(s.owner).set(session, member),
      };
      break;
    }
    case 'http.response': {
      if (typeof d.session === 'string' && !e.actor.startsWith('ihs')) {
        s = { ...s, inService: bump(s.inService, d.session, e.actor, -1) };
      }
      break;
    }
    case 'plugin.markDown': {
      const key = `${e.actor}|${String(d.member)}`;
      s = { ...s, markedDown: new Map(s.markedDown).set(key, e.t + Number(d.retryInterval) * 1000) };
      break;
    }
    case 'plugin.markUp': {
      const next = new Map(s.markedDown);
      next.delete(`${e.actor}|${String(d.member)}`);
      s = { ...s, markedDown: next };
      break;
    }
    case 'plugin.step': {
      if (typeof d.member === 'string' && d.member !== '') {
        const deadline = s.markedDown.get(`${e.actor}|${d.member}`);
        if (deadline !== undefined && e.t < deadline) {
          findings.push({
            type: 'monitor.sentToMarkedDown',
            text: `${e.actor} sends to ${d.member}, which it marked down until ${seconds(deadline)}`,
            data: { process: e.actor, member: d.member },
          });
        }
      }
      break;
    }
    case 'browser.page': {
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
        if (!view.updatesHeld(d.session).has(ack.id)) {
          // The response was on its way when the last copy holding the update went.
          const why = s.lastLoss.get(d.session) ?? 'no copy held it any more';
          findings.push(
            lostFinding(ack, d.session, `it was gone before the acknowledgment arrived: ${why}`, e.type),
          );
          break;
        }
        const list = s.acked.get(d.session) ?? [];
        s = { ...s, acked: new Map(s.acked).set(d.session, [...list, ack]) };
      }
      break;
    }
  }
  if (e.type === 'session.invalidated' && typeof d.session === 'string') {
    // An ended session is not lost data.
    const acked = new Map(s.acked);
    acked.delete(d.session);
    s = { ...s, acked };
  }
  if (e.type === 'member.crashed' || e.type === 'member.stopped') {
    const member = String(d.member ?? e.actor);
    const inService = new Map<string, Readonly<Record<string, number>>>();
    for (const [session, counts] of s.inService) {
      const { [member]: _gone, ...rest } = counts;
      if (Object.keys(rest).length > 0) inService.set(session, rest);
    }
    s = { ...s, inService };
  }
  if (lossTriggers.has(e.type)) {
    const why = cause(e, view.writeFrequencyNote);
    const sessions =
      typeof d.session === 'string' ? [d.session] : [...new Set([...s.acked.keys(), ...s.owner.keys()])];
    let acked = s.acked;
    const lastLoss = new Map(s.lastLoss);
    for (const session of sessions) {
      lastLoss.set(session, why);
      const list = acked.get(session);
      if (!list || list.length === 0) continue;
      const held = view.updatesHeld(session);
      const kept = list.filter((u) => held.has(u.id));
      if (kept.length === list.length) continue;
      for (const u of list) if (!held.has(u.id)) findings.push(lostFinding(u, session, why, e.type));
      acked = new Map(acked).set(session, kept);
    }
    s = { ...s, acked, lastLoss };
  }
  return { state: s, findings };
}
