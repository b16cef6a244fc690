"""Compiled templates kept between builds (a Jinja bytecode cache, in memory and on disk).

MkDocs makes a new template environment for every build, so each edition's build, and each
rebuild under `mkdocs serve`, compiled the theme's templates again (about a quarter of a
rebuild's time), and every `mkdocs build` compiled them all once more. The compiled code is held
for the life of the process and kept in the build's cache (``cache.py``), under a digest of
Jinja's key for the template (its name and file), the environment's settings that change the
compiled code (delimiters, whitespace handling, extensions, finalize, autoescape), Jinja's
version and Python's. Jinja checks each entry against a checksum of the template's source (and
its own format's version), so an edited template is compiled afresh."""

from __future__ import annotations

import sys
import threading

import jinja2

from . import cache


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache, held in a dictionary (and, if ``kept``, in the build's cache)."""

    def __init__(self, kept: bool = False) -> None:
        self._compiled: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._kept = kept

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            data = self._compiled.get(bucket.key)
        if data is None and self._kept:
            data = cache.read("templates", _name(bucket))
            if data is not None:
                with self._lock:
                    self._compiled[bucket.key] = data
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja drops it if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        with self._lock:
            self._compiled[bucket.key] = data
        if self._kept:
            cache.keep("templates", _name(bucket), data)


def _name(bucket: jinja2.bccache.Bucket) -> str:
    env = bucket.environment
    settings = (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        sorted(env.extensions),
        env.optimized,
        env.is_async,
        _named(env.finalize),
        _named(env.autoescape),
    )
    return cache.digest([bucket.key, repr(settings), jinja2.__version__, sys.version]) + ".jinja"


def _named(value: object) -> str:
    """A setting that may be a function, by the function's name (its address changes)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return repr(value)


#: One cache for every build of the process (the theme's templates, in each edition's new MkDocs
#: environment, and the renderer's page templates): each is compiled once, then kept.
THEME_TEMPLATES = MemoryBytecodeCache(kept=True)
