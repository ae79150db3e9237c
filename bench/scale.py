"""Search at scale: Whoosh index build, size and query latency on a synthetic pack, next to SQLite FTS5.

    python -m bench.scale [--articles 10000] [--queries 300] [--workdir DIR] [--keep]
                          [--generator PATH] [--seed 1] [--profile N]

The pack comes from ``../shared/tools/make_scale_pack.py`` (real FAQ sentences recombined).
FTS5 gets exactly the terms our analyzer produces (space-joined), so the comparison is of the
engines, not of tokenisation. With ``--workdir DIR`` (e.g. ``.bench``) the generated pack is
kept as DIR/pack-N and reused by later runs; indexes are always rebuilt, as build time is
one of the measurements.
"""
from __future__ import annotations

import argparse
import dataclasses
import cProfile
import hashlib
import math
import os
import platform
import pstats
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import whoosh

from viewer import markdown, textfold
from viewer.content import load_pack, pack_fingerprint
from viewer.indexing import article_document, build_index
from viewer.model import Pack
from viewer.search import FIELD_BOOSTS, MAX_QUERY_PARTS, SearchEngine

DEFAULT_GENERATOR = Path(__file__).resolve().parents[2] / "shared" / "tools" / "make_scale_pack.py"
WARMUP = 20
FTS_COLUMNS = ("title", "body")  # the fields of indexing.article_document
LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]+")


# -- pack ---------------------------------------------------------------------------------


def find_generator(override: Path | None) -> Path:
    """The shared pack generator; a clear exit when the shared folder is not next to the repo."""
    path = (override or DEFAULT_GENERATOR).resolve()
    if not path.is_file():
        sys.exit(f"bench.scale: pack generator not found at {path}\n"
                 "  It lives in the shared folder next to the repository (../shared/tools/);"
                 " pass --generator PATH to point at it.")
    return path


def ensure_pack(generator: Path, articles: int, folder: Path) -> tuple[Path, bool]:
    """A pack of ``articles`` at ``folder``, generated unless a complete one from the same generator is there.

    The stamp file is written last, so a run interrupted while generating is never reused.
    """
    stamp_text = f"{articles}\n{hashlib.sha256(generator.read_bytes()).hexdigest()}\n"
    stamp = folder / ".bench-complete"
    if stamp.is_file() and stamp.read_text() == stamp_text:
        return folder, True
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, str(generator), str(articles), str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench.scale: the pack generator failed:\n{done.stderr or done.stdout}")
    stamp.write_text(stamp_text)
    return folder, False


def dir_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# -- queries ------------------------------------------------------------------------------


def plain_texts(pack: Pack) -> dict[str, str]:
    return {aid: markdown.to_plain_text(a.body) for aid, a in pack.articles.items()}


def _cut(rnd: random.Random, text: str, low: int, high: int) -> str:
    """A substring of ``text`` at a random place, with whitespace runs made single spaces."""
    length = rnd.randint(low, high)
    start = rnd.randrange(max(1, len(text) - length + 1))
    return " ".join(text[start:start + length].split())


def make_queries(pack: Pack, plain: dict[str, str], count: int, seed: int) -> tuple[list[str], Counter]:
    """Deterministic, realistic queries: what a user would copy or type from the content.

    Mostly 1–8 character cuts of titles and bodies (partial words and punctuation included, as
    users paste them), a share of Latin acronyms/words found in the text weighted by how often
    they occur, and a few two-word queries. Cuts without a letter or digit are skipped.
    """
    rnd = random.Random(seed)
    ids = sorted(pack.articles)
    latin = Counter(w for aid in ids
                    for text in (pack.articles[aid].title, plain[aid], *pack.articles[aid].keywords)
                    for w in LATIN_RE.findall(text))
    words = sorted(latin)
    weights = [latin[w] for w in words]
    queries: list[str] = []
    kinds: Counter = Counter()
    while len(queries) < count:
        article_id = rnd.choice(ids)
        title, body = pack.articles[article_id].title, plain[article_id]
        roll = rnd.random()
        if roll < 0.15 and words:
            kind, query = "latin word", rnd.choices(words, weights)[0]
        elif roll < 0.23:
            first = _cut(rnd, body, 2, 4)
            second = rnd.choices(words, weights)[0] if words and rnd.random() < 0.3 else _cut(rnd, body, 2, 4)
            kind, query = "two words", f"{first} {second}"
        else:
            kind, query = "cut", _cut(rnd, title if rnd.random() < 0.3 else body, 1, 8)
        if not any(ch.isalnum() for ch in query):
            kinds["skipped (no letter/digit)"] += 1
            continue
        kinds[kind] += 1
        queries.append(query)
    return queries, kinds


# -- SQLite FTS5 --------------------------------------------------------------------------


