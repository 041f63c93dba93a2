import { z } from "zod";
import { ACCOUNT_LIMITS } from "../otp/account-limits";

/**
 * Where a binding came from, so the options page can show it and a person can
 * judge whether to keep it.
 */
export const BindingSource = z.enum(["user", "import", "issuer", "remembered"]);
export type BindingSource = z.infer<typeof BindingSource>;

/**
 * An account is offered on a page when one of its bindings covers the page's
 * host: the host equals `host` or is a subdomain of it. `host` is a
 * registrable domain (`github.com`) or a host below one (`acme.okta.com`,
 * `signin.aws.amazon.com`); never a public suffix. See `match-bindings.ts`.
 */
export const DomainBinding = z.object({
  host: z
    .string()
    .min(1)
    .max(ACCOUNT_LIMITS.host)
    .regex(/^[a-z0-9.-]+$/, "a lower-case host name"),
  source: BindingSource,
});
export type DomainBinding = z.infer<typeof DomainBinding>;
