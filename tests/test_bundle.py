"""The packaging rules of scripts/bundle.py: what of PyInstaller's collection the bundle keeps."""
import pytest

from conftest import REPO
from scripts import bundle


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/translations/qtbase_zh_CN.qm",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "libxcb-cursor.so.0",
    "data/articles/vouchers.yaml",
])
def test_kept(dest):
    assert bundle.keep(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-egldevice-integration.so",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/translations/qt_help_zh_CN.qm",
    "libcups.so.2",
])
def test_left_out(dest):
    assert not bundle.keep(dest)


def test_libraries_only_a_dropped_plugin_needed_are_left_out():
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/w/QtWidgets", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/w/libQt6Widgets", "BINARY"),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "/w/cups-plugin", "BINARY"),
        ("libcups.so.2", "/usr/lib/libcups.so.2", "BINARY"),
        ("libgnutls.so.30", "/usr/lib/libgnutls", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython", "BINARY"),
    ]
    needs = {"/w/QtWidgets": ["libQt6Widgets.so.6"], "/w/cups-plugin": ["libcups.so.2", "libQt6Widgets.so.6"],
             "/usr/lib/libcups.so.2": ["libgnutls.so.30"]}
    reached = bundle.needed_closure(binaries, lambda src: needs.get(src, []))
    assert reached == {"PySide6/QtWidgets.abi3.so", "PySide6/Qt/lib/libQt6Widgets.so.6",
                       "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "libpython3.11.so.1.0"}


def test_links_to_left_out_files_go_too():
    toc = [("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
           ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
           ("PySide6/Qt/lib/libQt6Core.so.6", "/w/core", "BINARY")]
    kept = bundle.drop_dangling_links(toc, {"PySide6/Qt/lib/libQt6Core.so.6"})
    assert [entry[0] for entry in kept] == ["libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6"]


def test_the_font_covers_the_pack_the_ui_and_gb2312():
    chars = bundle.font_characters()
    content = "".join(p.read_text(encoding="utf-8") for p in (REPO / "data").rglob("*.yaml"))
    ui = (REPO / "resources" / "translations" / "partnerhelp_zh_CN.ts").read_text(encoding="utf-8")
    assert {c for c in content + ui if c.isprintable()} <= chars
    assert {"代", "金", "券", "开", "票", "齄", "，", "。", "“", "》", "A", "~"} <= chars
    assert 7000 < len(chars) < 9000


def test_archive_names_say_version_and_platform():
    name = bundle.archive_name("1.2.3")
    assert name.startswith("PartnerHelp-1.2.3-") and name.endswith((".tar.gz", ".zip"))


def test_indexing_and_searching_need_no_module_the_bundle_leaves_out(tmp_path):
    """What the bundle excludes must not be needed: a bundle would fail only when used."""
    import subprocess
    import sys

    script = f"""
import sys
from pathlib import Path
from viewer.content import load_pack
from viewer.search import open_engine
pack = load_pack(Path({str(REPO / "data")!r}))
engine = open_engine(Path({str(REPO / "data")!r}), pack, Path({str(tmp_path / "index")!r}))
assert engine.search("代金券").hits
engine.close()
left_out = {bundle.EXCLUDED_MODULES!r}
print(sorted(m for m in sys.modules if any(m == e or m.startswith(e + ".") for e in left_out)))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "[]"
