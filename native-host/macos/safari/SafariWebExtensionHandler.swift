// Twofold's Safari app extension handler.
//
// In Safari, `browser.runtime.sendNativeMessage` does not start a stdio host:
// Safari hands the message to this handler inside the containing app's
// extension, and the handler's one reply resolves the promise
// (docs/architecture.md, "Safari"; Apple, "Messaging between the app and JavaScript in a Safari web
// extension"). The extension's client is src/background/safari-host-client.ts.
//
// Protocol: the same as the host's (src/protocol/methods.ts). A request
// `{id, method, params}` gets `{id, ok: true, result}` or
// `{id, ok: false, error: {code, message}}`, with error codes from
// src/protocol/error-codes.ts. Methods: hello, accounts.list, codes.get,
// codes.forUrl, accounts.setPinned, accounts.setDomains, accounts.remember,
// hotp.advance and store.status. Anything else is UNKNOWN_METHOD. Adding
// accounts and importing stay with the `twofold` command line, whose
// `icloud` store writes the same items.
//
// Items: the iCloud keychain items of native-host/macos/KeychainHelper —
// generic passwords, synchronizable, in the data protection keychain, in the
// access group `<TeamID>.dev.twofold.shared`, service `dev.twofold.account`,
// account = the record id, data = the AccountRecord as UTF-8 JSON
// (src/otp/account.ts). Secrets never leave this file: replies are built
// from the summary and code types below, which have no secret field.
//
// Codes are computed as src/otp/generate-code.ts does (RFC 4226 / 6238 with
// CryptoKit; Steam Guard's alphabet), and pages are matched to bindings as
// src/domains/match-bindings.ts and page-host.ts do.
//
// Written without a Mac: nothing here has been compiled. See README.md.

import CryptoKit
import Foundation
import SafariServices
import Security

let protocolVersion = 1
let handlerVersion = "0.1.0"
let storeSpec = "icloud"
let itemService = "dev.twofold.account"
let accessGroupSuffix = ".dev.twofold.shared"
/// Paged replies stop adding items at this many bytes (src/protocol/version.ts PAGE_BYTES).
let pageBytes = 512 * 1024

// MARK: - Safari entry point

final class SafariWebExtensionHandler: NSObject, NSExtensionRequestHandling {
    func beginRequest(with context: NSExtensionContext) {
        let item = context.inputItems.first as? NSExtensionItem
        let message = item?.userInfo?[SFExtensionMessageKey]
        let reply = TwofoldService().reply(to: message)
        let response = NSExtensionItem()
        response.userInfo = [SFExtensionMessageKey: reply]
        context.completeRequest(returningItems: [response], completionHandler: nil)
    }
}

// MARK: - Protocol types

/// A request id: an integer, or a string of at most 64 characters (src/protocol/envelope.ts).
enum RequestID: Codable, Equatable {
    case number(Int64)
    case text(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
            return
        }
        let text = try container.decode(String.self)
        guard text.count <= 64 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "id longer than 64 characters")
        }
        self = .text(text)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }
}

/// An error as it travels in a reply; `code` is one of src/protocol/error-codes.ts.
struct ProtocolError: Error, Encodable {
    let code: String
    let message: String

    static func badRequest(_ message: String) -> ProtocolError { ProtocolError(code: "BAD_REQUEST", message: message) }
    static func notFound(_ id: String) -> ProtocolError {
        ProtocolError(code: "NOT_FOUND", message: "No account has id \(id); it may have been removed meanwhile.")
    }
    static func corrupt(_ id: String) -> ProtocolError {
        ProtocolError(
            code: "STORE_CORRUPT",
            message: "The iCloud keychain item of account \(id) does not hold a Twofold account. Remove it with `twofold remove \(id) --store icloud`, then try again.")
    }
}

/// Encodes any result without knowing its type.
struct AnyEncodable: Encodable {
    private let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}

struct Reply: Encodable {
    let id: RequestID?
    let result: AnyEncodable?
    let error: ProtocolError?

    enum CodingKeys: String, CodingKey { case id, ok, result, error }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // A request too broken to have an id is answered with id null.
        if let id = id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
        if let error = error {
            try container.encode(false, forKey: .ok)
            try container.encode(error, forKey: .error)
        } else {
            try container.encode(true, forKey: .ok)
            try container.encode(result ?? AnyEncodable([String: String]()), forKey: .result)
        }
    }
}

struct RequestHead: Decodable {
    let id: RequestID?
    let method: String?
}

/// Decodes `params` of one method; absent params mean `{}`.
struct ParamsEnvelope<P: Decodable>: Decodable {
    let params: P?
}

