"""Building, finding and opening the Whoosh index of a content pack.

An index folder holds Whoosh's files plus ``partnerhelp-index.json``: the fingerprint of the
pack it was built from, the analysis and schema versions, and the size and CRC-32 of every
index file, so a stale or damaged index is noticed without trusting Whoosh to fail loudly.
(CRC-32 is there to catch damage, not tampering. It checks 2.8 GB/s here with no OpenSSL,
whose libcrypto costs 3.7 MB of RSS; CPython's own SHA-256 checks 0.23 GB/s.) Each article's content
hash, needed only to update the index, is kept apart in ``partnerhelp-articles.json``, so that
checking the index at start-up does not parse 10,000 of them.
Indexes are built in a temporary sibling folder and renamed into place, so a crash while
building never leaves a half-written index where a good one is expected.
"""
from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import threading
import time
import warnings
import zlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Callable

from viewer import leanwhoosh  # noqa: F401,I001 - before Whoosh: see its docstring
from whoosh import index as whoosh_index
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage

from viewer import analysis, markdown, paths, textfold
from viewer.digest import sha256
from viewer.content import load_pack, pack_fingerprint
from viewer.model import Pack
from viewer.segment_writer import GroupingSegmentWriter

SCHEMA_VERSION = 4  # 4: CRC-32 per file, article hashes in their own file
# Articles per segment of a new index: a segment's postings are held in memory until it is
# written (about 16 MB per 10,000 articles), so a 100,000-article build never holds them all.
# (Whoosh's own pool past its limit, about 13,000 articles at 256 MB, pickled every posting to
# temporary files and back: a 100,000-article segment took 3.5 times as long as ten.)
SEGMENT_ARTICLES = 10_000
MANIFEST = "partnerhelp-index.json"
ARTICLE_HASHES = "partnerhelp-articles.json"
CHUNK = 1 << 20  # files are checked a chunk at a time: a whole-file read left the heap 2.7 MB larger
TOPIC_SEPARATOR = " › "


def make_schema() -> Schema:
    """One document per article, two text fields, no positions.

    Every posting costs Whoosh Python work when building and searching, so there are only two
    fields (title with keywords, boosted; body with the topic path) and no phrase positions
    (nothing here searches phrases). Articles themselves come from the pack.
    """
    return Schema(
        id=ID(stored=True, unique=True),
        title=analysis.BigramText(every_char=True),
        body=analysis.BigramText(),
        topic_id=ID(stored=True),
    )


@dataclass(frozen=True)
class Manifest:
    pack_fingerprint: str
    pack_name: str
    pack_version: str
    articles: int
    files: dict[str, dict[str, object]]
    reanalysed: int = 0
    analysis_version: int = textfold.ANALYSIS_VERSION
    schema_version: int = SCHEMA_VERSION
    built_at: float = 0.0

    @classmethod
    def read(cls, index_dir: Path) -> Manifest | None:
        """The manifest, or None if unreadable. Fields it does not know are left out, so an
        older version's manifest reads and then fails the version check, not as damage."""
        try:
            data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
            return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})
        except (OSError, ValueError, TypeError):
            return None

    def write(self, index_dir: Path) -> None:
        (index_dir / MANIFEST).write_text(json.dumps(self.__dict__, indent=1), encoding="utf-8")


