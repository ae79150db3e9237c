"""Where things live: the bundled (read-only) content and index, and the user's own folders.

Bundled files are found next to the package in a source checkout and under PyInstaller's
``sys._MEIPASS`` in a frozen build; nothing is ever written there. User data, settings and
caches go to the platform's user folders (``platformdirs``), which honour ``XDG_DATA_HOME``,
``XDG_CONFIG_HOME`` and ``XDG_CACHE_HOME`` on Linux. Importing platformdirs costs the window's
start ~10 ms, so on Linux the usual case is worked out here the same way (a test compares).

Portable mode: in a packaged build, a file named ``portable`` next to the executable puts all
of them in ``PartnerHelp-data/`` beside it instead, so the app runs from a USB stick and leaves
nothing on the machine. ``PARTNERHELP_PORTABLE_DIR`` names such a folder directly (tests, or a
source checkout that should behave the same way).
"""
from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

from viewer import APP_NAME

PORTABLE_MARKER = "portable"
PORTABLE_FOLDER = f"{APP_NAME}-data"
PORTABLE_ENV = "PARTNERHELP_PORTABLE_DIR"
_XDG = {"data": ("XDG_DATA_HOME", "~/.local/share"), "config": ("XDG_CONFIG_HOME", "~/.config"),
        "cache": ("XDG_CACHE_HOME", "~/.cache")}


def app_root() -> Path:
    """The folder that holds ``data/`` and ``resources/`` (the repo, or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def bundled_pack_dir() -> Path:
    return app_root() / "data"


def bundled_index_dir() -> Path:
    """Where a packaged build keeps the index it prebuilt for the bundled pack."""
    return app_root() / "index"


def portable_dir() -> Path | None:
    """The folder that holds all user data in portable mode, or None for the platform's folders."""
    override = os.environ.get(PORTABLE_ENV)
    if override:
        return Path(override).resolve()
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        if (exe_dir / PORTABLE_MARKER).is_file():
            return exe_dir / PORTABLE_FOLDER
    return None


def platform_dir(kind: str) -> Path:
    """platformdirs' user folder of ``kind`` ("data", "config" or "cache") for PartnerHelp.

    On Linux (not Android) with an absolute XDG variable, or else an absolute HOME, that is the
    variable's folder, or HOME's default one, plus the app's name; anything else is left to
    platformdirs.
    """
    variable, default = _XDG[kind]
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel") and "ANDROID_DATA" not in os.environ:
        base = os.environ.get(variable, "")
        if not posixpath.isabs(base) and posixpath.isabs(os.environ.get("HOME", "")):
            base = os.path.expanduser(default)
        if posixpath.isabs(base):
            return Path(base, APP_NAME)
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    portable = portable_dir()
    if portable is not None:
        return portable / "cache"
    return platform_dir("cache")


def user_data_dir() -> Path:
    portable = portable_dir()
    return portable if portable is not None else platform_dir("data")


def user_config_dir() -> Path:
    portable = portable_dir()
    return portable if portable is not None else platform_dir("config")


def index_cache_dir() -> Path:
    return user_cache_dir() / "indexes"


def settings_path() -> Path:
    """The user's settings (``$XDG_CONFIG_HOME/PartnerHelp/settings.ini`` on Linux)."""
    return user_config_dir() / "settings.ini"


def bookmarks_path() -> Path:
    """The user's bookmarks and notes (``$XDG_DATA_HOME/PartnerHelp/bookmarks.yaml`` on Linux)."""
    return user_data_dir() / "bookmarks.yaml"
