"""The Qt-free search API used by the command line, the GUI, the tests and the benchmarks.

Queries are split like the index (bigrams, lone characters, Latin words), expanded with the
pack's synonyms and with common miswrites, OR-ed and ranked with BM25F: on Chinese text
Whoosh's default AND loses about twenty points of R@1, because a paraphrase rarely shares
every bigram with the answer.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from typing import Iterator

from viewer import leanwhoosh  # noqa: F401,I001 - before Whoosh: see its docstring
from whoosh import query as wq
from whoosh.searching import Searcher

from viewer import markdown, textfold
from viewer.indexing import TOPIC_SEPARATOR, IndexDamaged, ensure_index, open_index, set_aside
from viewer.model import Article, Pack
from viewer.ranking import Clause, Ranker

FIELD_BOOSTS = {"title": 2.0, "body": 1.0}
SYNONYM_BOOST = 0.7
MISWRITE_BOOST = 0.9
MAX_QUERY_PARTS = 64  # a pasted page of text still answers quickly
SNIPPET_WIDTH = 80
RELATED_MIN_SHARE, RELATED_TERMS = 0.5, 12
MAX_COMPLETIONS = 64  # words a typed prefix stands for
PLAIN_TEXTS_KEPT = 512  # about 1 MB of answers as plain text
COMMON_SHARE, COMMON_BOOST, COMMON_MIN_DOCS = 0.3, 0.3, 10
COMMON_DROP_MIN_DOCS, COMMON_KEEP = 500, 2

# Characters users commonly type for the one the content uses (same sound or shape).
MISWRITES = {"卷": "券", "帐": "账", "陆": "录"}
# Spoken ways of asking that the help text writes formally (如何使用 for 怎么用).
QUESTION_WORDS = {"怎么用": "如何使用", "怎样用": "如何使用", "怎么": "如何", "怎样": "如何", "咋": "如何"}


@dataclass(frozen=True)
class Snippet:
    """A short excerpt of an answer; ``spans`` are [start, end) offsets of matched text in it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "【", after: str = "】") -> str:
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def to_json(self) -> dict:
        return {"text": self.text, "spans": [list(span) for span in self.spans]}


@dataclass(frozen=True)
class _Needles:
    """What a query matches in text: whole terms, and prefixes (lone characters, last word)."""

    exact: frozenset[str]
    prefixes: frozenset[str]

    def matches(self, term: str) -> int:
        """How many characters of ``term`` to mark (0: none)."""
        if term in self.exact:
            return len(term)
        for prefix in self.prefixes:
            if term.startswith(prefix):
                return len(prefix)
        return 0

    @cached_property
    def first_characters(self) -> str:
        """Where a matched term can begin: at a needle's first character."""
        return "".join(sorted({needle[0] for needle in self.exact | self.prefixes if needle}))


@dataclass(frozen=True)
class Hit:
    """One result. Snippet and highlights are made on first use: a list shows a few rows."""

    article: Article
    topic_path: tuple[str, ...]
    score: float
    needles: _Needles = field(repr=False)

    @cached_property
    def body_text(self) -> str:
        """The answer as plain text (made when first shown: most hits never are)."""
        return plain_text(self.article.body)

    @cached_property
    def snippet(self) -> Snippet:
        return make_snippet(self.body_text, self.needles)

    @cached_property
    def highlights(self) -> tuple[str, ...]:
        """The matched words as they appear in title and body, for marking the page."""
        return matched_words(f"{self.article.title}\n{self.body_text}", self.needles)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def title(self) -> str:
        return self.article.title

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "topic": TOPIC_SEPARATOR.join(self.topic_path),
                "score": round(self.score, 4), "snippet": self.snippet.to_json(), "body": self.body_text}


@dataclass(frozen=True)
class SearchResult:
    query: str
    took_ms: float
    hits: tuple[Hit, ...]
    terms: tuple[str, ...] = ()  # what was searched for after expansion, for highlighting

    def to_json(self) -> dict:
        return {"query": self.query, "took_ms": round(self.took_ms, 3),
                "hits": [hit.to_json() for hit in self.hits]}


