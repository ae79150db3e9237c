"""The answer pane (viewer/ui/answer.py) and its find bar (viewer/ui/findbar.py)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QColor, QKeySequence, QFont, QGuiApplication, QHelpEvent, QPalette, QTextCursor
from PySide6 import QtPrintSupport
from PySide6.QtWidgets import QDialog, QFileDialog, QToolTip, QWidget

from viewer.model import Article
from viewer.render import EXTERNAL_LINK_TOOLTIP, render_article, render_plain
from viewer.ui import answer as answer_module
from viewer.ui.answer import ZOOM_MAX, ZOOM_MIN, AnswerPane

pytestmark = pytest.mark.gui

VOUCHERS = "use-vouchers-at-payment"  # eight 代金券 in title and body

LINKS = Article(
    id="links",
    title="链接示例",
    topic="other",
    body=(
        "先看[查看代金券](article:view-vouchers)，再看[官网](https://example.com/help)。\n\n"
        "也可以[发邮件](mailto:help@example.com)或者打开[文件](file:///etc/passwd)。"
    ),
)


@pytest.fixture
def pane(qtbot):
    """A shown pane (so it has its real size), inside a plain host window.

    The host has no layout: a top-level layout would set size constraints, and the
    offscreen platform logs a warning for those ("does not support propagateSizeHints").
    """
    host = QWidget()
    host.resize(800, 600)
    qtbot.addWidget(host)
    widget = AnswerPane(host, pack_title="伙伴中心常见问题")
    widget.setGeometry(0, 0, 800, 600)
    host.show()
    qtbot.waitExposed(host)
    yield widget  # (the generator keeps ``host`` alive)


def show(pane, pack, article_id, highlight=()):
    article = pack.articles[article_id]
    pane.show_article(article, pack.topic_path_titles(article.topic), highlight)
    return article


def selected(pane) -> str:
    return pane.browser.textCursor().selectedText()


def link_point(pane, text: str) -> QPoint:
    """The middle of the first character of ``text`` in the browser's viewport."""
    position = pane.browser.toPlainText().index(text)
    cursor = QTextCursor(pane.browser.document())
    cursor.setPosition(position + 1)
    rect = pane.browser.cursorRect(cursor)
    return QPoint(rect.left() - 3, rect.center().y())


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#1b1c1f"), (QPalette.ColorRole.Text, "#e8eaed"),
                         (QPalette.ColorRole.Button, "#2b2c30"), (QPalette.ColorRole.ButtonText, "#e8eaed")):
        palette.setColor(role, QColor(colour))
    return palette


# --------------------------------------------------------------------------- showing


def test_starts_empty(pane):
    assert pane.article is None
    assert pane.hit_count() == 0 and pane.current_hit() == -1
    assert pane.find_bar.isHidden()
    assert pane.browser.accessibleName() == "Answer"
    assert not pane.browser.openLinks() and not pane.browser.openExternalLinks()


def test_show_article(pane, bundled_pack):
    article = show(pane, bundled_pack, VOUCHERS)
    text = pane.browser.toPlainText()
    assert pane.article is article
    assert article.title in text
    assert "伙伴中心常见问题" in text  # the pack title is the first breadcrumb
    assert pane.hit_count() == 0 and pane.current_hit() == -1
    assert not pane.browser.textCursor().hasSelection()


def test_show_message_clears_article(pane, bundled_pack):
    show(pane, bundled_pack, VOUCHERS, ["代金券"])
    pane.show_message("<h1>欢迎</h1><p>在左侧搜索。</p>")
    assert pane.article is None
    assert "欢迎" in pane.browser.toPlainText()
    assert pane.hit_count() == 0 and pane.current_hit() == -1
    assert pane.copy_answer() is False and pane.copy_link() is False
    assert pane.export_pdf("/nonexistent/x.pdf") is None


def test_related_links_are_shown(pane, bundled_pack, qtbot):
    article = bundled_pack.articles[VOUCHERS]
    pane.show_article(article, [], related=[("view-vouchers", "如何查看代金券")])
    assert "如何查看代金券" in pane.browser.toPlainText()
    with qtbot.waitSignal(pane.articleRequested) as blocker:
        qtbot.mouseClick(pane.browser.viewport(), Qt.MouseButton.LeftButton, pos=link_point(pane, "如何查看代金券"))
    assert blocker.args == ["view-vouchers"]


