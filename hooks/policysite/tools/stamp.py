"""Record which Chinese text each English translates (the ``zh_hash``), keeping the YAML intact."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..content.textutil import hash_scalar, zh_hash
from ..content.yamlio import dump_round_trip, load_round_trip, write_text_atomic


def _text_nodes(node: Any, line: int = 0) -> Iterator[Any]:
    if isinstance(node, dict):
        if isinstance(node.get("zh"), str) and isinstance(node.get("en"), dict):
            yield node
        for value in node.values():
            yield from _text_nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _text_nodes(item)


def stamp_file(path: Path, *, lines: set[int] | None = None, dry_run: bool = False) -> list[int]:
    """Fill in missing ``zh_hash`` values; with ``lines``, also refresh the texts on those lines.

    Returns the 1-based lines of the ``zh`` keys that were stamped.
    """
    document = load_round_trip(path)
    stamped: list[int] = []
    for node in _text_nodes(document):
        english = node["en"]
        if english.get("status") == "missing":
            continue
        line = node.lc.key("zh")[0] + 1
        current = zh_hash(node["zh"])
        wanted = "zh_hash" not in english or (lines is not None and line in lines)
        if wanted and english.get("zh_hash") != current:
            english["zh_hash"] = hash_scalar(current)
            stamped.append(line)
    if stamped and not dry_run:
        write_text_atomic(path, dump_round_trip(document))
    return stamped
