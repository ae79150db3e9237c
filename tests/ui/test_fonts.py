"""The bundled Chinese font is loaded only when the system has none, and then is the fallback."""
from pathlib import Path

import pytest
from PySide6.QtGui import QFont

from viewer.ui import fonts

pytestmark = pytest.mark.gui
SYSTEM_CJK = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@pytest.fixture
def app_font(qapp):
    before = QFont(qapp.font())
    yield qapp
    qapp.setFont(before)


def test_a_system_chinese_font_wins(app_font, tmp_path):
    if not fonts.chinese_families():
        pytest.skip("this machine has no Chinese font")
    assert fonts.ensure_chinese_font(app_font, tmp_path / "never-read.ttf").startswith("system: ")


def test_without_a_system_font_the_bundled_one_becomes_the_fallback(app_font, monkeypatch):
    if not SYSTEM_CJK.is_file():
        pytest.skip("needs fonts-wqy-microhei as a stand-in for the bundled subset")
    monkeypatch.setattr(fonts, "chinese_families", lambda: [])
    family = app_font.font().family()
    assert fonts.ensure_chinese_font(app_font, SYSTEM_CJK) == "bundled: WenQuanYi Micro Hei"
    assert app_font.font().families()[0] == family  # Latin text keeps the system's font
    assert "WenQuanYi Micro Hei" in app_font.font().families()


def test_no_font_anywhere_is_reported(app_font, monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "chinese_families", lambda: [])
    assert fonts.ensure_chinese_font(app_font, tmp_path / "missing.ttf") == "none"
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    assert fonts.ensure_chinese_font(app_font, tmp_path / "broken.ttf") == "none"


def test_a_source_checkout_looks_for_the_font_in_the_app_folder():
    assert fonts.bundled_font_path().parent.name == "fonts"
