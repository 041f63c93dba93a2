import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KeychainStore } from "../../native-host/stores/keychain-store";
import { describeStoreContract } from "./store-contract";

const SECURITY = fileURLToPath(new URL("../stand-ins/security", import.meta.url));

describeStoreContract("macOS login keychain (security stand-in)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "twofold-keychain-"));
  // Only what the stand-in needs: a test never sees the developer's TWOFOLD_* settings.
  const environment = {
    platform: "darwin" as const,
    home: dir,
    env: { PATH: process.env.PATH, TWOFOLD_FAKE_KEYCHAIN: join(dir, "keychain.json") },
  };
  return {
    open: async () => new KeychainStore(environment, { securityPath: SECURITY }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
