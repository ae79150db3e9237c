#!/usr/bin/env python3
"""Screenshots of the real window for the README and for looking at changes.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/screenshots.py [OUT_DIR]

Writes tree.png, search.png, answer.png and dark.png (default: docs/screenshots/). Uses a
throwaway settings file, so it never changes the user's.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from viewer import paths
    from viewer.services import App
    from viewer.ui.app import _qt_app
    from viewer.ui.i18n import install_translators
    from viewer.ui.mainwindow import MainWindow
    from viewer.ui.settings import Settings
    from viewer.ui.theme import apply_theme

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    qt_app = _qt_app()
    translators = install_translators(qt_app, "zh_CN")
    services = App.from_folder(paths.bundled_pack_dir())

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shoot(window: MainWindow, name: str) -> None:
        settle()
        window.grab().save(str(out / name))
        print(out / name)

    with tempfile.TemporaryDirectory() as scratch:
        window = MainWindow(services, Settings(Path(scratch) / "a.ini"))
        window.resize(1180, 760)
        window.show()
        window.side.tree.expandAll()
        window.open_article("view-vouchers")
        shoot(window, "tree.png")
        window.side.search_box.setText("代金券怎么用")
        window.side.search_now()
        window.side.runner.wait()
        shoot(window, "search.png")
        window.side.open_current_result()
        window.answer.next_hit()
        shoot(window, "answer.png")
        window.close()

        apply_theme(qt_app, "dark")
        dark = MainWindow(services, Settings(Path(scratch) / "b.ini"))
        dark.resize(1180, 760)
        dark.show()
        dark.side.search_box.setText("业绩对账")
        dark.side.search_now()
        dark.side.runner.wait()
        settle()
        dark.side.open_current_result()
        shoot(dark, "dark.png")
        dark.close()
    services.close()
    del translators
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
