"""The answer pane: one rendered article in a QTextBrowser, with hit navigation,
find in page, zoom, copy, print and PDF export; above it the bookmark star and the
user's note on the article, if there is one.

The pane owns no global shortcuts; the main window's QActions call the public
methods.  Only the find bar handles its own keys (Esc, Enter, Shift+Enter).

The find bar, the renderer, printing, and the Qt classes only links, zooming, finding and
saving use (QUrl, QFont, QTextCharFormat, QStandardPaths: Python's copies of their enums are
costly to make) are loaded when first used: the window's first picture (the welcome page, or nothing until the last article
is reopened) needs none of them.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QGuiApplication, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QTextBrowser, QTextEdit, QToolButton, QVBoxLayout, QWidget

from viewer.model import Article
from viewer.ui.markup import escape

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

    from viewer.ui.findbar import FindBar

__all__ = ["AnswerPane", "ZOOM_MIN", "ZOOM_MAX", "article_link"]

ZOOM_MIN = -5
ZOOM_MAX = 10
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_SCHEME = "partnerhelp"

_HIT_ANCHOR_RE = re.compile(r"hit-(\d+)\Z")
_UNSAFE_FILENAME_RE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')

# Other find-in-page matches: a fixed light colour with black text reads on both
# palettes and differs from the yellow search hits; the current match or hit is the
# browser's real selection (palette highlight colour).
_FIND_OTHER_BACKGROUND = "#b7dcff"
DOCUMENT_MARGIN = 12  # pixels round the page, so text does not touch the pane's edge


def article_link(article_id: str) -> str:
    """The link to an article that ``copy_link`` puts on the clipboard."""
    return f"{LINK_SCHEME}://article/{article_id}"


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _safe_file_stem(title: str) -> str:
    stem = _UNSAFE_FILENAME_RE.sub("_", title).strip(" ._")
    return stem[:100].rstrip(" ._") or "article"


class AnswerPane(QWidget):
    """The rich answer pane.  See the module docstring of ``viewer.ui.answer``."""

    #: An ``article:ID`` link was clicked.
    articleRequested = Signal(str)
    #: The zoom changed; the new step count (ZOOM_MIN..ZOOM_MAX).
    zoomChanged = Signal(int)
    #: A short text for the status bar (e.g. why an export failed).
    message = Signal(str)
    #: The mouse is over a link (its URL) or left it (""), for the status bar.
    linkHovered = Signal(str)
    #: The current search hit changed: (0-based index or -1, number of hits).
    hitChanged = Signal(int, int)
    #: The star was clicked (the owner toggles the bookmark and calls ``set_bookmark``).
    bookmarkToggled = Signal()
    #: "Add note" or "Edit note" was clicked.
    noteEditRequested = Signal()
    #: A ``search:TEXT`` link in a message page was clicked.
    searchRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, pack_title: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("answerPane")
        self.setAccessibleName(self.tr("Answer pane"))

        self._article: Article | None = None
        self._topic_path: list[str] = []
        self._highlight: tuple[str, ...] = ()
        self._related: tuple[tuple[str, str], ...] = ()
        self._pack_title = pack_title
        self._dark: bool | None = None  # palette used for the shown article
        self._hits: list[tuple[int, int]] = []
        self._current_hit = -1
        self._zoom = 0
        self._find_matches: list[tuple[int, int]] = []

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("answerBrowser")
        self.browser.setAccessibleName(self.tr("Answer"))
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.browser.highlighted.connect(self._on_link_highlighted)

        self._find_bar: FindBar | None = None

        self._build_bookmark_bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bookmark_bar)
        layout.addWidget(self.note_frame)
        layout.addWidget(self.browser, 1)

        self.setFocusProxy(self.browser)

    def _build_bookmark_bar(self) -> None:
        """The star and the note button on a slim bar, and the note under it."""
        self.star = QToolButton()
        self.star.setObjectName("bookmarkStar")
        self.star.setCheckable(True)
        self.star.setAutoRaise(True)
        self.star.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.star.setAccessibleName(self.tr("Bookmark"))
        self.star.clicked.connect(lambda: self.bookmarkToggled.emit())
        self.add_note_button = QToolButton()
        self.add_note_button.setAutoRaise(True)
        self.add_note_button.setText(self.tr("Add Note…"))
        self.add_note_button.setToolTip(self.tr("Write a note of your own on this bookmark"))
        self.add_note_button.clicked.connect(lambda: self.noteEditRequested.emit())
        self.bookmark_bar = QWidget()
        self.bookmark_bar.setObjectName("bookmarkBar")
        self.bookmark_bar.setAutoFillBackground(True)  # the page's colour: the star sits on the page
        self.bookmark_bar.setBackgroundRole(QPalette.ColorRole.Base)
        bar = QHBoxLayout(self.bookmark_bar)
        bar.setContentsMargins(DOCUMENT_MARGIN - 4, 2, 4, 0)
        bar.addStretch(1)
        bar.addWidget(self.add_note_button)
        bar.addWidget(self.star)

        self.note_frame = QFrame()
        self.note_frame.setObjectName("noteFrame")
        self.note_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.note_frame.setAutoFillBackground(True)
        self.note_frame.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        heading = QLabel(f"<b>{escape(self.tr('My note'))}</b>")
        self.edit_note_button = QToolButton()
        self.edit_note_button.setAutoRaise(True)
        self.edit_note_button.setText(self.tr("Edit Note…"))
        self.edit_note_button.clicked.connect(lambda: self.noteEditRequested.emit())
        self.note_label = QLabel()
        self.note_label.setObjectName("noteText")
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)  # the user's text, never markup
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.note_label.setAccessibleName(self.tr("My note"))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.edit_note_button)
        box = QVBoxLayout(self.note_frame)
        box.setContentsMargins(DOCUMENT_MARGIN, 4, 6, 8)
        box.setSpacing(2)
        box.addLayout(top)
        box.addWidget(self.note_label)
        self.set_bookmark(False)
        self.bookmark_bar.hide()

    @property
    def find_bar(self) -> FindBar:
        """The find-in-page bar under the answer (hidden until ``find``), built when first needed."""
        if self._find_bar is None:
            from viewer.ui.findbar import FindBar

            bar = FindBar(self)
            bar.searchChanged.connect(self._on_find_changed)
            bar.nextRequested.connect(self.find_next)
            bar.previousRequested.connect(self.find_previous)
            bar.closed.connect(self._on_find_closed)
            self.layout().addWidget(bar)
            self._find_bar = bar
        return self._find_bar

    def finding(self) -> bool:
        """The find bar is open and has something to find."""
        return self._find_bar is not None and self._find_bar.isVisible() and bool(self._find_bar.text())

    def set_bookmark(self, bookmarked: bool, note: str = "") -> None:
        """Show whether the open article is bookmarked, and its note (plain text) if it has one."""
        self.star.setChecked(bookmarked)
        self.star.setText(self.tr("★ Bookmarked") if bookmarked else self.tr("☆ Bookmark"))
        self.star.setToolTip(self.tr("Remove the bookmark (Ctrl+D)") if bookmarked else self.tr("Bookmark (Ctrl+D)"))
        self.star.setStyleSheet("QToolButton { color: #c98a00; }" if bookmarked else "")
        self.add_note_button.setVisible(bookmarked and not note)
        self.note_label.setText(note)
        self.note_frame.setVisible(bookmarked and bool(note))

    # ------------------------------------------------------------------ showing

    @property
    def article(self) -> Article | None:
        return self._article

    def pack_title(self) -> str:
        return self._pack_title

    def set_pack_title(self, title: str) -> None:
        """The first breadcrumb; re-renders the shown article."""
        if title != self._pack_title:
            self._pack_title = title
            if self._article is not None:
                self._render(keep_position=False)  # the breadcrumb moves every position

    def show_article(
        self,
        article: Article,
        topic_path: list[str],
        highlight: Sequence[str] = (),
        *,
        related: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Show ``article``; hits of ``highlight`` are marked and the first one is selected.

        ``related`` is (article id, title) pairs listed under the answer as in-app links.
        """
        self._article = article
        self._topic_path = list(topic_path)
        self._highlight = tuple(highlight)
        self._related = tuple(related)
        self.set_bookmark(False)  # until the owner says otherwise
        self.bookmark_bar.show()
        self._render(keep_position=False)

    def show_message(self, html_text: str) -> None:
        """A placeholder page (welcome text, "nothing found"...); there is no current article."""
        self._article = None
        self._topic_path = []
        self._highlight = ()
        self._related = ()
        self._dark = None
        self.set_bookmark(False)
        self.bookmark_bar.hide()
        self._set_html(html_text)
        self._hits = []
        self._set_current_hit(-1)
        self.browser.verticalScrollBar().setValue(0)
        self._refresh_find(keep_position=False)

    def is_dark(self) -> bool:
        return _is_dark(self.palette())

    def _render(self, *, keep_position: bool) -> None:
        assert self._article is not None
        scroll = self.browser.verticalScrollBar().value()
        old_cursor = self.browser.textCursor()
        selection = (old_cursor.anchor(), old_cursor.position())
        hit = self._current_hit
        self._dark = self.is_dark()
        from viewer.render import render_article

        self._set_html(
            render_article(
                self._article,
                self._topic_path,
                highlight=self._highlight,
                dark=self._dark,
                pack_title=self._pack_title,
                related=self._related,
            )
        )
        self._hits = self._collect_hits()
        if keep_position:
            # Same text, other colours: keep the selection, the hit and the scroll position.
            self._current_hit = hit if 0 <= hit < len(self._hits) else -1
            end = self.browser.document().characterCount() - 1
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(min(selection[0], end))
            cursor.setPosition(min(selection[1], end), QTextCursor.MoveMode.KeepAnchor)
            self.browser.setTextCursor(cursor)
            self.browser.verticalScrollBar().setValue(scroll)
            self._refresh_find(keep_position=True, select=False)
            return
        self.browser.verticalScrollBar().setValue(0)
        self._set_current_hit(0 if self._hits else -1)
        # With the find bar open, count its matches in the new page too; the first
        # search hit, if any, stays the selection (the search is the fresher intent).
        self._refresh_find(keep_position=False, select=not self._hits)

    def _set_html(self, text: str) -> None:
        self.browser.setHtml(text)
        doc = self.browser.document()
        doc.setDocumentMargin(DOCUMENT_MARGIN)
        # QTextDocument.toHtml() writes the <title> meta information back unescaped, so a
        # title such as "<img src=x>" would come out as markup; nothing here needs it.
        doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, "")

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            if self._article is not None and self._dark is not None and self.is_dark() != self._dark:
                self._render(keep_position=True)
        elif kind in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._apply_zoom()
        super().changeEvent(event)

    # ------------------------------------------------------------------ hits

    def _collect_hits(self) -> list[tuple[int, int]]:
        """(start, end) of every ``hit-N`` in document order, from the laid-out document.

        The renderer emits ``<a name="hit-N"></a><span class="hit">…</span>``; Qt puts
        the anchor name on the first character of the span, so a hit starts at a
        fragment carrying the name and runs on over the following fragments of the
        same block that have the same background and no new hit anchor.
        """
        found: dict[int, list[int]] = {}
        block = self.browser.document().begin()
        while block.isValid():
            current: list[int] | None = None
            background: QBrush | None = None
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                it += 1
                if not fragment.isValid():
                    continue
                fmt = fragment.charFormat()
                start, end = fragment.position(), fragment.position() + fragment.length()
                numbers = [int(m.group(1)) for m in map(_HIT_ANCHOR_RE.match, fmt.anchorNames()) if m]
                if numbers:
                    current = [start, end]
                    background = fmt.background()
                    for number in numbers:
                        found.setdefault(number, current)
                elif current is not None and current[1] == start and fmt.background() == background:
                    current[1] = end
                else:
                    current = None
            block = block.next()
        return [(span[0], span[1]) for _, span in sorted(found.items())]

    def hit_count(self) -> int:
        return len(self._hits)

    def current_hit(self) -> int:
        return self._current_hit

    def next_hit(self) -> int:
        """Select the next hit (wrapping round); returns its index, -1 if there are none."""
        if self._hits:
            self._set_current_hit((self._current_hit + 1) % len(self._hits))
        return self._current_hit

    def previous_hit(self) -> int:
        """Select the previous hit (wrapping round); returns its index, -1 if there are none."""
        if self._hits:
            current = self._current_hit if self._current_hit >= 0 else 0
            self._set_current_hit((current - 1) % len(self._hits))
        return self._current_hit

    def _set_current_hit(self, index: int, *, reveal: bool = True) -> None:
        self._current_hit = index
        if index >= 0:
            start, end = self._hits[index]
            self._select(start, end, reveal=reveal)
        else:
            cursor = QTextCursor(self.browser.document())
            self.browser.setTextCursor(cursor)
        self.hitChanged.emit(self._current_hit, len(self._hits))

    def _select(self, start: int, end: int, *, reveal: bool = True) -> None:
        """Select [start, end) in the browser and scroll it into view if needed."""
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        if reveal:
            self._reveal(cursor)
        self._update_extra_selections()

    def _reveal(self, cursor: QTextCursor) -> None:
        """Scroll so the selection is visible, about a third down the view if it has to move."""
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        rect = self.browser.cursorRect(start)
        view = self.browser.viewport().rect()
        margin = min(40, view.height() // 6)
        if rect.top() >= view.top() + margin and rect.bottom() <= view.bottom() - margin:
            return
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - view.height() // 3)

    # ------------------------------------------------------------------ links

    def _on_anchor_clicked(self, url: QUrl) -> None:
        from PySide6.QtCore import QUrl

        scheme = url.scheme().lower()
        if scheme == "article":
            article_id = url.path(QUrl.ComponentFormattingOption.FullyDecoded)
            if article_id:
                self.articleRequested.emit(article_id)
        elif scheme == "search":
            self.searchRequested.emit(url.path(QUrl.ComponentFormattingOption.FullyDecoded))
        elif scheme in EXTERNAL_SCHEMES:
            QDesktopServices.openUrl(url)
        # Anything else is ignored. (search: links come from message pages, never from content.)

    def _on_link_highlighted(self, url: QUrl) -> None:
        self.linkHovered.emit(url.toDisplayString() if url.isValid() and not url.isEmpty() else "")

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        steps = max(ZOOM_MIN, min(ZOOM_MAX, int(steps)))
        if steps == self._zoom:
            return
        self._zoom = steps
        self._apply_zoom()
        self.zoomChanged.emit(steps)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def reset_zoom(self) -> None:
        self.set_zoom(0)

    def _apply_zoom(self) -> None:
        """Start from the pane's own (inherited) font so font changes and zoom combine. Until
        the first zoom the browser just inherits that font."""
        if not hasattr(self, "browser") or (self._zoom == 0 and not self.browser.testAttribute(
                Qt.WidgetAttribute.WA_SetFont)):
            return
        from PySide6.QtGui import QFont, QFontInfo

        base = QFont(self.font())
        if base.pointSizeF() <= 0:  # a pixel-sized font: zoomIn() works in points
            base.setPointSizeF(QFontInfo(base).pointSizeF())
        self.browser.setFont(base)
        if self._zoom > 0:
            self.browser.zoomIn(self._zoom)
        elif self._zoom < 0:
            self.browser.zoomOut(-self._zoom)

    # ------------------------------------------------------------------ find in page

    def find(self) -> None:
        """Show and focus the find bar, its text selected; search again for that text."""
        self.find_bar.open_bar()
        if self.find_bar.text():
            self._refresh_find(keep_position=True)

    def find_next(self) -> None:
        self._find_step(backward=False)

    def find_previous(self) -> None:
        self._find_step(backward=True)

    def _find_flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.find_bar.case_sensitive():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _count_matches(self, text: str) -> list[tuple[int, int]]:
        doc = self.browser.document()
        flags = self._find_flags()
        matches: list[tuple[int, int]] = []
        cursor = doc.find(text, 0, flags)
        while not cursor.isNull() and cursor.hasSelection():
            matches.append((cursor.selectionStart(), cursor.selectionEnd()))
            cursor = doc.find(text, cursor, flags)
        return matches

    def _on_find_changed(self, _text: str, _case: bool) -> None:
        self._refresh_find(keep_position=True)

    def _refresh_find(self, *, keep_position: bool, select: bool = True) -> None:
        """Recount the matches and select the first one at or after the current place."""
        text = "" if self._find_bar is None or self._find_bar.isHidden() else self._find_bar.text()
        if not text:
            self._find_matches = []
            if self._find_bar is not None:
                self._find_bar.set_result(-1, 0)
            self._update_extra_selections()
            return
        self._find_matches = self._count_matches(text)
        if not self._find_matches:
            self.find_bar.set_result(-1, 0)
            self._update_extra_selections()
            return
        if not select:
            self.find_bar.set_result(*self.find_result())
            self._update_extra_selections()
            return
        from_pos = self.browser.textCursor().selectionStart() if keep_position else 0
        index = next((i for i, (start, _) in enumerate(self._find_matches) if start >= from_pos), 0)
        start, end = self._find_matches[index]
        self._select(start, end)
        self.find_bar.set_result(index, len(self._find_matches))

    def _find_step(self, *, backward: bool) -> None:
        text = self.find_bar.text()
        if not text:
            return
        doc = self.browser.document()
        flags = self._find_flags(backward)
        found = doc.find(text, self.browser.textCursor(), flags)
        if found.isNull():  # wrap round
            restart = QTextCursor(doc)
            if backward:
                restart.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(text, restart, flags)
        if found.isNull():
            self._find_matches = []
            self.find_bar.set_result(-1, 0)
            self._update_extra_selections()
            return
        span = (found.selectionStart(), found.selectionEnd())
        if span not in self._find_matches:
            self._find_matches = self._count_matches(text)
        self._select(*span)
        index = self._find_matches.index(span) if span in self._find_matches else -1
        self.find_bar.set_result(index, len(self._find_matches))

    def find_result(self) -> tuple[int, int]:
        """(0-based current find match or -1, number of matches)."""
        span = (self.browser.textCursor().selectionStart(), self.browser.textCursor().selectionEnd())
        index = self._find_matches.index(span) if span in self._find_matches else -1
        return index, len(self._find_matches)

    def _on_find_closed(self) -> None:
        self._find_matches = []
        self._update_extra_selections()
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_extra_selections(self) -> None:
        """Mark every find match but the current one (that is the real selection)."""
        doc = self.browser.document()
        selections: list[QTextEdit.ExtraSelection] = []
        current = self.browser.textCursor()
        current_span = (current.selectionStart(), current.selectionEnd()) if current.hasSelection() else None
        for start, end in self._find_matches:
            if (start, end) == current_span:
                continue
            selections.append(self._extra_selection(doc, start, end, _FIND_OTHER_BACKGROUND))
        self.browser.setExtraSelections(selections)

    @staticmethod
    def _extra_selection(doc: QTextDocument, start: int, end: int, background: str) -> QTextEdit.ExtraSelection:
        from PySide6.QtGui import QTextCharFormat

        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(background))
        fmt.setForeground(QColor("#000000"))
        selection.format = fmt
        return selection

    # ------------------------------------------------------------------ copy

    def copy_answer(self) -> bool:
        """Put the article on the clipboard as rich text (for e-mail) and plain text (for chat)."""
        if self._article is None:
            return False
        from viewer.render import render_fragment_html, render_plain

        mime = QMimeData()
        mime.setHtml(render_fragment_html(self._article))
        mime.setText(render_plain(self._article))
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    def copy_link(self) -> bool:
        """Put ``partnerhelp://article/<id>`` on the clipboard (text, URL and an HTML link)."""
        if self._article is None:
            return False
        from PySide6.QtCore import QUrl

        link = article_link(self._article.id)
        mime = QMimeData()
        mime.setUrls([QUrl(link)])
        mime.setHtml(f'<a href="{escape(link)}">{escape(self._article.title)}</a>')
        mime.setText(link)
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    # ------------------------------------------------------------------ print and PDF

    def _print_document(self) -> QTextDocument:
        """The article for paper: light colours, no search marks, no zoom."""
        assert self._article is not None
        from viewer.render import render_article

        doc = QTextDocument(self)
        doc.setDefaultFont(self.font())
        doc.setHtml(render_article(self._article, self._topic_path, dark=False, pack_title=self._pack_title))
        return doc

    def print_article(self) -> bool:
        """Ask for a printer and print the article; False if there is none or it was cancelled."""
        if self._article is None:
            return False
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        from PySide6.QtWidgets import QDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._article.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print Answer"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        doc = self._print_document()
        doc.print_(printer)
        doc.deleteLater()
        return True

    def default_pdf_path(self) -> str:
        from PySide6.QtCore import QStandardPaths

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if not folder:
            folder = str(Path.home())
        title = self._article.title if self._article is not None else ""
        return str(Path(folder) / f"{_safe_file_stem(title)}.pdf")

    def export_pdf(self, path: str | None = None) -> str | None:
        """Write the article as a PDF; asks for the file when ``path`` is None.

        Returns the path written, or None when cancelled, when there is no article,
        or on failure (then ``message`` says why).
        """
        if self._article is None:
            return None
        from PySide6.QtPrintSupport import QPrinter

        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export as PDF"), self.default_pdf_path(), self.tr("PDF files (*.pdf)")
            )
            if not path:
                return None
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
        # Check the target first: QPainter on an unwritable PDF only logs a warning.
        try:
            with open(path, "wb"):
                pass
        except OSError as error:
            reason = error.strerror or str(error)
            self.message.emit(self.tr("Could not export the PDF to {path}: {reason}").format(path=path, reason=reason))
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        printer.setDocName(self._article.title)
        printer.setCreator("PartnerHelp")
        doc = self._print_document()
        doc.print_(printer)
        doc.deleteLater()
        del printer  # finishes the file
        try:
            ok = os.path.getsize(path) > 0
        except OSError:
            ok = False
        if not ok:
            self.message.emit(self.tr("Could not export the PDF to {path}").format(path=path))
            return None
        self.message.emit(self.tr("Saved {path}").format(path=path))
        return path
