"""The UI is translated through Qt's tools: .ts sources in resources/, .qm built by lrelease."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from conftest import REPO
from viewer.ui import i18n

pytestmark = pytest.mark.gui
TS = REPO / "resources" / "translations" / "partnerhelp_zh_CN.ts"


def _pyside_tool(name):
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def test_every_ui_string_in_the_code_is_translated(tmp_path):
    """Re-extract the strings into a copy of the .ts: nothing new or unfinished may appear."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (REPO / "viewer" / "ui").glob("*.py"))
    subprocess.run([_pyside_tool("lupdate"), "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)],
                   check=True, capture_output=True)
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "run scripts/translations.py update and translate the new strings"


def test_the_chinese_window_is_chinese(qtbot, tmp_path, monkeypatch, services, settings):
    subprocess.run([_pyside_tool("lrelease"), "-silent", str(TS), "-qm", str(tmp_path / "partnerhelp_zh_CN.qm")],
                   check=True)
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    app = QCoreApplication.instance()
    translators = i18n.install_translators(app, "zh_CN")
    try:
        assert len(translators) == 2  # ours and Qt's own (qtbase) for the standard dialogs
        from viewer.ui.mainwindow import MainWindow

        window = MainWindow(services, settings)
        qtbot.addWidget(window)
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus == ["文件(&F)", "编辑(&E)", "查看(&V)", "转到(&G)", "书签(&B)", "帮助(&H)"]
        assert window.side.search_box.placeholderText() == "搜索（Ctrl+K）"
        assert window.pack_label.text().endswith("20 篇文章")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own strings
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_english_needs_no_translation_file():
    assert i18n.install_translators(QCoreApplication.instance(), "en") == []


def test_a_missing_qm_file_falls_back_to_english_with_a_note(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    translators = i18n.install_translators(QCoreApplication.instance(), "zh_CN")
    try:
        assert "no partnerhelp_zh_CN.qm" in capsys.readouterr().err
    finally:
        for translator in translators:
            QCoreApplication.instance().removeTranslator(translator)
