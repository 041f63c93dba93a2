import { ACCOUNT_LIMITS, tooLong } from "../otp/account-limits";
import { TwofoldError } from "../protocol/twofold-error";
import { isLoopback, isPublicSuffix } from "./page-host";

/**
 * Turns what a person typed (`GitHub.com`, `https://github.com/login`,
 * `bücher.de`) into the lower-case ASCII host that a binding stores.
 * Throws `INVALID_DOMAIN` for anything that cannot safely be bound.
 */
export function normalizeBindingHost(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let host: string;
  try {
    // URL converts international names to punycode and lower-cases them.
    host = new URL(withScheme).hostname.replace(/\.$/, "");
  } catch {
    throw invalid(input, "it is not a host name");
  }
  if (host === "" || !/^[a-z0-9.-]+$/.test(host) || host.includes("..")) {
    throw invalid(input, "it is not a host name");
  }
  // The URL parser accepts names DNS never would; a binding longer than a
  // store keeps would make the whole store unreadable, so refuse it here.
  if (host.length > ACCOUNT_LIMITS.host) throw tooLongHost(input, tooLong("host", host.length));
  const longest = host.split(".").reduce((max, part) => Math.max(max, part.length), 0);
  if (longest > ACCOUNT_LIMITS.hostLabel) throw tooLongHost(input, tooLong("hostLabel", longest));
  if (isLoopback(host)) return host;
  if (!host.includes(".")) throw invalid(input, "it has no domain part (e.g. example.com)");
  if (isPublicSuffix(host)) {
    throw invalid(input, `${host} is a public suffix shared by many sites; name one site, such as example.${host}`);
  }
  return host;
}

function invalid(input: string, why: string): TwofoldError {
  return new TwofoldError("INVALID_DOMAIN", `"${input}" cannot be bound to an account: ${why}.`);
}

/** Like {@link invalid}, without quoting a name too long to read in a message. */
function tooLongHost(input: string, why: string): TwofoldError {
  const shown = input.length > 64 ? `${input.trim().slice(0, 40)}…` : input;
  return invalid(shown, `${why}. Bind the site's shorter name, such as its registrable domain`);
}
