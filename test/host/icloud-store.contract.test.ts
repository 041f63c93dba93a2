import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ICloudStore } from "../../native-host/stores/icloud-store";
import { describeStoreContract } from "./store-contract";

const HELPER = fileURLToPath(new URL("../stand-ins/icloud-helper", import.meta.url));

describeStoreContract("iCloud keychain (helper stand-in)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "twofold-icloud-"));
  const environment = {
    platform: "darwin" as const,
    home: dir,
    env: { PATH: process.env.PATH, TWOFOLD_FAKE_ICLOUD: join(dir, "icloud.json") },
  };
  return {
    open: async () => new ICloudStore(environment, { helperPath: HELPER }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
