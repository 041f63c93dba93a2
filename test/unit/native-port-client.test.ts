import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type NativePort, NativePortClient } from "../../src/background/native-port-client";
import { isTwofoldError } from "../../src/protocol/twofold-error";

/** A port whose other end the test plays. */
class FakePort implements NativePort {
  sent: { id: number; method: string; params: unknown }[] = [];
  error: { message?: string } | null = null;
  private messageListeners: ((message: unknown) => void)[] = [];
  private disconnectListeners: ((port: NativePort) => void)[] = [];
  onMessage = { addListener: (listener: (message: unknown) => void) => this.messageListeners.push(listener) };
  onDisconnect = { addListener: (listener: (port: NativePort) => void) => this.disconnectListeners.push(listener) };
  postMessage(message: unknown): void {
    this.sent.push(message as { id: number; method: string; params: unknown });
  }
  disconnect(): void {}
  reply(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }
  drop(reason?: string): void {
    this.error = reason ? { message: reason } : null;
    for (const listener of this.disconnectListeners) listener(this);
  }
  /** Answers `hello` so the client is connected. */
  greet(): void {
    const hello = this.sent.find((message) => message.method === "hello");
    if (hello) this.reply({ id: hello.id, ok: true, result: { protocol: 1, version: "1.0.0", store: "file:/v" } });
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("NativePortClient", () => {
  let ports: FakePort[];
  let now: number;
  let client: NativePortClient;

  beforeEach(() => {
    ports = [];
    now = 1_000;
    client = new NativePortClient({
      connect: () => {
        const port = new FakePort();
        ports.push(port);
        return port;
      },
      timeoutMs: 50,
      now: () => now,
    });
  });
  afterEach(() => vi.useRealTimers());

  it("says hello once, then correlates replies by id even out of order", async () => {
    const a = client.request("accounts.list", {});
    const b = client.request("store.status", {});
    await flush();
    const port = ports[0];
    if (!port) throw new Error("no port");
    port.greet();
    await flush();
    const [list, status] = [
      port.sent.find((m) => m.method === "accounts.list"),
      port.sent.find((m) => m.method === "store.status"),
    ];
    port.reply({ id: status?.id, ok: true, result: { spec: "file:/v", ok: true, message: "1 account" } });
    port.reply({ id: list?.id, ok: true, result: { accounts: [] } });
    await expect(a).resolves.toEqual({ accounts: [] });
    await expect(b).resolves.toMatchObject({ ok: true });
    expect(port.sent.filter((m) => m.method === "hello")).toHaveLength(1);
    expect(ports).toHaveLength(1);
  });

  it("turns an error reply into a typed exception", async () => {
    const pending = client.request("accounts.remove", { id: "abc" });
    await flush();
    const port = ports[0] as FakePort;
    port.greet();
    await flush();
    const request = port.sent.find((m) => m.method === "accounts.remove");
    port.reply({ id: request?.id, ok: false, error: { code: "NOT_FOUND", message: "gone" } });
    const error = await pending.catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "NOT_FOUND")).toBe(true);
  });

  it("rejects a reply that does not match the method's schema", async () => {
    const pending = client.request("accounts.list", {});
    await flush();
    const port = ports[0] as FakePort;
    port.greet();
    await flush();
    const request = port.sent.find((m) => m.method === "accounts.list");
    port.reply({ id: request?.id, ok: true, result: { accounts: [{ id: "x", secret: "JBSWY3DPEHPK3PXP" }] } });
    await expect(pending).rejects.toThrow(/does not match the protocol/);
  });

  it("rejects with TIMEOUT when the host does not answer, and closes that port", async () => {
    const error = await client.request("store.status", {}).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "TIMEOUT")).toBe(true);
    now += 300;
    client.request("store.status", {}).catch(() => undefined);
    await flush();
    expect(ports).toHaveLength(2);
  });

  it("rejects every pending request when the port drops, and says the host is missing", async () => {
    const a = client.request("accounts.list", {});
    const b = client.request("codes.get", {});
    await flush();
    (ports[0] as FakePort).drop("Specified native messaging host not found.");
    for (const pending of [a, b]) {
      const error = await pending.catch((caught: unknown) => caught);
      expect(isTwofoldError(error, "HOST_MISSING")).toBe(true);
      expect((error as Error).message).toContain("twofold install");
    }
  });

  it("backs off after a failure, then reconnects; reset() retries at once", async () => {
    const first = client.request("accounts.list", {});
    await flush();
    (ports[0] as FakePort).drop("Native host has exited.");
    expect(isTwofoldError(await first.catch((e: unknown) => e), "HOST_DISCONNECTED")).toBe(true);
    // Within the backoff the client fails fast without spawning another host.
    const fast = await client.request("accounts.list", {}).catch((e: unknown) => e);
    expect(isTwofoldError(fast, "HOST_DISCONNECTED")).toBe(true);
    expect(ports).toHaveLength(1);
    now += 300;
    const later = client.request("accounts.list", {});
    await flush();
    expect(ports).toHaveLength(2);
    (ports[1] as FakePort).greet();
    await flush();
    const request = (ports[1] as FakePort).sent.find((m) => m.method === "accounts.list");
    (ports[1] as FakePort).reply({ id: request?.id, ok: true, result: { accounts: [] } });
    await expect(later).resolves.toEqual({ accounts: [] });
    (ports[1] as FakePort).drop();
    client.reset();
    client.request("accounts.list", {}).catch(() => undefined);
    await flush();
    expect(ports).toHaveLength(3);
  });
});
