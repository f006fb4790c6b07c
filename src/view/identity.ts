// Who an actor is, the same in every view: each cluster member keeps one colour (the topology's box, the
// sequence diagram's lane, the event log's name, the inspectors' rows), web server processes share the
// web server's grey, users theirs. A swatch's shape says the kind: a square for a member, a rounded
// square for a web server process, a circle for a user. The message categories keep their own colours
// (request, response, session store, replication); identities are shown as small swatches beside names
// and thin stripes, so the two do not mix.

/** How many member colours there are (theme.css `--member-0` … `--member-7`); more members reuse them. */
export const MEMBER_COLOURS = 8;

export type IdentityKind = 'member' | 'process' | 'user' | 'database' | 'other';

export interface Identity {
  kind: IdentityKind;
  /**
   * The class that colours it (theme.css): `id-0` … `id-7` for the members, else its kind's. Views set
   * the colour through this class, as a swatch's background or a stripe's fill.
   */
  className: string;
}

/**
 * The identity of the actor a trace or a view names (`PluginMember2`, `ihs#1`, `browser:u1`, `u1`,
 * `database`); `members` are the lab's cluster members in their order, which gives each its colour.
 */
export function identityOf(name: string, members: readonly string[]): Identity {
  const m = members.indexOf(name);
  if (m >= 0) return { kind: 'member', className: `member id-${m % MEMBER_COLOURS}` };
  if (/^ihs(#\d+)?$/.test(name) || name === 'web server') return { kind: 'process', className: 'process' };
  if (name.startsWith('browser') || /^u\d+$/.test(name)) return { kind: 'user', className: 'user' };
  if (name === 'database') return { kind: 'database', className: 'database' };
  return { kind: 'other', className: 'other' };
}

/**
 * `text` cut into its words and the names of actors it mentions (each cluster member, each web server
 * process `ihs#k`), in order, so that narration can mark a name with its actor's colour as the pictures
 * do. A name counts only as a whole word (`PluginMember1` is not in `PluginMember10`).
 */
export function namedParts(
  text: string,
  members: readonly string[],
): { text: string; identity: Identity | null }[] {
  const names = [...members]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\w#])(${[...names, 'ihs#\\d+'].join('|')})(?![\\w#])`, 'g');
  const out: { text: string; identity: Identity | null }[] = [];
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index), identity: null });
    out.push({ text: m[0], identity: identityOf(m[0], members) });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), identity: null });
  return out;
}
