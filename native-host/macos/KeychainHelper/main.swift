// Twofold's iCloud keychain helper.
//
// A plain `node` process cannot reach iCloud Keychain: synchronizable items
// live only in the data protection keychain, and only a process signed with a
// `keychain-access-groups` entitlement (authorised by a provisioning profile)
// may use it; anything else gets errSecMissingEntitlement (-34018). This small
// signed program does the SecItem calls for the `icloud` store
// (native-host/stores/icloud-store.ts).
//
// Protocol (defined in native-host/stores/icloud-helper-protocol.ts): one JSON
// request per line on stdin, one JSON response per line on stdout, matched by
// `id`. Nothing else is written to stdout. The helper exits at the end of stdin.
//
// Items: kSecClassGenericPassword, synchronizable, in the data protection
// keychain, in the access group `<TeamID>.dev.twofold.shared` (read from this
// process's own entitlement at run time), service `dev.twofold.account`,
// account = the record id, data = the record as UTF-8 JSON.
//
// Written without a Mac to compile it on: see native-host/macos/README.md.

import Foundation
import Security

let helperProtocolVersion = 1
let helperVersion = "0.1.0"
let service = "dev.twofold.account"
let accessGroupSuffix = ".dev.twofold.shared"
let maxValueBytes = 1 << 20
let maxLabelLength = 512
let accountCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

// MARK: - Protocol types

/// A request as it arrives; which fields an op needs is checked in `handle`.
struct Request: Decodable {
    let id: Int
    let op: String
    let account: String?
    let label: String?
    let value: String?
    let mode: String?
}

/// Only the id: to answer a line whose other fields do not decode.
struct RequestID: Decodable {
    let id: Int
}

struct Item: Encodable {
    let account: String
    let value: String
}

/// An error reply: the helper's classification, the OSStatus when there is one, and text.
struct Failure: Error, Encodable {
    let code: String
    let osStatus: OSStatus?
    let message: String

    enum CodingKeys: String, CodingKey {
        case code, osStatus, message
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        // The protocol says null, not absent, when there is no OSStatus.
        if let status = osStatus {
            try container.encode(Int(status), forKey: .osStatus)
        } else {
            try container.encodeNil(forKey: .osStatus)
        }
        try container.encode(message, forKey: .message)
    }
}

/// The result of a request that succeeded.
enum Answer: Encodable {
    case ping(accessGroup: String)
    case list([Item])
    case get(Item)
    case done

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol"
        case version, accessGroup, items, item
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .ping(let accessGroup):
            try container.encode(helperProtocolVersion, forKey: .protocolVersion)
            try container.encode(helperVersion, forKey: .version)
            try container.encode(accessGroup, forKey: .accessGroup)
        case .list(let items):
            try container.encode(items, forKey: .items)
        case .get(let item):
            try container.encode(item, forKey: .item)
        case .done:
            break  // {}
        }
    }
}

struct Response: Encodable {
    let id: Int
    let answer: Answer?
    let failure: Failure?

    enum CodingKeys: String, CodingKey {
        case id, ok, result, error
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if let failure = failure {
            try container.encode(false, forKey: .ok)
            try container.encode(failure, forKey: .error)
        } else {
            try container.encode(true, forKey: .ok)
            try container.encode(answer ?? .done, forKey: .result)
        }
    }
}

func badRequest(_ message: String) -> Failure {
    return Failure(code: "badRequest", osStatus: nil, message: message)
}

func internalFailure(_ message: String) -> Failure {
    return Failure(code: "internal", osStatus: nil, message: message)
}

/// Classifies an OSStatus the way the TypeScript side expects (HelperErrorCode).
func securityFailure(_ status: OSStatus, _ what: String) -> Failure {
    let text = (SecCopyErrorMessageString(status, nil) as String?) ?? "OSStatus \(status)"
    let code: String
    switch status {
    case errSecItemNotFound: code = "notFound"
    case errSecDuplicateItem: code = "duplicate"
    case errSecMissingEntitlement: code = "missingEntitlement"
    case errSecInteractionNotAllowed: code = "interactionNotAllowed"
    case errSecUserCanceled: code = "userCancelled"
    case errSecAuthFailed: code = "authFailed"
    case errSecNotAvailable: code = "keychainUnavailable"
    default: code = "internal"
    }
    return Failure(code: code, osStatus: status, message: "\(what): \(text)")
}

