from PySide6.QtCore import QByteArray, QLocale, QSettings

from viewer.ui.i18n import choose_language
from viewer.ui.settings import SCHEMA, Settings


def test_defaults_and_round_trip(tmp_path):
    settings = Settings(tmp_path / "s.ini")
    assert settings.get("reader/zoom") == 0
    assert settings.get("window/geometry") == QByteArray()
    settings.set("reader/zoom", 3)
    settings.set("ui/language", "en")
    settings.sync()
    again = Settings(tmp_path / "s.ini")
    assert again.get("reader/zoom") == 3 and again.get("ui/language") == "en"


def test_bad_values_read_as_defaults(tmp_path):
    raw = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    raw.setValue("reader/zoom", "lots")
    raw.setValue("ui/language", "klingon")
    raw.setValue("ui/theme", 99)
    raw.sync()
    settings = Settings(tmp_path / "s.ini")
    assert settings.get("reader/zoom") == 0
    assert settings.get("ui/language") == "auto"
    assert settings.get("ui/theme") == "auto"
    raw.setValue("reader/zoom", 1000)
    raw.sync()
    assert Settings(tmp_path / "s.ini").get("reader/zoom") == 0


def test_settings_live_in_the_user_config_dir(monkeypatch, tmp_path):
    from viewer.ui.settings import settings_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert settings_path() == tmp_path / "PartnerHelp" / "settings.ini"


def test_every_setting_has_a_valid_default():
    for setting in SCHEMA.values():
        assert isinstance(setting.default, setting.type)
        assert not setting.choices or setting.default in setting.choices


def test_language_follows_the_system_with_chinese_first():
    assert choose_language("auto", QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == "en"
    assert choose_language("auto", QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == "zh_CN"
    assert choose_language("auto", QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "zh_CN"
    assert choose_language("en", QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == "en"
