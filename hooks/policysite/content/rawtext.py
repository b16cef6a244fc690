"""Limits and plain-word diagnoses for content files, before and after the YAML parser sees them.

The parser's own messages name a position in "<unicode string>" (control characters), a line
two lines after an unclosed quote, or nothing useful for a full-width colon. These checks read
the raw text and name the file, the line (and column) and the cause a person can fix. They also
bound what the parser may build: a few hundred bytes of nested aliases expand to gigabytes, so
an alias may only repeat a single value, never a list or a mapping.
"""

from __future__ import annotations

import codecs
import re

import yaml

from .problems import Problem

MAX_CONTENT_BYTES = 10_000_000  # the whole 2024 report is 0.2 MB

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What YAML does not allow in a file (C0 controls but TAB/LF/CR, DEL, C1 but NEL, surrogates,
# non-characters): libyaml stops at the first with a position in characters, not a line.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "ESC", 0x7F: "DEL"}  # fmt: skip
_KEY = r"^[ \t\u3000]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*)"
FULL_WIDTH_COLON = re.compile(_KEY + r"[ \t\u3000]*：")
NO_SPACE_AFTER_COLON = re.compile(_KEY + r":(?=[^\s/])")
BAD_INDENT = re.compile(r"^ *([\t\u3000])")
_OPENING_QUOTE = re.compile(_KEY + r":[ \t]+([\"'])(.*)$|^[ \t]*-[ \t]+([\"'])(.*)$")


def decode(raw: bytes, file: str) -> str | Problem:
    """UTF-8 text (a byte-order mark is dropped), or a Problem naming the encoding found."""
    if len(raw) > MAX_CONTENT_BYTES:
        return Problem(
            file,
            0,
            "",
            f"the file is {len(raw) / 1e6:.0f} MB; content files are far smaller (limit "
            f"{MAX_CONTENT_BYTES // 1_000_000} MB): check that this is the right file",
        )
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return Problem(file, 1, "", "the file is UTF-32 text; save it with UTF-8 encoding")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Problem(file, 1, "", "the file is UTF-16 text; save it with UTF-8 encoding")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(file, line, "", f"the file is not UTF-8 text{_guess(raw)}; save it with "
                       "UTF-8 encoding")  # fmt: skip


def _guess(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    if re.search(rb"[\x81-\xfe][\x40-\xfe]", raw):
        return " (it looks like GBK, the Chinese Windows encoding)"
    return ""


def check_text(text: str, file: str) -> Problem | None:
    """The first thing in ``text`` that YAML or our content rules cannot accept, if any."""
    for finder in (_control_character, _bad_indent, _full_width_colon, _aliased_collection):
        problem = finder(text, file)
        if problem is not None:
            return problem
    return None


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character of ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _control_character(text: str, file: str) -> Problem | None:
    found = CONTROL.search(text)
    if found is None:
        return None
    line, column = position(text, found.start())
    code = ord(found.group())
    name = _CONTROL_NAMES.get(code, "a control character")
    more = len(CONTROL.findall(text)) - 1
    extra = f"; {more} more in this file" if more else ""
    return Problem(
        file,
        line,
        "",
        f"invisible control character U+{code:04X} ({name}): delete it{extra} (it often comes "
        "from copying out of a PDF or a word processor)",
        column=column,
    )


def _bad_indent(text: str, file: str) -> Problem | None:
    for number, line in enumerate(text.split("\n"), start=1):
        found = BAD_INDENT.match(line)
        if found:
            what = "a TAB" if found.group(1) == "\t" else "a full-width space (U+3000)"
            return Problem(
                file,
                number,
                "",
                f"{what} in the indentation (column {found.start(1) + 1}): indent with "
                "ordinary spaces",
                column=found.start(1) + 1,
            )
    return None


def _full_width_colon(text: str, file: str) -> Problem | None:
    for number, line in enumerate(text.split("\n"), start=1):
        found = FULL_WIDTH_COLON.match(line)
        if found:
            key = found.group(1)
            return Problem(
                file,
                number,
                "",
                f"full-width colon '：' after '{key}': YAML needs an ASCII colon and a space "
                f"('{key}: ')",
            )
    return None


def _aliased_collection(text: str, file: str) -> Problem | None:
    """An alias (``*name``) may repeat one value; repeating a list or mapping is refused."""
    if "*" not in text or "&" not in text:
        return None
    collections: set[str] = set()
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, yaml.CollectionStartEvent) and event.anchor:
                collections.add(event.anchor)
            elif isinstance(event, yaml.AliasEvent) and event.anchor in collections:
                return Problem(
                    file,
                    event.start_mark.line + 1 if event.start_mark else 1,
                    "",
                    f"alias '*{event.anchor}' repeats a whole list or mapping: content may not "
                    "do that (nested aliases can expand without limit); write the values out",
                )
    except yaml.YAMLError:
        return None  # a syntax error: the parser reports it with its line
    return None


def explain_syntax_error(text: str, file: str, error: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error at the line a person must fix, with its likely cause named."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.split("\n")
    for number, content in enumerate(lines[:line], start=1):
        if _unclosed_quote(content):
            return Problem(
                file,
                number,
                "",
                "YAML syntax error: a quote opened on this line is not closed (end the text "
                "with the same quote mark it starts with)",
            )
    for number in range(max(1, line - 1), min(line, len(lines)) + 1):
        found = NO_SPACE_AFTER_COLON.match(lines[number - 1])
        if found:
            return Problem(
                file,
                number,
                "",
                f"YAML syntax error: no space after the colon of '{found.group(1)}' (write "
                f"'{found.group(1)}: ')",
            )
    owner = _value_then_indented(lines, line)
    if owner is not None:
        number, key = owner
        return Problem(
            file,
            line,
            "",
            f"YAML syntax error: this line is indented under '{key}' (line {number}), which "
            "already has its value on its own line; put that value on an indented line of its "
            "own, or indent this line less",
        )
    what = " ".join(str(part) for part in (error.context, error.problem) if part)
    return Problem(
        file,
        line,
        "",
        f"YAML syntax error: {what} (check the indentation, colons and quotes on this line "
        "and the one before)",
    )


def _unclosed_quote(line: str) -> bool:
    found = _OPENING_QUOTE.match(line)
    if found is None:
        return False
    quote = found.group(2) or found.group(4)
    rest = found.group(3) if found.group(2) else found.group(5)
    if quote == '"':
        return '"' not in re.sub(r"\\.", "", rest)  # an escaped \" does not close it
    return "'" not in rest.replace("''", "")  # '' is a quote inside single quotes


_KEY_WITH_VALUE = re.compile(_KEY + r":[ \t]+[^#\s]")


def _value_then_indented(lines: list[str], line: int) -> tuple[int, str] | None:
    """``en: "text"`` followed by a more indented ``status: edited``: the key and its line."""
    if not 2 <= line <= len(lines):
        return None
    current = lines[line - 1]
    previous_number = next(
        (n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not
         lines[n - 1].lstrip().startswith("#")),
        None,
    )  # fmt: skip
    if previous_number is None:
        return None
    previous = lines[previous_number - 1]
    found = _KEY_WITH_VALUE.match(previous)
    indent = len(current) - len(current.lstrip(" "))
    if found and indent > len(previous) - len(previous.lstrip(" -")) and current.strip():
        return previous_number, found.group(1)
    return None
