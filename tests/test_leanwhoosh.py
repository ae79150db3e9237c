"""Whoosh is imported without the packages it would load and never use here.

Each check runs in a fresh interpreter: in this one, Whoosh may have been imported already.
"""
import subprocess
import sys
import textwrap

UNUSED = ("asyncio", "urllib.request", "ssl", "http.client", "email", "cached_property", "hashlib", "_hashlib")


def run_fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_searching_and_indexing_load_none_of_whooshs_unused_imports():
    assert run_fresh(f"""
        import sys, viewer.search, viewer.indexing, viewer.cli
        print([m for m in {UNUSED!r} if m in sys.modules])
    """) == "[]"


def test_whoosh_works_with_the_stand_ins_and_they_are_gone_afterwards(tmp_path):
    assert run_fresh(f"""
        import functools, sys
        from viewer import leanwhoosh
        from whoosh import fields, index, query, reading

        ix = index.create_in({str(tmp_path)!r}, fields.Schema(id=fields.ID(stored=True)))
        with ix.writer() as writer:
            for name in ("a", "b", "c"):
                writer.add_document(id=name)
        with ix.writer() as writer:
            writer.delete_by_term("id", "b")
        with ix.reader() as reader:  # deleted_docs_set is the cached property
            deleted = sorted(reader.deleted_docs_set)
        assert type(reading.SegmentReader.__dict__["deleted_docs_set"]) is functools.cached_property
        with ix.searcher() as searcher:  # looks "a" up in the term table, hashed with MD5
            found = [hit["id"] for hit in searcher.search(query.Term("id", "a"))]
        assert not {{"cached_property", "urllib.request", "hashlib"}} & set(sys.modules)
        import hashlib, urllib.request
        print(deleted, found, callable(urllib.request.urlopen), callable(hashlib.sha512))
    """) == "[1] ['a'] True True"
