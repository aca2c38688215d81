#!/usr/bin/env bash
# Check the Linux desktop entry and AppStream metadata with the freedesktop validators.
# Installs desktop-file-utils and appstream (about 1.5 MB, Debian/Ubuntu) when they are
# missing and we are root; otherwise says what to install and exits 3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app_id=org.casefile.Casefile

missing=()
command -v desktop-file-validate >/dev/null || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null || missing+=(appstream)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "validators missing (install them by hand): ${missing[*]}" >&2
    exit 3
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

desktop-file-validate "$here/$app_id.desktop"
appstreamcli validate --no-net --explain "$here/$app_id.metainfo.xml"
echo "ok: $app_id.desktop and $app_id.metainfo.xml are valid"
