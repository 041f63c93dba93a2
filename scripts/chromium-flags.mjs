// Chromium flags shared by the tests, the benchmarks and `npm start`.

/** Keep Chromium quiet on a machine with no internet: without these it floods the closed network. */
export const QUIET_FLAGS = [
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
];

/** Headless, as root, without a GPU: how CI and these machines run it. */
export const HEADLESS_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu"];
