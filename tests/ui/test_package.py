"""Importing viewer.ui keeps PySide6 from filling linecache with every later import's source."""
import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.gui


def imports_after_pyside(tmp_path, with_viewer_ui: bool) -> tuple[int, dict]:
    """(source files linecache gained, PySide6's per-module feature table) for the same imports."""
    (tmp_path / "uses_qt.py").write_text("from PySide6 import QtCore\n", encoding="utf-8")
    probe = textwrap.dedent(f"""
        import json, linecache, sys
        sys.path.insert(0, {str(tmp_path)!r})
        import PySide6.QtCore
        {"import viewer.ui" if with_viewer_ui else ""}
        from PySide6.support import feature
        before = len(linecache.cache)
        import uses_qt, viewer.search, json.tool
        print(json.dumps([len(linecache.cache) - before, feature.pyside_feature_dict]))
    """)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    gained, table = json.loads(done.stdout)
    return gained, {name: value for name, value in table.items() if not name.startswith("viewer.ui")}


def test_later_imports_leave_no_source_behind_and_pyside_learns_the_same(tmp_path):
    gained_before, table_before = imports_after_pyside(tmp_path, with_viewer_ui=False)
    gained, table = imports_after_pyside(tmp_path, with_viewer_ui=True)
    assert gained_before > 50 and gained == 0
    assert table == table_before and table["uses_qt"] == 0 and table["viewer.indexing"] == -1
