// The plug-in log (pluginLog.ts) one line per row, keeping the trace entry each line comes from and the
// message it belongs to, so a view can link a log line to the arrow or dot that caused it.

import { isMessage, type TraceEntry } from '../simulation/trace.ts';
import { pluginLogLines } from './pluginLog.ts';

/** One http_plugin.log line and where it came from. */
export interface PluginLogRow {
  /** The trace entry's `seq`. */
  readonly seq: number;
  /** The web server process that wrote it (`ihs#1`). */
  readonly process: string;
  /**
   * The entry's own message (`data.msg`), or else the message whose arrival at this process at the same
   * instant led to the line (a `tcp.refused` before "Failed to connect"); null when a timer led to it.
   */
  readonly msg: number | null;
  /** Exactly the line `pluginLogLines` renders for the entry. */
  readonly line: string;
}

/** `pluginLogLines`, row by row, with each line's entry and message. */
export function pluginLogRows(
  entries: readonly TraceEntry[],
  options: { process?: string } = {},
): PluginLogRow[] {
  const arrivals = new Map<string, number>();
  const rows: PluginLogRow[] = [];
  for (const e of entries) {
    const own = isMessage(e) ? e.data.msg : null;
    if (isMessage(e) && e.data.dropped !== true) arrivals.set(`${e.data.to}@${e.data.deliverAt}`, e.data.msg);
    // pluginLogLines renders each entry on its own (thread IDs come from the entry), so one at a time is the same.
    const line = pluginLogLines([e], options)[0];
    if (line === undefined) continue;
    rows.push({ seq: e.seq, process: e.actor, msg: own ?? arrivals.get(`${e.actor}@${e.t}`) ?? null, line });
  }
  return rows;
}
