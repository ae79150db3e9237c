"""Running code once a window has been painted on screen for the first time.

Start-up work that the first picture does not need (opening the search index, loading the
bookmarks, reopening the last article) waits for this, so the window appears about as soon
as a bare one would. Imports nothing but Qt, like ``startup_probe``, which uses it too.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], None]):
        super().__init__(window)
        self.window = window
        self.callback = callback

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            handle = self.window.windowHandle()
            if handle is not None and handle.isExposed():
                self.window.removeEventFilter(self)
                QTimer.singleShot(0, self, self.callback)  # after this paint; dropped if the window goes
        return False


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, from the event loop, right after ``window``'s first visible paint.

    Callbacks registered later run first (Qt asks the newest event filter first).
    """
    window.installEventFilter(_FirstPaint(window, callback))
