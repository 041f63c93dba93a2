/** Everything a page says about a field, lower-cased, for keyword matching. */
export function fieldText(input: HTMLInputElement): string {
  const parts = [
    input.name,
    input.id,
    input.placeholder,
    input.getAttribute("aria-label"),
    input.title,
    input.className,
    input.getAttribute("data-testid"),
    input.getAttribute("formcontrolname"),
    input.getAttribute("autocomplete"),
    labelText(input),
    describedBy(input),
  ];
  return parts.filter(Boolean).join(" ").toLowerCase();
}

/** Text of the labels that name `input`: `<label for>`, a wrapping label, aria-labelledby. */
export function labelText(input: HTMLInputElement): string {
  const texts: string[] = [];
  for (const label of Array.from(input.labels ?? [])) texts.push(label.textContent ?? "");
  const root = input.getRootNode() as Document | ShadowRoot;
  for (const id of (input.getAttribute("aria-labelledby") ?? "").split(/\s+/)) {
    if (id) texts.push(root.getElementById?.(id)?.textContent ?? "");
  }
  return texts.join(" ").slice(0, 500);
}

function describedBy(input: HTMLInputElement): string {
  const root = input.getRootNode() as Document | ShadowRoot;
  return (input.getAttribute("aria-describedby") ?? "")
    .split(/\s+/)
    .map((id) => (id ? (root.getElementById?.(id)?.textContent ?? "") : ""))
    .join(" ")
    .slice(0, 300);
}

/** Containers with more text than this are the page, not the field's surroundings. */
const CONTEXT_CHARS = 600;

/**
 * The text around a field: that of its largest ancestor (up to five levels)
 * still short enough to be the field's own form or panel — where a 2FA page
 * says "Enter the code from your authenticator app".
 */
export function contextText(element: Element): string {
  let context = "";
  let node: Element | null = element.parentElement;
  for (let depth = 0; node && depth < 5; depth++, node = node.parentElement) {
    const text = node.textContent ?? "";
    if (text.length > CONTEXT_CHARS) break;
    context = text;
  }
  return context.toLowerCase();
}
