"""The Whoosh analyzer over ``viewer.textfold``'s terms.

Whoosh pickles the analyzer into the index, so the class here must keep this import path
(``viewer.analysis``).
"""
from __future__ import annotations

from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer

from viewer.textfold import normalize, terms


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
