"""Results the build keeps between runs: the glossary terms found in each text, the theme's
compiled templates, share-card images, slimmed stylesheets and the variant forms of Chinese
characters, each costly to make and the same from build to build.

They are kept in a folder outside the repository and the site: ``$POLICYSITE_CACHE``, else the
user's cache folder (``~/.cache/policysite``). Each result is stored under a digest of
everything it is made from (for computed ones, the code that computes it too), so a stale one
is never read; a cache that cannot be read or written only costs time. Writes are atomic, so
a build killed mid-write leaves no half file for the next.

Each read renews a result's modification time, and results nobody has read for ``UNUSED_DAYS``
(pages' HTML: ``UNUSED_DAYS_OF_KIND``) are removed (when a process first uses the folder, at
most once a day): an edited text's old term scan, a retitled page's old share card and a changed
template's old compiled form would otherwise stay for good.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

UNUSED_DAYS = 30
# Kinds that fill faster are kept for less: a retitled chapter changes every page's navigation,
# and so every page's kept HTML (some 15 KB a page, 1.5 MB for the site and 70 MB at 50 reports).
UNUSED_DAYS_OF_KIND = {"pages": 7}
_DAY = 24 * 60 * 60
_PRUNE_STAMP = ".pruned"
_pruned_this_process: set[Path] = set()


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
    root = cache_root()
    _prune_now_and_then(root)
    path = root / kind / name
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # in use: not to be pruned
    return data


def keep(kind: str, name: str, data: bytes) -> None:
    """Keep ``data`` as ``kind/name`` (replacing what was kept there), atomically."""
    root = cache_root()
    _prune_now_and_then(root)
    path = root / kind / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as scratch:
            scratch.write(data)
        os.replace(scratch.name, path)
    except OSError:
        pass


def prune(root: Path, now: float | None = None) -> int:
    """Remove the results under ``root`` unread for ``UNUSED_DAYS`` (or their kind's own number
    of days); the number removed."""
    now = time.time() if now is None else now
    removed = 0
    for folder in (entry for entry in _entries(root) if entry.is_dir()):
        oldest = now - UNUSED_DAYS_OF_KIND.get(folder.name, UNUSED_DAYS) * _DAY
        for entry in _entries(Path(folder.path)):
            with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove
                if entry.is_file() and entry.stat().st_mtime < oldest:
                    os.remove(entry.path)
                    removed += 1
    return removed


def _prune_now_and_then(root: Path) -> None:
    """Prune ``root`` if it was last pruned over a day ago (checked once per process)."""
    if root in _pruned_this_process:
        return
    _pruned_this_process.add(root)
    stamp = root / _PRUNE_STAMP
    with contextlib.suppress(OSError):  # no stamp: never pruned
        if time.time() - stamp.stat().st_mtime < _DAY:
            return
    prune(root)
    with contextlib.suppress(OSError):
        root.mkdir(parents=True, exist_ok=True)
        stamp.touch()


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