class SearchEngine:
    """Searches one pack through its index. Safe to use from several threads.

    A Whoosh searcher used by two threads at once returns wrong results and crashes, so each
    search borrows one from a pool and gives it back: there are never more searchers (and
    their open files) than searches that ran at the same time, however many threads come
    and go.
    """

    def __init__(self, pack: Pack, index_dir: Path):
        self.pack = pack
        self._index = open_index(Path(index_dir))
        searcher = self._index.searcher()
        try:
            self._ranker = Ranker(searcher, FIELD_BOOSTS)
        except BaseException:
            searcher.close()
            raise
        self._idle: list[Searcher] = [searcher]  # the first search need not open another
        self._opened: list[Searcher] = [searcher]
        self._lock = threading.Lock()
        self._synonyms = [tuple(textfold.normalize(t) for t in group) for group in pack.synonyms]

    @contextmanager
    def _searcher(self) -> Iterator[Searcher]:
        with self._lock:
            searcher = self._idle.pop() if self._idle else None
        if searcher is None:
            searcher = self._index.searcher()
            with self._lock:
                self._opened.append(searcher)
        try:
            yield searcher
        finally:
            with self._lock:
                self._idle.append(searcher)

    def close(self) -> None:
        with self._lock:
            for searcher in self._opened:
                searcher.close()
            self._opened.clear()
            self._idle.clear()
        self._index.close()

    # -- query building -------------------------------------------------------------------

    def _known(self, searcher: Searcher, term: str) -> bool:
        return any(self._ranker.document_frequency(searcher, field, term) for field in FIELD_BOOSTS)

    def _expand(self, searcher: Searcher, text: str) -> list[tuple[textfold.QueryPart, float]]:
        """The query's own parts, then synonyms of what it mentions, then miswrite fixes."""
        parts = [(part, 1.0) for part in textfold.query_parts(text)[:MAX_QUERY_PARTS]]
        seen = {part.text for part, _ in parts}
        folded = textfold.normalize(text)

        def add(extra: str, boost: float) -> None:
            for part in textfold.query_parts(extra):
                if part.text not in seen and len(seen) < 2 * MAX_QUERY_PARTS:
                    seen.add(part.text)
                    parts.append((part, boost))

        for group in self._synonyms:
            if any(term in folded for term in group):
                for term in group:
                    add(term, SYNONYM_BOOST)
        for spoken, written in QUESTION_WORDS.items():
            if spoken in folded:
                add(folded.replace(spoken, written), MISWRITE_BOOST)
                break
        for wrong, right in MISWRITES.items():
            suspects = [p.text for p, _ in parts if wrong in p.text]
            if suspects and not all(self._known(searcher, term) for term in suspects):
                add(folded.replace(wrong, right), MISWRITE_BOOST)
        return self._common_words(searcher, parts)

    def _common_words(self, searcher: Searcher, parts: list[tuple[textfold.QueryPart, float]]):
        """Words found in most answers (伙伴, 华为, 如何) say little about which one is meant.

        They weigh less; and in a large pack, where their long posting lists are most of the
        work of a search, they are left out when the query has rarer words (a query of common
        words only keeps its rarest two).
        """
        total = searcher.doc_count()
        frequency = {part.text: max(self._ranker.document_frequency(searcher, field, part.text)
                                    for field in FIELD_BOOSTS) for part, _ in parts}
        common = {text for text, count in frequency.items() if count > COMMON_SHARE * total}
        if total < COMMON_MIN_DOCS or not common:
            return parts
        if total >= COMMON_DROP_MIN_DOCS:
            rare = [(part, boost) for part, boost in parts if part.text not in common]
            return rare or sorted(parts, key=lambda item: frequency[item[0].text])[:COMMON_KEEP]
        return [(part, boost * COMMON_BOOST if part.text in common else boost) for part, boost in parts]

    def _clauses(self, searcher: Searcher, parts: list[tuple[textfold.QueryPart, float]],
                 last_word: textfold.QueryPart | None) -> list[Clause]:
        """Each part in both fields; the word being typed also stands for the words it begins
        (a lone CJK character is a term of its own in titles and at the end of a run in
        bodies, never a prefix)."""
        reader = searcher.reader()
        clauses = []
        for part, boost in parts:
            for field, weight in FIELD_BOOSTS.items():
                words = (part.text,)
                if part is last_word:
                    completions = islice(reader.expand_prefix(field, part.text), MAX_COMPLETIONS)
                    words = tuple(dict.fromkeys([part.text, *completions]))
                clauses.append(Clause(field, words, boost * weight))
        return clauses

    def _topic_docs(self, searcher: Searcher, topic_id: str | None) -> frozenset[int] | None:
        """Document numbers of the articles in a topic's subtree (None: no restriction)."""
        if not topic_id:
            return None
        wanted, stack = [], [topic_id]
        while stack:
            current = stack.pop()
            wanted.append(current)
            topic = self.pack.topics.get(current)
            stack.extend(topic.children if topic else ())
        return frozenset(searcher.docs_for_query(wq.Or([wq.Term("topic_id", t) for t in wanted])))

    # -- searching ------------------------------------------------------------------------

    def search(self, text: str, limit: int = 10, topic: str | None = None) -> SearchResult:
        """Ranked hits for ``text`` (any string at all), optionally within one topic's subtree."""
        started = time.perf_counter()
        with self._searcher() as searcher:
            return self._search(searcher, started, text, limit, topic)

    def _search(self, searcher: Searcher, started: float, text: str, limit: int,
                topic: str | None) -> SearchResult:
        parts = self._expand(searcher, text)
        if not parts or limit <= 0:
            return SearchResult(text, (time.perf_counter() - started) * 1000, ())
        own = [p for p, boost in parts if boost == 1.0]
        last_word = own[-1] if own and own[-1].kind == "word" and len(own[-1].text) >= 2 else None
        found = self._ranker.top(searcher, self._clauses(searcher, parts, last_word), limit,
                                 self._topic_docs(searcher, topic))
        needles = _Needles(
            frozenset(p.text for p, _ in parts if p.kind != "char" and p is not last_word),
            frozenset(p.text for p, _ in parts if p.kind == "char" or p is last_word),
        )
        hits = []
        for docnum, score in found:
            article = self.pack.articles.get(searcher.stored_fields(docnum)["id"])
            if article is None:  # index and pack disagree; the caller rebuilds on fingerprint
                continue
            hits.append(Hit(article, tuple(self.pack.topic_path_titles(article.topic)),
                            score, needles))
        took = (time.perf_counter() - started) * 1000
        return SearchResult(text, took, tuple(hits), tuple(p.text for p, _ in parts))

    def more_like(self, article_id: str, limit: int = 5) -> list[str]:
        """Ids of the articles that share the most distinctive terms with this one."""
        with self._searcher() as searcher:
            return self._more_like(searcher, article_id, limit)

    def _more_like(self, searcher: Searcher, article_id: str, limit: int) -> list[str]:
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return []
        article = self.pack.articles[article_id]
        text = f"{article.title}\n{plain_text(article.body)}"
        key_terms = searcher.key_terms_from_text("body", text, numterms=RELATED_TERMS)
        clauses = [Clause("body", (term,), weight) for term, weight in key_terms]
        found = [(doc, score) for doc, score in self._ranker.top(searcher, clauses, limit + 1)
                 if doc != docnum][:limit]
        if not found:
            return []
        floor = RELATED_MIN_SHARE * found[0][1]  # weak matches read as noise under an answer
        return [searcher.stored_fields(doc)["id"] for doc, score in found if score >= floor]


