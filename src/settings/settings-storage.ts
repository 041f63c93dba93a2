import { readSettings, type Settings } from "./settings";

/** The part of `storage.sync` settings use. */
export interface SyncArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const KEY = "settings";

export async function loadSettings(area: SyncArea): Promise<Settings> {
  return readSettings((await area.get(KEY))[KEY]);
}

/** Saves a change to some settings; the rest keep their stored values. */
export async function saveSettings(area: SyncArea, change: Partial<Settings>): Promise<Settings> {
  const next = readSettings({ ...(await loadSettings(area)), ...change });
  await area.set({ [KEY]: next });
  return next;
}
