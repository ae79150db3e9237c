"""A Chinese font for machines that have none.

Qt ships no fonts. On a Linux laptop without a CJK font every Chinese character would be a
box, so a packaged build carries a subset of WenQuanYi Micro Hei (Apache-2.0) in ``fonts/``,
made at packaging time by ``scripts/bundle.py``. It is loaded only when the system offers no
font for Simplified Chinese, and then made the application font's fallback; a system font,
where there is one, always wins. A source checkout has no ``fonts/`` and relies on the system
(``fonts-wqy-microhei`` from ``scripts/debian-packages.txt``).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication

from viewer import paths

BUNDLED_FONT = "PartnerHelpCJK.ttf"


def bundled_font_path() -> Path:
    return paths.app_root() / "fonts" / BUNDLED_FONT


def chinese_families() -> list[str]:
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def ensure_chinese_font(app: QGuiApplication, font_file: Path | None = None) -> str:
    """Make sure some font can show Chinese; say which, e.g. "system: Noto Sans CJK SC".

    Returns "bundled: FAMILY" when the bundled font had to be loaded, or "none" when there is
    no Chinese font at all (a source checkout on a machine without one).
    """
    families = chinese_families()
    if families:
        return f"system: {families[0]}"
    font_file = font_file or bundled_font_path()
    if not font_file.is_file():
        return "none"
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not loaded:
        return "none"
    from PySide6.QtGui import QFont  # only here: its enums cost every start ~3 ms otherwise

    font = QFont(app.font())
    font.setFamilies([font.family(), *[f for f in loaded if f != font.family()]])
    app.setFont(font)
    return f"bundled: {loaded[0]}"
