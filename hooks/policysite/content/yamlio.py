"""YAML in and out: safe loading that remembers line numbers, and round-trip writing.

Loading for validation composes libyaml's node tree (safe: only mappings, lists and scalars)
so that every value can be traced back to its line, with YAML 1.2 rules for plain scalars.
Writing, for the staff tools, uses ruamel.yaml's round-trip mode, which keeps comments, key
order and formatting, and replaces the file atomically.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML

from . import cache
from .crash import note_processing
from .invisible import find_in_scalar
from .problems import Problem
from .rawtext import check_text, decode, explain_syntax_error, position

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
    #: invisible characters in text values (errors and warnings), for the loader to report
    text_problems: list[Problem] = field(default_factory=list)
    #: a digest of the file's name and text and of the parser's code, when parsed from a file:
    #: ``data`` and ``lines`` follow from it (the schema's verdicts are kept under it)
    source: str | None = None

    def line_of(self, path: KeyPath) -> int:
        """Line of the nearest node on ``path`` that has a known line (1 for the root)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line:
                return line
        return 1

    def problem(self, path: KeyPath, message: str, **kwargs: Any) -> Problem:
        return Problem(self.file, self.line_of(path), format_key_path(path), message, **kwargs)


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long Chinese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def parse_yaml_text(text: str, file: str) -> LoadedYaml | Problem:
    """Parse YAML text; a syntax error or duplicate key comes back as a Problem with its line.

    libyaml (through PyYAML's C composer) builds the node tree with line numbers, about 50
    times faster than ruamel's round-trip loader. Plain scalars are then resolved by YAML 1.2
    rules, as staff editors and the round-trip writer read them (so `no` stays text and a
    date stays the text typed, for the schema to check). Control characters, TAB indentation,
    full-width colons and aliases of whole lists or mappings are refused first (rawtext).
    """
    refused = check_text(text, file)
    if refused is not None:
        return refused
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        return explain_syntax_error(text, file, exc)
    except yaml.YAMLError as exc:  # not expected after check_text; still a message, not a crash
        return Problem(file, 1, "", f"YAML error: {' '.join(str(exc).split())}")
    walk = _Walk(text, file)
    try:
        data = walk.value(node, ()) if node is not None else None
    except _DuplicateKey as duplicate:
        return Problem(
            file,
            duplicate.line,
            "",
            f"duplicate key '{duplicate.key}' (first at line {duplicate.first})",
        )
    except _TooDeep as deep:
        message = f"nested more than {MAX_DEPTH} levels deep: is this the right file?"
        return Problem(file, deep.line, "", message)
    if data is None:
        return Problem(file, 1, "", "the file has no content (it is empty, or only comments)")
    return LoadedYaml(file, data, walk.lines, walk.problems)


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML12_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_YAML12_BOOL = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_YAML12_INT = re.compile(r"[-+]?[0-9]+")
_YAML12_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


MAX_DEPTH = 50  # content is nested about 7 deep; Python's recursion limit is near 1,000


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style:  # quoted or block text (plain is None, or "" from libyaml)
        return value
    if value in _YAML12_NULL:
        return None
    if value in _YAML12_BOOL:
        return _YAML12_BOOL[value]
    if _YAML12_INT.fullmatch(value):
        return int(value)
    if _YAML12_FLOAT.fullmatch(value):
        return float(value)
    return value