struct HelloParams: Decodable {
    let protocolVersion: Int
    enum CodingKeys: String, CodingKey { case protocolVersion = "protocol" }
}

struct CursorParams: Decodable { let cursor: String? }
struct CodesGetParams: Decodable {
    let accountIds: [String]?
    let at: Int64?
    let cursor: String?
}
struct ForUrlParams: Decodable {
    let url: String
    let at: Int64?
}
struct SetPinnedParams: Decodable {
    let id: String
    let pinned: Bool
}
struct SetDomainsParams: Decodable {
    let id: String
    let domains: [DomainBinding]
}
struct RememberParams: Decodable {
    let id: String
    let url: String
}
struct IdParams: Decodable { let id: String }
struct NoParams: Decodable {}

// MARK: - Accounts

struct DomainBinding: Codable, Equatable {
    let host: String
    let source: String
}

struct OtpSettings: Decodable {
    let kind: String
    let algorithm: String
    let digits: Int
    let period: Int
    let counter: Int64
}

/// A stored account (src/otp/account.ts AccountRecord). Only ever decoded from the keychain.
struct AccountRecord: Decodable {
    let id: String
    let issuer: String
    let label: String
    let domains: [DomainBinding]
    let pinned: Bool
    let otp: OtpSettings
    let secret: String
    let addedAt: Int64

    var summary: AccountSummary {
        AccountSummary(
            id: id, issuer: issuer, label: label, domains: domains, pinned: pinned,
            kind: otp.kind, digits: otp.digits, period: otp.period)
    }

    /// "ACME (alice)", as src/otp/account.ts displayName writes it.
    var displayName: String {
        if !issuer.isEmpty && !label.isEmpty { return "\(issuer) (\(label))" }
        return !issuer.isEmpty ? issuer : (!label.isEmpty ? label : "(unnamed)")
    }

    /// The checks of the AccountRecord schema; a record failing them is not used.
    var isValid: Bool {
        isAccountId(id)
            && issuer.count <= 256 && label.count <= 256
            && domains.count <= 256 && domains.allSatisfy(isValidBinding)
            && ["totp", "hotp", "steam"].contains(otp.kind)
            && ["SHA1", "SHA256", "SHA512"].contains(otp.algorithm)
            && (5...8).contains(otp.digits)
            && (1...86_400).contains(otp.period)
            && otp.counter >= 0
            && isBase32Secret(secret)
            && addedAt >= 0
    }
}

/// What the extension may know about an account: everything but the secret.
struct AccountSummary: Encodable {
    let id: String
    let issuer: String
    let label: String
    let domains: [DomainBinding]
    let pinned: Bool
    let kind: String
    let digits: Int
    let period: Int
}

/// A finished code (src/protocol/methods.ts Code). HOTP codes have no window: null, not absent.
struct Code: Encodable {
    let accountId: String
    let code: String
    let period: Int?
    let validFrom: Int64?
    let validUntil: Int64?
    let next: String

    enum CodingKeys: String, CodingKey { case accountId, code, period, validFrom, validUntil, next }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accountId, forKey: .accountId)
        try container.encode(code, forKey: .code)
        try encodeOrNull(period, forKey: .period, in: &container)
        try encodeOrNull(validFrom, forKey: .validFrom, in: &container)
        try encodeOrNull(validUntil, forKey: .validUntil, in: &container)
        try container.encode(next, forKey: .next)
    }
}

func encodeOrNull<T: Encodable, K: CodingKey>(_ value: T?, forKey key: K, in container: inout KeyedEncodingContainer<K>) throws {
    if let value = value { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
}

struct UrlMatch: Encodable {
    let account: AccountSummary
    let code: Code
    let binding: DomainBinding
    let specificity: Int
}

struct HelloResult: Encodable {
    let protocolVersion: Int
    let version: String
    let store: String
    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol"
        case version, store
    }
}
struct AccountsPage: Encodable {
    let accounts: [AccountSummary]
    let cursor: String?
}
struct CodesPage: Encodable {
    let codes: [Code]
    let cursor: String?
}
struct MatchesResult: Encodable { let matches: [UrlMatch] }
struct AccountResult: Encodable { let account: AccountSummary }
struct CodeResult: Encodable { let code: Code }
struct StoreStatus: Encodable {
    let spec: String
    let ok: Bool
    let message: String
}

func isAccountId(_ id: String) -> Bool {
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    return (1...64).contains(id.count) && id.allSatisfy { allowed.contains($0) }
}

func isValidBinding(_ binding: DomainBinding) -> Bool {
    let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
    return (1...253).contains(binding.host.count) && binding.host.allSatisfy { allowed.contains($0) }
        && ["user", "import", "issuer", "remembered"].contains(binding.source)
}

