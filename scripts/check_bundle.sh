#!/usr/bin/env bash
# Check a built bundle the way a channel manager's laptop runs it:
#     bash scripts/check_bundle.sh [ARCHIVE]   (default: dist/PartnerHelp-<version>-linux-<arch>.tar.gz)
# The archive is unpacked into a fresh folder and made read-only; the app then runs as a
# non-root user (nobody, via setpriv, when this runs as root) with HOME an empty folder and a
# bare environment: --version, --self-test offscreen and under Xvfb (xcb), --self-test with no
# Chinese font on the system (the bundled one must take over), and portable mode. It fails if
# any run fails or logs anything, if the bundled index was not used (an index appeared in the
# user cache), or if a library the bundle links to is found neither in it nor on the system.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="$(cd "$ROOT" && "$ROOT/.venv/bin/python" -c 'import viewer; print(viewer.__version__)')"
ARCHIVE="${1:-$ROOT/dist/PartnerHelp-$VERSION-linux-$(uname -m).tar.gz}"
[ -f "$ARCHIVE" ] || { echo "check_bundle: no $ARCHIVE; build it with: bash scripts/build_bundle.sh" >&2; exit 1; }

say() { printf 'check_bundle: %s\n' "$*"; }
fail() { printf 'check_bundle: FAILED: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/partnerhelp-check.XXXXXX")"
cleanup() { chmod -R u+w "$WORK" 2>/dev/null || true; [ -n "${KEEP_CHECK_DIR:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
chmod 755 "$WORK"
mkdir "$WORK/ro"
tar -xzf "$ARCHIVE" -C "$WORK/ro"
APP="$WORK/ro/PartnerHelp/PartnerHelp"
[ -x "$APP" ] || fail "no executable PartnerHelp/PartnerHelp in $ARCHIVE"
chmod -R a-w "$WORK/ro"

# A fontconfig set-up with Latin fonts only: a laptop with no Chinese font.
mkdir -p "$WORK/fc"
cat >"$WORK/fc/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>$WORK/fc/cache</cachedir>
</fontconfig>
EOF

if [ "$(id -u)" -eq 0 ]; then
    RUN_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    OWNER=65534:65534
    WHO="nobody (uid 65534)"
else
    RUN_AS=()
    OWNER="$(id -u):$(id -g)"
    WHO="$(id -un) (uid $(id -u))"
fi
chown -R "$OWNER" "$WORK/fc"

# run NAME [VAR=VALUE...] -- COMMAND...: as the unprivileged user, HOME a new empty folder,
# nothing else from this environment; stdout to $WORK/NAME.out, stderr to $WORK/NAME.err.
run() {
    local name="$1"; shift
    local vars=()
    while [ "$1" != "--" ]; do vars+=("$1"); shift; done
    shift
    HOME_DIR="$WORK/home-$name"
    mkdir -p "$HOME_DIR" && chown "$OWNER" "$HOME_DIR"
    if ! (cd "$HOME_DIR" && "${RUN_AS[@]}" env -i HOME="$HOME_DIR" PATH=/usr/bin:/bin LANG=C.UTF-8 "${vars[@]}" "$@" \
            >"$WORK/$name.out" 2>"$WORK/$name.err"); then
        cat "$WORK/$name.out" "$WORK/$name.err" >&2
        fail "$name exited non-zero"
    fi
}

expect() {  # expect NAME PATTERN: NAME's output matches PATTERN and it logged nothing
    grep -qE "$2" "$WORK/$1.out" || { cat "$WORK/$1.out" "$WORK/$1.err" >&2; fail "$1: output does not match '$2'"; }
    if [ -s "$WORK/$1.err" ]; then cat "$WORK/$1.err" >&2; fail "$1 printed warnings or errors"; fi
    say "$1: $(head -n 1 "$WORK/$1.out")"
}

say "archive $(basename "$ARCHIVE"), unpacked read-only to $WORK/ro, run as $WHO with an empty HOME"

run version -- "$APP" --version
expect version "^PartnerHelp $VERSION\$"

run offscreen QT_QPA_PLATFORM=offscreen -- "$APP" --self-test
expect offscreen "^self-test ok: PartnerHelp $VERSION on offscreen"

run xvfb -- xvfb-run -a -s "-screen 0 1280x1024x24" env QT_QPA_PLATFORM=xcb "$APP" --self-test
expect xvfb "^self-test ok: PartnerHelp $VERSION on xcb"

run no-cjk-font QT_QPA_PLATFORM=offscreen FONTCONFIG_FILE="$WORK/fc/fonts.conf" -- "$APP" --self-test
expect no-cjk-font "Chinese font bundled: "

# What the runs wrote: only the user's folders, and no index (the bundled one was used).
written="$(cd "$WORK" && find home-* -type f | sort)"
say "files written under the HOMEs: $(printf '%s' "$written" | grep -c . || true) ($(printf '%s' "$written" | sed 's|^home-[^/]*/||' | sed 's|/[^/]*$||' | sort -u | tr '\n' ' '))"
if printf '%s\n' "$written" | grep -q "PartnerHelp/indexes/"; then
    fail "an index was built in the user cache: the bundled index was not accepted"
fi

# Portable mode: a writable copy with a 'portable' file keeps everything in PartnerHelp-data/.
mkdir "$WORK/stick"
tar -xzf "$ARCHIVE" -C "$WORK/stick"
touch "$WORK/stick/PartnerHelp/portable"
chown -R "$OWNER" "$WORK/stick"
run portable -- "$WORK/stick/PartnerHelp/PartnerHelp" build-index
expect portable "Indexed [0-9]+ articles into $WORK/stick/PartnerHelp/PartnerHelp-data/cache/indexes/"
[ -z "$(find "$HOME_DIR" -mindepth 1 | head -n 1)" ] || fail "portable mode wrote to HOME: $(find "$HOME_DIR" -mindepth 1)"

# Every library the bundle links to is in it or on this system; name those it takes from the system.
internal="$WORK/ro/PartnerHelp/_internal"
missing="" from_system=""
while IFS= read -r -d '' elf; do
    head -c 4 "$elf" | grep -q "ELF" || continue
    out="$(LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" ldd "$elf" 2>/dev/null || true)"
    missing+="$(printf '%s\n' "$out" | awk -v f="${elf#"$internal"/}" '/not found/{print f ": " $1}')"
    from_system+="$(objdump -p "$elf" | awk '$1 == "NEEDED" {print $2}')"$'\n'
done < <(find "$internal" -type f \( -name '*.so*' -o -path '*/PartnerHelp' \) -print0; printf '%s\0' "$WORK/ro/PartnerHelp/PartnerHelp")
[ -z "$missing" ] || fail "libraries not found: $missing"
bundled="$(find "$internal" -name '*.so*' -printf '%f\n')"
say "linked from the system: $(printf '%s\n' "$from_system" | grep . | sort -u | grep -vxF "$bundled" | tr '\n' ' ')"
say "OK"
