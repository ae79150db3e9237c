"""The baseline for bench/startup.py: a bare PySide6 window with the app's main widgets (a tree
view, a line edit and a text browser in a splitter) and nothing loaded: no pack, no index, no
translations, no settings. It reports its first visible paint the same way the app does.

    PARTNERHELP_REPORT_STARTUP=1 python bench/bare_window.py
"""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QLineEdit, QMainWindow, QSplitter, QTextBrowser, QTreeView,
                               QVBoxLayout, QWidget)

from viewer.ui import startup_probe


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    side = QWidget()
    layout = QVBoxLayout(side)
    layout.addWidget(QLineEdit())
    layout.addWidget(QTreeView())
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(side)
    splitter.addWidget(QTextBrowser())
    window.setCentralWidget(splitter)
    window.resize(1100, 720)
    if startup_probe.requested():
        startup_probe.install(window)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
