// The popup and options pages keep their React components but run them on
// Preact's compatibility layer: React DOM alone was most of the 330 KB the
// popup loaded and compiled on every open, Preact is a few KB. The
// extension's builds (wxt.config.ts) and the unit tests (vitest.config.ts)
// resolve React the same way.

/** Vite aliases from React's modules to Preact's. */
export const PREACT_ALIASES = [
  { find: /^react$/, replacement: "preact/compat" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
];
