"""Stable, readable IDs for imported headings: pinyin of the heading's key words.

``坚持深化改革、扩大开放,深入实施改革开放先行区建设工程`` -> ``gaige-kaifang-xianxingqu``, with
paragraph IDs prefixed by the initials (``gkkx-03``), in the manner of the hand-made 2024 IDs
(``beijing-tianjin-hebei``, ``bth-03``). The same heading always gives the same ID; a clash
within a report gets a number (``-2``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba
from pypinyin import Style, lazy_pinyin

from ..checks.ids import RESERVED_PAGE_IDS

MAX_WORDS = 3
MAX_SLUG_CHARS = 28
MAX_PREFIX_CHARS = 4
_CLAUSES = re.compile(r"[，,；;：:、。！？!?]")
#: Leading verbs and adverbs that say how, not what (深入实施 / 坚持 / 加快推进 ...).
_LEADING = re.compile(
    r"^(?:(?:深入|全面|持续|加快|大力|扎实|切实|着力|不断|进一步|积极|稳步|全力|坚定|更加|"
    r"坚持|推进|推动|实施|深化|强化|加强|提升|做好|抓好|打造|建设|聚焦|围绕|促进|优化|"
    r"完善|健全|构建|培育|发展|落实)+)"
)
_SKIP_WORDS = frozenset(["的", "和", "与", "及", "等", "之", "在", "为", "对", "中", "年", "是"])


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """A tokenizer of its own: words the glossary adds to jieba's default must not change IDs."""
    return jieba.Tokenizer()


def key_phrase(heading: str) -> str:
    """The part of a heading that names its subject: the last clause (where long headings put
    the project or field), without leading verbs."""
    clauses = [c for c in _CLAUSES.split(heading) if re.search(r"[\u4e00-\u9fffA-Za-z0-9]", c)]
    if not clauses:
        return heading
    clause = clauses[-1] if len(clauses[-1]) >= 4 or len(clauses) == 1 else clauses[0]
    stripped = _LEADING.sub("", clause)
    return stripped if len(stripped) >= 2 else clause


def words(heading: str) -> list[str]:
    """Pinyin words of the key phrase: ``gaige``, ``kaifang``..."""
    found = []
    for word in _tokenizer().cut(key_phrase(heading)):
        if word in _SKIP_WORDS or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", word):
            continue
        syllables = lazy_pinyin(word, errors="default")
        ascii_word = re.sub(r"[^a-z0-9]", "", "".join(syllables).lower())
        if ascii_word:
            found.append(ascii_word)
        if sum(not w.isdigit() for w in found) == MAX_WORDS:  # a year does not count
            break
    return found


def slug(heading: str, fallback: str) -> str:
    """``gaige-kaifang-xianxingqu``; ``fallback`` when the heading has no usable word."""
    joined = ""
    for word in words(heading):
        candidate = f"{joined}-{word}" if joined else word
        if len(candidate) > MAX_SLUG_CHARS and joined:
            break
        joined = candidate[:MAX_SLUG_CHARS].strip("-")
    return joined or fallback


def initials(heading: str, fallback: str) -> str:
    """First letters of the key phrase's syllables: ``gkkx``."""
    key = re.sub(r"^[0-9]+年?", "", key_phrase(heading))
    letters = lazy_pinyin(key, style=Style.FIRST_LETTER, errors="ignore")
    found = re.sub(r"[^a-z]", "", "".join(letters).lower())[:MAX_PREFIX_CHARS]
    return found or fallback


class IdRegistry:
    """IDs already taken in one report; ``claim`` makes a candidate unique."""

    def __init__(self, reserved: frozenset[str] = RESERVED_PAGE_IDS) -> None:
        self.taken: set[str] = set(reserved)

    def claim(self, candidate: str) -> str:
        unique, number = candidate, 2
        while unique in self.taken:
            unique = f"{candidate}-{number}"
            number += 1
        self.taken.add(unique)
        return unique
