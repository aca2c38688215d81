#!/usr/bin/env bash
# Build the Linux download: dist/casefile-<version>-linux-<arch>.tar.gz (+ .sha256).
# The tarball holds the one-folder program, the desktop entry, AppStream metadata, icons
# and install.sh, which installs all of it for the current user (no root needed).
# Build on the oldest distribution you support (glibc is not backwards compatible): e.g.
# Debian 12. The build machine needs Qt's X11 libraries so PyInstaller can bundle them:
#   apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
#     libxcb-xkb1 libxkbcommon-x11-0 libxcb-render-util0 libxcb-image0
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || python3 dev.py test tests/test_packaging.py
.venv/bin/python packaging/build.py
bash packaging/linux/validate.sh

version="$(dist/casefile/casefile --version | cut -d' ' -f2)"
name="casefile-$version-linux-$(uname -m)"
staging="build/$name"
rm -rf "$staging" && mkdir -p "$staging/share/applications" "$staging/share/metainfo"
cp -a dist/casefile "$staging/casefile"
cp packaging/linux/org.casefile.Casefile.desktop "$staging/share/applications/"
cp packaging/linux/org.casefile.Casefile.metainfo.xml "$staging/share/metainfo/"
cp -a packaging/linux/icons "$staging/share/icons"
cp packaging/linux/install.sh "$staging/install.sh"
tar -C build --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "built dist/$name.tar.gz"
cat "dist/$name.tar.gz.sha256"
