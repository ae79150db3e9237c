"""SHA-256 without OpenSSL.

``hashlib`` loads OpenSSL's libcrypto when imported, 3.7 MB of RSS for a process that only
hashes a few files; CPython's own SHA-256 gives the same digests. Its module is private and
named by version, so any other Python falls back to ``hashlib``.
"""
from __future__ import annotations

try:
    from _sha256 import sha256  # CPython 3.11
except ImportError:
    try:
        from _sha2 import sha256  # CPython 3.12 and later
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
