import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from "react";
import type { Snapshot } from "../messaging/page-messages";
import type { AccountSummary } from "../otp/account";
import type { ImportReport } from "../protocol/methods";
import { failureMessage } from "../ui/failure-message";

/** What the popup needs from the extension, passed in so tests and screenshots can drive it. */
export interface PopupServices {
  clock: () => number;
  installCommand: string;
  /** The snapshot to draw the first render from, when the page already carries one (popup-page.tsx). */
  initial?: Snapshot;
  snapshot(refresh?: boolean): Promise<Snapshot>;
  setPinned(accountId: string, pinned: boolean): Promise<void>;
  fill(accountId: string, remember: boolean): Promise<boolean>;
  copy(text: string): Promise<void>;
  copied(code: string, clearAfterSeconds: number): Promise<void>;
  advanceHotp(accountId: string): Promise<void>;
  retry(): Promise<void>;
  openOptions(): Promise<void>;
  /** Imports a QR code visible in the tab (setting up 2FA on a site). */
  scanTab?: () => Promise<ImportReport>;
}

/** The line at the bottom of the popup: what an action did, or why it failed. */
export interface Toast {
  text: string;
  failed: boolean;
}

const DONE_MS = 2000;
// A failure says what to do, which takes longer to read than "Copied".
const FAILED_MS = 6000;

/**
 * The popup's state and everything a person can do in it. Every action
 * reports its own failure on the toast, so a click never fails silently.
 */
export function usePopupActions(services: PopupServices, now: number) {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(services.initial ?? null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [confirmFill, setConfirmFill] = useState<AccountSummary | null>(null);

  const show = useCallback((text: string, failed = false) => {
    const shown = { text, failed };
    setToast(shown);
    setTimeout(() => setToast((current) => (current === shown ? null : current)), failed ? FAILED_MS : DONE_MS);
  }, []);

  /** Runs one action; a failure is shown, with `fallback` for errors that are not Twofold's. */
  const run = useCallback(
    (work: () => Promise<void>, fallback: string) => {
      work().catch((error: unknown) => show(failureMessage(error, fallback), true));
    },
    [show],
  );

  const load = useCallback(
    async (refresh = false) => {
      setSnapshot(await services.snapshot(refresh));
    },
    [services],
  );
  const reload = useCallback(
    (refresh = false) => run(() => load(refresh), "Twofold could not load your codes. Close and reopen the popup."),
    [run, load],
  );
  // A layout effect, so the snapshot already on its way is taken on mount rather than
  // after the first paint (when Preact runs plain effects).
  useLayoutEffect(() => reload(), [reload]);

  // Ask for new codes as soon as the soonest one on screen expires.
  const soonest = useMemo(() => {
    const ends = Object.values(snapshot?.codes ?? {}).flatMap((code) =>
      code.validUntil === null ? [] : [code.validUntil],
    );
    return ends.length > 0 ? Math.min(...ends) : null;
  }, [snapshot]);
  useEffect(() => {
    if (soonest !== null && now >= soonest) reload();
  }, [now, soonest, reload]);

  const copy = (account: AccountSummary) =>
    run(async () => {
      const code = snapshot?.codes[account.id];
      if (!code || !snapshot) return;
      await services.copy(code.code);
      const seconds = snapshot.settings.clipboardClearSeconds;
      await services.copied(code.code, seconds);
      show(`Copied ${account.issuer || account.label} code${seconds > 0 ? `, clears in ${seconds} s` : ""}`);
      if (account.kind === "hotp") {
        await services.advanceHotp(account.id);
        await load();
      }
    }, "Twofold could not copy the code: the browser refused the clipboard. Click the popup and try again.");

  const fillNow = (account: AccountSummary, remember: boolean) =>
    run(async () => {
      setConfirmFill(null);
      const filled = await services.fill(account.id, remember);
      show(filled ? `Filled ${account.issuer || account.label} code` : "No code field found on this page");
      if (remember) await load(true);
    }, "Twofold could not fill this page. Reload the page and try again.");

  /** Fills the tab; an account not set up for the tab's site asks first. */
  const fill = (account: AccountSummary) => {
    if (!snapshot?.tabUrl) return;
    if (snapshot.tabMatches.includes(account.id)) fillNow(account, false);
    else setConfirmFill(account);
  };

  const togglePin = (account: AccountSummary) =>
    run(
      async () => {
        await services.setPinned(account.id, !account.pinned);
        await load(true);
      },
      `Twofold could not ${account.pinned ? "unpin" : "pin"} ${account.issuer || account.label}. Try again.`,
    );

  const scan = () =>
    run(async () => {
      if (!services.scanTab) return;
      const report = await services.scanTab();
      const names = report.added.map((account) => account.issuer || account.label).join(", ");
      show(
        report.added.length > 0
          ? `Added ${names}`
          : report.duplicates.length > 0
            ? "Already added"
            : "No account in that QR code",
      );
      await load(true);
    }, "Twofold could not read a QR code on this page. Try again with the code in view.");

  const retry = () =>
    run(async () => {
      await services.retry();
      await load(true);
    }, "Twofold could not reach its host. Close and reopen the popup.");

  const copyCommand = (command: string) =>
    run(async () => {
      await services.copy(command);
      show("Command copied");
    }, "The browser refused the clipboard. Select the command and copy it by hand.");

  const openOptions = () =>
    run(() => services.openOptions(), "Twofold could not open its settings. Open them from the extensions page.");

  return {
    snapshot,
    toast,
    confirmFill,
    actions: {
      copy,
      fill,
      /** The answer to the confirm-fill dialog. */
      fillConfirmed: (remember: boolean) => {
        if (confirmFill) fillNow(confirmFill, remember);
      },
      cancelFill: () => setConfirmFill(null),
      togglePin,
      scan,
      retry,
      copyCommand,
      openOptions,
    },
  };
}
