/**
 * The web sites among a password manager's URLs, for domain bindings.
 * App links (`androidapp://`, `iosapp://`) and other schemes name no site
 * and are left out; what remains is checked by `normalizeBindingHost` when
 * the account is built, and a bad one is reported against its entry.
 */
export function siteDomains(urls: readonly (string | null | undefined)[]): string[] {
  const sites = new Set<string>();
  for (const url of urls) {
    const trimmed = url?.trim() ?? "";
    if (trimmed === "") continue;
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
    if (scheme !== undefined && scheme !== "http" && scheme !== "https") continue;
    sites.add(trimmed);
  }
  return [...sites];
}