def open_engine(pack_dir: Path, pack: Pack, index_dir: Path | None = None, **ensure_options) -> SearchEngine:
    """A search engine on an intact index, building or rebuilding one as needed.

    ``ensure_index`` checks file hashes; should Whoosh still fail to open the index (its
    manifest can be intact while a file is not what Whoosh expects), the index is set aside
    and rebuilt once.
    """
    folder = ensure_index(pack_dir, pack, index_dir, **ensure_options)
    try:
        return SearchEngine(pack, folder)
    except IndexDamaged as exc:
        warn = ensure_options.get("warn") or ensure_options.get("log")
        moved = set_aside(folder)
        if warn:
            warn(f"The search index could not be opened ({exc}); "
                + (f"it was moved to {moved} and is rebuilt." if moved else "a new one is built."))
        return SearchEngine(pack, ensure_index(pack_dir, pack, index_dir, **ensure_options))


@lru_cache(maxsize=PLAIN_TEXTS_KEPT)
def plain_text(markdown_text: str) -> str:
    """An answer as plain text, for snippets. Search-as-you-type lists the same answers
    keystroke after keystroke, and making 50 snippets took longer than the search."""
    return markdown.to_plain_text(markdown_text)


def suggestions(query: str, pack: Pack, limit: int = 4) -> list[str]:
    """Other queries worth trying when one finds nothing: synonyms swapped in, single words."""
    folded = textfold.normalize(query).strip()
    found: list[str] = []
    for group in pack.synonyms:
        for term in group:
            if textfold.normalize(term) in folded:
                found += [folded.replace(textfold.normalize(term), other) for other in group if other != term]
    words = folded.split()
    if len(words) > 1:
        found += sorted(words, key=len, reverse=True)
    unique = list(dict.fromkeys(s for s in found if s and s != folded))
    return unique[:limit]


