// The session database (DOMAIN.md §4.1, §4.8): a SESSIONS table, each write a transaction that commits
// after the write time. A JVM that dies mid-write commits nothing; a non-catastrophic failure rolls back
// to the state before the write; a committed write survives. The database can also be down.

import { assign, emit, enqueueActions, setup } from './statechart.ts';
import { RUN_START_HOUR, type DatabaseConfig } from './config.ts';
import type { Effect } from './effects.ts';
import { emptyTable, withEntry, withoutEntry } from './mapEntries.ts';
import { PersistentMap } from './persistentMap.ts';
import type { SessionRow } from './sessionData.ts';

export interface DatabaseStoreInput {
  config: DatabaseConfig;
  multiRowSchema: boolean;
  /** Seconds between invalidator runs. */
  invalidatorInterval: number;
  /** Expired rows are purged only in these hours of the day (DOMAIN.md §4.5); null = whenever found. */
  cleanupHours: readonly number[] | null;
  /** Rows already stored when the run starts. */
  preloadedRows?: SessionRow[];
}

export interface Transaction {
  txId: string;
  writeId: string;
  member: string;
  sessionId: string;
  rows: SessionRow[];
  startedAt: number;
  /** The writer failed while writing (its JVM lives): the transaction rolls back at its end. */
  failure?: string;
}

export interface DatabaseStoreContext extends DatabaseStoreInput {
  /** SESSIONS rows by session ID, the primary row (PROPID = ID) first. */
  rows: PersistentMap<readonly SessionRow[]>;
  /** Open transactions by ID, oldest first. */
  transactions: ReadonlyMap<string, Transaction>;
  txCounter: number;
}

type Observed = { now: number };
export type DatabaseStoreEvent = Observed &
  (
    | { type: 'session.read'; connId: string; sessionId: string; replyTo: string }
    | {
        type: 'session.write';
        writeId: string;
        sessionId: string;
        rows: SessionRow[];
        replyTo: string;
        failure?: string;
      }
    | { type: 'session.delete'; sessionId: string }
    | { type: 'tx.commit'; txId: string }
    | { type: 'db.connectionLost'; member: string }
    | { type: 'fault.databaseDown' }
    | { type: 'fault.databaseUp' }
    | { type: `xstate.after.${string}` }
  );

/** The rows of one session after a committed write: upsert by PROPID; a last-access-only row keeps the stored data. */
function mergeRows(
  previous: readonly SessionRow[],
  written: readonly SessionRow[],
  multiRow: boolean,
): SessionRow[] {
  const byProp = new Map<string, SessionRow>(multiRow ? previous.map((r) => [r.propId, r]) : []);
  for (const row of written) {
    const old = byProp.get(row.propId) ?? previous.find((r) => r.propId === row.propId);
    byProp.set(
      row.propId,
      Object.keys(row.data).length === 0 && old ? { ...old, lastAccess: row.lastAccess } : row,
    );
  }
  return [...byProp.values()].sort((a, b) =>
    a.propId === a.id ? -1 : b.propId === b.id ? 1 : a.propId < b.propId ? -1 : 1,
  );
}

function groupRows(rows: readonly SessionRow[]): PersistentMap<readonly SessionRow[]> {
  let out = PersistentMap.empty<readonly SessionRow[]>();
  for (const r of rows) out = out.set(r.id, mergeRows(out.get(r.id) ?? [], [r], true));
  return out;
}

const base = setup({
  types: {
    context: {} as DatabaseStoreContext,
    input: {} as DatabaseStoreInput,
    events: {} as DatabaseStoreEvent,
    emitted: {} as Effect,
  },
  delays: {
    invalidatorInterval: ({ context }) => context.invalidatorInterval * 1000,
  },
});

