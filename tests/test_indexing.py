import json
import os
import stat

import pytest

from conftest import BUNDLED_PACK
from viewer import paths
from viewer.content import pack_fingerprint
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
