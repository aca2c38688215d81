#!/usr/bin/env bash
# Runs "$@" under a window manager (openbox) on the X display xvfb-run made, so that the
# journeys meet what a desktop does: title bars and frames, focus moving between windows,
# dialogs placed by the window manager. Without openbox (not root, not Debian) it says so
# and runs "$@" on the bare X server.
set -uo pipefail
wm=""
if command -v openbox >/dev/null; then
  openbox --sm-disable >/dev/null 2>&1 &
  wm=$!
  # Until it manages the screen: a window manager names itself on the root window.
  for _ in $(seq 50); do
    xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q "window id" && break
    sleep 0.1
  done
else
  echo "with-wm.sh: no openbox: the journeys run without a window manager" >&2
fi
"$@"
rc=$?
if [ -n "$wm" ]; then
  kill "$wm" 2>/dev/null
fi
exit $rc
