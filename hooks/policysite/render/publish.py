"""Publish a build atomically: build into a staging folder beside the site folder, and put it
in place only when every edition built cleanly; a failed or killed build leaves the old site as
it was. Also what a published site tells crawlers: its ``robots.txt``.

At every instant ``site/`` is a complete site, the old one or the new one: the new build is
swapped in with one atomic exchange of the two folders (Linux ``renameat2`` with
``RENAME_EXCHANGE``), so ``site/`` stays a plain folder for nginx and for copying. Where the
system or its file system cannot exchange (macOS, Windows, some network file systems), the
swap takes two renames; a crash between them leaves the old site in ``.site.previous``, and the
next build puts it back before anything else. One build at a time: a lock file
``.site.lock`` beside the site (an ``flock``, which the system releases when its process dies,
so a build killed with ``kill -9`` leaves no stale lock); a second build waits for the first.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from ..content.crash import StaffError, environment_problem

try:
    import fcntl
except ImportError:  # Windows: builds are not locked there
    fcntl = None  # type: ignore[assignment]

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h
CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


class PublishError(StaffError):
    """The machine would not let the build be published (a full disk, no permission): one line
    for staff; the previous site was kept."""


def drop_sources_in(files: Any, folder: str) -> None:
    """Remove from MkDocs' ``files`` every file read from ``folder`` (the docs folder,
    content/): nothing there is published as it is; pages and data are generated."""
    for file in [f for f in files if _is_within(f.abs_src_path, folder)]:
        files.remove(file)


def _is_within(path: str | None, folder: str) -> bool:
    """Whether file ``path`` lies in ``folder`` (by name: a link there counts as there)."""
    return (
        path is not None and Path(os.path.normpath(folder)) in Path(os.path.normpath(path)).parents
    )


def staging_dir(final: Path) -> Path:
    """Where a build of ``final`` is written first (same parent, so the swap is a rename)."""
    return final.with_name(f".{final.name}.building")


def previous_dir(final: Path) -> Path:
    """Where the old site waits during a two-rename swap (systems that cannot exchange)."""
    return final.with_name(f".{final.name}.previous")


def lock_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.lock")


def exchange(first: Path, second: Path) -> None:
    """Swap two existing paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``;
    ``os.rename`` cannot replace a folder that is not empty).

    Raises OSError; its errno is in CANNOT_EXCHANGE where the system cannot do it."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        raise OSError(errno.ENOSYS, "renameat2 is not available") from None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]  # fmt: skip
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE):
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(second), None, str(first))  # names the site


def recover(final: Path) -> None:
    """Undo what a build killed in the middle left: the old site waiting in ``.site.previous``
    goes back in place if ``site/`` is missing; a half-written staging folder is removed."""
    previous = previous_dir(final)
    if previous.exists() and not os.path.lexists(final):
        os.rename(previous, final)
    discard(previous)
    discard(staging_dir(final))


def publish(staging: Path, final: Path) -> None:
    """Put ``staging`` in place of ``final`` so that ``final`` is always a complete site;
    the old site is removed after the swap."""
    if not os.path.lexists(final):
        os.rename(staging, final)  # nothing to replace: one atomic rename
        return
    try:
        exchange(staging, final)  # staging now holds the old site
    except OSError as error:
        if error.errno not in CANNOT_EXCHANGE:
            raise
        previous = previous_dir(final)  # two renames: recover() covers a crash between them
        discard(previous)
        os.replace(final, previous)
        os.replace(staging, final)
        discard(previous)
    else:
        discard(staging)


def discard(folder: Path) -> None:
    if folder.is_symlink():
        folder.unlink()
    else:
        shutil.rmtree(folder, ignore_errors=True)


class BuildLock:
    """One build of a site at a time: an ``flock`` on ``.site.lock`` beside it. The system
    releases it when the process ends, however it ends; the file is removed on release."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.path = lock_path(final)
        self.file: IO[str] | None = None

    def acquire(self, waiting: Callable[[str], object], poll: float = 0.5) -> None:
        """Take the lock; while another build holds it, say so once (``waiting``) and wait."""
        if fcntl is None:
            return
        told = False
        while True:
            file = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held until release)
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    file.seek(0)
                    holder = file.read().strip() or "unknown"
                    waiting(
                        f"another build of {self.final} is running (process {holder}): "
                        "waiting for it to finish"
                    )
                    told = True
                file.close()
                time.sleep(poll)
                continue
            if _same_file(file, self.path):  # not a file the previous holder just removed
                break
            file.close()
        file.seek(0)
        file.truncate()
        file.write(f"{os.getpid()}\n")
        file.flush()
        self.file = file

    def release(self) -> None:
        if self.file is not None:
            self.path.unlink(missing_ok=True)  # still locked: a waiter re-opens the new file
            self.file.close()
            self.file = None


def _same_file(file: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(file.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


class Publication:
    """One build's publishing: lock, write to staging, then put it in place only if it
    succeeded. ``waiting`` is told, in one line, when another build holds the lock."""

    def __init__(self, final: Path, waiting: Callable[[str], object] = print) -> None:
        self.final = Path(os.path.realpath(final)) if final.is_symlink() else final
        self.staging = staging_dir(self.final)
        self.succeeded = False
        self.lock = BuildLock(self.final)
        try:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            self.lock.acquire(waiting)
            recover(self.final)
        except OSError as error:
            self.lock.release()
            raise self.refusal(error) from None

    def finish(self) -> None:
        """Publish a successful build, or discard a failed one (the old site stays)."""
        try:
            if self.succeeded:
                publish(self.staging, self.final)
            else:
                discard(self.staging)
        except OSError as error:
            with contextlib.suppress(OSError):
                recover(self.final)  # the old site back in place if a rename left none
            raise self.refusal(error) from None
        finally:
            self.lock.release()

    def fail(self, error: BaseException) -> None:
        """The build failed: keep the old site; raise PublishError if the machine is why."""
        self.succeeded = False
        if isinstance(error, OSError) and environment_problem(error):
            raise self.refusal(error)

    def refusal(self, error: OSError) -> PublishError:
        """The one line for a publishing step the machine refused."""
        problem = environment_problem(error) or f"{type(error).__name__}: {error}"
        return PublishError(f"{problem}; nothing was published: {self.kept()}")

    def kept(self) -> str:
        if os.path.lexists(self.final):
            return f"the previous site in {self.final} was kept"
        return f"there is no site in {self.final} yet"


def chained_editions(alternates: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(folder, configuration file) of each edition built after the root one: the entries of
    mkdocs.yml's ``extra.alternate`` that name a ``config``."""
    return [(str(alt["prefix"]), str(alt["config"])) for alt in alternates if alt.get("config")]


def robots_txt(site_url: str, sub_sites: Iterable[str] = ()) -> str:
    """The robots.txt of the site at ``site_url``: allow everything and name its sitemap and
    those of the sites in the folders ``sub_sites`` under it (``"en/"``: crawlers read only the
    root robots.txt). Sitemap lines need absolute addresses, so without a site URL there are none.
    """
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        base = site_url.rstrip("/") + "/"
        lines.append("")
        lines += [f"Sitemap: {base}{folder}sitemap.xml" for folder in ("", *sub_sites)]
    return "\n".join(lines) + "\n"
