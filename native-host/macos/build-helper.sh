#!/usr/bin/env bash
# Builds, signs, checks and installs Twofold's iCloud keychain helper.
# macOS only; see native-host/macos/README.md for what signing needs.
#
#   TWOFOLD_TEAM_ID=ABCDE12345 \
#   TWOFOLD_SIGNING_IDENTITY="Developer ID Application: Ada Lovelace (ABCDE12345)" \
#   TWOFOLD_PROVISIONING_PROFILE=~/Downloads/Twofold_Keychain_Helper.provisionprofile \
#   native-host/macos/build-helper.sh
#
# or, to check that it builds and speaks its protocol (CI's macOS lane):
#
#   native-host/macos/build-helper.sh --ad-hoc OUT_DIR
#
# which signs ad hoc, without the entitlement, leaves the bundle in OUT_DIR and
# installs nothing: that helper answers every request with missingEntitlement.
#
# Optional:
#   TWOFOLD_DATA_DIR            install into this folder instead of
#                               ~/Library/Application Support/Twofold
#                               (the same variable the host reads)
#   TWOFOLD_CODESIGN_TIMESTAMP  "none" signs without a secure timestamp
#                               (offline development builds only)
#
# The helper is an app-like bundle, not a bare executable: its
# keychain-access-groups entitlement is restricted, so it must be authorised
# by a provisioning profile, and only a bundle can embed one
# (Contents/embedded.provisionprofile). Apple: "Signing a daemon with a
# restricted entitlement", TN3125 "Inside Code Signing: Provisioning Profiles".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sources="$here/KeychainHelper"
ad_hoc=""
if [[ "${1:-}" == "--ad-hoc" ]]; then
  ad_hoc="${2:?usage: build-helper.sh --ad-hoc OUT_DIR}"
fi
bundle_name="TwofoldKeychainHelper.app"
executable="twofold-keychain-helper"
bundle_id="dev.twofold.keychain-helper"
group_suffix="dev.twofold.shared"

die() {
  printf 'build-helper.sh: %s\n' "$@" >&2
  exit 1
}

step() {
  printf '==> %s\n' "$*"
}

# --- preconditions -----------------------------------------------------------

if [[ "$(uname -s)" != "Darwin" ]]; then
  die "the iCloud keychain helper is built and signed on macOS; this is $(uname -s)." \
    "On Linux, Twofold uses --store secret-service or --store file:PATH instead."
fi

if [[ -n "$ad_hoc" ]]; then
  command -v swift >/dev/null 2>&1 || die "swift not found. Install Xcode or the command line tools: xcode-select --install"
  mkdir -p "$ad_hoc"
  app="$ad_hoc/$bundle_name"
  step "Building $app (ad hoc, no entitlement)"
  swift build --package-path "$here" -c release --product "$executable" --arch arm64 --arch x86_64
  rm -rf "$app" && mkdir -p "$app/Contents/MacOS"
  cp "$(swift build --package-path "$here" -c release --arch arm64 --arch x86_64 --show-bin-path)/$executable" \
    "$app/Contents/MacOS/$executable"
  cp "$sources/Info.plist" "$app/Contents/Info.plist"
  codesign --force --sign - "$app"
  codesign --verify --strict --verbose=2 "$app"
  printf 'Built %s\n' "$app"
  exit 0
fi

missing=()
[[ -n "${TWOFOLD_TEAM_ID:-}" ]] || missing+=("TWOFOLD_TEAM_ID: your 10-character Apple Developer Team ID")
[[ -n "${TWOFOLD_SIGNING_IDENTITY:-}" ]] ||
  missing+=('TWOFOLD_SIGNING_IDENTITY: e.g. "Developer ID Application: Your Name (TEAMID)"')
[[ -n "${TWOFOLD_PROVISIONING_PROFILE:-}" ]] ||
  missing+=("TWOFOLD_PROVISIONING_PROFILE: path of the .provisionprofile for App ID $bundle_id")