/** LASTACCESS + MAXINACTIVETIME has passed: the session is over, whether or not its rows are purged yet. */
export function isExpired(rows: readonly SessionRow[], now: number): boolean {
  const primary = rows[0];
  return primary !== undefined && primary.lastAccess + primary.maxInactiveTime * 1000 <= now;
}

/** Rows stored for one session, primary row first. */
export function rowsOf(rows: DatabaseStoreContext['rows'], sessionId: string): readonly SessionRow[] {
  return rows.get(sessionId) ?? [];
}

const rollBack = (c: DatabaseStoreContext, tx: Transaction, why: string, reply: boolean): Effect[] => [
  {
    type: 'trace',
    event: 'db.rollback',
    text: `transaction ${tx.txId} for session ${tx.sessionId} rolled back: ${why}; the stored rows keep their earlier state`,
    data: { tx: tx.txId, session: tx.sessionId, member: tx.member, writeId: tx.writeId },
  },
  ...(reply
    ? [
        {
          type: 'send' as const,
          to: tx.member,
          event: { type: 'session.writeFailed' as const, writeId: tx.writeId, reason: why },
          text: `write ${tx.writeId} failed: ${why}`,
        },
      ]
    : []),
];

export const databaseStoreMachine = base.createMachine({
  id: 'databaseStore',
  context: ({ input }) => ({
    ...input,
    rows: groupRows(input.preloadedRows ?? []),
    transactions: emptyTable(),
    txCounter: 0,
  }),
  initial: 'available',
  states: {
    available: {
      tags: ['up', 'available'],
      description: 'The database answers reads and commits writes.',
      initial: 'invalidating',
      states: {
        invalidating: {
          description:
            'The invalidator deletes sessions whose LASTACCESS + MAXINACTIVETIME has passed; with scheduled cleanup only in its hours.',
          after: {
            invalidatorInterval: {
              target: 'invalidating',
              reenter: true,
              actions: enqueueActions(({ context, event, enqueue }) => {
                const now = (event as { now: number }).now;
                const hour = (RUN_START_HOUR + Math.floor(now / 3600000)) % 24;
                if (context.cleanupHours && !context.cleanupHours.includes(hour)) return;
                let rows = context.rows;
                // Sorted by session ID so the deletions read the same whatever the table's layout.
                const expired = [...context.rows]
                  .filter(([, sessionRows]) => isExpired(sessionRows, now))
                  .map(([id]) => id)
                  .sort();
                for (const id of expired) {
                  rows = rows.delete(id);
                  enqueue.emit({
                    type: 'trace',
                    event: 'session.invalidated',
                    text: `session ${id} expired (LASTACCESS + MAXINACTIVETIME passed): its rows are deleted`,
                    data: { session: id },
                  });
                }
                if (expired.length > 0) enqueue.assign({ rows });
              }),
            },
          },
        },
      },
      on: {
        'session.read': {
          actions: emit(({ context, event }) => {
            const stored = rowsOf(context.rows, event.sessionId);
            // An expired session is over even while scheduled cleanup has not purged its rows.
            const rows = isExpired(stored, event.now) ? [] : stored;
            return {
              type: 'send' as const,
              to: event.replyTo,
              event: {
                type: 'session.readResult',
                connId: event.connId,
                sessionId: event.sessionId,
                rows: [...rows],
              },
              text:
                rows.length > 0
                  ? `session ${event.sessionId}: ${rows.length} row${rows.length === 1 ? '' : 's'}`
                  : `session ${event.sessionId}: no rows`,
              delay: context.config.readTime,
            };
          }),
        },
        'session.write': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const txId = `tx${context.txCounter + 1}`;
            const tx: Transaction = {
              txId,
              writeId: event.writeId,
              member: event.replyTo,
              sessionId: event.sessionId,
              rows: event.rows,
              startedAt: event.now,
              ...(event.failure === undefined ? {} : { failure: event.failure }),
            };
            enqueue.assign({
              txCounter: context.txCounter + 1,
              transactions: withEntry(context.transactions, txId, tx),
            });
            enqueue.emit({
              type: 'trace',
              event: 'db.begin',
              text: `begin ${txId}: ${event.replyTo} writes session ${event.sessionId} (${event.rows.length} row${event.rows.length === 1 ? '' : 's'})`,
              data: { tx: txId, session: event.sessionId, member: event.replyTo, writeId: event.writeId },
            });
            enqueue.raise(
              { type: 'tx.commit', txId, now: 0 },
              { id: `commit.${txId}`, delay: context.config.writeTime },
            );
          }),
        },
        'tx.commit': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const tx = context.transactions.get(event.txId);
            if (!tx) return;
            const transactions = withoutEntry(context.transactions, tx.txId);
            // A non-catastrophic failure in the writing member (DOMAIN.md §4.8): the JVM lives, the
            // transaction rolls back.
            if (tx.failure !== undefined) {
              enqueue.assign({ transactions });
              for (const e of rollBack(context, tx, tx.failure, true)) enqueue.emit(e);
              return;
            }
            const rows = context.rows.set(
              tx.sessionId,
              mergeRows(rowsOf(context.rows, tx.sessionId), tx.rows, context.multiRowSchema),
            );
            enqueue.assign({ transactions, rows });
            enqueue.emit({
              type: 'trace',
              event: 'db.commit',
              text: `commit ${tx.txId}: session ${tx.sessionId} stored`,
              data: { tx: tx.txId, session: tx.sessionId, member: tx.member, writeId: tx.writeId },
            });
            enqueue.emit({
              type: 'send',
              to: tx.member,
              event: { type: 'session.written', writeId: tx.writeId },
              text: `write ${tx.writeId} committed`,
            });
          }),
        },
        'session.delete': {
          actions: assign(({ context, event }) => {
            return { rows: context.rows.delete(event.sessionId) };
          }),
        },
        'db.connectionLost': {
          description: 'The writer died mid-write: its open transactions never commit.',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const open = [...context.transactions.values()].filter((t) => t.member === event.member);
            const transactions = new Map(context.transactions);
            for (const tx of open) {
              transactions.delete(tx.txId);
              for (const e of rollBack(context, tx, `${event.member} died before the commit`, false))
                enqueue.emit(e);
              enqueue.cancel(`commit.${tx.txId}`);
            }
            enqueue.assign({ transactions });
          }),
        },
        'fault.databaseDown': 'unavailable',
      },
    },
    unavailable: {
      tags: ['down', 'unavailable'],
      description: 'The database is down: reads find nothing, writes fail; the members keep their caches.',
      entry: enqueueActions(({ context, enqueue }) => {
        for (const tx of context.transactions.values()) {
          for (const e of rollBack(context, tx, 'the database went down', true)) enqueue.emit(e);
          enqueue.cancel(`commit.${tx.txId}`);
        }
        enqueue.assign({ transactions: emptyTable() });
        enqueue.emit({ type: 'trace', event: 'db.down', text: 'the session database is unavailable' });
      }),
      on: {
        'session.read': {
          actions: emit(({ event }) => ({
            type: 'send' as const,
            to: event.replyTo,
            event: {
              type: 'session.readResult',
              connId: event.connId,
              sessionId: event.sessionId,
              rows: [],
              unavailable: true,
            },
            text: `session ${event.sessionId}: database unavailable`,
          })),
        },
        'session.write': {
          actions: emit(({ event }) => ({
            type: 'send' as const,
            to: event.replyTo,
            event: {
              type: 'session.writeFailed',
              writeId: event.writeId,
              reason: 'the database is unavailable',
            },
            text: `write ${event.writeId} failed: database unavailable`,
          })),
        },
        'fault.databaseUp': {
          target: 'available',
          actions: emit({ type: 'trace', event: 'db.up', text: 'the session database is available again' }),
        },
      },
    },
  },
});
