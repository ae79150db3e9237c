#!/usr/bin/env bash
# Idempotent set-up for PartnerHelp on Debian 12 (bookworm).  Called by
# scripts/app.sh and scripts/test.sh before they do anything else; safe to
# run by hand as often as you like.  Run it (bash scripts/bootstrap.sh); do
# not source it: it sets -euo pipefail and exits on error.
#
#   1. Installs the Debian packages listed in scripts/debian-packages.txt that
#      `dpkg -s` reports missing (apt-get update once, then
#      apt-get install -y --no-install-recommends).  Uses sudo when not root;
#      skips with a message when neither root nor sudo is available.
#   2. Creates .venv with `python3 -m venv` if it is missing or broken.
#   3. Runs `pip install -e '.[test]'` when pyproject.toml (or the checkout's
#      location) changed since the last successful install; a stamp file
#      inside .venv records the hash.
#
# Environment knobs:
#   PARTNERHELP_SKIP_APT=1   never touch Debian packages (step 1 skipped)
#   PYTHON=/path/to/python3  interpreter used to create .venv (default python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PKG_LIST="$ROOT/scripts/debian-packages.txt"
STAMP="$VENV/.partnerhelp-bootstrap.sha256"
PYTHON="${PYTHON:-python3}"

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { printf 'bootstrap: ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. Debian
debian_packages() {
    # Package names from the list: strip comments and blank lines.
    sed -e 's/#.*//' -e 's/[[:space:]]\+$//' -e '/^[[:space:]]*$/d' "$PKG_LIST" \
        | awk '{print $1}'
}

is_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

install_debian_packages() {
    if [ "${PARTNERHELP_SKIP_APT:-0}" = "1" ]; then
        say "PARTNERHELP_SKIP_APT=1: not checking Debian packages."
        return 0
    fi
    if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "no dpkg/apt-get here (not Debian?): skipping system packages."
        say "Qt needs the libraries listed in scripts/debian-packages.txt; install their equivalents."
        return 0
    fi

    local missing=() pkg
    while IFS= read -r pkg; do
        is_installed "$pkg" || missing+=("$pkg")
    done < <(debian_packages)
    [ "${#missing[@]}" -eq 0 ] && return 0

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            say "SKIPPING system packages: not root and no sudo. Missing: ${missing[*]}"
            say "Ask an administrator to run: apt-get install --no-install-recommends ${missing[*]}"
            return 0
        fi
        if [ -t 0 ]; then
            sudo=(sudo)          # interactive: sudo may ask for a password
        elif sudo -n true 2>/dev/null; then
            sudo=(sudo -n)       # no terminal (CI): only password-less sudo
        else
            say "SKIPPING system packages: sudo needs a password and there is no terminal. Missing: ${missing[*]}"
            say "Run once by hand: sudo apt-get install --no-install-recommends ${missing[*]}"
            return 0
        fi
    fi

    say "installing ${#missing[@]} Debian package(s): ${missing[*]}"
    local log
    log="$(mktemp "${TMPDIR:-/tmp}/partnerhelp-apt.XXXXXX")"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get update failed (full log: $log)"
    fi
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get install failed (full log: $log)"
    fi
    rm -f "$log"
    for pkg in "${missing[@]}"; do
        is_installed "$pkg" || die "Debian package $pkg is still not installed"
    done
}

# ---------------------------------------------------------------- 2. venv
ensure_venv() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        return 0
    fi
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found on PATH (Python 3.11+ needed)"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "$PYTHON is $("$PYTHON" -V 2>&1); PartnerHelp needs Python 3.11 or newer"
    if [ -e "$VENV" ]; then
        say "$VENV is broken (its python does not run): recreating it"
        rm -rf "$VENV"
    fi
    say "creating virtual environment $VENV"
    if ! "$PYTHON" -m venv "$VENV"; then
        rm -rf "$VENV"
        die "'$PYTHON -m venv' failed; on Debian install the venv module: apt-get install python3-venv"
    fi
}

# ---------------------------------------------------------------- 3. pip
install_project() {
    # The stamp covers pyproject.toml, the venv's Python and the checkout's
    # path (an editable install points at an absolute path).
    local want have=""
    want="$( { cat "$ROOT/pyproject.toml"; "$VENV/bin/python" -VV; printf '%s\n' "$ROOT"; } \
              | sha256sum | awk '{print $1}')"
    [ -f "$STAMP" ] && have="$(cat "$STAMP")"
    [ "$want" = "$have" ] && return 0

    say "installing PartnerHelp and its test dependencies into .venv (pip install -e '.[test]')"
    rm -f "$STAMP"
    # PYTHONWARNINGS: hush setuptools' generic "Editable installation" notice
    # (it is printed even with --quiet and is not an error).
    (cd "$ROOT" && PYTHONWARNINGS="ignore:Editable installation" \
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --no-input -e '.[test]') \
        || die "pip install -e '.[test]' failed (see the errors above)"
    printf '%s\n' "$want" >"$STAMP"
}

main() {
    install_debian_packages
    ensure_venv
    # One bootstrap at a time per checkout (app.sh and test.sh may race).
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$VENV/.bootstrap.lock"
        flock 9
    fi
    install_project
    # The UI's .qm translations are build output (from resources/translations/*.ts).
    "$VENV/bin/python" "$ROOT/scripts/translations.py" build \
        || die "building the translations failed (see the errors above)"
}

main "$@"
