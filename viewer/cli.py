"""Command line: the GUI launcher and the maintainer / scripting commands.

Every command works without a display. Errors a user can cause (a bad pack, a missing file,
an unknown id) print a plain message and exit non-zero; nothing prints a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Sequence

from viewer import APP_NAME, __version__, paths

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_BROKEN_PIPE = 141  # what a shell reports for a program stopped by SIGPIPE


class UserError(Exception):
    """Something the user can fix; the message says what."""


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, metavar="DIR",
                        help="content pack folder (default: the active pack, else the bundled one)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="partnerhelp", description=f"{APP_NAME}: offline partner-centre help.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="start the window offscreen, search, open the top hit, print timings")
    parser.add_argument("--open", metavar="ID", help="open this article (an id or a copied partnerhelp:// link)")
    _content_arg(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="validate a content pack; list every problem as file:line")
    _content_arg(check)

    build = commands.add_parser("build-index", help="build the search index of a pack")
    _content_arg(build)
    build.add_argument("--out", type=Path, metavar="DIR", help="index folder (default: the user cache)")

    search = commands.add_parser("search", help="search the pack")
    search.add_argument("query", nargs="?", help="what to look for")
    search.add_argument("--limit", type=int, default=10, metavar="N")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--batch", type=Path, metavar="FILE",
                        help="one query a line ('-' for stdin); prints one JSON object a line")
    search.add_argument("--topic", metavar="ID", help="only search within this topic")
    _content_arg(search)
    search.add_argument("--index", type=Path, metavar="DIR", help="index folder to use (built if stale)")

    show = commands.add_parser("show", help="print one article")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    _content_arg(show)

    install = commands.add_parser("install-pack", help="validate and install a content pack (folder or .zip) and use it")
    install.add_argument("path", type=Path)
    use = commands.add_parser("use-pack", help="choose the active content pack: an installed one, or 'bundled'")
    use.add_argument("name", nargs="?", help="folder name from the list, or 'bundled'; without it: list the packs")

    importer = commands.add_parser("import-text", help="turn a raw FAQ text dump into a content pack")
    importer.add_argument("file", type=Path)
    importer.add_argument("--out", type=Path, required=True, metavar="DIR", help="new pack folder")

    bookmarks = commands.add_parser("bookmarks", help="list, export or import your bookmarks and notes")
    actions = bookmarks.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="print every bookmark, by folder, with its note")
    listing.add_argument("--json", action="store_true", help="print JSON")
    _content_arg(listing)
    export = actions.add_parser("export", help="write the bookmarks to FILE (XBEL if it ends in .xbel, else YAML)")
    export.add_argument("file", type=Path)
    merge = actions.add_parser("import", help="merge the bookmarks in FILE (YAML or XBEL) into yours")
    merge.add_argument("file", type=Path)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line, parsed. A plain launch (no arguments: a desktop icon, the bundle) is
    the window with its defaults, and the window waits while this parser of every command is
    built (~10 ms), so that launch skips it."""
    if not argv:
        return argparse.Namespace(command=None, self_test=False, open=None, content=None)
    return build_parser().parse_args(argv)


def _pack_dir(args: argparse.Namespace) -> Path:
    from viewer.packs import active_pack_dir

    return args.content or active_pack_dir()


def _load(pack_dir: Path):
    from viewer.content import PackError, load_pack

    try:
        return load_pack(pack_dir)
    except PackError as exc:
        raise UserError(f"the content pack {pack_dir} has problems (run 'check'):\n{exc}") from None


def cmd_check(args: argparse.Namespace) -> int:
    from viewer.content import read_pack

    pack_dir = _pack_dir(args)
    pack, problems = read_pack(pack_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {pack_dir}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{pack_dir}: OK — {pack.info.title} {pack.info.version}, "
          f"{len(pack.articles)} articles, {len(pack.topics)} topics")
    return 0


def cmd_build_index(args: argparse.Namespace) -> int:
    import time

    from viewer.content import pack_fingerprint
    from viewer.indexing import build_index, cached_index_dir

    pack_dir = _pack_dir(args)
    pack = _load(pack_dir)
    fingerprint = pack_fingerprint(pack_dir)
    out = args.out or cached_index_dir(fingerprint)
    started = time.perf_counter()
    manifest = build_index(pack, fingerprint, out)
    size = sum(f["size"] for f in manifest.files.values())
    print(f"Indexed {manifest.articles} articles into {out} in {time.perf_counter() - started:.2f} s "
          f"({size / 1024:.0f} KiB)")
    return 0


