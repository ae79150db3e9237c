"""Building, finding and opening the Whoosh index of a content pack.

An index folder holds Whoosh's files plus ``partnerhelp-index.json``: the fingerprint of the
pack it was built from, the analysis and schema versions, and the size and SHA-256 of every
index file, so a stale or damaged index is noticed without trusting Whoosh to fail loudly.
Indexes are built in a temporary sibling folder and renamed into place, so a crash while
building never leaves a half-written index where a good one is expected.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from viewer import analysis, markdown, paths
from viewer.content import load_pack, pack_fingerprint
from viewer.model import Pack

SCHEMA_VERSION = 2
MANIFEST = "partnerhelp-index.json"
TOPIC_SEPARATOR = " › "


def make_schema() -> Schema:
    """One document per article, two text fields, no positions.

    Every posting costs Whoosh Python work when building and searching, so there are only two
    fields (title with keywords, boosted; body with the topic path) and no phrase positions
    (nothing here searches phrases). Articles themselves come from the pack.
    """
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analysis.analyzer(every_char=True), phrase=False),
        body=TEXT(analyzer=analysis.analyzer(), phrase=False),
        topic_id=ID(stored=True),
    )


@dataclass(frozen=True)
class Manifest:
    pack_fingerprint: str
    pack_name: str
    pack_version: str
    articles: int
    files: dict[str, dict[str, object]]
    analysis_version: int = analysis.ANALYSIS_VERSION
    schema_version: int = SCHEMA_VERSION
    built_at: float = 0.0

    @classmethod
    def read(cls, index_dir: Path) -> Manifest | None:
        try:
            data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError):
            return None

    def write(self, index_dir: Path) -> None:
        (index_dir / MANIFEST).write_text(json.dumps(self.__dict__, indent=1), encoding="utf-8")


def _file_digests(index_dir: Path) -> dict[str, dict[str, object]]:
    digests = {}
    for path in sorted(index_dir.iterdir()):
        if path.is_file() and path.name != MANIFEST and not path.name.endswith(".lock"):
            digests[path.name] = {"size": path.stat().st_size,
                                  "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    return digests


def index_problem(index_dir: Path, fingerprint: str, *, verify_hashes: bool = False) -> str | None:
    """Why ``index_dir`` cannot serve a pack with ``fingerprint`` (None when it can)."""
    manifest = Manifest.read(index_dir)
    if manifest is None:
        return "no index there" if not index_dir.exists() else "index manifest missing or unreadable"
    if manifest.pack_fingerprint != fingerprint:
        return "index was built from different content"
    if (manifest.analysis_version, manifest.schema_version) != (analysis.ANALYSIS_VERSION, SCHEMA_VERSION):
        return "index was built by another version of PartnerHelp"
    for name, expected in manifest.files.items():
        path = index_dir / name
        if not path.is_file() or path.stat().st_size != expected["size"]:
            return f"index file {name} is missing or has the wrong size"
        if verify_hashes and hashlib.sha256(path.read_bytes()).hexdigest() != expected["sha256"]:
            return f"index file {name} is damaged"
    return None


def article_document(pack: Pack, article_id: str) -> dict[str, str]:
    article = pack.articles[article_id]
    topic_titles = pack.topic_path_titles(article.topic)
    return {
        "id": article.id,
        "title": "\n".join([article.title, *article.keywords]),
        "body": "\n".join([*topic_titles, markdown.to_plain_text(article.body)]),
        "topic_id": article.topic,
    }


def build_index(pack: Pack, fingerprint: str, out_dir: Path,
                progress: Callable[[int, int], None] | None = None) -> Manifest:
    """Write a fresh index of ``pack`` to ``out_dir``, replacing what was there only on success."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    building = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        ix = whoosh_index.create_in(building, make_schema())
        writer = ix.writer(limitmb=256, compound=False)
        total = len(pack.articles)
        for done, article_id in enumerate(pack.articles, 1):
            writer.add_document(**article_document(pack, article_id))
            if progress is not None:
                progress(done, total)
        writer.commit(optimize=True)
        ix.close()
        manifest = Manifest(fingerprint, pack.info.name, pack.info.version, len(pack.articles),
                            _file_digests(building), built_at=time.time())
        manifest.write(building)
        _replace_dir(building, out_dir)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return manifest


def _replace_dir(new: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def open_index(index_dir: Path) -> whoosh_index.Index:
    """Open read-only: a packaged app's index lives in a folder the user cannot write to."""
    return FileStorage(str(index_dir), readonly=True).open_index()


def cached_index_dir(fingerprint: str) -> Path:
    return paths.index_cache_dir() / fingerprint[:16]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def ensure_index(pack_dir: Path, pack: Pack | None = None, index_dir: Path | None = None,
                 log: Callable[[str], None] = _stderr) -> Path:
    """The folder of an index that matches the pack, building one when there is none.

    With ``index_dir`` given, that folder is used (and rebuilt there if stale). Otherwise the
    bundled prebuilt index is used if it matches, else a matching one in the user cache, else
    one is built into the user cache.
    """
    fingerprint = pack_fingerprint(pack_dir)
    if index_dir is not None:
        candidates = [Path(index_dir)]
    else:
        candidates = [paths.bundled_index_dir(), cached_index_dir(fingerprint)]
    for candidate in candidates:
        if index_problem(candidate, fingerprint) is None:
            return candidate
    target = candidates[-1]
    reason = index_problem(target, fingerprint)
    log(f"Building the search index in {target} ({reason}) …")
    started = time.perf_counter()
    manifest = build_index(pack or load_pack(pack_dir), fingerprint, target)
    log(f"Indexed {manifest.articles} articles in {time.perf_counter() - started:.1f} s.")
    return target
