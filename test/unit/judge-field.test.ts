import { describe, expect, it } from "vitest";
import type { FieldFacts } from "../../src/content/field-facts";
import { type GroupFacts, isOtpGroup, OTP_THRESHOLD, scoreFacts } from "../../src/content/judge-field";

/** A plain text field on a page that says nothing; each case adds what it is about. */
const facts = (over: Partial<FieldFacts>): FieldFacts => ({
  type: "text",
  autocomplete: "",
  machineName: "",
  words: "",
  maxLength: -1,
  inputMode: "",
  pattern: "",
  context: "",
  heading: "",
  path: "/",
  ...over,
});
/** A field whose words are `words` (as name/label/placeholder text would give). */
const named = (words: string, over: Partial<FieldFacts> = {}) => facts({ words, machineName: words, ...over });

const TWO_STEP_CONTEXT = "enter the 6-digit code from your authenticator app";

describe("scoreFacts: is this a one-time-code field?", () => {
  it.each<[string, FieldFacts, boolean]>([
    // autocomplete decides first
    ["autocomplete=one-time-code", facts({ autocomplete: "one-time-code" }), true],
    ["autocomplete=one-time-code beats a coupon name", named("coupon", { autocomplete: "one-time-code" }), true],
    ["autocomplete=username", named("otp", { autocomplete: "username" }), false],
    ["autocomplete=cc-csc", named("security code", { autocomplete: "cc-csc" }), false],
    ["autocomplete=tel", named("verification code", { autocomplete: "tel" }), false],
    ["autocomplete=postal-code", named("code", { autocomplete: "postal-code" }), false],
    // the field's own words: English machine names and labels
    ["name=otp", named("otp"), true],
    ["name=app_otp", named("app_otp"), true],
    ["name=totp", named("totp"), true],
    ["id=totpPin", named("totppin"), true],
    ["name=mfaCode", named("mfacode"), true],
    ["name=mfa_code", named("mfa_code"), true],
    ["name=2fa", named("2fa"), true],
    ["name=twofa (peer keyword list)", named("twofa"), true],
    ["name=twoFactorCode", named("twofactorcode"), true],
    ["name=2fpin (peer keyword list)", named("2fpin"), true],
    ["name=idvpin (peer keyword list)", named("idvpin"), true],
    ["name=otc (Microsoft)", named("otc"), true],
    ["name=approvals_code (Facebook)", named("approvals_code"), true],
    ["label 'Authentication code'", named("authentication code"), true],
    ["label 'Verification code'", named("verification code"), true],
    ["label 'Security code' on a login page", named("security code"), true],
    ["label 'One-time password'", named("one-time password"), true],
    ["label 'Two-factor code'", named("two-factor code"), true],
    ["placeholder '6-digit code'", named("6-digit code"), true],
    ["label 'Authenticator app code'", named("authenticator app code"), true],
    ["label 'Steam Guard code'", named("steam guard code"), true],
    ["label 'Passcode'", named("passcode"), true],
    // other languages
    ["de: Bestätigungscode", named("bestätigungscode"), true],
    ["fr: code de vérification", named("code de vérification"), true],
    ["es: código de verificación", named("código de verificación"), true],
    ["pt: código de verificação", named("código de verificação"), true],
    ["it: codice di verifica", named("codice di verifica"), true],
    ["nl: verificatiecode", named("verificatiecode"), true],
    ["pl: kod weryfikacyjny", named("kod weryfikacyjny"), true],
    ["sv: verifieringskod", named("verifieringskod"), true],
    ["tr: doğrulama kodu", named("doğrulama kodu"), true],
    ["ru: код подтверждения", named("код подтверждения"), true],
    ["ja: 認証コード", named("認証コード"), true],
    ["zh: 验证码", named("验证码"), true],
    ["ko: 인증번호", named("인증번호"), true],
    // the deny list
    ["coupon code", named("coupon code"), false],
    ["promo code", named("promo code"), false],
    ["gift card code", named("gift card code"), false],
    ["zip code", named("zip code"), false],
    ["postal code", named("postal code"), false],
    ["card security code (CVC)", named("card security code"), false],
    ["cvv", named("cvv", { maxLength: 4 }), false],
    ["phone number", named("phone number"), false],
    ["search", named("search", { type: "text" }), false],
    ["captcha", named("captcha code"), false],
    ["recovery code", named("recovery code"), false],
    ["backup code", named("backup code"), false],
    ["invite code", named("invite code"), false],
    ["referral code", named("referral code"), false],
    // masked fields: filled only when they name themselves a one-time code
    ["type=password named otp (Hetzner)", named("otp one-time password", { type: "password" }), true],
    ["type=password named code, two-step page", named("code", { type: "password", context: TWO_STEP_CONTEXT }), false],
    ["type=password, a password", named("password", { type: "password" }), false],
    // bare ambiguous words: left alone on a plain page, filled on a two-step page
    ["bare 'code' on a sign-in page", named("code"), false],
    ["bare 'pin'", named("pin"), false],
    ["bare 'token'", named("token"), false],
    ["bare 'challenge'", named("challenge"), false],
    // A two-step page: it says so around the field, and the field is code-shaped.
    ["bare 'code' on a two-step page", named("code", { context: TWO_STEP_CONTEXT, maxLength: 6 }), true],
    ["bare 'pin' on a two-step page", named("pin", { context: TWO_STEP_CONTEXT, maxLength: 6 }), true],
    ["bare 'token' on a two-step page", named("token", { context: TWO_STEP_CONTEXT, maxLength: 8 }), true],
    ["bare 'code' with two-step words around it but any length", named("code", { context: TWO_STEP_CONTEXT }), false],
    [
      "bare 'challenge' on a /two-factor path, numeric, 6 long",
      named("challenge", { path: "/sessions/two-factor", inputMode: "numeric", maxLength: 6 }),
      true,
    ],
    [
      "bare 'code' on a /2fa path, numeric, 6 long",
      named("code", { path: "/2fa", inputMode: "numeric", maxLength: 6 }),
      true,
    ],
    ["bare 'code' on a /2fa path, any length", named("code", { path: "/2fa" }), false],
    // the heading of the dialog or form around the field (X's sign-in flow)
    [
      "wrapping label 'Enter code' under the dialog heading 'Enter your verification code'",
      named("enter code", { machineName: "text", heading: "enter your verification code" }),
      true,
    ],
    ["label 'Enter code' under an unrelated heading", named("enter code", { heading: "sign in to x" }), false],
    ["no words, heading only", facts({ heading: "enter your verification code" }), false],
    // shape
    [
      "digits pattern written [0-9 ]* with weak words and context",
      named("code", { pattern: "[0-9 ]*", context: "enter the code we sent" }),
      false,
    ],
    [
      "digits pattern [0-9 ]* makes a bare code, 6 long, numeric on a verify path",
      named("code", { pattern: "[0-9 ]*", maxLength: 6, inputMode: "numeric", path: "/verify" }),
      true,
    ],
    ["strong words but maxlength 2", named("otp", { maxLength: 2 }), false],
    // context that makes a 'security code' a card's
    [
      "security code on a checkout page",
      named("security code", { machineName: "field3", context: "payment details credit card" }),
      false,
    ],
    [
      "totpPin on a page that mentions billing",
      named("totppin", { context: "billing settings, enter your authenticator code" }),
      true,
    ],
  ])("%s → %s", (_name, field, expected) => {
    expect(scoreFacts(field) >= OTP_THRESHOLD).toBe(expected);
  });
});