class _Walk:
    """Turns the node tree into plain data, noting each key's line and each text value's
    invisible characters."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = str(_scalar(key_node))
                    self.look(key_node, (*path, key))
                else:
                    key = "?"
                line = key_node.start_mark.line + 1
                if key in first_line:
                    raise _DuplicateKey(key, line, first_line[key])
                first_line[key] = line
                self.lines[(*path, key)] = line
                out[key] = self.value(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.value(item, (*path, index)))
            return items
        assert isinstance(node, yaml.ScalarNode)
        self.look(node, path)
        return _scalar(node)

    def look(self, node: yaml.ScalarNode, path: KeyPath) -> None:
        """A problem for the first invisible character in a text value (or key), if any."""
        findings = find_in_scalar(
            self.text,
            node.start_mark.index,
            node.end_mark.index,
            node.value,
            double_quoted=node.style == '"',
            chinese_key="zh" in path,
        )
        for finding in findings:
            line, column = position(self.text, finding.offset)
            key_path = format_key_path(path)
            self.problems.append(
                Problem(self.file, line, key_path, finding.message, finding.severity, column)
            )


def load_yaml_file(path: Path, root: Path, kept: KeptParses | None = None) -> LoadedYaml | Problem:
    """Read and parse one YAML file; problems (unreadable, not UTF-8, bad syntax) are returned.
    With ``kept``, a file whose text is the same as when it was last parsed is not parsed
    again."""
    text = read_content_text(path, root)
    if isinstance(text, Problem):
        return text
    file = relative_name(path, root)
    return kept.parse(text, file) if kept is not None else parsed_once(text, file)


def parsed_once(text: str, file: str) -> LoadedYaml | Problem:
    """``parse_yaml_text``, kept between builds (cache.py) under a digest of the file's name and
    text and of the parser's code: a warm build parses no file it parsed before (parsing was
    about a tenth of loading the content: 20 ms for the glossary, 0.7 ms to read it back).
    A file with a syntax error is parsed afresh every time, and never kept."""
    source = cache.digest([_parser_code(), file, text])
    kept = cache.read("parsed", source)
    if kept is not None:
        try:
            loaded = pickle.loads(kept)
        except Exception:  # a damaged or foreign result is only parsed again
            loaded = None
        if isinstance(loaded, LoadedYaml) and loaded.file == file and loaded.source == source:
            return loaded
    parsed = parse_yaml_text(text, file)
    if isinstance(parsed, LoadedYaml):
        parsed.source = source
        cache.keep("parsed", source, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
    return parsed


@lru_cache(maxsize=1)
def _parser_code() -> bytes:
    """The code a parse's result follows from: this module and the modules it reads text with,
    PyYAML's version (libyaml composes the nodes) and Python's (Unicode's tables)."""
    here = Path(__file__).parent
    names = ("yamlio.py", "rawtext.py", "invisible.py", "problems.py")
    code = b"".join((here / name).read_bytes() for name in names)
    return code + f"{yaml.__version__} {sys.version}".encode()


class KeptParses:
    """The parse of each file, kept for the next load of the same files (`mkdocs serve`
    loads the whole content after every save; a save changes one file).

    A parse is reused only for exactly the same text under the same name, so its line numbers
    are the file's as it is now. What is handed out is shared with every later load: nothing
    may change it (the loader, the model builders and the checks only read it;
    tests/test_preview.py compares what is kept, after whole sites are built from it, with a
    fresh parse)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, LoadedYaml | Problem]] = {}

    def parse(self, text: str, file: str) -> LoadedYaml | Problem:
        kept = self._kept.get(file)
        if kept is not None and kept[0] == text:
            return kept[1]
        parsed = parsed_once(text, file)
        self._kept[file] = (text, parsed)
        return parsed

    def kept(self) -> dict[str, tuple[str, LoadedYaml | Problem]]:
        """Each file's kept text and parse, by name (for tests)."""
        return dict(self._kept)


OUTSIDE = (
    "is outside the repository (through a link or '..'): content must be inside it; copy the "
    "file in instead"
)


def read_content_text(path: Path, root: Path) -> str | Problem:
    """A content file's text; a link out of the repository, or text that is not UTF-8, is a
    Problem (the file is not read through such a link, so nothing of it is echoed)."""
    file = relative_name(path, root)
    note_processing(file)
    if not is_inside(path, root):
        return Problem(file, 1, "", OUTSIDE)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(file, 0, "", f"cannot read the file ({exc.strerror})")
    return decode(raw, file)


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link followed, is inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def relative_name(path: Path, root: Path) -> str:
    """Path as shown in messages: relative to the repository, with forward slashes."""
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- round-trip editing (used by the staff tools) -------------------------------------------


def load_round_trip(path: Path) -> Any:
    """Load a YAML file keeping comments, order and formatting, for editing in place."""
    return parse_round_trip(path.read_text(encoding="utf-8-sig"))


def parse_round_trip(text: str) -> Any:
    """Parse YAML text keeping comments, order and formatting, for editing in place."""
    return _round_trip_yaml().load(text)


def dump_round_trip(document: Any) -> str:
    stream = io.StringIO()
    _round_trip_yaml().dump(document, stream)
    return stream.getvalue()


def saved_form(path: Path) -> dict[str, str]:
    """How ``path`` was saved (line endings, a byte-order mark), as ``write_text_atomic``'s
    arguments: a file written back keeps them (a Windows editor's CRLF stays CRLF)."""
    raw = path.read_bytes()
    end = raw.find(b"\n")
    return {
        "newline": "\r\n" if end > 0 and raw[end - 1 : end] == b"\r" else "\n",
        "encoding": "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8",
    }


def write_text_atomic(path: Path, text: str, newline: str = "\n", encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` so that readers see either the old or the new file, never half
    (each ``\\n`` of ``text`` written as ``newline``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o777)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
