"""How a search hit is drawn in the result list: title, topic path and snippet, with the
matched words marked. Loaded with the first result (the window's first paint has none).

Laying a row's text out is most of what showing results costs the UI thread, and the list
asks for every row's height before it paints the visible ones (bench/responsiveness.py). So
each row is laid out once, as plain text in one QTextLayout (a rich-text document per row
cost twice as much, and was made again for every paint), and kept until the results, the
width or the font change. Colours are not part of the layout: a selected row, or another
palette, paints the same layout in other colours.
"""
from __future__ import annotations

import math
import re

from PySide6.QtCore import QModelIndex, QPointF, QRect, QSize
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from viewer.ui.sidepanel import HIT_ROLE

ROW_MARGIN = 6
TOPIC_SEPARATOR = " › "
LINE_BREAK = "\u2028"  # a forced line break inside one QTextLayout
SMALL_FONT_SCALE = 5 / 6  # what rich text's font-size:small is
_SPACE_RUN = re.compile(" {2,}")


class RowLayout:
    """One hit's title (bold), topic path (small) and snippet, wrapped to a width."""

    def __init__(self, hit, font: QFont, width: int):
        self.hit = hit
        title, path = hit.title, TOPIC_SEPARATOR.join(hit.topic_path)
        snippet, spans = _single_spaced(hit.snippet.text, hit.snippet.spans)
        text = f"{title}{LINE_BREAK}{path}{LINE_BREAK}{snippet}"
        path_start, snippet_start = len(title) + 1, len(title) + len(path) + 2
        self.path_range = _utf16_range(text, path_start, snippet_start)
        self.marks = [_utf16_range(text, snippet_start + start, snippet_start + end) for start, end in spans]
        bold, small = QTextCharFormat(), QTextCharFormat()
        bold.setFontWeight(QFont.Weight.DemiBold)
        small.setFont(_smaller(font))
        self.layout = QTextLayout(text, font)
        self.layout.setFormats([_format_range(_utf16_range(text, 0, path_start), bold),
                                _format_range(self.path_range, small)])
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.layout.setTextOption(option)
        self.layout.beginLayout()
        height = 0.0
        while (line := self.layout.createLine()).isValid():
            line.setLineWidth(width - 2 * ROW_MARGIN)
            line.setPosition(QPointF(0, height))
            height += line.height()
        self.layout.endLayout()
        self.size = QSize(width, math.ceil(height) + 2 * ROW_MARGIN)

    def draw(self, painter, rect: QRect, palette: QPalette, selected: bool) -> None:
        """In colours that stay readable in both palettes and on a selected row."""
        roles = QPalette.ColorRole
        faint, marked = QTextCharFormat(), QTextCharFormat()
        faint_colour = palette.color(roles.HighlightedText if selected else roles.PlaceholderText)
        faint.setForeground(QColor(faint_colour.rgb()))  # opaque, as the rows' rich text had it
        dark = palette.color(roles.Base).lightness() < 128
        marked.setBackground(QColor("#7a5d00" if dark else "#ffe08a"))
        marked.setForeground(QColor("#ffffff" if dark else "#000000"))
        colours = [_format_range(self.path_range, faint)] + [_format_range(mark, marked) for mark in self.marks]
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(palette.color(roles.HighlightedText if selected else roles.Text))
        self.layout.draw(painter, QPointF(rect.left() + ROW_MARGIN, rect.top() + ROW_MARGIN), colours)
        painter.restore()


def _smaller(font: QFont) -> QFont:
    smaller = QFont(font)
    if font.pointSizeF() > 0:
        smaller.setPointSizeF(font.pointSizeF() * SMALL_FONT_SCALE)
    else:  # a font sized in pixels
        smaller.setPixelSize(max(1, round(font.pixelSize() * SMALL_FONT_SCALE)))
    return smaller


def _single_spaced(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, list[tuple[int, int]]]:
    """Runs of spaces (paragraphs joined in a snippet) as one, as rich text showed them; the
    marked spans moved along."""
    if "  " not in text:
        return text, list(spans)
    cuts = [(run.start() + 1, run.end()) for run in _SPACE_RUN.finditer(text)]  # what goes

    def moved(offset: int) -> int:
        return offset - sum(min(end, offset) - start for start, end in cuts if start < offset)

    return _SPACE_RUN.sub(" ", text), [(moved(start), moved(end)) for start, end in spans]


def _utf16_range(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, length) of text[start:end] as Qt counts: a character past U+FFFF (rare CJK
    ideographs, emoji) is two UTF-16 units."""
    return len(text[:start].encode("utf-16-le")) // 2, len(text[start:end].encode("utf-16-le")) // 2


def _format_range(utf16_range: tuple[int, int], char_format: QTextCharFormat) -> QTextLayout.FormatRange:
    format_range = QTextLayout.FormatRange()
    format_range.start, format_range.length = utf16_range
    format_range.format = char_format
    return format_range


class ResultDelegate(QStyledItemDelegate):
    """Draws a result as title, topic path and snippet, with the matched words marked."""

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view
        self._rows: dict[int, RowLayout] = {}  # by id() of the hit
        self._laid_out_for: tuple | None = None  # (widest viewport, style, font) of those rows
        self._text_width = 0
        view.model().modelReset.connect(self.forget_rows)

    def forget_rows(self) -> None:
        """New results: the rows laid out for the old ones are not needed again."""
        self._rows.clear()

    def row_layout(self, hit, font: QFont) -> RowLayout:
        """The list asks again and again for each row's size, so this is kept cheap when the
        row is laid out already."""
        laid_out_for = (self._view.maximumViewportSize().width(), self._view.style(), font)
        if laid_out_for != self._laid_out_for:
            self._rows.clear()
            self._laid_out_for = (*laid_out_for[:2], QFont(font))
            self._text_width = self._width_beside_scroll_bar()
        row = self._rows.get(id(hit))  # the row keeps its hit alive: the id is not reused
        if row is None:
            row = self._rows[id(hit)] = RowLayout(hit, font, self._text_width)
        return row

    def _width_beside_scroll_bar(self) -> int:
        """The viewport's width less a vertical scroll bar's, whether one shows or not: a
        scroll bar coming as the rows fill the list would otherwise lay every row out again."""
        widest, style, _ = self._laid_out_for
        extent = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self._view.verticalScrollBar())
        return max(widest - extent, 120)

    def paint(self, painter, option, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        self.row_layout(index.data(HIT_ROLE), opt.font).draw(painter, opt.rect, opt.palette, selected)

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        return self.row_layout(index.data(HIT_ROLE), option.font).size
