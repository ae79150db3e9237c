"""The bookmark store: round trips, folders, notes, import and export, damaged files, content
updates, and several writers at once, including writers killed in the middle of a save."""
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BUNDLED_PACK, REPO
from viewer import paths
from viewer.bookmarks import (Bookmark, BookmarkError, BookmarkFileError, BookmarkStore, Collection, Folder,
                              dumps, dumps_xbel, file_lock, loads, loads_xbel, read_file)

WRITER = REPO / "tests" / "bookmark_writer.py"
sys.path.insert(0, str(WRITER.parent))
from bookmark_writer import expected_note  # noqa: E402


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "bookmarks.yaml"


@pytest.fixture
def store(path):
    return BookmarkStore(path).load()


def ids(store, folder="all"):
    bookmarks = store.bookmarks() if folder == "all" else store.in_folder(folder)
    return [b.article for b in bookmarks]


def test_the_store_lives_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert paths.bookmarks_path() == tmp_path / "xdg" / "PartnerHelp" / "bookmarks.yaml"
    assert paths.bookmarks_path().name == "bookmarks.yaml"


def test_round_trip_through_the_file(store, path):
    folder = store.add_folder("常用")
    assert store.add("view-vouchers", "如何查看代金券", note="客户问得最多\n第二行")
    assert store.add("sign-nre-agreement", "如何签署协议?", folder=folder.id)
    assert not store.add("view-vouchers", "again")  # already there
    again = BookmarkStore(path).load()
    assert again.folders() == [folder]
    assert again.bookmarks() == store.bookmarks()
    assert again.get("view-vouchers").note == "客户问得最多\n第二行"
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["format"] == 1
    assert "note: |-\n    客户问得最多\n    第二行\n" in text  # a multi-line note reads as itself
    assert not again.recoveries


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1),
                          st.text(st.characters(blacklist_categories=("Cs",)))), max_size=4),
       st.text(st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_any_title_note_and_folder_name_survive_a_round_trip(entries, folder_name):
    from viewer.bookmarks import clean_note, xml_safe

    collection = Collection([Folder("f1", folder_name)])
    for number, (title, note) in enumerate(entries):
        collection.bookmarks.append(Bookmark(f"a{number}", title, clean_note(note), "f1" if number % 2 else None))
    assert loads(dumps(collection)) == (collection, [])
    xbel, skipped = loads_xbel(dumps_xbel(collection))
    assert skipped == 0
    assert {b.article: (b.note, b.folder is None) for b in xbel.bookmarks} == \
        {b.article: (clean_note(xml_safe(b.note)), b.folder is None) for b in collection.bookmarks}


def test_toggle_remove_and_restore_in_place(store):
    assert store.toggle("a", "A") is True
    store.add("b", "B", note="keep me")
    store.add("c", "C")
    assert store.toggle("a", "A") is False and "a" not in store
    removed, place = store.remove("b")
    assert (removed.note, place) == ("keep me", 0)
    assert store.remove("b") is None
    store.restore(removed, place)
    assert ids(store) == ["b", "c"] and store.get("b").note == "keep me"


def test_folders_create_rename_reorder_and_delete(store):
    work = store.add_folder("工作")
    mine = store.add_folder("我的")
    store.add("a", "A", folder=work.id)
    store.add("b", "B", folder=work.id)
    store.add("c", "C")
    store.rename_folder(work.id, " 日常工作 ")
    assert store.folder(work.id).name == "日常工作"
    store.move_folder(mine.id, 0)
    assert [f.name for f in store.folders()] == ["我的", "日常工作"]
    store.move("b", mine.id)
    store.move("c", work.id, 0)
    store.move("a", work.id, 5)  # past the end: last
    assert ids(store, mine.id) == ["b"] and ids(store, work.id) == ["c", "a"]
    store.move("a", None, 0)
    assert ids(store, None) == ["a"]
    assert store.delete_folder(work.id) == 1  # its bookmark moves to the top level, it is not lost
    assert ids(store, None) == ["a", "c"] and [f.name for f in store.folders()] == ["我的"]
    with pytest.raises(BookmarkError):
        store.rename_folder(work.id, "gone")
    with pytest.raises(BookmarkError):
        store.move("a", "no-such-folder")


def test_notes_are_plain_text_with_newlines(store):
    store.add("a", "A")
    store.set_note("a", "line one\r\nline two\rthree  \n\n")
    assert store.get("a").note == "line one\nline two\nthree"
    with pytest.raises(BookmarkError):
        store.set_note("nope", "x")


def test_listeners_hear_changes_only(store):
    heard = []
    unsubscribe = store.subscribe(lambda: heard.append(len(store)))
    store.add("a", "A")
    store.add("a", "A")  # no change
    unsubscribe()
    store.add("b", "B")
    assert heard == [1]


def test_import_merges_by_article_id(store, tmp_path):
    store.add("a", "A", note="ours")
    store.add("b", "B")
    shared = store.add_folder("共享")
    other = BookmarkStore(tmp_path / "other.yaml").load()
    folder = other.add_folder("共享")
    other.add("a", "A", note="theirs")
    other.add("b", "B")
    other.add("c", "C", folder=folder.id, note="new one")
    other.export_file(tmp_path / "export.yaml")
    report, problems = store.import_file(tmp_path / "export.yaml")
    assert (report.added, report.updated, report.unchanged, report.folders) == (1, 1, 1, 0)
    assert problems == []
    assert store.get("a").note == "ours\n\ntheirs"  # both notes kept
    assert store.get("c").folder == shared.id  # into the folder of the same name
    report, _ = store.import_file(tmp_path / "export.yaml")  # a second import changes nothing
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)


