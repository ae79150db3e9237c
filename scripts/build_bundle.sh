#!/usr/bin/env bash
# Build the packaged app:  bash scripts/build_bundle.sh
#   -> dist/PartnerHelp/ (one folder, executable dist/PartnerHelp/PartnerHelp) and
#      dist/PartnerHelp-<version>-linux-x86_64.tar.gz, with their sizes against the budget
#      (folder <= 120 MB, archive <= 50 MB; the build fails when over).
# Sets the machine up first (scripts/bootstrap.sh), installs the packaging extra
# (PyInstaller, fontTools: pip install -e '.[package]') into .venv when pyproject.toml
# changed, then runs `pyinstaller --noconfirm PartnerHelp.spec` (which builds the .qm
# translations, the index of data/, the Chinese font subset and the icons into build/bundle/)
# and `scripts/bundle.py archive`. Check the result with: bash scripts/check_bundle.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

STAMP=".venv/.partnerhelp-package.sha256"
want="$( { cat pyproject.toml; .venv/bin/python -VV; printf '%s\n' "$ROOT"; } | sha256sum | awk '{print $1}')"
if [ "$want" != "$(cat "$STAMP" 2>/dev/null || true)" ]; then
    echo "build_bundle: installing the packaging extra into .venv (pip install -e '.[test,package]')" >&2
    PYTHONWARNINGS="ignore:Editable installation" .venv/bin/python -m pip install --quiet \
        --disable-pip-version-check --no-input -e '.[test,package]'
    printf '%s\n' "$want" >"$STAMP"
fi

started=$SECONDS
.venv/bin/pyinstaller --noconfirm --log-level WARN PartnerHelp.spec
.venv/bin/python scripts/bundle.py archive
echo "build_bundle: built in $((SECONDS - started)) s"
