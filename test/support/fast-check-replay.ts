import fc from "fast-check";

// A failed property test prints its `{ seed, path }` (npm test's summary keeps
// them). `TWOFOLD_FC_SEED=… TWOFOLD_FC_PATH=… npx vitest run FILE -t NAME`
// replays that very case: every property then starts from that seed.
const seed = process.env.TWOFOLD_FC_SEED;
const path = process.env.TWOFOLD_FC_PATH;
if (seed !== undefined && seed !== "") {
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed), ...(path ? { path } : {}) });
}
