import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { methods } from "../../src/protocol/methods";
import { HostProcess } from "../support/host-process";

const LIMIT = 4096;
const FRAMES = 10_000;
const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const ACME = `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME&digits=8`;

let dir: string;
let host: HostProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-fuzz-"));
  host = new HostProcess(`file:${join(dir, "vault.json")}`, { TWOFOLD_MAX_REQUEST_BYTES: String(LIMIT) });
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const header = (length: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(length);
  return bytes;
};
const frame = (body: Buffer) => Buffer.concat([header(body.length), body]);

/** Valid requests, then mutated: bytes flipped, cut short, or fields swapped for junk. */
function junkFrames(seed: number): Buffer[] {
  const methodNames = [...Object.keys(methods), "secrets.dump", "", "__proto__"];
  const request = fc.record({
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.jsonValue()),
    method: fc.oneof(fc.constantFrom(...methodNames), fc.string({ maxLength: 20 })),
    params: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ uri: fc.string(), id: fc.string(), url: fc.string(), accountIds: fc.array(fc.string()) }),
    ),
  });
  const body = fc.oneof(
    request.map((value) => Buffer.from(JSON.stringify(value))),
    fc.tuple(request, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([value, at, byte]) => {
      const bytes = Buffer.from(JSON.stringify(value));
      if (bytes.length > 0) bytes[at % bytes.length] = byte;
      return bytes;
    }),
    fc.tuple(request, fc.nat()).map(([value, cut]) => {
      const bytes = Buffer.from(JSON.stringify(value));
      return bytes.subarray(0, cut % (bytes.length + 1));
    }),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue({ maxDepth: 5 }).map((value) => Buffer.from(JSON.stringify(value))),
  );
  const frames = fc
    .sample(body, { numRuns: FRAMES, seed })
    .map((bytes) => (bytes.length > LIMIT ? bytes.subarray(0, LIMIT) : bytes));
  // Every 500th frame announces more than the limit; its body follows and must be skipped.
  return frames.map((bytes, index) =>
    index % 500 === 0
      ? Buffer.concat([header(LIMIT + 10 + index), Buffer.alloc(LIMIT + 10 + index, 0x41)])
      : frame(bytes),
  );
}

function rssKiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

describe("the host under 10,000 random and mutated frames", () => {
  it("answers every one, never crashes, stays small, and still answers correctly afterwards", async () => {
    const { account } = await host.call<{ account: { id: string } }>("accounts.add", {
      uri: ACME,
      domains: ["acme.example"],
    });
    const before = rssKiB(host.child.pid);
    const frames = junkFrames(42);
    let replies = 0;
    for (let start = 0; start < frames.length; start += 200) {
      host.writeRaw(Buffer.concat(frames.slice(start, start + 200)));
      for (let index = start; index < Math.min(start + 200, frames.length); index++) {
        const reply = await host.next(20_000);
        expect(typeof reply.ok).toBe("boolean");
        if (!reply.ok) expect(reply.error?.message.length).toBeGreaterThan(0);
        replies += 1;
      }
    }
    expect(replies).toBe(FRAMES);
    expect(host.child.exitCode).toBeNull();
    // Bounded memory: the junk may not accumulate (64 MiB of headroom over the start).
    expect(rssKiB(host.child.pid) - before).toBeLessThan(64 * 1024);

    const [code] = (
      await host.call<{ codes: { code: string; validFrom: number }[] }>("codes.get", { accountIds: [account.id] })
    ).codes;
    expect(code?.code).toBe(generateCode(parseOtpUri(ACME).params, code?.validFrom).code);
    const { matches } = await host.call<{ matches: unknown[] }>("codes.forUrl", { url: "https://acme.example/" });
    expect(matches).toHaveLength(1);
    expect(Buffer.concat(host.stdout).toString("utf8")).not.toContain(SECRET);
  }, 120_000);
});
