"""Small text helpers shared by the loader, the checks, the renderer and the tools."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

HASH_LENGTH = 12
#: What counts as blank at the ends of a line of Chinese text: spaces, TABs, the full-width
#: space and a byte-order mark (the importer's outline and the fidelity check agree on it).
BLANKS = " \t\u3000\ufeff"
#: English month names (not the locale's: the site's English is English whatever the machine).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def is_han(char: str) -> bool:
    """A Chinese character: CJK unified ideographs, their extensions and compatibility forms."""
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


def zh_hash(text: str) -> str:
    """Fingerprint of a Chinese text; an English text records it to detect staleness."""
    normal = unicodedata.normalize("NFC", text.strip())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:HASH_LENGTH]


_LOOKS_NUMERIC = re.compile(r"^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?$")


def hash_scalar(value: str) -> str:
    """``value`` ready to write into YAML: a fingerprint made only of digits (or such as
    123e456...) would be read back as a number, so those are written in quotes."""
    if _LOOKS_NUMERIC.match(value):
        return DoubleQuotedScalarString(value)
    return value
