import Foundation

/// What Swift reads of a stored record (the JSON that the `keychain` and `icloud` stores write,
/// src/otp/account.ts): its secret and how codes are made. The rest is TypeScript's business.
struct CodeSettings: Decodable {
    struct Otp: Decodable {
        let kind: String
        let algorithm: String
        let digits: Int
        let period: Int
        let counter: UInt64
    }

    let secret: String
    let otp: Otp
}

/// The code of the stored record `value` at `nowMs` (Unix ms) and the one after it, with the
/// counter they are for: the stored counter for HOTP, else the time step (RFC 6238 §4: Unix
/// time / period). Nil when the record makes no code.
func codes(of value: String, nowMs: Int64) -> (counter: UInt64, code: String, next: String)? {
    guard let record = try? JSONDecoder().decode(CodeSettings.self, from: Data(value.utf8)),
        let key = base32Decode(record.secret), !key.isEmpty, record.otp.period > 0, nowMs >= 0,
        ["totp", "hotp", "steam"].contains(record.otp.kind)
    else { return nil }
    // Seconds first, then steps: the same floor, and no period can overflow it.
    let counter = record.otp.kind == "hotp" ? record.otp.counter : UInt64(nowMs / 1000 / Int64(record.otp.period))
    let steam = record.otp.kind == "steam"
    let otp = record.otp
    guard counter < UInt64.max,
        let code = oneTimeCode(key: key, counter: counter, algorithm: otp.algorithm, digits: otp.digits, steam: steam),
        let next = oneTimeCode(key: key, counter: counter + 1, algorithm: otp.algorithm, digits: otp.digits, steam: steam)
    else { return nil }
    return (counter, code, next)
}

/// `value` without its secret, for a caller that must never see one; "" when it is not a JSON object.
func withoutSecret(_ value: String) -> String {
    guard var object = jsonObject(value) else { return "" }
    object["secret"] = nil
    return json(object) ?? ""
}

/// `value` with the secret of `stored` when it has none of its own: how a caller that never sees
/// secrets replaces a record. Nil when either is not a JSON object, or `stored` holds no secret.
func keepingSecret(_ value: String, of stored: String) -> String? {
    guard var object = jsonObject(value) else { return nil }
    if object["secret"] != nil { return value }
    guard let secret = jsonObject(stored)?["secret"] else { return nil }
    object["secret"] = secret
    return json(object)
}

func jsonObject(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}

func json(_ object: Any) -> String? {
    let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return nil }
    return String(data: data, encoding: .utf8)
}
