"""Small text helpers shared by loader, checks and tools."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

HASH_LENGTH = 12
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