// MARK: - Keychain

/// The access group this process is entitled to, from its own code signature:
/// `<TeamID>.dev.twofold.shared`. Reading it at run time keeps the team id out
/// of the source; build-helper.sh puts it in the entitlements.
func entitledAccessGroup() throws -> String {
    guard let task = SecTaskCreateFromSelf(nil) else {
        throw internalFailure("SecTaskCreateFromSelf failed")
    }
    let value = SecTaskCopyValueForEntitlement(task, "keychain-access-groups" as CFString, nil)
    let groups = (value as? [String]) ?? []
    guard let group = groups.first(where: { $0.hasSuffix(accessGroupSuffix) }) else {
        throw Failure(
            code: "missingEntitlement",
            osStatus: errSecMissingEntitlement,
            message: "this helper is not signed with a keychain-access-groups entitlement listing <TeamID>\(accessGroupSuffix)")
    }
    return group
}

struct Keychain {
    let group: String

    /// What every query and every new item shares. kSecAttrSynchronizable must be
    /// in queries too: without it, SecItem matches only items that do not sync.
    func base(account: String? = nil) -> [String: Any] {
        var query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccessGroup as String: group,
            kSecAttrSynchronizable as String: true,
            kSecUseDataProtectionKeychain as String: true,
        ]
        if let account = account {
            query[kSecAttrAccount as String] = account
        }
        return query
    }

    /// A lookup that finds nothing, to learn early whether macOS lets us in (-34018 if not).
    func probe() throws {
        var query = base(account: "twofold probe")  // Not an account id: never stored.
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        let status = SecItemCopyMatching(query as CFDictionary, nil)
        guard status == errSecSuccess || status == errSecItemNotFound else {
            throw securityFailure(status, "checking keychain access")
        }
    }

    /// Every item with its value, in one SecItemCopyMatching.
    func list() throws -> [Item] {
        var query = base()
        query[kSecMatchLimit as String] = kSecMatchLimitAll
        query[kSecReturnAttributes as String] = true
        query[kSecReturnData as String] = true
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        if status == errSecItemNotFound {
            return []
        }
        // Returning data for kSecMatchLimitAll is refused with errSecParam by
        // some keychain implementations; fall back to one read per item.
        if status == errSecParam {
            return try listOneByOne()
        }
        guard status == errSecSuccess else {
            throw securityFailure(status, "listing items")
        }
        guard let rows = result as? [[String: Any]] else {
            throw internalFailure("listing items: unexpected result type")
        }
        return rows.compactMap { row in
            guard let account = row[kSecAttrAccount as String] as? String else { return nil }
            return Item(account: account, value: text(of: row[kSecValueData as String]))
        }
    }

    func listOneByOne() throws -> [Item] {
        var query = base()
        query[kSecMatchLimit as String] = kSecMatchLimitAll
        query[kSecReturnAttributes as String] = true
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        if status == errSecItemNotFound {
            return []
        }
        guard status == errSecSuccess else {
            throw securityFailure(status, "listing items")
        }
        guard let rows = result as? [[String: Any]] else {
            throw internalFailure("listing items: unexpected result type")
        }
        var items: [Item] = []
        for row in rows {
            guard let account = row[kSecAttrAccount as String] as? String else { continue }
            do {
                items.append(try get(account: account))
            } catch let failure as Failure where failure.osStatus == errSecItemNotFound {
                continue  // Deleted between the two queries.
            }
        }
        return items
    }

    func get(account: String) throws -> Item {
        var query = base(account: account)
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        query[kSecReturnData as String] = true
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        guard status == errSecSuccess else {
            throw securityFailure(status, "reading \(account)")
        }
        return Item(account: account, value: text(of: result))
    }

    func add(account: String, label: String, value: String) throws {
        var attributes = base(account: account)
        attributes[kSecAttrLabel as String] = label
        attributes[kSecValueData as String] = Data(value.utf8)
        // Synchronizable items cannot use a ...ThisDeviceOnly class.
        attributes[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlock
        let status = SecItemAdd(attributes as CFDictionary, nil)
        guard status == errSecSuccess else {
            throw securityFailure(status, "adding \(account)")
        }
        do {
            try confirm(account: account, value: value)
        } catch {
            // The store counts this add as failed, so it must not stay.
            _ = SecItemDelete(base(account: account) as CFDictionary)
            throw error
        }
    }

    /// Changes the item in place; errSecItemNotFound if it is gone.
    func replace(account: String, label: String, value: String) throws {
        let changes: [String: Any] = [
            kSecAttrLabel as String: label,
            kSecValueData as String: Data(value.utf8),
        ]
        let status = SecItemUpdate(base(account: account) as CFDictionary, changes as CFDictionary)
        guard status == errSecSuccess else {
            throw securityFailure(status, "updating \(account)")
        }
        try confirm(account: account, value: value)
    }

    func delete(account: String) throws {
        let status = SecItemDelete(base(account: account) as CFDictionary)
        guard status == errSecSuccess else {
            throw securityFailure(status, "deleting \(account)")
        }
    }

    /// Reads a write back, so that success means the keychain holds what was sent.
    func confirm(account: String, value: String) throws {
        guard try get(account: account).value == value else {
            throw internalFailure("\(account) read back differently from what was written")
        }
    }
}

