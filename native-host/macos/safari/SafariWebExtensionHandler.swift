// Safari's side of Twofold: Safari hands each `browser.runtime.sendNativeMessage` of the
// extension to this handler in the containing app's extension, and its one reply resolves the
// promise (Apple, "Messaging between the app and JavaScript in a Safari web extension").
// It answers Twofold's keychain protocol over the same iCloud Keychain items as the `icloud`
// store, and never shows a secret; the extension's background does everything else with the
// host's own TypeScript (src/background/safari-host-client.ts). convert.sh puts this file and
// the TwofoldKeychain library into the Xcode project.
import Foundation
import SafariServices
import TwofoldKeychain

final class SafariWebExtensionHandler: NSObject, NSExtensionRequestHandling {
    func beginRequest(with context: NSExtensionContext) {
        let request = (context.inputItems.first as? NSExtensionItem)?.userInfo?[SFExtensionMessageKey]
        let service = KeychainService(items: SecItemStore(), revealsSecrets: false)
        let response = NSExtensionItem()
        response.userInfo = [SFExtensionMessageKey: service.reply(to: request)]
        context.completeRequest(returningItems: [response], completionHandler: nil)
    }
}
