import { useCallback, useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { readSettings, type Settings } from "../settings/settings";
import { loadSettings, saveSettings } from "../settings/settings-storage";
import { failureMessage } from "../ui/failure-message";

/**
 * The user's settings from `storage.sync`, a way to change some of them, and
 * why they could not be read, if they could not.
 */
export function useSettings(): [Settings | null, (change: Partial<Settings>) => Promise<void>, string | null] {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  useEffect(() => {
    loadSettings(browser.storage.sync).then(setSettings, (error: unknown) =>
      setLoadFailure(failureMessage(error, "Twofold could not read its settings from the browser. Reload this page.")),
    );
  }, []);
  const update = useCallback(async (change: Partial<Settings>) => {
    // Show the change at once (a controlled checkbox would otherwise flick back), then store it.
    setSettings((current) => (current === null ? current : readSettings({ ...current, ...change })));
    setSettings(await saveSettings(browser.storage.sync, change));
  }, []);
  return [settings, update, loadFailure];
}
