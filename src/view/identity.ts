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