def analysed(text: str, every_char: bool = False) -> str:
    """The text as our analyzer's terms, space-joined: FTS5 then indexes exactly those terms."""
    return " ".join(t.text for t in textfold.terms(text, every_char))


class Fts5:
    """An FTS5 table over the analyzer's terms, queried like SearchEngine queries Whoosh.

    unicode61 splits on spaces and punctuation only and treats CJK as token characters, so a
    bigram such as 代金 stays one token (checked against FTS5's own vocabulary after the
    build). Display titles live in a plain table, since the FTS columns hold terms.
    """

    # bm25() takes one weight per declared column, UNINDEXED ones included: id gets 0.
    SQL = ("SELECT d.id, d.title, h.s FROM"
           f" (SELECT rowid, bm25(fts, 0.0, {', '.join(str(FIELD_BOOSTS[c]) for c in FTS_COLUMNS)}) AS s"
           "   FROM fts WHERE fts MATCH ? ORDER BY s LIMIT ?) AS h"
           " JOIN docs AS d ON d.rowid = h.rowid ORDER BY h.s")

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path)
        self.terms: set[str] = set()

    def build(self, pack: Pack) -> None:
        """Same fields as indexing.article_document, including the Markdown-to-text step."""
        db = self.db
        db.execute("CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT, title TEXT)")
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body,"
                   " tokenize = 'unicode61 remove_diacritics 0')")
        with db:
            for rowid, article in enumerate(pack.articles.values(), 1):
                document = article_document(pack, article.id)
                columns = [analysed(document["title"], every_char=True), analysed(document["body"])]
                for column in columns:
                    self.terms.update(column.split())
                db.execute("INSERT INTO docs VALUES (?, ?, ?)", (rowid, article.id, article.title))
                db.execute("INSERT INTO fts (rowid, id, title, body) VALUES (?, ?, ?, ?)",
                           (rowid, article.id, *columns))
            db.execute("INSERT INTO fts (fts) VALUES ('optimize')")  # Whoosh is built with optimize=True
        db.execute("VACUUM")

    def check_tokenizer(self) -> str:
        """Whether FTS5's vocabulary is exactly our terms; fails loudly if not."""
        self.db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, 'row')")
        vocab = {row[0] for row in self.db.execute("SELECT term FROM temp.vocab")}
        if vocab != self.terms:
            extra, missing = sorted(vocab - self.terms)[:5], sorted(self.terms - vocab)[:5]
            raise SystemExit(f"bench.scale: FTS5 splits terms differently: only FTS5 {extra}, only ours {missing}")
        bigram = next(t for t in sorted(self.terms) if len(t) == 2 and all("\u4e00" <= c <= "\u9fff" for c in t))
        found = self.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (f'"{bigram}"',)).fetchone()[0]
        if not found:
            raise SystemExit(f"bench.scale: FTS5 MATCH on the bigram {bigram} found nothing")
        return f"FTS5 vocabulary == analyzer terms ({len(vocab)} distinct); MATCH \"{bigram}\" → {found} rows"

    @staticmethod
    def match_expression(text: str) -> str | None:
        """The query's parts as quoted FTS5 strings, OR-ed; never an FTS5 syntax error.

        Mirrors SearchEngine: a lone CJK character is a term, a trailing Latin word (2+ letters)
        also a prefix. Synonyms and miswrite expansion are not mirrored (the synthetic pack
        has no synonyms).
        """
        parts = textfold.query_parts(text)[:MAX_QUERY_PARTS]
        if not parts:
            return None
        last_word = parts[-1] if parts[-1].kind == "word" and len(parts[-1].text) >= 2 else None
        return " OR ".join('"' + p.text.replace('"', '""') + '"' + ("*" if p is last_word else "")
                           for p in parts)

    def search(self, text: str, limit: int = 10) -> list[tuple[str, str, float]] | None:
        """(id, title, score) of the best ``limit`` hits; None when the query has no terms."""
        expression = self.match_expression(text)
        if expression is None:
            return None
        return self.db.execute(self.SQL, (expression, limit)).fetchall()

    def close(self) -> None:
        self.db.close()


# -- measuring ----------------------------------------------------------------------------


def timed(fn: Callable, queries: list[str]) -> tuple[list[float], list]:
    """Wall milliseconds of ``fn(q)`` per query, and what it returned."""
    times, results = [], []
    for query in queries:
        started = time.perf_counter()
        result = fn(query)
        times.append((time.perf_counter() - started) * 1000)
        results.append(result)
    return times, results


