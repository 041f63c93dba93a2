import Foundation
import Security
import XCTest

@testable import TwofoldKeychain

/// The vectors of test/vectors, which test/unit/vectors.test.ts runs against the TypeScript side.
final class VectorTests: XCTestCase {
    func testCodes() throws {
        for vector in try vectors("otp-codes.json") {
            let name = vector["name"] as? String ?? "?"
            let otp = try XCTUnwrap(vector["otp"] as? [String: Any])
            let record = try XCTUnwrap(json(["secret": vector["secret"] ?? "", "otp": otp]))
            let made = try XCTUnwrap(codes(of: record, nowMs: number(vector["at"])), name)
            XCTAssertEqual(made.code, vector["code"] as? String, name)
            XCTAssertEqual(made.next, vector["next"] as? String, name)
            if otp["kind"] as? String == "hotp" {
                XCTAssertEqual(Int64(made.counter), number(otp["counter"]), name)
            } else {
                XCTAssertEqual(Int64(made.counter) * number(otp["period"]) * 1000, number(vector["validFrom"]), name)
            }
        }
    }

    func testRecords() throws {
        for vector in try vectors("records.json") {
            let name = vector["name"] as? String ?? "?"
            let value = try XCTUnwrap(vector["value"] as? String)
            let shown = withoutSecret(value)
            XCTAssertFalse(shown.contains("\"secret\""), name)
            XCTAssertEqual(jsonObject(shown).map { NSDictionary(dictionary: $0) }, (vector["withoutSecret"] as? [String: Any]).map { NSDictionary(dictionary: $0) }, name)
            XCTAssertEqual(codes(of: value, nowMs: 1_700_000_000_000) != nil, vector["makesCodes"] as? Bool, name)
        }
    }

    func testWire() throws {
        for vector in try vectors("wire.json") {
            let name = vector["name"] as? String ?? "?"
            let items = MemoryItems(vector["keychain"], failure: (vector["failure"] as? NSNumber)?.int32Value)
            let service = KeychainService(
                items: items, revealsSecrets: vector["revealsSecrets"] as? Bool ?? false, nowMs: { number(vector["now"]) })
            for exchange in vector["exchanges"] as? [[String: Any]] ?? [] {
                let reply = comparable(service.reply(to: exchange["request"]))
                XCTAssertEqual(NSDictionary(dictionary: reply), exchange["reply"] as? NSDictionary, "\(name): \(exchange["request"] ?? "")")
            }
            let after = MemoryItems(vector["keychainAfter"], failure: nil).items.map { comparable(["result": ["item": $0]]) }
            XCTAssertEqual(items.items.map { NSDictionary(dictionary: comparable(["result": ["item": $0]])) }, after.map { NSDictionary(dictionary: $0) }, name)
        }
    }
}

/// The keychain as the vectors state it: items in order, and every call failing with `failure`.
final class MemoryItems: ItemStore {
    var items: [[String: Any]]
    let failure: OSStatus?

    init(_ items: Any?, failure: OSStatus?) {
        self.items = (items as? [[String: Any]] ?? []).map { (item: [String: Any]) -> [String: Any] in
            var item = item
            if let object = item["value"] as? [String: Any] { item["value"] = json(object) }  // Stored as its JSON.
            return item
        }
        self.failure = failure
    }

    func accessGroup() throws -> String {
        if failure == errSecMissingEntitlement { try fail() }  // Only the signature stops ping.
        return "TEAMID1234.dev.twofold.shared"
    }

    func list() throws -> [Item] {
        try fail()
        return items.map { Item(account: $0["account"] as? String ?? "", value: $0["value"] as? String ?? "") }
    }

    func get(_ account: String) throws -> Item { try list()[try index(account)] }

    func add(_ item: Item, label: String) throws {
        if (try? index(item.account)) != nil { throw KeychainFailure(status: errSecDuplicateItem, message: "exists") }
        try fail()
        items.append(["account": item.account, "label": label, "value": item.value])
    }

    func replace(_ item: Item, label: String) throws {
        items[try index(item.account)] = ["account": item.account, "label": label, "value": item.value]
    }

    func delete(_ account: String) throws { items.remove(at: try index(account)) }

    private func index(_ account: String) throws -> Int {
        try fail()
        guard let index = items.firstIndex(where: { $0["account"] as? String == account }) else {
            throw KeychainFailure(status: errSecItemNotFound, message: "not found")
        }
        return index
    }

    private func fail() throws {
        if let failure = failure { throw KeychainFailure(status: failure, message: "OSStatus \(failure)") }
    }
}

private func vectors(_ name: String) throws -> [[String: Any]] {
    // #filePath is …/native-host/macos/Tests/TwofoldKeychainTests/VectorTests.swift.
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { root.deleteLastPathComponent() }
    let data = try Data(contentsOf: root.appendingPathComponent("test/vectors/\(name)"))
    return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["vectors"] as? [[String: Any]])
}

private func number(_ value: Any?) -> Int64 { (value as? NSNumber)?.int64Value ?? -1 }

/// A reply as the vectors state it: values parsed, without the wording each side chooses.
private func comparable(_ reply: [String: Any]) -> [String: Any] {
    var reply = reply
    if var error = reply["error"] as? [String: Any] {
        XCTAssertFalse((error["message"] as? String ?? "").isEmpty)
        error["message"] = nil
        reply["error"] = error
    }
    if var result = reply["result"] as? [String: Any] {
        result["version"] = nil
        if let item = result["item"] as? [String: Any] { result["item"] = parsed(item) }
        if let items = result["items"] as? [[String: Any]] { result["items"] = items.map(parsed) }
        reply["result"] = result
    }
    return reply
}

private func parsed(_ item: [String: Any]) -> [String: Any] {
    var item = item
    if let value = item["value"] as? String, let object = jsonObject(value) { item["value"] = object }
    return item
}
