"""The main window: side panel (search, topics and bookmarks) on the left, the answer on the right.

It owns every action, so each one has a menu entry, a shortcut, and a line in the shortcuts
help (F1), which is generated from the actions themselves.

The first picture needs only the widgets, the menus and the topic tree. Everything else (the
search index, the bookmarks, the last article, the mouse's back and forward buttons) is set
up in ``finish_startup``, right after the first paint, and the modules only those need (and
the dialogs) are imported there or when first used, so the window appears sooner.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence
from urllib.parse import quote

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QToolButton

from viewer import APP_NAME, __version__
from viewer.services import App
from viewer.ui.answer import AnswerPane
from viewer.ui.contentpacks import ContentControls
from viewer.ui.firstpaint import after_first_paint
from viewer.ui.markup import escape
from viewer.ui.settings import Settings
from viewer.ui.sidepanel import SidePanel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from viewer.bookmarks import Bookmark, MergeReport

UNDO_MS = 10000  # how long "Undo" stays offered after a bookmark is removed


class MainWindow(QMainWindow):
    packSwitchRequested = Signal(Path)  # the user chose another content pack

    def __init__(self, app: App, settings: Settings, parent=None):
        super().__init__(parent)
        self.app = app
        self.settings = settings
        self.bookmark_problem_box: QMessageBox | None = None
        self._reported_recoveries = 0
        self.started = False  # finish_startup has run
        self.setObjectName("MainWindow")
        self.setAccessibleName(APP_NAME)

        self.side = SidePanel(app)
        self.answer = AnswerPane(pack_title=app.pack.info.title)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(self.answer)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 700])
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self.content = ContentControls(self)
        self.content.packSwitchRequested.connect(self.packSwitchRequested)
        self._build_menus()
        self._build_toolbar()
        info = app.pack.info
        self.pack_label = QLabel(self.tr("%1 %2 · %n article(s)", "", len(app.pack.articles))
                                 .replace("%1", info.title).replace("%2", info.version))
        self.pack_label.setAccessibleName(self.tr("Content pack"))
        self.statusBar().addPermanentWidget(self.pack_label)
        self.undo_button = QToolButton()
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Put the removed bookmark back, with its note"))
        self.undo_button.hide()
        self.statusBar().insertPermanentWidget(0, self.undo_button)
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        self._undo_timer.timeout.connect(self.undo_button.hide)
        self._removed: tuple[Bookmark, int] | None = None
        self.undo_button.clicked.connect(self.undo_remove)

        self.side.articleOpened.connect(self.open_article)
        self.answer.articleRequested.connect(lambda article_id: self.open_article(article_id))
        self.answer.zoomChanged.connect(lambda steps: self.settings.set("reader/zoom", steps))
        self.answer.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.answer.bookmarkToggled.connect(self.toggle_bookmark)
        self.answer.noteEditRequested.connect(self.edit_note)
        self.answer.searchRequested.connect(self._search_for)
        self._last_article = self._restore()
        after_first_paint(self, self.finish_startup)

    def finish_startup(self) -> None:
        """What the first picture does not need, right after it: the bookmarks, the last
        article, the index job (on its worker thread, which from then on shares the interpreter
        with this one), the icons, the Bookmarks tab, the mouse's back/forward buttons. Each
        step gets its own turn of the event loop, so a key pressed or a click meanwhile waits
        for one step at most (~50 ms); ``started`` is set when all are done."""
        steps = [lambda: self.app.bookmarks, self._reopen_last_article, self.content.start_index,
                 self._set_icons, self.side.finish_startup, self._watch_bookmarks,
                 lambda: QApplication.instance().installEventFilter(self)]

        def next_step() -> None:
            steps.pop(0)()
            if steps:
                QTimer.singleShot(0, self, next_step)
            else:
                self.started = True

        next_step()

    def _reopen_last_article(self) -> None:
        if self._last_article and self.answer.article is None:  # unless --open chose one meanwhile
            self.open_article(self._last_article)

    def _watch_bookmarks(self) -> None:
        """The Bookmarks tab's panel, and the star following changes to the store."""
        from viewer.ui.bookmarks import watch

        marks = self.side.bookmarks
        marks.missingOpened.connect(self.show_missing_bookmark)
        marks.removed.connect(self._offer_undo)
        marks.message.connect(self._status)
        watch(self.app.bookmarks, self, self._on_bookmarks_changed)
        self._report_bookmark_problems()

    # -- actions --------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcuts: Sequence = ()) -> QAction:
        action = QAction(text, self)
        keys: list[QKeySequence] = []
        for shortcut in shortcuts:  # a key bound twice to one action is ambiguous and never fires
            for key in QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey) \
                    else [QKeySequence(shortcut)]:
                if key not in keys:
                    keys.append(key)
        if keys:
            action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_back = self._action(self.tr("Back"), self.go_back, [QKeySequence.StandardKey.Back, "Alt+Left"])
        self.act_forward = self._action(self.tr("Forward"), self.go_forward,
                                        [QKeySequence.StandardKey.Forward, "Alt+Right"])
        self.act_search = self._action(self.tr("Search"), self.side.focus_search, ["Ctrl+K", "Ctrl+L"])
        self.act_find = self._action(self.tr("Find in Page"), self.answer.find, [QKeySequence.StandardKey.Find])
        self.act_next_hit = self._action(self.tr("Next Match"), lambda: self._step_match(True), ["F3"])
        self.act_prev_hit = self._action(self.tr("Previous Match"), lambda: self._step_match(False), ["Shift+F3"])
        self.act_zoom_in = self._action(self.tr("Zoom In"), self.answer.zoom_in, ["Ctrl+=", "Ctrl++"])
        self.act_zoom_out = self._action(self.tr("Zoom Out"), self.answer.zoom_out, ["Ctrl+-"])
        self.act_zoom_reset = self._action(self.tr("Actual Size"), self.answer.reset_zoom, ["Ctrl+0"])
        self.act_copy_answer = self._action(self.tr("Copy Answer"), self.copy_answer, ["Ctrl+Shift+C"])
        self.act_copy_link = self._action(self.tr("Copy Link to Article"), self.copy_link, ["Ctrl+Shift+L"])
        self.act_bookmark = self._action(self.tr("Bookmark This Article"), self.toggle_bookmark, ["Ctrl+D"])
        self.act_bookmark.setCheckable(True)
        self.act_edit_note = self._action(self.tr("Edit Note…"), self.edit_note)
        self.act_show_bookmarks = self._action(self.tr("Show Bookmarks"), self.side.show_bookmarks, ["Ctrl+B"])
        self.act_import_bookmarks = self._action(self.tr("Import Bookmarks…"), lambda: self.import_bookmarks())
        self.act_export_bookmarks = self._action(self.tr("Export Bookmarks…"), lambda: self.export_bookmarks())
        self.act_print = self._action(self.tr("Print…"), self.answer.print_article, [QKeySequence.StandardKey.Print])
        self.act_pdf = self._action(self.tr("Export as PDF…"), lambda: self.answer.export_pdf(), ["Ctrl+Shift+E"])
        self.act_settings = self._action(self.tr("Settings…"), self.show_settings, ["Ctrl+,"])
        self.act_shortcuts = self._action(self.tr("Keyboard Shortcuts"), self.show_shortcuts, ["F1"])
        self.act_about = self._action(self.tr("About PartnerHelp"), self.show_about)
        self.act_quit = self._action(self.tr("Quit"), self.close, ["Ctrl+Q"])
        self._update_actions()

    def _set_icons(self) -> None:
        """The style's arrows for Back and Forward. Set after the first paint: the first standard
        icon costs the icon theme lookup and Python's copy of QStyle's enums (~20 ms)."""
        from PySide6.QtWidgets import QStyle

        for action, pixmap in ((self.act_back, QStyle.StandardPixmap.SP_ArrowBack),
                               (self.act_forward, QStyle.StandardPixmap.SP_ArrowForward)):
            action.setIcon(self.style().standardIcon(pixmap))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.act_pdf, self.act_print, None, *self.content.actions(), None,
                       self.act_import_bookmarks, self.act_export_bookmarks, None, self.act_settings, None,
                       self.act_quit):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (self.act_copy_answer, self.act_copy_link, None, self.act_find,
                       self.act_next_hit, self.act_prev_hit):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = bar.addMenu(self.tr("&View"))
        for action in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            view_menu.addAction(action)
        go_menu = bar.addMenu(self.tr("&Go"))
        for action in (self.act_back, self.act_forward, self.act_search):
            go_menu.addAction(action)
        self.recent_menu = go_menu.addMenu(self.tr("Recent Articles"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        bookmarks_menu = bar.addMenu(self.tr("&Bookmarks"))
        for action in (self.act_bookmark, self.act_edit_note, None, self.act_show_bookmarks):
            bookmarks_menu.addSeparator() if action is None else bookmarks_menu.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Navigation"))
        toolbar.setObjectName("navigation")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.act_back, self.act_forward):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.act_copy_answer)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for article_id in self.app.history.recent():
            article = self.app.article(article_id)
            if article is not None:
                action = self.recent_menu.addAction(article.title)
                action.triggered.connect(lambda _=False, i=article_id: self.open_article(i))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    def _update_actions(self) -> None:
        has_article = self.answer.article is not None
        self.act_back.setEnabled(self.app.history.can_go_back())
        self.act_forward.setEnabled(self.app.history.can_go_forward())
        for action in (self.act_copy_answer, self.act_copy_link, self.act_print, self.act_pdf):
            action.setEnabled(has_article)
        self._sync_bookmark()

    def _step_match(self, forward: bool) -> None:
        """F3 steps through find-in-page matches while the find bar is in use, else search hits."""
        if self.answer.finding():
            (self.answer.find_next if forward else self.answer.find_previous)()
        else:
            (self.answer.next_hit if forward else self.answer.previous_hit)()

    # -- navigation -----------------------------------------------------------------------

    def open_article(self, article_id: str, highlight: Sequence[str] = (), record: bool = True) -> bool:
        article = self.app.article(article_id)
        if article is None:
            self.statusBar().showMessage(self.tr("No article “%1” in this content pack.").replace("%1", article_id), 5000)
            return False
        related = [(a.id, a.title) for a in self._related(article_id)]
        self.answer.show_article(article, self.app.pack.topic_path_titles(article.topic),
                                 tuple(highlight), related=related)
        if record:
            self.app.history.visit(article_id)
        self.side.sync_to(article_id)
        self.setWindowTitle(f"{article.title} — {APP_NAME}")
        self.settings.set("reader/last_article", article_id)
        self._update_actions()
        return True

    def show_missing_bookmark(self, article_id: str) -> None:
        """A bookmark whose article left the content pack: its title and note, and a way to
        look for the article under its new name."""
        bookmark = self.app.bookmarks.get(article_id)
        if bookmark is None:
            return
        title = bookmark.title or article_id
        info = self.app.pack.info
        text = self.tr("This article is no longer in the content pack (%1 %2). Your bookmark and note are "
                       "kept until you remove them.").replace("%1", info.title).replace("%2", info.version)
        search = self.tr("Search for “%1”").replace("%1", title)
        page = (f"<h2>{escape(title)}</h2><p>{escape(text)}</p>"
                f'<p><a href="search:{quote(title)}">{escape(search)}</a></p>')
        if bookmark.note:
            heading = self.tr("My note")
            page += f"<h3>{escape(heading)}</h3><p>{escape(bookmark.note).replace(chr(10), '<br>')}</p>"
        self.answer.show_message(page)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self._update_actions()

    def _search_for(self, text: str) -> None:
        self.side.search_box.setText(text)
        self.side.search_now()

    def _related(self, article_id: str):
        try:
            return self.app.related(article_id)
        except Exception:  # the index is optional for reading; the page shows without it
            return []

    def go_back(self) -> None:
        article_id = self.app.history.back()
        if article_id:
            self.open_article(article_id, record=False)

    def go_forward(self) -> None:
        article_id = self.app.history.forward()
        if article_id:
            self.open_article(article_id, record=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Mouse back/forward buttons anywhere in this window."""
        if event.type() == QEvent.Type.MouseButtonPress and getattr(watched, "window", None) \
                and watched.isWidgetType() and watched.window() is self:
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(watched, event)

    # -- bookmarks ------------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _try_change(self, change):
        """Run a bookmark store change; if the store refuses, the status bar says why."""
        from viewer.ui.bookmarks import try_change

        return try_change(self._status, change)

    def _sync_bookmark(self) -> None:
        """The star, Ctrl+D's check mark and the note follow the store (also after changes
        made in another window or process)."""
        article = self.answer.article
        bookmark = self.app.bookmarks.get(article.id) if article is not None else None
        self.act_bookmark.setEnabled(article is not None)
        self.act_bookmark.setChecked(bookmark is not None)
        self.act_edit_note.setEnabled(bookmark is not None)
        if article is not None:
            self.answer.set_bookmark(bookmark is not None, bookmark.note if bookmark else "")

    def _on_bookmarks_changed(self) -> None:
        self._sync_bookmark()
        self._report_bookmark_problems()

    def toggle_bookmark(self) -> None:
        """Ctrl+D or the star: bookmark the open article, or remove its bookmark (with an undo)."""
        article = self.answer.article
        store = self.app.bookmarks
        if article is None:
            self._sync_bookmark()
        elif article.id in store:
            removed = self._try_change(lambda: store.remove(article.id))
            if removed is not None:
                self._offer_undo(*removed)
        elif self._try_change(lambda: store.add(article.id, article.title)):
            self._status(self.tr("Bookmarked. Ctrl+B shows your bookmarks."))
        self._sync_bookmark()

    def edit_note(self) -> None:
        article = self.answer.article
        bookmark = self.app.bookmarks.get(article.id) if article is not None else None
        if bookmark is not None:
            from viewer.ui.bookmarks import edit_note

            self.note_dialog = edit_note(self, self.app.bookmarks, bookmark, article.title, self._status)

    def _offer_undo(self, bookmark: Bookmark, place: int) -> None:
        self._removed = (bookmark, place)
        title = self.app.article(bookmark.article).title if self.app.in_pack(bookmark.article) else bookmark.title
        self._status(self.tr("Bookmark “%1” removed.").replace("%1", title))
        self.undo_button.show()
        self._undo_timer.start()

    def undo_remove(self) -> None:
        self._undo_timer.stop()
        self.undo_button.hide()
        if self._removed is not None:
            bookmark, place = self._removed
            self._removed = None
            if self._try_change(lambda: self.app.bookmarks.restore(bookmark, place)):
                self._status(self.tr("Bookmark restored."))

    def _report_bookmark_problems(self) -> None:
        """Tell the user, once, about a bookmarks file that had to be repaired."""
        recoveries = self.app.bookmarks.recoveries
        new, self._reported_recoveries = recoveries[self._reported_recoveries:], len(recoveries)
        if not new:
            return
        from PySide6.QtWidgets import QMessageBox

        from viewer.ui.bookmarks import recovery_text

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Bookmarks"),
                          "\n\n".join(recovery_text(r) for r in new), QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bookmark_problem_box = box
        box.show()

    def import_bookmarks(self, path: str | None = None) -> MergeReport | None:
        """Merge a YAML or XBEL file into the bookmarks; says how many were added and updated."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from viewer.bookmarks import BookmarkError

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import Bookmarks"), self._documents_folder(),
                                                  self.tr("Bookmarks (*.yaml *.yml *.xbel);;All files (*)"))
            if not path:
                return None
        try:
            report, problems = self.app.bookmarks.import_file(Path(path))
        except BookmarkError as exc:
            QMessageBox.warning(self, self.tr("Import Bookmarks"),
                                self.tr("Nothing was imported from %1:\n%2").replace("%1", path).replace("%2", str(exc)))
            return None
        lines = [self.tr("%n bookmark(s) added.", "", report.added),
                 self.tr("%n already bookmarked; the imported note was added to yours.", "", report.updated),
                 self.tr("%n already there and unchanged.", "", report.unchanged)]
        if report.skipped:
            lines.append(self.tr("%n link(s) that are not PartnerHelp articles were skipped.", "", report.skipped))
        if problems:
            lines.append(self.tr("%n entry(ies) could not be read:", "", len(problems)) + "\n" + "\n".join(problems[:10]))
        QMessageBox.information(self, self.tr("Import Bookmarks"),
                                self.tr("Imported from %1:").replace("%1", path) + "\n" + "\n".join(lines))
        self._status(self.tr("Bookmarks imported: %1 added, %2 updated.").replace("%1", str(report.added))
                     .replace("%2", str(report.updated)))
        return report

    def export_bookmarks(self, path: str | None = None) -> str | None:
        """Write every bookmark and note to a file: YAML, or XBEL if the name ends in .xbel."""
        from PySide6.QtWidgets import QFileDialog

        if path is None:
            yaml_filter, xbel_filter = self.tr("Bookmarks (*.yaml)"), self.tr("XBEL bookmarks (*.xbel)")
            default = str(Path(self._documents_folder()) / "partnerhelp-bookmarks.yaml")
            path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export Bookmarks"), default,
                                                       f"{yaml_filter};;{xbel_filter}")
            if not path:
                return None
            if Path(path).suffix.lower() not in (".yaml", ".yml", ".xbel"):
                path += ".xbel" if chosen == xbel_filter else ".yaml"
        count = self._try_change(lambda: self.app.bookmarks.export_file(Path(path)))
        if count is None:
            return None
        self._status(self.tr("%n bookmark(s) exported to %1.", "", count).replace("%1", path))
        return path

    @staticmethod
    def _documents_folder() -> str:
        from PySide6.QtCore import QStandardPaths

        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window: pick up bookmark changes made in another window or process."""
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.started:
            self._try_change(self.app.bookmarks.refresh)
        super().changeEvent(event)

    # -- commands -------------------------------------------------------------------------

    def copy_answer(self) -> None:
        if self.answer.copy_answer():
            self.statusBar().showMessage(self.tr("Answer copied (formatted and plain text)."), 4000)

    def copy_link(self) -> None:
        if self.answer.copy_link():
            self.statusBar().showMessage(self.tr("Link copied."), 4000)

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout

        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Keyboard Shortcuts"))
        table = QTableWidget(0, 2, dialog)
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for action in self.shortcut_actions():
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QTableWidgetItem(action.text().replace("&", "")))
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            table.setItem(row, 1, QTableWidgetItem(keys))
        extra = [(self.tr("Open the top result"), self.tr("Enter in the search box")),
                 (self.tr("Move through results"), self.tr("Up / Down in the search box")),
                 (self.tr("Clear the search, back to topics"), self.tr("Esc in the search box"))]
        for text, keys in extra:
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QTableWidgetItem(text))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        dialog.resize(520, 520)
        self._shortcuts_dialog = dialog
        dialog.open()

    def shortcut_actions(self) -> list[QAction]:
        return [a for a in self.actions() if a.shortcuts()]

    def show_settings(self) -> None:
        from viewer.ui.settingsdialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        self._settings_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        info = self.app.pack.info
        text = self.tr("<h3>%1 %2</h3><p>Offline help for partner-centre questions.</p>"
                       "<p>Content: %3, version %4 (%5 articles).</p>")
        for key, value in (("%1", APP_NAME), ("%2", __version__), ("%3", escape(info.title)),
                           ("%4", escape(info.version)), ("%5", str(len(self.app.pack.articles)))):
            text = text.replace(key, value)
        QMessageBox.about(self, self.tr("About PartnerHelp"), text)

    # -- state ----------------------------------------------------------------------------

    def _restore(self) -> str:
        """Size, splitter and zoom; returns the last article if it is still in the pack (it is
        reopened after the first paint; until then the answer pane stays empty)."""
        geometry = self.settings.get("window/geometry")
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1100, 720)
        splitter = self.settings.get("window/splitter")
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        self.answer.set_zoom(self.settings.get("reader/zoom"))
        self.setWindowTitle(APP_NAME)
        last = self.settings.get("reader/last_article")
        if self.app.in_pack(last):
            return last
        self.answer.show_message(self._welcome_html())
        return ""

    def _welcome_html(self) -> str:
        info = self.app.pack.info
        return (f"<h1>{escape(info.title)}</h1>"
                + self.tr("<p>Type a question in the search box (Ctrl+K), or pick a topic on the left.</p>"
                          "<p>Press F1 for all keyboard shortcuts.</p>"))

    def save_state(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        QApplication.instance().removeEventFilter(self)
        self.content.shutdown()
        self.side.runner.wait()
        super().closeEvent(event)
