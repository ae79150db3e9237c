"""How a search hit is drawn in the result list: title, topic path and snippet, with the
matched words marked. Loaded with the first result (the window's first paint has none)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from viewer.ui.markup import escape
from viewer.ui.sidepanel import HIT_ROLE


class ResultDelegate(QStyledItemDelegate):
    """Draws a result as title, topic path and snippet, with the matched words marked."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        doc.setHtml(result_html(index.data(HIT_ROLE), option.palette, selected))
        doc.setTextWidth(max(option.rect.width(), 120))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(opt, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(QRect(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = opt.widget.viewport().width() if opt.widget else 300
        opt.rect = QRect(0, 0, width, 0)
        doc = self._document(opt, index)
        return QSize(width, int(doc.size().height()))


def result_html(hit, palette: QPalette, selected: bool) -> str:
    """Title, topic path and snippet, in colours that stay readable in both palettes and on a
    selected row."""
    roles = QPalette.ColorRole
    text = palette.color(roles.HighlightedText if selected else roles.Text)
    faint = palette.color(roles.HighlightedText if selected else roles.PlaceholderText).name()
    dark = palette.color(roles.Base).lightness() < 128
    mark = "#7a5d00" if dark else "#ffe08a"
    snippet, last, parts = hit.snippet, 0, []
    for start, end in snippet.spans:
        parts.append(escape(snippet.text[last:start]))
        marked = escape(snippet.text[start:end])
        parts.append(f'<span style="background-color:{mark}; color:{"#ffffff" if dark else "#000000"}">{marked}</span>')
        last = end
    parts.append(escape(snippet.text[last:]))
    return (f'<div style="color:{text.name()}"><div style="font-weight:600">{escape(hit.title)}</div>'
            f'<div style="color:{faint}; font-size:small">{escape(" › ".join(hit.topic_path))}</div>'
            f'<div>{"".join(parts)}</div></div>')
