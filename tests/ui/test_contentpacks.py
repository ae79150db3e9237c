"""The index is prepared off the UI thread with progress; packs are imported from the window."""
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from viewer import paths
from viewer.indexing import BuildCancelled
from viewer.packs import active_pack_dir
from viewer.services import App
from viewer.ui.mainwindow import MainWindow

pytestmark = pytest.mark.gui


class SlowIndexApp(App):
    """An App whose index build waits for the test, reporting progress as it goes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.release = threading.Event()
        self.started = threading.Event()

    def prepare_engine(self, progress=None, log=None, **options):
        if not self.engine_ready:
            self.started.set()
            for done in range(1, 6):
                if progress and progress(done, 10) is False:
                    raise BuildCancelled()
            if not self.release.wait(10):
                raise TimeoutError("test did not release the build")
            if progress and progress(10, 10) is False:
                raise BuildCancelled()
        return super().prepare_engine()


@pytest.fixture
def slow_window(qtbot, bundled_pack, bundled_index, settings):
    from conftest import BUNDLED_PACK

    app = SlowIndexApp(bundled_pack, BUNDLED_PACK, index_dir=bundled_index)
    window = MainWindow(app, settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    app.release.set()
    window.content.job.wait()
    app.close()


def test_reading_works_and_search_says_it_is_indexing(qtbot, slow_window):
    window, app = slow_window, slow_window.app
    qtbot.waitUntil(app.started.is_set)
    qtbot.waitUntil(lambda: window.content.bar.isVisible())
    assert window.content.bar.value() == 5 and window.content.bar.maximum() == 10
    assert window.open_article("view-vouchers")  # reading does not wait for the index
    window.side.search_box.setText("开票")
    window.side.search_now()
    assert "Indexing 5 of 10" in window.side.status.text()
    with qtbot.waitSignal(window.side.runner.resultReady, timeout=10000):
        app.release.set()
    qtbot.waitUntil(lambda: window.side.last_result is not None)
    assert window.side.last_result.hits[0].id == "invoice-sub-customers"
    assert not window.content.bar.isVisible()


def test_a_search_typed_before_the_index_job_starts_is_answered_when_it_is_ready(
        qtbot, bundled_pack, bundled_index, settings):
    from conftest import BUNDLED_PACK

    app = SlowIndexApp(bundled_pack, BUNDLED_PACK, index_dir=bundled_index)
    window = MainWindow(app, settings)  # not painted yet: its index job has not started
    qtbot.addWidget(window)
    try:
        window.side.search_box.setText("开票")
        window.side.search_now()
        assert window.side.stack.currentIndex() == 1 and window.side.last_result is None
        window.show()
        qtbot.waitUntil(lambda: window.content.bar.isVisible())  # now the job builds the index
        assert window.side.last_result is None
        with qtbot.waitSignal(window.side.runner.resultReady, timeout=10000):
            app.release.set()
        qtbot.waitUntil(lambda: window.side.last_result is not None)
        assert window.side.last_result.hits[0].id == "invoice-sub-customers"
    finally:
        app.release.set()
        window.content.job.wait()
        window.side.runner.wait()
        app.close()


def test_cancelling_stops_the_build_and_says_how_to_restart(qtbot, slow_window):
    window = slow_window
    qtbot.waitUntil(lambda: window.content.cancel_button.isVisible())
    with qtbot.waitSignal(window.content.job.cancelled, timeout=10000):
        window.content.cancel_button.click()
        window.app.release.set()
    assert not window.content.bar.isVisible()
    window.side.search_box.setText("开票")
    window.side.search_now()
    assert "Rebuild Search Index" in window.side.status.text()
    with qtbot.waitSignal(window.content.job.ready, timeout=10000):
        window.content.act_rebuild.trigger()
    assert window.app.engine_ready


def test_importing_a_valid_pack_asks_to_switch(qtbot, window, pack_copy):
    with qtbot.waitSignal(window.packSwitchRequested) as switched:
        assert window.content.import_pack(path=str(pack_copy))
    assert switched.args[0] == active_pack_dir() != paths.bundled_pack_dir()


def test_an_invalid_pack_is_refused_with_its_problems(qtbot, window, pack_copy, monkeypatch):
    (pack_copy / "topics.yaml").write_text("- id: [\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    with qtbot.assertNotEmitted(window.packSwitchRequested):
        assert not window.content.import_pack(path=str(pack_copy))
    assert "pack/topics.yaml:" in shown[0] and "current content stays in use" in shown[0]
    assert active_pack_dir() == paths.bundled_pack_dir()


def test_use_bundled_content(qtbot, window, pack_copy, settings):
    from viewer.packs import install_pack

    assert not window.content.act_use_bundled.isEnabled()  # already on the bundled pack
    installed = install_pack(pack_copy)
    app = App.from_folder(installed.folder)
    on_installed = MainWindow(app, settings)
    qtbot.addWidget(on_installed)
    try:
        assert on_installed.content.act_use_bundled.isEnabled()
        with qtbot.waitSignal(on_installed.packSwitchRequested) as switched:
            on_installed.content.act_use_bundled.trigger()
        assert switched.args[0] == paths.bundled_pack_dir() == active_pack_dir()
    finally:
        on_installed.content.job.wait()
        app.close()
