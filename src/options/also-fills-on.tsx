import { useState } from "react";

/** How many sites show before "and N more". */
const FIRST_FEW = 3;

export interface AlsoFillsOnProps {
  accountId: string;
  /** The account's name, for labels. */
  name: string;
  /** Sites that share a sign-in with the account's own, from the host. */
  sites: readonly string[];
  enabled: boolean;
  /** Settles once the change is saved or has failed (the caller shows the failure). */
  onToggle(enabled: boolean): Promise<void>;
}

/**
 * The sites an account also fills on because they share its sign-in (Airbnb's
 * country domains, x.com for twitter.com), compact until asked, with the
 * switch that turns them off for this account.
 */
export function AlsoFillsOn({ accountId, name, sites, enabled, onToggle }: AlsoFillsOnProps) {
  const [expanded, setExpanded] = useState(false);
  // The box follows the click at once, not a host round trip later; it falls back to `enabled` when settled.
  const [pending, setPending] = useState<boolean | null>(null);
  const checked = pending ?? enabled;
  const shown = expanded ? sites : sites.slice(0, FIRST_FEW);
  const more = sites.length - shown.length;
  const id = `shared-sites-${accountId}`;
  return (
    <div className="also-fills-on">
      <p id={id} className={checked ? undefined : "muted"}>
        {checked ? "Also fills on " : "Could also fill on "}
        {shown.map((site, index) => (
          <span key={site}>
            {index > 0 ? ", " : null}
            <span className="binding-host">{site}</span>
          </span>
        ))}
        {more > 0 ? (
          <>
            {" and "}
            <button
              type="button"
              className="text-button"
              aria-label={`Show all ${sites.length} sites that share a sign-in with ${name}`}
              onClick={() => setExpanded(true)}
            >
              {more} more
            </button>
          </>
        ) : null}
        , which share its sign-in.
      </p>
      <label className="toggle">
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={id}
          onChange={(event) => {
            const next = event.target.checked;
            setPending(next);
            onToggle(next).finally(() => setPending(null));
          }}
        />
        <span>Fill {name} on sites that share its sign-in</span>
      </label>
    </div>
  );
}
