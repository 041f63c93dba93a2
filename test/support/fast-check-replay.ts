export {};

// A failed property test prints its `{ seed, path }` (npm test's summary keeps
// them). `TWOFOLD_FC_SEED=… TWOFOLD_FC_PATH=… npx vitest run FILE -t NAME`
// replays that very case: every property then starts from that seed. This
// runs before every test file, so fast-check is loaded only when asked for.
const seed = process.env.TWOFOLD_FC_SEED;
const path = process.env.TWOFOLD_FC_PATH;
if (seed !== undefined && seed !== "") {
  const { default: fc } = await import("fast-check");
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed), ...(path ? { path } : {}) });
}
