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
  onToggle(enabled: boolean): void;
}

/**
 * The sites an account also fills on because they share its sign-in (Airbnb's
 * country domains, x.com for twitter.com), compact until asked, with the
 * switch that turns them off for this account.
 */
export function AlsoFillsOn({ accountId, name, sites, enabled, onToggle }: AlsoFillsOnProps) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? sites : sites.slice(0, FIRST_FEW);
  const more = sites.length - shown.length;
  const id = `shared-sites-${accountId}`;
  return (
    <div className="also-fills-on">
      <p id={id} className={enabled ? undefined : "muted"}>
        {enabled ? "Also fills on " : "Could also fill on "}
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
          checked={enabled}
          aria-describedby={id}
          onChange={(event) => onToggle(event.target.checked)}
        />
        <span>Fill {name} on sites that share its sign-in</span>
      </label>
    </div>
  );
}