def test_markup_in_content_stays_text(pane):
    evil = "<script>alert(1)</script><img src=x>"
    pane.show_article(Article(id="evil", title=evil, topic="t", body=f"正文 {evil}"), ["主题"])
    text = pane.browser.toPlainText()
    assert text.count(evil) == 2
    html = pane.browser.document().toHtml()
    assert "<img" not in html and "<script" not in html


# --------------------------------------------------------------------------- hits


def test_hits_navigate_and_wrap(pane, bundled_pack, qtbot):
    article = show(pane, bundled_pack, VOUCHERS, ["代金券"])
    count = pane.hit_count()
    assert count >= 3
    assert count == render_article(article, [], highlight=["代金券"]).count('name="hit-')
    assert pane.current_hit() == 0 and selected(pane) == "代金券"
    with qtbot.waitSignal(pane.hitChanged) as blocker:
        assert pane.next_hit() == 1
    assert blocker.args == [1, count]
    assert selected(pane) == "代金券"
    positions = set()
    for _ in range(count):
        positions.add(pane.browser.textCursor().selectionStart())
        assert selected(pane) == "代金券"
        pane.next_hit()
    assert len(positions) == count  # every hit is a different place
    assert pane.current_hit() == 1  # wrapped round
    pane.previous_hit()
    assert pane.current_hit() == 0
    pane.previous_hit()
    assert pane.current_hit() == count - 1 and selected(pane) == "代金券"
    pane.next_hit()
    assert pane.current_hit() == 0


def test_hits_in_links_code_ui_paths_and_lists(pane):
    article = Article(
        id="mixed",
        title="代金券代金券",
        topic="t",
        body="见 [官网代金券说明](https://example.com) 和 **代金券** `代金券` “代金券 > 代金券”\n\n- 代金券\n- 券代金券",
    )
    pane.show_article(article, [], ["代金券"])
    assert pane.hit_count() == 9
    for index in range(9):
        assert pane.current_hit() == index
        assert selected(pane) == "代金券", index
        pane.next_hit()


def test_hits_are_found_case_and_width_insensitively(pane):
    pane.show_article(Article(id="w", title="Voucher", topic="t", body="VOUCHER ｖｏｕｃｈｅｒ voucher"), [], ["voucher"])
    assert pane.hit_count() == 4
    seen = []
    for _ in range(4):
        seen.append(selected(pane))
        pane.next_hit()
    assert seen == ["Voucher", "VOUCHER", "ｖｏｕｃｈｅｒ", "voucher"]


def test_no_hits(pane, bundled_pack):
    show(pane, bundled_pack, VOUCHERS, ["没有这个词"])
    assert pane.hit_count() == 0
    assert pane.next_hit() == -1 and pane.previous_hit() == -1
    assert pane.current_hit() == -1


def test_first_hit_is_scrolled_into_view(pane):
    body = "\n\n".join(f"第 {n} 段，没有要找的词。" for n in range(80)) + "\n\n最后一段有代金券。"
    pane.show_article(Article(id="long", title="长文章", topic="t", body=body), [], ["代金券"])
    assert pane.hit_count() == 1
    rect = pane.browser.cursorRect(pane.browser.textCursor())
    assert pane.browser.verticalScrollBar().value() > 0
    assert pane.browser.viewport().rect().contains(rect)


# --------------------------------------------------------------------------- links


def test_article_link_emits_article_requested(pane, qtbot):
    pane.show_article(LINKS, [])
    with qtbot.waitSignal(pane.articleRequested) as blocker:
        pane.browser.anchorClicked.emit(QUrl("article:view-vouchers"))
    assert blocker.args == ["view-vouchers"]


