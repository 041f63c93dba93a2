import { normalizeIssuer } from "../domains/normalize-issuer";

/** Brand colours of common issuers; no logos are fetched (no network). */
const BRAND_COLORS: Record<string, string> = {
  github: "#24292f",
  google: "#1a73e8",
  microsoft: "#0067b8",
  amazon: "#232f3e",
  aws: "#232f3e",
  amazonwebservices: "#232f3e",
  apple: "#1d1d1f",
  facebook: "#1877f2",
  meta: "#0866ff",
  instagram: "#c13584",
  twitter: "#1d9bf0",
  x: "#0f1419",
  discord: "#5865f2",
  dropbox: "#0061fe",
  gitlab: "#c6381e",
  slack: "#611f69",
  reddit: "#d93a00",
  cloudflare: "#c2410c",
  steam: "#1b2838",
  twitch: "#6441a5",
  coinbase: "#0052ff",
  binance: "#a16207",
  paypal: "#003087",
  stripe: "#635bff",
  proton: "#6d4aff",
  protonmail: "#6d4aff",
  bitwarden: "#175ddc",
  npm: "#cb3837",
  digitalocean: "#0069ff",
  linkedin: "#0a66c2",
  okta: "#00297a",
  atlassian: "#0052cc",
  heroku: "#430098",
  epicgames: "#313131",
};

/** Darker hues only, so white letters keep WCAG AA contrast (4.5:1). */
const FALLBACK = [
  "#b91c1c",
  "#c2410c",
  "#a16207",
  "#15803d",
  "#0f766e",
  "#0369a1",
  "#1d4ed8",
  "#6d28d9",
  "#a21caf",
  "#be185d",
];

export function avatarColor(issuer: string): string {
  const key = normalizeIssuer(issuer);
  const brand = BRAND_COLORS[key];
  if (brand) return brand;
  let hash = 0;
  for (const char of key || issuer) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return FALLBACK[hash % FALLBACK.length] ?? "#1d4ed8";
}

export function LetterAvatar({ issuer, label }: { issuer: string; label: string }) {
  const letter = (issuer || label || "?").trim().charAt(0).toUpperCase() || "?";
  return (
    <span className="avatar" aria-hidden="true" style={{ backgroundColor: avatarColor(issuer || label) }}>
      {letter}
    </span>
  );
}
