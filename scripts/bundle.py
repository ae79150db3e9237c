#!/usr/bin/env python3
"""Packaging helpers for ``PartnerHelp.spec`` and ``scripts/build_bundle.sh``.

    python scripts/bundle.py prepare [STAGE]   # .qm, prebuilt index, Chinese font subset, icons
    python scripts/bundle.py archive [DIST]    # .tar.gz (.zip on Windows), sizes vs budget, glibc

``prepare`` writes everything the bundle needs that is build output into ``STAGE``
(``build/bundle``): ``index/`` (the bundled pack's index; its manifest carries the pack's
fingerprint, so ``ensure_index`` accepts it read-only), ``fonts/`` (a subset of WenQuanYi Micro
Hei: the GB2312 repertoire plus every character of the pack and the UI translations, with its
licence) and ``icons/`` (.ico/.icns/.png drawn by Qt from the SVG). The spec runs it itself.

``keep()`` decides which of what PyInstaller's PySide6 hooks collect goes into the bundle; the
spec applies it. Pure functions, so ``tests/test_bundle.py`` checks the rules without building.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / "build" / "bundle"
DIST = ROOT / "dist" / "PartnerHelp"
FONT_NAME = "PartnerHelpCJK.ttf"  # viewer/ui/fonts.py looks for this name
# Debian's fonts-wqy-microhei (Apache-2.0 or GPL-3+ with font exception); another source of
# the same font can be named with PARTNERHELP_CJK_FONT.
FONT_SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_LICENCES = (Path("/usr/share/doc/fonts-wqy-microhei/copyright"),
                 Path("/usr/share/common-licenses/Apache-2.0"))
MB = 1_000_000
BUDGET_FOLDER_MB = 120
BUDGET_ARCHIVE_MB = 50

# Qt plugins by group, and which of each group the app uses (None: all of that group).
# Names without "lib" and suffix, so the same rules hold for .so, .dll and .dylib.
QT_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qoffscreen", "qwayland", "qwindows", "qcocoa"},
    "platformthemes": {"qxdgdesktopportal"},      # native file dialogs via the desktop portal
    "platforminputcontexts": None,                # ibus + compose: typing Chinese in the search box
    "wayland-shell-integration": {"xdg-shell"},   # the shell every Wayland desktop speaks
    "wayland-decoration-client": None,            # window frames on GNOME (adwaita) and others
    "imageformats": {"qsvg"},                     # the SVG icon (PNG is built into QtGui)
    "iconengines": {"qsvgicon"},
    "printsupport": None,                         # CUPS printers (PDF export needs no plugin)
    "styles": None,                               # Windows: the native style
}
QT_TRANSLATIONS = {"qtbase_zh_CN.qm"}             # Qt's own dialogs in Chinese (viewer/ui/i18n.py)
# PySide6 modules the app does not import, which PyInstaller's hooks would still collect.
EXCLUDED_MODULES = ["PySide6.QtNetwork", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
                    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtSql", "PySide6.QtTest",
                    "PySide6.QtConcurrent", "PySide6.QtXml", "PySide6.QtDesigner", "PySide6.QtUiTools",
                    "tkinter", "_tkinter", "pydoc_data",
                    # No network: ssl and OpenSSL's hashlib backend would bring libssl and libcrypto
                    # (5 MB); every importer guards ``import ssl`` and hashlib has built-in sha256.
                    "ssl", "_ssl", "_hashlib",
                    # Whoosh's writer with a process per core, which the app never asks for: with
                    # it, PyInstaller's multiprocessing and pkgutil start-up hooks cost every start
                    # of the bundle ~10 ms (1.34x a bare frozen window's time against 1.25x).
                    "multiprocessing"]
# Libraries every target desktop has and that must come from it: libcups talks to the local
# print server (and pulls in gnutls, krb5, avahi: ~9 MB); without it printing still exports PDF.
SYSTEM_LIBRARIES = {"libcups.so.2"}


def _stem(name: str) -> str:
    stem = name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest: str) -> bool:
    """Whether a file PyInstaller collected (its path inside the bundle) belongs in it."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "PySide6" in parts:
        if "translations" in parts:
            return parts[-1] in QT_TRANSLATIONS
        if "plugins" in parts:
            at = parts.index("plugins")
            if len(parts) < at + 3:
                return True
            allowed = QT_PLUGINS.get(parts[at + 1], set())
            return allowed is None or _stem(parts[-1]) in allowed
    return parts[-1] not in SYSTEM_LIBRARIES


