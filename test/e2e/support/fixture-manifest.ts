import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const Action = z.union([
  z.object({
    click: z.string(),
    /** The iframe to click in; a list for nested frames, outermost first. */
    frame: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    shadow: z.string().optional(),
    force: z.boolean().optional(),
  }),
  z.object({ wait: z.number().int().positive() }),
  z.object({ clickSuggestion: z.number().int().nonnegative() }),
  /** A trusted key press (`page.keyboard.press`), e.g. "Tab". */
  z.object({ press: z.string() }),
]);

export const FixtureCase = z.object({
  name: z.string(),
  kind: z.enum(["positive", "negative"]),
  file: z.string(),
  url: z.string().url(),
  scheme: z.enum(["https", "http"]).optional(),
  accounts: z.array(
    z.object({
      key: z.string(),
      uri: z.string(),
      domains: z.array(z.string()).optional(),
      pinned: z.boolean().optional(),
    }),
  ),
  frames: z.record(z.string(), z.string()).optional(),
  extraRoutes: z.array(z.object({ url: z.string().url(), file: z.string() })).optional(),
  actions: z.array(Action),
  expect: z.object({
    filled: z.record(z.string(), z.string()).optional(),
    splitFilled: z
      .object({ selectors: z.array(z.string()), account: z.string(), frame: z.string().optional() })
      .optional(),
    inFrame: z.record(z.string(), z.record(z.string(), z.string())).optional(),
    state: z.record(z.string(), z.string()).optional(),
    hasClass: z.record(z.string(), z.array(z.string())).optional(),
    nothingFilled: z.boolean().optional(),
    present: z.array(z.string()).optional(),
  }),
  notes: z.string().optional(),
});
export type FixtureCase = z.infer<typeof FixtureCase>;
export type FixtureAction = z.infer<typeof Action>;

/** The cases in test/fixtures/sites/manifest.json, checked. */
export function loadFixtureCases(): FixtureCase[] {
  const path = fileURLToPath(new URL("../../fixtures/sites/manifest.json", import.meta.url));
  return z.array(FixtureCase).parse(JSON.parse(readFileSync(path, "utf8")));
}

/** Every URL the fixture server must answer, with its file. */
export function fixtureRoutes(cases: readonly FixtureCase[]): { url: string; file: string }[] {
  return cases.flatMap((item) => [
    { url: item.url, file: item.file },
    ...Object.entries(item.frames ?? {}).map(([path, file]) => ({ url: new URL(path, item.url).toString(), file })),
    ...(item.extraRoutes ?? []),
  ]);
}