def _match_spans(text: str, needles: _Needles) -> list[tuple[int, int]]:
    """[start, end) of what ``needles`` match in ``text``, overlapping matches merged.

    Only the terms that begin at a needle's first character are looked at: a Term for every
    bigram of every hit's answer was most of the time a search-as-you-type request took, and
    the UI thread waits for the GIL while that Python runs (bench/responsiveness.py).
    """
    folded = textfold.normalize(text)
    spans: list[tuple[int, int]] = []
    for start in _positions(folded, needles.first_characters):
        term = _term_at(text, folded, start)
        length = needles.matches(term) if term else 0
        if not length:
            continue
        end = start + length
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _positions(text: str, characters: str) -> list[int]:
    """Where any of ``characters`` occurs in ``text``, ascending. Not a regular expression:
    ``re`` keeps the last 512 patterns compiled, one per query here, for nothing."""
    found = []
    for char in characters:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def _term_at(text: str, folded: str, start: int) -> str | None:
    """The term ``textfold.terms(text)`` has beginning at ``start``, if it has one there."""
    kind = _token_kind(text[start])
    if kind == "cjk":  # a bigram, or the last character of a run
        return folded[start:start + 2] if _token_kind(text[start + 1:start + 2]) == "cjk" else folded[start]
    if kind != "word" or (start and _token_kind(text[start - 1]) == "word"):
        return None  # not in a term, or inside a word
    end = start + 1
    while _token_kind(text[end:end + 1]) == "word":
        end += 1
    return folded[start:end]


@lru_cache(maxsize=None)  # one entry per character the answers use
def _token_kind(char: str) -> str | None:
    """"cjk", "word" or None (in no term): what ``textfold.terms`` makes of ``char``. Terms come
    from runs of characters of one kind, so the kinds say where a term begins and ends."""
    term = next(textfold.terms(char), None)
    return None if term is None else "word" if term.kind == "word" else "cjk"


def matched_words(text: str, needles: _Needles) -> tuple[str, ...]:
    """The distinct stretches of ``text`` a query matched, longest first."""
    found = {text[start:end] for start, end in _match_spans(text, needles)}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


def make_snippet(text: str, needles: _Needles, width: int = SNIPPET_WIDTH) -> Snippet:
    """The window of ``text`` with the most matched text in it, with the matches as spans."""
    flat = " ".join(text.split("\n"))  # same length: offsets stay valid
    spans = _match_spans(flat, needles)
    if len(flat) <= width:
        return Snippet(flat, tuple(spans))
    best_start, best_score = 0, -1
    for i, (start, _) in enumerate(spans):
        window_start = max(0, start - width // 5)
        score = sum(e - s for s, e in spans[i:] if e <= window_start + width)
        if score > best_score:
            best_start, best_score = window_start, score
    window_end = min(len(flat), best_start + width)
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if window_end < len(flat) else ""
    shift = len(prefix) - best_start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= best_start and e <= window_end)
    return Snippet(prefix + flat[best_start:window_end] + suffix, inside)
