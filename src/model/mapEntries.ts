// Tables keyed by a fresh ID each time (requests by connection, writes, transactions): Maps in insertion
// order that are copied, never changed, so every snapshot keeps the table it had.

/** `table` with `key` set to `value`; an existing key keeps its place. */
export function withEntry<V>(table: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> {
  const out = copy(table);
  out.set(key, value);
  return out;
}

/** A copy by forEach: `new Map(table)` goes through the iterator and makes a [key, value] pair per entry. */
function copy<V>(table: ReadonlyMap<string, V>): Map<string, V> {
  const out = new Map<string, V>();
  table.forEach((v, k) => out.set(k, v));
  return out;
}

const EMPTY: ReadonlyMap<string, never> = new Map<string, never>();

/** The empty table: one shared Map (~200 bytes each), as most of these tables are empty most of the time. */
export function emptyTable<V>(): ReadonlyMap<string, V> {
  return EMPTY;
}

/** `table` without `key` (the same table when it has no such key). */
export function withoutEntry<V>(table: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!table.has(key)) return table;
  if (table.size === 1) return EMPTY;
  const out = copy(table);
  out.delete(key);
  return out;
}
