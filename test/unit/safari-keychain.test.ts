import { describe, expect, it } from "vitest";
import { keychainError, SafariKeychain } from "../../src/background/safari-keychain";
import type { ErrorCode } from "../../src/protocol/error-codes";
import { isTwofoldError } from "../../src/protocol/twofold-error";

describe("SafariKeychain", () => {
  /** A fake `sendNativeMessage`: `answer` plays the app's handler. */
  function fakeApp(answer: (request: { id: number; op: string }) => unknown) {
    const sent: Array<{ id: number; op: string }> = [];
    const send = async (message: unknown): Promise<unknown> => {
      const request = message as { id: number; op: string };
      sent.push(request);
      return answer(request);
    };
    return { sent, send };
  }
  const ping = { protocol: 1, version: "0.2.0", accessGroup: "T.dev.twofold.shared" };
  const ok = (results: Record<string, unknown>) => (request: { id: number; op: string }) => ({
    id: request.id,
    ok: true,
    result: results[request.op],
  });

  it("pings once, also for calls made at once, then sends one message per call with its own id", async () => {
    const app = fakeApp(ok({ ping, list: { items: [] } }));
    const keychain = new SafariKeychain({ sendNativeMessage: app.send });
    await Promise.all([keychain.call({ op: "list" }), keychain.call({ op: "list" })]);
    await keychain.call({ op: "list" });
    expect(app.sent.map(({ id, op }) => [id, op])).toEqual([
      [1, "ping"],
      [2, "list"],
      [3, "list"],
      [4, "list"],
    ]);
  });

  it.each([
    ["an error reply", { ok: false, error: { code: "notFound", osStatus: -25300, message: "gone" } }, "NOT_FOUND"],
    ["a result that breaks the schema", { ok: true, result: { items: [{ account: 1 }] } }, "BAD_REQUEST"],
    ["a reply to another request", { id: 99, ok: true, result: { items: [] } }, "BAD_REQUEST"],
    ["not an envelope", "hello", "BAD_REQUEST"],
    ["nothing at all", undefined, "BAD_REQUEST"],
  ])("turns %s into a typed error", async (_name, reply, code) => {
    const app = fakeApp((request) =>
      request.op === "ping"
        ? { id: request.id, ok: true, result: ping }
        : typeof reply === "object" && reply !== null && !("id" in reply)
          ? { id: request.id, ...reply }
          : reply,
    );
    const error = await new SafariKeychain({ sendNativeMessage: app.send })
      .call({ op: "list" })
      .catch((caught: unknown) => caught);
    expect(isTwofoldError(error, code as ErrorCode)).toBe(true);
  });

  it("rejects with TIMEOUT when the app does not answer", async () => {
    const app = fakeApp((request) =>
      request.op === "ping" ? { id: request.id, ok: true, result: ping } : new Promise(() => undefined),
    );
    const error = await new SafariKeychain({ sendNativeMessage: app.send, timeoutMs: 20 })
      .call({ op: "list" })
      .catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "TIMEOUT")).toBe(true);
    expect((error as Error).message).toContain("Open the Twofold app");
  });

  it("says how to fix it when Safari cannot reach the app", async () => {
    const app = fakeApp(() => {
      throw new Error("Native messaging host not found");
    });
    const error = await new SafariKeychain({ sendNativeMessage: app.send })
      .call({ op: "list" })
      .catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "HOST_MISSING")).toBe(true);
    expect((error as Error).message).toMatch(/Safari → Settings → Extensions/);
  });

  it("refuses an app on another protocol version, and pings again after a failure and after reset()", async () => {
    let protocol = 2;
    const app = fakeApp((request) =>
      request.op === "ping"
        ? { id: request.id, ok: true, result: { ...ping, protocol } }
        : { id: request.id, ok: true, result: { items: [] } },
    );
    const keychain = new SafariKeychain({ sendNativeMessage: app.send });
    expect(isTwofoldError(await keychain.call({ op: "list" }).catch((e: unknown) => e), "UNSUPPORTED_VERSION")).toBe(
      true,
    );
    protocol = 1;
    await keychain.call({ op: "list" });
    await keychain.call({ op: "list" });
    const pings = () => app.sent.filter((request) => request.op === "ping").length;
    expect(pings()).toBe(2);
    keychain.reset();
    await keychain.call({ op: "list" });
    expect(pings()).toBe(3);
  });

  it.each<[number, ErrorCode]>([
    [-25300, "NOT_FOUND"],
    [-25299, "ALREADY_EXISTS"],
    [-34018, "STORE_UNAVAILABLE"],
    [-25308, "STORE_LOCKED"],
    [-128, "USER_CANCELLED"],
    [-25293, "ACCESS_DENIED"],
    [-25291, "STORE_UNAVAILABLE"],
    [-50, "STORE_UNAVAILABLE"],
  ])("maps OSStatus %i to %s", (osStatus, code) => {
    expect(keychainError({ code: "internal", osStatus, message: "m" }, "a1").code).toBe(code);
  });
});
