"""Where user data goes: the platform's folders, or beside the executable in portable mode."""
import sys
from pathlib import Path

import platformdirs
import pytest

from conftest import BUNDLED_PACK
from viewer import APP_NAME, paths


def _frozen(monkeypatch, exe_dir):
    exe_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe_dir / "PartnerHelp"))


def test_user_folders_follow_xdg_by_default(monkeypatch, tmp_path):
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    assert paths.portable_dir() is None
    assert paths.user_data_dir() == tmp_path / "xdg_data_home" / "PartnerHelp"
    assert paths.index_cache_dir() == tmp_path / "xdg_cache_home" / "PartnerHelp" / "indexes"
    assert paths.settings_path() == tmp_path / "xdg_config_home" / "PartnerHelp" / "settings.ini"
    assert paths.bookmarks_path() == tmp_path / "xdg_data_home" / "PartnerHelp" / "bookmarks.yaml"


@pytest.mark.parametrize("xdg", ["absolute", "unset", "empty", "relative"])
@pytest.mark.parametrize("home", ["absolute", "trailing slash", "relative", "unset"])
def test_the_user_folders_are_the_ones_platformdirs_gives(monkeypatch, tmp_path, xdg, home):
    homes = {"absolute": str(tmp_path / "home"), "trailing slash": f"{tmp_path}/home/", "relative": "home"}
    if home in homes:
        monkeypatch.setenv("HOME", homes[home])
    else:
        monkeypatch.delenv("HOME")
    for kind, (variable, _) in paths._XDG.items():
        values = {"absolute": str(tmp_path / variable), "empty": "", "relative": f"rel/{variable}"}
        if xdg in values:
            monkeypatch.setenv(variable, values[xdg])
        else:
            monkeypatch.delenv(variable, raising=False)
        try:
            expected = Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))
        except RuntimeError:  # platformdirs cannot tell either (no usable HOME)
            continue
        assert paths.platform_dir(kind) == expected


def test_a_frozen_build_without_the_marker_uses_the_platform_folders(monkeypatch, tmp_path):
    _frozen(monkeypatch, tmp_path / "stick")
    assert paths.portable_dir() is None
    assert tmp_path not in paths.settings_path().parents


def test_the_portable_marker_puts_everything_beside_the_executable(monkeypatch, tmp_path):
    exe_dir = tmp_path / "stick"
    _frozen(monkeypatch, exe_dir)
    (exe_dir / "portable").write_text("")
    data = exe_dir.resolve() / "PartnerHelp-data"
    assert paths.portable_dir() == data
    assert paths.settings_path() == data / "settings.ini"
    assert paths.bookmarks_path() == data / "bookmarks.yaml"
    assert paths.index_cache_dir() == data / "cache" / "indexes"
    assert paths.user_cache_dir() == data / "cache"


def test_the_marker_only_counts_in_a_frozen_build(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "portable").write_text("")
    assert paths.portable_dir() is None


def test_a_folder_named_portable_is_not_the_marker(monkeypatch, tmp_path):
    exe_dir = tmp_path / "stick"
    _frozen(monkeypatch, exe_dir)
    (exe_dir / "portable").mkdir()
    assert paths.portable_dir() is None


def test_the_environment_can_name_the_portable_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTNERHELP_PORTABLE_DIR", str(tmp_path / "data"))
    assert paths.settings_path() == tmp_path / "data" / "settings.ini"
    assert paths.index_cache_dir() == tmp_path / "data" / "cache" / "indexes"


def test_settings_and_the_index_cache_follow_portable_mode(monkeypatch, tmp_path, bundled_pack):
    from viewer.indexing import ensure_index
    from viewer.ui.settings import Settings

    exe_dir = tmp_path / "stick"
    _frozen(monkeypatch, exe_dir)
    (exe_dir / "portable").write_text("")
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: tmp_path / "no-bundled-index")
    settings = Settings()
    settings.set("reader/zoom", 2)
    settings.sync()
    assert (exe_dir / "PartnerHelp-data" / "settings.ini").is_file()
    index = ensure_index(BUNDLED_PACK, bundled_pack, log=lambda _: None)
    assert exe_dir.resolve() / "PartnerHelp-data" / "cache" / "indexes" in index.parents
