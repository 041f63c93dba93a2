import data from "./data/shared-credentials.json";
import { type SharedCredentialsFile, sharedCredentialGroups } from "./shared-credentials-file";
import { SharedSites } from "./shared-sites";

// Checked against the schema when the update script wrote it, and by a unit test;
// not again at run time, where a zod pass would cost the host's first fill.
const VENDORED: SharedCredentialsFile = data;

let instance: SharedSites | undefined;

/**
 * The sites that share one sign-in, from the list vendored in `data/` (Apple's
 * password-manager-resources, MIT; `scripts/update-shared-credentials.mjs`
 * updates it). Indexed on first use, not at start, so a host that only says
 * hello never pays for it. The host's code only: extension pages get
 * an account's shared sites from the host, so the list stays out of their bundles.
 */
export function vendoredSharedSites(): SharedSites {
  instance ??= new SharedSites(sharedCredentialGroups(VENDORED));
  return instance;
}
