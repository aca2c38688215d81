#!/usr/bin/env bash
# Debian packages the test suite uses. Installed only when missing and when we are root
# (CI and the developers' machines); elsewhere the tests that need them say what is missing.
set -euo pipefail
# age: the reference implementation, to check our bundles' outer layer is standard age.
# poppler-utils: pdftoppm turns printed documents into the pictures in docs/screenshots.
# dbus-daemon, dbus-bin, gnome-keyring: a real Secret Service for the keyring tests
# (.ci/with-keyring.sh starts it in a private session bus).
# desktop-file-utils, appstream: validate packaging/linux/ (about 1.5 MB together).
# cups-daemon, cups-client: a private CUPS scheduler that `print --printer` is tested
# against (tests/cli/test_cli_printer.py; about 1 MB).
# With the argument "slow" (dev.py passes it when pytest is asked for slow tests), also:
# syncthing, two real instances of which carry an exchange folder in
# tests/sync/test_syncthing.py (about 10 MB; a normal run does not pay for it).
# With "xvfb" (dev.py xvfb, dev.py test -m xvfb): an X server without a screen, the X
# libraries Qt's xcb platform loads, and a window manager (openbox; xprop tells when it is
# up), to run the journeys in real, framed windows on a 1024×700 screen; and the AT-SPI bus
# with the distribution's pyatspi, to read the window as a screen reader does
# (tests/journeys/test_screen_reader.py).
wanted=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 age poppler-utils
        dbus-daemon dbus-bin gnome-keyring desktop-file-utils appstream
        cups-daemon cups-client)
for arg in "$@"; do
  case "$arg" in
    slow) wanted+=(syncthing) ;;
    xvfb) wanted+=(xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
                   libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
                   libxcb-xinerama0 openbox x11-utils at-spi2-core python3-pyatspi
                   gir1.2-atspi-2.0) ;;
    *) echo "system-packages.sh: unknown argument: $arg (known: slow, xvfb)" >&2; exit 2 ;;
  esac
done
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "system packages missing (install them by hand): ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
