"""Search as you type at scale: how long the UI thread stalls while a query is typed.

    python -m bench.responsiveness [--articles 10000] [--workdir .bench] [--queries 8]
                                   [--paces 250,120,30] [--repeats 2] [--xvfb] [--profile]
                                   [--switch-interval MS] [--gc-freeze]

Opens the real main window (offscreen, or on Xvfb with ``--xvfb``) on a synthetic pack whose
index is built beforehand, and types 6-character Chinese queries into the search box one
character at a time, as an input method does (a commit string per character), at each pace.
A probe timestamps every time the UI thread's event loop is about to wait for events (a 1 ms
timer keeps it iterating), so the longest gap between two of those is the longest time the
window could not have answered a key press or repainted. Reported per pace: the worst gap and
the worst 99th percentile over all queries and repeats, the worst gap counted in the CPU time
the process used in it (on a shared machine other programs lengthen gaps; they do not add to
this), how late keystrokes were handled, and
the time from the last keystroke to its results painted in the list (the search debounce
included). An idle stretch as long, with nothing typed, is the baseline. The worst gap of each
pace is printed with what happened in it (keys, searches, results, paints, garbage collections).

A script, not a test. The machine is shared: queries and paces take turns, and the worst case
over repeats is reported. ``measure()`` returns the numbers for a one-table benchmark.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from viewer import markdown
from viewer.model import Pack

QUERY_LENGTH = 6
KEEPALIVE_MS = 1  # the loop iterates at least this often, so its gaps measure stalls
SETTLE_MS = 600  # measured on after the results are painted: layout and paint of the list
PAUSE_MS = 300  # unmeasured, between runs: the cleared search goes back to the topic tree
GC_MARK_MS = 2  # collections longer than this go on the timeline
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{%d,}" % QUERY_LENGTH)
HAN_PAIR_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


# -- set-up -------------------------------------------------------------------------------


def prepared_pack(articles: int, workdir: Path, generator: Path | None = None) -> tuple[Path, Pack, Path]:
    """The synthetic pack of ``articles`` kept in ``workdir``, loaded, and its index kept beside it.

    The index is rebuilt only when the pack changed (ensure_index compares the pack's fingerprint
    with the index's manifest), so reruns start in seconds.
    """
    from bench.scale import ensure_pack, find_generator  # bench.scale loads SQLite: only when needed
    from viewer.content import load_pack
    from viewer.indexing import ensure_index

    root = workdir.resolve()
    pack_dir, _ = ensure_pack(find_generator(generator), articles, root / f"pack-{articles}")
    pack = load_pack(pack_dir)
    index_dir = ensure_index(pack_dir, pack, root / f"index-{articles}",
                             log=lambda message: print(f"index   : {message}", file=sys.stderr))
    return pack_dir, pack, index_dir


def typing_queries(pack: Pack, count: int, seed: int = 1, sample: int = 500) -> list[tuple[str, str]]:
    """(kind, query) pairs of 6 Chinese characters, the two kinds taking turns.

    "cut": 6 consecutive characters of an answer, what a user copies or remembers; "common":
    three of the pack's 30 most frequent character pairs, whose long posting lists make the
    slowest searches.
    """
    rnd = random.Random(seed)
    ids = sorted(pack.articles)
    sampled = [markdown.to_plain_text(pack.articles[i].body) for i in rnd.sample(ids, min(sample, len(ids)))]
    pairs = Counter(run[i:i + 2] for text in sampled for run in HAN_PAIR_RUN.findall(text)
                    for i in range(len(run) - 1))
    common = [pair for pair, _ in pairs.most_common(30)]
    runs = [run for text in sampled for run in HAN_RUN.findall(text)]
    queries = []
    for n in range(count):
        if n % 2 == 0:
            run = rnd.choice(runs)
            start = rnd.randrange(len(run) - QUERY_LENGTH + 1)
            queries.append(("cut", run[start:start + QUERY_LENGTH]))
        else:
            queries.append(("common", "".join(rnd.sample(common, QUERY_LENGTH // 2))))
    return queries


# -- measuring ----------------------------------------------------------------------------


@dataclass
class Run:
    """One query typed at one pace (or an idle stretch); times are perf_counter seconds."""

    query: str
    pace_ms: int
    started: float = 0.0
    ended: float = 0.0
    loop_waits: list[float] = field(default_factory=list)  # the loop about to wait for events
    loop_cpu: list[float] = field(default_factory=list)  # the UI thread's CPU time at each of those
    loop_process_cpu: list[float] = field(default_factory=list)  # all threads' CPU time at each of those
    key_lateness_ms: list[float] = field(default_factory=list)  # handled after its planned time
    key_handling_ms: list[float] = field(default_factory=list)  # sending the input method event
    last_key: float = 0.0
    results_in: float = 0.0  # the final query's results put in the list
    results_painted: float = 0.0
    timeline: list[tuple[float, str]] = field(default_factory=list)

    def _spans(self) -> list[tuple[float, float]]:
        stamps = [self.started, *self.loop_waits, self.ended]
        return list(zip(stamps, stamps[1:]))

    def gaps_ms(self) -> list[float]:
        return [1000 * (end - start) for start, end in self._spans()]

    def gaps_cpu_ms(self) -> list[float]:
        """Each gap between two loop waits counted in the CPU time the process used in it, at
        most the gap: the window's own work and the search thread's, which it waits for (the
        GIL); a busy machine lengthens gaps but not this."""
        return [min(1000 * (wait - before), 1000 * (cpu - cpu_before)) for before, wait, cpu_before, cpu
                in zip(self.loop_waits, self.loop_waits[1:], self.loop_process_cpu, self.loop_process_cpu[1:])]

    def worst_gap(self) -> str:
        """The longest gap, how much of it the UI thread and the whole process ran, what
        happened in it and next.

        A gap the UI thread spent mostly off the CPU was waiting: for the GIL while another
        thread ran (the process ran), or for a core that other programs had (it did not).
        """
        spans = self._spans()
        n = max(range(len(spans)), key=lambda i: spans[i][1] - spans[i][0])
        start, end = spans[n]
        cpu = (f", the UI thread ran {1000 * (self.loop_cpu[n] - self.loop_cpu[n - 1]):.0f} ms of it"
               f" and the process {1000 * (self.loop_process_cpu[n] - self.loop_process_cpu[n - 1]):.0f} ms") \
            if 0 < n < len(self.loop_cpu) else ""
        during = [label for when, label in self.timeline if start <= when <= end]
        after = next((f"{label} {1000 * (when - end):.0f} ms later" for when, label in self.timeline if when > end),
                     "nothing")
        return f"{1000 * (end - start):.0f} ms{cpu}; in it: {', '.join(during) or 'nothing marked'}; then {after}"


def percentile(values: list[float], p: float) -> float:
    from bench.scale import percentile as nearest_rank

    return nearest_rank(values, p)


class LoopProbe:
    """Timestamps the UI thread's event loop about to wait, and long garbage collections."""

    def __init__(self):
        self.run: Run | None = None
        self._gc_started = 0.0
        self._keepalive = QTimer()
        self._keepalive.setTimerType(Qt.TimerType.PreciseTimer)
        self._keepalive.setInterval(KEEPALIVE_MS)
        QAbstractEventDispatcher.instance().aboutToBlock.connect(self._about_to_block)

    def _about_to_block(self) -> None:
        if self.run is not None:
            self.run.loop_waits.append(time.perf_counter())
            self.run.loop_cpu.append(time.thread_time())
            self.run.loop_process_cpu.append(time.process_time())

    def _on_gc(self, phase: str, info: dict) -> None:
        """A collection holds the GIL, and the UI thread needs it for every event (the window
        filters all events in Python), whichever thread collects."""
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
        elif self.run is not None and now - self._gc_started > GC_MARK_MS / 1000:
            where = "UI" if threading.current_thread() is threading.main_thread() else "worker"
            self.mark(f"gc gen{info['generation']} {1000 * (now - self._gc_started):.0f} ms on the {where} thread")

    def mark(self, label: str) -> None:
        if self.run is not None:
            self.run.timeline.append((time.perf_counter(), label))

    def start(self, run: Run) -> None:
        run.started = time.perf_counter()
        self.run = run
        gc.callbacks.append(self._on_gc)
        self._keepalive.start()

    def stop(self) -> None:
        self.run.ended = time.perf_counter()
        self.run = None
        gc.callbacks.remove(self._on_gc)
        self._keepalive.stop()


class PaintWatch(QObject):
    """Calls ``on_paint`` at every paint event of the widget it filters."""

    def __init__(self, on_paint):
        super().__init__()
        self._on_paint = on_paint

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self._on_paint()
        return False


def wait_ms(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class TypingSession:
    """The main window on a pack, and typing into its search box while a LoopProbe watches."""

    def __init__(self, pack: Pack, pack_dir: Path, index_dir: Path, scratch: Path, gc_freeze: bool = False):
        from viewer.bookmarks import BookmarkStore
        from viewer.services import App
        from viewer.ui.app import _qt_app
        from viewer.ui.mainwindow import MainWindow
        from viewer.ui.settings import Settings

        self.qt_app = _qt_app()  # the app's own set-up: its Chinese font decides the paint cost
        self.probe = LoopProbe()
        self.services = App(pack, pack_dir, index_dir, BookmarkStore(scratch / "bookmarks.yaml").load())
        self.services.prepare_engine(log=lambda _: None)  # the window then finds the index ready
        search = self.services.search

        def search_on_the_timeline(query, *args, **kwargs):
            self.probe.mark(f"search {query!r} starts")
            return search(query, *args, **kwargs)

        self.services.search = search_on_the_timeline
        self.window = MainWindow(self.services, Settings(scratch / "settings.ini"))
        self.window.resize(1100, 750)
        self.window.show()
        self.side = self.window.side
        self.side.runner.resultReady.connect(self._on_result)  # queued: runs after the panel's own slot
        self._paint_watch = PaintWatch(self._on_paint)
        self.side.results.viewport().installEventFilter(self._paint_watch)
        self._done = None
        wait_ms(500)
        if gc_freeze:
            gc.freeze()  # what is loaded by now lives as long as the window: never scan it again

    def close(self) -> None:
        self.side.runner.wait()
        self.window.close()
        self.services.close()

    # -- what happens while typing --------------------------------------------------------

    def _on_result(self, _generation: int, result) -> None:
        run = self.probe.run
        if run is None:
            return
        self.probe.mark(f"result {result.query!r} ({len(result.hits)} hits, {result.took_ms:.0f} ms in search)")
        if result.query == run.query and self.side.last_result is result and not run.results_in:
            run.results_in = time.perf_counter()

    def _on_paint(self) -> None:
        run = self.probe.run
        if run is None:
            return
        self.probe.mark("list painted")
        if run.results_in and not run.results_painted:
            QTimer.singleShot(0, self._painted)  # runs once this paint has finished

    def _painted(self) -> None:
        run = self.probe.run
        if run is not None and not run.results_painted:
            run.results_painted = time.perf_counter()
            self.probe.mark("results shown")
            QTimer.singleShot(SETTLE_MS, self._done)

    def _commit(self, run: Run, text: str, planned: float) -> None:
        """What an input method sends for a chosen character: a commit string, no key presses."""
        now = time.perf_counter()
        run.key_lateness_ms.append(1000 * (now - planned))
        self.probe.mark(f"key {text}")
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(self.side.search_box, event)
        run.key_handling_ms.append(1000 * (time.perf_counter() - now))
        run.last_key = now

    def _clear(self) -> None:
        """Esc, then a pause for the topic tree to come back and any search to finish."""
        self.side.clear_search()
        self.side.search_box.setFocus()
        self.side.runner.wait()
        wait_ms(PAUSE_MS)

    def type_query(self, query: str, pace_ms: int, timeout_ms: int = 30000) -> Run:
        """Type ``query`` a character every ``pace_ms`` into an empty search box; measure until
        its results have been painted and SETTLE_MS more."""
        self._clear()
        run = Run(query, pace_ms)
        loop = QEventLoop()
        self._done = loop.quit
        QTimer.singleShot(timeout_ms, loop.quit)
        keys = QTimer(interval=pace_ms)
        keys.setTimerType(Qt.TimerType.PreciseTimer)
        typed = iter(enumerate(query))

        def next_key() -> None:
            n, char = next(typed)
            if n == len(query) - 1:
                keys.stop()
            self._commit(run, char, run.started + n * pace_ms / 1000)

        keys.timeout.connect(next_key)
        self.probe.start(run)
        next_key()
        keys.start()
        loop.exec()
        self.probe.stop()
        if not run.results_painted:
            raise SystemExit(f"responsiveness: no results painted for {query!r} within {timeout_ms} ms")
        return run

    def idle(self, duration_ms: int) -> Run:
        """The probe with nothing typed: the gaps this machine shows anyway."""
        self._clear()
        run = Run("", 0)
        self.probe.start(run)
        wait_ms(duration_ms)
        self.probe.stop()
        return run


def summary(runs: list[Run]) -> dict[str, float]:
    """Worst over runs: longest gap, worst per-run p99 gap, longest in CPU time, key lateness,
    last key to results."""
    numbers = {
        "max_gap_ms": max(max(r.gaps_ms()) for r in runs),
        "p99_gap_ms": max(percentile(r.gaps_ms(), 99) for r in runs),
        "median_p99_gap_ms": statistics.median(percentile(r.gaps_ms(), 99) for r in runs),
        "max_gap_cpu_ms": max(max(r.gaps_cpu_ms(), default=0.0) for r in runs),
    }
    typed = [r for r in runs if r.key_lateness_ms]
    if typed:
        shown = [1000 * (r.results_painted - r.last_key) for r in typed]
        numbers |= {
            "max_key_late_ms": max(max(r.key_lateness_ms) for r in typed),
            "max_key_handling_ms": max(max(r.key_handling_ms) for r in typed),
            "last_key_to_listed_median_ms": statistics.median(1000 * (r.results_in - r.last_key) for r in typed),
            "last_key_to_shown_median_ms": statistics.median(shown),
            "last_key_to_shown_max_ms": max(shown),
        }
    return numbers


def measure(articles: int = 10000, workdir: Path = Path(".bench"), paces: tuple[int, ...] = (250, 120, 30),
            queries: int = 8, repeats: int = 2, seed: int = 1, profile: bool = False, gc_freeze: bool = False,
            verbose: bool = False) -> dict[str, float]:
    """Numbers for the benchmark table: ``idle_*`` and ``pace{N}_*`` keys, in milliseconds.

    Queries and paces take turns within each repeat, so a busy moment of the shared machine
    spreads over all of them rather than spoiling one pace.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    pack_dir, pack, index_dir = prepared_pack(articles, workdir)
    typed = typing_queries(pack, queries, seed)
    if verbose:
        print("queries : " + " | ".join(f"{kind} {text}" for kind, text in typed))
    profiler = cProfile.Profile() if profile else None
    by_pace: dict[int, list[Run]] = {pace: [] for pace in paces}
    idle_runs = []
    with tempfile.TemporaryDirectory() as scratch:
        session = TypingSession(pack, pack_dir, index_dir, Path(scratch), gc_freeze)
        try:
            session.type_query(typed[0][1], paces[-1])  # warm-up: the worker's searcher, Qt's caches
            started = time.perf_counter()
            gc.collect()  # what a full collection, on any thread, stops the window for
            full_gc_ms = 1000 * (time.perf_counter() - started)
            for _ in range(repeats):
                for _kind, text in typed:
                    for pace in paces:
                        if profiler:
                            profiler.enable()  # this thread only: the UI thread's Python work
                        by_pace[pace].append(session.type_query(text, pace))
                        if profiler:
                            profiler.disable()
                idle_runs.append(session.idle(QUERY_LENGTH * max(paces) + SETTLE_MS + 500))
        finally:
            session.close()
    numbers = {"full_gc_ms": full_gc_ms} | {f"idle_{key}": value for key, value in summary(idle_runs).items()}
    for pace, runs in by_pace.items():
        numbers |= {f"pace{pace}_{key}": value for key, value in summary(runs).items()}
        if verbose:
            worst = max(runs, key=lambda r: max(r.gaps_ms()))
            print(f"worst   : {pace} ms pace, {worst.query}: {worst.worst_gap()}")
    if profiler:
        print("\ncProfile of the UI thread while typing (all runs), top 25 by own time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    return numbers


def quiet_offscreen(kind, context, message: str) -> None:
    """The offscreen plugin's notes about window hints are not findings."""
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--workdir", type=Path, default=Path(".bench"), help="pack and index kept here")
    parser.add_argument("--queries", type=int, default=8, help="how many 6-character queries")
    parser.add_argument("--paces", default="250,120,30", help="ms between characters, comma-separated")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--switch-interval", type=float, metavar="MS",
                        help="sys.setswitchinterval for the run (Python's default is 5 ms)")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() once the window is open: what that fix would be worth")
    parser.add_argument("--profile", action="store_true", help="cProfile the UI thread while typing")
    parser.add_argument("--xvfb", action="store_true", help="run on Xvfb (xcb) instead of offscreen")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here (bench.report)")
    args = parser.parse_args(argv)

    if args.xvfb and not os.environ.get("DISPLAY"):
        if not shutil.which("xvfb-run"):
            raise SystemExit("responsiveness: --xvfb needs xvfb-run (apt-get install xvfb)")
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, "-m", "bench.responsiveness",
                   *(argv if argv is not None else sys.argv[1:])]
        return subprocess.run(command, env=dict(os.environ, QT_QPA_PLATFORM="xcb")).returncode
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval / 1000)

    from PySide6.QtCore import qInstallMessageHandler

    from bench.scale import machine

    paces = tuple(int(p) for p in args.paces.split(","))
    load_before = os.getloadavg()
    qInstallMessageHandler(quiet_offscreen)
    try:
        numbers = measure(args.articles, args.workdir, paces, args.queries, args.repeats, args.seed,
                          args.profile, args.gc_freeze, verbose=True)
    finally:
        qInstallMessageHandler(None)  # a Python handler left installed crashes at exit
    print(f"\n{args.articles} articles; {args.queries} queries x {args.repeats} repeats per pace; "
          f"{os.environ.get('QT_QPA_PLATFORM')}; switch interval {1000 * sys.getswitchinterval():g} ms"
          f"{'; gc.freeze()' if args.gc_freeze else ''}. Worst over runs (p99: the worst run's"
          f" 99th percentile of loop gaps; median_p99: the median run's; gap_cpu: a gap counted in"
          f" the CPU time the process used in it, which other programs on the machine do not lengthen)")
    if args.json:
        args.json.write_text(json.dumps(numbers), encoding="utf-8")
    width = max(map(len, numbers))
    for key, value in numbers.items():
        print(f"{key:<{width}}  {value:8.1f}")
    print("\n".join(machine()))
    print(f"load    : {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after (1-minute load average;"
          f" above ~1 other processes competed for the {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
