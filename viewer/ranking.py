"""BM25F top-k over the Whoosh index's postings, a block at a time.

Whoosh's own collector walks every matching document through a tree of Python matcher
objects (about 10 µs per document and query term): at 10,000 articles a query of common
words took 70–120 ms. The scores are sums (per query term, per field) of BM25, so the same
ranking can be had by decoding each term's postings a whole block at a time and adding them up
in a dict: about 0.1 µs per posting. Scores equal Whoosh's BM25F (tests compare them on the
same index). Decoded postings of long lists are kept in a small cache shared by threads,
because search-as-you-type repeats the same terms keystroke after keystroke.

This reads Whoosh 2.7's W3 codec blocks directly (``whoosh-reloaded`` is pinned exactly).
"""
from __future__ import annotations

import heapq
import threading
from operator import itemgetter
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Any, Callable, Hashable, Iterable, Iterator

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

CACHE_POSTINGS = 400_000  # decoded postings kept (about 12 bytes each, plus ~60 per term)
CACHE_FREQUENCIES = 50_000  # document frequencies kept (terms looked up by query building)


@dataclass(frozen=True)
class Clause:
    """Terms of one field whose best BM25 score in a document counts, times ``boost``.

    One term is the common case; several are the expansions of a prefix, where the best
    matching word counts once (typing "vouch" must not favour pages with many "v…" words).
    """

    field: str
    terms: tuple[str, ...]
    boost: float


@dataclass(frozen=True)
class _Postings:
    """One term's documents (global numbers) and its BM25 score in each (without boosts)."""

    docs: array
    scores: array


class Ranker:
    """Scores documents for a list of clauses; one per index, safe to share between threads."""

    def __init__(self, searcher: Searcher, fields: Iterable[str]):
        """Reads every document's field lengths now (0.2 s at 100,000 articles), so that the
        first search does not pay for it."""
        weighting = searcher.weighting
        self._b, self._k1 = weighting.B, weighting.K1
        self._norms = {field: self._length_norms(searcher, field) for field in fields}
        self._postings_cache = BoundedCache(CACHE_POSTINGS, cost=lambda postings: len(postings.docs) + 5)
        self._frequencies = BoundedCache(CACHE_FREQUENCIES)

    def top(self, searcher: Searcher, clauses: Iterable[Clause], limit: int,
            allowed: frozenset[int] | None = None) -> list[tuple[int, float]]:
        """The best ``limit`` (docnum, score), best first; ties go to the lower docnum as in Whoosh."""
        scored = [self._clause_scores(searcher, clause) for clause in clauses]
        scored.sort(key=len, reverse=True)
        totals: dict[int, float] = dict(scored[0]) if scored else {}  # the longest at C speed
        get = totals.get
        for scores in scored[1:]:
            for doc, score in scores:
                totals[doc] = get(doc, 0.0) + score
        if allowed is not None:
            totals = {doc: score for doc, score in totals.items() if doc in allowed}
        best = heapq.nlargest(limit, totals.items(), key=itemgetter(1))
        return sorted(best, key=lambda item: (-item[1], item[0]))

    def _clause_scores(self, searcher: Searcher, clause: Clause) -> list[tuple[int, float]]:
        """(docnum, boosted score) of every document the clause matches."""
        if len(clause.terms) > 1:
            return list(self._best_of(searcher, clause).items())
        postings = self._postings(searcher, clause.field, clause.terms[0])
        return list(zip(postings.docs, map(clause.boost.__mul__, postings.scores)))

    def _best_of(self, searcher: Searcher, clause: Clause) -> dict[int, float]:
        best: dict[int, float] = {}
        get = best.get
        for term in clause.terms:
            postings = self._postings(searcher, clause.field, term)
            for doc, score in zip(postings.docs, postings.scores):
                score *= clause.boost
                if score > get(doc, 0.0):
                    best[doc] = score
        return best

    # -- postings -------------------------------------------------------------------------

    def document_frequency(self, searcher: Searcher, field: str, term: str) -> int:
        """How many documents have ``term`` in ``field`` (asked for every query part)."""
        key = (field, term)
        found = self._frequencies.get(key)
        if found is None:
            found = self._frequencies.put(key, searcher.reader().doc_frequency(field, term))
        return found

    def _postings(self, searcher: Searcher, field: str, term: str) -> _Postings:
        key = (field, term)
        found = self._postings_cache.get(key)
        if found is None:
            found = self._postings_cache.put(key, self._decode(searcher, field, term))
        return found

    def _decode(self, searcher: Searcher, field: str, term: str) -> _Postings:
        """Every posting of ``term`` in ``field``, scored, reading whole blocks."""
        docs, scores = array("i"), array("d")
        idf_k = searcher.idf(field, term) * (self._k1 + 1)
        norms = self._norms[field]
        for leaf_searcher, offset in searcher.leaf_searchers():
            reader = leaf_searcher.reader()
            deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            for block_ids, frequencies in _blocks(reader, field, term):
                block = [(local + offset, f) for local, f in zip(block_ids, frequencies)
                         if local not in deleted]
                docs.extend([doc for doc, _ in block])
                scores.extend([idf_k * f / (f + norms[doc]) for doc, f in block])
        return _Postings(docs, scores)

    def _length_norms(self, searcher: Searcher, field: str) -> array:
        """BM25's length part per document, ``K1 * (1 - B + B * length / average)``."""
        average = searcher.avg_field_length(field) or 1
        k1, b = self._k1, self._b
        norms = array("d")
        for leaf_searcher, _ in searcher.leaf_searchers():
            reader = leaf_searcher.reader()
            lengths = (reader.doc_field_length(doc, field, 1) or 0 for doc in range(reader.doc_count_all()))
            norms.extend(k1 * (1 - b + b * length / average) for length in lengths)
        return norms


class BoundedCache:
    """A thread-safe least-recently-used cache holding at most ``budget`` (summed ``cost``)."""

    def __init__(self, budget: int, cost: Callable[[Any], int] = lambda value: 1):
        self.budget, self._cost = budget, cost
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.used = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> Any:
        """Keep ``value`` and return it; the value already kept if another thread was first."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                return kept
            self._entries[key] = value
            self.used += self._cost(value)
            while self.used > self.budget and len(self._entries) > 1:
                _, dropped = self._entries.popitem(last=False)
                self.used -= self._cost(dropped)
        return value

    def values(self) -> list[Any]:
        with self._lock:
            return list(self._entries.values())


def _blocks(reader, field: str, term: str) -> Iterator[tuple[Iterable[int], Iterable[float]]]:
    """(document numbers, term frequencies) of each stored block of postings.

    Mirrors W3LeafMatcher's block decoding (``_read_ids``/``_read_weights``) with C-level
    loops: ids are delta-encoded unless stored as bytes, and a block whose frequencies are all
    equal stores one number (or None for 1.0).
    """
    try:
        matcher = reader.postings(field, term)
    except TermNotFound:
        return
    leaf = getattr(matcher, "child", matcher)  # deletions wrap the codec's matcher
    if not isinstance(leaf, W3LeafMatcher):
        raise TypeError(f"unexpected Whoosh postings reader {type(leaf).__name__}")
    while leaf.is_active():
        leaf._read_data()
        ids, weights = leaf._data[0], leaf._data[1]
        if not leaf._byteids:
            ids = accumulate(ids)
        if weights is None or isinstance(weights, float):
            weights = repeat(1.0 if weights is None else weights)
        yield ids, weights
        leaf._next_block()
