"""Bookmarks in the window: Ctrl+D and the star, the panel (folders, filter, open, delete, drag
and drop), notes above the answer, import and export, and a damaged bookmarks file at start."""
import re

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from viewer import paths
from viewer.bookmarks import BookmarkStore
from viewer.ui.bookmarks import KIND_ROLE, KEY_ROLE, MISSING_ROLE, encode_keys
from viewer.ui.mainwindow import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def store(window):
    return window.app.bookmarks


@pytest.fixture
def panel(window):
    window.side.show_bookmarks()
    return window.side.bookmarks


def visible_rows(panel, parent=None):
    """(kind, key, depth) of every row the filter lets through, top to bottom."""
    from PySide6.QtCore import QModelIndex

    rows, parent = [], parent or QModelIndex()

    def walk(index, depth):
        for row in range(panel.proxy.rowCount(index)):
            child = panel.proxy.index(row, 0, index)
            rows.append((child.data(KIND_ROLE), child.data(KEY_ROLE), depth))
            walk(child, depth + 1)

    walk(parent, 0)
    return rows


def press_ctrl_d(qtbot, window):
    window.answer.browser.setFocus()
    qtbot.waitUntil(window.answer.browser.hasFocus)
    qtbot.keySequence(window, QKeySequence("Ctrl+D"))


def test_ctrl_d_toggles_the_bookmark_and_the_star_follows(qtbot, window, store, panel):
    window.open_article("view-vouchers")
    assert not window.answer.star.isChecked() and window.answer.star.text() == "☆ Bookmark"
    press_ctrl_d(qtbot, window)
    assert store.get("view-vouchers").title == "如何查看代金券"
    assert window.answer.star.isChecked() and window.act_bookmark.isChecked()
    assert window.answer.star.text() == "★ Bookmarked"
    assert ("bookmark", "view-vouchers", 0) in visible_rows(panel)
    press_ctrl_d(qtbot, window)
    assert "view-vouchers" not in store and not window.answer.star.isChecked()
    assert visible_rows(panel) == []
    assert window.undo_button.isVisible()  # removing is one click to undo
    window.undo_button.click()
    assert "view-vouchers" in store and window.answer.star.isChecked()


def test_the_star_button_bookmarks_and_has_a_name(window, store):
    window.open_article("sign-nre-agreement")
    star = window.answer.star
    assert star.accessibleName() == "Bookmark" and "Ctrl+D" in star.toolTip()
    star.click()
    assert "sign-nre-agreement" in store and star.isChecked()
    window.answer.show_message("<p>welcome</p>")
    assert not window.answer.bookmark_bar.isVisible()  # no article, no star


def test_the_panel_opens_on_click_and_on_enter(qtbot, window, store, panel):
    store.add("view-vouchers", "如何查看代金券")
    store.add("sign-nre-agreement", "如何签署协议?")
    index = panel.index_of("bookmark", "sign-nre-agreement")
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.answer.article.id == "sign-nre-agreement"
    panel.view.setCurrentIndex(panel.index_of("bookmark", "view-vouchers"))
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.answer.article.id == "view-vouchers"


def test_the_filter_matches_titles_and_notes_and_enter_opens_the_first(qtbot, window, store, panel):
    folder = store.add_folder("常用")
    store.add("view-vouchers", "如何查看代金券", folder=folder.id, note="客户每周都问\n先看费用中心")
    store.add("sign-nre-agreement", "如何签署协议?")
    store.add("invoice-sub-customers", "子客户开票", note="找财务 Lisa")
    panel.filter_box.setText("费用中心")  # a word from the second line of a note
    assert visible_rows(panel) == [("folder", folder.id, 0), ("bookmark", "view-vouchers", 1)]
    panel.filter_box.setText("ＬＩＳＡ")  # full-width and case do not matter
    assert visible_rows(panel) == [("bookmark", "invoice-sub-customers", 0)]
    qtbot.keyClick(panel.filter_box, Qt.Key.Key_Return)
    assert window.answer.article.id == "invoice-sub-customers"
    panel.filter_box.setText("没有这个")
    assert not panel.view.isVisible() and "没有这个" in panel.empty_label.text()
    panel.filter_box.clear()
    assert len(visible_rows(panel)) == 4 and panel.view.isExpanded(panel.index_of("folder", folder.id))


def test_delete_key_removes_a_bookmark_with_an_undo(qtbot, window, store, panel):
    store.add("view-vouchers", "如何查看代金券", note="keep me")
    store.add("sign-nre-agreement", "如何签署协议?")
    panel.view.setCurrentIndex(panel.index_of("bookmark", "view-vouchers"))
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert [b.article for b in store.bookmarks()] == ["sign-nre-agreement"]
    assert "如何查看代金券" in window.statusBar().currentMessage()
    window.undo_button.click()
    assert [b.article for b in store.bookmarks()] == ["view-vouchers", "sign-nre-agreement"]
    assert store.get("view-vouchers").note == "keep me"


