"""The find-in-page bar shown under the answer (like Qt Assistant's or a web browser's).

The bar only collects what to look for and shows the result; the owner does the
searching.  Its keys are local to it: Esc closes the bar, Enter goes to the next
match and Shift+Enter to the previous one, also when the main window binds those
keys to actions (the bar claims them via ShortcutOverride while it has focus).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

__all__ = ["FindBar"]

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindBar(QWidget):
    """Line edit, previous/next buttons, a match-case box, a result label and a close button."""

    #: The text or the match-case box changed: (text, case_sensitive).
    searchChanged = Signal(str, bool)
    #: Go to the next / previous match.
    nextRequested = Signal()
    previousRequested = Signal()
    #: The bar was closed (Esc or the close button).
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName(self.tr("Find in page"))


        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(self.tr("Find in page"))
        self.edit.setAccessibleName(self.tr("Text to find"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(160)

        self.previous_button = self._tool_button(
            "findPrevious", QStyle.StandardPixmap.SP_ArrowUp, self.tr("Previous"),
            self.tr("Previous match (Shift+Enter)"), self.tr("Previous match"))
        self.next_button = self._tool_button(
            "findNext", QStyle.StandardPixmap.SP_ArrowDown, self.tr("Next"),
            self.tr("Next match (Enter)"), self.tr("Next match"))

        self.case_box = QCheckBox(self.tr("Match case"), self)
        self.case_box.setObjectName("findMatchCase")
        self.case_box.setAccessibleName(self.tr("Match case"))

        self.result_label = QLabel(self)
        self.result_label.setObjectName("findResult")
        self.result_label.setAccessibleName(self.tr("Find result"))
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)

        self.close_button = self._tool_button(
            "findClose", QStyle.StandardPixmap.SP_TitleBarCloseButton, self.tr("Close"),
            self.tr("Close the find bar (Esc)"), self.tr("Close find bar"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(6)
        layout.addWidget(self.case_box)
        layout.addSpacing(6)
        layout.addWidget(self.result_label)
        layout.addStretch(0)
        layout.addWidget(self.close_button)

        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._emit_search)
        self.case_box.toggled.connect(self._emit_search)
        self.next_button.clicked.connect(self.nextRequested)
        self.previous_button.clicked.connect(self.previousRequested)
        self.close_button.clicked.connect(self.close_bar)

        self._has_matches = True
        self.hide()

    # ------------------------------------------------------------------ API


    def _tool_button(self, name: str, pixmap, text: str, tip: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(self.style().standardIcon(pixmap))
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(accessible)
        button.setAutoRaise(True)
        return button
    def text(self) -> str:
        return self.edit.text()

    def case_sensitive(self) -> bool:
        return self.case_box.isChecked()

    def open_bar(self) -> None:
        """Show the bar, focus the line edit and select its text (so typing replaces it)."""
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        if self.isHidden():
            return
        self.hide()
        self.closed.emit()

    def set_result(self, current: int, total: int) -> None:
        """``current`` is 0-based (-1: none selected); ``total`` the number of matches."""
        if not self.edit.text():
            text = ""
        elif total == 0:
            text = self.tr("Not found")
        elif current < 0:
            text = self.tr("{total} matches").format(total=total)
        else:
            text = self.tr("{current} of {total}").format(current=current + 1, total=total)
        self.result_label.setText(text)
        self._set_not_found(bool(self.edit.text()) and total == 0)

    def result_text(self) -> str:
        return self.result_label.text()

    # ------------------------------------------------------------------ internals

    def _emit_search(self, *_args: object) -> None:
        self.searchChanged.emit(self.edit.text(), self.case_box.isChecked())

    def _set_not_found(self, not_found: bool) -> None:
        """Tint the line edit when nothing matches (a hint only; the label says it in words)."""
        if not_found == (not self._has_matches):
            return
        self._has_matches = not not_found
        self.edit.setStyleSheet("QLineEdit { background-color: #f6d5d5; color: #000000; }" if not_found else "")

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_bar()
            return True
        if key in _ENTER_KEYS:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.ShortcutOverride:
                key = event.key()  # type: ignore[attr-defined]
                if key == Qt.Key.Key_Escape or key in _ENTER_KEYS:
                    event.accept()  # ours, not a window shortcut's
                    return True
            elif event.type() == QEvent.Type.KeyPress:
                if self._handle_key(event):  # type: ignore[arg-type]
                    return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc with the focus on a button or the check box still closes the bar.
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            event.accept()
            return
        super().keyPressEvent(event)
