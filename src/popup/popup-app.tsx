import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Snapshot } from "../messaging/page-messages";
import type { AccountSummary } from "../otp/account";
import type { ImportReport } from "../protocol/methods";
import { AccountRow } from "./account-row";
import { orderAccounts } from "./order-accounts";
import { EmptyPanel, StatusPanel } from "./status-panel";
import { useNow } from "./use-now";
import { VirtualList } from "./virtual-list";

/** What the popup needs from the extension, passed in so tests and screenshots can drive it. */
export interface PopupServices {
  tabId: number | undefined;
  clock: () => number;
  installCommand: string;
  snapshot(refresh?: boolean): Promise<Snapshot>;
  setPinned(accountId: string, pinned: boolean): Promise<void>;
  fill(accountId: string, remember: boolean): Promise<boolean>;
  copy(text: string): Promise<void>;
  copied(code: string, clearAfterSeconds: number): Promise<void>;
  advanceHotp(accountId: string): Promise<void>;
  retry(): Promise<void>;
  openOptions(): void;
  /** Imports a QR code visible in the tab (setting up 2FA on a site). */
  scanTab?: () => Promise<ImportReport>;
}

type Row =
  | { kind: "header"; key: string; height: number; title: string }
  | { kind: "account"; key: string; height: number; account: AccountSummary };

const HEADER_HEIGHT = 28;
const ROW_HEIGHT = 60;