def test_folders_create_rename_delete(qtbot, window, store, panel):
    panel.new_folder()
    folder, = store.folders()
    assert folder.name == "New Folder"
    assert panel.view.state() == panel.view.State.EditingState  # its name can be typed at once
    panel.view.closePersistentEditor(panel.view.currentIndex())
    panel.new_folder()
    assert [f.name for f in store.folders()] == ["New Folder", "New Folder 2"]
    panel.model.folder_items[folder.id].setText("客户常问")  # what committing the inline editor does
    qtbot.waitUntil(lambda: store.folder(folder.id).name == "客户常问")
    panel.model.folder_items[folder.id].setText("   ")  # an empty name is refused
    qtbot.waitUntil(lambda: panel.model.folder_items[folder.id].text() == "客户常问")
    assert store.folder(folder.id).name == "客户常问"
    store.add("view-vouchers", "如何查看代金券", folder=folder.id)
    panel.view.setCurrentIndex(panel.index_of("folder", folder.id))
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert [f.name for f in store.folders()] == ["New Folder 2"]
    assert store.get("view-vouchers").folder is None  # the bookmark is kept
    assert "moved to the top level" in window.statusBar().currentMessage()


def test_context_menu_moves_a_bookmark_and_edits_its_note(qtbot, window, store, panel):
    folder = store.add_folder("常用")
    store.add("view-vouchers", "如何查看代金券")
    menu = panel.context_menu(panel.index_of("bookmark", "view-vouchers"))
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == ["Open", "Edit Note…", "Move To", "Remove Bookmark", "New Folder"]
    move_menu = next(a for a in menu.actions() if a.text() == "Move To").menu()
    next(a for a in move_menu.actions() if a.text() == "常用").trigger()
    assert store.get("view-vouchers").folder == folder.id
    assert visible_rows(panel) == [("folder", folder.id, 0), ("bookmark", "view-vouchers", 1)]
    menu = panel.context_menu(panel.index_of("bookmark", "view-vouchers"))
    next(a for a in menu.actions() if a.text() == "Edit Note…").trigger()
    dialog = panel.note_dialog
    dialog.edit.setPlainText("第一行\n第二行")
    dialog.accept()
    assert store.get("view-vouchers").note == "第一行\n第二行"
    menu = panel.context_menu(panel.index_of("folder", folder.id))
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == \
        ["Rename Folder", "Delete Folder", "New Folder"]


def drop(qtbot, panel, kind, key, index, where="middle"):
    """What a drag of the row ``kind``/``key`` that ends over ``index`` delivers to the view."""
    rect = panel.view.visualRect(index)
    y = {"top": rect.top() + 1, "middle": rect.center().y(), "bottom": rect.bottom() - 1}[where]
    point, mime = QPoint(rect.center().x(), y), encode_keys(kind, key)
    actions = panel.model.supportedDragActions()  # what the view's own drag offers
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = panel.view.viewport()
    for event in (QDragEnterEvent(point, actions, mime, buttons, keys),
                  QDragMoveEvent(point, actions, mime, buttons, keys)):
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted() and event.dropAction() == Qt.DropAction.MoveAction
    event = QDropEvent(point, actions, mime, buttons, keys)
    QApplication.sendEvent(viewport, event)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.CopyAction  # the view never deletes rows


def test_drag_and_drop_moves_bookmarks_and_reorders_folders(qtbot, window, store, panel):
    first, second = store.add_folder("一"), store.add_folder("二")
    for article in ("view-vouchers", "sign-nre-agreement", "invoice-sub-customers"):
        store.add(article, article)
    # onto a folder: into it
    drop(qtbot, panel, "bookmark", "view-vouchers", panel.index_of("folder", second.id))
    qtbot.waitUntil(lambda: store.get("view-vouchers").folder == second.id)
    # onto the top half of a bookmark: before it; the bottom half: after it
    drop(qtbot, panel, "bookmark", "invoice-sub-customers", panel.index_of("bookmark", "sign-nre-agreement"), "top")
    qtbot.waitUntil(lambda: [b.article for b in store.in_folder(None)] ==
                    ["invoice-sub-customers", "sign-nre-agreement"])
    drop(qtbot, panel, "bookmark", "invoice-sub-customers", panel.index_of("bookmark", "sign-nre-agreement"),
         "bottom")
    qtbot.waitUntil(lambda: [b.article for b in store.in_folder(None)] ==
                    ["sign-nre-agreement", "invoice-sub-customers"])
    # into another folder, before the bookmark already there
    drop(qtbot, panel, "bookmark", "sign-nre-agreement", panel.index_of("bookmark", "view-vouchers"), "top")
    qtbot.waitUntil(lambda: [b.article for b in store.in_folder(second.id)] ==
                    ["sign-nre-agreement", "view-vouchers"])
    # a folder dropped on the lower half of another goes after it
    drop(qtbot, panel, "folder", first.id, panel.index_of("folder", second.id), "bottom")
    qtbot.waitUntil(lambda: [f.id for f in store.folders()] == [second.id, first.id])
    assert panel.current_key() == ("folder", first.id)


