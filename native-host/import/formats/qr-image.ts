import { decode as decodeJpeg } from "jpeg-js";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import type { Importer, ImportParse } from "../import-types";
import { googleMigration } from "./google-migration";
import { otpauthList } from "./otpauth-list";

/** Larger images are refused before decoding: 50 MP is already 200 MB of pixels. */
export const MAX_IMAGE_PIXELS = 50_000_000;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

interface Pixels {
  width: number;
  height: number;
  /** RGBA, 8 bits a channel. */
  data: Uint8Array;
}

/**
 * A screenshot or photo of a QR code: an `otpauth://` account, or one batch
 * of a Google Authenticator export (`otpauth-migration://`). PNG and JPEG are
 * decoded in pure JavaScript (pngjs, jpeg-js) and the code read with jsQR.
 */
export const qrImage: Importer = {
  format: "qr-image",
  name: "QR code image",
  detect: (input) => isPng(input.bytes) || isJpeg(input.bytes),
  async parse(input) {
    const pixels = isPng(input.bytes) ? readPng(input.bytes) : isJpeg(input.bytes) ? readJpeg(input.bytes) : null;
    if (pixels === null) throw imageError("it is neither a PNG nor a JPEG image");
    const code = jsQR(
      new Uint8ClampedArray(pixels.data.buffer, pixels.data.byteOffset, pixels.data.length),
      pixels.width,
      pixels.height,
    );
    if (code === null) {
      throw new TwofoldError(
        "IMPORT_INVALID",
        "No QR code found in the image. Crop the image to the QR code, or take a sharper screenshot, and try again.",
      );
    }
    const text = code.data.trim();
    const inner = { bytes: Buffer.from(text), text };
    let parsed: ImportParse;
    if (/^otpauth-migration:/i.test(text)) parsed = await googleMigration.parse(inner);
    else if (/^(otpauth|steam):/i.test(text)) parsed = await otpauthList.parse(inner);
    else {
      throw new TwofoldError(
        "IMPORT_INVALID",
        "The QR code in the image is not a two-factor code: it holds neither an otpauth:// nor an otpauth-migration:// URI.",
      );
    }
    const where = (position: string) => `QR code (${position})`;
    return {
      entries: parsed.entries.map((entry) => ({ ...entry, position: where(entry.position) })),
      invalid: parsed.invalid.map((problem) => ({ ...problem, position: where(problem.position) })),
    };
  },
};

function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC);
}

function isJpeg(bytes: Buffer): boolean {
  return bytes.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC);
}

function readPng(bytes: Buffer): Pixels {
  // IHDR is always the first chunk: its width and height sit at bytes 16–23.
  if (bytes.length < 33 || bytes.toString("latin1", 12, 16) !== "IHDR") {
    throw imageError("the PNG is cut short or damaged");
  }
  checkSize(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
  try {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: png.data };
  } catch {
    throw imageError("the PNG is cut short or damaged");
  }
}

function readJpeg(bytes: Buffer): Pixels {
  try {
    const jpeg = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
      maxMemoryUsageInMB: 1024,
    });
    checkSize(jpeg.width, jpeg.height);
    return jpeg;
  } catch (error) {
    if (error instanceof TwofoldError) throw error;
    const tooBig = error instanceof Error && /maxResolutionInMP|maxMemoryUsageInMB/.test(error.message);
    throw tooBig ? tooLarge() : imageError("the JPEG is cut short or damaged");
  }
}

function checkSize(width: number, height: number): void {
  if (width === 0 || height === 0) throw imageError("the image has no pixels");
  if (width * height > MAX_IMAGE_PIXELS) throw tooLarge();
}

function tooLarge(): TwofoldError {
  return new TwofoldError(
    "TOO_LARGE",
    `The image is larger than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels. Crop it to the QR code and try again.`,
  );
}

function imageError(why: string): TwofoldError {
  return new TwofoldError("IMPORT_INVALID", `This image cannot be read: ${why}. Take a new screenshot of the QR code.`);
}
