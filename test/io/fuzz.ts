// How many inputs each reader's fuzz test tries: a thousand in `npm test`, ten thousand (or FUZZ_RUNS) in
// `npm run fuzz`, the nightly-size run. The seed is fixed so that a failure is reproducible; FUZZ_SEED
// explores further.
export const FUZZ = {
  seed: Number(process.env.FUZZ_SEED ?? 20261207),
  numRuns: Number(process.env.FUZZ_RUNS ?? 1000),
};