/// Item data as text; data that is not UTF-8 becomes "", which the store
/// reports as an item that does not hold an account.
func text(of data: Any?) -> String {
    guard let data = data as? Data else { return "" }
    return String(data: data, encoding: .utf8) ?? ""
}

// MARK: - Requests

func account(of request: Request) throws -> String {
    guard let account = request.account,
        (1...64).contains(account.count),
        account.allSatisfy({ accountCharacters.contains($0) })
    else {
        throw badRequest("account must be 1 to 64 of A-Z a-z 0-9 _ -")
    }
    return account
}

func handle(_ request: Request, keychain: Keychain) throws -> Answer {
    switch request.op {
    case "ping":
        try keychain.probe()
        return .ping(accessGroup: keychain.group)
    case "list":
        return .list(try keychain.list())
    case "get":
        return .get(try keychain.get(account: try account(of: request)))
    case "put":
        let id = try account(of: request)
        guard let label = request.label, let value = request.value else {
            throw badRequest("put needs a label and a value")
        }
        guard value.utf8.count <= maxValueBytes, label.count <= maxLabelLength else {
            throw badRequest("value or label too long")
        }
        switch request.mode {
        case "add":
            try keychain.add(account: id, label: label, value: value)
        case "replace":
            try keychain.replace(account: id, label: label, value: value)
        default:
            throw badRequest("mode must be \"add\" or \"replace\"")
        }
        return .done
    case "delete":
        try keychain.delete(account: try account(of: request))
        return .done
    default:
        throw badRequest("unknown op \(request.op)")
    }
}

// MARK: - Main loop

let encoder = JSONEncoder()
let decoder = JSONDecoder()

/// One line, written at once (FileHandle writes are unbuffered).
func send(_ response: Response) {
    guard var data = try? encoder.encode(response) else { return }
    data.append(0x0A)
    FileHandle.standardOutput.write(data)
}

// Worked out once; a missing entitlement is reported to every request.
let keychainOrFailure: Result<Keychain, Failure> = {
    do {
        return .success(Keychain(group: try entitledAccessGroup()))
    } catch let failure as Failure {
        return .failure(failure)
    } catch {
        return .failure(internalFailure(String(describing: error)))
    }
}()

while let line = readLine(strippingNewline: true) {
    autoreleasepool {
        let data = Data(line.utf8)
        guard let request = try? decoder.decode(Request.self, from: data) else {
            let id = (try? decoder.decode(RequestID.self, from: data))?.id ?? 0
            send(Response(id: id, answer: nil, failure: badRequest("not a request")))
            return
        }
        do {
            let keychain = try keychainOrFailure.get()
            send(Response(id: request.id, answer: try handle(request, keychain: keychain), failure: nil))
        } catch let failure as Failure {
            send(Response(id: request.id, answer: nil, failure: failure))
        } catch {
            send(Response(id: request.id, answer: nil, failure: internalFailure(String(describing: error))))
        }
    }
}
