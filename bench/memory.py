"""Memory at scale: RSS with a 10k pack open, after 1,000 and after 10,000 searches.

    python -m bench.memory [--articles 10000] [--workdir .bench] [--searches 1000,10000]
                           [--modes core,window] [--explain]

Each configuration runs in a fresh process, since RSS is the whole process's. "core" is the
Qt-free core: the services (viewer.services.App) with the pack loaded and the search engine
open, searching as the window does (50 hits, each with its snippet). "window" is what a user
runs: the same plus the main window (offscreen), every query set in its search box and its
results listed. The queries are bench.scale's realistic ones, written to the workdir once, so
that making them (which turns every answer into plain text) costs the measured processes
nothing. Reported per configuration: VmRSS after the imports, with the pack loaded, with the
engine (and window) open, after each number of searches, the growth between the last two,
the peak (VmHWM), and Python's count of tracked objects. ``--explain`` adds a third, traced
run of the core: where the memory is (tracemalloc by file when open, by traceback for the growth
between the last two counts), how much of the growth the answers' plain texts can explain,
and what each new thread that searches costs. Tracing slows searching about tenfold, so the
traced run makes a tenth of the searches.

A script, not a test; ``measure()`` returns the numbers for a one-table benchmark.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "memory-report "
USER_DATA_ENV = "PARTNERHELP_PORTABLE_DIR"  # viewer.paths: every user folder under this one
STATUS_FIELDS = ("VmRSS", "RssAnon", "RssFile", "VmHWM")
WARMUP = 20  # searches before the first count: the searcher opened, caches filled once
NEW_THREADS = 20  # --explain: searches from this many fresh threads, one after another
TRACE_FRAMES = 6  # --explain: enough to reach the project's code from where memory grows


def status_mb() -> dict[str, float]:
    """VmRSS and its split (anonymous: the heap; file: libraries and the mmap-ed index), in MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in STATUS_FIELDS:
            found[name] = int(value.split()[0]) / 1024
    return found


def mapped_files_mb(top: int = 8) -> list[tuple[str, float]]:
    """The files whose pages count most in RSS (libraries, fonts, the index), from smaps."""
    sizes: dict[str, float] = {}
    name = ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if "-" in fields[0] and len(fields) >= 5:  # a mapping's header: range perms offset dev inode [path]
            name = fields[5] if len(fields) > 5 and fields[5].startswith("/") else ""
        elif fields[0] == "Rss:" and name:
            sizes[name] = sizes.get(name, 0.0) + int(fields[1]) / 1024
    return sorted(((Path(n).name, mb) for n, mb in sizes.items()), key=lambda item: -item[1])[:top]


def trim_heap() -> bool:
    """Give the heap's free pages back to the system (glibc's malloc_trim), if there is glibc."""
    import ctypes
    import ctypes.util

    libc = ctypes.util.find_library("c")
    if not libc or not hasattr(ctypes.CDLL(libc), "malloc_trim"):
        return False
    ctypes.CDLL(libc).malloc_trim(0)
    return True


class Recorder:
    """Named memory readings in order, with Python's tracked-object count at each."""

    def __init__(self):
        self.points: list[dict] = []

    def __call__(self, label: str) -> None:
        reading = status_mb()  # before gc.get_objects(), whose list would count
        self.points.append({"point": label, **reading, "objects": len(gc.get_objects())})


# -- the measured process -----------------------------------------------------------------


def searches_in_core(services):
    """Search as the window does, without Qt: 50 hits, each with its snippet."""
    def search(query: str):
        result = services.search(query)
        for hit in result.hits:
            hit.snippet  # noqa: B018 - made, as the window's search worker makes them
        return result
    return search


