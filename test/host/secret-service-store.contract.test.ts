import { SecretServiceStore } from "../../native-host/stores/secret-service-store";
import { describeWithKeyring, keyringEnvironment, TestKeyring } from "./gnome-keyring-fixture";
import { describeStoreContract } from "./store-contract";

// Each test gets its own collection in the private gnome-keyring, so it starts
// empty; every open() is a separate D-Bus connection, like a second host.
describeWithKeyring("secret-service store", () => {
  describeStoreContract("secret-service (GNOME Keyring)", async () => {
    const keyring = await TestKeyring.connect();
    const collection = await keyring.createCollection();
    return {
      open: () => SecretServiceStore.open(keyringEnvironment(), { collection }),
      cleanup: async () => {
        try {
          await keyring.deleteCollection(collection);
        } finally {
          keyring.close();
        }
      },
    };
  });
});
