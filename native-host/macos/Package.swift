// swift-tools-version:5.7
// The Swift half of Twofold: only what needs Swift. A library with the
// keychain and code primitives; the iCloud keychain helper and the Safari
// handler, each a thin wrapper around it; tests that run the vectors in
// ../../test/vectors, which the TypeScript tests run too. README.md here.
import PackageDescription

let package = Package(
    name: "Twofold",
    platforms: [.macOS(.v11)],
    products: [
        .executable(name: "twofold-keychain-helper", targets: ["KeychainHelper"]),
        .library(name: "TwofoldKeychain", targets: ["TwofoldKeychain"]),
    ],
    targets: [
        .target(name: "TwofoldKeychain"),
        .executableTarget(
            name: "KeychainHelper", dependencies: ["TwofoldKeychain"], path: "KeychainHelper",
            exclude: ["Info.plist", "TwofoldKeychainHelper.entitlements"]),
        .target(
            name: "TwofoldSafari", dependencies: ["TwofoldKeychain"], path: "safari",
            exclude: ["README.md", "convert.sh"]),
        .testTarget(name: "TwofoldKeychainTests", dependencies: ["TwofoldKeychain"]),
    ]
)
