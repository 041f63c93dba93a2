import CryptoKit
import Foundation

/// RFC 4648 base32 without padding, upper case (how Twofold stores secrets); nil for anything else.
func base32Decode(_ text: String) -> Data? {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    var output = Data()
    var buffer: UInt32 = 0
    var bits = 0
    for character in text.utf8 {
        guard let value = alphabet.firstIndex(of: character) else { return nil }
        buffer = buffer << 5 | UInt32(value)
        bits += 5
        if bits >= 8 {
            bits -= 8
            output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
        }
    }
    return output
}

/// The HOTP value of `key` at `counter` (RFC 4226 §5.3: dynamic truncation of the HMAC) as
/// `digits` decimal digits, or for Steam Guard as five characters of Steam's alphabet from an
/// HMAC-SHA1. Nil for settings that make no code.
func oneTimeCode(key: Data, counter: UInt64, algorithm: String, digits: Int, steam: Bool) -> String? {
    let message = withUnsafeBytes(of: counter.bigEndian) { Data($0) }
    let secret = SymmetricKey(data: key)
    let mac: [UInt8]
    switch steam ? "SHA1" : algorithm {
    case "SHA1": mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: secret))
    case "SHA256": mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: secret))
    case "SHA512": mac = Array(HMAC<SHA512>.authenticationCode(for: message, using: secret))
    default: return nil
    }
    let offset = Int(mac[mac.count - 1] & 0x0F)
    var value = mac[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } & 0x7FFF_FFFF
    if steam {
        let alphabet = Array("23456789BCDFGHJKMNPQRTVWXY")
        var code = ""
        for _ in 0..<5 {
            code.append(alphabet[Int(value % 26)])
            value /= 26
        }
        return code
    }
    // RFC 4226 §5.3: 6 to 8 digits.
    guard (6...8).contains(digits) else { return nil }
    let text = String(value % (0..<digits).reduce(UInt32(1)) { product, _ in product * 10 })
    return String(repeating: "0", count: digits - text.count) + text
}
