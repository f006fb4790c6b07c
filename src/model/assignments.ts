// `path=value` assignments written one after another with spaces, where a value may have spaces of its own
// (`plugin.cluster.loadBalance=Round Robin plugin.cluster.retryInterval=10`): a word that begins
// `path=` starts the next assignment, any other word belongs to the value before it.

/** The assignments of `words`, or null when the first word is not one. */
export function assignmentsOf(words: readonly string[]): { path: string; value: string }[] | null {
  const set: { path: string; value: string }[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0 && /^[\w.[\]]+$/.test(w.slice(0, eq)))
      set.push({ path: w.slice(0, eq), value: w.slice(eq + 1) });
    else if (set.length > 0) set.at(-1)!.value += ` ${w}`;
    else return null;
  }
  return set;
}
