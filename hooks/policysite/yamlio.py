"""YAML in and out: safe loading that remembers line numbers, and round-trip writing.

Loading uses ruamel.yaml's round-trip loader (YAML 1.2, safe: it builds only plain mappings,
lists and scalars) so that every value can be traced back to its line. Writing keeps comments,
key order and formatting, and replaces the file atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .problems import Problem

KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """``('sections', 2, 'title', 'en')`` -> ``sections[2].title.en``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass
class LoadedYaml:
    """A YAML document as plain Python data, with the line of every key and list item."""

    file: str  # repository-relative path, used in messages
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int:
        """Line of the nearest node on ``path`` that has a known line (1 for the root)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line:
                return line
        return 1

    def problem(self, path: KeyPath, message: str, **kwargs: Any) -> Problem:
        return Problem(self.file, self.line_of(path), format_key_path(path), message, **kwargs)


class _DatesAsTextConstructor(RoundTripConstructor):
    """Keeps dates as the text typed, so a bad date such as 2024-13-10 is reported by the
    schema instead of crashing the parser. A subclass: registering on ruamel's shared class
    would change how every later round-trip load in the process reads dates."""


_DatesAsTextConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


def _validating_yaml() -> YAML:
    """Round-trip loader (for line numbers) for validation."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsTextConstructor
    return yaml


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long Chinese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _to_plain(node: Any, path: KeyPath, lines: dict[KeyPath, int]) -> Any:
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key in node:
            child = (*path, str(key))
            with contextlib.suppress(KeyError, TypeError):
                lines[child] = node.lc.key(key)[0] + 1
            out[str(key)] = _to_plain(node[key], child, lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            child = (*path, index)
            with contextlib.suppress(KeyError, TypeError, IndexError):
                lines[child] = node.lc.item(index)[0] + 1
            items.append(_to_plain(item, child, lines))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime | dt.date):
        # YAML timestamps become ISO text, so `date: 2024-01-10` means what it looks like.
        return node.isoformat()
    return node


def parse_yaml_text(text: str, file: str) -> LoadedYaml | Problem:
    """Parse YAML text; a syntax error comes back as a Problem with its line."""
    try:
        document = _validating_yaml().load(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        first = exc.context_mark.line + 1 if exc.context_mark else None
        key = _duplicate_key_name(str(exc.problem))
        where = f" (first at line {first})" if first else ""
        return Problem(file, line, "", f"duplicate key {key}{where}")
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return Problem(
            file,
            line,
            "",
            f"YAML syntax error: {what} (check the indentation, colons and quotes on this line "
            "and the one before)",
        )
    lines: dict[KeyPath, int] = {}
    return LoadedYaml(file, _to_plain(document, (), lines), lines)


def _duplicate_key_name(problem: str) -> str:
    # ruamel says: found duplicate key "zh" with value "..." (original value: "...")
    start = problem.find('"')
    end = problem.find('"', start + 1)
    return f"'{problem[start + 1 : end]}'" if 0 <= start < end else "(unnamed)"


def load_yaml_file(path: Path, root: Path) -> LoadedYaml | Problem:
    """Read and parse one YAML file; problems (unreadable, not UTF-8, bad syntax) are returned."""
    file = relative_name(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(file, 0, "", f"cannot read the file ({exc.strerror})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(file, line, "", "the file is not UTF-8 text; save it with UTF-8 encoding")
    return parse_yaml_text(text, file)


def relative_name(path: Path, root: Path) -> str:
    """Path as shown in messages: relative to the repository, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- round-trip editing (used by the staff tools) -------------------------------------------


def load_round_trip(path: Path) -> Any:
    """Load a YAML file keeping comments, order and formatting, for editing in place."""
    return parse_round_trip(path.read_text(encoding="utf-8"))


def parse_round_trip(text: str) -> Any:
    """Parse YAML text keeping comments, order and formatting, for editing in place."""
    return _round_trip_yaml().load(text)


def dump_round_trip(document: Any) -> str:
    stream = io.StringIO()
    _round_trip_yaml().dump(document, stream)
    return stream.getvalue()


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see either the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o777)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