def test_the_note_is_shown_above_the_answer_as_plain_text(qtbot, window, store):
    note = "<b>不是粗体</b> & <script>alert(1)</script>\n第二行"
    store.add("view-vouchers", "如何查看代金券", note=note)
    window.open_article("view-vouchers")
    answer = window.answer
    assert answer.note_frame.isVisible() and answer.note_label.text() == note
    assert answer.note_label.textFormat() == Qt.TextFormat.PlainText
    assert not answer.add_note_button.isVisible()
    answer.edit_note_button.click()
    window.note_dialog.edit.setPlainText("新的笔记")
    window.note_dialog.accept()
    assert answer.note_label.text() == "新的笔记" and store.get("view-vouchers").note == "新的笔记"
    window.open_article("sign-nre-agreement")
    assert not answer.note_frame.isVisible()
    window.act_bookmark.trigger()
    assert answer.add_note_button.isVisible()


def test_a_bookmark_whose_article_left_the_pack_stays_and_opens_a_page(window, store, panel):
    store.add("gone-article", "旧的 <标题>", note="我的 <笔记>")
    panel.reload()
    index = panel.index_of("bookmark", "gone-article")
    assert index.data(MISSING_ROLE) is True and index.data() == "旧的 <标题>"
    panel.view.setCurrentIndex(index)
    panel.open_current()
    text = window.answer.browser.toPlainText()
    assert "旧的 <标题>" in text and "我的 <笔记>" in text and "no longer in the content pack" in text
    assert "gone-article" in store  # nothing removed
    link = re.search(r'href="(search:[^"]+)"', window.answer.browser.toHtml()).group(1)
    window.answer.browser.anchorClicked.emit(QUrl(link))
    assert window.side.search_box.text() == "旧的 <标题>"  # look for it under a new id


def test_ctrl_b_shows_the_bookmarks_tab(qtbot, window):
    window.side.search_box.setText("开票")
    qtbot.keySequence(window, QKeySequence("Ctrl+B"))
    assert window.side.tabs.currentWidget() is window.side.bookmarks_page
    assert window.side.stack.currentIndex() == 0 and window.side.search_box.text() == ""
    qtbot.waitUntil(window.side.bookmarks.filter_box.hasFocus)


def test_changes_from_another_process_show_up(window, store, panel):
    other = BookmarkStore(store.path).load()
    other.add("view-vouchers", "如何查看代金券", note="from the other window")
    window.open_article("view-vouchers")
    assert not window.answer.star.isChecked()
    assert store.refresh()  # what activating the window does
    assert window.answer.star.isChecked() and window.answer.note_label.text() == "from the other window"
    assert ("bookmark", "view-vouchers", 0) in visible_rows(panel)


def test_import_and_export_from_the_file_menu(qtbot, window, store, tmp_path, monkeypatch):
    store.add("view-vouchers", "如何查看代金券", note="mine")
    target = tmp_path / "shared"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "XBEL bookmarks (*.xbel)")))
    window.act_export_bookmarks.trigger()
    assert (tmp_path / "shared.xbel").read_text(encoding="utf-8").count("<bookmark ") == 1
    colleague = BookmarkStore(tmp_path / "colleague.yaml").load()
    colleague.add("view-vouchers", "如何查看代金券", note="theirs")
    colleague.add("sign-nre-agreement", "如何签署协议?")
    colleague.export_file(tmp_path / "colleague-export.yaml")
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "colleague-export.yaml"), "")))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda parent, title, text: shown.append(text)))
    window.act_import_bookmarks.trigger()
    assert "1 bookmark(s) added." in shown[0] and "1 already bookmarked; the imported note was added" in shown[0]
    assert store.get("view-vouchers").note == "mine\n\ntheirs"
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warnings.append(text)))
    (tmp_path / "broken.yaml").write_text("format: 1\nbookmarks: [", encoding="utf-8")
    assert window.import_bookmarks(str(tmp_path / "broken.yaml")) is None
    assert "broken.yaml:" in warnings[0] and "YAML syntax error" in warnings[0]


def test_a_damaged_bookmarks_file_is_reported_in_plain_words(qtbot, services, settings):
    path = paths.bookmarks_path()
    path.parent.mkdir(parents=True)
    path.write_text("format: 1\nbookmarks: [oops", encoding="utf-8")
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.bookmark_problem_box is not None)
    box = window.bookmark_problem_box
    kept = services.bookmarks.recoveries[0].kept_as
    assert "could not be read" in box.text() and str(kept) in box.text()
    assert kept.read_text(encoding="utf-8") == "format: 1\nbookmarks: [oops"
    assert not box.isModal()
    box.close()
    window.open_article("view-vouchers")
    window.act_bookmark.trigger()  # and bookmarks work again at once
    assert "view-vouchers" in services.bookmarks


def test_the_bookmark_actions_are_in_the_menus_and_the_shortcuts_help(window):
    assert QKeySequence("Ctrl+D") in window.act_bookmark.shortcuts()
    assert window.act_bookmark in window.shortcut_actions()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert window.act_import_bookmarks in menus["&File"].actions()
    assert window.act_bookmark in menus["&Bookmarks"].actions()
