"""The topic tree: topics with their article counts, and the articles under them."""
from __future__ import annotations

from array import array

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from viewer.model import Pack

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
NO_PARENT = -1


class TopicModel(QAbstractItemModel):
    """Topics in pack order, each labelled with how many articles it holds (sub-topics included),
    sub-topics first and then its articles.

    A read-only model over the pack rather than a QStandardItemModel: with 10,000 articles one
    item per row cost 19.5 MB and 0.36 s at start-up; here a row is a number in a few arrays and
    its text is read from the pack when the view asks for it. Every row is a node: topics are
    numbered first, then articles; a QModelIndex carries its node number as internal id.
    """

    def __init__(self, pack: Pack, parent=None):
        super().__init__(parent)
        self._pack = pack
        self._ids: list[str] = []
        self._is_topic = bytearray()
        self._parent = array("i")
        self._row = array("i")
        self._children: dict[int, array] = {NO_PARENT: array("i")}
        self._labels: dict[int, str] = {}
        self._node_of_article: dict[str, int] = {}
        articles_by_topic: dict[str, list[str]] = {}
        for article in pack.articles.values():
            articles_by_topic.setdefault(article.topic, []).append(article.id)
        for topic in pack.root_topics():
            self._add_topic(topic.id, NO_PARENT, articles_by_topic)

    def _add_node(self, node_id: str, is_topic: bool, parent: int) -> int:
        node = len(self._ids)
        self._ids.append(node_id)
        self._is_topic.append(is_topic)
        self._parent.append(parent)
        siblings = self._children[parent]
        self._row.append(len(siblings))
        siblings.append(node)
        return node

    def _add_topic(self, topic_id: str, parent: int, articles_by_topic: dict[str, list[str]]) -> int:
        """Adds the topic and everything under it; returns how many articles that is."""
        topic = self._pack.topics[topic_id]
        node = self._add_node(topic_id, True, parent)
        self._children[node] = array("i")
        count = sum(self._add_topic(child, node, articles_by_topic) for child in topic.children)
        for article_id in articles_by_topic.get(topic_id, ()):
            self._node_of_article[article_id] = self._add_node(article_id, False, node)
            count += 1
        self._labels[node] = f"{topic.title} ({count})"
        return count

    def _node(self, index: QModelIndex) -> int:
        return index.internalId() if index.isValid() else NO_PARENT

    def index(self, row: int, column: int = 0, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        children = self._children.get(self._node(parent))
        if column != 0 or children is None or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: QModelIndex) -> QModelIndex:  # noqa: A003 - Qt's name
        if not index.isValid():
            return QModelIndex()
        parent = self._parent[index.internalId()]
        return QModelIndex() if parent == NO_PARENT else self.createIndex(self._row[parent], 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        children = self._children.get(self._node(parent))
        return 0 if children is None else len(children)

    def columnCount(self, _parent: QModelIndex = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = index.internalId()
        is_topic = self._is_topic[node]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._labels[node] if is_topic else self._pack.articles[self._ids[node]].title
        if role == Qt.ItemDataRole.ToolTipRole:
            pack_id = self._ids[node]
            return self._pack.topics[pack_id].title if is_topic else self._pack.articles[pack_id].title
        if role == KIND_ROLE:
            return "topic" if is_topic else "article"
        if role == ID_ROLE:
            return self._ids[node]
        return None

    def article_index(self, article_id: str) -> QModelIndex:
        """The row of an article, or an invalid index if the pack has no such article."""
        node = self._node_of_article.get(article_id)
        return QModelIndex() if node is None else self.createIndex(self._row[node], 0, node)


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
        self._model = TopicModel(pack, self)
        self.setModel(self._model)
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.activated.connect(self._on_activated)

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
        index = self._model.article_index(article_id)
        if not index.isValid():
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
