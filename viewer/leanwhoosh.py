"""Import Whoosh without two standard-library packages it loads and we never use.

``whoosh.compat`` imports ``urllib.request`` for a download helper nothing calls, and
``whoosh.reading`` takes its ``cached_property`` from the package of that name, which imports
``asyncio`` for async methods Whoosh does not have. Together they cost 12.7 MB of RSS (``ssl``,
``http.client``, ``email``, ``asyncio``) in every process that searches. Import this module
before anything from Whoosh: it imports ``whoosh.reading`` with stand-ins in their place and
then takes the stand-ins away again, so a later ``import urllib.request`` anywhere gets the
real module.
"""
from __future__ import annotations

import functools
import sys
import types


def _no_downloads(*_args, **_kwargs):
    raise RuntimeError("PartnerHelp never downloads through Whoosh")


def _stand_ins() -> dict[str, types.ModuleType]:
    downloads = types.ModuleType("urllib.request", "stand-in: Whoosh only binds urlretrieve")
    downloads.urlretrieve = _no_downloads
    cached = types.ModuleType("cached_property", "stand-in: the standard library's cached_property")
    cached.cached_property = functools.cached_property  # same for plain methods: cached in __dict__
    return {"urllib.request": downloads, "cached_property": cached}


def import_whoosh() -> None:
    """Import Whoosh's modules that pull those packages in, unless something already did."""
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {name: module for name, module in _stand_ins().items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import whoosh.reading  # noqa: F401 - imports whoosh.compat too
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


import_whoosh()
