#!/usr/bin/env bash
# Launch PartnerHelp on the bundled content:  bash scripts/app.sh [ARGS...]
# Sets up the machine first (scripts/bootstrap.sh).  With no display at all
# (no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM) the app runs in a
# virtual X server (xvfb-run -a), so the command also works on a headless box.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"

# Not cd'ing into ROOT: relative paths in ARGS stay relative to the caller.
cmd=("$ROOT/.venv/bin/python" "$ROOT/main.py" "$@")

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    if ! command -v xvfb-run >/dev/null 2>&1; then
        echo "app.sh: no display (DISPLAY/WAYLAND_DISPLAY unset) and xvfb-run is not installed;" \
             "install the 'xvfb' Debian package or set QT_QPA_PLATFORM=offscreen." >&2
        exit 1
    fi
    echo "app.sh: no DISPLAY or WAYLAND_DISPLAY: running under a virtual X server (xvfb-run -a); the window is not visible." >&2
    exec xvfb-run -a -s "-screen 0 1280x1024x24" "${cmd[@]}"
fi
exec "${cmd[@]}"
