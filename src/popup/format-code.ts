/** "123456" → "123 456", "12345678" → "1234 5678": codes are read in halves. */
export function formatCode(code: string): string {
  if (code.length < 6) return code;
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}
