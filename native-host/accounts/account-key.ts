import type { AccountRecord } from "../../src/otp/account";

/** Two records are the same account when secret, issuer and label agree. */
export function accountKey(record: AccountRecord): string {
  return `${record.secret}\u0000${record.issuer}\u0000${record.label}`;
}
