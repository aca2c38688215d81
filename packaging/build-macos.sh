#!/usr/bin/env bash
# Build the macOS disk image: dist/casefile-<version>-macos-<arch>.dmg (+ .sha256).
# Needs: Python 3.11 from python.org (universal2) or Homebrew, Xcode command line tools.
# Build on the oldest macOS you support; build once on arm64 and once on x86_64.
# Optional: CODESIGN_IDENTITY="Developer ID Application: ..." and NOTARY_PROFILE=<a
# `xcrun notarytool store-credentials` profile> sign and notarize (docs/release.md).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || python3 dev.py test tests/test_packaging.py
.venv/bin/python packaging/build.py

app=dist/Casefile.app
version="$("$app/Contents/MacOS/casefile" --version | cut -d' ' -f2)"
dmg="casefile-$version-macos-$(uname -m).dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --deep --force --timestamp --options runtime --sign "$CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
fi

staging=build/dmg
rm -rf "$staging" && mkdir -p "$staging"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"   # drag the app onto it to install
rm -f "dist/$dmg"
hdiutil create -volname "casefile $version" -srcfolder "$staging" -fs HFS+ \
  -format UDZO -ov "dist/$dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --timestamp --sign "$CODESIGN_IDENTITY" "dist/$dmg"
fi
if [ -n "${NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "dist/$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "dist/$dmg"
fi

(cd dist && shasum -a 256 "$dmg" > "$dmg.sha256")
echo "built dist/$dmg"
cat "dist/$dmg.sha256"
