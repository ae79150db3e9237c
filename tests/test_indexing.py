import json
import os
import stat

import pytest

from conftest import BUNDLED_PACK
from viewer import indexing, paths
from viewer.content import load_pack, pack_fingerprint
from viewer.indexing import (MANIFEST, Manifest, build_index, cached_index_dir, ensure_index,
                             index_problem, open_index)


def test_build_writes_separate_files_and_a_manifest(bundled_index, bundled_pack):
    manifest = Manifest.read(bundled_index)
    assert manifest.pack_fingerprint == pack_fingerprint(BUNDLED_PACK)
    assert manifest.articles == len(bundled_pack.articles)
    names = set(manifest.files)
    assert any(n.endswith(".toc") for n in names)
    assert not any(n.endswith(".seg") for n in names)  # compound=False: no all-in-one segment file
    assert index_problem(bundled_index, manifest.pack_fingerprint) is None
    assert not list(bundled_index.parent.glob(".*building*"))


def test_stale_and_damaged_indexes_are_noticed(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "f" * 64, out)
    assert index_problem(out, "0" * 64) == "index was built from different content"
    assert index_problem(tmp_path / "nothing", "f" * 64) == "no index there"
    victim = next(p for p in out.iterdir() if p.name != MANIFEST)
    victim.write_bytes(victim.read_bytes()[:-1])
    assert "wrong size" in index_problem(out, "f" * 64)
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    assert index_problem(out, "f" * 64) == "index manifest missing or unreadable"


def test_flipped_bytes_are_found_when_hashes_are_verified(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "f" * 64, out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    victim = out / max(manifest["files"], key=lambda name: manifest["files"][name]["size"])
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    assert index_problem(out, "f" * 64) is None  # same size
    assert "damaged" in index_problem(out, "f" * 64, verify_hashes=True)


def test_an_older_versions_index_is_rebuilt_as_old_not_reported_as_damaged(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "f" * 64, out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest.update(schema_version=3, article_hashes={"some-article": "0" * 32})  # version 3's layout
    for entry in manifest["files"].values():
        entry["sha256"] = entry.pop("crc32")
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert index_problem(out, "f" * 64, verify_hashes=True) == "index was built by another version of PartnerHelp"


def test_article_hashes_are_kept_apart_from_the_manifest(bundled_index, bundled_pack):
    assert "article_hashes" not in json.loads((bundled_index / MANIFEST).read_text(encoding="utf-8"))
    hashes = indexing.read_article_hashes(bundled_index)
    assert hashes == {a: indexing.article_hash(bundled_pack, a) for a in bundled_pack.articles}
    assert indexing.ARTICLE_HASHES in Manifest.read(bundled_index).files  # checked like the rest


def test_rebuilding_replaces_the_old_index(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "a" * 64, out)
    build_index(bundled_pack, "b" * 64, out)
    assert Manifest.read(out).pack_fingerprint == "b" * 64
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]


def test_ensure_index_builds_into_the_user_cache_once(capsys):
    first = ensure_index(BUNDLED_PACK)
    assert first == cached_index_dir(pack_fingerprint(BUNDLED_PACK))
    assert str(paths.user_cache_dir()) in str(first)
    assert "Building the search index" in capsys.readouterr().err
    assert ensure_index(BUNDLED_PACK) == first
    assert capsys.readouterr().err == ""


def test_ensure_index_prefers_a_matching_bundled_index(tmp_path, monkeypatch, bundled_index):
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: bundled_index)
    assert ensure_index(BUNDLED_PACK, log=pytest.fail) == bundled_index