class WindowSearch:
    """A query set in the window's search box, run at once, and its results listed."""

    def __init__(self, window, timeout_ms: int = 60000):
        from PySide6.QtCore import QEventLoop, QTimer

        self.side = window.side
        self._loop = QEventLoop()
        self.side.runner.resultReady.connect(self._loop.quit)  # queued: after the panel's own slot
        self.side.runner.failed.connect(self._loop.quit)
        self._timeout = QTimer(singleShot=True, interval=timeout_ms)
        self._timeout.timeout.connect(self._loop.quit)

    def __call__(self, query: str):
        from PySide6.QtWidgets import QApplication

        self.side.search_box.setText(query)
        self.side.search_now()
        self._timeout.start()
        self._loop.exec()
        self._timeout.stop()
        QApplication.processEvents()  # lay out and paint the list
        return self.side.last_result


def run_searches(search, queries: list[str], counts: list[int], at_count) -> None:
    """Search ``queries`` in order after WARMUP of them, calling ``at_count(n)`` at each count."""
    for n, query in enumerate(queries[:WARMUP + max(counts)], 1 - WARMUP):
        search(query)
        if n in counts:
            at_count(n)


def measure_process(mode: str, pack_dir: Path, index_dir: Path, queries_file: Path, counts: list[int],
                    explain: bool = False) -> dict:
    """Runs in the measured process: readings at each step (and, explaining, where it goes)."""
    traced = explain and mode == "core"
    if traced:
        import tracemalloc

        tracemalloc.start()  # one frame: where the memory of the open app was allocated
    record = Recorder()
    from viewer.bookmarks import BookmarkStore
    from viewer.services import App

    if mode == "window":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from bench.responsiveness import TypingSession
    record("imports")
    queries = queries_file.read_text(encoding="utf-8").splitlines()
    pack = load_like_the_app(pack_dir)
    record("pack loaded")
    report: dict = {"mode": mode}
    with tempfile.TemporaryDirectory() as scratch:
        if mode == "window":
            session = TypingSession(pack, pack_dir, index_dir, Path(scratch))
            search = WindowSearch(session.window)
            record("open")
        else:
            services = App(pack, pack_dir, index_dir, BookmarkStore(Path(scratch) / "bookmarks.yaml").load())
            services.prepare_engine(log=lambda _: None)
            search = searches_in_core(services)
            record("open")
        if traced:
            report["open_by_file"] = top_allocations(tracemalloc.take_snapshot(), 10)
            tracemalloc.stop()
            tracemalloc.start(TRACE_FRAMES)  # from here on only what searching allocates, with its callers
            snapshots, seen = [], set()
            search = recording_hits(search, seen)

        def at_count(n: int) -> None:
            record(f"after {n} searches")
            if traced:
                snapshots.append(tracemalloc.take_snapshot())
                if len(snapshots) > 1:
                    report["growth_by_traceback"] = grown_allocations(snapshots[-1], snapshots.pop(0), 10)

        run_searches(search, queries, counts, at_count)
        if traced:
            report["plain_text_mb_of_articles_hit"] = plain_text_mb(pack, seen)
            report["articles_hit"] = len(seen)
            report["new_threads"] = searches_from_new_threads(search, queries)
        report["mapped_files"] = mapped_files_mb()
        if trim_heap():  # what of the RSS is freed memory the allocator kept
            record("heap trimmed")
        if mode == "window":
            session.close()
        else:
            services.close()
    report["points"] = record.points
    return report


def load_like_the_app(pack_dir: Path):
    """The pack as the app reads it at start-up (from its start-up cache, once written there)."""
    from viewer.ui.app import _load_app

    services, problem = _load_app(pack_dir)
    if services is None or problem:
        raise SystemExit(f"memory: the app cannot use {pack_dir}: {problem}")
    return services.pack


def recording_hits(search, seen: set[str]):
    """``search``, also noting the ids of the articles found."""
    def search_and_note(query: str):
        result = search(query)
        seen.update(hit.id for hit in result.hits)
        return result
    return search_and_note


def top_allocations(snapshot, limit: int) -> list[tuple[str, float]]:
    return [(stat.traceback[0].filename, stat.size / 1e6) for stat in snapshot.statistics("filename")[:limit]]


