"""Results the build keeps between runs: each YAML file's parse, the glossary terms found in
each text, the theme's compiled templates, share-card images, slimmed stylesheets, pages'
conversions and HTML, schema verdicts and the variant forms of Chinese characters, each costly
to make and the same from build to build.

They are kept outside the repository and the site, in one SQLite file (``DATABASE``) in
``$POLICYSITE_CACHE``, else in the user's cache folder (``~/.cache/policysite``). Each result
is stored under its kind and a digest of everything it is made from (for computed ones, the
code that computes it too), so a stale one is never read; a cache that cannot be read or
written only costs time, and a damaged file is started again. Each write is a transaction, so
a build killed mid-write leaves no half result, and builds side by side (the tests' workers)
share the file.

One file, not one per result: a cold build keeps some 460 results at one report. On ext4
without a journal (as on the machine the benchmarks ran on), each new file's inode is found by
scanning past every inode freed in the last minute or more: with a file per result, the
kernel's share of a cold build was about 0.25 CPU s more than with the results on tmpfs.

Reading a result renews its time of use (at most once a day, so a warm build writes nothing),
and results nobody has read for ``UNUSED_DAYS`` (pages' HTML: ``UNUSED_DAYS_OF_KIND``) are
removed when a process first uses the cache, at most once a day: an edited text's old term
scan, a retitled page's old share card and a changed template's old compiled form would
otherwise stay for good.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

UNUSED_DAYS = 30
# Kinds that fill faster are kept for less: a retitled chapter changes every page's navigation,
# and so every page's kept HTML (some 15 KB a page, 1.5 MB for the site and 70 MB at 50 reports).
UNUSED_DAYS_OF_KIND = {"pages": 7}
DATABASE = "results.sqlite3"
DAY = 24 * 60 * 60
PRUNED = ("cache", "pruned")  # the row whose time of use is when the cache was last pruned
_WAIT_SECONDS = 60.0  # for another process's write to finish
_DAMAGED = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
_TABLE = """CREATE TABLE IF NOT EXISTS results (
    kind TEXT NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL, used REAL NOT NULL,
    PRIMARY KEY (kind, name))"""

_SELECT = "SELECT data, used FROM results WHERE kind = ? AND name = ?"
_RENEW = "UPDATE results SET used = ? WHERE kind = ? AND name = ?"

_lock = threading.Lock()  # a connection per cache and process, shared by `serve`'s threads
_connections: dict[tuple[Path, int], sqlite3.Connection | None] = {}  # None: cannot be used
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
    with _lock:
        db = _connection(cache_root())
        try:
            found = db.execute(_SELECT, (kind, name)).fetchone() if db else None
            if db is None or found is None:
                return None
            now = time.time()
            if found[1] < now - DAY:  # in use: not to be pruned (renewed once a day at most)
                db.execute(_RENEW, (now, kind, name))
            return bytes(found[0])
        except sqlite3.Error:
            return None


def keep(kind: str, name: str, data: bytes) -> None:
    """Keep ``data`` as ``kind/name`` (replacing what was kept there), in one transaction."""
    with _lock:
        db = _connection(cache_root())
        with contextlib.suppress(sqlite3.Error):
            if db:
                row = (kind, name, data, time.time())
                db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", row)


def names(kind: str, root: Path | None = None) -> list[str]:
    """The names of the results of ``kind`` kept in the cache at ``root`` (else the current
    one), in order."""
    with _lock:
        db = _connection(cache_root() if root is None else root)
        try:
            query = "SELECT name FROM results WHERE kind = ? ORDER BY name"
            return [name for (name,) in db.execute(query, (kind,))] if db else []
        except sqlite3.Error:
            return []


def prune(root: Path, now: float | None = None) -> int:
    """Remove the results in the cache at ``root`` unread for ``UNUSED_DAYS`` (or their kind's
    own number of days); the number removed."""
    with _lock:
        db = _connection(root, prune_due=False)
        try:
            return _prune(db, time.time() if now is None else now) if db else 0
        except sqlite3.Error:
            return 0


def _prune(db: sqlite3.Connection, now: float) -> int:
    removed = 0
    for kind, days in UNUSED_DAYS_OF_KIND.items():
        query = "DELETE FROM results WHERE kind = ? AND used < ?"
        removed += db.execute(query, (kind, now - days * DAY)).rowcount
    others = (*UNUSED_DAYS_OF_KIND, PRUNED[0])
    query = f"DELETE FROM results WHERE kind NOT IN ({', '.join('?' * len(others))}) AND used < ?"
    removed += db.execute(query, (*others, now - UNUSED_DAYS * DAY)).rowcount
    db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, x'', ?)", (*PRUNED, now))
    return removed


def _connection(root: Path, prune_due: bool = True) -> sqlite3.Connection | None:
    """This process's connection to the cache at ``root`` (None if it cannot be used), opened
    on first use (a child process opens its own), and pruned if that is due (once a process)."""
    key = (root, os.getpid())
    if key not in _connections:
        _connections[key] = _opened(root / DATABASE)
    db = _connections[key]
    if db is not None and prune_due and root not in _pruned_this_process:
        _pruned_this_process.add(root)
        with contextlib.suppress(sqlite3.Error):
            last = db.execute("SELECT used FROM results WHERE kind = ? AND name = ?", PRUNED)
            row = last.fetchone()
            if row is None or row[0] < time.time() - DAY:
                _prune(db, time.time())
    return db


def _opened(path: Path) -> sqlite3.Connection | None:
    """A connection to the cache file at ``path``, made if missing and made again if damaged."""
    for attempt in (1, 2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                path, timeout=_WAIT_SECONDS, isolation_level=None, check_same_thread=False
            )
            try:
                db.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
                db.execute("PRAGMA synchronous = NORMAL")  # a crash loses results, never the file
                db.execute(_TABLE)
            except sqlite3.Error:
                db.close()
                raise
            return db
        except sqlite3.Error as error:
            if attempt == 2 or getattr(error, "sqlite_errorcode", None) not in _DAMAGED:
                return None
            for suffix in ("", "-wal", "-shm"):  # the file and SQLite's own beside it
                with contextlib.suppress(OSError):
                    os.remove(path.with_name(path.name + suffix))
        except OSError:
            return None
    return None
