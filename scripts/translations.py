#!/usr/bin/env python3
"""Qt translations of the UI: ``update`` refreshes the .ts sources from the code, ``build``
compiles them to .qm (what the app loads). The .qm files are build output, never edited.

    python scripts/translations.py update   # after changing UI strings; then translate the .ts
    python scripts/translations.py build    # run by scripts/bootstrap.sh and the packaging spec
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "viewer" / "ui").glob("*.py"))
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ["zh_CN"]


def tool(name: str) -> str:
    """The PySide6 wrapper next to this Python (in the venv), else on PATH."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        sys.exit(f"translations.py: pyside6-{name} not found; install PySide6-Essentials")
    return found


def update() -> None:
    for language in LANGUAGES:
        ts = TS_DIR / f"partnerhelp_{language}.ts"
        subprocess.run([tool("lupdate"), "-no-obsolete", "-locations", "none",
                        *map(str, SOURCES), "-ts", str(ts)], check=True)


def build() -> None:
    for ts in sorted(TS_DIR.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


if __name__ == "__main__":
    commands = {"update": update, "build": build}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
