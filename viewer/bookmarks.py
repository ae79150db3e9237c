"""Bookmarks and personal notes: a store that does not lose them (no Qt).

The store is one YAML file with a format version, in the user data folder. The rules that
keep it safe:

- Every change is a read-modify-write done while holding a lock on a sidecar file
  (``bookmarks.yaml.lock``): the file is re-read first, so two windows or two processes never
  lose each other's changes.
- Every write goes to a temporary file that is flushed and fsynced, then renamed over the real
  one; the version it replaces is kept as ``bookmarks.yaml.bak`` the same way. A process killed
  at any moment leaves the old file or the new one, both complete.
- A file that cannot be read is renamed aside with a timestamp (never deleted); the store then
  starts from the backup, or from what it had in memory, or empty, and says so in ``recoveries``.
- Bookmarks are keyed by article id and keep the title they had, so a bookmark whose article
  left the content pack stays, with its title and note; only the user removes bookmarks.

Import and export use the same YAML format, or XBEL (what Qt Assistant and browsers use).
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import yaml

FORMAT_VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds to wait for another process to finish its change
ARTICLE_LINK = "partnerhelp://article/"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 8x faster with many notes


class BookmarkError(Exception):
    """A change or a file the user asked for cannot be done; the message says why."""


class BookmarkFileError(BookmarkError):
    """A bookmarks file that cannot be read at all (``where`` is ``file`` or ``file:line``)."""

    def __init__(self, where: str, reason: str):
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}")


class NewerFormatError(BookmarkFileError):
    """The file was written by a newer PartnerHelp with a format this one does not know;
    ``collection`` holds what could be read of it anyway."""

    def __init__(self, where: str, reason: str, collection: Collection):
        super().__init__(where, reason)
        self.collection = collection


@dataclass(frozen=True)
class Folder:
    id: str
    name: str


@dataclass(frozen=True)
class Bookmark:
    article: str  # the article id: the key
    title: str  # the title when it was last seen in a pack, kept if the article goes away
    note: str = ""
    folder: str | None = None  # a Folder id, None at the top level
    added: str = ""  # ISO 8601, UTC


@dataclass
class Collection:
    """Folders and bookmarks in display order; a folder's bookmarks keep their order in the list."""

    folders: list[Folder] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)

    def copy(self) -> Collection:
        return Collection(list(self.folders), list(self.bookmarks))

    def get(self, article_id: str) -> Bookmark | None:
        return next((b for b in self.bookmarks if b.article == article_id), None)

    def folder(self, folder_id: str | None) -> Folder | None:
        return next((f for f in self.folders if f.id == folder_id), None)

    def folder_named(self, name: str) -> Folder | None:
        return next((f for f in self.folders if f.name == name), None)

    def in_folder(self, folder_id: str | None) -> list[Bookmark]:
        return [b for b in self.bookmarks if b.folder == folder_id]

    def _replace(self, bookmark: Bookmark) -> None:
        for i, old in enumerate(self.bookmarks):
            if old.article == bookmark.article:
                self.bookmarks[i] = bookmark
                return
        raise KeyError(bookmark.article)

    def place(self, bookmark: Bookmark, index: int | None = None) -> None:
        """Put ``bookmark`` (not in the list) at ``index`` among its folder's bookmarks."""
        siblings = self.in_folder(bookmark.folder)
        if index is None or index >= len(siblings):
            at = self.bookmarks.index(siblings[-1]) + 1 if siblings else len(self.bookmarks)
        else:
            at = self.bookmarks.index(siblings[max(index, 0)])
        self.bookmarks.insert(at, bookmark)


@dataclass(frozen=True)
class MergeReport:
    added: int = 0
    updated: int = 0  # already there; a different note was added to ours
    unchanged: int = 0
    skipped: int = 0  # XBEL links that are not PartnerHelp articles
    folders: int = 0  # folders created

    def __str__(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.unchanged} already there"
        if self.skipped:
            text += f", {self.skipped} skipped (not PartnerHelp articles)"
        return text


