"""Starting the GUI: QApplication, language, theme, the pack, the window; and ``--self-test``.

A problem a user can meet (a broken pack, an unexpected error) is shown in a message box
and logged; the user never sees a traceback and, where possible, keeps a working window.
"""
from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from viewer import APP_NAME, __version__, paths

CHINESE_FONT = ""  # which font shows Chinese: "system: …", "bundled: …" or "none" (set by _qt_app)


def _qt_app():
    from PySide6.QtWidgets import QApplication

    from viewer.ui.fonts import ensure_chinese_font

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    global CHINESE_FONT
    CHINESE_FONT = ensure_chinese_font(app)
    return app


def _set_window_icon(app) -> None:
    """The app's icon. Set after the first paint: QIcon's Python enums (one has 151 members)
    and rendering the SVG at the sizes the window system wants cost ~5 ms."""
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(paths.app_root() / "resources" / "icons" / "partnerhelp.svg")))


def _load_app(pack_dir: Path):
    """The services for ``pack_dir``, or for the bundled pack if that one cannot be read.

    Returns (App or None, problem text or "").
    """
    from viewer.packcache import read_pack
    from viewer.services import App

    pack, problems = read_pack(pack_dir)
    if pack is not None and not problems:
        return App(pack, pack_dir), ""
    from PySide6.QtCore import QCoreApplication

    listing = "\n".join(str(p) for p in problems[:20])
    if len(problems) > 20:
        listing += "\n…"
    message = QCoreApplication.translate("App", "The content pack in %1 cannot be used:").replace(
        "%1", str(pack_dir)) + "\n" + listing
    bundled = paths.bundled_pack_dir()
    if Path(pack_dir).resolve() != bundled.resolve():
        fallback, fallback_problems = read_pack(bundled)
        if fallback is not None and not fallback_problems:
            return App(fallback, bundled), message + "\n\n" + QCoreApplication.translate(
                "App", "Showing the bundled content instead.")
    return None, message


def _tell(parent, text: str, critical: bool = False) -> None:
    """A message box; QMessageBox is imported only when there is something to tell."""
    from PySide6.QtWidgets import QMessageBox

    (QMessageBox.critical if critical else QMessageBox.warning)(parent, APP_NAME, text)


def _install_error_hook(window_getter) -> None:
    """Unexpected errors become a message box and a log entry, never a dead window."""
    from PySide6.QtCore import QCoreApplication

    def hook(kind, value, tb):
        log = paths.user_cache_dir() / "crash.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as out:
                out.write(f"--- {time.ctime()}\n")
                traceback.print_exception(kind, value, tb, file=out)
        except OSError:
            log = None
        print(f"PartnerHelp: unexpected error: {kind.__name__}: {value}", file=sys.stderr)
        text = QCoreApplication.translate(
            "App", "Something went wrong: %1\nPartnerHelp keeps running. Details were saved to %2.")
        _tell(window_getter(), text.replace("%1", str(value) or kind.__name__).replace("%2", str(log or "-")))

    sys.excepthook = hook


def run(pack_dir: Path, open_article: str | None = None) -> int:
    from viewer.ui import startup_probe
    from viewer.ui.firstpaint import after_first_paint
    from viewer.ui.i18n import choose_language, install_translators
    from viewer.ui.mainwindow import MainWindow
    from viewer.ui.settings import Settings
    from viewer.ui.theme import apply_theme

    qt_app = _qt_app()
    settings = Settings()
    translators = install_translators(qt_app, choose_language(settings.get("ui/language")))
    apply_theme(qt_app, settings.get("ui/theme"))
    qt_app.styleHints().colorSchemeChanged.connect(lambda _: apply_theme(qt_app, settings.get("ui/theme")))
    services, problem = _load_app(pack_dir)
    if services is None:
        _tell(None, problem, critical=True)
        print(problem, file=sys.stderr)
        return 1
    current = {"services": services, "window": MainWindow(services, settings)}

    def switch_pack(folder: Path) -> None:
        """Another pack was chosen: a new window on it replaces the old one (the last article,
        if still in the pack, and the bookmarks come along)."""
        new_services, trouble = _load_app(folder)
        if new_services is None:
            _tell(current["window"], trouble)
            return
        old_window, old_services = current["window"], current["services"]
        old_window.save_state()
        new_window = MainWindow(new_services, settings)
        new_window.packSwitchRequested.connect(switch_pack)
        after_first_paint(new_window, gc.freeze)
        new_window.show()
        old_window.close()
        old_window.deleteLater()
        old_services.close()
        current.update(services=new_services, window=new_window)
        if trouble:
            _tell(new_window, trouble)

    window = current["window"]
    window.packSwitchRequested.connect(switch_pack)
    _install_error_hook(lambda: current["window"])
    after_first_paint(window, lambda: _set_window_icon(qt_app))
    # What is loaded by now (the pack, the window) lives as long as the window: moved out of
    # the collector's way, a full collection takes 0.4 ms instead of 60-230 ms at 10k
    # articles, during which the window, which passes every event through Python, waits.
    after_first_paint(window, gc.freeze)
    if startup_probe.requested():
        startup_probe.install(window)
    window.show()
    if problem:
        _tell(window, problem)
    if open_article:
        window.open_article(open_article.removeprefix("partnerhelp://article/"))
    code = qt_app.exec()
    current["services"].close()
    del translators
    # Tear Qt down while Python still runs: the clipboard may hold our QMimeData (a copied
    # answer), and deleting that after interpreter shutdown crashes.
    qt_app.shutdown()
    return code


