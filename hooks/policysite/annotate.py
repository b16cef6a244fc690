"""Find glossary terms in running text, in Chinese (on jieba tokens) and in English.

Chinese has no spaces, so matching on characters tags 滨城 inside 海滨城市. Instead every term
and variant is added to jieba as a word, the text is cut into tokens, and a term matches where
it starts and ends on token boundaries: 建设滨城 -> 建设/滨城 matches, 海滨城市 -> 海滨/城市 does
not. jieba sometimes cuts a term wrongly in context (以东疆 -> 以东/疆); a term that straddles a
cut still matches when jieba's own model rates the segmentation with the term almost as likely
(within MAX_SPLIT_COST) as the one it chose. Measured: 以东疆 costs 0.6; false hits such as
海滨城市 (13.8), 海滨城区 (11.4), 三新疆 (8.6) and 滨城市 (5.6) cost far more.
Where terms overlap, the longer wins (滨城科创区 over 滨城). Words are added to jieba's default
tokenizer, which Material's search plugin also uses, so search segments the terms the same way.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import jieba

from .model import Glossary, Term

jieba.setLogLevel(logging.WARNING)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
MAX_SPLIT_COST = 2.0  # natural-log units of jieba's route probability


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``term`` is set where the piece is a glossary term to annotate."""

    text: str
    term: Term | None = None


_registered: set[str] = set()


def register_words(terms: Iterable[Term]) -> None:
    """Teach jieba every term and variant (and the Han runs inside quoted variants).

    Idempotent: jieba raises a word's frequency each time it is added again, which would make
    segmentation drift between the two language builds and between `mkdocs serve` rebuilds.
    Words of terms that left the glossary are removed.
    """
    wanted = {
        word
        for term in terms
        for form in term.zh_forms
        for word in (form, *_HAN_RUN.findall(form))
        if len(word) > 1
    }
    for word in sorted(_registered - wanted):
        jieba.del_word(word)
    for word in sorted(wanted - _registered):
        jieba.add_word(word)
    _registered.clear()
    _registered.update(wanted)


class TermMatcher:
    """Finds the terms of one glossary in Chinese or English text."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        register_words(glossary.terms)
        self._zh: dict[str, list[tuple[str, Term]]] = {}
        for term in glossary.terms:
            for form in term.zh_forms:
                self._zh.setdefault(form[0], []).append((form, term))
        for candidates in self._zh.values():
            candidates.sort(key=lambda item: len(item[0]), reverse=True)
        english = sorted(
            {(form, term.id) for term in glossary.terms for form in term.en_forms},
            key=lambda item: len(item[0]),
            reverse=True,
        )
        self._en_terms = {term.id: term for term in glossary.terms}
        self._en_lookup = {form.casefold(): self._en_terms[tid] for form, tid in english}
        pattern = "|".join(re.escape(form) for form, _ in english)
        self._en = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)

    def find(self, text: str, lang: str) -> list[Match]:
        """Every occurrence of every term, left to right, longest first, never overlapping."""
        return self._find_zh(text) if lang == "zh" else self._find_en(text)

    def _find_zh(self, text: str) -> list[Match]:
        tokens = list(jieba.cut(text, HMM=False))
        starts = [0]
        for token in tokens:
            starts.append(starts[-1] + len(token))
        boundaries = set(starts)
        matches: list[Match] = []
        position = 0
        while position < len(text):
            for form, term in self._zh.get(text[position], ()):
                end = position + len(form)
                if text.startswith(form, position) and (
                    (position in boundaries and end in boundaries)
                    or _split_cost(text, starts, position, end) <= MAX_SPLIT_COST
                ):
                    matches.append(Match(position, end, term))
                    position = end
                    break
            else:
                position += 1
        return matches

    def _find_en(self, text: str) -> list[Match]:
        return [
            Match(m.start(), m.end(), self._en_lookup[m.group(0).casefold()])
            for m in self._en.finditer(text)
        ]

    def segments(self, text: str, lang: str) -> list[Segment]:
        """``text`` cut into segments; only the first occurrence of each term is annotated."""
        segments: list[Segment] = []
        seen: set[str] = set()
        cursor = 0
        for match in self.find(text, lang):
            if match.term.id in seen:
                continue
            seen.add(match.term.id)
            if match.start > cursor:
                segments.append(Segment(text[cursor : match.start]))
            segments.append(Segment(text[match.start : match.end], match.term))
            cursor = match.end
        if cursor < len(text):
            segments.append(Segment(text[cursor:]))
        return segments


def _split_cost(text: str, starts: list[int], begin: int, end: int) -> float:
    """How much less likely jieba finds the cut that keeps text[begin:end] whole."""
    window_start = starts[bisect_right(starts, begin) - 1]
    window_end = starts[bisect_left(starts, end)]
    window = text[window_start:window_end]
    inner_begin, inner_end = begin - window_start, end - window_start
    forced = (
        _best_log_probability(window[:inner_begin])
        + _word_log_probability(window[inner_begin:inner_end])
        + _best_log_probability(window[inner_end:])
    )
    return _best_log_probability(window) - forced


def _best_log_probability(fragment: str) -> float:
    if not fragment:
        return 0.0
    tokenizer = jieba.dt
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(fragment, tokenizer.get_DAG(fragment), route)
    return route[0][0]


def _word_log_probability(word: str) -> float:
    tokenizer = jieba.dt
    return math.log(tokenizer.FREQ.get(word) or 1) - math.log(tokenizer.total)
