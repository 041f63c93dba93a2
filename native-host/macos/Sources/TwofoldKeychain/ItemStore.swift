import Foundation
import Security

/// One of Twofold's keychain items: `account` is the record id, `value` the record as JSON.
public struct Item: Equatable {
    public var account: String
    public var value: String
}

/// A failed request, with the OSStatus if the Security framework gave one.
public struct KeychainFailure: Error {
    public let status: OSStatus?
    public let message: String
    var badRequest = false

    /// The protocol's name for it (HelperErrorCode in native-host/stores/icloud-helper-protocol.ts).
    public var code: String {
        guard let status = status else { return badRequest ? "badRequest" : "internal" }
        let names: [OSStatus: String] = [
            errSecItemNotFound: "notFound", errSecDuplicateItem: "duplicate",
            errSecMissingEntitlement: "missingEntitlement", errSecInteractionNotAllowed: "interactionNotAllowed",
            errSecUserCanceled: "userCancelled", errSecAuthFailed: "authFailed", errSecNotAvailable: "keychainUnavailable",
        ]
        return names[status] ?? "internal"
    }

    static func badRequest(_ message: String) -> KeychainFailure {
        KeychainFailure(status: nil, message: message, badRequest: true)
    }
}

/// The keychain calls Twofold makes, so that the service can be tested without a keychain.
public protocol ItemStore {
    /// The access group the items live in; throws when this process may not use it.
    func accessGroup() throws -> String
    func list() throws -> [Item]
    func get(_ account: String) throws -> Item
    func add(_ item: Item, label: String) throws
    func replace(_ item: Item, label: String) throws
    func delete(_ account: String) throws
}

/// Twofold's items in the data protection keychain: generic passwords, synchronizable (iCloud
/// Keychain), service `dev.twofold.account`, in the access group `<TeamID>.dev.twofold.shared`
/// that this process's own signature names. Apple, TN3137 "On Mac keychain APIs and
/// implementations": only a process signed with a keychain-access-groups entitlement that a
/// provisioning profile authorises may use that keychain.
public struct SecItemStore: ItemStore {
    private let group: Result<String, KeychainFailure>

    public init() {
        // From the entitlement at run time, so the team id stays out of the source.
        let task = SecTaskCreateFromSelf(nil)
        let groups = task.flatMap { SecTaskCopyValueForEntitlement($0, "keychain-access-groups" as CFString, nil) }
        if let group = (groups as? [String] ?? []).first(where: { $0.hasSuffix(".dev.twofold.shared") }) {
            self.group = .success(group)
        } else {
            self.group = .failure(KeychainFailure(
                status: errSecMissingEntitlement,
                message: "this program is not signed with a keychain-access-groups entitlement listing <TeamID>.dev.twofold.shared"))
        }
    }

    public func accessGroup() throws -> String { try group.get() }

    /// What every call names. kSecAttrSynchronizable belongs in queries too: without it SecItem
    /// matches only items that do not sync.
    private func query(_ account: String?, _ extra: [String: Any] = [:]) throws -> CFDictionary {
        var query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: "dev.twofold.account",
            kSecAttrAccessGroup as String: try accessGroup(),
            kSecAttrSynchronizable as String: true,
            kSecUseDataProtectionKeychain as String: true,
        ]
        if let account = account { query[kSecAttrAccount as String] = account }
        return query.merging(extra) { $1 } as CFDictionary
    }

    public func list() throws -> [Item] {
        let all: [String: Any] = [kSecMatchLimit as String: kSecMatchLimitAll, kSecReturnAttributes as String: true]
        do {
            return try rows(all.merging([kSecReturnData as String: true]) { $1 }).compactMap { row in
                (row[kSecAttrAccount as String] as? String).map { Item(account: $0, value: text(row[kSecValueData as String])) }
            }
        } catch let failure as KeychainFailure where failure.status == errSecParam {
            // Some keychains refuse data with kSecMatchLimitAll: read the items one by one.
            return try rows(all).compactMap { $0[kSecAttrAccount as String] as? String }.compactMap { (account: String) throws -> Item? in
                do { return try get(account) } catch let gone as KeychainFailure where gone.status == errSecItemNotFound { return nil }
            }
        }
    }

    private func rows(_ extra: [String: Any]) throws -> [[String: Any]] {
        var result: CFTypeRef?
        let status = SecItemCopyMatching(try query(nil, extra), &result)
        if status == errSecItemNotFound { return [] }
        try check(status, "listing items")
        return result as? [[String: Any]] ?? []
    }

    public func get(_ account: String) throws -> Item {
        var result: CFTypeRef?
        let status = SecItemCopyMatching(
            try query(account, [kSecMatchLimit as String: kSecMatchLimitOne, kSecReturnData as String: true]), &result)
        try check(status, "reading \(account)")
        return Item(account: account, value: text(result))
    }

    public func add(_ item: Item, label: String) throws {
        // Synchronizable items cannot be ...ThisDeviceOnly.
        let attributes: [String: Any] = [
            kSecAttrLabel as String: label, kSecValueData as String: Data(item.value.utf8),
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
        ]
        try check(SecItemAdd(try query(item.account, attributes), nil), "adding \(item.account)")
        do {
            try confirm(item)
        } catch {
            _ = SecItemDelete(try query(item.account))  // The caller counts the add as failed.
            throw error
        }
    }

    public func replace(_ item: Item, label: String) throws {
        let changes: [String: Any] = [kSecAttrLabel as String: label, kSecValueData as String: Data(item.value.utf8)]
        try check(SecItemUpdate(try query(item.account), changes as CFDictionary), "updating \(item.account)")
        try confirm(item)
    }

    public func delete(_ account: String) throws {
        try check(SecItemDelete(try query(account)), "deleting \(account)")
    }

    /// Reads a write back, so that success means the keychain holds what was sent.
    private func confirm(_ item: Item) throws {
        guard try get(item.account).value == item.value else {
            throw KeychainFailure(status: nil, message: "\(item.account) read back differently from what was written")
        }
    }

    private func check(_ status: OSStatus, _ what: String) throws {
        guard status != errSecSuccess else { return }
        let text = SecCopyErrorMessageString(status, nil) as String? ?? "OSStatus \(status)"
        throw KeychainFailure(status: status, message: "\(what): \(text)")
    }
}

/// Item data as text; data that is not UTF-8 becomes "", which no reader takes for a record.
private func text(_ data: Any?) -> String {
    (data as? Data).flatMap { String(data: $0, encoding: .utf8) } ?? ""
}
