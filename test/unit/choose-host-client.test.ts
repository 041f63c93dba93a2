import { describe, expect, it } from "vitest";
import { chooseHostClient, type NativeRuntime, SAFARI_APP_ID } from "../../src/background/choose-host-client";
import { NativePortClient } from "../../src/background/native-port-client";
import { SafariHostClient } from "../../src/background/safari-host-client";

describe("chooseHostClient", () => {
  const runtime = (): NativeRuntime & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      connectNative: (application) => {
        calls.push(`connectNative ${application}`);
        throw new Error("not in this test");
      },
      sendNativeMessage: async (application) => {
        calls.push(`sendNativeMessage ${application}`);
        return undefined;
      },
    };
  };

  it("talks to the containing app with sendNativeMessage in Safari", async () => {
    const fake = runtime();
    const client = chooseHostClient({ safari: true, runtime: fake });
    expect(client).toBeInstanceOf(SafariHostClient);
    await client.request("accounts.list", {}).catch(() => undefined);
    expect(fake.calls).toEqual([`sendNativeMessage ${SAFARI_APP_ID}`]);
  });

  it("opens a native port to dev.twofold.host everywhere else", async () => {
    const fake = runtime();
    const client = chooseHostClient({ safari: false, runtime: fake });
    expect(client).toBeInstanceOf(NativePortClient);
    await expect(client.request("store.status", {})).rejects.toThrow(/not installed/);
    expect(fake.calls).toEqual(["connectNative dev.twofold.host"]);
  });
});
