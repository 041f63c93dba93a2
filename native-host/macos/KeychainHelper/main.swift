// Twofold's iCloud keychain helper. The `icloud` store (native-host/stores/icloud-store.ts)
// starts it and keeps it, and talks to it in JSON lines over stdio: one request per line on
// stdin, one reply per line on stdout, nothing else on stdout; it exits at the end of stdin.
//
// Why a signed helper: a plain `node` process cannot reach iCloud Keychain, whose items live
// only in the data protection keychain, open only to a process signed with a
// keychain-access-groups entitlement that a provisioning profile authorises (README.md here).
// What it does is the TwofoldKeychain library, which the Safari handler shares; the host needs
// the secrets, so this one reveals them.
import Foundation
import TwofoldKeychain

let service = KeychainService(items: SecItemStore(), revealsSecrets: true)
while let line = readLine(strippingNewline: true) {
    autoreleasepool {
        // A line that is no JSON object gets a badRequest reply with id 0.
        let reply = service.reply(to: try? JSONSerialization.jsonObject(with: Data(line.utf8)))
        // Replies hold only strings, numbers, booleans, null, arrays and objects, so they encode.
        var data = (try? JSONSerialization.data(withJSONObject: reply)) ?? Data()
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }
}
