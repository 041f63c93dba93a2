import type { Environment } from "../paths";
import type { Store } from "./store";
import type { StoreSpec } from "./store-spec";

/**
 * Opens the store a spec names. Backends load lazily so that the host starts
 * fast and a file-vault user never loads a D-Bus client.
 */
export async function openStore(spec: StoreSpec, environment: Environment): Promise<Store> {
  switch (spec.kind) {
    case "file": {
      const { FileVaultStore } = await import("./file-vault-store");
      return new FileVaultStore(spec.path, { passphrase: environment.env.TWOFOLD_PASSPHRASE });
    }
    case "secret-service": {
      const { SecretServiceStore } = await import("./secret-service-store");
      return SecretServiceStore.open(environment);
    }
    case "keychain": {
      const { KeychainStore } = await import("./keychain-store");
      return new KeychainStore(environment);
    }
    case "icloud": {
      const { ICloudStore } = await import("./icloud-store");
      return new ICloudStore(environment);
    }
  }
}
