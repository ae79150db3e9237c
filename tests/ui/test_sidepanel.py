import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from viewer.bookmarks import BookmarkStore
from viewer.search import SearchResult
from viewer.ui.sidepanel import HIT_ROLE, ID_ROLE, SidePanel

pytestmark = pytest.mark.gui


class FakeApp:
    """What the side panel needs besides searching: the pack, its articles, the bookmarks."""

    def __init__(self, pack, tmp_path):
        self.pack = pack
        self.bookmarks = BookmarkStore(tmp_path / "bookmarks.yaml").load()

    def article(self, article_id):
        return self.pack.articles.get(article_id)


@pytest.fixture
def panel(qtbot, services):
    widget = SidePanel(services)
    qtbot.addWidget(widget)
    widget.resize(360, 600)
    widget.show()
    yield widget
    widget.runner.wait()


def search(qtbot, panel, text):
    with qtbot.waitSignal(panel.runner.resultReady, timeout=10000):
        panel.search_box.setText(text)
    qtbot.waitUntil(lambda: panel.last_result is not None and panel.last_result.query == text)
    return [panel.results.model().index(r, 0).data(ID_ROLE) for r in range(panel.results.model().rowCount())]


def test_results_appear_as_you_type(qtbot, panel):
    ids = search(qtbot, panel, "如何下载证书")
    assert ids[0] == "download-reseller-certificate"
    assert panel.stack.currentIndex() == 1
    assert "result" in panel.status.text()


def test_input_method_commit_strings_search(qtbot, panel):
    """What a Chinese input method sends: a commit string, not key presses."""
    panel.search_box.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("子客户开票")
    with qtbot.waitSignal(panel.runner.resultReady, timeout=10000):
        QApplication.sendEvent(panel.search_box, event)
    assert panel.search_box.text() == "子客户开票"
    qtbot.waitUntil(lambda: panel.last_result is not None)
    assert panel.last_result.hits[0].id == "invoice-sub-customers"


def test_enter_opens_the_top_result_with_highlights(qtbot, panel):
    search(qtbot, panel, "代金券")
    with qtbot.waitSignal(panel.articleOpened) as opened:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    article_id, words = opened.args
    assert article_id == panel.last_result.hits[0].id
    assert "代金券" in words


def test_enter_before_the_debounce_fires_still_opens_the_newest_result(qtbot, panel):
    panel.search_box.setText("NRE协议")
    with qtbot.waitSignal(panel.articleOpened, timeout=10000) as opened:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert opened.args[0] == "sign-nre-agreement"


def test_up_and_down_move_through_results(qtbot, panel):
    ids = search(qtbot, panel, "代金券")
    assert len(ids) >= 3
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 2
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Up)
    assert panel.results.currentIndex().row() == 1
    with qtbot.waitSignal(panel.articleOpened) as opened:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Enter)
    assert opened.args[0] == ids[1]


def test_escape_clears_and_returns_to_the_tree(qtbot, panel):
    search(qtbot, panel, "开票")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Escape)
    assert panel.search_box.text() == ""
    assert panel.stack.currentIndex() == 0


def test_a_new_query_does_not_show_the_last_ones_results(qtbot, panel):
    """Painting the old rows when the next query's results page opened held up its first key."""
    search(qtbot, panel, "开票")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Escape)
    panel.search_box.setText("代")
    panel.search_now()
    assert panel.stack.currentIndex() == 1 and panel.results.model().rowCount() == 0
    panel.runner.wait()


def test_no_results_says_so_and_suggests(qtbot, panel):
    ids = search(qtbot, panel, "zzqqxx")
    assert ids == []
    assert "No results" in panel.status.text()
    assert "fewer words" in panel.status.text()


def test_no_results_suggests_synonyms_and_single_words(qtbot, panel, services):
    from viewer.search import suggestions

    tries = suggestions("开票 zzqq", services.pack)
    assert tries[0] == "发票 zzqq"  # the synonym swapped in
    assert "zzqq" in tries and "开票" in tries  # and each word alone


