"""Unexpected errors (bugs): one line for staff, the details in a log file for developers.

Mistakes in content are Problems with a file and line. Anything else that goes wrong is a bug
in the tools; staff get one line naming the file being processed, what to do (report it) and
where the details are, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import platform
import sys
import tempfile
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from .problems import ContentError

LOG_NAME = "policysite-error.log"  # in the repository (ignored by git), else the temp folder

_processing: ContextVar[str | None] = ContextVar("processing", default=None)


def note_processing(what: str | None) -> None:
    """Remember which file is being worked on, for the message if something goes wrong."""
    _processing.set(what)


def processing() -> str | None:
    return _processing.get()


class StaffError(Exception):
    """Not a bug: the machine or the setup stopped the work (a full disk, another build
    running). The message is the one line to show staff."""


# OSErrors the machine causes, not the tools: what each means for staff, and what to do.
ENVIRONMENT_ERRORS = {
    errno.ENOSPC: "the disk is full: free some space and try again",
    errno.EDQUOT: "the disk quota is used up: free some space and try again",
    errno.EACCES: "permission denied: check who may write there (ls -l) and try again",
    errno.EPERM: "operation not permitted: check who may write there (ls -l) and try again",
    errno.EROFS: "the disk is read-only",
}


def environment_problem(error: BaseException) -> str | None:
    """One line for an error the machine causes (a full disk, no permission), or None."""
    if not isinstance(error, OSError) or error.errno not in ENVIRONMENT_ERRORS:
        return None
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{ENVIRONMENT_ERRORS[error.errno]} ({error.strerror})"


def report_crash(error: BaseException, log_dir: Path, action: str) -> str:
    """Write the details of ``error`` to a log file; return the one line to show staff."""
    log = _write_log(error, log_dir, action)
    where = processing()
    subject = f"{action} (processing {where})" if where else action
    summary = " ".join(str(error).split())[:160]
    detail = f"{type(error).__name__}: {summary}" if summary else type(error).__name__
    return (
        f"unexpected error while {subject}: {detail}. This is a bug in the site's tools, not a "
        f"mistake of yours: please report it with the file {log}, which holds the details"
    )


Hook = TypeVar("Hook", bound=Callable[..., Any])


def guarded(failure: type[Exception], action: str, own: tuple[str, ...]) -> Callable[[Hook], Hook]:
    """A decorator: a bug in ``hook`` becomes ``failure(one line)``, details in the log;
    content errors become ``failure`` with their list of problems.

    Exceptions of type ``failure``, those defined in the modules named by ``own`` (the
    framework's own, which it reports itself), and errors the machine causes (a full disk:
    ``environment_problem``, for the framework's error event) pass through unchanged."""

    def decorate(hook: Hook) -> Hook:
        @functools.wraps(hook)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return hook(*args, **kwargs)
            except ContentError as error:  # a clean, complete list of problems
                raise failure(f"content has errors:\n{error}") from None
            except failure:
                raise
            except StaffError as error:
                raise failure(str(error)) from None
            except Exception as error:
                if type(error).__module__.startswith(own) or environment_problem(error):
                    raise
                raise failure(report_crash(error, Path.cwd(), action)) from None

        return run  # type: ignore[return-value]

    return decorate


def _write_log(error: BaseException, log_dir: Path, action: str) -> Path:
    text = "".join(
        [
            f"{dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')} while {action}"
            f" {processing() or ''}\n",
            f"command: {' '.join(sys.argv)}\n",
            f"python {platform.python_version()} on {platform.platform()}\n\n",
            *traceback.format_exception(error),
        ]
    )
    for folder in (log_dir, Path(tempfile.gettempdir())):
        path = folder / LOG_NAME
        try:
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return path.absolute()
    return Path(tempfile.gettempdir()) / LOG_NAME
