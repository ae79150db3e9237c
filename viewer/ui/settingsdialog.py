"""Preferences: UI language and colour theme."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from viewer.ui.i18n import LANGUAGES
from viewer.ui.settings import Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("Follow the system"), "auto")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("ui/language"))))
        self.theme = QComboBox()
        self.theme.setAccessibleName(self.tr("Theme"))
        for text, code in ((self.tr("Follow the system"), "auto"), (self.tr("Light"), "light"),
                           (self.tr("Dark"), "dark")):
            self.theme.addItem(text, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.get("ui/theme"))))
        note = QLabel(self.tr("Changes take effect the next time PartnerHelp starts."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("&Theme:"), self.theme)
        form.addRow(note)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.set("ui/language", self.language.currentData())
        self.settings.set("ui/theme", self.theme.currentData())
        self.settings.sync()
        super().accept()
