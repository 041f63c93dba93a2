import { z } from "zod";

/** User settings, kept in `storage.sync` so they follow the browser profile. */
export const Settings = z.object({
  /** Fill when the user focuses or clicks a code field and exactly one account matches. */
  fillOnFocus: z.boolean().default(true),
  /** With several matches, offer them in a small list under the field. */
  inlineSuggestion: z.boolean().default(true),
  /** Press the form's submit button after filling. Off: people like to see what was filled. */
  autoSubmit: z.boolean().default(false),
  /** Clear a copied code from the clipboard after this many seconds (0: never). */
  clipboardClearSeconds: z.number().int().min(0).max(600).default(30),
  /** Show the next code when fewer than 5 seconds of the current one remain. */
  showNextCode: z.boolean().default(true),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** Settings from storage, repaired field by field: one bad value never resets the rest. */
export function readSettings(stored: unknown): Settings {
  const raw = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(Settings.shape) as (keyof Settings)[]) {
    const field = Settings.shape[key].safeParse(raw[key]);
    result[key] = field.success ? field.data : DEFAULT_SETTINGS[key];
  }
  return Settings.parse(result);
}
