"""The topic tree: topics with their article counts, and the articles under them."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from viewer.model import Pack

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def build_model(pack: Pack) -> QStandardItemModel:
    """Topics in pack order; each shows how many articles it holds, sub-topics included."""
    model = QStandardItemModel()

    def add_topic(parent: QStandardItem, topic_id: str) -> int:
        topic = pack.topics[topic_id]
        item = QStandardItem(topic.title)
        item.setData("topic", KIND_ROLE)
        item.setData(topic_id, ID_ROLE)
        item.setEditable(False)
        parent.appendRow(item)
        count = sum(add_topic(item, child) for child in topic.children)
        for article in pack.articles_in(topic_id):
            leaf = QStandardItem(article.title)
            leaf.setData("article", KIND_ROLE)
            leaf.setData(article.id, ID_ROLE)
            leaf.setEditable(False)
            leaf.setToolTip(article.title)
            item.appendRow(leaf)
            count += 1
        item.setText(f"{topic.title} ({count})")
        item.setToolTip(topic.title)
        return count

    for topic in pack.root_topics():
        add_topic(model.invisibleRootItem(), topic.id)
    return model


class TopicTree(QTreeView):
    """Emits ``articleActivated`` when the user picks an article (click, Enter or keys)."""

    articleActivated = Signal(str)

    def __init__(self, pack: Pack, parent=None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Topics"))
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._syncing = False
        self.set_pack(pack)
        self.activated.connect(self._on_activated)

    def set_pack(self, pack: Pack) -> None:
        self._model = build_model(pack)
        self._article_items: dict[str, QModelIndex] = {}
        self.setModel(self._model)
        self._index_articles(QModelIndex())
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    def _index_articles(self, parent: QModelIndex) -> None:
        for row in range(self._model.rowCount(parent)):
            index = self._model.index(row, 0, parent)
            if index.data(KIND_ROLE) == "article":
                self._article_items[index.data(ID_ROLE)] = index
            else:
                self._index_articles(index)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "article":
            self.articleActivated.emit(index.data(ID_ROLE))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Moving through the tree with the arrow keys or a click shows the article at once."""
        if not self._syncing and current.isValid() and current.data(KIND_ROLE) == "article":
            self.articleActivated.emit(current.data(ID_ROLE))

    def selected_topic(self) -> str | None:
        """The topic of the selected row: the topic itself, or an article's topic."""
        index = self.currentIndex()
        if not index.isValid():
            return None
        if index.data(KIND_ROLE) == "article":
            index = index.parent()
        return index.data(ID_ROLE)

    def sync_to(self, article_id: str) -> None:
        """Select and reveal the open article (Qt Assistant's "sync with contents")."""
        index = self._article_items.get(article_id)
        if index is None:
            return
        self._syncing = True
        try:
            parent = index.parent()
            while parent.isValid():
                self.expand(parent)
                parent = parent.parent()
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(index)
        finally:
            self._syncing = False
