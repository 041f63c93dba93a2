import Foundation

/// Twofold's keychain protocol (defined in native-host/stores/icloud-helper-protocol.ts) over an
/// ItemStore. The iCloud keychain helper speaks it to the host, which needs the secrets; the
/// Safari handler speaks it to the extension's background, which must never have them, so there
/// it shows records without their secret. Everything else about accounts happens in TypeScript.
public struct KeychainService {
    public static let protocolVersion = 1
    public static let version = "0.2.0"
    let items: ItemStore
    let revealsSecrets: Bool
    let nowMs: () -> Int64

    public init(
        items: ItemStore, revealsSecrets: Bool, nowMs: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) {
        self.items = items
        self.revealsSecrets = revealsSecrets
        self.nowMs = nowMs
    }

    /// The reply to one request (a JSON object, as JSONSerialization or Safari hands it over).
    public func reply(to message: Any?) -> [String: Any] {
        let request = message as? [String: Any] ?? [:]
        let id = request["id"] as? Int ?? 0
        do {
            return ["id": id, "ok": true, "result": try result(of: request)]
        } catch {
            let failure = error as? KeychainFailure ?? KeychainFailure(status: nil, message: "\(error)")
            let body: [String: Any] = [
                "code": failure.code, "osStatus": failure.status.map { Int($0) as Any } ?? NSNull(), "message": failure.message,
            ]
            return ["id": id, "ok": false, "error": body]
        }
    }

    func result(of request: [String: Any]) throws -> [String: Any] {
        switch request["op"] as? String {
        case "ping":
            return ["protocol": Self.protocolVersion, "version": Self.version, "accessGroup": try items.accessGroup()]
        case "list":
            return ["items": try items.list().map { shown($0) }]
        case "get":
            return ["item": shown(try items.get(try account(in: request)))]
        case "put":
            let item = Item(account: try account(in: request), value: request["value"] as? String ?? "")
            guard let label = request["label"] as? String, request["value"] is String, label.count <= 512,
                item.value.utf8.count <= 1 << 20
            else { throw KeychainFailure.badRequest("put needs a label of at most 512 characters and a value of at most 1 MiB") }
            switch request["mode"] as? String {
            case "add":
                try items.add(item, label: label)
            case "replace":
                guard let value = keepingSecret(item.value, of: try items.get(item.account).value) else {
                    throw KeychainFailure.badRequest("a replacing value must be a JSON object, and the stored one must hold a secret")
                }
                try items.replace(Item(account: item.account, value: value), label: label)
            default:
                throw KeychainFailure.badRequest("mode must be \"add\" or \"replace\"")
            }
            return [:]
        case "delete":
            try items.delete(try account(in: request))
            return [:]
        case "codes":
            guard let wanted = request["accounts"] as? [String], wanted.count <= 10_000 else {
                throw KeychainFailure.badRequest("codes needs accounts: at most 10,000 account ids")
            }
            // One read of every item, however many codes; the time is this app's own, never the caller's.
            let stored = Dictionary(try items.list().map { ($0.account, $0.value) }, uniquingKeysWith: { first, _ in first })
            let now = nowMs()
            var made: [[String: Any]] = []
            var unusable: [String] = []
            for id in wanted {
                guard let value = stored[id] else { continue }
                if let window = codes(of: value, nowMs: now) {
                    made.append(["account": id, "counter": window.counter, "code": window.code, "next": window.next])
                } else {
                    unusable.append(id)
                }
            }
            return ["codes": made, "unusable": unusable]
        case let op:
            throw KeychainFailure.badRequest("unknown op \(op ?? "(none)")")
        }
    }

    /// An item as the caller may see it: for the Safari handler, without its secret.
    func shown(_ item: Item) -> [String: Any] {
        ["account": item.account, "value": revealsSecrets ? item.value : withoutSecret(item.value)]
    }

    func account(in request: [String: Any]) throws -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        guard let account = request["account"] as? String, (1...64).contains(account.count),
            account.allSatisfy({ allowed.contains($0) })
        else { throw KeychainFailure.badRequest("account must be 1 to 64 of A-Z a-z 0-9 _ -") }
        return account
    }
}