def grown_allocations(snapshot, before, limit: int) -> list[tuple[str, float, str]]:
    """What grew most, by line, with the project's own frames that led there."""
    out = []
    for stat in snapshot.compare_to(before, "traceback")[:limit]:
        innermost_first = list(reversed(stat.traceback))
        ours = [f"{Path(frame.filename).name}:{frame.lineno}" for frame in innermost_first
                if "/viewer/" in frame.filename]
        out.append((str(innermost_first[0]), stat.size_diff / 1e6, " < ".join(ours[:4])))
    return out


def plain_text_mb(pack, article_ids: set[str]) -> float:
    """The size of the answers' plain texts for these articles: what a cache of them holds."""
    from viewer import markdown

    return sum(sys.getsizeof(markdown.to_plain_text(pack.articles[i].body)) for i in article_ids) / 1e6


def searches_from_new_threads(search, queries: list[str]) -> dict[str, float]:
    """RSS growth and first-search time per new thread that searches: the engine keeps a
    Whoosh searcher for each thread that ever searched, for as long as it is open."""
    gc.collect()
    before, times = status_mb()["VmRSS"], []

    def first_search(query: str) -> None:
        started = time.perf_counter()
        search(query)
        times.append(1000 * (time.perf_counter() - started))

    for query in queries[:NEW_THREADS]:
        thread = threading.Thread(target=first_search, args=(query,))
        thread.start()
        thread.join()
    gc.collect()
    return {"threads": NEW_THREADS, "rss_growth_per_thread_mb": (status_mb()["VmRSS"] - before) / NEW_THREADS,
            "first_search_median_ms": sorted(times)[len(times) // 2]}


# -- the launcher -------------------------------------------------------------------------


def query_file(pack, workdir: Path, count: int, seed: int) -> Path:
    """bench.scale's realistic queries, one a line, made once per pack size and seed."""
    from bench.scale import make_queries, plain_texts

    path = workdir.resolve() / f"queries-{len(pack.articles)}-{count}-seed{seed}.txt"
    if not path.is_file():
        queries, _ = make_queries(pack, plain_texts(pack), count, seed)
        path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    return path


def run_child(mode: str, pack_dir: Path, index_dir: Path, queries: Path, counts: list[int], explain: bool) -> dict:
    command = [sys.executable, "-m", "bench.memory", "--child", mode, "--pack", str(pack_dir),
               "--index", str(index_dir), "--queries-file", str(queries),
               "--searches", ",".join(map(str, counts)), *(["--explain"] if explain else [])]
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                          cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):])
    raise SystemExit(f"memory: the {mode} process failed (exit {done.returncode}):\n"
                     f"{done.stdout[-3000:]}{done.stderr[-3000:]}")


def numbers_of(report: dict) -> dict[str, float]:
    """The table's numbers of one configuration: RSS at each point, growth over the searches
    (first count to last), the split at the last count, the peak."""
    points = report["points"]
    numbers = {f"rss_{label_key(p['point'])}_mb": p["VmRSS"] for p in points}
    searched = [p for p in points if p["point"].startswith("after")]
    first, last = searched[0], searched[-1]
    span = f"{label_key(first['point']).split('_')[0]}_to_{label_key(last['point']).split('_')[0]}"
    numbers[f"rss_growth_{span}_mb"] = last["VmRSS"] - first["VmRSS"]
    numbers[f"objects_growth_{span}"] = last["objects"] - first["objects"]
    numbers["anon_at_last_count_mb"] = last["RssAnon"]
    numbers["file_at_last_count_mb"] = last["RssFile"]
    numbers["peak_mb"] = max(p["VmHWM"] for p in points)
    return numbers


def label_key(label: str) -> str:
    """"after 1000 searches" → "1000_searches", "pack loaded" → "pack_loaded"."""
    return label.removeprefix("after ").replace(" ", "_")


