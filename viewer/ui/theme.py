"""Light and dark palettes. "auto" keeps the system's; on desktops that report a dark colour
scheme but give Qt no palette (common on Linux), Qt's Fusion style gets a dark one."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#202124"), (roles.WindowText, "#e8eaed"), (roles.Base, "#1b1c1f"),
                         (roles.AlternateBase, "#26272b"), (roles.Text, "#e8eaed"), (roles.Button, "#2b2c30"),
                         (roles.ButtonText, "#e8eaed"), (roles.Highlight, "#3d6fd6"),
                         (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#303134"),
                         (roles.ToolTipText, "#e8eaed"), (roles.Link, "#8ab4f8"), (roles.PlaceholderText, "#9aa0a6")):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#6f7378"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#6f7378"))
    return palette


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str) -> None:
    wants_dark = theme == "dark" or (theme == "auto" and system_is_dark())
    if theme == "auto" and not wants_dark:
        return  # the system's own palette
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if wants_dark else app.style().standardPalette())


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
