// The run's record: every domain event with its simulated time, the actor it happened at, and details.
// Append-only; everything a person sees is a projection of it (DESIGN.md §1).

/** One traced event. `type` is dotted by origin (`http.request`, `plugin.markDown`, `db.commit`). */
export interface TraceEntry {
  /** Position in the trace, from 0. */
  readonly seq: number;
  /** Simulated milliseconds. */
  readonly t: number;
  /** Where it happened: `browser:u1`, `ihs#2`, `PluginMember1`, `database`, `lab`. */
  readonly actor: string;
  readonly type: string;
  /** A short human description in the product's words. */
  readonly text: string;
  /** Structured details for views and tests. */
  readonly data?: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
}

/** Simulated milliseconds as `12.000s`. */
export function formatTime(t: number): string {
  return `${(t / 1000).toFixed(3)}s`;
}

/** `t=12.000s ihs#2 http.request → PluginMember1 GET /snoop [affinity v544d031]`; a message's receiver is `data.to`. */
export function formatEntry(e: TraceEntry): string {
  const to = e.data?.to;
  return `t=${formatTime(e.t)} ${e.actor} ${e.type} ${typeof to === 'string' ? `→ ${to} ` : ''}${e.text}`;
}

export function formatTrace(entries: readonly TraceEntry[]): string {
  return entries.map(formatEntry).join('\n');
}
