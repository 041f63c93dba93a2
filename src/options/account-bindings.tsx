import { useState } from "react";
import type { BindingSource, DomainBinding } from "../domains/domain-binding";
import type { AccountSummary } from "../otp/account";
import { AlsoFillsOn } from "./also-fills-on";

const SOURCE_NAMES: Record<BindingSource, string> = {
  user: "added by you",
  import: "from the import",
  issuer: "known login site of the issuer",
  remembered: "remembered when filling",
};

export interface AccountBindingsProps {
  account: AccountSummary;
  onSave(domains: DomainBinding[]): Promise<void>;
  /** Turns filling on the sites that share the account's sign-in on or off. */
  onSharedSites(enabled: boolean): Promise<void>;
  onRemove(): Promise<void>;
}

/** One account on the options page: where it fills, and its removal. */
export function AccountBindings({ account, onSave, onSharedSites, onRemove }: AccountBindingsProps) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const name = `${account.issuer || "Account"}${account.label ? ` (${account.label})` : ""}`;
  const report = (change: Promise<void>) =>
    change.then(
      () => setError(null),
      (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
    );
  const save = (domains: DomainBinding[]) => report(onSave(domains));
  return (
    <li className="account" data-account-id={account.id}>
      <div className="account-head">
        <span className="account-name">{name}</span>
        {confirming ? (
          <fieldset className="inline confirm">
            <legend>Remove it and its secret for good?</legend>
            <button type="button" className="danger-button" onClick={() => onRemove()}>
              Remove
            </button>
            <button type="button" className="text-button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </fieldset>
        ) : (
          <button
            type="button"
            className="text-button"
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${name}`}
          >
            Remove…
          </button>
        )}
      </div>
      <ul className="bindings" aria-label={`Sites for ${name}`}>
        {account.domains.length === 0 ? <li className="hint">No sites: it is filled only from the popup.</li> : null}
        {account.domains.map((binding) => (
          <li key={binding.host} className="binding">
            <span className="binding-host">{binding.host}</span>
            <span className="hint">{SOURCE_NAMES[binding.source]}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Stop filling ${name} on ${binding.host}`}
              onClick={() => save(account.domains.filter((other) => other.host !== binding.host))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {account.sharedSites?.length ? (
        <AlsoFillsOn
          accountId={account.id}
          name={name}
          sites={account.sharedSites}
          enabled={account.fillSharedSites !== false}
          onToggle={(enabled) => report(onSharedSites(enabled))}
        />
      ) : null}
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim() === "") return;
          save([...account.domains, { host: draft.trim(), source: "user" }]).then(() => setDraft(""));
        }}
      >
        <label className="visually-hidden" htmlFor={`add-site-${account.id}`}>
          Add a site for {name}
        </label>
        <input
          id={`add-site-${account.id}`}
          placeholder="Add a site, e.g. example.com"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="text-button">
          Add site
        </button>
      </form>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
