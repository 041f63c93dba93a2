import { beforeAll, describe, expect, it, vi } from "vitest";
import { collectFieldFacts } from "../../src/content/field-facts";
import { OTP_THRESHOLD, scoreFacts } from "../../src/content/judge-field";
import { otpKeywords } from "../../src/content/otp-keywords";

/**
 * Just enough of an `<input>` inside a page for field-facts.ts, without a
 * DOM: `around` is the text of its parent, `page` that of the body above it,
 * and every read of either is counted.
 */
function fakeField(attributes: Record<string, string>, around: string, page = "x".repeat(5000)) {
  const reads = { count: 0 };
  const container = (text: string, parentElement: unknown) => ({
    get textContent() {
      reads.count += 1;
      return text;
    },
    parentElement,
    matches: () => false,
    getAttribute: () => null,
    getRootNode: () => ({}),
  });
  const body = container(page, null);
  const parent = container(around, body);
  const input = {
    name: attributes.name ?? "",
    id: attributes.id ?? "",
    placeholder: attributes.placeholder ?? "",
    title: "",
    className: "",
    maxLength: Number(attributes.maxlength ?? -1),
    inputMode: attributes.inputmode ?? "",
    pattern: "",
    labels: [],
    parentElement: parent,
    getAttribute: (name: string) => attributes[name] ?? null,
    getRootNode: () => ({ getElementById: () => null }),
  };
  return { input: input as unknown as HTMLInputElement, reads };
}

describe("collectFieldFacts", () => {
  // The walk up to a dialog or form crosses shadow roots; these fake fields sit in none.
  beforeAll(() => {
    vi.stubGlobal("ShadowRoot", class {});
    return () => vi.unstubAllGlobals();
  });

  // An ordinary field is judged by its own words; reading the text around it means
  // reading the page's body, which a pointer crossing a shop's quantity fields must not pay.
  it.each<[string, boolean, number, Record<string, string>, string]>([
    ["a quantity field", false, 0, { name: "qty0", placeholder: "Quantity" }, "item 0"],
    ["a field named otp (the card-page check reads them)", true, 2, { name: "otp", maxlength: "6" }, "sign in"],
    ["autocomplete=one-time-code", true, 0, { autocomplete: "one-time-code" }, ""],
    [
      "a bare 'Code' next to 'authenticator app'",
      true,
      2,
      { name: "code", maxlength: "6" },
      "enter the code from your authenticator app",
    ],
    ["a bare 'Code' with nothing around it", false, 2, { name: "code", maxlength: "6" }, "sign in"],
  ])("%s: a code field %s, its surroundings read %i times", (_name, isCode, reads, attributes, around) => {
    const field = fakeField(attributes, around);
    expect(scoreFacts(collectFieldFacts(field.input, "/login")) >= OTP_THRESHOLD).toBe(isCode);
    // The field's parent, then the body, whose length ends the walk up.
    expect(field.reads.count).toBe(reads);
  });

  it.each<[string, Record<string, string>, string]>([
    ["upper-case words", { name: "OTP", placeholder: "ONE-TIME CODE" }, "/login"],
    ["a mixed-case two-step path", { name: "code", inputmode: "numeric", maxlength: "6" }, "/Sessions/Two-Factor"],
    ["upper-case Greek words", { placeholder: "ΚΩΔΙΚΌΣ ΕΠΑΛΉΘΕΥΣΗΣ" }, "/"],
    ["upper-case German words", { placeholder: "BESTÄTIGUNGSCODE" }, "/"],
  ])("recognises %s as a code field (the keywords match lower-cased text)", (_name, attributes, path) => {
    const facts = collectFieldFacts(fakeField(attributes, "").input, path);
    expect(scoreFacts(facts)).toBeGreaterThanOrEqual(OTP_THRESHOLD);
  });
});

describe("otpKeywords", () => {
  // Case-insensitive Unicode alternations this size take V8 milliseconds to compile on
  // their first match; the text is lower-cased before matching, so they need no `i`.
  it.each(Object.entries(otpKeywords()))("%s is lower-case and case-sensitive", (_name, pattern) => {
    expect(pattern.flags).not.toContain("i");
    // Letters outside escapes (\b, \d, \s…) are all lower-case.
    expect(pattern.source.replace(/\\./g, "")).toBe(pattern.source.replace(/\\./g, "").toLowerCase());
  });
});
