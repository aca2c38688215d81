#!/usr/bin/env bash
# Install casefile for the current user from the unpacked Linux tarball:
#   tar xzf casefile-<version>-linux-x86_64.tar.gz && ./casefile-<version>-linux-x86_64/install.sh
# Program: ~/.local/lib/casefile; command: ~/.local/bin/casefile; menu entry and icons
# under ~/.local/share. Run it again to upgrade; `install.sh --uninstall` removes the
# program (never your vaults, which live in ~/.local/share/casefile).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
lib="$HOME/.local/lib/casefile"
bin="$HOME/.local/bin"
app_id=org.casefile.Casefile

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$lib" "$bin/casefile" "$data/applications/$app_id.desktop" \
    "$data/metainfo/$app_id.metainfo.xml"
  find "$data/icons/hicolor" -name "$app_id.*" -delete 2>/dev/null || true
  echo "casefile removed (vaults in $data/casefile are kept)"
  exit 0
fi

mkdir -p "$lib" "$bin" "$data/applications" "$data/metainfo"
rm -rf "$lib" && cp -a "$here/casefile" "$lib"
ln -sf "$lib/casefile" "$bin/casefile"
# The menu entry runs the installed program by its full path (~/.local/bin may not be on
# the desktop session's PATH).
sed "s|^Exec=casefile|Exec=$lib/casefile|" "$here/share/applications/$app_id.desktop" \
  > "$data/applications/$app_id.desktop"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$data/metainfo/"
cp -a "$here/share/icons/." "$data/icons/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "casefile $("$lib/casefile" --version | cut -d' ' -f2) installed: run 'casefile' or find it in the menu"
