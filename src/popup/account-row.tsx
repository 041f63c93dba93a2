import type { AccountSummary } from "../otp/account";
import type { Code } from "../protocol/methods";
import { CountdownRing } from "./countdown-ring";
import { formatCode } from "./format-code";
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
  return (
    <div
      className={`row${props.selected ? " row-selected" : ""}`}
      data-account-id={account.id}
      aria-current={props.selected || undefined}
    >
      <button
        type="button"
        className="row-main"
        aria-label={`${name}: code ${code ? code.code.split("").join(" ") : "loading"}${seconds === null ? "" : `, ${seconds} seconds left`}. Copy.`}
        onClick={props.onCopy}
        onFocus={props.onSelect}
        onMouseEnter={props.onSelect}
        tabIndex={props.selected ? 0 : -1}
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
      <span className="row-actions">
        {props.canFill ? (
          <button
            type="button"
            className="icon-button"
            aria-label={`Fill ${name} into this page`}
            title="Fill into this page (f)"
            tabIndex={-1}
            onClick={props.onFill}
          >
            ⤓
          </button>
        ) : null}
        <button
          type="button"
          className={`icon-button pin${account.pinned ? " pinned" : ""}`}
          aria-label={account.pinned ? `Unpin ${name}` : `Pin ${name}`}
          aria-pressed={account.pinned}
          title={account.pinned ? "Unpin (p)" : "Pin (p)"}
          tabIndex={-1}
          onClick={props.onTogglePin}
        >
          {account.pinned ? "★" : "☆"}
        </button>
      </span>
    </div>
  );
}
