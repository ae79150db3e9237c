"""The left side: search box with scope, and either the Topics / Bookmarks tabs or, while a
query is typed, the search results.

Searching happens on a worker thread (one at a time, always the newest query), so typing
never waits for the index; each request carries a generation number and a result that is not
the newest is dropped, so a slow stale result can never overwrite a newer one.

Typing must not wait for results coming in either (bench/responsiveness.py): the worker also
makes the hits' snippets (every row's height depends on its snippet), the words to mark in an
answer are found only for the hit that is opened, and the list lays its rows out a few at a
time. Done on the UI thread at once, the three froze typing for 50–150 ms at 10,000 articles.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListView, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from viewer.services import App
from viewer.ui.markup import escape
from viewer.ui.topictree import TopicTree

if TYPE_CHECKING:
    from viewer.search import SearchResult
    from viewer.ui.bookmarks import BookmarksPanel
    from viewer.ui.results import ResultDelegate

DEBOUNCE_MS = 120
ID_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2


class SearchRunner(QObject):
    """Runs searches off the UI thread, newest request only.

    The searches run on one Python thread that lives as long as the runner: the engine keeps a
    Whoosh searcher per thread, and a Qt pool thread is a new Python thread at every task, so
    each search opened a searcher of its own and kept it, with three open files (bench/memory.py).
    """

    resultReady = Signal(int, object)  # generation, SearchResult
    failed = Signal(int, str)

    def __init__(self, search: Callable[..., SearchResult], parent=None):
        super().__init__(parent)
        self._search = search
        self.lock = threading.Lock()
        self._changed = threading.Condition(self.lock)
        self._pending: tuple[int, str, str | None] | None = None
        self._busy = False
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self.generation = 0
        stopped, changed = self._stopped, self._changed

        def stop() -> None:  # not a method: Qt calls none of a QObject it is destroying
            with changed:
                stopped.set()
                changed.notify_all()

        self.destroyed.connect(stop)

    def request(self, query: str, topic: str | None) -> int:
        with self.lock:
            self.generation += 1
            self._pending = (self.generation, query, topic)
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="search", daemon=True)
                self._thread.start()
            self._changed.notify_all()
        return self.generation

    def _serve(self) -> None:
        while True:
            with self.lock:
                self._busy = False
                self._changed.notify_all()
                while self._pending is None and not self._stopped.is_set():
                    self._changed.wait()
                if self._stopped.is_set():
                    return
                (generation, query, topic), self._pending = self._pending, None
                self._busy = True
            try:
                signal, args = self.resultReady, (generation, self._search(query, topic=topic))
            except Exception as exc:  # shown in the panel; the UI thread never sees a traceback
                signal, args = self.failed, (generation, f"{exc.__class__.__name__}: {exc}")
            with self.lock:  # never emits from a runner being destroyed: stop() waits for the lock
                if self._stopped.is_set():
                    return
                signal.emit(*args)

    def wait(self) -> None:
        """Until no search is running or waiting to run."""
        with self.lock:
            while self._busy or self._pending is not None:
                self._changed.wait()


class SidePanel(QWidget):
    """Emits ``articleOpened(id, highlight words)`` when the user opens an article."""

    articleOpened = Signal(str, tuple)

    def __init__(self, app: App, parent=None):
        super().__init__(parent)
        self.app = app
        self.last_result: SearchResult | None = None
        self._shown_generation = 0
        self._unavailable = ""  # why search cannot run yet (the index is being built)
        self._held_back = False  # a query is waiting for the index
        self._open_when_ready = False

        self.search_box = QLineEdit()  # its clear button comes in finish_startup
        self.search_box.setPlaceholderText(self.tr("Search (Ctrl+K)"))
        self.search_box.setAccessibleName(self.tr("Search"))
        self.search_box.installEventFilter(self)

        self.scope = QCheckBox()
        self.scope.setAccessibleName(self.tr("Search only the selected topic"))
        self.scope.setEnabled(False)

        self.tree = TopicTree(app.pack)
        self._bookmarks: BookmarksPanel | None = None
        self.bookmarks_page = QWidget()  # holds the bookmarks panel once it is built
        QVBoxLayout(self.bookmarks_page).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.tree, self.tr("Topics"))
        self.tabs.addTab(self.bookmarks_page, self.tr("Bookmarks"))
        self.results = QListView()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setModel(QStandardItemModel(self.results))
        self._delegate: ResultDelegate | None = None  # set with the first result
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setUniformItemSizes(False)
        self.results.setLayoutMode(QListView.LayoutMode.Batched)
        self.results.setBatchSize(8)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Search status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.status.linkActivated.connect(self._on_suggestion)

        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.status)
        results_layout.addWidget(self.results, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(results_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.scope)
        layout.addWidget(self.stack, 1)

        self.runner = SearchRunner(self._search_with_snippets, self)
        self.runner.resultReady.connect(self._on_result)
        self.runner.failed.connect(self._on_failed)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(self._on_text_changed)
        self.scope.toggled.connect(self._on_text_changed)
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)
        self.tree.articleActivated.connect(lambda article_id: self.articleOpened.emit(article_id, ()))
        self.tree.selectionModel().currentChanged.connect(self._update_scope)
        self._update_scope()

    def finish_startup(self) -> None:
        """After the window's first paint: the search box's clear button, hidden until there is
        text anyway, whose icon is the first the style loads (the icon theme lookup, ~10 ms)."""
        self.search_box.setClearButtonEnabled(True)

    @property
    def bookmarks(self) -> BookmarksPanel:
        """The Bookmarks tab's panel, built on first use: the window's first picture shows the
        topics, so the bookmarks (their file and their modules) wait until after it."""
        if self._bookmarks is None:
            from viewer.ui.bookmarks import BookmarksPanel

            self._bookmarks = BookmarksPanel(self.app)
            self._bookmarks.articleOpened.connect(lambda article_id: self.articleOpened.emit(article_id, ()))
            self.bookmarks_page.layout().addWidget(self._bookmarks)
        return self._bookmarks

    # -- scope ----------------------------------------------------------------------------

    def _update_scope(self, *_args) -> None:
        topic_id = self.tree.selected_topic()
        topic = self.app.pack.topics.get(topic_id) if topic_id else None
        self.scope.setEnabled(topic is not None)
        if topic is None:
            self.scope.setChecked(False)
            self.scope.setText(self.tr("Only in the selected topic"))
        else:
            self.scope.setText(self.tr("Only in “%1”").replace("%1", topic.title))

    def scope_topic(self) -> str | None:
        return self.tree.selected_topic() if self.scope.isChecked() else None

    # -- searching ------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_text_changed(self, *_args) -> None:
        if not self.search_box.text().strip():
            self._debounce.stop()
            self._open_when_ready = False
            with self.runner.lock:
                self.runner.generation += 1  # anything still running is now stale
            self.stack.setCurrentIndex(0)
            self.results.model().clear()  # the next query's first paint does not draw these
            return
        self._debounce.start()

    def set_search_available(self, available: bool, reason: str = "") -> None:
        """While the index is being prepared, say so; run a held-back query once it is ready."""
        self._unavailable = "" if available else reason
        if available and self._held_back:
            self._held_back = False
            self._run_search()
        elif not available and self._held_back:
            self.status.setText(escape(reason))

    def _run_search(self) -> None:
        self._debounce.stop()  # this search supersedes a scheduled one
        query = self.search_box.text()
        if not query.strip():
            return
        self.stack.setCurrentIndex(1)
        if self._unavailable:
            self._held_back = True
            self.status.setText(escape(self._unavailable))
            return
        self.status.setText(self.tr("Searching…"))
        self.runner.request(query, self.scope_topic())

    def _search_with_snippets(self, query: str, topic: str | None = None) -> SearchResult:
        """Runs on the worker thread, so that the UI thread only lays the rows out."""
        result = self.app.search(query, topic=topic)
        for hit in result.hits:
            hit.snippet  # noqa: B018 - made and cached here
        return result

    def search_now(self) -> None:
        """Skip the debounce (Enter pressed, or a test)."""
        self._debounce.stop()
        self._run_search()

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self.runner.generation:
            self.status.setText(self.tr("Search failed: %1").replace("%1", escape(message)))

    def _awaiting_result(self) -> bool:
        return self._shown_generation != self.runner.generation and bool(self.search_box.text().strip())

    def _on_result(self, generation: int, result: SearchResult) -> None:
        if generation != self.runner.generation:
            return  # a newer query was typed meanwhile
        self._shown_generation = generation
        self.last_result = result
        if self._delegate is None:  # the code that draws hits was not needed before
            from viewer.ui.results import ResultDelegate

            self._delegate = ResultDelegate(self.results)
            self.results.setItemDelegate(self._delegate)
        model: QStandardItemModel = self.results.model()
        model.clear()
        for hit in result.hits:
            item = QStandardItem()
            item.setEditable(False)
            item.setData(hit.id, ID_ROLE)
            item.setData(hit, HIT_ROLE)
            item.setData(f"{hit.title} — {' › '.join(hit.topic_path)}", Qt.ItemDataRole.AccessibleTextRole)
            model.appendRow(item)
        if result.hits:
            self.status.setText(self.tr("%n result(s)", "", len(result.hits)))
            self.results.setCurrentIndex(model.index(0, 0))
        else:
            self.status.setText(self._no_results_text(result.query))
        if self._open_when_ready:
            self._open_when_ready = False
            self.open_current_result()

    def _no_results_text(self, query: str) -> str:
        lines = [self.tr("No results for “%1”.").replace("%1", escape(query.strip()))]
        if self.scope.isChecked():
            lines.append(self.tr('<a href="scope:all">Search all topics</a>'))
        from viewer.search import suggestions  # loaded by then: a search has just run

        tries = suggestions(query, self.app.pack)
        if tries:
            links = "、".join(f'<a href="query:{escape(t)}">{escape(t)}</a>' for t in tries)
            lines.append(self.tr("Try: %1").replace("%1", links))
        lines.append(self.tr("Use fewer words, or another word for the same thing."))
        return "<br>".join(lines)

    def _on_suggestion(self, link: str) -> None:
        if link == "scope:all":
            self.scope.setChecked(False)
        elif link.startswith("query:"):
            self.search_box.setText(link[len("query:"):])
        self.search_now()

    # -- opening --------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.articleOpened.emit(index.data(ID_ROLE), tuple(index.data(HIT_ROLE).highlights))

    def open_current_result(self) -> bool:
        """Enter in the search box: open the selected result, else the top one."""
        model = self.results.model()
        if self.stack.currentIndex() != 1 or model.rowCount() == 0:
            return False
        index = self.results.currentIndex()
        self._open_index(index if index.isValid() else model.index(0, 0))
        return True

    def _move_selection(self, step: int) -> None:
        model = self.results.model()
        if model.rowCount() == 0:
            return
        row = self.results.currentIndex().row() if self.results.currentIndex().isValid() else -1
        row = min(max(row + step, 0), model.rowCount() - 1)
        self.results.setCurrentIndex(model.index(row, 0))

    def clear_search(self) -> None:
        """Esc: clear the query and go back to the topic tree (or the bookmarks)."""
        self.search_box.clear()
        self.stack.setCurrentIndex(0)
        current = self.tree if self.tabs.currentWidget() is self.tree else self.bookmarks.view
        current.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_bookmarks(self) -> None:
        """The Bookmarks tab, its filter box focused (a query being typed is cleared)."""
        if self.search_box.text():
            self.search_box.clear()
        self.stack.setCurrentIndex(0)
        self.tabs.setCurrentWidget(self.bookmarks_page)
        self.bookmarks.focus_filter()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive() or self._awaiting_result():
                    self._open_when_ready = True  # the newest result is not in yet
                    if self._debounce.isActive():
                        self.search_now()
                else:
                    self.open_current_result()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move_selection(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Escape:
                self.clear_search()
                return True
        return super().eventFilter(watched, event)

    def sync_to(self, article_id: str) -> None:
        self.tree.sync_to(article_id)