def test_clicking_links(pane, qtbot, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(answer_module.QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url)) or True)
    requested: list[str] = []
    pane.articleRequested.connect(requested.append)
    pane.show_article(LINKS, [])
    assert opened == [] and requested == []

    qtbot.mouseClick(pane.browser.viewport(), Qt.MouseButton.LeftButton, pos=link_point(pane, "查看代金券"))
    assert requested == ["view-vouchers"] and opened == []
    assert pane.article is LINKS  # the pane does not navigate by itself

    qtbot.mouseClick(pane.browser.viewport(), Qt.MouseButton.LeftButton, pos=link_point(pane, "官网"))
    assert [url.toString() for url in opened] == ["https://example.com/help"]

    pane.browser.anchorClicked.emit(QUrl("mailto:help@example.com"))
    pane.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    pane.browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert [url.toString() for url in opened] == ["https://example.com/help", "mailto:help@example.com"]
    assert requested == ["view-vouchers"]
    assert "文件" in pane.browser.toPlainText()  # the file: link is plain text


def test_external_link_tooltip_in_format(pane):
    pane.show_article(LINKS, [])
    point = link_point(pane, "官网")
    assert pane.browser.anchorAt(point) == "https://example.com/help"
    cursor = pane.browser.cursorForPosition(point)
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
    assert cursor.charFormat().toolTip() == EXTERNAL_LINK_TOOLTIP


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen tooltip window
def test_external_link_tooltip_is_shown(pane):
    """QTextBrowser shows the anchor's title as its tooltip by itself."""
    pane.show_article(LINKS, [])
    point = link_point(pane, "官网")
    viewport = pane.browser.viewport()
    QGuiApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    try:
        assert QToolTip.text() == EXTERNAL_LINK_TOOLTIP
    finally:
        QToolTip.hideText()


# --------------------------------------------------------------------------- zoom


def test_zoom(pane, bundled_pack, qtbot):
    show(pane, bundled_pack, VOUCHERS)
    base = pane.browser.font().pointSizeF()
    with qtbot.waitSignal(pane.zoomChanged) as blocker:
        pane.zoom_in()
    assert blocker.args == [1] and pane.zoom() == 1
    assert pane.browser.font().pointSizeF() == base + 1
    pane.zoom_out()
    pane.zoom_out()
    assert pane.zoom() == -1 and pane.browser.font().pointSizeF() == base - 1
    pane.reset_zoom()
    assert pane.zoom() == 0 and pane.browser.font().pointSizeF() == base


def test_zoom_range_and_restore(pane, bundled_pack, qtbot):
    base = pane.browser.font().pointSizeF()
    pane.set_zoom(99)
    assert pane.zoom() == ZOOM_MAX
    pane.zoom_in()
    assert pane.zoom() == ZOOM_MAX
    pane.set_zoom(-99)
    assert pane.zoom() == ZOOM_MIN
    pane.zoom_out()
    assert pane.zoom() == ZOOM_MIN
    pane.set_zoom(3)
    with qtbot.assertNotEmitted(pane.zoomChanged):
        pane.set_zoom(3)
    show(pane, bundled_pack, VOUCHERS)  # a new page keeps the zoom
    assert pane.browser.font().pointSizeF() == base + 3


def test_zoom_follows_font_changes(pane):
    pane.set_zoom(2)
    font = QFont(pane.font())
    font.setPointSizeF(14)
    pane.setFont(font)
    assert pane.browser.font().pointSizeF() == 16


# --------------------------------------------------------------------------- copy


def test_copy_answer(pane, bundled_pack):
    article = show(pane, bundled_pack, VOUCHERS, ["代金券"])
    assert pane.copy_answer() is True
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert mime.text() == render_plain(article)
    assert article.title in mime.html()
    assert 'class="hit"' not in mime.html() and "hit-0" not in mime.html()  # no search marks


def test_copy_link(pane, bundled_pack):
    article = show(pane, bundled_pack, VOUCHERS)
    assert pane.copy_link() is True
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == f"partnerhelp://article/{VOUCHERS}"
    assert [url.toString() for url in mime.urls()] == [f"partnerhelp://article/{VOUCHERS}"]
    assert f'href="partnerhelp://article/{VOUCHERS}"' in mime.html() and article.title in mime.html()


# --------------------------------------------------------------------------- print and PDF