if ((${#missing[@]} > 0)); then
  die "missing settings (see native-host/macos/README.md):" "${missing[@]/#/  }"
fi

[[ "$TWOFOLD_TEAM_ID" =~ ^[A-Z0-9]{10}$ ]] ||
  die "TWOFOLD_TEAM_ID must be 10 upper-case letters and digits; got \"$TWOFOLD_TEAM_ID\"."
[[ -f "$TWOFOLD_PROVISIONING_PROFILE" ]] ||
  die "no provisioning profile at $TWOFOLD_PROVISIONING_PROFILE."

for tool in swift codesign security plutil ditto /usr/libexec/PlistBuddy; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool not found. Install the Xcode command line tools: xcode-select --install"
done

security find-identity -v -p codesigning | grep -Fq "\"$TWOFOLD_SIGNING_IDENTITY\"" ||
  die "no valid code signing identity \"$TWOFOLD_SIGNING_IDENTITY\" in your keychains." \
    "List them with: security find-identity -v -p codesigning"

work="$(mktemp -d -t twofold-helper)"
trap 'rm -rf "$work"' EXIT

# --- the provisioning profile must authorise what we will claim ---------------

step "Checking the provisioning profile"
security cms -D -i "$TWOFOLD_PROVISIONING_PROFILE" -o "$work/profile.plist" 2>/dev/null ||
  die "security cms could not decode $TWOFOLD_PROVISIONING_PROFILE; is it a provisioning profile?"
profile() {
  /usr/libexec/PlistBuddy -c "Print :$1" "$work/profile.plist" 2>/dev/null
}
profile_team="$(profile TeamIdentifier:0)" || die "the profile names no team."
[[ "$profile_team" == "$TWOFOLD_TEAM_ID" ]] ||
  die "the profile belongs to team $profile_team, not TWOFOLD_TEAM_ID=$TWOFOLD_TEAM_ID."
app_id="$(profile Entitlements:com.apple.application-identifier)" ||
  die "the profile has no com.apple.application-identifier: it is not a macOS profile."
[[ "$app_id" == "$TWOFOLD_TEAM_ID.$bundle_id" || "$app_id" == "$TWOFOLD_TEAM_ID.*" ]] ||
  die "the profile is for App ID $app_id; make one for $TWOFOLD_TEAM_ID.$bundle_id."
groups="$(profile Entitlements:keychain-access-groups | sed -e 's/^[[:space:]]*//')" ||
  die "the profile does not authorise keychain-access-groups, so macOS would refuse the helper" \
    "(errSecMissingEntitlement, -34018, or killing it at launch). Regenerate it for App ID $bundle_id."
grep -Fxq "$TWOFOLD_TEAM_ID.*" <<<"$groups" || grep -Fxq "$TWOFOLD_TEAM_ID.$group_suffix" <<<"$groups" ||
  die "the profile's keychain-access-groups ($(tr '\n' ' ' <<<"$groups")) do not include" \
    "$TWOFOLD_TEAM_ID.$group_suffix or $TWOFOLD_TEAM_ID.*."

# --- build -----------------------------------------------------------------------

step "Compiling (arm64 and x86_64)"
# One Swift package (Package.swift here): the helper is a thin wrapper around its TwofoldKeychain library.
swift build --package-path "$here" -c release --product "$executable" --arch arm64 --arch x86_64
cp "$(swift build --package-path "$here" -c release --arch arm64 --arch x86_64 --show-bin-path)/$executable" \
  "$work/$executable"

step "Assembling $bundle_name"
app="$work/$bundle_name"
mkdir -p "$app/Contents/MacOS"
cp "$work/$executable" "$app/Contents/MacOS/$executable"
cp "$sources/Info.plist" "$app/Contents/Info.plist"
cp "$TWOFOLD_PROVISIONING_PROFILE" "$app/Contents/embedded.provisionprofile"
# The entitlements file uses Xcode's variables; codesign does not expand them.
sed -e 's/[$](TeamIdentifierPrefix)/'"$TWOFOLD_TEAM_ID"'./g' \
  -e 's/[$](DEVELOPMENT_TEAM)/'"$TWOFOLD_TEAM_ID"'/g' \
  "$sources/TwofoldKeychainHelper.entitlements" >"$work/entitlements.plist"
plutil -lint -s "$work/entitlements.plist" || die "the expanded entitlements are not a valid property list."
if grep -Fq '$(' "$work/entitlements.plist"; then
  die "an unexpanded \$(...) variable is left in the entitlements."
fi

# --- sign and verify -----------------------------------------------------------

step "Signing with \"$TWOFOLD_SIGNING_IDENTITY\""
timestamp=(--timestamp)
[[ "${TWOFOLD_CODESIGN_TIMESTAMP:-}" == "none" ]] && timestamp=(--timestamp=none)
codesign --force --options runtime "${timestamp[@]}" \
  --entitlements "$work/entitlements.plist" \
  --sign "$TWOFOLD_SIGNING_IDENTITY" "$app" ||
  die "codesign failed (with --timestamp it needs a network connection to Apple)."

step "Verifying the signature"
codesign --verify --strict --verbose=2 "$app" || die "the signed bundle does not verify."
codesign -d --entitlements - --xml "$app" >"$work/signed.plist" 2>/dev/null ||
  codesign -d --entitlements :- "$app" >"$work/signed.plist" 2>/dev/null ||
  die "could not read the entitlements back from the signature."
grep -Fq "$TWOFOLD_TEAM_ID.$group_suffix" "$work/signed.plist" ||
  die "the signature does not carry keychain-access-groups $TWOFOLD_TEAM_ID.$group_suffix."

step "Asking the signed helper to reach the keychain"
# macOS kills a program at launch when its profile does not authorise its
# entitlements (taskgated/amfid in Console), so a clean answer matters.
set +e
reply="$(printf '{"id":1,"op":"ping"}\n' | "$app/Contents/MacOS/$executable")"
status=$?
set -e
((status == 0)) ||
  die "the helper exited with status $status before answering; macOS may have refused its" \
    "entitlements (look for amfid or taskgated in Console.app) or the profile has expired."
[[ "$reply" == *'"ok":true'* ]] || die "the helper answered: $reply"

# --- install ---------------------------------------------------------------------

data_dir="${TWOFOLD_DATA_DIR:-$HOME/Library/Application Support/Twofold}"
step "Installing into $data_dir"
mkdir -p "$data_dir"
rm -rf "$data_dir/$bundle_name.new"
ditto "$app" "$data_dir/$bundle_name.new"
rm -rf "$data_dir/$bundle_name"
mv "$data_dir/$bundle_name.new" "$data_dir/$bundle_name"
printf 'Installed %s\nThe icloud store runs %s\n' "$data_dir/$bundle_name" \
  "$data_dir/$bundle_name/Contents/MacOS/$executable"
