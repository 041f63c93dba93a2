import { useCallback, useEffect, useState } from "react";
import type { DomainBinding } from "../domains/domain-binding";
import type { Snapshot } from "../messaging/page-messages";
import type { AccountSummary } from "../otp/account";
import type { Finding, ImportReport } from "../protocol/methods";
import type { Settings } from "../settings/settings";
import { failureMessage } from "../ui/failure-message";
import { AccountBindings } from "./account-bindings";
import { AddAccountForm } from "./add-account-form";
import { ImportPanel, type ImportPanelProps } from "./import-panel";
import { SettingsForm } from "./settings-form";

const LOAD_FAILED = "Twofold could not load your accounts. Reload this page.";
const RETRY_FAILED = "Twofold could not reach its host. Reload this page.";

/** What the options page needs from the extension. */
export interface OptionsServices {
  installCommand: string;
  snapshot(): Promise<Snapshot>;
  storeStatus(): Promise<{ spec: string; ok: boolean; message: string }>;
  doctor(): Promise<Finding[]>;
  settings: Settings | null;
  /** Why the settings could not be read, when they could not. */
  settingsFailure: string | null;
  saveSettings(change: Partial<Settings>): Promise<void>;
  add(uri: string, domain: string | undefined): Promise<AccountSummary>;
  setDomains(id: string, domains: DomainBinding[]): Promise<void>;
  setSharedSites(id: string, enabled: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  importFile: ImportPanelProps["onImport"];
  retry(): Promise<void>;
}

/** How each doctor level reads: "not on this machine" (info) is neutral, neither fine nor a problem. */
const FINDING_MARKS: Record<Finding["level"], { mark: string; label: string }> = {
  ok: { mark: "✓", label: "Fine:" },
  info: { mark: "·", label: "Note:" },
  warn: { mark: "!", label: "Warning:" },
  error: { mark: "✗", label: "Problem:" },
};

export function OptionsApp({ services }: { services: OptionsServices }) {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [status, setStatus] = useState<{ spec: string; ok: boolean; message: string } | null>(null);
  const [findings, setFindings] = useState<Finding[]>([]);
  /** Why the page could not load or retry: the same words the popup would use. */
  const [failure, setFailure] = useState<string | null>(null);
  const reload = useCallback(async () => {
    const next = await services.snapshot();
    setSnapshot(next);
    setFailure(null);
    // The status line and the checks add to a page that already says whether the host
    // answered (the snapshot's error); without them that page is still right.
    setStatus(next.error ? null : await services.storeStatus().catch(() => null));
    setFindings(next.error ? [] : await services.doctor().catch(() => []));
  }, [services]);
  useEffect(() => {
    reload().catch((error: unknown) => setFailure(failureMessage(error, LOAD_FAILED)));
  }, [reload]);

  const error = snapshot?.error ?? null;
  return (
    <main className="options">
      <header className="options-header">
        <span className="brand" aria-hidden="true">
          2
        </span>
        <h1>Twofold</h1>
      </header>

      <section className="card" aria-labelledby="status-title" data-testid="host-status">
        <h2 id="status-title">Host</h2>
        {snapshot === null && failure === null ? <p>Checking…</p> : null}
        {failure ? (
          <p className="error" role="alert" data-testid="options-failure">
            {failure}
          </p>
        ) : null}
        {error ? (
          <>
            <p className="error" role="alert">
              {error.message}
            </p>
            {error.code === "HOST_MISSING" ? (
              <p>
                Install it with <code>{services.installCommand}</code>, then restart the browser.
              </p>
            ) : null}
            <button
              type="button"
              className="text-button"
              onClick={() => {
                services
                  .retry()
                  .then(reload)
                  .catch((error: unknown) => setFailure(failureMessage(error, RETRY_FAILED)));
              }}
            >
              Retry
            </button>
          </>
        ) : null}
        {status ? (
          <p className={status.ok ? "success" : "error"}>
            {status.ok ? "Connected" : "Problem"} · store <code>{status.spec}</code> · {status.message}
          </p>
        ) : null}
        {findings.length > 0 ? (
          <ul className="findings" aria-label="Checks">
            {findings.map((finding) => (
              <li key={`${finding.subject}:${finding.message}`} className={`finding finding-${finding.level}`}>
                <span className="finding-mark" aria-hidden="true">
                  {FINDING_MARKS[finding.level].mark}
                </span>
                <span className="visually-hidden">{FINDING_MARKS[finding.level].label}</span>
                <span>
                  <strong>{finding.subject}</strong>: {finding.message}
                  {finding.fix ? (
                    <>
                      {" "}
                      Fix: <code>{finding.fix}</code>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="hint">
          The same checks from a terminal: <code>twofold doctor</code>.
        </p>
      </section>

      {services.settingsFailure ? (
        <p className="error" role="alert">
          {services.settingsFailure}
        </p>
      ) : null}
      {services.settings ? (
        <SettingsForm settings={services.settings} onChange={(change) => services.saveSettings(change)} />
      ) : null}

      <section className="card" aria-labelledby="accounts-title">
        <h2 id="accounts-title">Accounts and their sites</h2>
        <p className="hint">
          An account is filled only on the sites listed under it (and their subdomains), and on sites that share their
          sign-in unless you turn that off.
        </p>
        <ul className="accounts-list">
          {(snapshot?.accounts ?? []).map((account) => (
            <AccountBindings
              key={`${account.id}:${account.domains.map((binding) => binding.host).join(",")}:${account.fillSharedSites !== false}`}
              account={account}
              onSave={async (domains) => {
                await services.setDomains(account.id, domains);
                await reload();
              }}
              onSharedSites={async (enabled) => {
                await services.setSharedSites(account.id, enabled);
                await reload();
              }}
              onRemove={async () => {
                await services.remove(account.id);
                await reload();
              }}
            />
          ))}
        </ul>
        {snapshot && !error && snapshot.accounts.length === 0 ? <p>No accounts yet: add one below or import.</p> : null}
      </section>

      <AddAccountForm
        onAdd={async (uri, domain) => {
          const account = await services.add(uri, domain);
          await reload();
          return account.issuer || account.label;
        }}
      />
      <ImportPanel
        onImport={async (file, options): Promise<ImportReport> => {
          const report = await services.importFile(file, options);
          if (report.applied) await reload();
          return report;
        }}
      />
    </main>
  );
}
