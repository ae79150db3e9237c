"""Content packs and the index in the window: File → Import Content Pack…, Use Bundled
Content, Rebuild Search Index, and the indexing progress bar with Cancel in the status bar.

Kept apart from the main window so that it stays a list of actions and their wiring.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressBar, QToolButton

from viewer import paths
from viewer.packs import InstallError, install_pack, set_active
from viewer.ui.indexjob import IndexJob


class ContentControls(QObject):
    """Emits ``packSwitchRequested(folder)`` when the user chooses another pack."""

    packSwitchRequested = Signal(Path)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.app = window.app
        self.job = IndexJob(self.app, self)
        self._closing = False
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Indexing progress"))
        self.bar.setMaximumWidth(180)
        self.bar.setFormat(self.tr("Indexing %p%"))
        self.cancel_button = QToolButton()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop building the search index (reading still works)"))
        self.cancel_button.setAccessibleName(self.tr("Cancel indexing"))
        self.cancel_button.clicked.connect(self.job.cancel)
        for widget in (self.bar, self.cancel_button):
            widget.hide()
            window.statusBar().addPermanentWidget(widget)

        self.act_import = self._action(self.tr("Import Content Pack…"), self.import_pack)
        self.act_import_folder = self._action(self.tr("Import Content Pack Folder…"),
                                              lambda: self.import_pack(folder=True))
        self.act_use_bundled = self._action(self.tr("Use Bundled Content"), self.use_bundled)
        self.act_use_bundled.setEnabled(self.app.pack_dir.resolve() != paths.bundled_pack_dir().resolve())
        self.act_rebuild = self._action(self.tr("Rebuild Search Index"), self.start_index)

        self.job.progress.connect(self._on_progress)
        self.job.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self.job.ready.connect(self._on_ready)
        self.job.cancelled.connect(lambda: self._on_stopped(self.tr(
            "Indexing cancelled. Search is off until the index is built (File → Rebuild Search Index).")))
        self.job.failed.connect(lambda reason: self._on_stopped(
            self.tr("The search index could not be built: %1").replace("%1", reason)))

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction | None]:
        return [self.act_import, self.act_import_folder, self.act_use_bundled, self.act_rebuild]

    # -- the index ------------------------------------------------------------------------

    def start_index(self) -> None:
        """Open or build the index off the UI thread; search waits for it, reading does not."""
        if not self._closing:
            self.job.start()

    def shutdown(self) -> None:
        """The window is closing: stop a build and wait for the worker before Qt objects go."""
        self._closing = True
        self.job.cancel()
        self.job.wait()

    def _on_progress(self, done: int, total: int) -> None:
        if total <= 0:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.bar.show()
        self.cancel_button.show()
        self.window.side.set_search_available(
            False, self.tr("Indexing %1 of %2 articles; search starts when it is done.")
            .replace("%1", str(done)).replace("%2", str(total)))

    def _on_ready(self) -> None:
        self.bar.hide()
        self.cancel_button.hide()
        self.window.side.set_search_available(True)

    def _on_stopped(self, text: str) -> None:
        self.bar.hide()
        self.cancel_button.hide()
        self.window.side.set_search_available(False, text)
        self.window.statusBar().showMessage(text, 10000)

    # -- packs ----------------------------------------------------------------------------

    def import_pack(self, folder: bool = False, path: str | None = None) -> bool:
        """Validate and install a pack; on success offer to switch to it now."""
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        if path is None and folder:
            path = QFileDialog.getExistingDirectory(self.window, self.tr("Import Content Pack Folder"), start)
        elif path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import Content Pack"), start,
                                                  self.tr("Content packs (*.zip);;All files (*)"))
        if not path:
            return False
        try:
            installed = install_pack(Path(path))
        except InstallError as exc:
            listing = "\n".join(str(p) for p in exc.problems[:15])
            QMessageBox.warning(self.window, self.tr("Content pack not installed"),
                                self.tr("%1\n\nThe current content stays in use.").replace(
                                    "%1", f"{str(exc).splitlines()[0]}\n{listing}".strip()))
            return False
        self.packSwitchRequested.emit(installed.folder)
        self.window.statusBar().showMessage(self.tr("Now using %1 %2.").replace("%1", installed.title)
                                            .replace("%2", installed.version), 8000)
        return True

    def use_bundled(self) -> None:
        set_active(None)
        self.packSwitchRequested.emit(paths.bundled_pack_dir())
