"""Opening (and if needed building) the search index on a worker thread, with progress.

The window shows and the topic tree works at once; search says it is indexing until the
engine is ready. A build can be cancelled; search then stays off until the user rebuilds.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThreadPool, Signal

from viewer.services import App


class IndexJob(QObject):
    progress = Signal(int, int)  # done, total (articles being analysed)
    message = Signal(str)  # a problem the index layer reports (a damaged index set aside)
    ready = Signal()
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, app: App, parent=None):
        super().__init__(parent)
        self.app = app
        self._cancel = threading.Event()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.running = False

    def start(self) -> None:
        if self.running or self.app.engine_ready:
            if self.app.engine_ready:
                self.ready.emit()
            return
        self.running = True
        self._cancel.clear()
        self._pool.start(self._run)

    def cancel(self) -> None:
        self._cancel.set()

    def _on_progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self._cancel.is_set()

    def _run(self) -> None:
        from viewer.indexing import BuildCancelled  # loads Whoosh here, off the UI thread

        try:
            self.app.prepare_engine(progress=self._on_progress, log=lambda _: None, warn=self.message.emit)
        except BuildCancelled:
            self.running = False
            self.cancelled.emit()
            return
        except Exception as exc:  # reported in the window; reading still works
            self.running = False
            self.failed.emit(f"{exc.__class__.__name__}: {exc}")
            return
        self.running = False
        self.ready.emit()

    def wait(self) -> None:
        self._pool.waitForDone()