class SelfTestFailure(Exception):
    pass


OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()", "This plugin does not support raise()")


def _quiet_offscreen_messages(kind, context, message: str) -> None:
    """Keep the self-test's output to its one line: drop what the offscreen plugin always says."""
    if message not in OFFSCREEN_NOISE:
        print(message, file=sys.stderr)


def self_test(pack_dir: Path, query: str = "代金券") -> int:
    """Start the real window, search, open the top hit, render it; one line of timings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler

    from viewer.ui.mainwindow import MainWindow
    from viewer.ui.settings import Settings

    steps: list[str] = []
    started = last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps.append(f"{name} {1000 * (now - last):.0f} ms")
        last = now

    qInstallMessageHandler(_quiet_offscreen_messages)
    try:
        qt_app = _qt_app()
        if CHINESE_FONT == "none":
            raise SelfTestFailure("no font can show Chinese (install one, e.g. fonts-wqy-microhei)")
        loaded, problem = _load_app(pack_dir)
        if loaded is None or problem:
            raise SelfTestFailure(problem)
        lap("pack")
        with tempfile.TemporaryDirectory() as scratch:  # never touch the user's settings or bookmarks
            from viewer.bookmarks import BookmarkStore
            from viewer.services import App

            services = App(loaded.pack, loaded.pack_dir,
                           bookmarks=BookmarkStore(Path(scratch) / "bookmarks.yaml").load())
            window = MainWindow(services, Settings(Path(scratch) / "settings.ini"))
            window.show()
            qt_app.processEvents()
            lap("window")
            if not services.engine_ready:  # the window's own job opens (or builds) the index
                job = window.content.job
                waiting = QEventLoop()
                for signal in (job.ready, job.failed, job.cancelled):
                    signal.connect(waiting.quit)
                QTimer.singleShot(120000, waiting.quit)
                if not services.engine_ready:
                    waiting.exec()
            if not services.engine_ready:
                raise SelfTestFailure("the search index could not be opened or built")
            lap("index")
            loop = QEventLoop()
            window.side.runner.resultReady.connect(lambda *_: loop.quit())
            QTimer.singleShot(15000, loop.quit)
            window.side.search_box.setText(query)
            window.side.search_now()
            loop.exec()
            result = window.side.last_result
            if result is None or not result.hits:
                raise SelfTestFailure(f"searching {query!r} found nothing")
            lap(f"search {query!r} ({len(result.hits)} hits)")
            top = result.hits[0]
            if not window.side.open_current_result() or window.answer.article is None:
                raise SelfTestFailure("the top result did not open")
            if top.title not in window.answer.browser.toPlainText():
                raise SelfTestFailure("the answer pane does not show the article's title")
            lap(f"open {top.id!r} ({window.answer.hit_count()} highlights)")
            window.close()
            services.close()
    except SelfTestFailure as exc:
        print("self-test FAILED: " + "; ".join(line for line in str(exc).splitlines() if line).replace(":;", ":"))
        return 1
    except Exception as exc:  # any other failure is a failed self-test, reported in one line
        print(f"self-test FAILED: {exc.__class__.__name__}: {exc}")
        return 1
    finally:
        qInstallMessageHandler(None)  # a Python handler left installed crashes at exit
    total = 1000 * (time.perf_counter() - started)
    print(f"self-test ok: {APP_NAME} {__version__} on {qt_app.platformName()}, Chinese font {CHINESE_FONT}, "
          f"{', '.join(steps)}, total {total:.0f} ms")
    return 0
