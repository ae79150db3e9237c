"""UI language: the system's by default (Simplified Chinese when it is neither Chinese nor
English), or the user's choice. Our strings come from ``resources/translations/*.qm`` (built
from the ``.ts`` sources by ``scripts/translations.py``); Qt's own dialogs from Qt's
``qtbase_*.qm``. English is the source language and needs no file.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from viewer import paths

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def translations_dir():
    return paths.app_root() / "resources" / "translations"


def choose_language(setting: str, system: QLocale | None = None) -> str:
    if setting in LANGUAGES:
        return setting
    locale = system or QLocale.system()
    return "en" if locale.language() == QLocale.Language.English else "zh_CN"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install and return the translators (keep a reference: Qt does not own them)."""
    if language == "en":
        return []
    installed = []
    for name, folder in ((f"partnerhelp_{language}", str(translations_dir())),
                         (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            print(f"PartnerHelp: no {name}.qm in {folder}; showing English for those texts",
                  file=sys.stderr)
    return installed
