"""Where things live: the bundled (read-only) content and index, and the user's own folders.

Bundled files are found next to the package in a source checkout and under PyInstaller's
``sys._MEIPASS`` in a frozen build; nothing is ever written there. User data, settings and
caches go to the platform's user folders (``platformdirs``), which honour ``XDG_DATA_HOME``,
``XDG_CONFIG_HOME`` and ``XDG_CACHE_HOME`` on Linux.

Portable mode: in a packaged build, a file named ``portable`` next to the executable puts all
of them in ``PartnerHelp-data/`` beside it instead, so the app runs from a USB stick and leaves
nothing on the machine. ``PARTNERHELP_PORTABLE_DIR`` names such a folder directly (tests, or a
source checkout that should behave the same way).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from viewer import APP_NAME

PORTABLE_MARKER = "portable"
PORTABLE_FOLDER = f"{APP_NAME}-data"
PORTABLE_ENV = "PARTNERHELP_PORTABLE_DIR"


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


def user_cache_dir() -> Path:
    portable = portable_dir()
    if portable is not None:
        return portable / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    portable = portable_dir()
    if portable is not None:
        return portable
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    portable = portable_dir()
    if portable is not None:
        return portable
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def index_cache_dir() -> Path:
    return user_cache_dir() / "indexes"


def settings_path() -> Path:
    """The user's settings (``$XDG_CONFIG_HOME/PartnerHelp/settings.ini`` on Linux)."""
    return user_config_dir() / "settings.ini"


def bookmarks_path() -> Path:
    """The user's bookmarks and notes (``$XDG_DATA_HOME/PartnerHelp/bookmarks.yaml`` on Linux)."""
    return user_data_dir() / "bookmarks.yaml"
