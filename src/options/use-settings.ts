import { useCallback, useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { readSettings, type Settings } from "../settings/settings";
import { loadSettings, saveSettings } from "../settings/settings-storage";

/** The user's settings from `storage.sync`, and a way to change some of them. */
export function useSettings(): [Settings | null, (change: Partial<Settings>) => Promise<void>] {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    loadSettings(browser.storage.sync).then(setSettings, () => undefined);
  }, []);
  const update = useCallback(async (change: Partial<Settings>) => {
    // Show the change at once (a controlled checkbox would otherwise flick back), then store it.
    setSettings((current) => (current === null ? current : readSettings({ ...current, ...change })));
    setSettings(await saveSettings(browser.storage.sync, change));
  }, []);
  return [settings, update];
}
