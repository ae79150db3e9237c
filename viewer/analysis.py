"""Whoosh's side of ``viewer.textfold``'s terms: the tokenizer, the text field and the codec.

Whoosh pickles all three into the index, so the classes here must keep this import path
(``viewer.analysis``).
"""
from __future__ import annotations

from collections import Counter
from itertools import chain
from operator import sub

from viewer import leanwhoosh  # noqa: F401,I001 - before Whoosh: see its docstring
from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter
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
    Building an index (``viewer.segment_writer``) takes :meth:`term_texts` and counts them per
    term when writing. Queries and key-term extraction still go through the analyzer.
    """

    def __init__(self, every_char: bool = False):
        super().__init__(analyzer=analyzer(every_char), phrase=False)
        self.every_char = every_char

    def term_texts(self, value: str) -> list[str]:
        """The field's terms in ``value``, each as often as it occurs."""
        return term_texts(value, self.every_char)

    def index(self, value, **kwargs):
        counts = Counter(self.term_texts(value))
        return [(text.encode("utf-8"), count, float(count), pack_uint(count)) for text, count in counts.items()]


class BulkReadCodec(W3Codec):
    """Whoosh's codec set up for :mod:`viewer.ranking`, which reads whole posting lists.

    No per-block length statistics: they serve Whoosh's block-skipping collector, which is not
    used, and looking up every posting's document length was a fifth of the build time.
    Blocks of 512 postings instead of 128 and zlib level 1 instead of 3: fewer blocks to
    write and to decode, for a slightly smaller index (7.9 MB instead of 9.0 at 10k). Blocks
    of fewer than ``COMPRESS_FROM`` postings are not compressed (see ``SlicePostingsWriter``).
    """

    length_stats = False

    def __init__(self, blocklimit: int = 512):
        super().__init__(blocklimit=blocklimit, compression=1)

    def field_writer(self, storage, segment):
        return TermFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return SlicePostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                   compression=self._compression, inlinelimit=self._inlinelimit)


class TermFieldWriter(W3FieldWriter):
    """Whoosh's field writer, also fed a term's postings at a time (``add_terms``).

    Whoosh's ``add_postings`` takes one Python call per posting, at the several layers from
    the pool's tuples down to the block buffer; ``viewer.segment_writer`` has the postings
    grouped per term already.
    """

    def add_terms(self, schema, terms) -> None:
        """Write ``(fieldname, term bytes, docnums, weights, values)`` parts in field and term
        order, as ``add_postings`` would write the same postings one at a time. A term may come
        in several consecutive parts, each holding later documents than the one before."""
        field_name = term = None
        for part_field, part_term, docnums, weights, values in terms:
            if part_field != field_name:
                if term is not None:
                    self.finish_term()
                if field_name is not None:
                    self.finish_field()
                self.start_field(part_field, schema[part_field])
                field_name, term = part_field, None
            if part_term != term:
                if term is not None:
                    self.finish_term()
                self.start_term(part_term)
                term = part_term
            self._postwriter.add_postings(docnums, weights, values)
        if term is not None:
            self.finish_term()
        if field_name is not None:
            self.finish_field()


COMPRESS_FROM = 8  # postings in a block


class SlicePostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, also fed many postings at once, with C-level block encoding.

    Writes Whoosh's blocks, except that one of fewer than ``COMPRESS_FROM`` postings is left
    uncompressed (its header says so, and Whoosh's reader follows it): zlib makes such a block
    no smaller, a single posting 4 bytes larger, and costs about 25 µs a call here, mostly
    setting up its tables; four blocks in five of a 10,000-article index hold one posting.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._level = self._compression

    def _write_block(self, last=False):
        self._compression = self._level if len(self._ids) >= COMPRESS_FROM else 0
        super()._write_block(last)

    def add_postings(self, docnums, weights, values) -> None:
        """``add_posting`` for each posting in turn (no field lengths: ``length_stats`` is off)."""
        start, count = 0, len(docnums)
        while start < count:
            if len(self._ids) >= self._blocklimit:
                self._write_block()
            end = start + self._blocklimit - len(self._ids)
            block_weights = weights[start:end]
            self._ids.extend(docnums[start:end])
            self._weights.extend(block_weights)
            self._values.extend(filter(None, values[start:end]))  # Whoosh keeps only non-empty values
            self._maxweight = max(self._maxweight, max(block_weights))
            start = end

    def _mini_ids(self):
        if self._byteids:
            return tuple(self._ids)
        return tuple(map(sub, self._ids, chain((0,), self._ids)))  # delta_encode

    def _mini_weights(self):
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)
