"""How text is folded and split into terms: shared by indexing, querying, snippets and
highlighting. No Whoosh here, so reading and rendering start without loading it; the Whoosh
tokenizer over these terms is in ``viewer.analysis``. Changing what ``terms`` emits means
bumping ``ANALYSIS_VERSION`` so that existing indexes are seen as stale and rebuilt.

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


ANALYSIS_VERSION = 2

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")


@cache
def _traditional_to_simplified() -> tuple[str, str]:
    """Character table derived from OpenCC's TSCharacters (Apache-2.0, see tables/): the
    traditional characters and, at the same positions, their simplified forms. Two strings
    instead of a dict: 0.7 MB less, and each character is looked up once (``_FoldTable``)."""
    text = resources.files("viewer").joinpath("tables/t2s.tsv").read_text(encoding="utf-8")
    pairs = (line.partition("\t") for line in text.splitlines())
    single = [(traditional, simplified) for traditional, _, simplified in pairs
              if len(traditional) == 1 and len(simplified) == 1]
    return "".join(t for t, _ in single), "".join(s for _, s in single)


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
        traditional, simplified = _traditional_to_simplified()
        position = traditional.find(folded)
        if position >= 0:
            folded = simplified[position]
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


def term_texts(text: str, every_char: bool = False) -> list[str]:
    """The texts of :func:`terms` (same multiset, other order), without offsets.

    Indexing needs only which terms occur how often; building a ``Term`` per term was most
    of the analysis time of a 10,000-article build.
    """
    found: list[str] = []
    for match in _TOKEN_RE.finditer(normalize(text)):
        run = match.group()
        if match.lastgroup == "word":
            found.append(run)
            continue
        found.extend([run[i : i + 2] for i in range(len(run) - 1)])
        found.extend(run if every_char else run[-1])
    return found


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


