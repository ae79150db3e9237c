import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QTableWidget

from viewer.ui.mainwindow import MainWindow

pytestmark = pytest.mark.gui


def test_starts_with_a_welcome_page_and_pack_status(window, services):
    assert window.windowTitle() == "PartnerHelp"
    assert "20" in window.pack_label.text() and services.pack.info.version in window.pack_label.text()
    assert services.pack.info.title in window.answer.browser.toPlainText()
    assert not window.act_back.isEnabled() and not window.act_copy_answer.isEnabled()


def test_search_pick_result_and_read(qtbot, window):
    side = window.side
    with qtbot.waitSignal(side.runner.resultReady, timeout=10000):
        side.search_box.setText("如何下载证书")
    qtbot.waitUntil(lambda: side.last_result is not None)
    qtbot.keyClick(side.search_box, Qt.Key.Key_Return)
    assert window.answer.article.id == "download-reseller-certificate"
    assert window.windowTitle() == "如何下载云经销商伙伴计划证书? — PartnerHelp"
    assert window.answer.hit_count() > 0  # the query's words are marked
    assert window.side.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 2) == "download-reseller-certificate"


def test_tree_selection_opens_articles_and_back_forward(qtbot, window):
    window.side.tree.sync_to("view-vouchers")
    window.open_article("view-vouchers")
    window.open_article("sign-nre-agreement")
    window.open_article("invoice-sub-customers")
    window.act_back.trigger()
    assert window.answer.article.id == "sign-nre-agreement"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.answer.article.id == "view-vouchers"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.answer.article.id == "sign-nre-agreement"
    assert window.act_forward.isEnabled()


def test_mouse_back_and_forward_buttons(qtbot, window):
    window.open_article("view-vouchers")
    window.open_article("sign-nre-agreement")
    viewport = window.answer.browser.viewport()
    for button, expected in ((Qt.MouseButton.BackButton, "view-vouchers"),
                             (Qt.MouseButton.ForwardButton, "sign-nre-agreement")):
        event = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(10, 10), QPointF(10, 10),
                            button, button, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)
        assert window.answer.article.id == expected


def test_article_links_navigate_inside_the_app(window):
    window.open_article("view-vouchers")
    window.answer.browser.anchorClicked.emit(QUrl("article:use-partner-vouchers"))
    assert window.answer.article.id == "use-partner-vouchers"
    assert "相关问题" in window.answer.browser.toPlainText()  # related questions under the answer


def test_unknown_article_is_a_status_message(window):
    assert window.open_article("no-such-article") is False
    assert "no-such-article" in window.statusBar().currentMessage()


def test_copy_answer_puts_rich_and_plain_text_on_the_clipboard(window):
    window.open_article("view-vouchers")
    window.act_copy_answer.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert mime.text().startswith("如何查看代金券")
    assert "1. 使用客户账号登录华为云。" in mime.text()
    window.act_copy_link.trigger()
    assert QGuiApplication.clipboard().text() == "partnerhelp://article/view-vouchers"


def test_ctrl_k_and_ctrl_l_focus_the_search_box(qtbot, window):
    window.answer.browser.setFocus()
    for keys in ("Ctrl+K", "Ctrl+L"):
        window.answer.browser.setFocus()
        qtbot.waitUntil(lambda: window.answer.browser.hasFocus())
        qtbot.keySequence(window, QKeySequence(keys))
        qtbot.waitUntil(lambda: window.side.search_box.hasFocus())


def test_every_action_is_listed_in_the_shortcuts_help(qtbot, window):
    window.act_shortcuts.trigger()
    dialog = window._shortcuts_dialog
    table = dialog.findChild(QTableWidget)
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    for action in window.shortcut_actions():
        assert action.text().replace("&", "") in listed
    assert {"Back", "Find in Page", "Zoom In", "Copy Answer", "Quit", "Search"} <= listed
    dialog.close()


def test_zoom_is_remembered(qtbot, window, services, settings):
    window.open_article("view-vouchers")
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    assert settings.get("reader/zoom") == 2
    window.close()
    again = MainWindow(services, settings)
    qtbot.addWidget(again)
    assert again.answer.zoom() == 2
    again.act_zoom_reset.trigger()
    assert settings.get("reader/zoom") == 0


