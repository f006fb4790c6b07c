// A session as the session manager holds it, and the rows the database store keeps (DOMAIN.md §4).
// Pure functions: applying the application's operation, deciding what a write contains, rebuilding a
// session from rows.

import type { SessionManagerConfig } from './config.ts';
import type { AppOperation } from './http.ts';

/**
 * Ranges of one user's request numbers, newest first. Immutable: adding the next update replaces or
 * adds the head and shares the rest, so every copy of a session costs one node per update, not a list.
 */
export interface UpdateRanges {
  readonly lo: number;
  readonly hi: number;
  readonly next: UpdateRanges | null;
}

/**
 * Which updates a value contains: per user, ranges of request numbers (`u1.7` is user u1, number 7).
 * Requests are numbered in order, so a copy usually holds a few ranges per user; a lost stretch splits one.
 */
export type Provenance = Readonly<Record<string, UpdateRanges>>;

function splitUpdateId(id: string): [string, number] {
  const dot = id.lastIndexOf('.');
  return [id.slice(0, dot), Number(id.slice(dot + 1))];
}

/** The ranges as [lo, hi] pairs, oldest first. */
export function rangesOf(r: UpdateRanges | undefined | null): [number, number][] {
  const out: [number, number][] = [];
  for (let x = r ?? null; x; x = x.next) out.push([x.lo, x.hi]);
  return out.reverse();
}

function fromPairs(pairs: readonly (readonly [number, number])[]): UpdateRanges | null {
  let head: UpdateRanges | null = null;
  for (const [lo, hi] of pairs) {
    if (head && lo <= head.hi + 1) head = { lo: head.lo, hi: Math.max(head.hi, hi), next: head.next };
    else head = { lo, hi, next: head };
  }
  return head;
}

function contains(r: UpdateRanges | undefined, n: number): boolean {
  for (let x = r ?? null; x; x = x.next) {
    if (n > x.hi) return false;
    if (n >= x.lo) return true;
  }
  return false;
}

/** `p` with update `id` added. */
export function withUpdate(p: Provenance, id: string): Provenance {
  const [user, n] = splitUpdateId(id);
  const head = p[user];
  if (contains(head, n)) return p;
  let next: UpdateRanges;
  if (!head || n > head.hi) {
    next =
      head && head.hi === n - 1
        ? { lo: head.lo, hi: n, next: head.next }
        : { lo: n, hi: n, next: head ?? null };
  } else {
    // An older request's update arrives after a newer one (concurrent requests): rebuild this user's ranges.
    const pairs = [...rangesOf(head), [n, n] as [number, number]].sort((a, b) => a[0] - b[0]);
    next = fromPairs(pairs)!;
  }
  return { ...p, [user]: next };
}

export function hasUpdate(p: Provenance, id: string): boolean {
  const [user, n] = splitUpdateId(id);
  return contains(p[user], n);
}

/**
 * An attribute value with its provenance. The application never sees `updates`; the lost-data
 * ledger uses it to tell which update a copy lacks.
 */
export interface Tracked<T> {
  value: T;
  updates: Provenance;
}

export interface SessionAttributes {
  counter: Tracked<number>;
  cart: Tracked<readonly string[]>;
}

export type AttributeName = keyof SessionAttributes;

/** A session in a member's cache. */
export interface CachedSession {
  /** The 23-character session ID. */
  id: string;
  /** The cache ID as a number: the session version (DOMAIN.md §3.1). */
  version: number;
  attributes: SessionAttributes;
  /** Attributes touched by setAttribute/removeAttribute since the last write. */
  dirty: readonly (keyof SessionAttributes)[];
  /** Not yet in the store: its first write carries everything. */
  isNew: boolean;
  /** Changed since the last write in any way, including in place. */
  changedSinceWrite: boolean;
  created: number;
  lastAccess: number;
  /** Simulated ms of the last write that reached the store, or null. */
  lastWritten: number | null;
  /** WAS 5.x memory-to-memory: the replication domain's group the session was assigned to. */
  group?: number;
}

/** A SESSIONS row (DOMAIN.md §4.1). PROPID is the session ID for the primary row, else an attribute name. */
export interface SessionRow {
  id: string;
  propId: string;
  appName: string;
  lastAccess: number;
  creationTime: number;
  maxInactiveTime: number;
  /** Serialized attributes: all of them (single-row) or one (multi-row attribute rows). */
  data: Partial<SessionAttributes>;
  /** Which column the data lands in by size. */
  column: 'SMALL' | 'MEDIUM' | 'LARGE';
}

export const emptyAttributes: SessionAttributes = {
  counter: { value: 0, updates: {} },
  cart: { value: [], updates: {} },
};

