"""Invisible and direction-changing characters inside text values, named with line and column.

YAML accepts them, and a reader cannot see them: a zero-width space or a no-break space pasted
from a web page or a word processor splits a glossary term so the glossary check no longer finds
it; a bidirectional override reorders what a reader sees; an escape such as ``\\0`` in a
double-quoted text writes a control character the file itself does not show. ``rawtext`` refuses
control characters written literally in a file, before the parser; this module checks each text
value after it (escapes included) and names the character, its Unicode name and its column.

What is an error and what a warning
    * Error, wherever it stands: control characters written as escapes (``\\0``, ``\\x07``,
      ``\\e``; TAB and line breaks aside), format characters (Unicode category Cf: zero-width
      space, zero-width joiners, word joiner, soft hyphen, a byte-order mark inside text,
      left-to-right and right-to-left marks), the bidirectional embeddings, overrides and isolates
      (U+202A-U+202E, U+2066-U+2069, also Cf), line and paragraph separators (U+2028, U+2029),
      and private-use characters (they show as a box, or as nothing).
    * A no-break space or another special-width space (U+00A0, U+2000-U+200A, U+202F, U+205F):
      an error in Chinese text (a text with Chinese characters, or under a ``zh`` key), where it
      has no use; a warning in English, where it may be deliberate (“No. 1”), but the glossary
      check reads it as a character other than a space (a term written with one is not found).
      Warnings stop a ``--strict`` build, so a published site has none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .problems import Severity

_NAMES = {0: "NULL", 7: "BELL", 8: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
          0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}  # fmt: skip
_SPECIAL_SPACES = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f"
_ALLOWED_CONTROLS = "\t\n\r"
_PASTED = " (it comes from copying out of a web page, a PDF or a word processor)"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# YAML's escapes in double-quoted text: \0 \a \b \e \f \v \N \_ \L \P \xHH \uHHHH \UHHHHHHHH.
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "v": "\v",
                   "N": "\x85", "_": "\u00a0", "L": "\u2028", "P": "\u2029"}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One unwanted character in a text value: where in the file, and what to say."""

    offset: int  # in the file's text
    message: str
    severity: Severity


def character_name(char: str) -> str:
    """``U+200B (ZERO WIDTH SPACE)``."""
    code = ord(char)
    name = unicodedata.name(char, None) or _NAMES.get(code)
    if name is None:
        name = "a control character" if unicodedata.category(char) == "Cc" else "unnamed"
    return f"U+{code:04X} ({name})"


def _kind(char: str) -> str | None:
    """What an unwanted character is, in words; None for an ordinary character."""
    if char in _SPECIAL_SPACES:
        return "space"
    category = unicodedata.category(char)
    if category == "Cc" and char not in _ALLOWED_CONTROLS:
        return "an invisible control character"
    if 0x202A <= ord(char) <= 0x202E or 0x2066 <= ord(char) <= 0x2069:
        return "a bidirectional control character, which changes the order a reader sees"
    if category == "Cf":
        return "an invisible formatting character"
    if category in ("Zl", "Zp"):
        return "an invisible line separator"
    if category == "Co":
        return "a private-use character, which shows as a box or as nothing"
    return None


#: Every character ``_kind`` may flag, and a few more (a quick first look: most texts hold none;
#: a test checks that it covers every character of those categories).
CANDIDATES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u089f"
    "\u08e2\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\ue000-\uf8ff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001345f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f\U000f0000-\U0010ffff]"
)


def _unwanted(value: str) -> bool:
    return any(_kind(found.group()) for found in CANDIDATES.finditer(value))


def find_in_scalar(
    text: str, start: int, end: int, value: str, double_quoted: bool, chinese_key: bool
) -> list[Finding]:
    """Unwanted characters in one text value, whose source is ``text[start:end]``.

    Returns at most one finding per value (the first error, else the first warning), saying
    how many more there are: a paragraph pasted from a word processor can hold dozens."""
    if not _unwanted(value):
        return []
    chinese = chinese_key or bool(_HAN.search(value))
    found: list[tuple[int, str, str]] = []  # offset, character, how it is written
    source = text[start:end]
    position = 0
    while position < len(source):
        char = source[position]
        if double_quoted and char == "\\":
            escape = _ESCAPE.match(source, position)
            if escape is not None:
                written = _decode_escape(escape.group())
                if written is not None and _kind(written):
                    found.append((start + position, written, escape.group()))
                position = escape.end() if escape else position + 1
                continue
        if _kind(char):
            found.append((start + position, char, ""))
        position += 1
    if not found:
        return []
    more = len(found) - 1
    extra = f"; {more} more in this text" if more else ""
    findings = [_finding(offset, char, escape, chinese, extra) for offset, char, escape in found]
    errors = [f for f in findings if f.severity is Severity.ERROR]
    return [(errors or findings)[0]]  # the first error, else the first warning


def _finding(offset: int, char: str, escape: str, chinese: bool, extra: str) -> Finding:
    named = character_name(char)
    if escape:
        return Finding(
            offset,
            f"expected visible text, found the escape '{escape}', which writes {named}, "
            f"{_kind(char)}: delete it{extra}",
            Severity.ERROR,
        )
    if _kind(char) == "space":
        if chinese:
            return Finding(
                offset,
                f"expected no special space in Chinese text, found {named}: delete it{extra}"
                f"{_PASTED}",
                Severity.ERROR,
            )
        return Finding(
            offset,
            f"expected an ordinary space, found {named}: replace it with an ordinary space"
            f"{extra} (the glossary check reads it as a character other than a space)",
            Severity.WARNING,
        )
    origin = "" if "bidirectional" in str(_kind(char)) else _PASTED
    return Finding(
        offset,
        f"expected visible text, found {named}, {_kind(char)}: delete it{extra}{origin}",
        Severity.ERROR,
    )


def _decode_escape(escape: str) -> str | None:
    letter = escape[1]
    if letter in "xuU":
        return chr(int(escape[2:], 16)) if int(escape[2:], 16) < 0x110000 else None
    return _SIMPLE_ESCAPES.get(letter)
