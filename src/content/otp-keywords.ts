/**
 * Words that mark a field as a one-time-code field, or as something else.
 * Matched against text the detector has lower-cased already (field-facts.ts),
 * so the patterns are lower-case and case-sensitive: V8 compiles a pattern
 * on its first match, and with the `i` flag these Unicode alternations took
 * 5–20 ms to compile — paid by the first text field a pointer crossed, on any
 * page of a bound site (issue #15). Without it they take about a tenth of that.
 * Kept as a few regular expressions, built on first use.
 */
function build() {
  /** Strong evidence: the field asks for a two-factor code. */
  const OTP_STRONG = new RegExp(
    [
      "one[-_ ]?time[-_ ]?(?:code|pass(?:word|code)?|pin)",
      "\\botp\\b|otp[-_]|[-_]otp|otpcode|totp|\\bmfa|mfa[-_]|2fa|twofa|two[-_ ]?factor|2[-_ ]?step|two[-_ ]?step|second[-_ ]?factor",
      // Keyword lists of other password managers: `2fpin` (two-factor PIN), `idvpin` (identity-verification PIN).
      "2fpin|idvpin",
      "authenticator|authentication[-_ ]?code|\\botc\\b|_otc\\b|auth[-_ ]?code|verification[-_ ]?code|verify[-_ ]?code|security[-_ ]?code|login[-_ ]?code|sign[-_ ]?in[-_ ]?code|confirmation[-_ ]?code|access[-_ ]?code|passcode|approvals?[-_]code|steam ?guard|twofactorcode|6[-_ ]?digit|digit code",
      // de, fr, es/pt, it, nl, pl, sv/da/no, fi, cs, ro, hu, tr, vi, id
      "bestätigungscode|sicherheitscode|verifizierungscode|einmalcode|authentifizierungscode|anmeldecode",
      "code de (?:vérification|sécurité|confirmation|connexion)|code à usage unique",
      "código de (?:verificación|seguridad|confirmación|autenticación|acceso|verificação|segurança|autenticação)",
      "codice (?:di verifica|di sicurezza|otp)|verificatiecode|beveiligingscode|kod (?:weryfikacyjny|bezpieczeństwa|uwierzytelniający)",
      "verifieringskod|säkerhetskod|bekræftelseskode|sikkerhedskode|bekreftelseskode|engangskode|vahvistuskoodi|turvakoodi",
      "ověřovací kód|bezpečnostní kód|cod de verificare|ellenőrző kód|biztonsági kód|doğrulama kodu|güvenlik kodu|mã xác (?:minh|thực)|kode verifikasi",
      // ru/uk, el, he, ar, hi, th, zh, ja, ko
      "код подтверждения|код проверки|одноразовый код|код безпеки|код підтвердження|κωδικός επαλήθευσης|קוד אימות|رمز التحقق|رمز الأمان|सत्यापन कोड|รหัสยืนยัน|รหัส otp",
      "验证码|驗證碼|动态码|動態碼|安全码|認証コード|確認コード|ワンタイム|セキュリティコード|인증 ?코드|인증번호|보안 ?코드|일회용",
    ].join("|"),
    "u",
  );

  /** {@link OTP_STRONG} for removing every match, to judge what else a text says. */
  const OTP_STRONG_ALL = new RegExp(OTP_STRONG.source, "gu");

  /** Weak evidence: a code of some kind. */
  const OTP_WEAK =
    /\bcode\b|\bcódigo\b|\bcodice\b|\bkod\b|\bcode[-_]|[-_]code\b|token|\bpin\b|digits|verif|confirm|challenge/u;

  /** The field is for something else; these outweigh everything but `one-time-code`. */
  const NOT_OTP = new RegExp(
    [
      "coupon|promo|voucher|gift[-_ ]?card|discount|referral|invite",
      "\\bzip|postal|post[-_ ]?code|postleitzahl|\\bplz\\b|código postal|code postal",
      "\\bcard\\b|card[-_ ]?(?:number|num|no)|\\bcc[-_]|cc[-_]?(?:num|number|csc|exp)|cvc|cvv|\\bcsc\\b|kreditkarte|tarjeta|carte bancaire",
      "phone|mobile number|tel[-_ ]?(?:no|num)|telefon|teléfono|téléphone|\\bsearch|\\bsuche|buscar|rechercher|\\bquery\\b|captcha|characters you see",
      "user[-_ ]?name|\\blogin[-_ ]?(?:id|name)\\b|e-?mail|\\bpasswor[dt]|\\bpasswd|\\bkennwort|contraseña|mot de passe",
      "recovery|backup[-_ ]?code|scratch[-_ ]?code|emergency code|wiederherstellung",
      "quantity|\\bqty\\b|amount|price|\\bdate\\b|\\bbirth|\\bday\\b|\\bmonth\\b|\\byear\\b|\\bage\\b|address|street|\\bcity\\b|\\bname\\b|first[-_ ]?name|last[-_ ]?name|company|\\bvat\\b|iban|account[-_ ]?number|routing",
    ].join("|"),
    "u",
  );

  /** Surroundings that make a "security code" a card's, not a login's. */
  const NOT_OTP_CONTEXT = /payment|billing|checkout|credit card|debit card|shipping|zahlung|pago|paiement/u;

  /** URL paths of two-factor steps. */
  const OTP_PATH =
    /two[-_]?factor|2fa|\/mfa|\/otp|\/totp|verify|verification|challenge|checkpoint|second[-_]?step|\/tfa|signin\/v2\/challenge|\/login\/code|guard/u;
  return { OTP_STRONG, OTP_STRONG_ALL, OTP_WEAK, NOT_OTP, NOT_OTP_CONTEXT, OTP_PATH };
}

let built: ReturnType<typeof build> | undefined;

/** The keyword patterns, built the first time a field is judged. */
export function otpKeywords(): ReturnType<typeof build> {
  built ??= build();
  return built;
}
