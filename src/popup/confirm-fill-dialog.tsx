import type { AccountSummary } from "../otp/account";

export interface ConfirmFillDialogProps {
  account: AccountSummary;
  /** The tab's address, whose host the dialog names. */
  tabUrl: string;
  onFill(remember: boolean): void;
  onCancel(): void;
}

/** Asks before filling an account on a site it is not set up for, and whether to remember the site. */
export function ConfirmFillDialog({ account, tabUrl, onFill, onCancel }: ConfirmFillDialogProps) {
  return (
    <div className="dialog" role="alertdialog" aria-labelledby="confirm-title" aria-modal="true">
      <h2 id="confirm-title">Fill {account.issuer || account.label} here?</h2>
      <p>
        This account is not set up for <strong>{new URL(tabUrl).hostname}</strong>.
      </p>
      <div className="dialog-actions">
        <button type="button" className="primary-button" onClick={() => onFill(true)}>
          Fill and remember this site
        </button>
        <button type="button" className="text-button" onClick={() => onFill(false)}>
          Fill once
        </button>
        <button type="button" className="text-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
