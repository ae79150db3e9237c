"""A declarative schema of the user's settings, stored with QSettings in an INI file.

Every setting is declared once with its type and default; a value that is missing, of the
wrong type or out of range reads as the default, so a hand-edited or damaged settings file
never breaks start-up. The file lives in the platform's config folder (or the portable data
folder: ``viewer.paths``), not where QSettings would guess from an organisation name.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QByteArray, QSettings

from viewer import paths


class Setting(NamedTuple):  # not a dataclass: making one costs start-up ~2 ms
    key: str
    type: type
    default: Any
    choices: tuple = ()
    bounds: tuple[int, int] | None = None
    doc: str = ""


SCHEMA = {s.key: s for s in (
    Setting("window/geometry", QByteArray, QByteArray(), doc="main window size and position"),
    Setting("window/state", QByteArray, QByteArray(), doc="toolbars and docks"),
    Setting("window/splitter", QByteArray, QByteArray(), doc="width of the left side"),
    Setting("reader/zoom", int, 0, bounds=(-5, 10), doc="answer pane zoom steps"),
    Setting("reader/last_article", str, "", doc="reopened at the next start"),
    Setting("ui/language", str, "auto", choices=("auto", "zh_CN", "en"), doc="auto follows the system"),
    Setting("ui/theme", str, "auto", choices=("auto", "light", "dark"), doc="auto follows the system"),
)}


def settings_path() -> Path:
    return paths.settings_path()


class Settings:
    def __init__(self, path: Path | None = None):
        self.path = path or settings_path()
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        setting = SCHEMA[key]
        raw = self._store.value(key)
        if raw is None:
            return setting.default
        try:
            value = raw if isinstance(raw, setting.type) else setting.type(raw)
        except (TypeError, ValueError):
            return setting.default
        if setting.choices and value not in setting.choices:
            return setting.default
        if setting.bounds and not setting.bounds[0] <= value <= setting.bounds[1]:
            return setting.default
        return value

    def set(self, key: str, value: Any) -> None:
        if key not in SCHEMA:
            raise KeyError(key)
        self._store.setValue(key, value)

    def sync(self) -> None:
        self._store.sync()
