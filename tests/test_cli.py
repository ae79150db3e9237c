import json
import os
import subprocess
import sys

import pytest

from conftest import REPO
from viewer.cli import build_parser, main, parse_args


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_on_the_bundled_pack(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "20 articles" in out


def test_check_lists_problems_and_exits_1(capsys, pack_copy):
    path = pack_copy / "articles" / "invoicing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("topic: invoicing", "topic: nowhere"),
                    encoding="utf-8")
    code, out, err = run(capsys, "check", "--content", str(pack_copy))
    assert code == 1
    assert "pack/articles/invoicing.yaml:" in out and "unknown topic 'nowhere'" in out
    assert "1 problem(s)" in err


def test_search_json_has_the_documented_shape(capsys):
    code, out, err = run(capsys, "search", "如何下载证书", "--json", "--limit", "3")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "took_ms", "hits"}
    assert data["hits"][0]["id"] == "download-reseller-certificate"
    assert set(data["hits"][0]) == {"id", "title", "topic", "score", "snippet", "body"}
    assert "Building the search index" in err  # first use: built into the user cache


def test_search_batch_prints_one_json_object_a_line(capsys, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("开票\n\nNRE\n(\n", encoding="utf-8")
    code, out, _ = run(capsys, "search", "--batch", str(queries), "--limit", "2")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["开票", "", "NRE", "("]
    assert lines[1]["hits"] == []
    assert all(line["took_ms"] >= 0 for line in lines)


def test_search_human_output_and_no_results(capsys):
    code, out, _ = run(capsys, "search", "代金券")
    assert code == 0 and "【代金券】" in out
    code, out, _ = run(capsys, "search", "zzqqxx")
    assert code == 0 and "No results" in out


def test_search_in_an_explicit_index_folder(capsys, tmp_path):
    code, _, err = run(capsys, "search", "开票", "--index", str(tmp_path / "ix"))
    assert code == 0 and (tmp_path / "ix" / "partnerhelp-index.json").exists()


@pytest.mark.parametrize("argv, message", [
    (["search"], "give a QUERY or --batch FILE"),
    (["search", "x", "--limit", "0"], "--limit must be at least 1"),
    (["search", "x", "--topic", "nope"], "no topic 'nope'"),
    (["search", "--batch", "/nonexistent/q.txt"], "cannot read /nonexistent/q.txt"),
    (["show", "nope"], "no article with id 'nope'"),
    (["check", "--content", "/nonexistent"], None),
])
def test_user_errors_are_one_clear_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code in (1, 2)
    assert "Traceback" not in out + err
    if message:
        assert message in err


def test_show_prints_the_article(capsys):
    code, out, _ = run(capsys, "show", "view-vouchers")
    assert code == 0
    assert out.startswith("如何查看代金券\n代金券和现金券\n[节选")
    assert "1. 使用客户账号登录华为云。" in out
    code, out, _ = run(capsys, "show", "view-vouchers", "--json")
    assert json.loads(out)["excerpt"] is True


def test_import_text_reports_fragments(capsys, tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("不再显示此消息\n如何开票? 服务商需要向客户开票。 父主题: 开具发票\n节,与项目无关。\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "import-text", str(dump), "--out", str(tmp_path / "pack"))
    assert code == 0
    assert f"{dump}:1: dropped as web-page chrome" in err
    assert f"{dump}:3: fragment with no question" in err
    assert "Imported 2 entries" in out
    code, _, err = run(capsys, "import-text", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "p2"))
    assert code == 2 and "no such file" in err


def test_a_damaged_pack_gives_a_message_not_a_traceback(capsys, pack_copy):
    (pack_copy / "topics.yaml").write_text("- id: [", encoding="utf-8")
    code, _, err = run(capsys, "search", "开票", "--content", str(pack_copy))
    assert code == 2
    assert "pack/topics.yaml:" in err and "YAML syntax error" in err
    assert "unknown topic" not in err  # no cascade of follow-on problems


def test_a_plain_launch_skips_the_parser_and_gets_its_defaults():
    assert parse_args([]) == build_parser().parse_args([])
    assert parse_args(["--open", "view-vouchers"]).open == "view-vouchers"


@pytest.mark.parametrize("entry", [["main.py"], ["-m", "viewer"]])
def test_entry_points_run_the_same_cli(entry):
    done = subprocess.run([sys.executable, *entry, "--version"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.startswith("PartnerHelp ")


def test_bookmarks_list_export_and_import(capsys, tmp_path):
    from viewer import paths
    from viewer.bookmarks import BookmarkStore

    store = BookmarkStore(paths.bookmarks_path()).load()
    folder = store.add_folder("常用")
    store.add("view-vouchers", "如何查看代金券", folder=folder.id, note="第一行\n第二行")
    store.add("gone-from-pack", "旧标题")
    code, out, _ = run(capsys, "bookmarks", "list")
    assert code == 0
    assert "常用/\n  如何查看代金券  [view-vouchers]\n      | 第一行\n      | 第二行\n" in out
    assert "旧标题  [gone-from-pack]  (no longer in the content pack)" in out
    assert f"2 bookmark(s) in 1 folder(s), 1 no longer in the content pack; file: {store.path}" in out
    code, out, _ = run(capsys, "bookmarks", "list", "--json")
    data = json.loads(out)
    assert data["folders"] == ["常用"]
    assert data["bookmarks"][0] | {"added": ""} == {"article": "view-vouchers", "title": "如何查看代金券",
                                                    "folder": "常用", "note": "第一行\n第二行", "added": "",
                                                    "in_pack": True}
    assert data["bookmarks"][1]["in_pack"] is False
    code, out, _ = run(capsys, "bookmarks", "export", str(tmp_path / "all.xbel"))
    assert code == 0 and "Exported 2 bookmark(s)" in out and "(XBEL)" in out
    shared = BookmarkStore(tmp_path / "colleague.yaml").load()
    shared.add("view-vouchers", "如何查看代金券", note="同事的笔记")
    shared.add("sign-nre-agreement", "如何签署协议?")
    code, out, _ = run(capsys, "bookmarks", "import", str(shared.path))
    assert code == 0 and "1 added, 1 updated, 0 already there" in out
    assert BookmarkStore(store.path).load().get("view-vouchers").note == "第一行\n第二行\n\n同事的笔记"


def test_bookmark_problems_are_one_clear_line(capsys, tmp_path):
    from viewer import paths

    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nbookmarks:\n  - article: a\n   title: x\n", encoding="utf-8")
    code, out, err = run(capsys, "bookmarks", "import", str(bad))
    assert code == 2 and err.startswith(f"partnerhelp: {bad}:4: YAML syntax error: ") and err.count("\n") == 1
    code, _, err = run(capsys, "bookmarks", "import", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml: no such file" in err
    paths.bookmarks_path().parent.mkdir(parents=True, exist_ok=True)
    paths.bookmarks_path().write_text("{{{", encoding="utf-8")
    code, out, err = run(capsys, "bookmarks", "list")
    assert code == 0 and "0 bookmark(s)" in out
    assert "partnerhelp: note: the bookmarks file could not be read" in err and ".corrupt-" in err
    assert "Traceback" not in out + err


def test_bookmarks_commands_need_no_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"  # would fail if anything tried to open a window
    done = subprocess.run([sys.executable, "main.py", "bookmarks", "list"], cwd=REPO, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "0 bookmark(s)" in done.stdout


def test_install_pack_and_switch_back(capsys, pack_copy, tmp_path):
    meta = pack_copy / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"1.0.0"', '"2.0.0"'), encoding="utf-8")
    code, out, _ = run(capsys, "install-pack", str(pack_copy))
    assert code == 0 and "2.0.0" in out and "now active" in out
    code, out, _ = run(capsys, "use-pack")
    assert "* partner-center-faq-2.0.0" in out
    code, out, _ = run(capsys, "check")  # every command uses the active pack
    assert "2.0.0" in out
    code, out, _ = run(capsys, "use-pack", "bundled")
    assert code == 0
    code, out, _ = run(capsys, "check")
    assert "1.0.0" in out
    code, _, err = run(capsys, "use-pack", "nope")
    assert code == 2 and "no installed pack 'nope'" in err


def test_install_pack_refuses_a_bad_pack_with_file_and_line(capsys, pack_copy):
    (pack_copy / "articles" / "nre.yaml").write_text("- id: Bad\n", encoding="utf-8")
    code, out, err = run(capsys, "install-pack", str(pack_copy))
    assert code == 2
    assert "pack/articles/nre.yaml:1:" in out
    assert "current pack stays active" in err and "Traceback" not in err


def test_output_cut_short_by_a_closed_pipe_is_not_an_error(tmp_path):
    """``partnerhelp search … | head`` closes the pipe early: no "internal error", no crash log."""
    queries = tmp_path / "queries.txt"
    queries.write_text("代金券\n开票\n" * 200, encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    reader = subprocess.Popen([sys.executable, "main.py", "search", "--batch", str(queries), "--limit", "20"],
                              cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()  # as head does after its lines; far more than a pipe's buffer is still to come
    err = reader.stderr.read().decode()
    reader.stderr.close()
    assert reader.wait(timeout=60) == 141
    assert "internal error" not in err and "Traceback" not in err
    assert not (tmp_path / "cache" / "PartnerHelp" / "crash.log").exists()
