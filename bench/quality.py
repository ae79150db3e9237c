"""Search quality on the hand-written query set: R@1, R@5 and MRR, overall and by kind.

    python -m bench.quality [--content DIR] [--queries FILE] [--misses]

The query set (tests/search_queries.yaml) was written from a user's point of view, not tuned
to the engine; tests/test_search_quality.py asserts the same numbers stay above the bar.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from viewer import paths
from viewer.content import load_pack, pack_fingerprint
from viewer.indexing import build_index
from viewer.search import SearchEngine

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "search_queries.yaml"


@dataclass
class Scores:
    count: int = 0
    at1: int = 0
    at5: int = 0
    reciprocal: float = 0.0
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def add(self, query: str, expect: str, ranked: list[str]) -> None:
        self.count += 1
        rank = ranked.index(expect) + 1 if expect in ranked else None
        self.at1 += rank == 1
        self.at5 += rank is not None and rank <= 5
        self.reciprocal += 1 / rank if rank else 0.0
        if rank != 1:
            self.misses.append((query, expect, ranked[:3]))

    def row(self, name: str) -> str:
        n = max(self.count, 1)
        return f"{name:<12} {self.count:>4} {self.at1 / n:>6.3f} {self.at5 / n:>6.3f} {self.reciprocal / n:>6.3f}"

    @property
    def r_at_1(self) -> float:
        return self.at1 / max(self.count, 1)

    @property
    def r_at_5(self) -> float:
        return self.at5 / max(self.count, 1)

    @property
    def mrr(self) -> float:
        return self.reciprocal / max(self.count, 1)


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(engine: SearchEngine, queries: list[dict]) -> dict[str, Scores]:
    """Scores per query kind, plus 'all'."""
    scores: dict[str, Scores] = defaultdict(Scores)
    for item in queries:
        ranked = [hit.id for hit in engine.search(item["query"], limit=10).hits]
        for key in ("all", item.get("kind", "other")):
            scores[key].add(item["query"], item["expect"], ranked)
    return dict(scores)


def engine_for(pack_dir: Path, index_dir: Path) -> SearchEngine:
    pack = load_pack(pack_dir)
    build_index(pack, pack_fingerprint(pack_dir), index_dir)
    return SearchEngine(pack, index_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=paths.bundled_pack_dir())
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--misses", action="store_true", help="list the queries not ranked first")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = engine_for(args.content, Path(tmp) / "index")
        try:
            scores = evaluate(engine, load_queries(args.queries))
        finally:
            engine.close()
    print(f"{'kind':<12} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    for name in ["all"] + sorted(k for k in scores if k != "all"):
        print(scores[name].row(name))
    if args.misses:
        for query, expect, top in scores["all"].misses:
            print(f"miss: {query!r} expected {expect}, got {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
