// An immutable map from strings to values (a hash array mapped trie): `set` and `delete` return a new
// map that shares all but one path with the old one. Checkpoints of the world can then keep whole
// tables (actors, caches, monitor maps) for the cost of what changed since the last one.

type Hash = (key: string) => number;

/** FNV-1a over UTF-16 code units: cheap, and the same on every machine. */
export const fnv1a: Hash = (key) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

class Leaf<V> {
  constructor(
    readonly hash: number,
    readonly key: string,
    readonly value: V,
  ) {}
}

/** Keys whose whole hashes are equal. */
class Collision<V> {
  constructor(
    readonly hash: number,
    readonly leaves: readonly Leaf<V>[],
  ) {}
}

class Branch<V> {
  constructor(
    readonly bitmap: number,
    readonly children: readonly Node<V>[],
  ) {}
}

type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

const BITS = 5;
const MASK = 31;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const replaced = <T>(list: readonly T[], i: number, item: T): T[] => {
  const out = list.slice();
  out[i] = item;
  return out;
};

const inserted = <T>(list: readonly T[], i: number, item: T): T[] => [
  ...list.slice(0, i),
  item,
  ...list.slice(i),
];

const removed = <T>(list: readonly T[], i: number): T[] => [...list.slice(0, i), ...list.slice(i + 1)];

/** Two leaves (or a leaf and a collision) with different hashes, joined at depth `shift`. */
function join<V>(shift: number, a: Leaf<V> | Collision<V>, b: Leaf<V>): Node<V> {
  const ia = (a.hash >>> shift) & MASK;
  const ib = (b.hash >>> shift) & MASK;
  if (ia === ib) return new Branch(1 << ia, [join(shift + BITS, a, b)]);
  return new Branch((1 << ia) | (1 << ib), ia < ib ? [a, b] : [b, a]);
}

function lookup<V>(node: Node<V> | null, hash: number, key: string): V | undefined {
  for (let shift = 0; node; shift += BITS) {
    if (node instanceof Leaf) return node.key === key ? node.value : undefined;
    if (node instanceof Collision) {
      if (node.hash !== hash) return undefined;
      for (const l of node.leaves) if (l.key === key) return l.value;
      return undefined;
    }
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))]!;
  }
  return undefined;
}

/** The node with `key` set; `grew.added` says whether the key is new. */
function put<V>(node: Node<V>, shift: number, leaf: Leaf<V>, grew: { added: boolean }): Node<V> {
  if (node instanceof Leaf) {
    if (node.key === leaf.key) return node.value === leaf.value ? node : leaf;
    grew.added = true;
    if (node.hash === leaf.hash) return new Collision(leaf.hash, [node, leaf]);
    return join(shift, node, leaf);
  }
  if (node instanceof Collision) {
    if (node.hash !== leaf.hash) {
      grew.added = true;
      return join(shift, node, leaf);
    }
    const i = node.leaves.findIndex((l) => l.key === leaf.key);
    if (i >= 0) {
      return node.leaves[i]!.value === leaf.value
        ? node
        : new Collision(node.hash, replaced(node.leaves, i, leaf));
    }
    grew.added = true;
    return new Collision(node.hash, [...node.leaves, leaf]);
  }
  const bit = 1 << ((leaf.hash >>> shift) & MASK);
  const i = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    grew.added = true;
    return new Branch(node.bitmap | bit, inserted(node.children, i, leaf));
  }
  const child = node.children[i]!;
  const next = put(child, shift + BITS, leaf, grew);
  return next === child ? node : new Branch(node.bitmap, replaced(node.children, i, next));
}

/** The node without `key` (null when empty); the same node when `key` was absent. */
function remove<V>(node: Node<V>, shift: number, hash: number, key: string): Node<V> | null {
  if (node instanceof Leaf) return node.key === key ? null : node;
  if (node instanceof Collision) {
    const i = node.leaves.findIndex((l) => l.key === key);
    if (i < 0) return node;
    const rest = removed(node.leaves, i);
    return rest.length === 1 ? rest[0]! : new Collision(node.hash, rest);
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const i = popcount(node.bitmap & (bit - 1));
  const child = node.children[i]!;
  const next = remove(child, shift + BITS, hash, key);
  if (next === child) return node;
  if (next === null) {
    if (node.children.length === 1) return null;
    const rest = removed(node.children, i);
    // A lone leaf needs no branch above it: lookups stop at the first leaf they meet.
    if (rest.length === 1 && !(rest[0] instanceof Branch)) return rest[0]!;
    return new Branch(node.bitmap & ~bit, rest);
  }
  if (node.children.length === 1 && !(next instanceof Branch)) return next;
  return new Branch(node.bitmap, replaced(node.children, i, next));
}

function* walk<V>(node: Node<V> | null): Generator<Leaf<V>> {
  if (!node) return;
  if (node instanceof Leaf) yield node;
  else if (node instanceof Collision) yield* node.leaves;
  else for (const c of node.children) yield* walk(c);
}

/** An immutable string-keyed map. Iteration order is by hash: fixed for a set of keys, not insertion order. */
export class PersistentMap<V> implements Iterable<[string, V]> {
  private constructor(
    private readonly root: Node<V> | null,
    readonly size: number,
    private readonly hash: Hash,
  ) {}

  /** An empty map; `hash` is for tests that need collisions. */
  static empty<V>(hash: Hash = fnv1a): PersistentMap<V> {
    return new PersistentMap<V>(null, 0, hash);
  }

  static from<V>(entries: Iterable<readonly [string, V]>, hash: Hash = fnv1a): PersistentMap<V> {
    let m = PersistentMap.empty<V>(hash);
    for (const [k, v] of entries) m = m.set(k, v);
    return m;
  }

  get(key: string): V | undefined {
    return lookup(this.root, this.hash(key), key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const leaf = new Leaf(this.hash(key), key, value);
    if (!this.root) return new PersistentMap(leaf, 1, this.hash);
    const grew = { added: false };
    const root = put(this.root, 0, leaf, grew);
    return root === this.root ? this : new PersistentMap(root, this.size + (grew.added ? 1 : 0), this.hash);
  }

  delete(key: string): PersistentMap<V> {
    if (!this.root) return this;
    const root = remove(this.root, 0, this.hash(key), key);
    return root === this.root ? this : new PersistentMap(root, this.size - 1, this.hash);
  }

  *entries(): Generator<[string, V]> {
    for (const l of walk(this.root)) yield [l.key, l.value];
  }

  *keys(): Generator<string> {
    for (const l of walk(this.root)) yield l.key;
  }

  *values(): Generator<V> {
    for (const l of walk(this.root)) yield l.value;
  }

  [Symbol.iterator](): Generator<[string, V]> {
    return this.entries();
  }
}
