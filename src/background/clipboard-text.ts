/**
 * Clipboard access from a document without focus (an offscreen document or a
 * Firefox background page), where `navigator.clipboard` is refused: the old
 * `execCommand` route, which the clipboardRead/clipboardWrite permissions allow.
 */
export function readClipboard(doc: Document): string {
  const area = doc.createElement("textarea");
  doc.body.append(area);
  area.focus();
  doc.execCommand("paste");
  const text = area.value;
  area.remove();
  return text;
}

export function clearClipboard(doc: Document): void {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData("text/plain", "");
    event.preventDefault();
  };
  doc.addEventListener("copy", onCopy);
  doc.execCommand("copy");
  doc.removeEventListener("copy", onCopy);
}

/** Clears the clipboard if it still holds `code`. */
export function clearIfEquals(doc: Document, code: string): void {
  if (readClipboard(doc) === code) clearClipboard(doc);
}