def test_export_pdf(pane, bundled_pack, tmp_path, qtbot):
    show(pane, bundled_pack, VOUCHERS, ["代金券"])
    target = tmp_path / "answer.pdf"
    with qtbot.waitSignal(pane.message):
        assert pane.export_pdf(str(target)) == str(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_export_pdf_asks_for_a_file(pane, bundled_pack, tmp_path, monkeypatch):
    article = show(pane, bundled_pack, VOUCHERS)
    asked = []

    def fake_dialog(parent, caption, directory, filter_):
        asked.append(directory)
        return str(tmp_path / "chosen"), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    assert pane.export_pdf() == str(tmp_path / "chosen.pdf")
    assert (tmp_path / "chosen.pdf").read_bytes().startswith(b"%PDF")
    assert asked[0].endswith(f"{article.title}.pdf")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    assert pane.export_pdf() is None


def test_default_pdf_name_is_a_safe_file_name(pane):
    pane.show_article(Article(id="a", title='A/B: "C"?', topic="t", body="x"), [])
    assert pane.default_pdf_path().endswith("A_B_ _C.pdf")


def test_export_pdf_error_is_reported(pane, bundled_pack, tmp_path, qtbot):
    show(pane, bundled_pack, VOUCHERS)
    target = tmp_path / "missing" / "answer.pdf"
    with qtbot.waitSignal(pane.message) as blocker:
        assert pane.export_pdf(str(target)) is None
    assert str(target) in blocker.args[0]
    assert not target.exists()


def test_print_article(pane, bundled_pack, tmp_path, monkeypatch):
    output = tmp_path / "printed.pdf"

    class FakePrintDialog:
        def __init__(self, printer, parent):
            self.printer = printer

        def setWindowTitle(self, title):
            pass

        def exec(self):
            self.printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(output))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", FakePrintDialog)  # imported when printing
    assert pane.print_article() is False  # nothing to print
    show(pane, bundled_pack, VOUCHERS)
    assert pane.print_article() is True
    assert output.read_bytes().startswith(b"%PDF")


# --------------------------------------------------------------------------- find in page


def test_find_bar(pane, bundled_pack, qtbot):
    show(pane, bundled_pack, VOUCHERS)
    bar = pane.find_bar
    total = pane.browser.toPlainText().count("代金券")
    assert total >= 3
    pane.find()
    assert not bar.isHidden()
    bar.edit.setText("代金券")
    assert bar.result_text() == f"1 of {total}"
    assert selected(pane) == "代金券"
    assert len(pane.browser.extraSelections()) == total - 1  # the others are marked too

    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.result_text() == f"2 of {total}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.result_text() == f"{total} of {total}"  # wrapped backwards
    assert selected(pane) == "代金券"
    pane.find_next()
    assert bar.result_text() == f"1 of {total}"  # wrapped forwards
    bar.next_button.click()
    assert pane.find_result() == (1, total)

    bar.edit.setText("没有这个词")
    assert bar.result_text() == "Not found"
    assert pane.browser.extraSelections() == []

    bar.edit.setText("代金券")
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert bar.isHidden()
    assert pane.browser.extraSelections() == []

    pane.find()  # opens again with the text selected, ready to be replaced
    assert not bar.isHidden() and bar.edit.selectedText() == "代金券"
    assert bar.result_text().endswith(f"of {total}")


def test_find_match_case(pane):
    pane.show_article(Article(id="c", title="Case", topic="t", body="Voucher voucher VOUCHER"), [])
    pane.find()
    pane.find_bar.edit.setText("voucher")
    assert pane.find_result()[1] == 3
    pane.find_bar.case_box.setChecked(True)
    assert pane.find_result() == (0, 1)
    assert selected(pane) == "voucher"


def test_find_follows_new_article(pane, bundled_pack):
    pane.find()
    pane.find_bar.edit.setText("现金券")
    assert pane.find_bar.result_text() == "Not found"
    show(pane, bundled_pack, "use-cash-coupons")
    assert pane.find_result()[1] == pane.browser.toPlainText().count("现金券") > 0


def test_close_button_hides_find_bar(pane):
    pane.find()
    pane.find_bar.close_button.click()
    assert pane.find_bar.isHidden()


# --------------------------------------------------------------------------- palette


