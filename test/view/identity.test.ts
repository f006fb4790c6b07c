// Who an actor is, the same in every view: a member's colour by its place in the cluster, the kind's for
// the rest.
import { describe, expect, it } from 'vitest';
import { identityOf, MEMBER_COLOURS, namedParts } from '../../src/view/identity.ts';

describe('identityOf', () => {
  const members = Array.from({ length: 10 }, (_, i) => `PluginMember${i + 1}`);
  it('gives each member the colour of its place in the cluster, the eight colours over again after the eighth', () => {
    expect(members.map((m) => identityOf(m, members).className)).toEqual(
      members.map((_, i) => `member id-${i % MEMBER_COLOURS}`),
    );
    // A renamed member keeps its place's colour: the order decides, not the name.
    expect(identityOf('Billing', ['Shop', 'Billing']).className).toBe('member id-1');
  });
  it('names the other kinds by their trace names', () => {
    expect(identityOf('ihs#2', members).kind).toBe('process');
    expect(identityOf('web server', members).kind).toBe('process');
    expect(identityOf('browser:u7', members).kind).toBe('user');
    expect(identityOf('u7', members).kind).toBe('user');
    expect(identityOf('database', members).kind).toBe('database');
    expect(identityOf('lab', members).kind).toBe('other');
  });
});

describe('namedParts', () => {
  it('cuts narration into words and the actors it names, whole names only', () => {
    const members = ['PluginMember1', 'PluginMember10'];
    const parts = namedParts(
      'ihs#2 marks PluginMember1 down; PluginMember10 and PluginMember12 do not',
      members,
    );
    expect(parts.map((p) => [p.text, p.identity?.className ?? null])).toEqual([
      ['ihs#2', 'process'],
      [' marks ', null],
      ['PluginMember1', 'member id-0'],
      [' down; ', null],
      ['PluginMember10', 'member id-1'],
      [' and PluginMember12 do not', null],
    ]);
    expect(namedParts('no names here', members)).toEqual([{ text: 'no names here', identity: null }]);
  });
});
