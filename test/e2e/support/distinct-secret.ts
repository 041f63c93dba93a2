import { createHash } from "node:crypto";
import { Secret } from "otpauth";

/**
 * A base32 secret of its own for generated account number `index`: every
 * account shows a different code, and the same one on every run.
 */
export function distinctSecret(index: number): string {
  return Secret.fromHex(createHash("sha1").update(`twofold test account ${index}`).digest("hex")).base32;
}
