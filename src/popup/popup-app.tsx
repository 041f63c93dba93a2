import { useEffect, useMemo, useRef, useState } from "react";
import type { AccountSummary } from "../otp/account";
import { AccountRow } from "./account-row";
import { ConfirmFillDialog } from "./confirm-fill-dialog";
import { orderAccounts } from "./order-accounts";
import { EmptyPanel, StatusPanel } from "./status-panel";
import { useNow } from "./use-now";
import { type PopupServices, usePopupActions } from "./use-popup-actions";
import { VirtualList } from "./virtual-list";

type Row =
  | { kind: "header"; key: string; height: number; title: string }
  | { kind: "account"; key: string; height: number; account: AccountSummary };

const HEADER_HEIGHT = 28;
const ROW_HEIGHT = 60;

/** The popup: search, the accounts grouped for this tab, and what each row can do. */
export function PopupApp({ services }: { services: PopupServices }) {
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const now = useNow(services.clock);
  const { snapshot, toast, confirmFill, actions } = usePopupActions(services, now);

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
      actions.copy(currentAccount);
    } else if (event.key === "Escape" && inSearch && query !== "") {
      event.preventDefault();
      setQuery("");
    } else if (!inSearch && currentAccount && (event.key === "f" || event.key === "p")) {
      event.preventDefault();
      if (event.key === "f") actions.fill(currentAccount);
      else actions.togglePin(currentAccount);
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
        onRetry={actions.retry}
        onCopyCommand={actions.copyCommand}
      />
    );
  } else if (snapshot.accounts.length === 0) {
    body = <EmptyPanel onOpenOptions={actions.openOptions} />;
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
                onCopy={() => actions.copy(row.account)}
                onFill={() => actions.fill(row.account)}
                onTogglePin={() => actions.togglePin(row.account)}
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
            onClick={actions.scan}
          >
            ⌗
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label="Settings"
          title="Settings"
          onClick={actions.openOptions}
        >
          ⚙
        </button>
      </header>
      {body}
      {confirmFill && snapshot?.tabUrl ? (
        <ConfirmFillDialog
          account={confirmFill}
          tabUrl={snapshot.tabUrl}
          onFill={actions.fillConfirmed}
          onCancel={actions.cancelFill}
        />
      ) : null}
      <output
        className={`toast${toast ? " toast-shown" : ""}${toast?.failed ? " toast-failed" : ""}`}
        aria-live="polite"
      >
        {toast?.text}
      </output>
    </main>
  );
}