func isBase32Secret(_ secret: String) -> Bool {
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    return (8...1024).contains(secret.count) && secret.allSatisfy { allowed.contains($0) }
}

/// Pinned first, then by issuer and label (native-host/accounts/account-service.ts sortAccounts).
func accountOrder(_ a: AccountSummary, _ b: AccountSummary) -> Bool {
    if a.pinned != b.pinned { return a.pinned }
    return compareNames(a, b) == .orderedAscending
}

func compareNames(_ a: AccountSummary, _ b: AccountSummary) -> ComparisonResult {
    let byIssuer = a.issuer.localizedCompare(b.issuer)
    return byIssuer != .orderedSame ? byIssuer : a.label.localizedCompare(b.label)
}

/// One page of `items` from `cursor`, as many as fit in `pageBytes` of JSON (at least one),
/// as native-host/host/paginate.ts does; the cursor is the index of the next item.
func paginate<T: Encodable>(_ items: [T], cursor: String?) throws -> (page: [T], cursor: String?) {
    var index = 0
    if let cursor = cursor {
        guard cursor.count <= 64, let start = Int(cursor), start >= 0 else {
            throw ProtocolError.badRequest("Invalid cursor \"\(cursor.prefix(64))\".")
        }
        index = start
    }
    let encoder = JSONEncoder()
    var page: [T] = []
    var bytes = 0
    while index < items.count {
        let size = try encoder.encode(items[index]).count + 1
        if !page.isEmpty && bytes + size > pageBytes { break }
        page.append(items[index])
        bytes += size
        index += 1
    }
    return (page, index < items.count ? String(index) : nil)
}

// MARK: - Codes

/// RFC 4648 base32 without padding, upper case (the Base32Secret schema); nil for anything else.
func base32Decode(_ text: String) -> Data? {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    var values = [UInt8: UInt32]()
    for (index, character) in alphabet.enumerated() { values[character] = UInt32(index) }
    var output = Data()
    var buffer: UInt32 = 0
    var bits = 0
    for character in text.utf8 {
        guard let value = values[character] else { return nil }
        buffer = (buffer << 5) | value
        bits += 5
        if bits >= 8 {
            bits -= 8
            output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            buffer &= (UInt32(1) << UInt32(bits)) - 1
        }
    }
    return output
}

func hmac(_ algorithm: String, key: Data, counter: Int64) -> [UInt8] {
    let message = withUnsafeBytes(of: UInt64(counter).bigEndian) { Data($0) }
    let symmetricKey = SymmetricKey(data: key)
    switch algorithm {
    case "SHA256": return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetricKey))
    case "SHA512": return Array(HMAC<SHA512>.authenticationCode(for: message, using: symmetricKey))
    default: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: symmetricKey))
    }
}

/// RFC 4226 §5.3 dynamic truncation: 31 bits from the offset the last nibble names.
func dynamicTruncation(_ digest: [UInt8]) -> UInt32 {
    let offset = Int(digest[digest.count - 1] & 0x0F)
    return (UInt32(digest[offset] & 0x7F) << 24) | (UInt32(digest[offset + 1]) << 16)
        | (UInt32(digest[offset + 2]) << 8) | UInt32(digest[offset + 3])
}

/// A decimal HOTP value of `digits` digits, zero-padded.
func hotp(key: Data, counter: Int64, digits: Int, algorithm: String) -> String {
    var modulus: UInt32 = 1
    for _ in 0..<digits { modulus *= 10 }
    let text = String(dynamicTruncation(hmac(algorithm, key: key, counter: counter)) % modulus)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}

/// Steam Guard: the truncated HMAC-SHA1 as five characters of Steam's alphabet.
func steam(key: Data, counter: Int64) -> String {
    let alphabet = Array("23456789BCDFGHJKMNPQRTVWXY")
    var value = dynamicTruncation(hmac("SHA1", key: key, counter: counter))
    var code = ""
    for _ in 0..<5 {
        code.append(alphabet[Int(value % UInt32(alphabet.count))])
        value /= UInt32(alphabet.count)
    }
    return code
}

/// The code of `record` at `at` (Unix ms) and the one after it (src/otp/generate-code.ts).
func codeOf(_ record: AccountRecord, at: Int64) throws -> Code {
    guard let key = base32Decode(record.secret), !key.isEmpty else { throw ProtocolError.corrupt(record.id) }
    let otp = record.otp
    if otp.kind == "hotp" {
        return Code(
            accountId: record.id,
            code: hotp(key: key, counter: otp.counter, digits: otp.digits, algorithm: otp.algorithm),
            period: nil, validFrom: nil, validUntil: nil,
            next: hotp(key: key, counter: otp.counter + 1, digits: otp.digits, algorithm: otp.algorithm))
    }
    let periodMs = Int64(otp.period) * 1000
    let validFrom = (at / periodMs) * periodMs
    let validUntil = validFrom + periodMs
    func codeAt(_ timestamp: Int64) -> String {
        let counter = timestamp / periodMs
        return otp.kind == "steam"
            ? steam(key: key, counter: counter)
            : hotp(key: key, counter: counter, digits: otp.digits, algorithm: otp.algorithm)
    }
    return Code(
        accountId: record.id, code: codeAt(validFrom), period: otp.period,
        validFrom: validFrom, validUntil: validUntil, next: codeAt(validUntil))
}

