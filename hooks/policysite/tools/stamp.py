"""Record which Chinese text each English translates (the ``zh_hash``), keeping the YAML intact:
comments, formatting, line endings (CRLF stays CRLF) and a byte-order mark all survive."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..content.problems import Problem
from ..content.textutil import hash_scalar, zh_hash
from ..content.yamlio import dump_round_trip, load_round_trip, saved_form, write_text_atomic


def _text_nodes(node: Any, line: int = 0) -> Iterator[Any]:
    if isinstance(node, dict):
        if isinstance(node.get("zh"), str) and isinstance(node.get("en"), dict):
            yield node
        for value in node.values():
            yield from _text_nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _text_nodes(item)


def _zh_span(node: Any) -> range:
    """The 1-based lines a text's Chinese takes: from its ``zh:`` to the line before the next
    key (a long Chinese text runs over several lines)."""
    start = node.lc.key("zh")[0] + 1
    after = [node.lc.key(key)[0] + 1 for key in node if node.lc.key(key)[0] + 1 > start]
    return range(start, min(after) if after else start + 1)


def zh_lines(path: Path) -> list[range]:
    """The lines of each text's Chinese in ``path``, in order."""
    return sorted((_zh_span(node) for node in _text_nodes(load_round_trip(path))), key=min)


def line_problems(paths: Iterable[tuple[Path, str]], lines: Iterable[int]) -> list[Problem]:
    """A Problem for each ``--line`` that is the ``zh:`` of a text in none of the files
    (each given with its name for messages): outside a file, or another line of it."""
    found = {name: (zh_lines(path), len(path.read_bytes().splitlines())) for path, name in paths}
    problems = []
    for line in sorted(set(lines)):
        if any(line in span for spans, _ in found.values() for span in spans):
            continue
        for name, (spans, count) in found.items():
            if not 1 <= line <= count:
                why = f"the file has {count} lines"
            else:
                above = [span.start for span in spans if span.start < line]
                nearest = f"; the nearest above is on line {above[-1]}" if above else ""
                why = f"this line is not the 'zh:' of a text{nearest}"
            problems.append(Problem(name, line, "--line", f"{why}: give the line of the 'zh:' "
                                    "whose English you revised"))  # fmt: skip
    return problems


def stamp_file(path: Path, *, lines: set[int] | None = None, dry_run: bool = False) -> list[int]:
    """Fill in missing ``zh_hash`` values; with ``lines``, also refresh the texts whose Chinese
    is on one of those lines.

    Returns the 1-based lines of the ``zh`` keys that were stamped.
    """
    document = load_round_trip(path)
    stamped: list[int] = []
    for node in _text_nodes(document):
        english = node["en"]
        if english.get("status") == "missing":
            continue
        span = _zh_span(node)
        line = span.start
        current = zh_hash(node["zh"])
        wanted = "zh_hash" not in english or any(given in span for given in lines or ())
        if wanted and english.get("zh_hash") != current:
            english["zh_hash"] = hash_scalar(current)
            stamped.append(line)
    if stamped and not dry_run:
        write_text_atomic(path, dump_round_trip(document), **saved_form(path))
    return stamped