def test_ensure_index_rebuilds_a_stale_explicit_index(tmp_path, bundled_pack, pack_copy):
    out = tmp_path / "ix"
    build_index(bundled_pack, "stale", out)
    messages = []
    assert ensure_index(pack_copy, index_dir=out, log=messages.append) == out
    assert "different content" in messages[0]
    assert Manifest.read(out).pack_fingerprint == pack_fingerprint(pack_copy)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_index_in_a_read_only_folder_opens(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "f" * 64, out)
    for path in [out, *out.iterdir()]:
        path.chmod(stat.S_IREAD | stat.S_IEXEC if path.is_dir() else stat.S_IREAD)
    try:
        ix = open_index(out)
        with ix.searcher() as searcher:
            assert searcher.doc_count() == len(bundled_pack.articles)
    finally:
        out.chmod(0o755)


def test_opening_never_writes(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "f" * 64, out)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    ix = open_index(out)
    with ix.searcher() as searcher:
        searcher.doc_count()
    ix.close()
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


# -- lifecycle: damaged indexes, incremental rebuilds, cancelling ---------------------------

from viewer.indexing import BuildCancelled, IndexDamaged  # noqa: E402
from viewer.search import SearchEngine, open_engine  # noqa: E402


def _cached_index(capsys):
    folder = ensure_index(BUNDLED_PACK)
    capsys.readouterr()
    return folder


def _largest_file(folder):
    return max((p for p in folder.iterdir() if p.name != MANIFEST), key=lambda p: p.stat().st_size)


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete_toc", "manifest"])
def test_a_damaged_index_is_set_aside_and_rebuilt(capsys, damage, bundled_pack):
    folder = _cached_index(capsys)
    if damage == "truncate":
        victim = _largest_file(folder)
        victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    elif damage == "flip":
        victim = _largest_file(folder)
        data = bytearray(victim.read_bytes())
        data[len(data) // 3] ^= 0x55
        victim.write_bytes(bytes(data))
    elif damage == "delete_toc":
        next(folder.glob("*.toc")).unlink()
    else:
        (folder / MANIFEST).write_text("{", encoding="utf-8")
    messages = []
    engine = open_engine(BUNDLED_PACK, bundled_pack, log=messages.append)
    try:
        assert engine.search("开票").hits[0].id == "invoice-sub-customers"
    finally:
        engine.close()
    assert "damaged" in messages[0] and "moved to" in messages[0]
    assert list(folder.parent.glob(f"{folder.name}.damaged-*"))  # kept, not deleted
    assert index_problem(folder, pack_fingerprint(BUNDLED_PACK), verify_hashes=True) is None


def test_whoosh_errors_on_open_become_index_damaged(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "f", out)
    next(out.glob("*.toc")).write_bytes(b"garbage")
    with pytest.raises(IndexDamaged):
        open_index(out)


def test_editing_one_article_reanalyses_only_that_one(tmp_path, pack_copy):
    first = ensure_index(pack_copy, log=lambda m: None)
    path = pack_copy / "articles" / "invoicing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("服务商需要向客户开票", "服务商需要向客户开具发票"),
                    encoding="utf-8")
    messages = []
    second = ensure_index(pack_copy, log=messages.append)
    assert second != first and not first.exists()  # the older version's cache is pruned
    manifest = Manifest.read(second)
    assert manifest.reanalysed == 1
    pack = load_pack(pack_copy)
    engine = open_engine(pack_copy, pack)
    try:
        assert engine.search("开具发票").hits[0].id == "invoice-sub-customers"
        assert len(engine.search("华为云", limit=50).hits) == len(engine.search("华为云", limit=50).hits)
        assert engine._index.doc_count() == len(pack.articles)
    finally:
        engine.close()


def test_removed_articles_leave_the_index(tmp_path, pack_copy):
    ensure_index(pack_copy, log=lambda m: None)
    (pack_copy / "articles" / "appendix.yaml").unlink()
    topics = pack_copy / "topics.yaml"
    folder = ensure_index(pack_copy, log=lambda m: None)
    pack = load_pack(pack_copy)
    engine = open_engine(pack_copy, pack, folder)
    try:
        assert engine._index.doc_count() == len(pack.articles)
        assert all(h.id in pack.articles for h in engine.search("OBS桶").hits)
    finally:
        engine.close()
    assert topics.exists()


