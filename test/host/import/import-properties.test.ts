import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ImportInput } from "../../../native-host/import/import-types";
import { IMPORTERS } from "../../../native-host/import/importers";
import { isTwofoldError } from "../../../src/protocol/twofold-error";

const input = (bytes: Buffer): ImportInput => {
  let text: string | null;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  return { bytes, text, password: "pw" };
};

/** Inputs that look a little like each format, so parsers get past their first check. */
const hostile = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 300 }).map((text) => Buffer.from(text)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value))),
  fc
    .record({ version: fc.integer(), header: fc.jsonValue(), db: fc.oneof(fc.string(), fc.jsonValue()) })
    .map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .record({ services: fc.array(fc.jsonValue(), { maxLength: 3 }), schemaVersion: fc.integer() })
    .map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .record({ encrypted: fc.boolean(), items: fc.array(fc.jsonValue(), { maxLength: 3 }) })
    .map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .array(fc.record({ secret: fc.string(), type: fc.string(), digits: fc.jsonValue() }), { maxLength: 3 })
    .map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .base64String({ maxLength: 200 })
    .map((data) => Buffer.from(`otpauth-migration://offline?data=${encodeURIComponent(data)}`)),
  fc
    .array(fc.string({ maxLength: 30 }), { maxLength: 8 })
    .map((cells) => Buffer.from(`Title,URL,Username,Password,Notes,OTPAuth\n${cells.join(",")}`)),
  fc
    .uint8Array({ maxLength: 200 })
    .map((bytes) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(bytes)])),
  fc
    .uint8Array({ maxLength: 200 })
    .map((bytes) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(bytes)])),
);

describe("properties: importers", () => {
  it.each(IMPORTERS.map((importer) => [importer.format, importer] as const))(
    "%s never crashes: it detects without throwing and parses or fails with a typed error",
    async (_format, importer) => {
      await fc.assert(
        fc.asyncProperty(hostile, async (bytes) => {
          const value = input(bytes);
          importer.detect(value);
          try {
            const result = await importer.parse(value);
            expect(Array.isArray(result.entries) && Array.isArray(result.invalid)).toBe(true);
          } catch (error) {
            expect(isTwofoldError(error), String(error)).toBe(true);
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});
