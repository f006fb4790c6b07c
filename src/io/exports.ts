// A run written out for documents: a Mermaid sequence diagram of its messages, and a Markdown transcript
// of its narration and its log. The command line (`--format mermaid|markdown`) and the page (Share) write
// the same text from the same entries.

import { laneRank, markOf } from '../view/sequenceRows.ts';
import { detailsOf, formatTime, type TraceEntry } from '../simulation/trace.ts';

/** The most messages a Mermaid diagram carries (the latest ones): Mermaid draws far fewer well. */
export const MERMAID_MAX_MESSAGES = 300;
/** The most log lines a transcript carries (the latest ones). */
export const TRANSCRIPT_MAX_LINES = 5000;

/**
 * Text as a Mermaid message, note or participant takes it: one line of at most `n` characters, with the
 * characters Mermaid reads itself written as its entity codes (`#35;`): `;` ends a statement, `#` starts
 * an entity, `%%` a comment, `:` a message's text, `<` and `>` markup.
 */
export function mermaidText(text: string, n = 90): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const cut = one.length > n ? `${one.slice(0, n - 1)}…` : one;
  return cut.replace(/[#;%:<>]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * The run's messages as a Mermaid sequence diagram: one participant per part of the lab (browsers first,
 * then the web server processes, the members, the database), one arrow per message (a cross where it
 * was lost), and notes for what happens inside a part (a step, a mark-down, a crash, a commit).
 */
export function mermaidOf(entries: readonly TraceEntry[], title: string): string {
  const sends = entries.filter((e) => typeof detailsOf(e).msg === 'number');
  const first =
    sends.length > MERMAID_MAX_MESSAGES ? sends[sends.length - MERMAID_MAX_MESSAGES]!.seq : -Infinity;
  const shown = entries.filter((e) => e.seq >= first);
  const lost = new Set<number>();
  for (const e of shown) {
    const d = detailsOf(e);
    if (d.dropped === true && typeof d.msg === 'number') lost.add(d.msg);
    if (
      (e.type === 'net.lost' || (e.type === 'fault.dropMessage' && d.lost === 1)) &&
      typeof d.message === 'number'
    )
      lost.add(d.message);
  }
  const parts = new Set<string>();
  const partOf = (name: string): string => (name === 'ihs' ? 'web server' : name);
  for (const e of shown) {
    const d = detailsOf(e);
    if (typeof d.msg === 'number') {
      parts.add(partOf(e.actor));
      if (typeof d.to === 'string') parts.add(partOf(d.to));
    } else if (markOf(e) && e.actor !== 'lab' && e.actor !== 'monitor') parts.add(partOf(e.actor));
  }
  const order = [...parts].sort(
    (a, b) => laneRank(a) - laneRank(b) || a.localeCompare(b, 'en', { numeric: true }),
  );
  const id = new Map(order.map((p, i) => [p, `P${i + 1}`]));
  // A title is read up to a `#`, `;` or the line's end: those go.
  const lines = ['sequenceDiagram', `    title ${title.replace(/[#;%\s]+/g, ' ').trim()}`];
  if (first !== -Infinity)
    lines.push(`    %% the latest ${MERMAID_MAX_MESSAGES} of ${sends.length} messages`);
  for (const p of order) lines.push(`    participant ${id.get(p)} as ${mermaidText(p, 40)}`);
  // Marks on one part at one instant, one after another, share a note: `steps 1 2 3 · marked down …`.
  let note: { on: string; t: number; labels: string[] } | null = null;
  const flush = (): void => {
    if (!note) return;
    const steps = note.labels.filter((l) => /^\d+$/.test(l));
    const others = note.labels.filter((l) => !/^\d+$/.test(l));
    const label = [
      ...(steps.length > 0 ? [`step${steps.length > 1 ? 's' : ''} ${steps.join(' ')}`] : []),
      ...others,
    ].join(' · ');
    lines.push(`    Note over ${note.on}: ${mermaidText(`${formatTime(note.t)} ${label}`)}`);
    note = null;
  };
  for (const e of shown) {
    const d = detailsOf(e);
    if (typeof d.msg === 'number') {
      const from = id.get(partOf(e.actor));
      const to = typeof d.to === 'string' ? id.get(partOf(d.to)) : undefined;
      if (!from || !to) continue;
      flush();
      const arrow = lost.has(d.msg) ? '-x' : '->>';
      lines.push(`    ${from}${arrow}${to}: ${mermaidText(`${formatTime(e.t)} ${e.type} ${e.text}`)}`);
      continue;
    }
    const mark = markOf(e);
    if (!mark) continue;
    const about = [d.process, d.member, typeof d.user === 'string' ? `browser:${d.user}` : undefined].find(
      (h): h is string => typeof h === 'string' && id.has(partOf(h)),
    );
    const where = e.actor === 'lab' || e.actor === 'monitor' ? about : partOf(e.actor);
    const on = where ? id.get(partOf(where)) : undefined;
    if (!on) continue;
    const label = e.actor === 'lab' ? `lab: ${e.text}` : mark.label;
    if (note && (note.on !== on || note.t !== e.t)) flush();
    if (!note) note = { on, t: e.t, labels: [] };
    note.labels.push(label);
  }
  flush();
  return `${lines.join('\n')}\n`;
}

/**
 * Text as a Markdown code span, whatever backticks it holds: fenced by one more backtick than its longest
 * run of them (CommonMark), so nothing in it is read as markup or HTML.
 */
export function codeSpan(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/** Text in a Markdown table cell: one line, its pipes and markup escaped. */
export function markdownCell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/**
 * A transcript's list of what the run is: which run (`run`, already Markdown), its seed, how far, the
 * settings changed and the actions made (each as a code span), and the link to it, each if given.
 */
export function aboutRun(r: {
  run: string;
  seed: number;
  upTo?: number;
  sets: readonly string[];
  actions: readonly string[];
  link?: string;
}): string[] {
  return [
    `Run: ${r.run}, seed ${r.seed}${r.upTo === undefined ? '' : `, up to ${(r.upTo / 1000).toFixed(3)}s`}`,
    ...(r.sets.length > 0 ? [`Settings changed: ${r.sets.map(codeSpan).join(', ')}`] : []),
    ...(r.actions.length > 0 ? [`Actions: ${r.actions.map(codeSpan).join(', ')}`] : []),
    ...(r.link === undefined ? [] : [`Link: <${r.link}>`]),
  ];
}

/** What a transcript tells besides the log: the run, its words, where it left the script. */
export interface TranscriptHead {
  title: string;
  /** One line each: the scenario and seed, the settings changed, the user's actions, the link. */
  about: string[];
  /** The lesson's parts the run reached, in order. */
  narration: { t: number; text: string; source: string }[];
  /** Where the run left the lesson's script, if it did. */
  left: { t: number; action: string } | null;
}

/** The run as a Markdown transcript: a heading, what the run is, the narration, then the log as a table. */
export function markdownOf(head: TranscriptHead, entries: readonly TraceEntry[]): string {
  const out = [`# ${markdownCell(head.title)}`, ''];
  for (const line of head.about) out.push(`- ${line}`);
  if (head.about.length > 0) out.push('');
  if (head.narration.length > 0 || head.left) {
    out.push('## Narration', '');
    for (const n of head.narration)
      out.push(`- **${formatTime(n.t)}** ${markdownCell(n.text)} _(${markdownCell(n.source)})_`);
    if (head.left)
      out.push(
        `- **${formatTime(head.left.t)}** The run left the lesson's script here (${markdownCell(head.left.action)}); the log tells what happened instead.`,
      );
    out.push('');
  }
  const shown = entries.length > TRANSCRIPT_MAX_LINES ? entries.slice(-TRANSCRIPT_MAX_LINES) : entries;
  out.push('## Event log', '');
  if (shown.length < entries.length)
    out.push(`The latest ${TRANSCRIPT_MAX_LINES} of ${entries.length} entries.`, '');
  out.push('| Time | Actor | Event | What happened |', '| ---: | --- | --- | --- |');
  for (const e of shown) {
    const to = detailsOf(e).to;
    const text = typeof to === 'string' ? `→ ${to}: ${e.text}` : e.text;
    out.push(`| ${formatTime(e.t)} | ${markdownCell(e.actor)} | \`${e.type}\` | ${markdownCell(text)} |`);
  }
  return `${out.join('\n')}\n`;
}
