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
import sys
import zlib
from dataclasses import astuple
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from viewer import __version__, paths
from viewer.model import Article, Pack, PackInfo, SourceRef, Topic

if TYPE_CHECKING:
    from viewer.content import Problem

FORMAT = 2  # 2: one JSON value a line


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
    return SourceRef(sys.intern(fields[0]), fields[1]) if fields else None


def _topic(fields: list) -> Topic:
    id_, title, parent, children, source = fields
    return Topic(id_, title, parent, tuple(children), _source(source))


def _article(fields: list) -> Article:
    """An article; the strings many articles repeat (topic, file, keywords) are shared."""
    id_, title, topic, body, keywords, excerpt, related, source = fields
    return Article(id_, title, sys.intern(topic), body, tuple(map(sys.intern, keywords)), excerpt,
                   tuple(related), _source(source))


def load(stamp: dict) -> Pack | None:
    """The cached pack if it was written with this ``stamp``, else None.

    The file is one JSON value a line, decoded a line at a time: decoding the whole file at
    once held it twice over (text and parsed lists), and with 10,000 articles the heap kept
    most of that peak after it was freed.
    """
    try:
        with cache_file(Path(stamp["root"])).open(encoding="utf-8") as lines:
            header = json.loads(next(lines, "null"))
            if not isinstance(header, dict) or header.get("stamp") != stamp:
                return None
            topics = {}
            for _ in range(header["topics"]):
                topic = _topic(json.loads(next(lines)))
                topics[topic.id] = topic
            articles, count = {}, 0
            for count, line in enumerate(lines, 1):
                article = _article(json.loads(line))
                articles[article.id] = article
            if count != header["articles"] or len(articles) != count:
                return None
            return Pack(PackInfo(*header["info"]), topics, articles,
                        tuple(tuple(group) for group in header["synonyms"]))
    except (OSError, StopIteration, ValueError, KeyError, TypeError, AttributeError):  # unreadable: read the pack
        return None


def save(stamp: dict, pack: Pack) -> None:
    """Keep ``pack`` for the next start; a cache that cannot be written only makes that
    start slower."""
    target = cache_file(Path(stamp["root"]))
    temporary = target.with_name(target.name + ".tmp")
    header = {"stamp": stamp, "info": astuple(pack.info), "synonyms": pack.synonyms,
              "topics": len(pack.topics), "articles": len(pack.articles)}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("w", encoding="utf-8") as out:
            for value in chain([header], map(astuple, pack.topics.values()), map(astuple, pack.articles.values())):
                out.write(json.dumps(value, ensure_ascii=False) + "\n")
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
