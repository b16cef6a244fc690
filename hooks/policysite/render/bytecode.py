"""Compiled templates kept for the life of the process (a Jinja bytecode cache in memory).

MkDocs makes a new template environment for every build, so each edition's build, and each
rebuild under `mkdocs serve`, compiled the theme's templates again (about a quarter of a
rebuild's time). Jinja keys each entry by the template's name and file and checks it against a
checksum of the source, so an edited template is compiled afresh."""

from __future__ import annotations

import threading

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache, held in a dictionary."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            data = self._compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            self._compiled[bucket.key] = bucket.bytecode_to_string()


#: One cache for every build of the process: the editions' environments load the same files.
THEME_TEMPLATES = MemoryBytecodeCache()
