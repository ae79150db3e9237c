import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from viewer.model import Article, Pack, PackInfo, Topic
from viewer.ui.topictree import ID_ROLE, KIND_ROLE, TopicModel, TopicTree

pytestmark = pytest.mark.gui


@pytest.fixture
def nested_pack():
    """Topic a holds sub-topics b (which holds c) and d; articles sit at every level."""
    topics = {
        "a": Topic("a", "A", None, ("b", "d")),
        "b": Topic("b", "B", "a", ("c",)),
        "c": Topic("c", "C", "b"),
        "d": Topic("d", "D", "a"),
        "e": Topic("e", "E"),
    }
    placed = [("x1", "a"), ("x2", "c"), ("x3", "b"), ("x4", "c"), ("x5", "e"), ("x6", "a")]
    articles = {aid: Article(aid, f"Title {aid}", topic, "body") for aid, topic in placed}
    return Pack(PackInfo("nested", "Nested", "1"), topics, articles)


def rows_of(model, parent=QModelIndex(), depth=0):
    """(depth, label, kind, id) of every row, depth first, in the order the tree shows them."""
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        assert index.parent() == parent
        found.append((depth, index.data(), index.data(KIND_ROLE), index.data(ID_ROLE)))
        found.extend(rows_of(model, index, depth + 1))
    return found


def test_model_passes_qts_own_model_checks(qtbot, nested_pack, bundled_pack):
    for pack in (nested_pack, bundled_pack):
        model = TopicModel(pack)
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
        rows_of(model)


def test_nested_topics_come_before_articles_and_count_what_is_under_them(nested_pack):
    assert rows_of(TopicModel(nested_pack)) == [
        (0, "A (5)", "topic", "a"),
        (1, "B (3)", "topic", "b"),
        (2, "C (2)", "topic", "c"),
        (3, "Title x2", "article", "x2"),
        (3, "Title x4", "article", "x4"),
        (2, "Title x3", "article", "x3"),
        (1, "D (0)", "topic", "d"),
        (1, "Title x1", "article", "x1"),
        (1, "Title x6", "article", "x6"),
        (0, "E (1)", "topic", "e"),
        (1, "Title x5", "article", "x5"),
    ]


def test_article_index_finds_every_article_and_nothing_else(nested_pack):
    model = TopicModel(nested_pack)
    for article_id, article in nested_pack.articles.items():
        index = model.article_index(article_id)
        assert index.data(ID_ROLE) == article_id
        assert index.parent().data(ID_ROLE) == article.topic
        assert index.data(Qt.ItemDataRole.ToolTipRole) == article.title
    assert not model.article_index("no-such-article").isValid()
    assert not model.article_index("a").isValid()  # a topic's id is not an article


def test_model_has_topics_with_counts_and_their_articles(bundled_pack):
    model = TopicModel(bundled_pack)
    assert model.rowCount() == len(bundled_pack.root_topics())
    first = model.index(0, 0)
    assert first.data(KIND_ROLE) == "topic"
    total = 0
    for row in range(model.rowCount()):
        topic = model.index(row, 0)
        count = int(topic.data().rsplit("(", 1)[1].rstrip(")"))
        assert count == model.rowCount(topic)
        total += count
    assert total == len(bundled_pack.articles)


def test_selecting_an_article_opens_it_and_sync_reveals_it(qtbot, bundled_pack):
    tree = TopicTree(bundled_pack)
    qtbot.addWidget(tree)
    tree.show()
    topic = tree.model().index(0, 0)
    article = tree.model().index(0, 0, topic)
    with qtbot.waitSignal(tree.articleActivated) as opened:
        tree.setCurrentIndex(article)
    assert opened.args == [article.data(ID_ROLE)]
    with qtbot.assertNotEmitted(tree.articleActivated):
        tree.sync_to("view-cash-coupons")
    current = tree.currentIndex()
    assert current.data(ID_ROLE) == "view-cash-coupons"
    assert tree.isExpanded(current.parent())
    assert tree.selected_topic() == "vouchers-and-cash-coupons"


def test_keyboard_enter_on_an_article_opens_it(qtbot, bundled_pack):
    tree = TopicTree(bundled_pack)
    qtbot.addWidget(tree)
    tree.show()
    tree.sync_to("sign-nre-agreement")
    with qtbot.waitSignal(tree.articleActivated) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == ["sign-nre-agreement"]
