import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { AccountSummary } from "../otp/account";
import { AccountCount } from "./account-count";
import { AccountRow } from "./account-row";
import { ConfirmFillDialog } from "./confirm-fill-dialog";
import { ScanIcon, SettingsIcon } from "./icons";
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
  const [listHeight, setListHeight] = useState<number | null>(null);
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
  const accountCount = snapshot?.accounts.length ?? 0;
  // The height of the whole list with no search: the count is shown only when it does not all fit.
  const fullHeight = useMemo(
    () =>
      orderAccounts(snapshot?.accounts ?? [], snapshot?.tabMatches ?? [], "").reduce(
        (height, group) => height + HEADER_HEIGHT + group.accounts.length * ROW_HEIGHT,
        0,
      ),
    [snapshot],
  );
  const hasAccounts = snapshot !== null && !snapshot.error && accountCount > 0;

  // Search takes the keyboard once there is something to search; an empty or failed popup leaves
  // focus alone, for its own buttons. Nor is focus taken back from where the person has put it.
  // Focus moves are layout effects: they must land before the next key press, and Preact runs
  // plain effects only after the next paint.
  useLayoutEffect(() => {
    if (hasAccounts && document.activeElement === document.body) search.current?.focus();
  }, [hasAccounts]);

  // Arrow keys move focus along with the selection when focus is on a row.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the selection moves.
  useLayoutEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.closest(".row")) {
      document.querySelector<HTMLElement>(".row-selected .row-main")?.focus();
    }
  }, [selected]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const inSearch = event.target === search.current;
    // Enter on any other button (Fill, Retry, a dialog's) presses that button, not Copy.
    const onOtherButton = event.target instanceof HTMLButtonElement && !event.target.classList.contains("row-main");
    if (event.key === "/" && !inSearch) {
      event.preventDefault();
      search.current?.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setSelected((index) => Math.max(0, Math.min(accountRows.length - 1, index + step)));
    } else if (event.key === "Enter" && currentAccount && !onOtherButton) {
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
        {listHeight !== null && fullHeight > listHeight ? (
          <AccountCount shown={accountRows.length} total={accountCount} searching={query.trim() !== ""} />
        ) : null}
        {rows.length === 0 ? <p className="muted no-results">No account matches “{query}”.</p> : null}
        <VirtualList
          className="accounts"
          label="Accounts"
          items={rows}
          scrollToIndex={current?.index ?? null}
          onViewportHeight={setListHeight}
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
            <ScanIcon />
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label="Settings"
          title="Settings"
          onClick={actions.openOptions}
        >
          <SettingsIcon />
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
