// The paced figures of the bench: what the pacer plans for ten-steps at the default speed.
import { describe, expect, it } from 'vitest';
import { MIN_FLIGHT_MS } from '../../src/app/pacer.ts';
import { pacedFigures } from '../../src/cli/pacedBench.ts';

describe('pacedFigures', () => {
  it('gives every message of ten-steps at least the pacer’s flight, and the run its 20–90 s', async () => {
    const f = await pacedFigures();
    expect(f.pacedMinFlightMs).toBeGreaterThanOrEqual(MIN_FLIGHT_MS);
    expect(f.pacedMinFlightMs).toBeLessThan(MIN_FLIGHT_MS + 100);
    expect(f.pacedTenStepsSeconds).toBeGreaterThanOrEqual(20);
    expect(f.pacedTenStepsSeconds).toBeLessThanOrEqual(90);
  });
});
