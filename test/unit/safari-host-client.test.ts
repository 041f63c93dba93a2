import { describe, expect, it } from "vitest";
import { chooseHostClient, type NativeRuntime, SAFARI_APP_ID } from "../../src/background/choose-host-client";
import { NativePortClient } from "../../src/background/native-port-client";
import { SafariHostClient } from "../../src/background/safari-host-client";
import { isTwofoldError } from "../../src/protocol/twofold-error";

interface Request {
  id: number;
  method: string;
  params: unknown;
}

const HELLO = { protocol: 1, version: "1.0.0", store: "icloud" };
const STATUS = { spec: "icloud", ok: true, message: "2 accounts" };

/**
 * A fake `sendNativeMessage`: the test plays the app extension's handler.
 * `answer` returns the reply for a request, or a promise that never settles.
 */
function fakeSafari(answer: (request: Request) => unknown) {
  const sent: Request[] = [];
  const send = (message: unknown): Promise<unknown> => {
    const request = message as Request;
    sent.push(request);
    try {
      const reply = answer(request);
      return reply instanceof Promise ? reply : Promise.resolve(reply);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return { sent, send };
}

/** The handler as it should behave: hello, then the method's canned result. */
const ok =
  (results: Record<string, unknown>) =>
  (request: Request): unknown => ({ id: request.id, ok: true, result: results[request.method] });

describe("SafariHostClient", () => {
  it("says hello once, then sends one message per request with its own id", async () => {
    const safari = fakeSafari(ok({ hello: HELLO, "store.status": STATUS, "accounts.list": { accounts: [] } }));
    const client = new SafariHostClient({ sendNativeMessage: safari.send });
    await expect(client.request("store.status", {})).resolves.toEqual(STATUS);
    await expect(client.request("accounts.list", {})).resolves.toEqual({ accounts: [] });
    expect(safari.sent.map(({ id, method }) => [id, method])).toEqual([
      [1, "hello"],
      [2, "store.status"],
      [3, "accounts.list"],
    ]);
    expect(safari.sent[0]?.params).toEqual({ protocol: 1, client: "twofold-extension" });
  });

  it("shares one hello between requests made at once", async () => {
    const safari = fakeSafari(ok({ hello: HELLO, "store.status": STATUS }));
    const client = new SafariHostClient({ sendNativeMessage: safari.send });
    await Promise.all([client.request("store.status", {}), client.request("store.status", {})]);
    expect(safari.sent.filter((request) => request.method === "hello")).toHaveLength(1);
  });

  it.each([
    ["an error reply", { ok: false, error: { code: "NOT_FOUND", message: "gone" } }, "NOT_FOUND"],
    [
      "an error about an unreadable request",
      { id: null, ok: false, error: { code: "BAD_REQUEST", message: "?" } },
      "BAD_REQUEST",
    ],
    [
      "a result that breaks the schema",
      { ok: true, result: { accounts: [{ id: "x", secret: "JBSWY3DPEHPK3PXP" }] } },
      "BAD_REQUEST",
    ],
    ["a reply to another request", { id: 99, ok: true, result: { accounts: [] } }, "BAD_REQUEST"],
    ["not an envelope", "hello", "BAD_REQUEST"],
    ["nothing at all", undefined, "BAD_REQUEST"],
  ])("turns %s into a typed error", async (_name, reply, code) => {
    const safari = fakeSafari((request) =>
      request.method === "hello"
        ? { id: request.id, ok: true, result: HELLO }
        : typeof reply === "object" && reply !== null && !("id" in reply)
          ? { id: request.id, ...reply }
          : reply,
    );
    const client = new SafariHostClient({ sendNativeMessage: safari.send });
    const error = await client.request("accounts.list", {}).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, code as "BAD_REQUEST")).toBe(true);
  });

  it("rejects with TIMEOUT when the app does not answer, and ignores a late reply", async () => {
    let late: ((reply: unknown) => void) | undefined;
    const safari = fakeSafari((request) =>
      request.method === "hello"
        ? { id: request.id, ok: true, result: HELLO }
        : new Promise((resolve) => {
            late = () => resolve({ id: request.id, ok: true, result: STATUS });
          }),
    );
    const client = new SafariHostClient({ sendNativeMessage: safari.send, timeoutMs: 20 });
    const error = await client.request("store.status", {}).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "TIMEOUT")).toBe(true);
    expect((error as Error).message).toContain("Open the Twofold app");
    late?.(undefined);
  });

  it("says how to fix it when Safari cannot reach the app", async () => {
    const safari = fakeSafari(() => {
      throw new Error("Native messaging host not found");
    });
    const client = new SafariHostClient({ sendNativeMessage: safari.send });
    const error = await client.request("accounts.list", {}).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "HOST_MISSING")).toBe(true);
    expect((error as Error).message).toMatch(/Safari → Settings → Extensions/);
  });

  it("refuses an app on another protocol version, and checks again after reset()", async () => {
    let protocol = 2;
    const safari = fakeSafari((request) =>
      request.method === "hello"
        ? { id: request.id, ok: true, result: { ...HELLO, protocol } }
        : { id: request.id, ok: true, result: STATUS },
    );
    const client = new SafariHostClient({ sendNativeMessage: safari.send });
    const error = await client.request("store.status", {}).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "UNSUPPORTED_VERSION")).toBe(true);
    protocol = 1;
    // A failed hello is not cached: the next request greets again.
    await expect(client.request("store.status", {})).resolves.toEqual(STATUS);
    const hellos = () => safari.sent.filter((request) => request.method === "hello").length;
    expect(hellos()).toBe(2);
    await client.request("store.status", {});
    expect(hellos()).toBe(2);
    client.reset();
    await client.request("store.status", {});
    expect(hellos()).toBe(3);
  });
});

describe("chooseHostClient", () => {
  const runtime = (): NativeRuntime & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      connectNative: (application) => {
        calls.push(`connectNative ${application}`);
        throw new Error("not in this test");
      },
      sendNativeMessage: async (application, message) => {
        calls.push(`sendNativeMessage ${application}`);
        return { id: (message as Request).id, ok: true, result: HELLO };
      },
    };
  };

  it("talks to the containing app with sendNativeMessage in Safari", async () => {
    const fake = runtime();
    const client = chooseHostClient({ safari: true, runtime: fake });
    expect(client).toBeInstanceOf(SafariHostClient);
    await client.request("hello", { protocol: 1 });
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
