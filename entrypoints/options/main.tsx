import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { pageClient } from "../../src/messaging/page-client";
import { OptionsApp } from "../../src/options/options-app";
import { useSettings } from "../../src/options/use-settings";
import { browserFacts } from "../../src/ui/browser-facts";
import { installCommand } from "../../src/ui/install-command";
import "../../src/ui/theme.css";
import "../../src/options/options.css";

function Options({ command }: { command: string }) {
  const [settings, saveSettings, settingsFailure] = useSettings();
  return (
    <OptionsApp
      services={{
        installCommand: command,
        snapshot: () => pageClient.send("page.snapshot", { refresh: true }),
        storeStatus: () => pageClient.host("store.status", {}),
        doctor: async () => (await pageClient.host("doctor", { extensionId: browser.runtime.id })).findings,
        settings,
        settingsFailure,
        saveSettings,
        add: async (uri, domain) =>
          (await pageClient.host("accounts.add", { uri, domains: domain ? [domain] : undefined })).account,
        setDomains: async (id, domains) => {
          await pageClient.host("accounts.setDomains", { id, domains });
        },
        setSharedSites: async (id, enabled) => {
          await pageClient.host("accounts.setSharedSites", { id, enabled });
        },
        remove: async (id) => {
          await pageClient.host("accounts.remove", { id });
        },
        importFile: async (file, options) => (await pageClient.host("import", { ...file, ...options })).report,
        retry: async () => {
          await pageClient.send("page.retry", {});
        },
      }}
    />
  );
}

browserFacts().then((facts) => {
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<Options command={installCommand(facts)} />);
});
