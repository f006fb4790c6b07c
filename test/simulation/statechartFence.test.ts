// The model's statechart API (model/statechart.ts) is what the shipped runner supports: every name it
// exports exists in xstateDefinitions.ts, which the app's bundles load in place of XState.
import { describe, expect, it } from 'vitest';
import * as fence from '../../src/model/statechart.ts';
import * as shipped from '../../src/simulation/xstateDefinitions.ts';

describe('the statechart fence', () => {
  it('exports only what the shipped definitions provide, as functions there too', () => {
    const names = Object.keys(fence).sort();
    expect(names).toEqual(['assign', 'emit', 'enqueueActions', 'setup']);
    for (const name of names) expect(typeof (shipped as Record<string, unknown>)[name]).toBe('function');
  });
});