def needed_closure(binaries: list[tuple[str, str, str]], needed) -> set[str]:
    """Bundle paths of the binaries reachable from the roots (Python extensions, the Python
    library, Qt plugins): a host library only a dropped plugin needed is dropped too.

    ``needed(src)`` lists the library names ``src`` links against (DT_NEEDED and the like).
    """
    by_name: dict[str, list[tuple[str, str]]] = {}
    for dest, src, _kind in binaries:
        by_name.setdefault(PurePosixPath(dest.replace("\\", "/")).name, []).append((dest, src))
    todo = [(dest, src) for dest, src, kind in binaries
            if kind == "EXTENSION" or "/plugins/" in dest.replace("\\", "/")
            or re.match(r"(lib)?python\d", PurePosixPath(dest.replace("\\", "/")).name)]
    reached: set[str] = set()
    while todo:
        dest, src = todo.pop()
        if dest in reached:
            continue
        reached.add(dest)
        for name in needed(src):
            if name not in SYSTEM_LIBRARIES:
                todo.extend(by_name.get(PurePosixPath(name).name, []))
    return reached


def drop_dangling_links(toc: list[tuple[str, str, str]], kept: set[str]) -> list[tuple[str, str, str]]:
    """PyInstaller's SYMLINK entries (dest, target in the bundle, "SYMLINK") whose target stays."""
    return [entry for entry in toc if entry[2] != "SYMLINK" or entry[1] in kept]


# ------------------------------------------------------------------------- prepare

def _run(*command: str | Path, **kwargs) -> None:
    subprocess.run([str(c) for c in command], check=True, cwd=ROOT, **kwargs)


def prepare(stage: Path = STAGE) -> Path:
    """Translations, index, font and icons for the bundle; returns ``stage``."""
    started = time.perf_counter()
    stage = Path(stage)
    stage.mkdir(parents=True, exist_ok=True)
    _run(sys.executable, ROOT / "scripts" / "translations.py", "build")
    if not list((ROOT / "resources" / "translations").glob("*.qm")):
        sys.exit("bundle.py: no .qm translations were built")
    _run(sys.executable, ROOT / "main.py", "build-index", "--content", ROOT / "data", "--out", stage / "index")
    if sys.platform.startswith("linux"):  # Windows and macOS always have a Chinese font
        font_subset(stage / "fonts")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    _run(sys.executable, Path(__file__), "icons", stage / "icons", env=env)
    print(f"bundle.py: prepared {stage} in {time.perf_counter() - started:.1f} s")
    return stage


