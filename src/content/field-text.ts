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

/**
 * Headings and short text near the field: the nearest few ancestors' own
 * headings and legends (a 2FA form says so above the field).
 */
export function contextText(element: Element): string {
  const texts: string[] = [];
  let node: Element | null = element.parentElement;
  for (let depth = 0; node && depth < 6; depth++, node = node.parentElement) {
    for (const heading of Array.from(
      node.querySelectorAll(
        ":scope > h1, :scope > h2, :scope > h3, :scope > legend, :scope > p, :scope > label, :scope > div > h1, :scope > div > h2, :scope > header",
      ),
    )) {
      texts.push(heading.textContent ?? "");
      if (texts.join(" ").length > 600) break;
    }
  }
  return texts.join(" ").toLowerCase().slice(0, 800);
}