def test_scope_limits_results_to_the_selected_topic(qtbot, panel):
    tree = panel.tree
    model = tree.model()
    coupons = next(model.index(r, 0) for r in range(model.rowCount())
                   if model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) == "vouchers-and-cash-coupons")
    assert not panel.scope.isEnabled()
    tree.setCurrentIndex(coupons)
    assert panel.scope.isEnabled() and "代金券和现金券" in panel.scope.text()
    panel.scope.setChecked(True)
    ids = search(qtbot, panel, "伙伴")
    assert ids and all(i in {"use-partner-vouchers", "use-cash-coupons", "use-vouchers-at-payment",
                             "view-vouchers", "view-cash-coupons"} for i in ids)


def test_a_stale_result_never_overwrites_a_newer_one(qtbot, bundled_pack, tmp_path):
    release = threading.Event()

    class SlowFirstApp(FakeApp):
        def search(self, query, limit=50, topic=None):
            if query == "slow":
                release.wait(5)
            return SearchResult(query, 0.0, ())

    panel = SidePanel(SlowFirstApp(bundled_pack, tmp_path))
    qtbot.addWidget(panel)
    panel.search_box.setText("slow")
    panel.search_now()
    time.sleep(0.05)  # the worker is now inside the slow search
    panel.search_box.setText("fast")
    panel.search_now()
    release.set()
    panel.runner.wait()
    qtbot.waitUntil(lambda: panel.last_result is not None and panel.last_result.query == "fast")
    qtbot.wait(50)
    assert panel.last_result.query == "fast"


def test_a_failing_search_is_shown_not_raised(qtbot, bundled_pack, tmp_path):
    class BrokenApp(FakeApp):
        def search(self, query, limit=50, topic=None):
            raise OSError("index file vanished")

    panel = SidePanel(BrokenApp(bundled_pack, tmp_path))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.runner.failed):
        panel.search_box.setText("x")
        panel.search_now()
    assert "index file vanished" in panel.status.text()


def test_snippets_are_made_off_the_ui_thread(qtbot, panel, monkeypatch):
    """Making 50 snippets on the UI thread froze typing whenever results came in."""
    import viewer.search

    threads = []
    make_snippet = viewer.search.make_snippet

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return make_snippet(*args, **kwargs)

    monkeypatch.setattr(viewer.search, "make_snippet", recording)
    search(qtbot, panel, "代金券")
    panel.results.viewport().repaint()
    assert threads
    assert threading.main_thread() not in threads


def test_words_to_mark_are_found_only_for_the_opened_hit(qtbot, panel, monkeypatch):
    import viewer.search

    calls = []
    matched_words = viewer.search.matched_words
    monkeypatch.setattr(viewer.search, "matched_words", lambda *args: calls.append(args) or matched_words(*args))
    search(qtbot, panel, "代金券")
    assert len(panel.last_result.hits) > 1
    assert calls == []
    with qtbot.waitSignal(panel.articleOpened) as opened:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert len(calls) == 1
    assert "代金券" in opened.args[1]


def test_searches_share_one_python_thread(qtbot, bundled_pack, tmp_path):
    """The engine keeps a Whoosh searcher per thread (in a threading.local): a new thread at
    every search opened a new searcher each time and kept it, with its open files."""
    local = threading.local()
    seen = []

    class CountingApp(FakeApp):
        def search(self, query, limit=50, topic=None):
            local.count = getattr(local, "count", 0) + 1
            seen.append((threading.current_thread(), local.count))
            return SearchResult(query, 0.0, ())

    panel = SidePanel(CountingApp(bundled_pack, tmp_path))
    qtbot.addWidget(panel)
    for query in ("a", "b", "c"):
        with qtbot.waitSignal(panel.runner.resultReady):
            panel.search_box.setText(query)
            panel.search_now()
    assert [count for _, count in seen] == [1, 2, 3]
    assert len({thread for thread, _ in seen}) == 1


