"""Packs the app started with, kept as JSON in the user cache (no Qt, no YAML).

Reading a pack means parsing its YAML and checking every article, and loading the YAML and
Markdown code for that is most of the work; at start-up the window waits for it. So once a
pack has been read without problems it is written here, one file per pack folder, and the
next start takes it from here instead, as long as the pack's files (their names, sizes and
modification times), the format of this file and the version of PartnerHelp are all the same
as when it was written. Anything else, including a damaged or unreadable cache file, means
reading the pack again.
"""
from __future__ import annotations

import json
import os
import zlib
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING

from viewer import __version__, paths
from viewer.model import Article, Pack, PackInfo, SourceRef, Topic

if TYPE_CHECKING:
    from viewer.content import Problem

FORMAT = 1


def cache_file(root: Path) -> Path:
    """Where the pack in ``root`` is kept: by folder, so that the bundled pack, installed ones
    and a second copy of the app do not push each other out."""
    return paths.user_cache_dir() / "pack-cache" / f"{zlib.crc32(str(root).encode()):08x}.json"


def _stamp(root: Path) -> dict:
    """What must not have changed: the pack's folder and its YAML files' sizes and times."""
    files = []
    for folder in (root, root / "articles"):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                    info = entry.stat()
                    files.append([os.path.relpath(entry.path, root), info.st_size, info.st_mtime_ns])
    return {"format": FORMAT, "version": __version__, "root": str(root), "files": sorted(files)}


def _source(fields: list | None) -> SourceRef | None:
    return SourceRef(*fields) if fields else None


def _decode(data: dict) -> Pack:
    topics = {}
    for id_, title, parent, children, source in data["topics"]:
        topics[id_] = Topic(id_, title, parent, tuple(children), _source(source))
    articles = {}
    for id_, title, topic, body, keywords, excerpt, related, source in data["articles"]:
        articles[id_] = Article(id_, title, topic, body, tuple(keywords), excerpt, tuple(related), _source(source))
    return Pack(PackInfo(*data["info"]), topics, articles, tuple(tuple(group) for group in data["synonyms"]))


def _encode(pack: Pack) -> dict:
    return {"info": astuple(pack.info), "topics": [astuple(t) for t in pack.topics.values()],
            "articles": [astuple(a) for a in pack.articles.values()], "synonyms": pack.synonyms}


def load(stamp: dict) -> Pack | None:
    """The cached pack if it was written with this ``stamp``, else None."""
    try:
        data = json.loads(cache_file(Path(stamp["root"])).read_text(encoding="utf-8"))
        return _decode(data["pack"]) if data.get("stamp") == stamp else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # unreadable: read the pack
        return None


def save(stamp: dict, pack: Pack) -> None:
    """Keep ``pack`` for the next start; a cache that cannot be written only makes that
    start slower."""
    target = cache_file(Path(stamp["root"]))
    temporary = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"stamp": stamp, "pack": _encode(pack)}, ensure_ascii=False),
                             encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass


def read_pack(root: str | Path) -> tuple[Pack | None, list[Problem]]:
    """``viewer.content.read_pack``, taken from the cache when the pack has not changed."""
    from_cache = None
    try:
        stamp = _stamp(Path(root).resolve())  # before reading, so an edit meanwhile is not missed
        from_cache = load(stamp)
    except OSError:  # no such folder, or no articles folder: the reader says so properly
        stamp = None
    if from_cache is not None:
        return from_cache, []
    from viewer.content import read_pack as read_yaml

    pack, problems = read_yaml(root)
    if stamp is not None and pack is not None and not problems:
        save(stamp, pack)
    return pack, problems