const group = (over: Partial<GroupFacts>): GroupFacts => ({
  count: 6,
  words: "",
  context: "",
  heading: "",
  path: "/",
  inputMode: "",
  type: "text",
  ...over,
});

describe("isOtpGroup: is this row of one-character boxes a code?", () => {
  it.each<[string, GroupFacts, boolean]>([
    ["six numeric boxes", group({ inputMode: "numeric" }), true],
    ["six tel boxes", group({ type: "tel" }), true],
    ["six plain boxes, no evidence", group({}), false],
    ["six boxes with one-time-code", group({ words: "one-time-code" }), true],
    ["four boxes on a /two-factor path", group({ count: 4, path: "/two-factor" }), true],
    ["four boxes, no evidence (a PIN)", group({ count: 4, inputMode: "numeric" }), false],
    ["eight boxes with 'verification code' context", group({ count: 8, context: "enter the verification code" }), true],
    [
      "eight boxes under a 'Two-factor authentication' heading",
      group({ count: 8, heading: "two-factor authentication" }),
      true,
    ],
    ["nine boxes", group({ count: 9, words: "otp" }), false],
    ["three boxes", group({ count: 3, words: "otp" }), false],
    ["six boxes for a card number", group({ words: "card number", inputMode: "numeric" }), false],
    ["six boxes for a date of birth", group({ words: "date of birth", inputMode: "numeric" }), false],
  ])("%s → %s", (_name, facts, expected) => {
    expect(isOtpGroup(facts)).toBe(expected);
  });
});