def test_a_cancelled_build_changes_nothing(tmp_path, bundled_pack):
    out = tmp_path / "ix"
    build_index(bundled_pack, "old", out)
    with pytest.raises(BuildCancelled):
        build_index(bundled_pack, "new", out, progress=lambda done, total: done < 5)
    assert Manifest.read(out).pack_fingerprint == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]


def test_a_large_pack_is_written_in_segments_that_search_as_one(tmp_path, bundled_pack, bundled_index,
                                                                 monkeypatch):
    monkeypatch.setattr(indexing, "SEGMENT_ARTICLES", 7)
    seen = []
    build_index(bundled_pack, "x", tmp_path / "ix", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 20) for n in range(1, 21)]
    with open_index(tmp_path / "ix").searcher() as searcher:
        assert [leaf.doc_count() for leaf, _ in searcher.leaf_searchers()] == [7, 7, 6]
    segmented, single = SearchEngine(bundled_pack, tmp_path / "ix"), SearchEngine(bundled_pack, bundled_index)
    try:
        for query in ("代金券", "如何开票", "NRE", "xacc", "伙伴"):
            ours, reference = segmented.search(query).hits, single.search(query).hits
            assert [(h.id, round(h.score, 6)) for h in ours] == [(h.id, round(h.score, 6)) for h in reference]
    finally:
        segmented.close()
        single.close()


def test_cancelling_between_segments_changes_nothing(tmp_path, bundled_pack, monkeypatch):
    monkeypatch.setattr(indexing, "SEGMENT_ARTICLES", 7)
    with pytest.raises(BuildCancelled):
        build_index(bundled_pack, "new", tmp_path / "ix", progress=lambda done, total: done < 10)
    assert list(tmp_path.iterdir()) == []


def _segment_files(index_dir):
    """Each segment's files by extension, in the index's segment order, plus its deletions."""
    from whoosh import index as whoosh_index

    segments = whoosh_index.open_dir(str(index_dir))._read_toc().segments
    return [(sorted(segment.deleted_docs()),
             {path.name.split(segment.segid)[1]: path.read_bytes()
              for path in sorted(index_dir.iterdir()) if segment.segid in path.name})
            for segment in segments]


def test_grouped_postings_are_written_as_whooshs_own_writer_writes_them(tmp_path, bundled_pack, monkeypatch):
    """Byte for byte, over several segments, four-posting blocks (so long posting lists span
    blocks), and an update that deletes, edits and merges five segments into the new one."""
    import dataclasses

    from whoosh.writing import SegmentWriter

    from viewer.analysis import BulkReadCodec
    from viewer.segment_writer import GroupingSegmentWriter

    first, removed = list(bundled_pack.articles.values())[:2]
    articles = {a.id: a for a in bundled_pack.articles.values() if a is not removed}
    articles[first.id] = dataclasses.replace(first, body=first.body + "\n\n代金券如何开票？NRE")
    edited = dataclasses.replace(bundled_pack, articles=articles)
    monkeypatch.setattr(indexing, "SEGMENT_ARTICLES", 3)
    written = {}
    for writer in (SegmentWriter, GroupingSegmentWriter):
        monkeypatch.setattr(indexing, "GroupingSegmentWriter",
                            lambda ix, **kwargs: writer(ix, codec=BulkReadCodec(blocklimit=4), **kwargs))
        folder = tmp_path / writer.__name__
        build_index(bundled_pack, "v1", folder / "v1")
        build_index(edited, "v2", folder / "v2", previous=folder / "v1")
        written[writer] = [_segment_files(folder / "v1"), _segment_files(folder / "v2")]
    whole, updated = written[GroupingSegmentWriter]
    assert len(whole) == 7 and len(updated) == 3  # 2 untouched + 1 new, holding 5 merged
    assert written[GroupingSegmentWriter] == written[SegmentWriter]
