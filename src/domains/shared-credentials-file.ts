import { z } from "zod";

// One lower-case ASCII host name (international names in punycode), at least two labels.
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const GroupHost = z
  .string()
  .max(253)
  .regex(new RegExp(`^${LABEL}(?:\\.${LABEL})+$`), "a lower-case host name such as example.com");

const HostList = z
  .array(GroupHost)
  .min(1)
  .max(1000)
  .refine((hosts) => new Set(hosts).size === hosts.length, "a host is listed twice");

/**
 * Apple's `quirks/shared-credentials.json` (github.com/apple/password-manager-resources),
 * as its JSON schema states it: each entry is either
 * - `{shared}`: every listed site accepts the same sign-in as every other; or
 * - `{from, to, fromDomainsAreObsoleted?}`: a sign-in used on a `from` site is
 *   also good on the `to` sites, but not the other way round (twitter.com → x.com).
 *   `fromDomainsAreObsoleted` says the `from` sites no longer serve sign-ins.
 */
export const SharedCredentialsFile = z
  .array(
    z.union([
      z.strictObject({ shared: HostList }),
      z.strictObject({ from: HostList, to: HostList, fromDomainsAreObsoleted: z.boolean().optional() }),
    ]),
  )
  .max(10_000);
export type SharedCredentialsFile = z.infer<typeof SharedCredentialsFile>;

/**
 * One group as Twofold uses it: an account bound to a site that covers one of
 * `sources` may also fill on each of `targets`. A `shared` entry is its own
 * sources and targets.
 */
export interface SharedCredentialGroup {
  readonly sources: readonly string[];
  readonly targets: readonly string[];
}

/** The groups of a checked file. */
export function sharedCredentialGroups(file: SharedCredentialsFile): SharedCredentialGroup[] {
  return file.map((entry) =>
    "shared" in entry ? { sources: entry.shared, targets: entry.shared } : { sources: entry.from, targets: entry.to },
  );
}

/**
 * Checks the text of a shared-credentials file. Throws an `Error` that names
 * the first problem (with the entry's position), for the update script.
 */
export function parseSharedCredentialsFile(text: string): SharedCredentialsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = SharedCredentialsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [entry, ...inside] = issue?.path ?? [];
    const where =
      entry === undefined ? "the file" : `entry ${String(entry)}${inside.length ? ` at ${inside.join(".")}` : ""}`;
    throw new Error(
      `${where} does not follow Apple's shared-credentials schema: ${issue?.message ?? "invalid"}. Expected an array of {shared: [hosts]} or {from: [hosts], to: [hosts], fromDomainsAreObsoleted?: boolean}.`,
    );
  }
  return parsed.data;
}
