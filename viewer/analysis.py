"""Chinese-aware text analysis shared by indexing, querying, snippets and highlighting.

Whoosh pickles the analyzer into the index, so the classes here must keep this import path
(``viewer.analysis``); changing what they emit means bumping ``ANALYSIS_VERSION`` so that
existing indexes are seen as stale and rebuilt.

CJK text is indexed as overlapping character bigrams: any two-character word inside a sentence
is found without a dictionary (jieba would cost ~0.75 s and ~150 MB at start-up). The last
character of every CJK run is also emitted on its own (a one-character run is a word by
itself); short fields (titles) emit every character, so a one-character query is a plain term
lookup there instead of a prefix over hundreds of bigrams. Latin words, acronyms and numbers
are whole lower-cased tokens.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Iterator

from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer

ANALYSIS_VERSION = 2

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")


@cache
def _traditional_to_simplified() -> dict[str, str]:
    """Character table derived from OpenCC's TSCharacters (Apache-2.0, see tables/)."""
    text = resources.files("viewer").joinpath("tables/t2s.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        traditional, _, simplified = line.partition("\t")
        if len(traditional) == 1 and len(simplified) == 1:
            table[traditional] = simplified
    return table


class _FoldTable(dict):
    """A ``str.translate`` table computed per character on first use.

    Every character maps to exactly one character, so offsets in normalised text are offsets
    in the original: snippets and highlights can be cut from the text the user sees.
    """

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        folded = unicodedata.normalize("NFKC", char).casefold()
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        folded = _traditional_to_simplified().get(folded, folded)
        self[codepoint] = folded
        return folded


_FOLD = _FoldTable()


def normalize(text: str) -> str:
    """Full-width to half-width, case-folded, traditional to simplified; same length as input."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Term:
    """One index term and where it came from in the (original) text."""

    text: str
    start: int
    end: int
    kind: str  # "bigram", "char" (a CJK run's single last/only character) or "word"


def terms(text: str, every_char: bool = False) -> Iterator[Term]:
    """The terms the index stores for ``text``, with character offsets.

    ``every_char`` also emits each CJK character on its own (for short fields).
    """
    folded = normalize(text)
    for match in _TOKEN_RE.finditer(folded):
        start, run = match.start(), match.group()
        if match.lastgroup == "word":
            yield Term(run, start, match.end(), "word")
            continue
        for i in range(len(run) - 1):
            if every_char:
                yield Term(run[i], start + i, start + i + 1, "char")
            yield Term(run[i : i + 2], start + i, start + i + 2, "bigram")
        yield Term(run[-1], start + len(run) - 1, start + len(run), "char")


@dataclass(frozen=True)
class QueryPart:
    """A unit of a user's query: a bigram, a lone CJK character, or a Latin word."""

    text: str
    kind: str  # "bigram", "char" or "word"


def query_parts(text: str) -> list[QueryPart]:
    """Split a query the way the index was split, without the index-only trailing characters.

    A CJK run of one character stays a ``char`` (answered by prefix); longer runs give bigrams.
    Duplicates are dropped, first occurrence kept.
    """
    parts: list[QueryPart] = []
    seen: set[str] = set()
    for match in _TOKEN_RE.finditer(normalize(text)):
        run = match.group()
        if match.lastgroup == "word":
            found = [QueryPart(run, "word")]
        elif len(run) == 1:
            found = [QueryPart(run, "char")]
        else:
            found = [QueryPart(run[i : i + 2], "bigram") for i in range(len(run) - 1)]
        for part in found:
            if part.text not in seen:
                seen.add(part.text)
                parts.append(part)
    return parts


class CjkBigramTokenizer(Tokenizer):
    """Whoosh tokenizer over :func:`terms`. Keep this class at this import path."""

    def __init__(self, every_char: bool = False):
        self.every_char = every_char

    def __eq__(self, other: object) -> bool:
        return self.__class__ is other.__class__ and self.every_char == other.every_char

    def __hash__(self) -> int:
        return hash((self.__class__, self.every_char))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = normalize(value)
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for pos, term in enumerate(terms(value, self.every_char), start_pos):
            token.text = term.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[term.start : term.end]
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + term.start, start_char + term.end
            yield token


def analyzer(every_char: bool = False) -> CompositeAnalyzer:
    """The analyzer of the index's text fields (``every_char`` for short ones)."""
    return CompositeAnalyzer(CjkBigramTokenizer(every_char))
