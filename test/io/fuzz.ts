// How many inputs each reader's fuzz test tries: a thousand in `npm test`, ten thousand (or FUZZ_RUNS) in
// `npm run fuzz`, the nightly-size run. The seed is fixed so that a failure is reproducible; FUZZ_SEED
// explores further.
export const FUZZ = {
  seed: Number(process.env.FUZZ_SEED ?? 20261207),
  numRuns: Number(process.env.FUZZ_RUNS ?? 1000),
};

/**
 * The time a fuzz test may take: its inputs at up to 20 ms each (the slowest, a configuration of up to 12
 * members read back, takes about 5 ms on this machine, more under load), at least the usual 30 s.
 */
export const FUZZ_TIMEOUT_MS = Math.max(30_000, FUZZ.numRuns * 20);
