#!/bin/sh
# Makes the Safari app's Xcode project from the built extension, with
# Twofold's native handler in it. Runs on a Mac with Xcode; see README.md here.
#
#   npm run build:safari
#   native-host/macos/safari/convert.sh [PROJECT_DIR]      (default .output/safari-xcode)
#
# Then open PROJECT_DIR/Twofold/Twofold.xcodeproj, choose your team, and build.
# TWOFOLD_SAFARI_MV=3 converts .output/safari-mv3 instead of safari-mv2.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
mv=${TWOFOLD_SAFARI_MV:-2}
extension="$repo/.output/safari-mv$mv"
location=${1:-"$repo/.output/safari-xcode"}
bundle_id=dev.twofold.safari

fail() {
  echo "convert.sh: $*" >&2
  exit 1
}

[ "$(uname -s)" = Darwin ] || fail "this needs macOS with Xcode (xcrun safari-web-extension-converter); it cannot run on $(uname -s)."
# Apple has renamed the tool safari-web-extension-packager; older Xcodes have only the first name.
converter=safari-web-extension-converter
xcrun --find "$converter" >/dev/null 2>&1 || converter=safari-web-extension-packager
xcrun --find "$converter" >/dev/null 2>&1 ||
  fail "safari-web-extension-converter was not found. Install Xcode from the App Store, then run: sudo xcode-select -s /Applications/Xcode.app"
[ -f "$extension/manifest.json" ] || fail "$extension/manifest.json is missing. Build the extension first: npm run build:safari"
if grep -q '"key"' "$extension/manifest.json"; then
  fail "$extension/manifest.json has a \"key\": that is the Chromium build. Run npm run build:safari."
fi
# The converter stops on an extension without icons.
grep -q '"icons"' "$extension/manifest.json" ||
  fail "$extension/manifest.json names no icons, and the converter needs them. Add icons to the extension (public/icon/) and rebuild."

xcrun "$converter" "$extension" \
  --project-location "$location" \
  --app-name Twofold \
  --bundle-identifier "$bundle_id" \
  --swift --macos-only --copy-resources --no-open --no-prompt --force

project="$location/Twofold"
pbxproj="$project/Twofold.xcodeproj/project.pbxproj"
[ -f "$pbxproj" ] || fail "the converter made no $pbxproj; look at its output above."

# Our handler replaces the template's echo handler. It needs the TwofoldKeychain
# library (../Sources): rather than edit the project to add the Swift package,
# the target's one Swift file becomes the library's sources and the handler,
# one module: their imports first, less `import TwofoldKeychain`.
handler=$(find "$project" -name SafariWebExtensionHandler.swift -not -path "*/Build/*" | head -n 1)
[ -n "$handler" ] || fail "no SafariWebExtensionHandler.swift in $project"
library=$(cd "$here/../Sources/TwofoldKeychain" && pwd)
{
  grep -h '^import ' "$library"/*.swift "$here/SafariWebExtensionHandler.swift" | grep -v '^import TwofoldKeychain$' | sort -u
  for source in "$library"/*.swift "$here/SafariWebExtensionHandler.swift"; do
    printf '\n// ---- %s (copied by convert.sh)\n' "${source#"$repo"/}"
    grep -v '^import ' "$source"
  done
} >"$handler"

# The handler reads the iCloud keychain items of the `icloud` store: the
# extension needs the same keychain access group as the keychain helper.
entitlements=$(find "$project" -name "*.entitlements" -path "*Extension*" | head -n 1)
[ -n "$entitlements" ] || fail "no entitlements file for the app extension in $project"
/usr/libexec/PlistBuddy -c "Delete :keychain-access-groups" "$entitlements" >/dev/null 2>&1 || true
/usr/libexec/PlistBuddy \
  -c "Add :keychain-access-groups array" \
  -c "Add :keychain-access-groups:0 string \$(AppIdentifierPrefix)dev.twofold.shared" \
  "$entitlements"

# CryptoKit and SFExtensionMessageKey need macOS 11 (as Package.swift says).
sed -i '' -E 's/MACOSX_DEPLOYMENT_TARGET = [0-9.]+;/MACOSX_DEPLOYMENT_TARGET = 11.0;/' "$pbxproj"
# The converter may derive the app's bundle id from --app-name; pin both ids.
sed -i '' -E \
  -e "s/PRODUCT_BUNDLE_IDENTIFIER = \"?[A-Za-z0-9.-]+\.Extension\"?;/PRODUCT_BUNDLE_IDENTIFIER = $bundle_id.Extension;/" \
  -e "/\.Extension;/!s/PRODUCT_BUNDLE_IDENTIFIER = \"?[A-Za-z0-9.-]+\"?;/PRODUCT_BUNDLE_IDENTIFIER = $bundle_id;/" \
  "$pbxproj"

echo "Made $project"
echo "  handler:       $handler"
echo "  entitlements:  $entitlements (keychain-access-groups \$(AppIdentifierPrefix)dev.twofold.shared)"
echo "  bundle ids:    $(grep -o 'PRODUCT_BUNDLE_IDENTIFIER = [^;]*' "$pbxproj" | sort -u | sed 's/PRODUCT_BUNDLE_IDENTIFIER = //' | tr '\n' ' ')"
echo "Next: open $project/Twofold.xcodeproj, set your team on both targets, and build (README.md, \"Build and sign\")."
