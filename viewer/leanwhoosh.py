"""Import Whoosh without standard-library packages it loads and we never use.

``whoosh.compat`` imports ``urllib.request`` for a download helper nothing calls, and
``whoosh.reading`` takes its ``cached_property`` from the package of that name, which imports
``asyncio`` for async methods Whoosh does not have. Together they cost 12.7 MB of RSS (``ssl``,
``http.client``, ``email``, ``asyncio``) in every process that searches. Whoosh's term tables
hash with MD5 from ``hashlib``, which loads OpenSSL's libcrypto (3.7 MB); CPython's own MD5
gives the same digests, and faster for keys this short. Import this module before anything
from Whoosh: it imports the Whoosh modules that pull those in with stand-ins in their place
and then takes the stand-ins away again, so a later ``import hashlib`` anywhere gets the real
module.
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
    stand_ins = {"urllib.request": downloads, "cached_property": cached}
    try:
        from _md5 import md5
    except ImportError:  # a Python without its own MD5: Whoosh gets hashlib's
        return stand_ins
    digests = types.ModuleType("hashlib", "stand-in: Whoosh's term tables only use md5")
    digests.md5 = md5
    stand_ins["hashlib"] = digests
    return stand_ins


def import_whoosh() -> None:
    """Import Whoosh's modules that pull those packages in, unless something already did."""
    if "whoosh.codec.whoosh3" in sys.modules:
        return
    stand_ins = {name: module for name, module in _stand_ins().items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import whoosh.codec.whoosh3  # noqa: F401 - imports whoosh.filedb.filetables
        import whoosh.reading  # noqa: F401 - imports whoosh.compat
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


import_whoosh()