def test_xbel_export_and_import(store, tmp_path):
    folder = store.add_folder("常用 & <特殊>")
    store.add("a", "A <b>", folder=folder.id, note="两行\n笔记")
    store.add("b", "B")
    assert store.export_file(tmp_path / "out.xbel") == 2
    text = (tmp_path / "out.xbel").read_text(encoding="utf-8")
    assert text.startswith("<?xml") and 'href="partnerhelp://article/a"' in text
    fresh = BookmarkStore(tmp_path / "fresh.yaml").load()
    report, _ = fresh.import_file(tmp_path / "out.xbel")
    assert report.added == 2 and report.folders == 1
    assert fresh.get("a").note == "两行\n笔记" and fresh.get("a").title == "A <b>"
    assert fresh.folder(fresh.get("a").folder).name == "常用 & <特殊>"


def test_xbel_from_elsewhere_keeps_our_links_and_counts_the_others(tmp_path):
    xbel = tmp_path / "assistant.xbel"
    xbel.write_text("""<?xml version="1.0"?><!DOCTYPE xbel><xbel version="1.0">
      <folder><title>Qt</title><bookmark href="qthelp://org.qt-project.qtcore/doc.html"><title>Qt Core</title></bookmark>
        <folder><title>Inner</title><bookmark href="partnerhelp://article/x"><title>X</title></bookmark></folder>
      </folder></xbel>""", encoding="utf-8")
    collection, problems, skipped = read_file(xbel)
    assert skipped == 1 and problems == []
    assert [(b.article, collection.folder(b.folder).name) for b in collection.bookmarks] == [("x", "Qt / Inner")]


