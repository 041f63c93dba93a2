import { collectFieldFacts, contextText, fieldText, headingText } from "./field-facts";
import { CERTAIN, isOtpGroup, MAX_BOXES, MIN_BOXES, OTP_THRESHOLD, scoreFacts } from "./judge-field";

/** A place to put a code: one field, or a row of one-character boxes. */
export type OtpTarget = { kind: "single"; input: HTMLInputElement } | { kind: "split"; inputs: HTMLInputElement[] };

const TEXT_TYPES = new Set(["text", "tel", "number", "password", ""]);

/** Whether an input can hold a typed code at all. */
export function isTextLike(input: HTMLInputElement): boolean {
  return TEXT_TYPES.has(input.getAttribute("type")?.toLowerCase() ?? "") && !input.disabled && !input.readOnly;
}

/** The OTP target that `input` belongs to, or `null` if it is not one. */
export function targetFor(input: HTMLInputElement, path: string): OtpTarget | null {
  if (!isTextLike(input)) return null;
  if (input.maxLength === 1) {
    const group = splitGroup(input);
    return group !== null && isOtpGroup(groupFacts(group, path)) ? { kind: "split", inputs: group } : null;
  }
  return scoreFacts(collectFieldFacts(input, path)) >= OTP_THRESHOLD ? { kind: "single", input } : null;
}

/**
 * Every OTP target under `root`, descending into open shadow roots, best
 * first. Used by the keyboard command and the popup's Fill button; the focus
 * path uses {@link targetFor} on the one field the user chose.
 */
export function findTargets(root: Document | ShadowRoot, path: string): OtpTarget[] {
  const scored: { target: OtpTarget; score: number }[] = [];
  const seen = new Set<HTMLInputElement>();
  for (const input of allInputs(root)) {
    if (seen.has(input)) continue;
    const target = targetFor(input, path);
    if (target === null) continue;
    if (target.kind === "split") for (const box of target.inputs) seen.add(box);
    scored.push({
      target,
      score: target.kind === "split" ? CERTAIN / 2 : scoreFacts(collectFieldFacts(target.input, path)),
    });
  }
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.target);
}

/** Inputs under `root`, including inside open shadow roots. */
export function* allInputs(root: Document | ShadowRoot | Element): Generator<HTMLInputElement> {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.currentNode as Element | null; node; node = walker.nextNode() as Element | null) {
    if (node instanceof HTMLInputElement) yield node;
    if (node.shadowRoot) yield* allInputs(node.shadowRoot);
  }
}

/**
 * The row of one-character boxes around `input`: its siblings-in-layout that
 * are also one-character text inputs, found under the nearest ancestor (up to
 * three levels) that holds 4–8 of them — which covers 3+3 layouts with a
 * separator between two wrappers.
 */
export function splitGroup(input: HTMLInputElement): HTMLInputElement[] | null {
  let container: Element | null = input.parentElement;
  for (let depth = 0; container && depth < 3; depth++, container = container.parentElement) {
    const boxes = Array.from(container.querySelectorAll("input")).filter(
      (box) => box.maxLength === 1 && isTextLike(box),
    );
    const others = Array.from(container.querySelectorAll("input")).filter(
      (box) => box.maxLength !== 1 && isTextLike(box) && box.type !== "hidden",
    );
    if (boxes.length >= MIN_BOXES && boxes.length <= MAX_BOXES && others.length === 0) return boxes;
    if (boxes.length > MAX_BOXES || others.length > 0) return null;
  }
  return null;
}

function groupFacts(boxes: HTMLInputElement[], path: string) {
  const first = boxes[0] as HTMLInputElement;
  return {
    count: boxes.length,
    words: boxes.map(fieldText).join(" "),
    context: contextText(first.parentElement ?? first),
    heading: headingText(first),
    path: path.toLowerCase(),
    inputMode: first.inputMode.toLowerCase(),
    type: (first.getAttribute("type") ?? "").toLowerCase(),
  };
}
