"""Whoosh's side of ``viewer.textfold``'s terms: the tokenizer, the text field and the codec.

Whoosh pickles all three into the index, so the classes here must keep this import path
(``viewer.analysis``).
"""
from __future__ import annotations

from collections import Counter

from viewer import leanwhoosh  # noqa: F401,I001 - before Whoosh: see its docstring
from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT
from whoosh.system import pack_uint

from viewer.textfold import normalize, term_texts, terms


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


class BigramText(TEXT):
    """A TEXT field that counts :func:`term_texts` itself when indexing.

    Whoosh's generic path runs every term through the tokenizer's Token and a Python
    frequency loop; counting plain strings with ``Counter`` gives the same postings (term,
    frequency, weight = frequency, the frequency packed as the value) in a fraction of the time.
    Queries and key-term extraction still go through the analyzer.
    """

    def __init__(self, every_char: bool = False):
        super().__init__(analyzer=analyzer(every_char), phrase=False)
        self.every_char = every_char

    def index(self, value, **kwargs):
        counts = Counter(term_texts(value, self.every_char))
        return [(text.encode("utf-8"), count, float(count), pack_uint(count)) for text, count in counts.items()]


class BulkReadCodec(W3Codec):
    """Whoosh's codec set up for :mod:`viewer.ranking`, which reads whole posting lists.

    No per-block length statistics: they serve Whoosh's block-skipping collector, which is not
    used, and looking up every posting's document length was a fifth of the build time.
    Blocks of 512 postings instead of 128 and zlib level 1 instead of 3: fewer blocks to
    write and to decode, for a slightly smaller index (7.9 MB instead of 9.0 at 10k).
    """

    length_stats = False

    def __init__(self):
        super().__init__(blocklimit=512, compression=1)