/** Which attribute an operation updates, if any. */
export function updatedAttribute(op: AppOperation): AttributeName | null {
  return op.kind === 'increment'
    ? 'counter'
    : op.kind === 'addToCart' || op.kind === 'addToCartInPlace'
      ? 'cart'
      : null;
}

export function newSession(id: string, now: number): CachedSession {
  return {
    id,
    version: 0,
    attributes: emptyAttributes,
    dirty: [],
    isNew: true,
    changedSinceWrite: true,
    created: now,
    lastAccess: now,
    lastWritten: null,
  };
}

const add = <T>(t: Tracked<T>, value: T, update: string): Tracked<T> => ({
  value,
  updates: withUpdate(t.updates, update),
});

/** Runs the servlet's work on the cached session; `update` is the request's ID. */
export function applyOperation(
  session: CachedSession,
  op: AppOperation,
  now: number,
  update: string,
): CachedSession {
  const touched = { ...session, lastAccess: now };
  const a = session.attributes;
  const set = (key: AttributeName, attributes: SessionAttributes): CachedSession => ({
    ...touched,
    attributes,
    dirty: touched.dirty.includes(key) ? touched.dirty : [...touched.dirty, key],
    changedSinceWrite: true,
  });
  switch (op.kind) {
    case 'increment':
      return set('counter', { ...a, counter: add(a.counter, a.counter.value + 1, update) });
    case 'addToCart':
      return set('cart', { ...a, cart: add(a.cart, [...a.cart.value, op.item], update) });
    case 'addToCartInPlace':
      // getAttribute("cart").add(item) without setAttribute: the cached object changes, nothing marks it.
      return {
        ...touched,
        attributes: { ...a, cart: add(a.cart, [...a.cart.value, op.item], update) },
        changedSinceWrite: true,
      };
    default:
      return touched;
  }
}

function columnFor(data: Partial<SessionAttributes>): SessionRow['column'] {
  const size = JSON.stringify(Object.values(data).map((t) => t.value)).length;
  return size <= 3122 ? 'SMALL' : size <= 32700 ? 'MEDIUM' : 'LARGE';
}

/**
 * The rows one write sends (DOMAIN.md §4.4): single-row writes the whole session when anything was
 * set (or always, with all attributes), otherwise only the last-access time; multi-row writes one row
 * per touched attribute (or per attribute, with all attributes). New sessions are written whole.
 */
export function rowsToWrite(
  session: CachedSession,
  sm: SessionManagerConfig,
  appName: string,
): { rows: SessionRow[]; accessOnly: boolean } {
  const base = {
    id: session.id,
    appName,
    lastAccess: session.lastAccess,
    creationTime: session.created,
    maxInactiveTime: sm.sessionTimeout * 60,
  };
  const all = sm.writeContents === 'allSessionAttributes' || session.isNew;
  if (!sm.multiRowSchema) {
    if (all || session.dirty.length > 0) {
      const data = { ...session.attributes };
      return { rows: [{ ...base, propId: session.id, data, column: columnFor(data) }], accessOnly: false };
    }
    return { rows: [{ ...base, propId: session.id, data: {}, column: 'SMALL' }], accessOnly: true };
  }
  const keys = all ? (Object.keys(session.attributes) as (keyof SessionAttributes)[]) : session.dirty;
  const rows: SessionRow[] = [{ ...base, propId: session.id, data: {}, column: 'SMALL' }];
  for (const key of keys) {
    const data = { [key]: session.attributes[key] } as Partial<SessionAttributes>;
    rows.push({ ...base, propId: key, data, column: columnFor(data) });
  }
  return { rows, accessOnly: keys.length === 0 };
}

/** Rebuilds a session's attributes from its stored rows; null when there are none. */
export function attributesFromRows(rows: readonly SessionRow[]): SessionAttributes | null {
  if (rows.length === 0) return null;
  let attributes: SessionAttributes = emptyAttributes;
  for (const row of rows) attributes = { ...attributes, ...row.data };
  return attributes;
}

/** The provenance of each attribute a copy holds. */
export function provenancesIn(attributes: Partial<SessionAttributes>): Provenance[] {
  const out: Provenance[] = [];
  if (attributes.counter) out.push(attributes.counter.updates);
  if (attributes.cart) out.push(attributes.cart.updates);
  return out;
}

/** Whether an attribute of `attributes` carries update `id`. */
export function attributesHold(attributes: Partial<SessionAttributes>, id: string): boolean {
  const [user, n] = splitUpdateId(id);
  return contains(attributes.counter?.updates[user], n) || contains(attributes.cart?.updates[user], n);
}

/** After a successful write the session is clean. */
export function markWritten(session: CachedSession, now: number): CachedSession {
  return { ...session, dirty: [], isNew: false, changedSinceWrite: false, lastWritten: now };
}
