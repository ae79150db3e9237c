"""A Whoosh segment writer that groups the text fields' postings per term as documents come in.

Whoosh's ``SegmentWriter`` sends every posting through Python calls at each step: a tuple into
its pool, a sort of all of them, then one by one into the field and postings writers. For a
10,000-article pack that is 1.3 million postings and most of the build time. Documents are
added in document-number order, so a term's postings collected in arrival order are already
sorted: here they are appended to per-term lists with C-level loops, and written a term and a
block at a time. The files are those Whoosh's ``SegmentWriter`` writes with the same codec,
byte for byte (a test compares them).
"""
from __future__ import annotations

import heapq
from array import array
from collections import Counter, defaultdict, deque
from itertools import groupby, repeat
from operator import itemgetter

from viewer import leanwhoosh  # noqa: F401,I001 - before Whoosh: see its docstring
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from viewer.analysis import BigramText, BulkReadCodec

_consume = deque(maxlen=0).extend  # runs a C-level iterator for its side effects
_field_and_term = itemgetter(0, 1)


class _TermPostings:
    """One field's postings: term -> the number of each document it occurs in, once per
    occurrence (so the lists are also the frequencies, counted when written)."""

    def __init__(self):
        self.by_term: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, docnum: int, terms: list[str]) -> None:
        _consume(map(list.append, map(self.by_term.__getitem__, terms), repeat(docnum)))

    def parts(self, fieldname: str):
        """``TermFieldWriter.add_terms`` parts in term order, as ``BigramText.index`` postings:
        weight = frequency, value = the frequency packed."""
        for tbytes, occurrences in sorted((term.encode("utf-8"), docs) for term, docs in self.by_term.items()):
            frequencies = Counter(occurrences)  # keeps the documents' ascending order
            counts = frequencies.values()
            yield (fieldname, tbytes, array("I", frequencies), array("f", counts), list(map(pack_uint, counts)))


class GroupingSegmentWriter(SegmentWriter):
    """``SegmentWriter`` that keeps ``BigramText`` postings per term instead of in the pool.

    Other fields' postings, and those of segments merged in at commit (which get higher
    document numbers than the added documents), still go through Whoosh's pool; the two are
    merged term by term when the segment is written. ``add_document`` handles what this
    schema uses: no boosts, ``_stored_`` values, vectors, columns or spelling.
    """

    def __init__(self, ix, codec: BulkReadCodec | None = None, **kwargs):
        super().__init__(ix, codec=codec or BulkReadCodec(), **kwargs)
        unsupported = [name for name, field in self.schema.items()
                       if field.vector or field.column_type or field.separate_spelling()]
        if unsupported:
            raise ValueError(f"fields {unsupported} need Whoosh's own SegmentWriter")
        self._grouped: defaultdict[str, _TermPostings] = defaultdict(_TermPostings)

    def add_document(self, **fields) -> None:
        self._check_state()
        docnum = self.docnum
        per_document = self.perdocwriter
        per_document.start_doc(docnum)
        for fieldname in sorted(fields):
            field, value = self.schema[fieldname], fields[fieldname]
            if value is None:
                continue
            length = 0
            if isinstance(field, BigramText):
                terms = field.term_texts(value)
                self._grouped[fieldname].add(docnum, terms)
                length = len(terms)
            elif field.indexed:
                for tbytes, frequency, weight, vbytes in field.index(value):
                    self.pool.add((fieldname, tbytes, docnum, weight, vbytes))
                    if field.scorable:
                        length += frequency
            per_document.add_field(fieldname, field, value if field.stored else None, length)
        per_document.finish_doc()
        self._added = True
        self.docnum += 1

    def _pool_parts(self):
        for (fieldname, tbytes), postings in groupby(self.pool.iter_postings(), key=_field_and_term):
            _, _, docnums, weights, values = zip(*postings)
            yield fieldname, tbytes, docnums, weights, values

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        grouped = [self._grouped[name].parts(name) for name in sorted(self._grouped)]
        # heapq.merge keeps equal keys in input order: the added documents' part first
        self.fieldwriter.add_terms(self.schema, heapq.merge(*grouped, self._pool_parts(), key=_field_and_term))
        self.fieldwriter.close()
