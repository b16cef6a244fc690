"""Small text helpers shared by loader, checks and tools."""

from __future__ import annotations

import hashlib
import unicodedata

HASH_LENGTH = 12


def zh_hash(text: str) -> str:
    """Fingerprint of a Chinese text; an English text records it to detect staleness."""
    normal = unicodedata.normalize("NFC", text.strip())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:HASH_LENGTH]
