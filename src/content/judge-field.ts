import type { FieldFacts } from "./field-facts";
import { otpKeywords } from "./otp-keywords";

/** A score at or above this makes a single field an OTP field. */
export const OTP_THRESHOLD = 6;
export const CERTAIN = 100;

/** autocomplete tokens that say the field is for something else. */
const OTHER_AUTOCOMPLETE =
  /\b(?:cc-|tel|email|username|current-password|new-password|postal-code|street-address|address-|name|given-name|family-name|bday|organization|country|transaction-)/;

/** Row counts a split code field may have. */
export const MIN_BOXES = 4;
export const MAX_BOXES = 8;

/**
 * How strongly a field looks like a one-time-code field. `autocomplete=
 * one-time-code` is certain; otherwise the field's own words, its shape and
 * its surroundings add up, and the deny list (coupon, card, phone,
 * search…) pulls down. A bare "code", "pin" or "token" is not enough on
 * its own: a tool that fills without asking must not fill a coupon or an
 * invitation code; the page must also say it is a two-step page.
 */
export function scoreFacts(facts: FieldFacts): number {
  if (facts.autocomplete.includes("one-time-code")) return CERTAIN;
  if (OTHER_AUTOCOMPLETE.test(facts.autocomplete)) return -CERTAIN;
  const { OTP_STRONG, OTP_STRONG_ALL, OTP_WEAK, NOT_OTP, NOT_OTP_CONTEXT, OTP_PATH } = otpKeywords();
  const strong = OTP_STRONG.test(facts.words);
  // A masked field is a password unless it names itself a one-time code
  // (Hetzner's `<input type=password name=otp>`, banks that hide the code):
  // then it is filled; on weaker evidence it is left alone.
  if (facts.type === "password" && !strong) return -CERTAIN;
  let score = 0;
  // The field's own words are the best evidence: strong alone reaches the threshold.
  if (strong) score += 6;
  // "code", "pin", "token": a code of some kind, maybe not a login's.
  else if (OTP_WEAK.test(facts.words)) score += 2;
  // "Card security code" is a CVC: judge what is left once the OTP words are gone
  // (words without any have nothing to remove, and skip compiling the removing pattern).
  if (NOT_OTP.test(strong ? facts.words.replace(OTP_STRONG_ALL, " ") : facts.words)) score -= 10;
  // TOTP codes are 6–8 digits (Steam's are 5); a 1–3 character field is something else.
  if (facts.maxLength >= 5 && facts.maxLength <= 8) score += 2;
  else if (facts.maxLength > 0 && facts.maxLength < 4) score -= 4;
  // A numeric keyboard is what code fields ask for, but so do phone and amount fields: small.
  if (facts.inputMode === "numeric" || facts.type === "tel" || facts.type === "number") score += 1;
  if (/\\d|\[0-9/.test(facts.pattern)) score += 1;
  if (score > 0 && score < OTP_THRESHOLD) {
    // Weak own evidence, strong surroundings: "Enter the code from your authenticator app" next to a plain "Code".
    if (OTP_STRONG.test(facts.context)) score += 3;
    // The dialog or form heading names the step (X: "Enter your verification code"); below the field's own words.
    if (OTP_STRONG.test(facts.heading)) score += 4;
    if (NOT_OTP_CONTEXT.test(facts.context)) score -= 6;
    // The URL of a two-step page.
    if (OTP_PATH.test(facts.path)) score += 2;
  } else if (score >= OTP_THRESHOLD && NOT_OTP_CONTEXT.test(facts.context) && !OTP_STRONG.test(facts.machineName)) {
    // "Security code" on a checkout page is the card's, unless the page's own code calls it `totpPin`.
    score -= 6;
  }
  return score;
}

/** What the detector knows about a row of one-character boxes; its text lower-cased, as in {@link FieldFacts}. */
export interface GroupFacts {
  /** How many boxes. */
  count: number;
  /** The boxes' own words, joined. */
  words: string;
  /** The first box's surroundings and dialog/form heading. */
  context: string;
  heading: string;
  path: string;
  /** The first box's shape. */
  inputMode: string;
  type: string;
}

/** Whether a row of boxes asks for a code (and not a PIN, a date or card digits). */
export function isOtpGroup(group: GroupFacts): boolean {
  if (group.count < MIN_BOXES || group.count > MAX_BOXES) return false;
  const { NOT_OTP, OTP_PATH, OTP_STRONG, OTP_STRONG_ALL } = otpKeywords();
  if (group.words.includes("one-time-code")) return true;
  if (NOT_OTP.test(group.words.replace(OTP_STRONG_ALL, " "))) return false;
  if (OTP_STRONG.test(group.words)) return true;
  const evidence = OTP_STRONG.test(group.context) || OTP_STRONG.test(group.heading) || OTP_PATH.test(group.path);
  // Six boxes is what a code looks like; other counts need the page to say so.
  return group.count === 6
    ? evidence || group.inputMode === "numeric" || group.type === "tel" || group.type === "number"
    : evidence;
}
