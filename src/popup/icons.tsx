import type { ReactNode } from "react";

/**
 * The popup's icons, drawn inline: a symbol font (⌗, ⚙, ★) is missing on
 * many systems and shows as an empty box. Each is decoration only: the
 * button that holds it carries the accessible name.
 */
function Icon({ children, filled = false }: { children: ReactNode; filled?: boolean }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
      fill={filled ? "currentColor" : "none"}
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

/** A QR code inside a viewfinder's corners. */
export function ScanIcon() {
  return (
    <Icon>
      <path d="M4 8V5a1 1 0 0 1 1-1h3M16 4h3a1 1 0 0 1 1 1v3M20 16v3a1 1 0 0 1-1 1h-3M8 20H5a1 1 0 0 1-1-1v-3" />
      <rect x="8" y="8" width="3" height="3" rx="0.5" />
      <rect x="13" y="8" width="3" height="3" rx="0.5" />
      <rect x="8" y="13" width="3" height="3" rx="0.5" />
      <path d="M14.5 14.5h1.5v1.5" />
    </Icon>
  );
}

/** Three sliders: settings. */
export function SettingsIcon() {
  return (
    <Icon>
      <path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1" />
      <circle cx="15" cy="6" r="2" />
      <circle cx="9" cy="12" r="2" />
      <circle cx="17" cy="18" r="2" />
    </Icon>
  );
}

/** Two sheets, one over the other: copy. */
export function CopyIcon() {
  return (
    <Icon>
      <rect x="9" y="9" width="11" height="11" rx="2" />
      <path d="M15 9V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h3" />
    </Icon>
  );
}

/** An arrow going down into a form field: fill. */
export function FillIcon() {
  return (
    <Icon>
      <path d="M12 3v8M8.5 7.5 12 11l3.5-3.5" />
      <rect x="3" y="14" width="18" height="6" rx="1.5" />
    </Icon>
  );
}

/** A star, solid when the account is pinned. */
export function PinIcon({ pinned }: { pinned: boolean }) {
  return (
    <Icon filled={pinned}>
      <path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z" />
    </Icon>
  );
}
