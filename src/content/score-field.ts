import { contextText, fieldText } from "./field-text";
import { otpKeywords } from "./otp-keywords";

/** A score at or above this makes a single field an OTP field. */
export const OTP_THRESHOLD = 6;
export const CERTAIN = 100;

const TEXT_TYPES = new Set(["text", "tel", "number", "password", ""]);
/** autocomplete tokens that say the field is for something else. */
const OTHER_AUTOCOMPLETE =
  /\b(?:cc-|tel|email|username|current-password|new-password|postal-code|street-address|address-|name|given-name|family-name|bday|organization|country|transaction-)/;

/** Whether an input can hold a typed code at all. */
export function isTextLike(input: HTMLInputElement): boolean {
  return TEXT_TYPES.has(input.getAttribute("type")?.toLowerCase() ?? "") && !input.disabled && !input.readOnly;
}

/**
 * How strongly `input` looks like a one-time-code field: `autocomplete=
 * one-time-code` is certain; otherwise the field's own words, its shape
 * (length, numeric keyboard) and its surroundings add up, and the deny list
 * (coupon, card, phone, search…) pulls down.
 */
export function scoreField(input: HTMLInputElement, path: string): number {
  const autocomplete = (input.getAttribute("autocomplete") ?? "").toLowerCase();
  if (autocomplete.includes("one-time-code")) return CERTAIN;
  if (OTHER_AUTOCOMPLETE.test(autocomplete)) return -CERTAIN;
  const { OTP_STRONG, OTP_STRONG_ALL, OTP_WEAK, NOT_OTP, NOT_OTP_CONTEXT, OTP_PATH } = otpKeywords();
  const text = fieldText(input);
  let score = 0;
  const strong = OTP_STRONG.test(text);
  if (strong) score += 6;
  else if (OTP_WEAK.test(text)) score += 2;
  // "Card security code" is a CVC: judge what is left once the OTP words are gone.
  if (NOT_OTP.test(text.replace(OTP_STRONG_ALL, " "))) score -= 10;
  const maxLength = input.maxLength;
  if (maxLength >= 5 && maxLength <= 8) score += 2;
  else if (maxLength > 0 && maxLength < 4) score -= 4;
  if (input.inputMode === "numeric" || input.type === "tel" || input.type === "number") score += 1;
  if (/\\d|\[0-9\]/.test(input.pattern)) score += 1;
  if (score > 0 && score < OTP_THRESHOLD) {
    const context = contextText(input);
    if (OTP_STRONG.test(context)) score += 3;
    if (NOT_OTP_CONTEXT.test(context)) score -= 6;
    if (OTP_PATH.test(path)) score += 2;
  } else if (score >= OTP_THRESHOLD && NOT_OTP_CONTEXT.test(contextText(input)) && !strongMachineName(input)) {
    score -= 6;
  }
  return score;
}

/** A name or id that can only mean a one-time code (`totpPin`, `app_otp`), whatever the page says around it. */
function strongMachineName(input: HTMLInputElement): boolean {
  return otpKeywords().OTP_STRONG.test(`${input.name} ${input.id}`.toLowerCase());
}