def incremental_rebuild(pack: Pack, index_dir: Path, out_dir: Path) -> float:
    """Seconds to re-index after one article's body changed (the index is copied and updated)."""
    first = next(iter(pack.articles.values()))
    edited = dict(pack.articles)
    edited[first.id] = dataclasses.replace(first, body=first.body + "\n\n补充一句。")
    changed = dataclasses.replace(pack, articles=edited)
    started = time.perf_counter()
    manifest = build_index(changed, "edited", out_dir, previous=index_dir)
    elapsed = time.perf_counter() - started
    if manifest.reanalysed != 1:
        raise SystemExit(f"bench.scale: expected 1 article re-analysed, got {manifest.reanalysed}")
    return elapsed


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: an actually observed latency."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [f"machine : {platform.platform()}",
            f"cpu     : {cpu}, {os.cpu_count()} cores ({usable} usable)",
            f"python  : {platform.python_version()}, Whoosh {whoosh.versionstring()}, SQLite {sqlite3.sqlite_version}"]


def memory() -> str:
    rss = "?"
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = f"{int(line.split()[1]) / 1024:.0f} MB"
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return f"memory  : VmRSS {rss} at the end, ru_maxrss {peak:.0f} MB (pack + both indexes in one process)"


def table(rows: list[tuple[str, float | str | None, float | str | None, str]]) -> str:
    """metric | whoosh | fts5 | whoosh/fts5, aligned; floats printed with their row's format."""
    def cell(value, fmt):
        if value is None:
            return "-"
        return value if isinstance(value, str) else format(value, fmt)

    lines = [("metric", "whoosh", "fts5", "ratio")]
    for name, ours, theirs, fmt in rows:
        ratio = "-"
        if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and theirs:
            ratio = f"{ours / theirs:.2f}x"
        lines.append((name, cell(ours, fmt), cell(theirs, fmt), ratio))
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    out = []
    for n, line in enumerate(lines):
        out.append(f"{line[0]:<{widths[0]}} | " + " | ".join(f"{v:>{w}}" for v, w in zip(line[1:], widths[1:])))
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def profile(engine: SearchEngine, queries: list[str], top: int = 10) -> None:
    """Where Whoosh-side search time goes (top entries by cumulative time)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        engine.search(query, limit=10)
    profiler.disable()
    print(f"\ncProfile of {len(queries)} SearchEngine.search calls, top {top} by cumulative time:")
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(top)


# -- one run ------------------------------------------------------------------------------


@dataclasses.dataclass
class ScaleRun:
    """What one run measured; ``rows`` is the printed table's content."""

    articles: int
    whoosh_build_s: float
    fts_build_s: float
    incremental_s: float
    whoosh_ms: list[float]
    fts_ms: list[float]
    rows: list[tuple[str, float | str | None, float | str | None, str]]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.whoosh_ms)

    @property
    def fts_median_ms(self) -> float:
        return statistics.median(self.fts_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.whoosh_ms, 95)