def _open_engine(args: argparse.Namespace):
    from viewer.search import open_engine

    pack_dir = _pack_dir(args)
    return open_engine(pack_dir, _load(pack_dir), args.index)


def cmd_search(args: argparse.Namespace) -> int:
    if (args.query is None) == (args.batch is None):
        raise UserError("give a QUERY or --batch FILE (one of them)")
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    engine = _open_engine(args)
    try:
        if args.topic and args.topic not in engine.pack.topics:
            raise UserError(f"no topic '{args.topic}' in the pack")
        if args.batch is not None:
            for query in _batch_lines(args.batch):
                result = engine.search(query, args.limit, args.topic)
                print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
            return 0
        result = engine.search(args.query, args.limit, args.topic)
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        else:
            _print_hits(result)
        return 0
    finally:
        engine.close()


def _batch_lines(source: Path):
    try:
        stream = sys.stdin if str(source) == "-" else source.open(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read {source}: {exc.strerror or exc}") from None
    with stream:
        try:
            for line in stream:
                yield line.rstrip("\r\n")
        except UnicodeDecodeError:
            raise UserError(f"{source} is not UTF-8 text") from None


def _print_hits(result) -> None:
    if not result.hits:
        print(f"No results for {result.query!r}. Try fewer words or another word for the same thing.")
        return
    for rank, hit in enumerate(result.hits, 1):
        print(f"{rank}. {hit.title}  [{hit.id}]")
        print(f"   {' › '.join(hit.topic_path)}  (score {hit.score:.2f})")
        print(f"   {hit.snippet.marked()}")
    print(f"{len(result.hits)} result(s) in {result.took_ms:.1f} ms")


def cmd_show(args: argparse.Namespace) -> int:
    from viewer import markdown

    pack = _load(_pack_dir(args))
    article = pack.articles.get(args.id)
    if article is None:
        raise UserError(f"no article with id '{args.id}' (search for it with: search QUERY)")
    path = pack.topic_path_titles(article.topic)
    text = markdown.to_plain_text(article.body)
    if args.json:
        print(json.dumps({"id": article.id, "title": article.title, "topic": " › ".join(path),
                          "keywords": list(article.keywords), "excerpt": article.excerpt,
                          "related": list(article.related), "body": text, "markdown": article.body},
                         ensure_ascii=False, indent=1))
        return 0
    print(article.title)
    print(" › ".join(path))
    if article.excerpt:
        print("[节选：原始资料不完整]")
    print()
    print(text.rstrip())
    return 0


def cmd_install_pack(args: argparse.Namespace) -> int:
    from viewer.packs import InstallError, install_pack

    try:
        installed = install_pack(args.path)
    except InstallError as exc:
        for problem in exc.problems:
            print(problem)
        raise UserError(str(exc).splitlines()[0] + " The current pack stays active.") from None
    print(f"Installed {installed.title} {installed.version} into {installed.folder}; it is now active.")
    return 0


def cmd_use_pack(args: argparse.Namespace) -> int:
    from viewer.packs import active_pack_dir, installed_packs, set_active

    packs = installed_packs()
    if args.name is None:
        active = active_pack_dir()
        bundled = paths.bundled_pack_dir()
        print(f"{'*' if active == bundled else ' '} bundled  ({bundled})")
        for pack in packs:
            print(f"{'*' if pack.folder == active else ' '} {pack.folder.name}  {pack.title} {pack.version}")
        return 0
    if args.name == "bundled":
        set_active(None)
        print("Using the bundled content pack.")
        return 0
    chosen = next((p for p in packs if p.folder.name == args.name), None)
    if chosen is None:
        raise UserError(f"no installed pack '{args.name}' (run 'use-pack' to list them)")
    set_active(chosen.folder)
    print(f"Using {chosen.title} {chosen.version}.")
    return 0


def cmd_import_text(args: argparse.Namespace) -> int:
    from viewer.content import read_pack
    from viewer.importtext import import_text

    try:
        report = import_text(args.file, args.out)
    except FileNotFoundError:
        raise UserError(f"no such file: {args.file}") from None
    except FileExistsError as exc:
        raise UserError(str(exc)) from None
    except UnicodeDecodeError:
        raise UserError(f"{args.file} is not UTF-8 text") from None
    for number in report.chrome:
        print(f"{args.file}:{number}: dropped as web-page chrome", file=sys.stderr)
    for number in report.untitled:
        print(f"{args.file}:{number}: fragment with no question; give it a title", file=sys.stderr)
    for number, earlier in report.same_title:
        print(f"{args.file}:{number}: same question as line {earlier}; tell them apart", file=sys.stderr)
    print(f"Imported {report.entries} entries into {args.out} "
          f"({len(report.excerpts)} marked as excerpts, {len(report.untitled)} need a title)")
    _, problems = read_pack(args.out)
    for problem in problems:
        print(problem)
    return EXIT_PROBLEMS if problems else 0


def _bookmark_store():
    from viewer.bookmarks import BookmarkError, BookmarkStore

    try:
        store = BookmarkStore(paths.bookmarks_path()).load()
    except BookmarkError as exc:
        raise UserError(str(exc)) from None
    for recovery in store.recoveries:  # told in plain words, once, as the app would
        print(f"partnerhelp: note: {recovery}", file=sys.stderr)
    return store


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from viewer.bookmarks import BookmarkError

    store = _bookmark_store()
    try:
        if args.action == "export":
            count = store.export_file(args.file)
            kind = "XBEL" if args.file.suffix.lower() == ".xbel" else "YAML"
            print(f"Exported {count} bookmark(s) to {args.file} ({kind})")
        elif args.action == "import":
            report, problems = store.import_file(args.file)
            for problem in problems:
                print(f"{problem} (left out)", file=sys.stderr)
            print(f"Imported {args.file}: {report}")
        else:
            _list_bookmarks(store, args)
    except BookmarkError as exc:
        raise UserError(str(exc)) from None
    return 0


def _list_bookmarks(store, args: argparse.Namespace) -> None:
    from viewer.content import read_pack

    pack, _ = read_pack(_pack_dir(args))
    articles = pack.articles if pack is not None else {}
    names = {f.id: f.name for f in store.folders()}
    if args.json:
        entries = [{"article": b.article, "title": b.title, "folder": names.get(b.folder), "note": b.note,
                    "added": b.added, "in_pack": b.article in articles} for b in store.bookmarks()]
        print(json.dumps({"file": str(store.path), "folders": [f.name for f in store.folders()],
                          "bookmarks": entries}, ensure_ascii=False, indent=1))
        return
    groups = [(f"{f.name}/", store.in_folder(f.id)) for f in store.folders()]
    groups.append(("(top level)" if store.folders() else "", store.in_folder(None)))
    for heading, bookmarks in groups:
        if heading and (bookmarks or heading != "(top level)"):
            print(heading)
        indent = "  " if heading else ""
        for b in bookmarks:
            title = articles[b.article].title if b.article in articles else b.title
            gone = "" if b.article in articles else "  (no longer in the content pack)"
            print(f"{indent}{title}  [{b.article}]{gone}")
            for line in b.note.splitlines():
                print(f"{indent}    | {line}")
    missing = sum(b.article not in articles for b in store.bookmarks())
    print(f"{len(store)} bookmark(s) in {len(store.folders())} folder(s)"
          + (f", {missing} no longer in the content pack" if missing else "") + f"; file: {store.path}")


def cmd_gui(args: argparse.Namespace) -> int:
    from viewer.ui.app import run, self_test

    if args.self_test:
        return self_test(_pack_dir(args))
    return run(_pack_dir(args), args.open)


COMMANDS = {"check": cmd_check, "build-index": cmd_build_index, "search": cmd_search,
            "show": cmd_show, "import-text": cmd_import_text,
            "install-pack": cmd_install_pack, "use-pack": cmd_use_pack, "bookmarks": cmd_bookmarks, None: cmd_gui}


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        print(f"partnerhelp: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (``| head``): what it wanted was written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so exit's flush cannot fail
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the last line of defence: a message, and the details in a log
        log = _write_crash_log()
        print(f"partnerhelp: internal error: {exc.__class__.__name__}: {exc}\n"
              f"Details were written to {log}", file=sys.stderr)
        return EXIT_INTERNAL


def _write_crash_log() -> Path | str:
    try:
        folder = paths.user_cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "crash.log"
        with log.open("a", encoding="utf-8") as out:
            traceback.print_exc(file=out)
        return log
    except OSError:
        return "nowhere (the cache folder is not writable)"
