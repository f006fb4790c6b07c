// The run file reader on any input: it never throws, names what is wrong in short messages, refuses a
// file whole or gives options the lab can open; every file it writes reads back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRunFile, runFileOf } from '../../src/io/runFile.ts';
import { PANELS } from '../../src/io/urlState.ts';
import { lessonIds } from '../../src/scenarios/catalog.ts';
import { FUZZ } from './fuzz.ts';

const near = fc.record(
  {
    format: fc.oneof(fc.constant('failover-lab run'), fc.string()),
    version: fc.oneof(fc.constant(1), fc.integer(), fc.string()),
    scenario: fc.oneof(fc.constantFrom(...lessonIds), fc.string()),
    seed: fc.oneof(fc.integer(), fc.double(), fc.string()),
    set: fc.oneof(fc.array(fc.string()), fc.string(), fc.array(fc.integer())),
    at: fc.oneof(fc.array(fc.string()), fc.array(fc.constantFrom('1 crash PluginMember1', '2.5 heal a b'))),
    t: fc.oneof(fc.double(), fc.string()),
    try: fc.oneof(fc.record({ t: fc.double(), script: fc.integer() }), fc.anything()),
    sandbox: fc.oneof(
      fc.record({ members: fc.integer(), processes: fc.integer(), users: fc.integer() }),
      fc.anything(),
    ),
    panel: fc.oneof(fc.constantFrom(...PANELS), fc.string()),
    other: fc.anything(),
  },
  { requiredKeys: [] },
);
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.json(),
  near.map((o) => JSON.stringify(o)),
);

describe('the run file reader on any input', () => {
  it('never throws: refuses with short messages, or gives options', () => {
    fc.assert(
      fc.property(text, (t) => {
        const r = readRunFile(t);
        if (r.options === null) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(e.length).toBeLessThan(800);
        } else {
          expect(r.errors).toEqual([]);
          if (r.options.scenario !== undefined) expect(lessonIds).toContain(r.options.scenario);
        }
      }),
      FUZZ,
    );
  });

  it('reads back every file it writes', () => {
    fc.assert(
      fc.property(
        fc.record({
          scenario: fc.constantFrom(...lessonIds),
          seed: fc.integer({ min: 0, max: 4294967295 }),
          t: fc.integer({ min: 0, max: 86_400_000 }),
          panel: fc.option(fc.constantFrom(...PANELS)),
        }),
        (s) => {
          const file = runFileOf({
            scenario: s.scenario,
            sandbox: null,
            seed: s.seed,
            sets: [],
            actions: [],
            trying: null,
            moment: { t: s.t },
            speed: 1,
            paced: true,
            panel: s.panel,
          });
          expect(readRunFile(file)).toEqual({
            options: {
              scenario: s.scenario,
              seed: s.seed,
              moment: { t: s.t },
              ...(s.panel ? { panel: s.panel } : {}),
            },
            errors: [],
          });
        },
      ),
      FUZZ,
    );
  });
});