def test_dark_palette_rerenders(pane, bundled_pack):
    show(pane, bundled_pack, VOUCHERS, ["代金券"])
    pane.next_hit()
    pane.next_hit()
    light_html = pane.browser.document().toHtml()
    assert 'bgcolor="#ffffff"' in light_html and "#1e1f22" not in light_html

    pane.setPalette(dark_palette())
    assert pane.is_dark()
    dark_html = pane.browser.document().toHtml()
    assert 'bgcolor="#1e1f22"' in dark_html  # render's dark background
    assert "#e3e5e8" in dark_html  # and its dark-palette text colour
    assert pane.current_hit() == 2 and selected(pane) == "代金券"  # same place

    pane.setPalette(QPalette())
    pane.setPalette(QGuiApplication.palette())
    assert not pane.is_dark()
    assert 'bgcolor="#ffffff"' in pane.browser.document().toHtml()


def test_palette_change_keeps_scroll_and_find_selection(pane):
    body = "\n\n".join(f"第 {n} 段，代金券。" for n in range(80))
    pane.show_article(Article(id="long", title="长文章", topic="t", body=body), [], ["代金券"])
    pane.find()
    pane.find_bar.edit.setText("第 60 段")
    cursor = pane.browser.textCursor()
    span = (cursor.selectionStart(), cursor.selectionEnd())
    scroll = pane.browser.verticalScrollBar().value()
    assert scroll > 0 and pane.find_result() == (0, 1)

    pane.setPalette(dark_palette())
    assert 'bgcolor="#1e1f22"' in pane.browser.document().toHtml()
    cursor = pane.browser.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == span
    assert pane.browser.verticalScrollBar().value() == scroll
    assert pane.find_result() == (0, 1) and pane.find_bar.result_text() == "1 of 1"
    assert pane.current_hit() == 0


def test_application_palette_change_rerenders(pane, bundled_pack, qapp, qtbot):
    """The theme switch of the main window: QApplication.setPalette (delivered via the event loop)."""
    show(pane, bundled_pack, VOUCHERS)
    original = QPalette(qapp.palette())
    try:
        qapp.setPalette(dark_palette())
        qtbot.waitUntil(lambda: 'bgcolor="#1e1f22"' in pane.browser.document().toHtml())
    finally:
        qapp.setPalette(original)
    qtbot.waitUntil(lambda: 'bgcolor="#ffffff"' in pane.browser.document().toHtml())


def test_new_article_keeps_the_find_bar_and_prefers_hits(pane, bundled_pack):
    pane.find()
    pane.find_bar.edit.setText("支付")
    show(pane, bundled_pack, VOUCHERS, ["代金券"])
    assert pane.current_hit() == 0 and selected(pane) == "代金券"  # the search hit wins
    total = pane.browser.toPlainText().count("支付")
    assert pane.find_result() == (-1, total) and pane.find_bar.result_text() == f"{total} matches"
    pane.find_next()
    assert selected(pane) == "支付"


def test_find_bar_keys_beat_window_shortcuts(pane, qtbot):
    """Esc/Enter in the find bar stay local even if the window binds them to actions."""
    host = pane.window()
    triggered = []
    for key in ("Esc", "Return", "Shift+Return"):
        action = QAction(host)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False, key=key: triggered.append(key))
        host.addAction(action)
    pane.show_article(Article(id="k", title="abc abc", topic="t", body="abc"), [])
    pane.find()
    pane.find_bar.edit.setText("abc")
    assert pane.find_result() == (0, 3)
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return)
    assert pane.find_result() == (1, 3)
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.find_result() == (0, 3)
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Escape)
    assert pane.find_bar.isHidden()
    assert triggered == []
    qtbot.keyClick(pane.browser, Qt.Key.Key_Escape)  # elsewhere the window's action runs
    assert triggered == ["Esc"]


def test_link_hover_is_reported(pane, qtbot):
    pane.show_article(LINKS, [])
    with qtbot.waitSignal(pane.linkHovered) as blocker:
        pane.browser.highlighted.emit(QUrl("https://example.com/help"))
    assert blocker.args == ["https://example.com/help"]
    with qtbot.waitSignal(pane.linkHovered) as blocker:
        pane.browser.highlighted.emit(QUrl())
    assert blocker.args == [""]