def read_article_hashes(index_dir: Path) -> dict[str, str] | None:
    try:
        hashes = json.loads((index_dir / ARTICLE_HASHES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return hashes if isinstance(hashes, dict) else None


def _crc32(path: Path) -> int:
    crc = 0
    with path.open("rb") as data:
        while chunk := data.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def _file_digests(index_dir: Path) -> dict[str, dict[str, object]]:
    digests = {}
    for path in sorted(index_dir.iterdir()):
        if path.is_file() and path.name != MANIFEST and not path.name.endswith(".lock"):
            digests[path.name] = {"size": path.stat().st_size, "crc32": _crc32(path)}
    return digests


DAMAGE = ("index file", "index manifest")  # how index_problem's damage reasons start
DAMAGED_MARK = ".damaged-"


def index_problem(index_dir: Path, fingerprint: str, *, verify_hashes: bool = False) -> str | None:
    """Why ``index_dir`` cannot serve a pack with ``fingerprint`` (None when it can)."""
    manifest = Manifest.read(index_dir)
    if manifest is None:
        return "no index there" if not index_dir.exists() else "index manifest missing or unreadable"
    if manifest.pack_fingerprint != fingerprint:
        return "index was built from different content"
    if (manifest.analysis_version, manifest.schema_version) != (textfold.ANALYSIS_VERSION, SCHEMA_VERSION):
        return "index was built by another version of PartnerHelp"
    for name, expected in manifest.files.items():
        path = index_dir / name
        if not path.is_file() or path.stat().st_size != expected["size"]:
            return f"index file {name} is missing or has the wrong size"
        if verify_hashes and _crc32(path) != expected["crc32"]:
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


def article_hash(pack: Pack, article_id: str) -> str:
    """Changes whenever what the index holds for the article would change (cheap: no Markdown)."""
    article = pack.articles[article_id]
    parts = [article.title, *article.keywords, "\0", *pack.topic_path_titles(article.topic),
             "\0", article.topic, "\0", article.body]
    return sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


class BuildCancelled(Exception):
    """The user cancelled a build; nothing was changed."""


class IndexDamaged(Exception):
    """An index that fails its checks or makes Whoosh fail when opened."""


Progress = Callable[[int, int], bool | None]  # (done, total) -> False to cancel


def _reusable(previous: Path | None) -> dict[str, str] | None:
    """The article hashes of an intact index of this version that a build may start from."""
    if previous is None:
        return None
    manifest = Manifest.read(previous)
    if manifest is None or index_problem(previous, manifest.pack_fingerprint, verify_hashes=True):
        return None
    return read_article_hashes(previous)


def build_index(pack: Pack, fingerprint: str, out_dir: Path, progress: Progress | None = None,
                previous: Path | None = None) -> Manifest:
    """Write an index of ``pack`` to ``out_dir``, replacing what was there only on success.

    With ``previous`` (an intact index of an earlier version of the pack), only the articles
    whose content changed are analysed again; the rest is copied.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    building = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(building, ignore_errors=True)
    hashes = {article_id: article_hash(pack, article_id) for article_id in pack.articles}
    old = _reusable(previous)
    try:
        if old is not None:
            shutil.copytree(previous, building)
            (building / MANIFEST).unlink()
            ix = whoosh_index.open_dir(str(building))
            todo = [a for a in pack.articles if old.get(a) != hashes[a]]
            gone = [a for a in old if old[a] != hashes.get(a)]
        else:
            building.mkdir()
            ix = whoosh_index.create_in(building, make_schema())
            todo, gone = list(pack.articles), []
        for number, start in enumerate(range(0, max(len(todo), 1), SEGMENT_ARTICLES)):
            writer = GroupingSegmentWriter(ix, limitmb=256, compound=False)
            try:
                if number == 0:
                    for article_id in gone:
                        writer.delete_by_term("id", article_id)
                for done, article_id in enumerate(todo[start:start + SEGMENT_ARTICLES], start + 1):
                    writer.add_document(**article_document(pack, article_id))
                    if progress is not None and progress(done, len(todo)) is False:
                        raise BuildCancelled()
            except BaseException:
                writer.cancel()
                raise
            writer.commit(merge=old is not None)  # a new index keeps the segments as written
        ix.close()
        (building / ARTICLE_HASHES).write_text(json.dumps(hashes), encoding="utf-8")
        manifest = Manifest(fingerprint, pack.info.name, pack.info.version, len(pack.articles),
                            _file_digests(building), built_at=time.time(), reanalysed=len(todo))
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
    """Open read-only: a packaged app's index lives in a folder the user cannot write to.

    Whoosh raises many kinds of exception on damaged files; all of them become
    :class:`IndexDamaged` so callers can set the index aside and rebuild.
    """
    with warnings.catch_warnings():  # on a damaged file Whoosh leaves it open: close it quietly
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = FileStorage(str(index_dir), readonly=True).open_index()
            with ix.searcher() as searcher:  # reads the segment files now rather than mid-search
                searcher.doc_count()
            return ix
        except Exception as exc:
            failure = f"{index_dir}: {exc.__class__.__name__}: {exc}"
        gc.collect()
    raise IndexDamaged(failure)


def cached_index_dir(fingerprint: str) -> Path:
    return paths.index_cache_dir() / fingerprint[:16]


def set_aside(index_dir: Path) -> Path | None:
    """Move a damaged index out of the way (never deleted: it may help find the cause)."""
    target = index_dir.with_name(f"{index_dir.name}{DAMAGED_MARK}{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        index_dir.rename(target)
        return target
    except OSError:
        return None


def _previous_cache_index(pack_name: str, keep: Path) -> Path | None:
    """The newest intact cached index of an earlier version of the same pack, to start from."""
    root = paths.index_cache_dir()
    best: tuple[float, Path] | None = None
    for folder in root.iterdir() if root.is_dir() else []:
        if folder == keep or folder.name.startswith(".") or DAMAGED_MARK in folder.name:
            continue
        manifest = Manifest.read(folder)
        if manifest and manifest.pack_name == pack_name and (best is None or manifest.built_at > best[0]):
            best = (manifest.built_at, folder)
    return best[1] if best else None


def _prune_cache(pack_name: str, keep: Path) -> None:
    """Remove cached indexes of older versions of this pack once a new one is in place."""
    root = paths.index_cache_dir()
    for folder in root.iterdir() if root.is_dir() else []:
        if folder == keep or DAMAGED_MARK in folder.name:  # damaged ones are kept for a look
            continue
        manifest = Manifest.read(folder)
        if manifest and manifest.pack_name == pack_name:
            shutil.rmtree(folder, ignore_errors=True)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def ensure_index(pack_dir: Path, pack: Pack | None = None, index_dir: Path | None = None,
                 log: Callable[[str], None] = _stderr, progress: Progress | None = None,
                 warn: Callable[[str], None] | None = None) -> Path:
    """The folder of an intact index that matches the pack, building one when there is none.

    With ``index_dir`` given, that folder is used (and rebuilt there if stale or damaged).
    Otherwise the bundled prebuilt index is used if it matches, else a matching one in the user
    cache, else one is built into the user cache (starting from an older version's index when
    there is one). Every candidate's files are checked against the hashes in its manifest; a
    damaged one is set aside with a message. ``log`` hears about building, ``warn`` (default:
    ``log``) about damage.
    """
    warn = warn or log
    fingerprint = pack_fingerprint(pack_dir)
    if index_dir is not None:
        candidates = [Path(index_dir)]
    else:
        candidates = [paths.bundled_index_dir(), cached_index_dir(fingerprint)]
    reason = "no index there"
    for candidate in candidates:
        reason = index_problem(candidate, fingerprint, verify_hashes=True)
        if reason is None:
            return candidate
        if reason.startswith(DAMAGE) and candidate.exists():
            moved = set_aside(candidate)
            warn(f"The search index in {candidate} is damaged ({reason}); "
                + (f"it was moved to {moved} and will be rebuilt." if moved else "a new one is built."))
    target = candidates[-1]
    pack = pack or load_pack(pack_dir)
    previous = target if Manifest.read(target) else _previous_cache_index(pack.info.name, target)
    log(f"Building the search index in {target} ({reason}) …")
    started = time.perf_counter()
    manifest = build_index(pack, fingerprint, target, progress, previous)
    log(f"Indexed {manifest.articles} articles ({manifest.reanalysed} analysed) "
        f"in {time.perf_counter() - started:.1f} s.")
    if index_dir is None:
        _prune_cache(pack.info.name, target)
    return target
