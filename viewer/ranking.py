"""BM25F top-k over the Whoosh index's postings, a block at a time.

Whoosh's own collector walks every matching document through a tree of Python matcher
objects (about 10 µs per document and query term): at 10,000 articles a query of common
words took 70–120 ms. The scores are sums (per query term, per field) of BM25, so the same
ranking can be had by decoding each term's postings a whole block at a time and adding them up
in an array indexed by document: about 0.1 µs per posting. Scores equal Whoosh's BM25F (tests
compare them on the same index).

Two things keep long posting lists (common words) from costing much:

- MaxScore: clauses are added up from the one with the highest possible score down. Once the
  clauses left could not lift a document none of the earlier ones matched above the
  ``limit``-th score so far, the rest is only looked up for the documents already found,
  reading just the blocks that hold them (a block's header says its last document).
- Decoded postings and document frequencies of the last few queries are kept in small caches
  shared by threads: search-as-you-type repeats the same terms keystroke after keystroke.

This reads Whoosh 2.7's W3 codec blocks directly (``whoosh-reloaded`` is pinned exactly).
"""
from __future__ import annotations

import heapq
import math
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict, deque
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, repeat
from typing import Any, Callable, Hashable, Iterable, Iterator

from viewer import leanwhoosh  # noqa: F401,I001 - before Whoosh: see its docstring
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

# Sized for search-as-you-type (the last few queries' terms), not for a hit rate across
# unrelated queries: at 10k articles 150,000 postings and 2,048 frequencies made the median
# 0.3 ms faster (0.8 against 1.1 ms; SQLite FTS5 takes 1.7), but filling and churning them
# held 2.5 MB more and kept memory growing for 4,000 searches (bench/memory.py).
CACHE_POSTINGS = 20_000  # decoded postings kept (12 bytes each, plus ~60 per term)
CACHE_FREQUENCIES = 256  # document frequencies kept (an uncached one costs 6 µs)


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
    """One term's documents (global numbers, ascending) and its BM25 score in each."""

    docs: array
    scores: array

    @cached_property
    def best(self) -> float:
        return max(self.scores, default=0.0)

    def score_of(self, doc: int) -> float:
        i = bisect_left(self.docs, doc)
        return self.scores[i] if i < len(self.docs) and self.docs[i] == doc else 0.0


@dataclass
class _Source:
    """A clause ready to be added up: its boost, a bound on its unboosted score, and its
    postings if decoded (a single term's are decoded only if it is added up in full)."""

    factor: float
    bound: float
    field: str
    term: str
    postings: _Postings | None

    @property
    def weight(self) -> float:
        return self.factor * self.bound


