"""The bookmarks panel (a tab beside the topic tree) and the note editor.

A thin layer over ``viewer.bookmarks.BookmarkStore`` (``app.bookmarks``): the store is the
only truth, every user action is one store change, and the tree is rebuilt from the store
whenever it changes (here, in another window, or in another process), keeping the open
folders and the selected row. Drag and drop is handled here too: the view works out where a
row was dropped and asks the store to move it, so the model never moves rows by itself.
"""
from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtCore import (QByteArray, QCoreApplication, QMimeData, QModelIndex, QPoint, QRect, QSize,
                            QSortFilterProxyModel, Qt, QTimer, Signal)
from PySide6.QtGui import QFont, QKeyEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QMenu, QPlainTextEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from viewer.textfold import normalize
from viewer.bookmarks import Bookmark, BookmarkError, BookmarkStore, Recovery
from viewer.services import App

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "folder" or "bookmark"
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # folder id or article id
NOTE_ROLE = Qt.ItemDataRole.UserRole + 3
MISSING_ROLE = Qt.ItemDataRole.UserRole + 4  # the article is not in the current pack
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 5  # normalised text the filter matches
MIME_TYPE = "application/x-partnerhelp-bookmark"

T = TypeVar("T")


def try_change(report: Callable[[str], None], change: Callable[[], T]) -> T | None:
    """Run a store change; if the store refuses (read-only, locked, disk full), say why."""
    try:
        return change()
    except BookmarkError as exc:
        report(QCoreApplication.translate("Bookmarks", "Bookmarks not changed: %1").replace("%1", str(exc)))
        return None


def recovery_text(recovery: Recovery) -> str:
    """What went wrong with the bookmarks file and what was done, in plain words."""
    translate = QCoreApplication.translate
    if recovery.kind == "newer":
        return translate("Bookmarks", "Your bookmarks were saved by a newer version of PartnerHelp. They are "
                         "shown, but this version cannot change them; update PartnerHelp to change them again.")
    if recovery.kind == "damaged":
        text = translate("Bookmarks", "%n bookmark(s) in your bookmarks file could not be read and were left "
                         "out; all the others are kept.", "", recovery.dropped)
    elif recovery.restored == "backup":
        text = translate("Bookmarks", "Your bookmarks file could not be read, so your bookmarks were restored "
                         "from the copy kept before the last change.")
    elif recovery.restored == "memory":
        text = translate("Bookmarks", "Your bookmarks file was damaged by another program; the bookmarks this "
                         "window had were saved again.")
    else:
        text = translate("Bookmarks", "Your bookmarks file could not be read and there was no usable copy, so "
                         "the bookmarks list starts empty.")
    if recovery.kept_as is not None:
        text += "\n\n" + translate("Bookmarks", "The old file was not deleted; it was moved to:\n%1").replace(
            "%1", str(recovery.kept_as))
    else:
        text += "\n\n" + translate("Bookmarks", "The old file could not be moved aside, so bookmarks cannot be "
                                    "changed until it is fixed or removed:\n%1").replace("%1", str(recovery.path))
    return text + "\n\n" + translate("Bookmarks", "Details: %1").replace("%1", recovery.detail)


