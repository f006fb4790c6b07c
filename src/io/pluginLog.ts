// Renders the plug-in's part of a trace as the web server plug-in's own log (http_plugin.log), in the
// message shapes of DOMAIN.md §2.5: `[date] pid tid - LEVEL: component: function: message`.
// Dates count from a fixed instant so the rendering is as deterministic as the trace.

import { RUN_START_HOUR } from '../model/config.ts';
import { detailsOf, type TraceEntry } from '../simulation/trace.ts';

/** Simulated t=0 as the log shows it. */
const EPOCH = Date.UTC(2026, 0, 5, RUN_START_HOUR, 0, 0);
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

function stamp(t: number): string {
  const d = new Date(EPOCH + t);
  return `[${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}]`;
}

/** A stable thread ID per request, as a worker thread of the process would have. */
function threadOf(request: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < request.length; i++) h = Math.imul(h ^ request.charCodeAt(i), 0x01000193);
  return 0x1000 + ((h >>> 0) % 0xefff);
}

/** Plug-in entries (mark-downs, connection failures, timeouts, errors) as http_plugin.log lines. */
export function pluginLogLines(entries: readonly TraceEntry[], options: { process?: string } = {}): string[] {
  const lines: string[] = [];
  for (const e of entries) {
    if (options.process && e.actor !== options.process) continue;
    const pid = 0x2f00 + Number(e.actor.replace(/^ihs#/, '') || 0);
    const tid = threadOf(String(detailsOf(e).request ?? e.seq));
    const head = `${stamp(e.t)} ${hex8(pid)} ${hex8(tid)} - `;
    if (e.type === 'plugin.log' || e.type === 'plugin.markDown') lines.push(head + e.text);
    else if (e.type === 'plugin.error')
      lines.push(`${head}ERROR: ws_common: websphereHandleRequest: ${e.text}`);
    else if (e.type === 'plugin.markUp')
      lines.push(`${head}STATS: ws_server: serverSetFailoverStatus: ${e.text}`);
  }
  return lines;
}