def font_characters() -> set[str]:
    """GB2312's whole repertoire (6763 hanzi and its symbols: what fontconfig needs to call a
    font Simplified Chinese, and what a user's notes or a new pack will mostly use), every
    character of the pack and of the translations, ASCII, and the CJK and general punctuation."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for block in ((0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
        chars.update(chr(c) for c in range(block[0], block[1] + 1))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    sources = [*sorted((ROOT / "data").rglob("*.yaml")),
               *sorted((ROOT / "resources" / "translations").glob("*.ts"))]
    for source in sources:
        chars.update(source.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def font_subset(out_dir: Path) -> Path:
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        sys.exit("bundle.py: fontTools is missing; install the packaging extra: pip install -e '.[package]'")
    source = Path(os.environ.get("PARTNERHELP_CJK_FONT", FONT_SOURCE))
    if not source.is_file():
        sys.exit(f"bundle.py: no Chinese font at {source}: install the Debian package fonts-wqy-microhei "
                 "(scripts/bootstrap.sh does) or name a WenQuanYi Micro Hei file in PARTNERHELP_CJK_FONT")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it reports every table it prunes
    out_dir.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    options.prune_codepage_ranges = False  # keep the GB2312 bit: Qt reads the writing systems from it
    options.drop_tables += ["FFTM"]
    font = TTFont(str(source), fontNumber=0)  # 0: WenQuanYi Micro Hei (1 is the Mono variant)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in font_characters()))
    subsetter.subset(font)
    target = out_dir / FONT_NAME
    font.save(str(target))
    licence = out_dir / "LICENSE-WenQuanYi-Micro-Hei.txt"
    texts = [f"{FONT_NAME} is a subset of WenQuanYi Micro Hei 0.2.0 ({source.name}), made by\n"
             "PartnerHelp's build (scripts/bundle.py) with fontTools: only the characters of GB2312,\n"
             "of the bundled content and of the UI translations are kept, hinting is dropped.\n"
             "It is used under the Apache License 2.0 (one of the font's two licences).\n"]
    texts += [f"\n----- {p} -----\n\n{p.read_text(encoding='utf-8')}" for p in FONT_LICENCES if p.is_file()]
    licence.write_text("".join(texts), encoding="utf-8")
    print(f"bundle.py: Chinese font subset {target} ({target.stat().st_size / MB:.2f} MB, "
          f"{len(font.getBestCmap())} characters)")
    return target


def icons(out_dir: Path) -> None:
    """The SVG icon as .png, .ico (Windows executable) and .icns (macOS app), drawn by Qt."""
    from PySide6.QtGui import QGuiApplication, QIcon, QImageWriter

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - Qt needs it to draw
    out_dir.mkdir(parents=True, exist_ok=True)
    icon = QIcon(str(ROOT / "resources" / "icons" / "partnerhelp.svg"))
    image = icon.pixmap(256, 256).toImage()
    if image.isNull():
        sys.exit("bundle.py: Qt could not draw resources/icons/partnerhelp.svg (no SVG image plugin?)")
    for suffix in ("png", "ico", "icns"):
        writer = QImageWriter(str(out_dir / f"partnerhelp.{suffix}"), suffix.encode())
        if not writer.write(image.convertToFormat(image.Format.Format_ARGB32)):
            print(f"bundle.py: no .{suffix} icon: {writer.errorString()}", file=sys.stderr)


# ------------------------------------------------------------------------- archive

def folder_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def archive_name(version: str) -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    import platform

    machine = platform.machine().lower().replace("amd64", "x86_64")
    suffix = ".zip" if sys.platform == "win32" else ".tar.gz"
    return f"PartnerHelp-{version}-{system}-{machine}{suffix}"


def make_archive(dist: Path, target: Path) -> Path:
    """The bundle folder as one archive whose top folder is ``PartnerHelp/``."""
    files = sorted(p for p in dist.rglob("*") if not p.is_dir() or p.is_symlink())
    if target.suffix == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
            for path in files:
                out.write(path, Path(dist.name) / path.relative_to(dist))
    else:
        with tarfile.open(target, "w:gz", compresslevel=9) as out:
            out.add(dist, arcname=dist.name)
    return target


def glibc_needed(dist: Path) -> tuple[str, str]:
    """The newest GLIBC_x.y symbol version any ELF file in the bundle needs, and which file."""
    objdump = shutil.which("objdump")
    if sys.platform != "linux" or objdump is None:
        return "", ""
    best, which = (0,), ""
    for path in dist.rglob("*"):
        if not path.is_file() or path.is_symlink() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        out = subprocess.run([objdump, "-T", str(path)], capture_output=True, text=True).stdout
        for found in set(re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out)):
            version = tuple(int(x) for x in found.split("."))
            if version > best:
                best, which = version, str(path.relative_to(dist))
    return ".".join(map(str, best)), which


def archive(dist: Path = DIST) -> int:
    """Make the archive, print sizes against the budget; exit 1 when over it."""
    sys.path.insert(0, str(ROOT))
    from viewer import __version__

    dist = Path(dist)
    if not (dist / ("PartnerHelp.exe" if sys.platform == "win32" else "PartnerHelp")).exists():
        sys.exit(f"bundle.py: no bundle in {dist}; run: pyinstaller --noconfirm PartnerHelp.spec")
    target = make_archive(dist, dist.parent / archive_name(__version__))
    folder_mb, archive_mb = folder_bytes(dist) / MB, target.stat().st_size / MB
    glibc, which = glibc_needed(dist)
    print(f"bundle:  {dist}  {folder_mb:.1f} MB (budget {BUDGET_FOLDER_MB} MB), "
          f"{sum(1 for p in dist.rglob('*') if p.is_file())} files")
    print(f"archive: {target}  {archive_mb:.1f} MB (budget {BUDGET_ARCHIVE_MB} MB)")
    if glibc:
        print(f"needs glibc >= {glibc} (newest symbol version, in {which})")
    over = [f"folder {folder_mb:.1f} > {BUDGET_FOLDER_MB} MB"] * (folder_mb > BUDGET_FOLDER_MB)
    over += [f"archive {archive_mb:.1f} > {BUDGET_ARCHIVE_MB} MB"] * (archive_mb > BUDGET_ARCHIVE_MB)
    if over:
        print("bundle.py: OVER BUDGET: " + "; ".join(over), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    commands = {"prepare": lambda a: prepare(Path(a) if a else STAGE) and 0,
                "icons": lambda a: icons(Path(a or STAGE / "icons")) or 0,
                "archive": lambda a: archive(Path(a) if a else DIST)}
    if len(argv) not in (1, 2) or argv[0] not in commands:
        sys.exit(__doc__)
    return commands[argv[0]](argv[1] if len(argv) == 2 else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