def test_a_search_running_when_the_panel_goes_ends_quietly(qtbot, bundled_pack, tmp_path, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QEvent

    errors = []
    monkeypatch.setattr(threading, "excepthook", errors.append)
    started, release = threading.Event(), threading.Event()

    class SlowApp(FakeApp):
        def search(self, query, limit=50, topic=None):
            started.set()
            release.wait(5)
            return SearchResult(query, 0.0, ())

    panel = SidePanel(SlowApp(bundled_pack, tmp_path))
    panel.search_box.setText("slow")
    panel.search_now()
    assert started.wait(5)
    thread = next(t for t in threading.enumerate() if t.name == "search")
    panel.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    thread.join(5)
    assert not thread.is_alive()
    assert errors == []


def painted_row(panel, row: int):
    """The result row as the list paints it."""
    rect = panel.results.visualRect(panel.results.model().index(row, 0))
    return panel.results.viewport().grab(rect).toImage()


def view_option(panel):
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    panel.results.initViewItemOption(option)
    return option


def colours(image) -> set[str]:
    from PySide6.QtGui import QColor

    return {QColor(image.pixel(x, y)).name() for y in range(image.height()) for x in range(image.width())}


def test_result_rows_are_laid_out_once_and_again_for_new_results(qtbot, panel):
    """Laying rows out was most of what results cost the UI thread, once for the height and
    again at every paint."""
    search(qtbot, panel, "代金券")
    delegate, model = panel.results.itemDelegate(), panel.results.model()
    hit = model.index(0, 0).data(HIT_ROLE)
    first = delegate.row_layout(hit, panel.results.font())
    panel.results.viewport().repaint()
    panel.results.setCurrentIndex(model.index(1, 0))
    panel.results.viewport().repaint()
    assert delegate.row_layout(hit, panel.results.font()) is first
    assert first.size == delegate.sizeHint(view_option(panel), model.index(0, 0))

    search(qtbot, panel, "开票")
    new_hits = {id(model.index(r, 0).data(HIT_ROLE)) for r in range(model.rowCount())}
    assert set(delegate._rows) <= new_hits  # the old results' rows are gone


def test_result_rows_are_laid_out_again_for_another_font_or_width(qtbot, panel):
    from PySide6.QtGui import QFont

    search(qtbot, panel, "代金券")
    delegate = panel.results.itemDelegate()
    hit = panel.results.model().index(0, 0).data(HIT_ROLE)
    font = QFont(panel.results.font())
    before = delegate.row_layout(hit, font)
    font.setPointSizeF(font.pointSizeF() * 2)
    bigger = delegate.row_layout(hit, font)
    assert bigger is not before and bigger.size.height() > before.size.height()
    panel.resize(200, 600)
    narrower = delegate.row_layout(hit, panel.results.font())
    assert narrower.size.width() < before.size.width()
    assert narrower.size.height() > before.size.height()


def test_result_rows_take_the_palette_when_painted(qtbot, panel):
    """The layout is kept across a theme change; its colours are not."""
    from viewer.ui.theme import dark_palette

    search(qtbot, panel, "代金券")
    panel.results.setCurrentIndex(panel.results.model().index(1, 0))
    light = colours(painted_row(panel, 0))
    assert "#ffe08a" in light  # a matched word marked
    panel.results.setPalette(dark_palette())
    dark = colours(painted_row(panel, 0))
    assert "#7a5d00" in dark and "#ffe08a" not in dark
    assert "#3d6fd6" in colours(painted_row(panel, 1))  # the selected row


def test_marks_stay_on_their_words_after_rare_ideographs_and_runs_of_spaces(qtbot, panel):
    """Qt counts text positions in UTF-16 units, where a rare ideograph like 𠀀 is two; and a
    run of spaces is shown as one, as rich text did."""
    from viewer.search import Snippet
    from viewer.ui.results import RowLayout

    class FakeHit:
        title = "𠀀标题"
        topic_path = ("主题",)
        snippet = Snippet("𠀀𠀀 代金券  使用", ((3, 6), (8, 10)))

    row = RowLayout(FakeHit(), panel.results.font(), 300)
    utf16 = row.layout.text().encode("utf-16-le")
    assert [utf16[2 * start:2 * (start + length)].decode("utf-16-le") for start, length in row.marks] \
        == ["代金券", "使用"]