@dataclass(frozen=True)
class Recovery:
    """Something was wrong with the bookmarks file and what the store did about it."""

    kind: str  # "unreadable" (moved aside), "damaged" (some entries dropped), "newer" (read-only)
    path: Path
    detail: str  # file:line: reason, in English
    kept_as: Path | None = None  # where the original file is now
    restored: str = ""  # "backup", "memory", "empty" (unreadable) or "" (others)
    dropped: int = 0  # entries that could not be read ("damaged")

    def __str__(self) -> str:
        if self.kind == "newer":
            return (f"{self.path} was written by a newer PartnerHelp ({self.detail}); "
                    "bookmarks are shown but cannot be changed until you update")
        kept = f"it was kept as {self.kept_as}" if self.kept_as else "it could not be moved aside"
        if self.kind == "damaged":
            return (f"{self.dropped} bookmark entries in {self.path} could not be read ({self.detail}); "
                    f"{kept}, and the rest of your bookmarks were kept")
        source = {"backup": "restored from the backup made before the last change",
                  "memory": "kept as they were in this window",
                  "empty": "starting with an empty list"}[self.restored]
        return f"the bookmarks file could not be read ({self.detail}); {kept}; bookmarks {source}"


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def clean_note(note: str) -> str:
    """Notes are plain text with ``\\n`` line ends and no trailing blank space."""
    return note.replace("\r\n", "\n").replace("\r", "\n").rstrip()


# -- the YAML format ---------------------------------------------------------------------------

class _Dumper(_SafeDumper):
    """Multi-line notes as ``|`` blocks, so the file reads (and diffs) like the note itself."""


