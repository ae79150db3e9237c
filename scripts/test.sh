#!/usr/bin/env bash
# Run the test suite:  bash scripts/test.sh [PYTEST ARGS...]
# Sets up the machine first (scripts/bootstrap.sh), then runs pytest from the
# repository root on Qt's offscreen platform (no display needed).
# PARTNERHELP_TEST_QPA=xcb (under xvfb-run) overrides the platform on purpose.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

export QT_QPA_PLATFORM="${PARTNERHELP_TEST_QPA:-offscreen}"

rc=0
"$ROOT/.venv/bin/python" -m pytest "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    echo "test.sh: FAILED: pytest collected no tests (exit code 5); a run that tests nothing must not pass." >&2
    exit 1
fi
exit "$rc"
