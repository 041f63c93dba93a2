/** UTF-8 text of binary input, or `null` when it is not text (an image). */
export function decodeText(bytes: Buffer): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