class Ranker:
    """Scores documents for a list of clauses; one per index, safe to share between threads."""

    def __init__(self, searcher: Searcher, fields: Iterable[str]):
        """Reads every document's field lengths now (0.2 s at 100,000 articles), so that the
        first search does not pay for it."""
        weighting = searcher.weighting
        self._b, self._k1 = weighting.B, weighting.K1
        self._documents = searcher.doc_count_all()
        self._norms = {field: self._length_norms(searcher, field) for field in fields}
        self._shortest = {field: min(norms, default=self._k1) for field, norms in self._norms.items()}
        self._postings_cache = BoundedCache(CACHE_POSTINGS, cost=lambda postings: len(postings.docs) + 5)
        self._frequencies = BoundedCache(CACHE_FREQUENCIES)

    def top(self, searcher: Searcher, clauses: Iterable[Clause], limit: int,
            allowed: frozenset[int] | None = None) -> list[tuple[int, float]]:
        """The best ``limit`` (docnum, score), best first; equal scores in docnum order as in Whoosh."""
        sources = [source for clause in clauses if (source := self._source(searcher, clause)).bound > 0]
        sources.sort(key=lambda source: source.weight, reverse=True)
        total_bound = remaining = sum(source.weight for source in sources)
        totals = _Totals(self._documents)
        candidates = None
        for position, source in enumerate(sources):
            if total_bound - remaining > remaining:  # a total so far may exceed what is left
                threshold = totals.kth_score(limit, allowed)
                if remaining < threshold:
                    candidates = self._finish_candidates(searcher, totals, sources[position:], remaining,
                                                         threshold, allowed)
                    break
            if source.postings is None:
                source.postings = self._postings(searcher, source.field, source.term)
            totals.add(source.factor, source.postings)
            remaining -= source.weight
        if candidates is None:
            candidates = totals.touched(allowed)
        score_of = totals.scores.__getitem__
        best = heapq.nlargest(limit, candidates, key=score_of)
        return sorted(zip(best, map(score_of, best)), key=lambda item: (-item[1], item[0]))

    def _source(self, searcher: Searcher, clause: Clause) -> _Source:
        field = clause.field
        if len(clause.terms) > 1:
            postings = self._best_of(searcher, field, clause.terms)
            return _Source(clause.boost, postings.best, field, "", postings)
        term = clause.terms[0]
        postings = self._postings_cache.get((field, term))
        if postings is not None:
            return _Source(clause.boost, postings.best, field, term, postings)
        return _Source(clause.boost, self._bound(searcher, field, term), field, term, None)

    def _bound(self, searcher: Searcher, field: str, term: str) -> float:
        """The highest score ``term`` can have, from its highest frequency and the shortest field."""
        if not self.document_frequency(searcher, field, term):
            return 0.0
        frequency = max(leaf.reader().term_info(field, term).max_weight()
                        for leaf, _ in searcher.leaf_searchers() if (field, term) in leaf.reader())
        return self._bm25(self._idf(searcher, field, term), frequency, self._shortest[field])

    def _idf(self, searcher: Searcher, field: str, term: str) -> float:
        """Whoosh's BM25 idf, from the bounded frequency cache: ``Searcher.idf`` keeps every
        term ever asked for in a dict of its own, which grew with every new query."""
        return math.log(self._documents / (self.document_frequency(searcher, field, term) + 1)) + 1

    def _bm25(self, idf: float, frequency: float, norm: float) -> float:
        return idf * (self._k1 + 1) * frequency / (frequency + norm)

    def _best_of(self, searcher: Searcher, field: str, terms: Iterable[str]) -> _Postings:
        best = _Totals(self._documents)
        for term in terms:
            best.keep_best(self._postings(searcher, field, term))
        docs = array("i", sorted(best.touched()))
        return _Postings(docs, array("d", map(best.scores.__getitem__, docs)))

    def _finish_candidates(self, searcher: Searcher, totals: _Totals, rest: list[_Source],
                           remaining: float, threshold: float,
                           allowed: frozenset[int] | None) -> list[int]:
        """The documents that can still reach ``threshold``, with the ``rest`` of their scores
        added to ``totals``."""
        scores = totals.scores
        candidates = [doc for doc in totals.touched(allowed) if scores[doc] + remaining >= threshold]
        wanted = sorted(candidates)
        for source in rest:
            if source.postings is not None:
                found = ((doc, source.postings.score_of(doc)) for doc in wanted)
            else:
                found = self._lookup(searcher, source.field, source.term, wanted)
            for doc, score in found:
                scores[doc] += source.factor * score
        return candidates

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
        idf_k = self._idf(searcher, field, term) * (self._k1 + 1)
        norms = self._norms[field]
        for reader, offset, deleted in _leaves(searcher):
            for block_ids, frequencies in _blocks(reader, field, term):
                block = [(local + offset, f) for local, f in zip(block_ids, frequencies)
                         if local not in deleted]
                docs.extend([doc for doc, _ in block])
                scores.extend([idf_k * f / (f + norms[doc]) for doc, f in block])
        return _Postings(docs, scores)

    def _lookup(self, searcher: Searcher, field: str, term: str,
                wanted: list[int]) -> Iterator[tuple[int, float]]:
        """(doc, score) of the ``wanted`` documents (ascending) that have ``term``, decoding
        only the blocks that may hold one of them."""
        idf = self._idf(searcher, field, term)
        norms = self._norms[field]
        for reader, offset, deleted in _leaves(searcher):
            inside = wanted[bisect_left(wanted, offset):bisect_left(wanted, offset + reader.doc_count_all())]
            local = [doc - offset for doc in inside]
            for block_ids, frequencies in _blocks(reader, field, term, local):
                for doc, frequency in zip(block_ids, frequencies):
                    if doc not in deleted:
                        yield doc + offset, self._bm25(idf, frequency, norms[doc + offset])

    def _length_norms(self, searcher: Searcher, field: str) -> array:
        """BM25's length part per document, ``K1 * (1 - B + B * length / average)``."""
        average = searcher.avg_field_length(field) or 1
        k1, b = self._k1, self._b
        norms = array("d")
        for reader, _, _ in _leaves(searcher):
            lengths = (reader.doc_field_length(doc, field, 1) or 0 for doc in range(reader.doc_count_all()))
            norms.extend(k1 * (1 - b + b * length / average) for length in lengths)
        return norms


