#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring,
# so Secret Service tests use the real daemon without touching the user's own
# keyring.
#   scripts/with-keyring.sh npx vitest run
set -euo pipefail
if [ "${TWOFOLD_IN_KEYRING_SESSION:-}" = 1 ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool is missing; install: apt-get install -y dbus gnome-keyring libsecret-tools" >&2; exit 1; }
done
exec dbus-run-session -- bash -c '
  set -euo pipefail
  export TWOFOLD_IN_KEYRING_SESSION=1
  export XDG_RUNTIME_DIR=$(mktemp -d) XDG_DATA_HOME=$(mktemp -d)
  export TWOFOLD_TEST_KEYRING_PASSWORD=${TWOFOLD_TEST_KEYRING_PASSWORD:-twofold-test}
  printf "%s" "$TWOFOLD_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  daemon=$!
  # Wait until the daemon owns its bus name (it starts slowly on a busy machine), or has died.
  owned() { dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; }
  tries=0
  until owned; do
    kill -0 "$daemon" 2>/dev/null || { echo "with-keyring: gnome-keyring-daemon exited before it joined the session bus" >&2; exit 1; }
    tries=$((tries + 1))
    [ "$tries" -lt 1200 ] || { echo "with-keyring: gnome-keyring-daemon never joined the session bus" >&2; exit 1; }
    sleep 0.1
  done
  status=0
  "$@" || status=$?
  kill "$daemon" 2>/dev/null || true
  rm -rf "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
  exit $status
' bash "$@"
