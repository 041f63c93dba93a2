/**
 * Everything `stream` yields, or `null` as soon as it passes `limit` bytes
 * (the rest is not read into memory).
 */
export async function readStream(
  stream: NodeJS.ReadableStream,
  limit = Number.POSITIVE_INFINITY,
): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    length += bytes.length;
    if (length > limit) return null;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
