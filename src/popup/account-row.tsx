import type { AccountSummary } from "../otp/account";
import type { Code } from "../protocol/methods";
import { CountdownRing } from "./countdown-ring";
import { formatCode } from "./format-code";
import { CopyIcon, FillIcon, PinIcon } from "./icons";
import { LetterAvatar } from "./letter-avatar";

/** When this few milliseconds remain, the next code is shown beside the current one. */
export const NEXT_CODE_WINDOW_MS = 5000;

export interface AccountRowProps {
  account: AccountSummary;
  code: Code | undefined;
  now: number;
  selected: boolean;
  showNextCode: boolean;
  canFill: boolean;
  onCopy(): void;
  onFill(): void;
  onTogglePin(): void;
  onSelect(): void;
}

/** One account: who it is, its live code, and what can be done with it. */
export function AccountRow(props: AccountRowProps) {
  const { account, code, now } = props;
  const name = account.label ? `${account.issuer || "Account"}, ${account.label}` : account.issuer || "Account";
  const remaining = code?.validUntil == null ? null : code.validUntil - now;
  const showNext = props.showNextCode && remaining !== null && remaining <= NEXT_CODE_WINDOW_MS && code !== undefined;
  const seconds = remaining === null ? null : Math.ceil(remaining / 1000);
  // Only the selected row's buttons are in the tab order, so Tab leaves the list
  // after one row instead of walking through a thousand.
  const tabIndex = props.selected ? 0 : -1;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover and focus only move the selection; the buttons act.
    <div
      className={`row${props.selected ? " row-selected" : ""}`}
      data-account-id={account.id}
      aria-current={props.selected || undefined}
      onFocus={props.onSelect}
      onMouseEnter={props.onSelect}
    >
      <button
        type="button"
        className="row-main"
        aria-label={`${name}: code ${code ? code.code.split("").join(" ") : "loading"}${seconds === null ? "" : `, ${seconds} seconds left`}. Copy.`}
        onClick={props.onCopy}
        tabIndex={tabIndex}
      >
        <LetterAvatar issuer={account.issuer} label={account.label} />
        <span className="row-names">
          <span className="row-issuer">{account.issuer || account.label || "Account"}</span>
          {account.label && account.issuer ? <span className="row-label">{account.label}</span> : null}
        </span>
        <span className="row-code">
          <span className="code" data-testid="code">
            {code ? formatCode(code.code) : "······"}
          </span>
          {showNext ? (
            <span className="next-code" data-testid="next-code">
              next {formatCode(code.next)}
            </span>
          ) : null}
        </span>
        {remaining !== null && code?.period ? (
          <CountdownRing remainingMs={remaining} periodMs={code.period * 1000} />
        ) : (
          <span className="ring" />
        )}
      </button>
      {/* Shown on the row under the pointer or the keyboard (see popup.css), so each row says what it can do. */}
      <span className="row-quick">
        {props.canFill ? (
          <button
            type="button"
            className="icon-button"
            aria-label={`Fill ${name} into this page`}
            title="Fill into this page (f)"
            tabIndex={tabIndex}
            onClick={props.onFill}
          >
            <FillIcon />
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label={`Copy ${name} code`}
          title="Copy code (Enter)"
          tabIndex={tabIndex}
          onClick={props.onCopy}
        >
          <CopyIcon />
        </button>
      </span>
      <button
        type="button"
        className={`icon-button pin${account.pinned ? " pinned" : ""}`}
        aria-label={account.pinned ? `Unpin ${name}` : `Pin ${name}`}
        aria-pressed={account.pinned}
        title={account.pinned ? "Unpin (p)" : "Pin (p)"}
        tabIndex={tabIndex}
        onClick={props.onTogglePin}
      >
        <PinIcon pinned={account.pinned} />
      </button>
    </div>
  );
}