def watch(store: BookmarkStore, widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` after every store change while ``widget`` exists."""
    unsubscribe = store.subscribe(slot)
    widget.destroyed.connect(lambda *_: unsubscribe())


def encode_keys(kind: str, key: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(f"{kind}\n{key}".encode("utf-8")))
    return mime


def decode_keys(mime: QMimeData) -> tuple[str, str] | None:
    if not mime.hasFormat(MIME_TYPE):
        return None
    kind, _, key = bytes(mime.data(MIME_TYPE).data()).decode("utf-8").partition("\n")
    return (kind, key) if kind in ("folder", "bookmark") and key else None


class BookmarkModel(QStandardItemModel):
    """Folders (in order) with their bookmarks, then the bookmarks at the top level."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.folder_items: dict[str, QStandardItem] = {}
        self.bookmark_items: dict[str, QStandardItem] = {}

    def fill(self, store: BookmarkStore, app: App) -> None:
        self.clear()
        self.folder_items.clear()
        self.bookmark_items.clear()
        root = self.invisibleRootItem()
        folder_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        for folder in store.folders():
            item = QStandardItem(folder_icon, folder.name)
            item.setData("folder", KIND_ROLE)
            item.setData(folder.id, KEY_ROLE)
            item.setData(normalize(folder.name), SEARCH_ROLE)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                          | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            self.folder_items[folder.id] = item
            for bookmark in store.in_folder(folder.id):
                item.appendRow(self._bookmark_item(bookmark, app))
            root.appendRow(item)
        for bookmark in store.in_folder(None):
            root.appendRow(self._bookmark_item(bookmark, app))

    def _bookmark_item(self, bookmark: Bookmark, app: App) -> QStandardItem:
        article = app.article(bookmark.article)
        title = article.title if article is not None else (bookmark.title or bookmark.article)
        item = QStandardItem(title)
        item.setData("bookmark", KIND_ROLE)
        item.setData(bookmark.article, KEY_ROLE)
        item.setData(bookmark.note, NOTE_ROLE)
        item.setData(article is None, MISSING_ROLE)
        item.setData(normalize(f"{title}\n{bookmark.title}\n{bookmark.note}"), SEARCH_ROLE)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
        tip = [title]
        if article is None:
            tip.append(QCoreApplication.translate("Bookmarks", "No longer in the content pack."))
        if bookmark.note:
            tip.append(bookmark.note)
        item.setToolTip("\n\n".join(tip))
        item.setData(" — ".join(tip[:2]), Qt.ItemDataRole.AccessibleTextRole)
        self.bookmark_items[bookmark.article] = item
        return item

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        index = next((i for i in indexes if i.isValid()), QModelIndex())
        return encode_keys(index.data(KIND_ROLE), index.data(KEY_ROLE)) if index.isValid() else QMimeData()

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        """Copy too, only so that a drop can report Copy: see ``BookmarkView.dropEvent``."""
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class BookmarkFilter(QSortFilterProxyModel):
    """Rows whose title, note or folder name contains the filter text (normalised: full-width,
    case and traditional characters do not matter); a matching folder shows all it holds."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._needle = ""
        self.setRecursiveFilteringEnabled(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = normalize(text.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(row, 0, parent)
        if self._needle in (index.data(SEARCH_ROLE) or ""):
            return True
        return parent.isValid() and self._needle in (parent.data(SEARCH_ROLE) or "")


class BookmarkDelegate(QStyledItemDelegate):
    """A bookmark shows its note's first line under the title; one whose article left the pack
    is in italics and says so."""

    def _second_line(self, index: QModelIndex) -> str:
        if index.data(KIND_ROLE) != "bookmark":
            return ""
        note = (index.data(NOTE_ROLE) or "").strip().split("\n", 1)[0]
        if index.data(MISSING_ROLE):
            gone = QCoreApplication.translate("Bookmarks", "No longer in the content pack")
            return f"{gone} · {note}" if note else gone
        return note

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        if self._second_line(index):
            size.setHeight(size.height() + option.fontMetrics.height())
        return size

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(MISSING_ROLE):
            option.font.setItalic(True)

    def paint(self, painter, option, index) -> None:
        second = self._second_line(index)
        if not second:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        line = opt.fontMetrics.height()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        roles = QPalette.ColorRole
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(roles.HighlightedText if selected else roles.Text))
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        first = QRect(text_rect.left() + margin, text_rect.top() + (text_rect.height() - 2 * line) // 2,
                      text_rect.width() - 2 * margin, line)
        painter.drawText(first, Qt.AlignmentFlag.AlignVCenter,
                         opt.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, first.width()))
        small = QFont(opt.font)
        small.setItalic(bool(index.data(MISSING_ROLE)))
        painter.setFont(small)
        painter.setPen(opt.palette.color(roles.HighlightedText if selected else roles.PlaceholderText))
        below = first.translated(0, line)
        painter.drawText(below, Qt.AlignmentFlag.AlignVCenter,
                         opt.fontMetrics.elidedText(second, Qt.TextElideMode.ElideRight, below.width()))
        painter.restore()


class BookmarkView(QTreeView):
    """The tree; Delete removes the current row, and drops become store moves."""

    deleteRequested = Signal()
    moveRequested = Signal(str, str, object, object)  # kind, key, target folder id or None, index or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(BookmarkDelegate(self))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key, current = event.key(), self.currentIndex()
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.deleteRequested.emit()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.data(KIND_ROLE) == "folder":
                self.setExpanded(current, not self.isExpanded(current))
                return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event) -> None:
        super().dragEnterEvent(event)
        self._accept_move(event)

    def dragMoveEvent(self, event) -> None:
        super().dragMoveEvent(event)  # the drop indicator
        self._accept_move(event)

    @staticmethod
    def _accept_move(event) -> None:
        """Our rows can be dropped anywhere in the view (``drop_target`` says where they go)."""
        if decode_keys(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()

    def dropEvent(self, event) -> None:
        keys = decode_keys(event.mimeData())
        if keys is None:
            event.ignore()
            return
        kind, key = keys
        folder, index = self.drop_target(kind, event.position().toPoint())
        # Copy, not Move: told "moved", the view that started the drag would delete the source
        # row itself; the store moves it, and the tree is rebuilt from the store.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()
        QTimer.singleShot(0, lambda: self.moveRequested.emit(kind, key, folder, index))

    def drop_target(self, kind: str, pos: QPoint) -> tuple[str | None, int | None]:
        """Where a dragged row goes when dropped at ``pos`` (viewport coordinates): for a
        bookmark, (folder id or None for the top level, index in it or None for the end); for
        a folder, (None, index among the folders or None for the end)."""
        index = self.indexAt(pos)
        if not index.isValid():
            return None, None
        rect = self.visualRect(index)
        upper = pos.y() < rect.center().y()
        row_kind, row_key = index.data(KIND_ROLE), index.data(KEY_ROLE)
        source = self.model()
        while hasattr(source, "sourceModel"):  # past the filter to the real rows
            index = source.mapToSource(index)
            source = source.sourceModel()
        if kind == "folder":
            if row_kind == "bookmark":  # a bookmark in a folder stands for that folder
                if not index.parent().isValid():
                    return None, None
                index, upper = index.parent(), False
            return None, index.row() + (0 if upper else 1)
        if row_kind == "folder":
            return row_key, None
        parent = index.parent()
        folder = parent.data(KEY_ROLE) if parent.isValid() else None
        rows = (source.index(r, 0, parent) for r in range(source.rowCount(parent)))
        keys = [i.data(KEY_ROLE) for i in rows if i.data(KIND_ROLE) == "bookmark"]
        return folder, keys.index(row_key) + (0 if upper else 1)


class BookmarksPanel(QWidget):
    """Emits ``articleOpened(id)`` for an article in the pack, ``missingOpened(id)`` for a
    bookmark whose article is gone, ``removed(bookmark, place)`` so the window can offer an
    undo, and ``message(text)`` for the status bar."""

    articleOpened = Signal(str)
    missingOpened = Signal(str)
    removed = Signal(object, int)
    message = Signal(str)

    def __init__(self, app: App, parent=None):
        super().__init__(parent)
        self.app = app
        self.store = app.bookmarks
        self.note_dialog: NoteDialog | None = None

        self.filter_box = QLineEdit()
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setPlaceholderText(self.tr("Filter bookmarks and notes"))
        self.filter_box.setAccessibleName(self.tr("Filter bookmarks"))
        self.new_folder_button = QToolButton()
        self.new_folder_button.setText(self.tr("New Folder"))
        self.new_folder_button.setToolTip(self.tr("Create a folder for bookmarks"))
        self.new_folder_button.setAutoRaise(True)
        self.new_folder_button.clicked.connect(self.new_folder)

        self.model = BookmarkModel(self)
        self.proxy = BookmarkFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = BookmarkView()
        self.view.setAccessibleName(self.tr("Bookmarks"))
        self.view.setModel(self.proxy)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setContentsMargins(8, 8, 8, 8)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.new_folder_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)

        self.filter_box.textChanged.connect(self._on_filter)
        self.filter_box.returnPressed.connect(self.open_current)
        self.view.activated.connect(self._on_clicked)  # Enter (or a double click)
        self.view.clicked.connect(self._on_clicked)
        self.view.deleteRequested.connect(self.delete_current)
        self.view.moveRequested.connect(self._on_move)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.model.itemChanged.connect(self._on_item_changed)
        self.view.expanded.connect(lambda index: self._remember_expanded(index, True))
        self.view.collapsed.connect(lambda index: self._remember_expanded(index, False))
        self._filling = False
        self._expanded: set[str] | None = None  # open folders; None: all (the first time)
        watch(self.store, self, self.reload)
        self.reload()

    # -- the tree -------------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild from the store, keeping the open folders and the current row."""
        current = self.current_key()
        self._filling = True
        try:
            self.model.fill(self.store, self.app)
        finally:
            self._filling = False
        if self._expanded is None:
            self._expanded = set(self.model.folder_items)
        self._restore_expanded()
        if current is not None:
            self.select(*current)
        self._update_empty()

    def _remember_expanded(self, index: QModelIndex, expanded: bool) -> None:
        """What the user opened and closed; while filtering, everything is open and nothing counts."""
        if self._filling or self.filter_box.text().strip() or self._expanded is None:
            return
        (self._expanded.add if expanded else self._expanded.discard)(index.data(KEY_ROLE))

    def _restore_expanded(self) -> None:
        filtering = bool(self.filter_box.text().strip())
        self._filling = True
        try:
            for key, item in self.model.folder_items.items():
                self.view.setExpanded(self.proxy.mapFromSource(item.index()), filtering or key in self._expanded)
        finally:
            self._filling = False

    def _update_empty(self) -> None:
        has_rows = self.proxy.rowCount() > 0
        if not len(self.store) and not self.store.folders():
            self.empty_label.setText(self.tr("No bookmarks yet. Open an article and press Ctrl+D "
                                             "(or the ☆ above the answer) to keep it here."))
        elif not has_rows:
            self.empty_label.setText(self.tr("No bookmark or note contains “%1”.")
                                     .replace("%1", self.filter_box.text().strip()))
        self.view.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._restore_expanded()
        if self.proxy.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.first_bookmark_index())
        self._update_empty()

    def first_bookmark_index(self) -> QModelIndex:
        """The first visible bookmark row (what Enter in the filter box opens)."""
        pending = [self.proxy.index(r, 0) for r in range(self.proxy.rowCount())]
        while pending:
            index = pending.pop(0)
            if index.data(KIND_ROLE) == "bookmark":
                return index
            pending[:0] = [self.proxy.index(r, 0, index) for r in range(self.proxy.rowCount(index))]
        return QModelIndex()

    def index_of(self, kind: str, key: str) -> QModelIndex:
        items = self.model.folder_items if kind == "folder" else self.model.bookmark_items
        item = items.get(key)
        return self.proxy.mapFromSource(item.index()) if item is not None else QModelIndex()

    def select(self, kind: str, key: str) -> None:
        index = self.index_of(kind, key)
        if index.isValid():
            if index.parent().isValid() and not self.view.isExpanded(index.parent()):
                self.view.expand(index.parent())
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def current_key(self) -> tuple[str, str] | None:
        index = self.view.currentIndex()
        return (index.data(KIND_ROLE), index.data(KEY_ROLE)) if index.isValid() else None

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    # -- opening ----------------------------------------------------------------------------

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "bookmark":
            self._open(index)

    def open_current(self) -> None:
        """Enter in the filter box: the selected bookmark, else the first one shown."""
        index = self.view.currentIndex()
        if index.data(KIND_ROLE) != "bookmark":
            index = self.first_bookmark_index()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self._open(index)

    def _open(self, index: QModelIndex) -> None:
        article_id = index.data(KEY_ROLE)
        (self.missingOpened if index.data(MISSING_ROLE) else self.articleOpened).emit(article_id)

    # -- changes ----------------------------------------------------------------------------

    def _change(self, change: Callable[[], T]) -> T | None:
        return try_change(self.message.emit, change)

    def delete_current(self) -> None:
        """Delete: a bookmark is removed (the window offers an undo); a folder is deleted and
        its bookmarks move to the top level."""
        current = self.current_key()
        if current is None:
            return
        kind, key = current
        if kind == "bookmark":
            self.remove_bookmark(key)
            return
        name = self.store.folder(key).name if self.store.folder(key) else key
        moved = self._change(lambda: self.store.delete_folder(key))
        if moved is not None:
            text = self.tr("Folder “%1” deleted; its %n bookmark(s) moved to the top level.", "", moved) \
                if moved else self.tr("Folder “%1” deleted.")
            self.message.emit(text.replace("%1", name))

    def remove_bookmark(self, article_id: str) -> None:
        result = self._change(lambda: self.store.remove(article_id))
        if result is not None:
            self.removed.emit(*result)

    def new_folder(self) -> None:
        names = {f.name for f in self.store.folders()}
        name, number = self.tr("New Folder"), 2
        while name in names:
            name, number = self.tr("New Folder %1").replace("%1", str(number)), number + 1
        folder = self._change(lambda: self.store.add_folder(name))
        if folder is not None:
            if self.filter_box.text():
                self.filter_box.clear()
            index = self.index_of("folder", folder.id)
            self.view.setCurrentIndex(index)
            self.view.edit(index)  # type its name straight away

    def rename_folder(self, folder_id: str) -> None:
        index = self.index_of("folder", folder_id)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.edit(index)

    def _on_item_changed(self, item: QStandardItem) -> None:
        """A folder name was edited in place. The change is applied once control is back in
        the event loop: applying it rebuilds the model, which must not happen while the model
        is still emitting this signal for the item."""
        if self._filling or item.data(KIND_ROLE) != "folder":
            return
        folder_id, name = item.data(KEY_ROLE), item.text().strip()
        QTimer.singleShot(0, self, lambda: self._rename(folder_id, name))

    def _rename(self, folder_id: str, name: str) -> None:
        folder = self.store.folder(folder_id)
        if folder is None or name == folder.name:
            return
        if not name:  # an empty name is not a name: show the old one again
            self.reload()
            return
        self._change(lambda: self.store.rename_folder(folder_id, name))

    def _on_move(self, kind: str, key: str, folder: str | None, index: int | None) -> None:
        if kind == "folder" and self.store.folder(key) is not None:
            end = len(self.store.folders())
            self._change(lambda: self.store.move_folder(key, end if index is None else
                                                        index - (index > self._folder_row(key))))
        elif kind == "bookmark":
            self.move_bookmark(key, folder, index)
        self.select(kind, key)

    def _folder_row(self, folder_id: str) -> int:
        return [f.id for f in self.store.folders()].index(folder_id)

    def move_bookmark(self, article_id: str, folder: str | None, index: int | None = None) -> None:
        bookmark = self.store.get(article_id)
        if bookmark is None:
            return
        if index is not None and bookmark.folder == folder:  # moving down past itself
            place = [b.article for b in self.store.in_folder(folder)].index(article_id)
            index -= index > place
        self._change(lambda: self.store.move(article_id, folder, index))
        self.select("bookmark", article_id)

    def edit_note(self, article_id: str) -> None:
        bookmark = self.store.get(article_id)
        if bookmark is not None:
            article = self.app.article(article_id)
            self.note_dialog = edit_note(self, self.store, bookmark, article.title if article else bookmark.title,
                                         self.message.emit)

    # -- context menu -----------------------------------------------------------------------

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The menu for a row (or for the empty area when ``index`` is invalid)."""
        menu = QMenu(self)
        kind, key = index.data(KIND_ROLE), index.data(KEY_ROLE)
        if kind == "bookmark":
            menu.addAction(self.tr("Open"), lambda: self._open(index))
            menu.addAction(self.tr("Edit Note…"), lambda: self.edit_note(key))
            move = menu.addMenu(self.tr("Move To"))
            current = self.store.get(key).folder if self.store.get(key) else None
            top = move.addAction(self.tr("Top Level"), lambda: self.move_bookmark(key, None))
            top.setEnabled(current is not None)
            for folder in self.store.folders():
                action = move.addAction(folder.name, lambda f=folder.id: self.move_bookmark(key, f))
                action.setEnabled(folder.id != current)
            menu.addSeparator()
            menu.addAction(self.tr("Remove Bookmark"), lambda: self.remove_bookmark(key))
        elif kind == "folder":
            menu.addAction(self.tr("Rename Folder"), lambda: self.rename_folder(key))
            menu.addAction(self.tr("Delete Folder"), self.delete_current)
            menu.addSeparator()
        menu.addAction(self.tr("New Folder"), self.new_folder)
        return menu

    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = self.context_menu(index)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))


class NoteDialog(QDialog):
    """A plain-text note on one bookmark; Save writes it to the store."""

    def __init__(self, title: str, note: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Note on “%1”").replace("%1", title))
        label = QLabel(self.tr("Your own note on “%1”. It is shown above the answer and found by the "
                               "bookmarks filter; it never leaves this computer unless you export "
                               "your bookmarks.").replace("%1", title))
        label.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(self.tr("Note"))
        self.edit.setPlainText(note)
        self.edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)
        self.resize(460, 300)

    def note(self) -> str:
        return self.edit.toPlainText()


def edit_note(parent: QWidget, store: BookmarkStore, bookmark: Bookmark, title: str,
              report: Callable[[str], None]) -> NoteDialog:
    """Open the note editor (not modal to the app, so the answer stays readable beside it)."""
    dialog = NoteDialog(title, bookmark.note, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def save() -> None:
        try_change(report, lambda: store.set_note(bookmark.article, dialog.note()))

    dialog.accepted.connect(save)
    dialog.open()
    dialog.edit.setFocus()
    return dialog
