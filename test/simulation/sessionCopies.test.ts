// Where the ledger finds copies of a session: members' caches and replicas, the database's rows.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/model/config.ts';
import { PersistentMap } from '../../src/model/persistentMap.ts';
import {
  applyOperation,
  markWritten,
  newSession,
  rowsToWrite,
  type CachedSession,
} from '../../src/model/sessionData.ts';
import type { ActorKind, ActorRecord } from '../../src/simulation/actors.ts';
import { sessionCopies, writeFrequencyNote } from '../../src/simulation/sessionCopies.ts';

const SID = 'ABCDEFGHIJKLMNOPQRSTUVW';
const sm = defaultConfig().sessionManager;
/** The session after `n` increments by u1 (updates u1.1 … u1.n), written, at cache ID `version`. */
const session = (n: number, version: number, written = true): CachedSession => {
  let s = newSession(SID, 0);
  for (let i = 1; i <= n; i++) s = applyOperation(s, { kind: 'increment' }, i, `u1.${i}`);
  s = { ...s, version };
  return written ? markWritten(s, n) : s;
};
const record = (kind: ActorKind, context: object): ActorRecord =>
  ({ owner: { id: kind, name: kind, kind, process: undefined }, context }) as unknown as ActorRecord;
const member = (cached?: CachedSession, replica?: CachedSession): ActorRecord =>
  record('member', {
    cache: cached
      ? PersistentMap.empty<CachedSession>().set(SID, cached)
      : PersistentMap.empty<CachedSession>(),
    replicas: replica ? { [SID]: { session: replica, owner: 'PluginMember9', receivedAt: 0 } } : {},
  });
const database = (stored: CachedSession): ActorRecord =>
  record('database', {
    rows: new Map([
      [SID, rowsToWrite(stored, { ...sm, writeContents: 'allSessionAttributes' }, 'shop').rows],
    ]),
  });
const view = (actors: Record<string, ActorRecord>) =>
  sessionCopies((id) => actors[id], Object.keys(actors), sm);

describe('sessionCopies', () => {
  it("finds an update in a member's cache, its replica elsewhere, and the stored rows", () => {
    const v = view({
      PluginMember1: member(session(2, 2)),
      PluginMember2: member(undefined, session(3, 3)),
      database: database(session(1, 1)),
    });
    expect(v.holds(SID, 'u1.2', 'PluginMember1')).toBe(true);
    expect(v.holds(SID, 'u1.3', 'PluginMember1')).toBe(true);
    expect(v.holds(SID, 'u1.4', 'PluginMember1')).toBe(false);
    expect(v.copies(SID)).toHaveLength(3 * 2);
    expect(v.stored(SID)).toHaveLength(2);
    expect(v.holds(SID, 'u1.1', 'database')).toBe(true);
  });
  it('discards a clean cached copy older than another member’s, as the version check does', () => {
    const actors = { PluginMember1: member(session(3, 3)), PluginMember2: member(session(4, 2)) };
    // PluginMember2's copy has cache ID 2 < 3: stale once asked, though it holds u1.4.
    expect(view(actors).holds(SID, 'u1.4', 'PluginMember1')).toBe(false);
    expect(view(actors).copies(SID)).toHaveLength(2);
    // The member that just served it is looked at first and counts whatever its version.
    expect(view(actors).holds(SID, 'u1.4', 'PluginMember2')).toBe(true);
    // Not yet written, the older copy still carries its changes.
    const dirty = { ...actors, PluginMember2: member(session(4, 2, false)) };
    expect(view(dirty).holds(SID, 'u1.4', 'PluginMember1')).toBe(true);
  });
  it('finds nothing where no actor holds the session, or where the holder is gone', () => {
    const v = view({ PluginMember1: member() });
    expect(v.copies(SID)).toEqual([]);
    expect(v.stored(SID)).toEqual([]);
    expect(v.holds(SID, 'u1.1', 'PluginMember3')).toBe(false);
  });
});

describe('writeFrequencyNote', () => {
  it('says why an update can be missing with each write frequency', () => {
    expect(writeFrequencyNote({ ...sm, persistence: 'none' })).toBe('sessions are kept in memory only');
    expect(
      writeFrequencyNote({
        ...sm,
        persistence: 'database',
        writeFrequency: 'timeBasedWrite',
        writeInterval: 10,
      }),
    ).toBe('time-based writes every 10 s had not written it yet');
    expect(writeFrequencyNote({ ...sm, persistence: 'database', writeFrequency: 'manualUpdate' })).toMatch(
      /IBMSession.sync\(\)/,
    );
    expect(
      writeFrequencyNote({ ...sm, persistence: 'database', writeFrequency: 'endOfServletService' }),
    ).toBe('end-of-service write had not committed');
  });
});
