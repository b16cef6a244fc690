"""Results the build keeps between runs: the glossary terms found in each text, the theme's
compiled templates, share-card images, slimmed stylesheets and the variant forms of Chinese
characters, each costly to make and the same from build to build.

They are kept in a folder outside the repository and the site: ``$POLICYSITE_CACHE``, else the
user's cache folder (``~/.cache/policysite``). Each result is stored under a digest of
everything it is made from (for computed ones, the code that computes it too), so a stale one
is never read; a cache that cannot be read or written only costs time. Writes are atomic, so
a build killed mid-write leaves no half file for the next.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def cache_root() -> Path:
    base = os.environ.get("POLICYSITE_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return root if os.environ.get("POLICYSITE_CACHE") else root / "policysite"


def digest(parts: Iterable[str | bytes]) -> str:
    """A hex digest of ``parts`` (each length-prefixed, so no two lists give the same)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def kept(kind: str, name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes kept as ``kind/name``, made (and kept) if there are none."""
    data = read(kind, name)
    if data is None:
        data = make()
        keep(kind, name, data)
    return data


def read(kind: str, name: str) -> bytes | None:
    """The bytes kept as ``kind/name``, or None."""
    try:
        return (cache_root() / kind / name).read_bytes()
    except OSError:
        return None


def keep(kind: str, name: str, data: bytes) -> None:
    """Keep ``data`` as ``kind/name`` (replacing what was kept there), atomically."""
    path = cache_root() / kind / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as scratch:
            scratch.write(data)
        os.replace(scratch.name, path)
    except OSError:
        pass
