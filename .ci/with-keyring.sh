#!/usr/bin/env bash
# Run a command inside a private D-Bus session that has a real Secret Service (gnome-keyring)
# with a throwaway, unlocked keyring, so the "remember on this device" tests use the real
# thing. dev.py wraps the test run in this when dbus-run-session and gnome-keyring exist:
#   dbus-run-session -- bash .ci/with-keyring.sh COMMAND...
set -euo pipefail
keyrings="$(mktemp -d)"
trap 'rm -rf "$keyrings"' EXIT
export XDG_DATA_HOME="$keyrings"  # gnome-keyring keeps its keyring files here
# The keyring's own password: it only guards this throwaway keyring.
printf 'casefile-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export CASEFILE_TEST_KEYRING=1  # the keyring tests fail, not skip, when the store is missing
"$@"