func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

// MARK: - Domains

let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "[::1]"]

func isLoopback(_ host: String) -> Bool { loopbackHosts.contains(host) || host.hasSuffix(".localhost") }

/// The host of a page that may receive codes, or nil: https, or http on the
/// loopback host (src/domains/page-host.ts fillableHost). Where Foundation's
/// parser and the WHATWG one the extension uses could disagree (non-ASCII
/// hosts, unusual IPv4 forms), the page gets nothing.
func fillableHost(_ url: String) -> String? {
    guard url.count <= 8192, let components = URLComponents(string: url),
        let scheme = components.scheme?.lowercased(), var host = components.host?.lowercased()
    else { return nil }
    if host.hasSuffix(".") { host.removeLast() }
    // WHATWG writes an IPv6 host in brackets; Foundation may not.
    if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
    guard !host.isEmpty, host.unicodeScalars.allSatisfy({ $0.isASCII }), !host.contains("%") else { return nil }
    if scheme == "https" { return host }
    if scheme == "http" && isLoopback(host) { return host }
    return nil
}

/// The closest binding that covers `host`: the host itself or a host below it
/// (src/domains/match-bindings.ts). Specificity is the binding's label count.
func matchBindings(_ bindings: [DomainBinding], host: String) -> (binding: DomainBinding, specificity: Int)? {
    var best: (binding: DomainBinding, specificity: Int)?
    for binding in bindings {
        guard host == binding.host || host.hasSuffix(".\(binding.host)") else { continue }
        let specificity = binding.host.split(separator: ".", omittingEmptySubsequences: false).count
        if best == nil || specificity > (best?.specificity ?? 0) { best = (binding, specificity) }
    }
    return best
}

/// The public suffix list, as tldts uses it with private domains
/// (public_suffix_rules.json, written by convert.sh from public-suffix-rules.mjs).
struct PublicSuffixList {
    let rules: Set<String>
    let wildcards: Set<String>
    let exceptions: Set<String>