def measure(articles: int = 10000, workdir: Path = Path(".bench"), counts: tuple[int, ...] = (1000, 10000),
            modes: tuple[str, ...] = ("core", "window"), explain: bool = False, seed: int = 1,
            reports: list[dict] | None = None) -> dict[str, float]:
    """Numbers for the benchmark table, ``{mode}_{name}``; the full reports go to ``reports``."""
    from bench.responsiveness import prepared_pack

    os.environ[USER_DATA_ENV] = str(workdir.resolve() / "user-data")  # the app's caches and settings, here
    pack_dir, pack, index_dir = prepared_pack(articles, workdir)
    load_like_the_app(pack_dir)  # writes the app's start-up cache of the pack, as a first start does
    queries = query_file(pack, workdir, WARMUP + max(counts), seed)
    runs = [(mode, list(counts), False) for mode in modes]
    if explain:  # tracing makes searching ~10x slower: a tenth of the searches
        runs.append(("core", [max(1, count // 10) for count in counts], True))
    numbers: dict[str, float] = {}
    for mode, run_counts, explaining in runs:
        report = run_child(mode, pack_dir, index_dir, queries, run_counts, explaining)
        if reports is not None:
            reports.append(report)
        if not explaining:
            numbers |= {f"{mode}_{key}": value for key, value in numbers_of(report).items()}
    return numbers


def print_report(report: dict) -> None:
    traced = "open_by_file" in report
    print(f"\n{report['mode']}{' (traced: tracemalloc inflates RSS)' if traced else ''}")
    print(f"  {'point':<28} {'VmRSS':>7} {'anon':>7} {'file':>7} {'objects':>9}")
    for p in report["points"]:
        print(f"  {p['point']:<28} {p['VmRSS']:7.1f} {p['RssAnon']:7.1f} {p['RssFile']:7.1f} {p['objects']:9d}")
    print("  files counting most in RSS at the end (MB): "
          + ", ".join(f"{name} {mb:.1f}" for name, mb in report["mapped_files"]))
    if traced:
        print("  Python allocations when open, by file (MB):")
        for name, mb in report["open_by_file"]:
            print(f"    {mb:7.2f}  {name}")
        print("  growth between the last two counts, by traceback (MB):")
        for where, mb, ours in report.get("growth_by_traceback", []):
            print(f"    {mb:+7.2f}  {where}  ({ours or 'no project frame'})")
        print(f"  {report['articles_hit']} distinct articles were hits; a cache of their plain texts"
              f" would hold {report['plain_text_mb_of_articles_hit']:.1f} MB")
        threads = report["new_threads"]
        print(f"  a search from a new thread: +{threads['rss_growth_per_thread_mb']:.2f} MB RSS per thread"
              f" (over {threads['threads']}), first search median {threads['first_search_median_ms']:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--workdir", type=Path, default=Path(".bench"), help="pack, index and queries kept here")
    parser.add_argument("--searches", default="1000,10000", help="counts at which memory is read")
    parser.add_argument("--modes", default="core,window")
    parser.add_argument("--explain", action="store_true", help="add a traced run: where the memory goes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", choices=("core", "window"), help=argparse.SUPPRESS)
    parser.add_argument("--pack", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.searches.split(",")]

    if args.child:
        report = measure_process(args.child, args.pack, args.index, args.queries_file, counts, args.explain)
        print(MARKER + json.dumps(report))
        return 0

    from bench.scale import machine

    reports: list[dict] = []
    started = time.perf_counter()
    numbers = measure(args.articles, args.workdir, tuple(counts), tuple(args.modes.split(",")), args.explain,
                      args.seed, reports)
    for report in reports:
        print_report(report)
    print(f"\n{args.articles} articles; searches through services.search (limit 50, snippets made) or the"
          f" window's search box, after {WARMUP} warm-up; {time.perf_counter() - started:.0f} s")
    width = max(map(len, numbers))
    for key, value in numbers.items():
        print(f"{key:<{width}}  {value:8.1f}")
    print("\n".join(machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
