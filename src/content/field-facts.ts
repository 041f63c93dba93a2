/**
 * Everything the detector reads from the page about one field, collected
 * once into plain data, so judging it (judge-field.ts) is a pure function
 * that table tests can exercise without a browser.
 */
export interface FieldFacts {
  /** The `type` attribute, lower-cased; "" when absent. */
  type: string;
  /** The `autocomplete` attribute, lower-cased. */
  autocomplete: string;
  /** `name` and `id`, lower-cased: what the page's code calls the field. */
  machineName: string;
  /** The field's own words: name, id, placeholder, aria-label, title, class, test ids, labels, description. */
  words: string;
  /** `maxlength`, or -1 when absent. */
  maxLength: number;
  inputMode: string;
  pattern: string;
  /** Text around the field: its largest ancestor (up to five levels) that is still the field's own panel. */
  context: string;
  /** The heading of the nearest dialog or form around the field (X puts "Enter your verification code" there). */
  heading: string;
  /** The page's path, lower-cased: 2FA steps live at /two-factor, /mfa, /challenge… */
  path: string;
}

/**
 * Collects the {@link FieldFacts} of `input`, lower-cased. The field's
 * surroundings (`context`, `heading`) are read when the judge first asks for
 * them: it does only when the field's own words leave it undecided, and
 * reading them walks up to the page's body — on a page of thousands of
 * elements, about a millisecond for each ordinary field the pointer crosses.
 */
export function collectFieldFacts(input: HTMLInputElement, path: string): FieldFacts {
  let context: string | undefined;
  let heading: string | undefined;
  return {
    type: (input.getAttribute("type") ?? "").toLowerCase(),
    autocomplete: (input.getAttribute("autocomplete") ?? "").toLowerCase(),
    machineName: `${input.name} ${input.id}`.toLowerCase(),
    words: fieldText(input),
    maxLength: input.maxLength,
    inputMode: input.inputMode.toLowerCase(),
    pattern: input.pattern,
    get context() {
      context ??= contextText(input);
      return context;
    },
    get heading() {
      heading ??= headingText(input);
      return heading;
    },
    path: path.toLowerCase(),
  };
}

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
    idrefText(input, "aria-describedby", 300),
  ];
  return parts.filter(Boolean).join(" ").toLowerCase();
}

/** Text of the labels that name `input`: `<label for>`, a wrapping label, aria-labelledby. */
export function labelText(input: HTMLInputElement): string {
  const texts: string[] = [];
  for (const label of Array.from(input.labels ?? [])) texts.push(label.textContent ?? "");
  texts.push(idrefText(input, "aria-labelledby", 500));
  return texts.join(" ").slice(0, 500);
}

function idrefText(element: Element, attribute: string, limit: number): string {
  const ids = element.getAttribute(attribute);
  // Most fields have none: skip the root lookup and the split (a first regex match costs a page).
  if (!ids) return "";
  const root = element.getRootNode() as Document | ShadowRoot;
  return ids
    .split(/\s+/)
    .map((id) => (id ? (root.getElementById?.(id)?.textContent ?? "") : ""))
    .join(" ")
    .slice(0, limit);
}

/** Containers with more text than this are the page, not the field's surroundings. */
const CONTEXT_CHARS = 600;
/** A heading longer than this is body text. */
const HEADING_CHARS = 200;

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

/**
 * The heading of the nearest dialog or form around `element` (crossing
 * shadow roots): its `aria-labelledby`/`aria-label`, else its first heading
 * or legend. Dialogs in single-page apps sit deep in the tree, beyond the
 * reach of {@link contextText}.
 */
export function headingText(element: Element): string {
  for (let node = parentAcross(element); node; node = parentAcross(node)) {
    if (!node.matches("dialog, [role=dialog], [role=alertdialog], [aria-modal=true], form, fieldset")) continue;
    const named = idrefText(node, "aria-labelledby", HEADING_CHARS) || (node.getAttribute("aria-label") ?? "");
    const heading = named || node.querySelector("h1, h2, h3, h4, [role=heading], legend")?.textContent || "";
    if (heading.trim() !== "") return heading.replace(/\s+/g, " ").trim().slice(0, HEADING_CHARS).toLowerCase();
  }
  return "";
}

/** The parent element, or the shadow host when `node` is at the top of a shadow root. */
export function parentAcross(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}
