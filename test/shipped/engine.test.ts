// Runs only in the `shipped` project: the model is built by xstateDefinitions.ts, as in the app's bundles.
import { describe, expect, it } from 'vitest';
import { setup } from '../../src/model/statechart.ts';
import { setup as shippedSetup } from '../../src/simulation/xstateDefinitions.ts';

describe('the shipped project', () => {
  it('builds the model with the definitions the app loads, not with XState', () => {
    expect(setup).toBe(shippedSetup);
  });
});