    static let bundled: PublicSuffixList? = {
        guard let url = Bundle.main.url(forResource: "public_suffix_rules", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let list = try? JSONDecoder().decode([String].self, from: data), list.count > 1000
        else { return nil }
        var rules = Set<String>(), wildcards = Set<String>(), exceptions = Set<String>()
        for rule in list {
            if rule.hasPrefix("!") {
                exceptions.insert(String(rule.dropFirst()))
            } else if rule.hasPrefix("*.") {
                wildcards.insert(String(rule.dropFirst(2)))
            } else {
                rules.insert(rule)
            }
        }
        return PublicSuffixList(rules: rules, wildcards: wildcards, exceptions: exceptions)
    }()

    /// The number of labels in `host`'s public suffix, by the list's algorithm
    /// (https://publicsuffix.org/list/): exception rules first, then the
    /// longest match, else the last label.
    func suffixLabels(_ labels: [Substring]) -> Int {
        for start in 0..<labels.count {
            let candidate = labels[start...].joined(separator: ".")
            if exceptions.contains(candidate) { return labels.count - start - 1 }
            if rules.contains(candidate) { return labels.count - start }
            if start + 1 < labels.count && wildcards.contains(labels[(start + 1)...].joined(separator: ".")) {
                return labels.count - start
            }
        }
        return 1
    }

    /// The registrable domain of `host`, or nil when it has none (a suffix, an IP address).
    func registrableDomain(_ host: String) -> String? {
        if isIPAddress(host) { return nil }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let suffix = suffixLabels(labels)
        guard labels.count > suffix else { return nil }
        return labels[(labels.count - suffix - 1)...].joined(separator: ".")
    }

    /// True when `host` is itself a public suffix such as `com` or `github.io`.
    func isPublicSuffix(_ host: String) -> Bool {
        if isIPAddress(host) { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return suffixLabels(labels) >= labels.count
    }
}

func isIPAddress(_ host: String) -> Bool {
    if host.hasPrefix("[") { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts.allSatisfy { part in part.count <= 3 && !part.isEmpty && part.allSatisfy(\.isNumber) }
}

func publicSuffixList() throws -> PublicSuffixList {
    guard let list = PublicSuffixList.bundled else {
        throw ProtocolError(
            code: "INTERNAL",
            message: "This build of the Twofold app lacks its public suffix list (public_suffix_rules.json), so it cannot bind sites. Rebuild it with native-host/macos/safari/convert.sh.")
    }
    return list
}

/// Sites that give each customer a subdomain without being on the public
/// suffix list (src/domains/page-host.ts MULTI_TENANT_SITES); keep in step.
let multiTenantSites: Set<String> = [
    "okta.com", "oktapreview.com", "okta-emea.com", "auth0.com", "onelogin.com", "atlassian.net",
    "zendesk.com", "salesforce.com", "force.com", "awsapps.com", "duosecurity.com", "jumpcloud.com",
    "pingone.com", "slack.com", "service-now.com", "workday.com", "myworkday.com", "sharepoint.com",
    "freshdesk.com", "gitlab.io", "b2clogin.com", "ciamlogin.com",
]

/// The binding "remember this site" stores for `host` (page-host.ts rememberableHost).
func rememberableHost(_ host: String, list: PublicSuffixList) -> String {
    let site = list.registrableDomain(host) ?? host
    return multiTenantSites.contains(site) ? host : site
}

/// Checks a host before it is bound (src/domains/normalize-binding-host.ts).
/// Hosts arrive as the DomainBinding schema's lower-case ASCII.
func normalizeBindingHost(_ input: String, list: PublicSuffixList) throws -> String {
    var host = input
    if host.hasSuffix(".") { host.removeLast() }
    func invalid(_ why: String) -> ProtocolError {
        ProtocolError(code: "INVALID_DOMAIN", message: "\"\(input.prefix(253))\" cannot be bound to an account: \(why).")
    }
    let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
    guard !host.isEmpty, host.count <= 253, host.allSatisfy({ allowed.contains($0) }), !host.contains("..") else {
        throw invalid("it is not a host name")
    }
    if isLoopback(host) { return host }
    guard host.contains(".") else { throw invalid("it has no domain part (e.g. example.com)") }
    if list.isPublicSuffix(host) {
        throw invalid("\(host) is a public suffix shared by many sites; name one site, such as example.\(host)")
    }
    return host
}

func dedupeBindings(_ bindings: [DomainBinding]) -> [DomainBinding] {
    var seen = Set<String>()
    return bindings.filter { seen.insert($0.host).inserted }
}

// MARK: - Keychain

/// The access group this extension is entitled to, from its own signature:
/// `<TeamID>.dev.twofold.shared`, as the keychain helper reads it.
func entitledAccessGroup() throws -> String {
    guard let task = SecTaskCreateFromSelf(nil) else {
        throw ProtocolError(code: "INTERNAL", message: "SecTaskCreateFromSelf failed.")
    }
    let value = SecTaskCopyValueForEntitlement(task, "keychain-access-groups" as CFString, nil)
    guard let group = ((value as? [String]) ?? []).first(where: { $0.hasSuffix(accessGroupSuffix) }) else {
        throw ProtocolError(
            code: "STORE_UNAVAILABLE",
            message: "The Twofold app extension is not signed with a keychain-access-groups entitlement listing <TeamID>\(accessGroupSuffix). Rebuild it as native-host/macos/safari/README.md describes.")
    }
    return group
}

/// An OSStatus as the protocol error a person can act on (as native-host/stores/icloud-store.ts maps them).
func keychainError(_ status: OSStatus, account: String?) -> ProtocolError {
    switch status {
    case errSecItemNotFound:
        return account.map(ProtocolError.notFound) ?? ProtocolError(code: "NOT_FOUND", message: "The iCloud keychain item was not found.")
    case errSecMissingEntitlement:
        return ProtocolError(
            code: "STORE_UNAVAILABLE",
            message: "macOS refused the Twofold app extension (errSecMissingEntitlement, OSStatus -34018): it is not signed with Twofold's keychain-access-groups entitlement, authorised by a provisioning profile. See native-host/macos/safari/README.md.")
    case errSecInteractionNotAllowed:
        return ProtocolError(code: "STORE_LOCKED", message: "Your Mac's keychain is locked. Unlock the Mac, then try again.")
    case errSecUserCanceled:
        return ProtocolError(code: "USER_CANCELLED", message: "The keychain request was cancelled. Try again and allow access when macOS asks.")
    case errSecAuthFailed:
        return ProtocolError(code: "ACCESS_DENIED", message: "macOS denied the Twofold app extension access to the keychain (OSStatus \(status)).")
    case errSecNotAvailable:
        return ProtocolError(
            code: "STORE_UNAVAILABLE",
            message: "The iCloud keychain is not available (OSStatus \(status)). Turn on iCloud Keychain in System Settings → [your name] → iCloud → Passwords, then try again.")
    default:
        let text = (SecCopyErrorMessageString(status, nil) as String?) ?? "OSStatus \(status)"
        return ProtocolError(code: "STORE_UNAVAILABLE", message: "The iCloud keychain failed: \(text). Try again.")
    }
}

struct Keychain {
    let group: String

    /// What every query shares. kSecAttrSynchronizable must be in queries too:
    /// without it, SecItem matches only items that do not sync.
    func base(account: String? = nil) -> [String: Any] {
        var query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: itemService,
            kSecAttrAccessGroup as String: group,
            kSecAttrSynchronizable as String: true,
            kSecUseDataProtectionKeychain as String: true,
        ]
        if let account = account { query[kSecAttrAccount as String] = account }
        return query
    }

    /// Every item as (account, JSON text), in one query where the keychain allows it.
    func items() throws -> [(account: String, value: String)] {
        var query = base()
        query[kSecMatchLimit as String] = kSecMatchLimitAll
        query[kSecReturnAttributes as String] = true
        query[kSecReturnData as String] = true
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        if status == errSecItemNotFound { return [] }
        // Some keychains refuse data with kSecMatchLimitAll (errSecParam): read one by one.
        if status == errSecParam { return try itemsOneByOne() }
        guard status == errSecSuccess else { throw keychainError(status, account: nil) }
        guard let rows = result as? [[String: Any]] else {
            throw ProtocolError(code: "INTERNAL", message: "The keychain answered a list with an unexpected type.")
        }
        return rows.compactMap { row -> (account: String, value: String)? in
            guard let account = row[kSecAttrAccount as String] as? String else { return nil }
            return (account, text(of: row[kSecValueData as String]))
        }
    }

    func itemsOneByOne() throws -> [(account: String, value: String)] {
        var query = base()
        query[kSecMatchLimit as String] = kSecMatchLimitAll
        query[kSecReturnAttributes as String] = true
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        if status == errSecItemNotFound { return [] }
        guard status == errSecSuccess else { throw keychainError(status, account: nil) }
        let rows = (result as? [[String: Any]]) ?? []
        var items: [(account: String, value: String)] = []
        for row in rows {
            guard let account = row[kSecAttrAccount as String] as? String else { continue }
            do {
                items.append((account, try value(account: account)))
            } catch let error as ProtocolError where error.code == "NOT_FOUND" {
                continue  // Deleted between the two queries.
            }
        }
        return items
    }

    func value(account: String) throws -> String {
        var query = base(account: account)
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        query[kSecReturnData as String] = true
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        guard status == errSecSuccess else { throw keychainError(status, account: account) }
        return text(of: result)
    }

    /// Changes an item's data in place, then reads it back so success means the keychain holds it.
    func replace(account: String, value newValue: String) throws {
        let changes: [String: Any] = [kSecValueData as String: Data(newValue.utf8)]
        let status = SecItemUpdate(base(account: account) as CFDictionary, changes as CFDictionary)
        guard status == errSecSuccess else { throw keychainError(status, account: account) }
        guard try value(account: account) == newValue else {
            throw ProtocolError(code: "STORE_UNAVAILABLE", message: "Account \(account) read back differently from what was written. Try again.")
        }
    }
}

/// Item data as text; data that is not UTF-8 becomes "", which fails as a record.
func text(of data: Any?) -> String {
    guard let data = data as? Data else { return "" }
    return String(data: data, encoding: .utf8) ?? ""
}

// MARK: - The service

/// Answers one request. Every failure becomes an error reply; nothing is thrown past `reply(to:)`.
struct TwofoldService {
    /// The reply to one message from the extension, as Foundation objects for `userInfo`.
    func reply(to message: Any?) -> Any {
        let reply = answer(message)
        guard let data = try? JSONEncoder().encode(reply),
            let object = try? JSONSerialization.jsonObject(with: data)
        else {
            let fallback: [String: Any] = [
                "id": NSNull(), "ok": false,
                "error": ["code": "INTERNAL", "message": "The Twofold app could not encode its reply."],
            ]
            return fallback
        }
        return object
    }

    func answer(_ message: Any?) -> Reply {
        guard let message = message, JSONSerialization.isValidJSONObject(message),
            let data = try? JSONSerialization.data(withJSONObject: message),
            let head = try? JSONDecoder().decode(RequestHead.self, from: data), let id = head.id
        else {
            return Reply(id: nil, result: nil, error: .badRequest("Not a Twofold request: expected {id, method, params}."))
        }
        guard let method = head.method, method.count <= 64 else {
            return Reply(id: id, result: nil, error: .badRequest("The request has no method."))
        }
        do {
            return Reply(id: id, result: try run(method, data), error: nil)
        } catch let error as ProtocolError {
            return Reply(id: id, result: nil, error: error)
        } catch {
            return Reply(id: id, result: nil, error: ProtocolError(code: "INTERNAL", message: "The Twofold app hit an unexpected error. Try again."))
        }
    }

    func run(_ method: String, _ data: Data) throws -> AnyEncodable {
        switch method {
        case "hello":
            let params: HelloParams = try decode(method, data)
            guard params.protocolVersion == protocolVersion else {
                throw ProtocolError(
                    code: "UNSUPPORTED_VERSION",
                    message: "This Twofold app speaks protocol \(protocolVersion), the extension \(params.protocolVersion). Update both to the same release.")
            }
            return AnyEncodable(HelloResult(protocolVersion: protocolVersion, version: handlerVersion, store: storeSpec))
        case "accounts.list":
            let params: CursorParams = try decodeOrEmpty(method, data) ?? CursorParams(cursor: nil)
            let accounts = try records().map(\.summary).sorted(by: accountOrder)
            let (page, cursor) = try paginate(accounts, cursor: params.cursor)
            return AnyEncodable(AccountsPage(accounts: page, cursor: cursor))
        case "codes.get":
            let params: CodesGetParams = try decodeOrEmpty(method, data) ?? CodesGetParams(accountIds: nil, at: nil, cursor: nil)
            if let ids = params.accountIds {
                guard ids.count <= 10_000, ids.allSatisfy(isAccountId) else { throw invalid(method, "accountIds") }
            }
            let at = try timestamp(params.at, method)
            let wanted = params.accountIds.map { Set($0) }
            let codes = try records().filter { wanted?.contains($0.id) ?? true }.map { try codeOf($0, at: at) }
            let (page, cursor) = try paginate(codes, cursor: params.cursor)
            return AnyEncodable(CodesPage(codes: page, cursor: cursor))
        case "codes.forUrl":
            let params: ForUrlParams = try decode(method, data)
            guard params.url.count <= 8192 else { throw invalid(method, "url") }
            let at = try timestamp(params.at, method)
            return AnyEncodable(MatchesResult(matches: try matches(url: params.url, at: at)))
        case "accounts.setPinned":
            let params: SetPinnedParams = try decode(method, data)
            try checkId(params.id, method)
            let record = try update(params.id) { _, object in object["pinned"] = params.pinned }
            return AnyEncodable(AccountResult(account: record.summary))
        case "accounts.setDomains":
            let params: SetDomainsParams = try decode(method, data)
            try checkId(params.id, method)
            guard params.domains.count <= 256, params.domains.allSatisfy(isValidBinding) else {
                throw invalid(method, "domains")
            }
            let list = try publicSuffixList()
            let normalized = dedupeBindings(
                try params.domains.map { DomainBinding(host: try normalizeBindingHost($0.host, list: list), source: $0.source) })
            let record = try update(params.id) { _, object in object["domains"] = bindingObjects(normalized) }
            return AnyEncodable(AccountResult(account: record.summary))
        case "accounts.remember":
            let params: RememberParams = try decode(method, data)
            try checkId(params.id, method)
            guard params.url.count <= 8192, let host = fillableHost(params.url) else {
                throw ProtocolError(code: "INVALID_DOMAIN", message: "Only https pages (or http on localhost) can be remembered for an account.")
            }
            let list = try publicSuffixList()
            let binding = DomainBinding(host: try normalizeBindingHost(rememberableHost(host, list: list), list: list), source: "remembered")
            let record = try update(params.id) { current, object in
                object["domains"] = bindingObjects(dedupeBindings(current.domains + [binding]))
            }
            return AnyEncodable(AccountResult(account: record.summary))
        case "hotp.advance":
            let params: IdParams = try decode(method, data)
            try checkId(params.id, method)
            let record = try update(params.id) { current, object in
                guard current.otp.kind == "hotp" else {
                    throw ProtocolError.badRequest("\(current.displayName) is time-based; only HOTP accounts have a counter.")
                }
                guard var otp = object["otp"] as? [String: Any] else { throw ProtocolError.corrupt(current.id) }
                otp["counter"] = current.otp.counter + 1
                object["otp"] = otp
            }
            return AnyEncodable(CodeResult(code: try codeOf(record, at: nowMs())))
        case "store.status":
            let _: NoParams? = try decodeOrEmpty(method, data)
            do {
                let count = try records().count
                return AnyEncodable(StoreStatus(spec: storeSpec, ok: true, message: "\(count) account\(count == 1 ? "" : "s")"))
            } catch let error as ProtocolError {
                return AnyEncodable(StoreStatus(spec: storeSpec, ok: false, message: error.message))
            }
        case "accounts.add", "accounts.remove", "import":
            throw ProtocolError(
                code: "UNKNOWN_METHOD",
                message: "The Safari app does not do \(method). On this Mac, run `npx twofold add|remove|import … --store icloud`; the accounts reach Safari through iCloud Keychain.")
        default:
            throw ProtocolError(
                code: "UNKNOWN_METHOD",
                message: "Unknown method \"\(method.prefix(64))\". The Twofold app knows: hello, accounts.list, codes.get, codes.forUrl, accounts.setPinned, accounts.setDomains, accounts.remember, hotp.advance, store.status.")
        }
    }

    // MARK: Requests

    /// The params of `method`, which must be present.
    func decode<P: Decodable>(_ method: String, _ data: Data) throws -> P {
        guard let params = try decodeOrEmpty(method, data) as P? else {
            throw ProtocolError.badRequest("Invalid params for \(method): params are required.")
        }
        return params
    }

    /// The params of `method`, or nil when the request has none.
    func decodeOrEmpty<P: Decodable>(_ method: String, _ data: Data) throws -> P? {
        do {
            return try JSONDecoder().decode(ParamsEnvelope<P>.self, from: data).params
        } catch let DecodingError.keyNotFound(key, _) {
            throw ProtocolError.badRequest("Invalid params for \(method) at \(key.stringValue): required.")
        } catch let DecodingError.typeMismatch(_, context) {
            throw invalid(method, context.codingPath.map { $0.stringValue }.filter { $0 != "params" }.joined(separator: "."))
        } catch {
            throw ProtocolError.badRequest("Invalid params for \(method).")
        }
    }

    func invalid(_ method: String, _ field: String) -> ProtocolError {
        .badRequest("Invalid params for \(method)\(field.isEmpty ? "" : " at \(field)").")
    }

    func checkId(_ id: String, _ method: String) throws {
        guard isAccountId(id) else { throw invalid(method, "id") }
    }

    func timestamp(_ at: Int64?, _ method: String) throws -> Int64 {
        guard let at = at else { return nowMs() }
        guard at >= 0 else { throw invalid(method, "at") }
        return at
    }

    // MARK: Store

    /// Every account in the iCloud keychain, each checked against the record schema.
    func records() throws -> [AccountRecord] {
        let keychain = Keychain(group: try entitledAccessGroup())
        return try keychain.items().map { try parseRecord(account: $0.account, value: $0.value) }
    }

    func parseRecord(account: String, value: String) throws -> AccountRecord {
        guard let record = try? JSONDecoder().decode(AccountRecord.self, from: Data(value.utf8)),
            record.id == account, record.isValid
        else { throw ProtocolError.corrupt(account) }
        return record
    }

    /// Changes one account's JSON in place. The record's other fields, including
    /// any this handler does not know, are written back as they were.
    func update(_ id: String, _ change: (AccountRecord, inout [String: Any]) throws -> Void) throws -> AccountRecord {
        let keychain = Keychain(group: try entitledAccessGroup())
        let value = try keychain.value(account: id)
        let current = try parseRecord(account: id, value: value)
        guard var object = (try? JSONSerialization.jsonObject(with: Data(value.utf8))) as? [String: Any] else {
            throw ProtocolError.corrupt(id)
        }
        try change(current, &object)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]),
            let text = String(data: data, encoding: .utf8)
        else { throw ProtocolError(code: "INTERNAL", message: "The Twofold app could not write account \(id).") }
        // The changed record must still be a valid record before it replaces the stored one.
        let next = try parseRecord(account: id, value: text)
        try keychain.replace(account: id, value: text)
        return next
    }

    /// The accounts bound to the page at `url` with their codes, most specific
    /// binding first, then pinned, then by name (AccountService.codesForUrl).
    func matches(url: String, at: Int64) throws -> [UrlMatch] {
        guard let host = fillableHost(url) else { return [] }
        var matches: [UrlMatch] = []
        for record in try records() {
            guard let match = matchBindings(record.domains, host: host) else { continue }
            matches.append(
                UrlMatch(account: record.summary, code: try codeOf(record, at: at), binding: match.binding, specificity: match.specificity))
        }
        return matches.sorted { a, b in
            if a.specificity != b.specificity { return a.specificity > b.specificity }
            if a.account.pinned != b.account.pinned { return a.account.pinned }
            return compareNames(a.account, b.account) == .orderedAscending
        }
    }
}

func bindingObjects(_ bindings: [DomainBinding]) -> [[String: String]] {
    bindings.map { ["host": $0.host, "source": $0.source] }
}
