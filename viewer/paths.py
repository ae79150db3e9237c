"""Where things live: the bundled (read-only) content and index, and the user's own folders.

Bundled files are found next to the package in a source checkout and under PyInstaller's
``sys._MEIPASS`` in a frozen build; nothing is ever written there. User data and caches go to
the platform's user folders (``platformdirs``), which honour ``XDG_DATA_HOME`` and
``XDG_CACHE_HOME`` on Linux.
"""
from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

from viewer import APP_NAME


def app_root() -> Path:
    """The folder that holds ``data/`` and ``resources/`` (the repo, or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def bundled_pack_dir() -> Path:
    return app_root() / "data"


def bundled_index_dir() -> Path:
    """Where a packaged build keeps the index it prebuilt for the bundled pack."""
    return app_root() / "index"


def user_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def index_cache_dir() -> Path:
    return user_cache_dir() / "indexes"


def bookmarks_path() -> Path:
    """The user's bookmarks and notes (``$XDG_DATA_HOME/PartnerHelp/bookmarks.yaml`` on Linux)."""
    return user_data_dir() / "bookmarks.yaml"
