// The address reader on any input: it never throws, names what it does not take in a message of bounded
// length, and gives only options the lab can open; an address it writes reads back to the same state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_KEYS,
  labQuery,
  PANELS,
  PARTS,
  parseLabQuery,
  SPEED_RANGE,
  type AddressState,
} from '../../src/io/urlState.ts';
import { lessonIds, sandboxLimits } from '../../src/scenarios/catalog.ts';
import { FUZZ } from './fuzz.ts';

const KEYS = ADDRESS_KEYS;

/** Values near what the reader expects, and far from it. */
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: -5, max: 5_000_000_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    ...lessonIds,
    '1',
    'topology,lesson',
    'https://a.example',
    'ten-steps',
    '0x10',
    '1e3',
    'Infinity',
    '%E0%A4%A',
    '<b>x</b>',
    '',
  ),
  fc
    .tuple(fc.double({ min: 0, max: 100_000, noNaN: true }), fc.string({ maxLength: 20 }))
    .map(([t, w]) => `${t} ${w}`),
);
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 10 }));
const query = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(fc.tuple(key, value), { maxLength: 12 }).map((pairs) => {
    const p = new URLSearchParams();
    for (const [k, v] of pairs) p.append(k, v);
    return `?${p}`;
  }),
  fc
    .array(fc.tuple(key, value), { maxLength: 12 })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
);

describe('the address reader on any input', () => {
  it('never throws, keeps its messages short, and gives only options the lab can open', () => {
    fc.assert(
      fc.property(query, (q) => {
        const { options: o, errors } = parseLabQuery(q);
        for (const e of errors) expect(e.length).toBeLessThan(800);
        if (o.scenario !== undefined) expect(lessonIds).toContain(o.scenario);
        if (o.seed !== undefined) expect(Number.isInteger(o.seed) && o.seed >= 0).toBe(true);
        if (o.speed !== undefined) expect(o.speed >= SPEED_RANGE[0] && o.speed <= SPEED_RANGE[1]).toBe(true);
        if (o.sandbox)
          for (const k of ['members', 'processes', 'users'] as const) {
            const [min, max] = sandboxLimits[k];
            expect(o.sandbox[k] >= min && o.sandbox[k] <= max).toBe(true);
          }
        if (o.moment) expect(o.moment.t >= 0 && Number.isInteger(o.moment.t)).toBe(true);
        for (const a of o.actions ?? []) expect(a).toMatch(/^\d+(\.\d{1,3})? \S/);
        if (o.trying) expect(o.scenario).toBeDefined();
        if (o.embed) for (const p of o.embed.show) expect(PARTS).toContain(p);
      }),
      FUZZ,
    );
  });

  it('reads back every address it writes, with no message', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9#_/.=-]{1,12}$/);
    const state: fc.Arbitrary<AddressState> = fc.record({
      scenario: fc.constantFrom(...lessonIds),
      sandbox: fc.option(
        fc.record({
          members: fc.integer({ min: sandboxLimits.members[0], max: sandboxLimits.members[1] }),
          processes: fc.integer({ min: sandboxLimits.processes[0], max: sandboxLimits.processes[1] }),
          users: fc.integer({ min: sandboxLimits.users[0], max: sandboxLimits.users[1] }),
        }),
      ),
      seed: fc.integer({ min: 0, max: 4294967295 }),
      sets: fc.array(
        fc
          .tuple(fc.stringMatching(/^[a-z][a-zA-Z.[\]0-9]{0,20}$/), fc.string({ maxLength: 12 }))
          .map(([p, v]) => `${p}=${v}`),
        { maxLength: 4 },
      ),
      actions: fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: 86_400_000 }), fc.array(word, { minLength: 1, maxLength: 4 }))
          .map(([ms, w]) => `${ms / 1000} ${w.join(' ')}`),
        { maxLength: 5 },
      ),
      trying: fc.option(
        fc.record({ t: fc.integer({ min: 0, max: 86_400_000 }), script: fc.integer({ min: 0, max: 50 }) }),
      ),
      moment: fc.record({
        t: fc.integer({ min: 0, max: 86_400_000 }),
        within: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      }),
      speed: fc.constantFrom(0.1, 0.5, 1, 2, 10, 100),
      paced: fc.boolean(),
      panel: fc.option(fc.constantFrom(...PANELS)),
    });
    fc.assert(
      fc.property(state, (s) => {
        const moment = s.moment.within === undefined ? { t: s.moment.t } : s.moment;
        const { options, errors } = parseLabQuery(labQuery({ ...s, moment }));
        expect(errors).toEqual([]);
        expect(options).toEqual({
          ...(s.sandbox ? { sandbox: s.sandbox } : { scenario: s.scenario }),
          seed: s.seed,
          ...(s.sets.length > 0 ? { sets: s.sets } : {}),
          ...(s.actions.length > 0 ? { actions: s.actions } : {}),
          ...(s.trying && !s.sandbox ? { trying: s.trying } : {}),
          moment,
          ...(s.speed !== 1 ? { speed: s.speed } : {}),
          ...(!s.paced ? { paced: false } : {}),
          ...(s.panel ? { panel: s.panel } : {}),
        });
      }),
      FUZZ,
    );
  });
});