def test_geometry_splitter_and_last_article_are_restored(qtbot, window, services, settings):
    window.resize(700, 500)  # the offscreen screen is 800x600: restoring clamps to it
    window.splitter.setSizes([250, 450])
    window.open_article("sign-nre-agreement")
    sizes = window.splitter.sizes()
    window.close()
    again = MainWindow(services, settings)
    qtbot.addWidget(again)
    assert again.answer.article is None  # reopened after the first paint, which does not wait for it
    assert again.answer.browser.toPlainText() == ""  # and no welcome page flashes up before it
    again.show()
    assert again.size().width() == 700
    assert again.splitter.sizes() == sizes
    qtbot.waitUntil(lambda: again.answer.article is not None)
    assert again.answer.article.id == "sign-nre-agreement"
    assert again.windowTitle().startswith("如何签署协议?")


def test_an_article_asked_for_at_start_wins_over_the_last_one(qtbot, services, settings):
    settings.set("reader/last_article", "sign-nre-agreement")
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.open_article("view-vouchers")  # main.py --open, before the window is shown
    window.show()
    qtbot.waitUntil(lambda: window.started)
    assert window.answer.article.id == "view-vouchers"


def test_a_removed_last_article_falls_back_to_the_welcome_page(qtbot, services, settings):
    settings.set("reader/last_article", "removed-in-new-pack")
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    assert window.answer.article is None
    assert window.windowTitle() == "PartnerHelp"


def test_widgets_have_accessible_names(window):
    for widget in (window.side.search_box, window.side.tree, window.side.results, window.side.scope,
                   window.answer.browser, window.pack_label):
        assert widget.accessibleName(), widget


def test_ctrl_q_quits(qtbot, window):
    assert QKeySequence("Ctrl+Q") in window.act_quit.shortcuts()
    window.act_quit.trigger()
    assert not window.isVisible()


def test_recent_articles_menu(window):
    window.open_article("view-vouchers")
    window.open_article("sign-nre-agreement")
    window._fill_recent()
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles[:2] == ["如何签署协议?", "如何查看代金券"]
    window.recent_menu.actions()[1].trigger()
    assert window.answer.article.id == "view-vouchers"


def test_f3_steps_through_search_hits_then_find_matches(qtbot, window):
    window.open_article("view-vouchers", highlight=("代金券",))
    assert window.answer.current_hit() == 0
    window.act_next_hit.trigger()
    assert window.answer.current_hit() == 1
    window.act_prev_hit.trigger()
    assert window.answer.current_hit() == 0
    window.act_find.trigger()
    window.answer.find_bar.edit.setText("合作伙伴")
    index, total = window.answer.find_result()
    assert total >= 2
    window.act_next_hit.trigger()
    assert window.answer.find_result() == ((index + 1) % total, total)
    assert window.answer.current_hit() == 0  # F3 moved the find match, not the search hit


def test_settings_dialog_stores_language_and_theme(qtbot, window, settings):
    from viewer.ui.settingsdialog import SettingsDialog

    dialog = SettingsDialog(settings, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert settings.get("ui/language") == "en" and settings.get("ui/theme") == "dark"


def test_dark_theme_gives_a_dark_palette_and_a_dark_page(qtbot, window):
    from viewer.ui.theme import apply_theme, is_dark

    app = QApplication.instance()
    original_style, original_palette = app.style().name(), app.palette()
    try:
        apply_theme(app, "dark")
        assert is_dark(app.palette())
        window.open_article("view-vouchers")
        qtbot.waitUntil(lambda: window.answer.is_dark())
    finally:
        app.setStyle(original_style)
        app.setPalette(original_palette)


def test_ctrl_d_bookmarks_even_from_the_search_box(qtbot, window):
    window.open_article("view-vouchers")
    window.side.search_box.setText("abc")
    window.side.search_box.setFocus()
    window.side.search_box.setCursorPosition(0)
    qtbot.waitUntil(window.side.search_box.hasFocus)
    qtbot.keyClick(window.side.search_box, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.side.search_box.text() == "abc"  # nothing deleted
    assert "view-vouchers" in {b.article for b in window.app.bookmarks.bookmarks()}


def test_the_first_paint_waits_only_for_what_it_shows(qtbot, services, settings):
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    assert window.side.tree.model().rowCount() > 0 and window.side.search_box.isEnabled()
    assert not window.started and not window.content.job.running and not services.engine_ready
    assert window.side.bookmarks_page.layout().count() == 0  # no bookmarks panel yet
    assert window.answer._find_bar is None and window.act_back.icon().isNull()
    assert not window.side.search_box.isClearButtonEnabled()
    window.show()
    qtbot.waitUntil(lambda: window.started)
    assert window.side.bookmarks_page.layout().count() == 1 and not window.act_back.icon().isNull()
    assert window.side.search_box.isClearButtonEnabled()
    qtbot.waitUntil(lambda: services.engine_ready)  # the index job started after the paint