def measure(pack_dir: Path, run_dir: Path, query_count: int = 300, seed: int = 1,
            log: Callable[[str], None] = print, profile_queries: int = 0) -> ScaleRun:
    """Build both indexes of the pack in ``run_dir`` and time the same queries on each."""
    started = time.perf_counter()
    pack = load_pack(pack_dir)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    fingerprint = pack_fingerprint(pack_dir)
    fingerprint_s = time.perf_counter() - started
    log(f"load    : {len(pack.articles)} articles, {len(pack.topics)} topics;"
        f" load_pack {load_s:.2f} s, pack_fingerprint {fingerprint_s:.3f} s")

    index_dir = run_dir / "index"
    started = time.perf_counter()
    build_index(pack, fingerprint, index_dir)
    whoosh_build_s = time.perf_counter() - started
    whoosh_mb = dir_size_mb(index_dir)
    log(f"whoosh  : built in {whoosh_build_s:.2f} s, {whoosh_mb:.1f} MB on disk")
    incremental_s = incremental_rebuild(pack, index_dir, run_dir / "index-edited")
    shutil.rmtree(run_dir / "index-edited", ignore_errors=True)
    log(f"          one article edited: incremental rebuild {incremental_s:.2f} s")

    fts = Fts5(run_dir / "fts5.sqlite3")
    engine = None
    try:
        started = time.perf_counter()
        fts.build(pack)
        fts_build_s = time.perf_counter() - started
        fts_mb = fts.path.stat().st_size / 1e6
        log(f"fts5    : built in {fts_build_s:.2f} s, {fts_mb:.1f} MB on disk; {fts.check_tokenizer()}")

        queries, kinds = make_queries(pack, plain_texts(pack), WARMUP + query_count, seed)
        warmup, queries = queries[:WARMUP], queries[WARMUP:]
        log(f"queries : {len(queries)} timed after {len(warmup)} warm-up; seed {seed}; "
            + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        log(f"          e.g. {' | '.join(repr(q) for q in queries[:8])}")

        engine = SearchEngine(pack, index_dir)
        timed(lambda q: engine.search(q, limit=10), warmup)
        whoosh_ms, whoosh_results = timed(lambda q: engine.search(q, limit=10), queries)
        took_ms = [r.took_ms for r in whoosh_results]

        timed(fts.search, warmup)
        fts_ms, fts_results = timed(fts.search, queries)
        if profile_queries:
            profile(engine, queries[:profile_queries])
    finally:
        if engine is not None:
            engine.close()
        fts.close()
    answered = [(w, f) for w, f in zip(whoosh_results, fts_results) if f is not None]
    skipped = len(queries) - len(answered)
    fts_answered_ms = [t for t, f in zip(fts_ms, fts_results) if f is not None]
    overlap = statistics.fmean(len({h.id for h in w.hits} & {row[0] for row in f}) / max(1, len(w.hits))
                               for w, f in answered) if answered else 0.0
    same_top = sum(bool(w.hits) and bool(f) and w.hits[0].id == f[0][0] for w, f in answered)
    rows = [
        ("build (s)", whoosh_build_s, fts_build_s, ".2f"),
        ("size on disk (MB)", whoosh_mb, fts_mb, ".1f"),
        ("rebuild, 1 article edited (s)", incremental_s, None, ".2f"),
        ("query median (ms)", statistics.median(whoosh_ms), statistics.median(fts_ms), ".2f"),
        ("query p95 (ms)", percentile(whoosh_ms, 95), percentile(fts_ms, 95), ".2f"),
        ("query max (ms)", max(whoosh_ms), max(fts_ms), ".2f"),
        ("query mean (ms)", statistics.fmean(whoosh_ms), statistics.fmean(fts_ms), ".2f"),
        ("engine took_ms median", statistics.median(took_ms), None, ".2f"),
        ("queries timed", str(len(queries)), str(len(queries)), ""),
        ("skipped, no terms", "0", str(skipped), ""),
        ("mean hits / query", statistics.fmean(len(r.hits) for r in whoosh_results),
         statistics.fmean(len(f) for f in fts_results if f is not None) if answered else None, ".2f"),
        ("same top hit as whoosh", None, f"{same_top}/{len(answered)}", ""),
        ("top-10 overlap with whoosh", None, f"{overlap:.2f}", ""),
    ]
    if skipped:  # FTS5's skipped queries cost ~nothing: also compare on the rest only
        rows.insert(3, ("median, queries with terms (ms)",
                        statistics.median([t for t, f in zip(whoosh_ms, fts_results) if f is not None]),
                        statistics.median(fts_answered_ms) if fts_answered_ms else None, ".2f"))
    return ScaleRun(len(pack.articles), whoosh_build_s, fts_build_s, incremental_s, whoosh_ms, fts_ms, rows)


def prepare_pack(articles: int, workdir: Path | None, generator: Path | None = None,
                 log: Callable[[str], None] = print) -> tuple[Path, Path]:
    """(pack folder, fresh run folder): the pack kept in ``workdir`` for reuse when given."""
    generator = find_generator(generator)
    if workdir is not None:
        root = workdir.resolve()
        root.mkdir(parents=True, exist_ok=True)
        run_dir = Path(tempfile.mkdtemp(prefix=f"run-{articles}-", dir=root))
        pack_dir = root / f"pack-{articles}"
    else:
        run_dir = Path(tempfile.mkdtemp(prefix="partnerhelp-scale-"))
        pack_dir = run_dir / "pack"
    started = time.perf_counter()
    pack_dir, cached = ensure_pack(generator, articles, pack_dir)
    generate_s = time.perf_counter() - started
    log(f"pack    : {pack_dir} ({'cached' if cached else f'generated in {generate_s:.1f} s'},"
        f" {dir_size_mb(pack_dir):.1f} MB of YAML)")
    return pack_dir, run_dir


# -- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--workdir", type=Path, help="keep the generated pack here (as pack-N) for later runs")
    parser.add_argument("--keep", action="store_true", help="keep the indexes (and the temp pack)")
    parser.add_argument("--generator", type=Path, help=f"pack generator (default {DEFAULT_GENERATOR})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the query set")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile N Whoosh searches")
    args = parser.parse_args(argv)
    pack_dir, run_dir = prepare_pack(args.articles, args.workdir, args.generator)
    try:
        run = measure(pack_dir, run_dir, args.queries, args.seed, profile_queries=args.profile)
        print(f"\n{args.articles} articles, limit=10\n{table(run.rows)}")
        print("returns : whoosh = Hit(article, topic path, BM25F score, lazy snippet with highlight spans);"
              "\n          fts5   = (id, title, bm25 score) via a join on a docs table; no snippet")
        print("\n".join(machine()))
        print(memory())
    finally:
        if args.keep:
            print(f"kept    : {run_dir}" + (f" and {pack_dir}" if args.workdir else ""))
        else:
            shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
