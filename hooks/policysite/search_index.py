"""Tune the search index Material writes, so Chinese figures and terms are found.

Material segments each run of Han characters with jieba and marks word breaks with U+200B; a
figure and its unit therefore land in separate words (128 | 家), and a reader typing 128家
finds nothing, because the browser keeps 128家 as one word. Joining a figure with the word
that follows it (128家, 4.8%左右, 18万人) makes both 128家 and 128 match (the browser adds a
trailing wildcard). Every glossary term becomes exactly one word, found by the same matcher
that places the tooltips. The index is also written as UTF-8 instead of \\u escapes, which halves
the size of Chinese text.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

from .annotate import TermMatcher
from .model import Glossary

WORD_BREAK = "\u200b"
_FIGURE_THEN_WORD = re.compile(rf"(\d[\d.,]*%?){WORD_BREAK}(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class IndexSize:
    raw: int
    gzipped: int

    def describe(self) -> str:
        return f"{self.raw / 1024:.1f} KiB raw, {self.gzipped / 1024:.1f} KiB gzipped"


def join_figures(text: str) -> str:
    """``达\u200b120\u200b家`` -> ``达\u200b120家``."""
    return _FIGURE_THEN_WORD.sub(r"\1", text)


def join_terms(text: str, matcher: TermMatcher) -> str:
    """Make each glossary term found in ``text`` exactly one word of the index.

    Material cuts runs of Han characters with jieba on its own, so a term that mixes Han with
    other characters (泰达MSD) or that jieba cuts wrongly in context (以东疆 -> 以东/疆) would
    be lost to a reader typing it. The matcher that places the tooltips decides here too.
    """
    pieces = text.split(WORD_BREAK)
    plain = "".join(pieces)
    breaks = set(accumulate(len(piece) for piece in pieces[:-1]))  # positions in ``plain``
    for match in matcher.find(plain, "zh"):
        breaks.difference_update(range(match.start + 1, match.end))
        breaks.update(p for p in (match.start, match.end) if 0 < p < len(plain))
    # A break goes before the character at its position (none after the last character).
    cuts = [0, *sorted(p for p in breaks if p < len(plain)), len(plain)]
    return WORD_BREAK.join(plain[start:end] for start, end in pairwise(cuts))


def tune_index(
    index: dict[str, Any], lang: str, glossary: Glossary | None = None
) -> dict[str, Any]:
    if lang == "zh":
        matcher = TermMatcher(glossary) if glossary else None
        for doc in index.get("docs", []):
            for field in ("title", "text"):
                value = doc.get(field, "")
                if matcher is not None:
                    value = join_terms(value, matcher)
                doc[field] = join_figures(value)
    return index


def tune_index_file(path: Path, lang: str, glossary: Glossary | None = None) -> IndexSize:
    """Rewrite a built ``search_index.json`` in place; returns its new size."""
    index = json.loads(path.read_text(encoding="utf-8"))
    tuned = tune_index(index, lang, glossary)
    data = json.dumps(tuned, ensure_ascii=False, separators=(",", ":"))
    encoded = data.encode("utf-8")
    path.write_bytes(encoded)
    return IndexSize(len(encoded), len(gzip.compress(encoded, mtime=0)))
