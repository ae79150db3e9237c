"""The Qt Widgets layer: thin widgets and models over the Qt-free core (``viewer.*``).

Importing it also stops PySide6 from keeping the source of every module imported after it.
PySide6's ``__feature__`` support asks of each newly imported module whether its source
mentions PySide6, through ``inspect.getsource``, which leaves the whole file in ``linecache``:
6.7 MB of source lines for 143 modules with a 10,000-article pack open (Whoosh's, ours, the
standard library's). The same question is answered here by reading the file without keeping it.
"""
from __future__ import annotations

import sys


def _mentions_pyside(module) -> bool:
    """What PySide6 asks (does the module's source contain "PySide6"?), without linecache."""
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".py"):
        return False  # no source to search, as for inspect.getsource
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _stop_source_caching() -> None:
    import PySide6.QtCore  # noqa: F401 - loads PySide6's feature support

    feature = sys.modules.get("PySide6.support.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = _mentions_pyside


_stop_source_caching()