@pytest.mark.parametrize("name, text, message", [
    ("bad.yaml", "format: 1\nbookmarks:\n  - article: a\n   title: x\n", "bad.yaml:4: YAML syntax error"),
    ("list.yaml", "- a\n- b\n", "not a PartnerHelp bookmarks file"),
    ("bad.xbel", "<xbel>\n<bookmark>\n</xbel>", "bad.xbel:3: XML error"),
    ("bomb.xbel", '<!DOCTYPE x [<!ENTITY a "aaaa">]><xbel>&a;</xbel>', "entity declarations"),
    ("other.xml", "<html/>", "not an XBEL file"),
])
def test_unreadable_import_files_say_where(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(BookmarkFileError, match=message.replace("(", r"\(")):
        read_file(tmp_path / name)
    with pytest.raises(BookmarkFileError, match="no such file"):
        read_file(tmp_path / "missing.yaml")


def test_a_corrupt_file_is_moved_aside_and_the_backup_used(store, path):
    store.add("a", "A", note="first")
    store.add("b", "B")  # the backup now holds the version with "a" only
    path.write_bytes(b"format: 1\nbookmarks: [\x00 broken")
    again = BookmarkStore(path).load()
    assert ids(again) == ["a"] and again.get("a").note == "first"
    recovery, = again.recoveries
    assert recovery.kind == "unreadable" and recovery.restored == "backup"
    assert recovery.kept_as.name.startswith("bookmarks.yaml.corrupt-20")
    assert recovery.kept_as.read_bytes() == b"format: 1\nbookmarks: [\x00 broken"  # kept, not deleted
    assert "kept as" in str(recovery)
    assert loads(path.read_text(encoding="utf-8"))[0].bookmarks == again.bookmarks()  # repaired on disk
    assert not BookmarkStore(path).load().recoveries  # and says nothing at the next start


def test_a_corrupt_file_without_backup_starts_empty(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not text")
    store = BookmarkStore(path).load()
    assert len(store) == 0 and store.recoveries[0].restored == "empty"
    assert "not UTF-8" in store.recoveries[0].detail
    store.add("a", "A")  # usable at once
    assert len(list(path.parent.glob("bookmarks.yaml.corrupt-*"))) == 1


def test_a_file_broken_while_running_keeps_what_the_window_had(store, path):
    store.add("a", "A")
    store.add("b", "B")
    path.write_text("{{{{", encoding="utf-8")
    store.add("c", "C")
    assert ids(store) == ["a", "b", "c"]
    assert store.recoveries[-1].restored == "memory"


def test_damaged_entries_are_left_out_and_the_original_kept(path):
    path.parent.mkdir(parents=True)
    original = ("format: 1\nfolders:\n- {id: f1, name: F}\nbookmarks:\n- article: a\n  title: A\n"
                "- title: no id\n- article: b\n  title: B\n  folder: gone\n- article: a\n  note: second\n")
    path.write_text(original, encoding="utf-8")
    store = BookmarkStore(path).load()
    assert ids(store) == ["a", "b"]
    assert store.get("b").folder is None  # an unknown folder: kept at the top level
    assert store.get("a").note == "second"  # a repeated id: its note is kept too
    recovery, = store.recoveries
    assert recovery.kind == "damaged" and recovery.dropped == 1
    assert "bookmarks.yaml:7: a bookmark needs an 'article' id" in recovery.detail
    assert recovery.kept_as.read_text(encoding="utf-8") == original


def test_a_newer_format_is_shown_but_never_rewritten(path):
    path.parent.mkdir(parents=True)
    text = "format: 2\nbookmarks:\n- article: a\n  title: A\n  colour: red\n"
    path.write_text(text, encoding="utf-8")
    store = BookmarkStore(path).load()
    assert ids(store) == ["a"] and store.read_only.kind == "newer"
    with pytest.raises(BookmarkError, match="newer PartnerHelp"):
        store.add("b", "B")
    assert path.read_text(encoding="utf-8") == text


def test_bookmarks_of_articles_gone_from_the_pack_stay(path, bundled_pack, monkeypatch):
    from dataclasses import replace

    from viewer.services import App

    monkeypatch.setattr(paths, "bookmarks_path", lambda: path)
    App(bundled_pack, BUNDLED_PACK).bookmarks.add("view-vouchers", "如何查看代金券", note="常用")
    BookmarkStore(path).load().add("sign-nre-agreement", "an older title")
    # a content update drops one article (or renames its id) and retitles another
    articles = dict(bundled_pack.articles)
    del articles["view-vouchers"]
    articles["sign-nre-agreement"] = replace(articles["sign-nre-agreement"], title="签署 NRE 协议")
    new_pack = replace(bundled_pack, articles=articles)
    updated = App(new_pack, BUNDLED_PACK)
    store = updated.bookmarks
    assert ids(store) == ["view-vouchers", "sign-nre-agreement"]  # nothing removed
    assert [b.article for b in store.missing(new_pack.articles)] == ["view-vouchers"]
    assert store.get("view-vouchers").title == "如何查看代金券" and store.get("view-vouchers").note == "常用"
    assert store.get("sign-nre-agreement").title == "签署 NRE 协议"  # the title it has now is remembered
    assert not updated.in_pack("view-vouchers") and updated.in_pack("sign-nre-agreement")


def test_two_stores_on_one_file_keep_each_others_changes(path):
    first, second = BookmarkStore(path).load(), BookmarkStore(path).load()
    first.add("a", "A")
    second.add("b", "B")  # second had not seen "a": it re-reads before writing
    first.set_note("b", "from first")
    folder = second.add_folder("F")
    first.move("a", folder.id)
    assert ids(BookmarkStore(path).load()) == ["b", "a"]
    assert second.refresh() and second.get("b").note == "from first"
    assert not second.refresh()  # nothing new


def test_a_held_lock_makes_a_change_wait_and_then_give_up(path):
    store = BookmarkStore(path, lock_timeout=0.2).load()
    with file_lock(store.lock_path):
        started = time.monotonic()
        with pytest.raises(BookmarkError, match="another program"):
            store.add("a", "A")
        assert time.monotonic() - started >= 0.2
    store.add("a", "A")


class Writer:
    """A bookmark_writer.py process whose output lines are read on a thread, so that a writer
    that stops talking fails the test instead of hanging the run. It runs in a process group of
    its own; ``stop`` ends the group (the process and any writer it forked) and the reader."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, str(WRITER), *map(str, args)], cwd=REPO,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, start_new_session=True)
        self._lines: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.split())
        self._lines.put(None)

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def next(self, timeout: float = 30.0) -> list[str]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no word from the writer for {timeout} s") from None
        assert line is not None, "the writer ended"
        return line

    def stop(self, timeout: float = 10.0) -> int:
        """Close its input and wait for it to end; if it has not after ``timeout`` (a test failed
        while a forked writer was running), kill its group. Returns its exit code."""
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # still running, so the group is still ours
            self.proc.wait()
        self._reader.join(timeout)  # every write end is closed now: the reader has seen the end
        self.proc.stdout.close()
        return self.proc.returncode


def test_two_processes_writing_at_once_lose_nothing(path):
    path.parent.mkdir(parents=True)
    writers = [Writer("write", path, prefix, 25) for prefix in ("p", "q")]
    try:
        for writer in writers:  # both have loaded the (empty) file: each one's copy is stale at once
            assert writer.next() == ["ready"]
        for writer in writers:
            writer.send("go")
        for writer in writers:
            assert [writer.next() for _ in range(25)][-1] == ["ack", "24"]
    finally:
        assert [writer.stop() for writer in writers] == [0, 0]
    found = ids(BookmarkStore(path).load())
    assert sorted(found) == sorted([f"p{i:05d}" for i in range(25)] + [f"q{i:05d}" for i in range(25)])


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks writer processes (POSIX)")
def test_killing_a_writer_at_random_moments_never_loses_a_finished_save(path):
    """SIGKILL a writer 50 times at random moments: the file always parses and holds every
    bookmark up to the last acknowledged save (plus at most the one being written). Every other
    kill comes right after the start (while it loads), the others after its first save.

    The bookkeeping is per writer, not one running count: a writer killed after a save landed
    but before it said "ack" leaves one unacknowledged bookmark, and the next writer starts
    after it; if that one is killed the same way before any ack, the file is two past the last
    ack, with nothing lost. So each writer must start where the file was after the previous
    kill, and the file must then hold all it acknowledged and at most one more."""
    path.parent.mkdir(parents=True)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    saved = 0  # bookmarks in the file after the previous kill: where the next writer starts
    acknowledged = 0  # saves acknowledged over the whole run
    forker = Writer("forker", path, "k")
    try:
        for kill in range(50):
            forker.send("go")
            word, pid = forker.next()
            assert word == "pid", (word, pid)
            acks = []
            if kill % 2:
                word, number = forker.next()
                assert word == "ack", f"the writer stopped by itself ({word})"
                acks.append(int(number))
            time.sleep(rng.uniform(0.0, 0.02))
            os.kill(int(pid), signal.SIGKILL)
            while (line := forker.next()) != ["dead", pid]:
                assert line[0] == "ack", line
                acks.append(int(line[1]))
            # it read every bookmark there was (none lost since the last kill) and saved one at a time
            assert acks == list(range(saved, saved + len(acks))), f"seed {seed}: acks {acks}, {saved} were saved"
            acknowledged += len(acks)
            done = saved + len(acks)  # the file must hold these: all that any writer finished
            if not path.exists():
                assert done == 0, f"seed {seed}: the file vanished"
                continue
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            assert isinstance(data, dict) and data["format"] == 1, f"seed {seed}: half-written"
            store = BookmarkStore(path).load()
            assert not store.recoveries, f"seed {seed}: {store.recoveries}"
            found = store.bookmarks()
            assert [b.article for b in found] == [f"k{i:05d}" for i in range(len(found))], f"seed {seed}"
            assert done <= len(found) <= done + 1, \
                f"seed {seed}: {len(found)} saved; {saved} before this writer, which acknowledged {len(acks)}"
            assert all(b.note == expected_note(i) for i, b in enumerate(found))
            saved = len(found)
    finally:
        forker.stop()
    assert acknowledged >= 25
    assert not list(path.parent.glob("*.corrupt-*"))