export function PopupApp({ services }: { services: PopupServices }) {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const [toast, setToast] = useState<string | null>(null);
  const [confirmFill, setConfirmFill] = useState<AccountSummary | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const now = useNow(services.clock);

  const load = useCallback(
    async (refresh = false) => {
      setSnapshot(await services.snapshot(refresh));
    },
    [services],
  );
  useEffect(() => {
    load().catch(() => undefined);
  }, [load]);

  // Ask for new codes as soon as the soonest one on screen expires.
  const soonest = useMemo(() => {
    const ends = Object.values(snapshot?.codes ?? {}).flatMap((code) =>
      code.validUntil === null ? [] : [code.validUntil],
    );
    return ends.length > 0 ? Math.min(...ends) : null;
  }, [snapshot]);
  useEffect(() => {
    if (soonest !== null && now >= soonest) load().catch(() => undefined);
  }, [now, soonest, load]);

  const groups = useMemo(
    () => orderAccounts(snapshot?.accounts ?? [], snapshot?.tabMatches ?? [], query),
    [snapshot, query],
  );
  const rows: Row[] = useMemo(
    () =>
      groups.flatMap((group) => [
        { kind: "header" as const, key: `h-${group.title}`, height: HEADER_HEIGHT, title: group.title },
        ...group.accounts.map((account) => ({
          kind: "account" as const,
          key: account.id,
          height: ROW_HEIGHT,
          account,
        })),
      ]),
    [groups],
  );
  const accountRows = rows.flatMap((row, index) => (row.kind === "account" ? [{ row, index }] : []));
  const current = accountRows[Math.min(selected, accountRows.length - 1)];
  const currentAccount = current?.row.kind === "account" ? current.row.account : undefined;

  // Arrow keys move focus along with the selection when focus is in the list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the selection moves.
  useEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.closest(".accounts") && !active.classList.contains("row-main")) return;
    if (active instanceof HTMLElement && active.classList.contains("row-main")) {
      document.querySelector<HTMLElement>(".row-selected .row-main")?.focus();
    }
  }, [selected]);

  const flash = (text: string) => {
    setToast(text);
    setTimeout(() => setToast((shown) => (shown === text ? null : shown)), 2000);
  };

  const copy = async (account: AccountSummary) => {
    const code = snapshot?.codes[account.id];
    if (!code || !snapshot) return;
    await services.copy(code.code);
    const seconds = snapshot.settings.clipboardClearSeconds;
    await services.copied(code.code, seconds);
    flash(`Copied ${account.issuer || account.label} code${seconds > 0 ? `, clears in ${seconds} s` : ""}`);
    if (account.kind === "hotp") {
      await services.advanceHotp(account.id);
      await load();
    }
  };

  const fill = async (account: AccountSummary, remember?: boolean) => {
    if (!snapshot?.tabUrl) return;
    if (remember === undefined && !snapshot.tabMatches.includes(account.id)) {
      setConfirmFill(account);
      return;
    }
    setConfirmFill(null);
    const filled = await services.fill(account.id, remember ?? false).catch(() => false);
    flash(filled ? `Filled ${account.issuer || account.label} code` : "No code field found on this page");
    if (remember) await load(true);
  };

  const scan = async () => {
    if (!services.scanTab) return;
    try {
      const report = await services.scanTab();
      const names = report.added.map((account) => account.issuer || account.label).join(", ");
      flash(
        report.added.length > 0
          ? `Added ${names}`
          : report.duplicates.length > 0
            ? "Already added"
            : "No account in that QR code",
      );
      await load(true);
    } catch (error) {
      flash(error instanceof Error ? (error.message.split(". ")[0] ?? "Scan failed") : "Scan failed");
    }
  };

  const togglePin = async (account: AccountSummary) => {
    await services.setPinned(account.id, !account.pinned);
    await load(true);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const inSearch = event.target === search.current;
    if (event.key === "/" && !inSearch) {
      event.preventDefault();
      search.current?.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setSelected((index) => Math.max(0, Math.min(accountRows.length - 1, index + step)));
    } else if (event.key === "Enter" && currentAccount) {
      event.preventDefault();
      copy(currentAccount).catch(() => undefined);
    } else if (event.key === "Escape" && inSearch && query !== "") {
      event.preventDefault();
      setQuery("");
    } else if (!inSearch && currentAccount && (event.key === "f" || event.key === "p")) {
      event.preventDefault();
      if (event.key === "f") fill(currentAccount).catch(() => undefined);
      else togglePin(currentAccount).catch(() => undefined);
    }
  };

  let body: React.ReactNode;
  if (snapshot === null) {
    body = (
      <p className="loading" aria-live="polite">
        Loading codes…
      </p>
    );
  } else if (snapshot.error) {
    body = (
      <StatusPanel
        error={snapshot.error}
        installCommand={services.installCommand}
        onRetry={() => {
          services
            .retry()
            .then(() => load(true))
            .catch(() => undefined);
        }}
        onCopyCommand={(command) => {
          services
            .copy(command)
            .then(() => flash("Command copied"))
            .catch(() => undefined);
        }}
      />
    );
  } else if (snapshot.accounts.length === 0) {
    body = <EmptyPanel onOpenOptions={services.openOptions} />;
  } else {
    body = (
      <>
        {rows.length === 0 ? <p className="muted no-results">No account matches “{query}”.</p> : null}
        <VirtualList
          className="accounts"
          label="Accounts"
          items={rows}
          scrollToIndex={current?.index ?? null}
          render={(row) =>
            row.kind === "header" ? (
              <h2 className="group-title">{row.title}</h2>
            ) : (
              <AccountRow
                account={row.account}
                code={snapshot.codes[row.account.id]}
                now={now}
                selected={row.account.id === currentAccount?.id}
                showNextCode={snapshot.settings.showNextCode}
                canFill={snapshot.tabUrl !== null}
                onSelect={() => setSelected(accountRows.findIndex((entry) => entry.row.key === row.key))}
                onCopy={() => {
                  copy(row.account).catch(() => undefined);
                }}
                onFill={() => {
                  fill(row.account).catch(() => undefined);
                }}
                onTogglePin={() => {
                  togglePin(row.account).catch(() => undefined);
                }}
              />
            )
          }
        />
      </>
    );
  }

  return (
    <main className="popup" onKeyDown={onKeyDown}>
      <header className="popup-header">
        <span className="brand" aria-hidden="true">
          2
        </span>
        <label className="search">
          <span className="visually-hidden">Search accounts</span>
          <input
            ref={search}
            type="search"
            placeholder="Search   /"
            value={query}
            // biome-ignore lint/a11y/noAutofocus: the popup is opened to find a code; typing should search at once.
            autoFocus
            onChange={(event) => {
              setQuery(event.target.value);
              setSelected(0);
            }}
          />
        </label>
        {services.scanTab ? (
          <button
            type="button"
            className="icon-button"
            aria-label="Scan a QR code on this page"
            title="Scan a 2FA setup QR code shown on this page"
            onClick={() => {
              scan().catch(() => undefined);
            }}
          >
            ⌗
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label="Settings"
          title="Settings"
          onClick={services.openOptions}
        >
          ⚙
        </button>
      </header>
      {body}
      {confirmFill && snapshot?.tabUrl ? (
        <div className="dialog" role="alertdialog" aria-labelledby="confirm-title" aria-modal="true">
          <h2 id="confirm-title">Fill {confirmFill.issuer || confirmFill.label} here?</h2>
          <p>
            This account is not set up for <strong>{new URL(snapshot.tabUrl).hostname}</strong>.
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              className="primary-button"
              onClick={() => fill(confirmFill, true).catch(() => undefined)}
            >
              Fill and remember this site
            </button>
            <button
              type="button"
              className="text-button"
              onClick={() => fill(confirmFill, false).catch(() => undefined)}
            >
              Fill once
            </button>
            <button type="button" className="text-button" onClick={() => setConfirmFill(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <output className={`toast${toast ? " toast-shown" : ""}`} aria-live="polite">
        {toast}
      </output>
    </main>
  );
}
