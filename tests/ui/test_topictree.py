import pytest
from PySide6.QtCore import Qt

from viewer.ui.topictree import ID_ROLE, KIND_ROLE, TopicTree, build_model

pytestmark = pytest.mark.gui


def test_model_has_topics_with_counts_and_their_articles(bundled_pack):
    model = build_model(bundled_pack)
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