_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.BaseDumper, text: str) -> yaml.ScalarNode:
    if any(c in text for c in _LINE_BREAKS):
        style = '"'  # other line breaks would be written raw and read back as "\n" or " "
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps(collection: Collection) -> str:
    folders = [{"id": f.id, "name": f.name} for f in collection.folders]
    bookmarks = []
    for b in collection.bookmarks:
        entry: dict[str, str] = {"article": b.article, "title": b.title}
        if b.folder:
            entry["folder"] = b.folder
        if b.note:
            entry["note"] = b.note
        if b.added:
            entry["added"] = b.added
        bookmarks.append(entry)
    body = yaml.dump({"format": FORMAT_VERSION, "folders": folders, "bookmarks": bookmarks}, Dumper=_Dumper,
                     allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "# PartnerHelp bookmarks and notes (written by the app; keep the format line).\n" + body


def _text_value(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # an id such as 2024 that YAML read as a number
    return None


def loads(text: str, source: str = "bookmarks") -> tuple[Collection, list[str]]:
    """The collection in ``text``, and a ``source:line: reason`` for every entry left out.

    Raises BookmarkFileError when the text is not a bookmarks file at all.
    """
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        raise BookmarkFileError(where, f"YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise BookmarkFileError(source, f"YAML error: {exc}") from None
    if not isinstance(data, dict) or "format" not in data:
        raise BookmarkFileError(source, "not a PartnerHelp bookmarks file (no 'format' line)")
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BookmarkFileError(source, f"unknown format {version!r}")
    lines = _Lines(text, source)
    if version > FORMAT_VERSION:  # show what can be read, but never rewrite it
        try:
            collection, _ = _collect(data, lines)
        except BookmarkFileError:
            collection = Collection()
        raise NewerFormatError(source, f"format {version}; this version reads format {FORMAT_VERSION}",
                               collection)
    return _collect(data, lines)


def _collect(data: dict, lines: _Lines) -> tuple[Collection, list[str]]:
    problems: list[str] = []
    collection = Collection()
    folder_ids: set[str] = set()
    folders = data.get("folders") or []
    if not isinstance(folders, list):
        raise BookmarkFileError(lines.at("folders"), "'folders' must be a list")
    for i, item in enumerate(folders):
        fid = _text_value(item.get("id")) if isinstance(item, dict) else None
        name = _text_value(item.get("name")) if isinstance(item, dict) else None
        if not fid or name is None or fid in folder_ids:
            problems.append(f"{lines.at('folders', i)}: a folder needs a unique 'id' and a 'name'")
            continue
        folder_ids.add(fid)
        collection.folders.append(Folder(fid, name))
    bookmarks = data.get("bookmarks") or []
    if not isinstance(bookmarks, list):
        raise BookmarkFileError(lines.at("bookmarks"), "'bookmarks' must be a list")
    for i, item in enumerate(bookmarks):
        entry = _read_entry(item, folder_ids)
        if isinstance(entry, str):
            problems.append(f"{lines.at('bookmarks', i)}: {entry}")
        elif (earlier := collection.get(entry.article)) is not None:  # keep both notes
            collection._replace(replace(earlier, note=merge_notes(earlier.note, entry.note)))
        else:
            collection.bookmarks.append(entry)
    return collection, problems


def _read_entry(item: object, folder_ids: set[str]) -> Bookmark | str:
    """A Bookmark, or why the entry cannot be one."""
    if not isinstance(item, dict):
        return "a bookmark must be a mapping with 'article' and 'title'"
    article = _text_value(item.get("article"))
    if not article or not article.strip():
        return "a bookmark needs an 'article' id"
    values = {}
    for key in ("title", "note", "folder", "added"):
        raw = item.get(key)
        values[key] = "" if raw is None else _text_value(raw)
        if values[key] is None:
            return f"'{key}' of bookmark '{article}' must be text"
    folder = values["folder"] or None
    if folder is not None and folder not in folder_ids:
        folder = None  # its folder is gone: keep the bookmark at the top level
    return Bookmark(article.strip(), values["title"], clean_note(values["note"]), folder, values["added"])


class _Lines:
    """Line numbers of list entries, found only when a problem needs one (composing is slower)."""

    def __init__(self, text: str, source: str):
        self.text, self.source = text, source
        self._root: yaml.Node | None = None

    def at(self, key: str, index: int | None = None) -> str:
        try:
            if self._root is None:
                self._root = yaml.compose(self.text, Loader=_SafeLoader)
            value = next(v for k, v in self._root.value if getattr(k, "value", None) == key)
            node = value.value[index] if index is not None else value
            return f"{self.source}:{node.start_mark.line + 1}"
        except Exception:  # noqa: BLE001 - a line number is a nicety, never a reason to fail
            return self.source


def merge_notes(ours: str, theirs: str) -> str:
    """Both notes, ours first; a note already contained in ours is not repeated."""
    if not theirs.strip() or theirs.strip() in ours:
        return ours
    if not ours.strip():
        return theirs
    return f"{ours}\n\n{theirs}"


def merge(target: Collection, incoming: Collection, skipped: int = 0) -> MergeReport:
    """Add ``incoming`` to ``target`` (changed in place). Duplicates are recognised by article
    id: ours keeps its folder and title, and gains the other note if it is different. New
    bookmarks go to the folder of the same name, created if need be."""
    counts = {"added": 0, "updated": 0, "unchanged": 0, "folders": 0}
    folder_ids: dict[str | None, str | None] = {None: None}

    def target_folder(incoming_id: str | None) -> str | None:
        if incoming_id not in folder_ids:
            name = incoming.folder(incoming_id).name  # loads() only keeps known folder ids
            found = target.folder_named(name)
            if found is None:
                found = Folder(new_folder_id(target), name)
                target.folders.append(found)
                counts["folders"] += 1
            folder_ids[incoming_id] = found.id
        return folder_ids[incoming_id]

    for bookmark in incoming.bookmarks:
        ours = target.get(bookmark.article)
        if ours is None:
            target.bookmarks.append(replace(bookmark, folder=target_folder(bookmark.folder),
                                            added=bookmark.added or now_iso()))
            counts["added"] += 1
            continue
        merged = replace(ours, note=merge_notes(ours.note, bookmark.note), title=ours.title or bookmark.title)
        if merged != ours:
            target._replace(merged)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    for folder in incoming.folders:  # folders that were empty on purpose
        if not incoming.in_folder(folder.id):
            target_folder(folder.id)
    return MergeReport(skipped=skipped, **counts)


def new_folder_id(collection: Collection) -> str:
    while True:
        folder_id = "f" + os.urandom(4).hex()  # not secrets: it loads OpenSSL (3.7 MB)
        if collection.folder(folder_id) is None:
            return folder_id


# -- XBEL ---------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (most control characters)."""
    return _XML_INVALID.sub("", text)


def dumps_xbel(collection: Collection) -> str:
    import xml.etree.ElementTree as ET  # here: XBEL is rare, and ElementTree costs 0.5 MB

    root = ET.Element("xbel", version="1.0")

    def add(parent: ET.Element, bookmark: Bookmark) -> None:
        attrs = {"href": ARTICLE_LINK + bookmark.article}
        if bookmark.added:
            attrs["added"] = bookmark.added
        element = ET.SubElement(parent, "bookmark", attrs)
        ET.SubElement(element, "title").text = xml_safe(bookmark.title)
        if bookmark.note:
            ET.SubElement(element, "desc").text = xml_safe(bookmark.note)

    for folder in collection.folders:
        element = ET.SubElement(root, "folder", folded="no")
        ET.SubElement(element, "title").text = xml_safe(folder.name)
        for bookmark in collection.in_folder(folder.id):
            add(element, bookmark)
    for bookmark in collection.in_folder(None):
        add(root, bookmark)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xbel>\n' + ET.tostring(root, "unicode") + "\n"


def loads_xbel(text: str, source: str = "bookmarks.xbel") -> tuple[Collection, int]:
    """The PartnerHelp bookmarks in an XBEL file, and how many other links it holds. Nested
    folders become one folder named "outer / inner"."""
    if "<!ENTITY" in text:
        raise BookmarkFileError(source, "XML entity declarations are not accepted")
    import xml.etree.ElementTree as ET  # here: XBEL is rare, and ElementTree costs 0.5 MB

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise BookmarkFileError(f"{source}:{line}" if line else source, f"XML error: {exc}") from None
    if root.tag != "xbel":
        raise BookmarkFileError(source, f"not an XBEL file (the root element is <{root.tag}>)")
    collection = Collection()
    skipped = 0

    def walk(element: ET.Element, folder_names: list[str]) -> None:
        nonlocal skipped
        folder_id = None
        if folder_names:
            name = " / ".join(folder_names)
            folder = collection.folder_named(name) or Folder(new_folder_id(collection), name)
            if folder not in collection.folders:
                collection.folders.append(folder)
            folder_id = folder.id
        for child in element:
            if child.tag == "folder":
                walk(child, [*folder_names, (child.findtext("title") or "").strip() or "Folder"])
            elif child.tag == "bookmark":
                href = (child.get("href") or "").strip()
                article = href[len(ARTICLE_LINK):] if href.startswith(ARTICLE_LINK) else ""
                if not article or collection.get(article) is not None:
                    skipped += not article
                    continue
                collection.bookmarks.append(Bookmark(article, (child.findtext("title") or "").strip(),
                                                     clean_note(child.findtext("desc") or ""), folder_id,
                                                     child.get("added") or ""))

    walk(root, [])
    return collection, skipped


def read_file(path: Path) -> tuple[Collection, list[str], int]:
    """A YAML or XBEL file (by extension, or by its first character) for import: the collection,
    problems with entries left out, and the number of non-PartnerHelp links skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BookmarkFileError(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise BookmarkFileError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise BookmarkFileError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".xbel" or text.lstrip().startswith("<"):
        collection, skipped = loads_xbel(text, str(path))
        return collection, [], skipped
    collection, problems = loads(text, str(path))
    return collection, problems, 0


def write_file(path: Path, collection: Collection) -> None:
    """Export: XBEL when the name ends in ``.xbel``, else YAML; written atomically."""
    path = Path(path)
    text = dumps_xbel(collection) if path.suffix.lower() == ".xbel" else dumps(collection)
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise BookmarkError(f"cannot write {path}: {exc.strerror or exc}") from None


# -- files ----------------------------------------------------------------------------------------

def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, flush and fsync it, and rename it
    over ``target``: a reader (or a crash) sees the old file or the new one, never a mixture."""
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles for this)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing, never deleted). The operating
    system drops it when the process dies, so a killed writer cannot leave it locked."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise BookmarkError(f"the bookmarks are being changed by another program (waited "
                                    f"{timeout:.0f} s for {path})")
            time.sleep(0.005)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _aside_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
        number += 1
    return candidate


# -- the store ------------------------------------------------------------------------------------

class BookmarkStore:
    """The user's bookmarks in ``path``. Reading methods answer from memory; every change
    re-reads the file under the lock, applies itself, and writes the result (see the module
    docstring). ``subscribe`` callbacks run after every change that altered something, and
    when a new entry appears in ``recoveries``."""

    def __init__(self, path: Path, *, lock_timeout: float = LOCK_TIMEOUT):
        self.path = Path(path)
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self.recoveries: list[Recovery] = []  # what went wrong with the file, for the user
        self.read_only: Recovery | None = None
        self._data = Collection()
        self._loaded = False
        self._stamp: tuple | None = None
        self._listeners: list[Callable[[], None]] = []
        self._mutex = threading.RLock()

    # -- reading ------------------------------------------------------------------------------

    def load(self) -> BookmarkStore:
        """Read the file (repairing it if it is damaged; see ``recoveries``)."""
        with self._mutex, self._locked():
            self._data = self._read_locked()
            self._loaded = True
        return self

    def folders(self) -> list[Folder]:
        return list(self._data.folders)

    def bookmarks(self) -> list[Bookmark]:
        return list(self._data.bookmarks)

    def in_folder(self, folder_id: str | None) -> list[Bookmark]:
        return self._data.in_folder(folder_id)

    def get(self, article_id: str) -> Bookmark | None:
        return self._data.get(article_id)

    def folder(self, folder_id: str | None) -> Folder | None:
        return self._data.folder(folder_id)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self._data.get(article_id) is not None

    def __len__(self) -> int:
        return len(self._data.bookmarks)

    def snapshot(self) -> Collection:
        return self._data.copy()

    def missing(self, known_ids) -> list[Bookmark]:
        """Bookmarks whose article is not in ``known_ids`` (e.g. the current pack's articles)."""
        return [b for b in self._data.bookmarks if b.article not in known_ids]

    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` after every change; returns the function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True (and listeners told) if so."""
        if self._stamp == self._file_stamp():
            return False
        with self._mutex:
            with self._locked():
                before, reported = self._data, len(self.recoveries)
                self._data = self._read_locked()
            changed = before != self._data or len(self.recoveries) != reported
        if changed:
            self._notify()
        return changed

    # -- changes ------------------------------------------------------------------------------

    def add(self, article_id: str, title: str, *, folder: str | None = None, note: str = "",
            index: int | None = None) -> bool:
        """Bookmark an article (False if it already was)."""
        def apply(data: Collection) -> bool:
            if data.get(article_id) is not None:
                return False
            data.place(Bookmark(article_id, title, clean_note(note), folder if data.folder(folder) else None,
                                now_iso()), index)
            return True
        return self._change(apply)

    def remove(self, article_id: str) -> tuple[Bookmark, int] | None:
        """Remove a bookmark; returns it and its place in its folder (for ``restore``), or None."""
        def apply(data: Collection):
            bookmark = data.get(article_id)
            if bookmark is None:
                return None
            place = data.in_folder(bookmark.folder).index(bookmark)
            data.bookmarks.remove(bookmark)
            return bookmark, place
        return self._change(apply)

    def restore(self, bookmark: Bookmark, index: int | None = None) -> bool:
        """Put back a removed bookmark, with its note, where it was (undo)."""
        def apply(data: Collection) -> bool:
            if data.get(bookmark.article) is not None:
                return False
            folder = bookmark.folder if data.folder(bookmark.folder) else None
            data.place(replace(bookmark, folder=folder), index)
            return True
        return self._change(apply)

    def toggle(self, article_id: str, title: str) -> bool:
        """Bookmark the article, or remove its bookmark; True if it is bookmarked now."""
        def apply(data: Collection) -> bool:
            bookmark = data.get(article_id)
            if bookmark is None:
                data.place(Bookmark(article_id, title, "", None, now_iso()))
                return True
            data.bookmarks.remove(bookmark)
            return False
        return self._change(apply)

    def set_note(self, article_id: str, note: str) -> None:
        self._update(article_id, note=clean_note(note))

    def set_titles(self, titles: dict[str, str]) -> int:
        """Remember the current titles of bookmarked articles (after a content update); returns
        how many changed. Bookmarks of articles not in ``titles`` keep the title they had."""
        def apply(data: Collection) -> int:
            changed = 0
            for bookmark in list(data.bookmarks):
                title = titles.get(bookmark.article)
                if title and title != bookmark.title:
                    data._replace(replace(bookmark, title=title))
                    changed += 1
            return changed
        return self._change(apply)

    def move(self, article_id: str, folder: str | None, index: int | None = None) -> None:
        """Move a bookmark into ``folder`` (None: the top level) at ``index`` (None: the end)."""
        def apply(data: Collection) -> None:
            bookmark = data.get(article_id)
            if bookmark is None:
                raise BookmarkError(f"no bookmark for '{article_id}'")
            if folder is not None and data.folder(folder) is None:
                raise BookmarkError(f"no folder '{folder}'")
            data.bookmarks.remove(bookmark)
            data.place(replace(bookmark, folder=folder), index)
        self._change(apply)

    def add_folder(self, name: str, index: int | None = None) -> Folder:
        def apply(data: Collection) -> Folder:
            folder = Folder(new_folder_id(data), name.strip())
            data.folders.insert(len(data.folders) if index is None else index, folder)
            return folder
        return self._change(apply)

    def rename_folder(self, folder_id: str, name: str) -> None:
        def apply(data: Collection) -> None:
            folder = self._need_folder(data, folder_id)
            data.folders[data.folders.index(folder)] = replace(folder, name=name.strip())
        self._change(apply)

    def move_folder(self, folder_id: str, index: int) -> None:
        def apply(data: Collection) -> None:
            folder = self._need_folder(data, folder_id)
            data.folders.remove(folder)
            data.folders.insert(max(0, min(index, len(data.folders))), folder)
        self._change(apply)

    def delete_folder(self, folder_id: str) -> int:
        """Delete a folder; its bookmarks move to the top level (nothing is lost). Returns how many."""
        def apply(data: Collection) -> int:
            folder = self._need_folder(data, folder_id)
            moved = data.in_folder(folder_id)
            for bookmark in moved:
                data.bookmarks.remove(bookmark)
                data.place(replace(bookmark, folder=None))
            data.folders.remove(folder)
            return len(moved)
        return self._change(apply)

    def merge(self, incoming: Collection, skipped: int = 0) -> MergeReport:
        return self._change(lambda data: merge(data, incoming, skipped))

    def import_file(self, path: Path) -> tuple[MergeReport, list[str]]:
        """Merge a YAML or XBEL file; returns the report and the entries that were left out."""
        collection, problems, skipped = read_file(path)
        return self.merge(collection, skipped), problems

    def export_file(self, path: Path) -> int:
        """Write all bookmarks to ``path`` (XBEL for ``.xbel``, else YAML); returns how many."""
        with self._mutex, self._locked():
            data = self._read_locked()
        write_file(path, data)
        return len(data.bookmarks)

    @staticmethod
    def _need_folder(data: Collection, folder_id: str) -> Folder:
        folder = data.folder(folder_id)
        if folder is None:
            raise BookmarkError(f"no folder '{folder_id}'")
        return folder

    def _update(self, article_id: str, **changes) -> None:
        def apply(data: Collection) -> None:
            bookmark = data.get(article_id)
            if bookmark is None:
                raise BookmarkError(f"no bookmark for '{article_id}'")
            data._replace(replace(bookmark, **changes))
        self._change(apply)

    def _change(self, apply):
        with self._mutex:
            with self._locked():
                reported = len(self.recoveries)
                data = self._read_locked()
                if self.read_only is not None:
                    raise BookmarkError(str(self.read_only))
                before = data.copy()
                result = apply(data)
                if data != before:
                    self._write_locked(data)
                changed = data != self._data or len(self.recoveries) != reported
                self._data, self._loaded = data, True
        if changed:
            self._notify()
        return result

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback()

    # -- the file -----------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BookmarkError(f"cannot create {self.path.parent}: {exc.strerror or exc}") from None
        with file_lock(self.lock_path, self.lock_timeout):
            yield

    def _file_stamp(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino

    def _read_locked(self) -> Collection:
        """The collection in the file (the lock is held), repairing the file if need be."""
        self._stamp = self._file_stamp()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Collection()
        except OSError as exc:
            return self._recover(None, f"{self.path}: cannot be read: {exc.strerror or exc}")
        try:
            data, problems = loads(raw.decode("utf-8"), str(self.path))
        except UnicodeDecodeError:
            return self._recover(raw, f"{self.path}: not UTF-8 text")
        except NewerFormatError as exc:
            self.read_only = Recovery("newer", self.path, exc.reason)
            self._note(self.read_only)
            return exc.collection
        except BookmarkFileError as exc:
            return self._recover(raw, str(exc))
        self.read_only = None
        if problems:  # keep what can be read; the original goes aside untouched
            kept_as = self._keep_aside(raw, move=False)
            self._write_locked(data, backup=False)
            self._note(Recovery("damaged", self.path, "; ".join(problems), kept_as, dropped=len(problems)))
        return data

    def _recover(self, raw: bytes | None, detail: str) -> Collection:
        """The file is unreadable: move it aside and carry on from the best copy there is."""
        kept_as = self._keep_aside(raw, move=True)
        data, restored = None, "empty"
        if self._loaded:
            data, restored = self._data.copy(), "memory"
        else:
            try:
                data, _ = loads(self.backup_path.read_text(encoding="utf-8"), str(self.backup_path))
                restored = "backup"
            except (OSError, UnicodeDecodeError, BookmarkFileError):
                data = None
        data = data or Collection()
        if kept_as is None:
            self.read_only = Recovery("unreadable", self.path, detail, None, restored)
        else:
            self._write_locked(data, backup=False)
        self._note(Recovery("unreadable", self.path, detail, kept_as, restored))
        return data

    def _keep_aside(self, raw: bytes | None, *, move: bool) -> Path | None:
        """Rename (or copy) the file to ``NAME.corrupt-YYYYmmdd-HHMMSS``; None if impossible."""
        target = _aside_name(self.path)
        if move:
            try:
                os.replace(self.path, target)
                return target
            except OSError:
                pass
        if raw is None:
            return None
        try:
            atomic_write(target, raw)
            return target
        except OSError:
            return None

    def _write_locked(self, data: Collection, *, backup: bool = True) -> None:
        """Replace the file with ``data``, the version it replaces becoming the backup."""
        try:
            if backup and self.path.exists():
                self._keep_backup()
            atomic_write(self.path, dumps(data).encode("utf-8"))
        except OSError as exc:
            raise BookmarkError(f"cannot save the bookmarks to {self.path}: {exc.strerror or exc}") from None
        self._stamp = self._file_stamp()

    def _keep_backup(self) -> None:
        """The current file becomes the backup: a second name for it (no copy, no second fsync:
        its data is on disk already), renamed over the old backup; a copy where links fail."""
        tmp = self.backup_path.with_name(self.backup_path.name + ".tmp")
        try:
            tmp.unlink(missing_ok=True)
            os.link(self.path, tmp)
            os.replace(tmp, self.backup_path)
        except OSError:
            atomic_write(self.backup_path, self.path.read_bytes())

    def _note(self, recovery: Recovery) -> None:
        if recovery not in self.recoveries:
            self.recoveries.append(recovery)
