"""Pick Qt's offscreen platform before anything imports Qt, so tests need no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_PACK = REPO / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Tests never read or write the real user's data, cache or settings."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("PARTNERHELP_PORTABLE_DIR", raising=False)


@pytest.fixture(scope="session", autouse=True)
def _empty_clipboard_before_exit():
    """Qt's offscreen clipboard is a static deleted after Python has finalised; a QMimeData made
    in Python still on it then crashes the interpreter at exit. Empty it while Python runs."""
    yield
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


def pytest_sessionfinish(session, exitstatus):
    session.config._partnerhelp_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without interpreter finalisation once everything is reported.

    After a few hundred widget tests, the garbage collector at finalisation meets Python
    wrappers of Qt objects in an order that crashes shiboken (exit 134, 'bool_dealloc'), after
    every test has passed, depending on which tests ran. The app itself shuts Qt down before
    finalisation (viewer.ui.app.run); the test process now skips finalisation altogether.
    """
    status = getattr(config, "_partnerhelp_exit_status", None)
    if status is not None and "PySide6.QtCore" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


@pytest.fixture(scope="session")
def bundled_pack():
    from viewer.content import load_pack

    return load_pack(BUNDLED_PACK)


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory, bundled_pack):
    from viewer.content import pack_fingerprint
    from viewer.indexing import build_index

    out = tmp_path_factory.mktemp("index") / "bundled"
    build_index(bundled_pack, pack_fingerprint(BUNDLED_PACK), out)
    return out


@pytest.fixture(scope="session")
def engine(bundled_pack, bundled_index):
    from viewer.search import SearchEngine

    search_engine = SearchEngine(bundled_pack, bundled_index)
    yield search_engine
    search_engine.close()


@pytest.fixture
def pack_copy(tmp_path):
    """A writable copy of the bundled pack, for tests that break or change content."""
    target = tmp_path / "pack"
    shutil.copytree(BUNDLED_PACK, target)
    return target

@pytest.fixture
def services(bundled_pack, bundled_index):
    from viewer.services import App

    app = App(bundled_pack, BUNDLED_PACK, index_dir=bundled_index)
    yield app
    app.close()


@pytest.fixture
def settings(tmp_path):
    from viewer.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot, services, settings):
    from viewer.ui.mainwindow import MainWindow

    win = MainWindow(services, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.started)  # the index job, bookmarks etc. start after the first paint
    yield win
    win.side.runner.wait()