def _leaves(searcher: Searcher) -> Iterator[tuple[Any, int, frozenset[int]]]:
    """(segment reader, its first global document number, its deleted local numbers)."""
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        yield reader, offset, reader.deleted_docs_set if reader.has_deletions() else frozenset()


class _Totals:
    """Scores being added up for one query: an array indexed by document number, and the
    documents touched, in the order first touched.

    Not a dict: a common word touches thousands of documents, and a dict holding an int and a
    float object for each was most of a search's short-lived memory. At 10k articles the
    worst query's peak fell from 1.9 to 1.2 MB (the 99th percentile from 0.8 to 0.4 MB), and
    the window held 0.5 MB less after 1,000 searches, at the same speed. Every posting's score
    is above 0, so a score of 0 means "not touched yet".
    """

    def __init__(self, documents: int):
        self.scores = array("d", [0.0]) * documents
        self._order = array("i")

    def add(self, factor: float, postings: _Postings) -> None:
        self._merge(postings, factor, keep_best=False)

    def keep_best(self, postings: _Postings) -> None:
        """Each document's score becomes the larger of its own and its score in ``postings``."""
        self._merge(postings, 1.0, keep_best=True)

    def _merge(self, postings: _Postings, factor: float, keep_best: bool) -> None:
        if not self._order:  # the first list at C speed
            self._order = array("i", postings.docs)
            _consume(map(self.scores.__setitem__, postings.docs, map(factor.__mul__, postings.scores)))
            return
        scores, touch = self.scores, self._order.append
        for doc, score in zip(postings.docs, postings.scores):  # the branch costs 1%
            old = scores[doc]
            if not old:
                touch(doc)
            if not keep_best:
                scores[doc] = old + factor * score
            elif score > old:
                scores[doc] = score

    def touched(self, allowed: frozenset[int] | None = None) -> Iterable[int]:
        return self._order if allowed is None else filter(allowed.__contains__, self._order)

    def kth_score(self, limit: int, allowed: frozenset[int] | None) -> float:
        """The ``limit``-th best total so far (0 while there are fewer)."""
        best = heapq.nlargest(limit, map(self.scores.__getitem__, self.touched(allowed)))
        return best[-1] if len(best) == limit else 0.0


def _consume(iterator: Iterator) -> None:
    """Run ``iterator`` to its end at C speed, keeping nothing."""
    deque(iterator, maxlen=0)


def _blocks(reader, field: str, term: str,
            wanted: list[int] | None = None) -> Iterator[tuple[Iterable[int], Iterable[float]]]:
    """(local document numbers, term frequencies) of each stored block of postings.

    With ``wanted`` (ascending local numbers), only the postings of those documents, from the
    blocks that can hold them. Mirrors W3LeafMatcher's block decoding (``_read_ids`` /
    ``_read_weights``) with C-level loops: ids are delta-encoded unless stored as bytes, and a
    block whose frequencies are all equal stores one number (or None for 1.0).
    """
    try:
        matcher = reader.postings(field, term)
    except TermNotFound:
        return
    leaf = getattr(matcher, "child", matcher)  # deletions wrap the codec's matcher
    if not isinstance(leaf, W3LeafMatcher):
        raise TypeError(f"unexpected Whoosh postings reader {type(leaf).__name__}")
    position = 0
    while leaf.is_active():
        if wanted is not None:
            if position == len(wanted):
                return
            if wanted[position] > leaf._maxid:  # the header says no wanted document is here
                leaf._next_block()
                continue
        leaf._read_data()
        ids, weights = leaf._data[0], leaf._data[1]
        if not leaf._byteids:
            ids = accumulate(ids)
        if weights is None or isinstance(weights, float):
            weights = repeat(1.0 if weights is None else weights)
        if wanted is None:
            yield ids, weights
        else:
            frequency_of = dict(zip(ids, weights))
            end = bisect_left(wanted, leaf._maxid + 1, position)
            found = [doc for doc in wanted[position:end] if doc in frequency_of]
            yield found, map(frequency_of.__getitem__, found)
            position = end
        leaf._next_block()


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
