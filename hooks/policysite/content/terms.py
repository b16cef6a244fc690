"""Find glossary terms in running text, in Chinese (on jieba tokens) and in English.

Chinese has no spaces, so matching on characters tags 滨城 inside 海滨城市. Instead every term
and variant is added to jieba as a word, the text is cut into tokens, and a term matches where
it starts and ends on token boundaries: 建设滨城 -> 建设/滨城 matches, 海滨城市 -> 海滨/城市 does
not. jieba sometimes cuts a term wrongly in context (以东疆 -> 以东/疆); a term that straddles a
cut still matches when jieba's own model rates the segmentation with the term almost as likely
(within MAX_SPLIT_COST) as the one it chose. Measured: 以东疆 costs 0.6; false hits such as
海滨城市 (13.8), 海滨城区 (11.4), 三新疆 (8.6) and 滨城市 (5.6) cost far more.
Where terms overlap, the longer wins (滨城科创区 over 滨城). The terms' words are added to the
scan's own vocabulary (``vocabulary``), as jieba's ``add_word`` would add them to a new
process's tokenizer; the importer teaches jieba's own tokenizer the same words
(``register_words``) for its ``jieba.cut``.

jieba's dictionary is not loaded: its frequencies are looked up in its file where a scan asks
(``dictionary.py``), which is what made a cold build load 5.3 G instructions less. What a scan
finds is also kept between builds (``cache.py``) under a digest of the glossary's forms,
jieba's version and this module's code: a build whose texts and glossary are unchanged reads
no dictionary, and an edited term or text is scanned afresh (the dictionary is read only where
a term's Chinese form occurs in a text scanned). jieba itself is imported only then too
(``_jieba``, for its patterns): its import, which imports ``pkg_resources``, was a tenth of a
second of every `check` that never used it (a build imports it anyway: Material's search
plugin does).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache as once
from importlib.metadata import version as package_version
from itertools import pairwise
from pathlib import Path
from types import ModuleType

from . import cache
from . import dictionary as dictionary_module
from .dictionary import Vocabulary, dictionary, dictionary_path
from .model import Glossary, Term

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
MAX_SPLIT_COST = 2.0  # natural-log units of jieba's route probability


@once
def _jieba() -> ModuleType:
    """jieba, imported (and quietened) on first use."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


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


def term_words(terms: Iterable[Term]) -> list[str]:
    """The words a glossary teaches the tokenizer, in the order they are added: every term
    and variant, and the Han runs inside quoted variants, of two characters or more."""
    return sorted(
        {
            word
            for term in terms
            for form in term.zh_forms
            for word in (form, *_HAN_RUN.findall(form))
            if len(word) > 1
        }
    )


def vocabulary(terms: Iterable[Term]) -> Vocabulary:
    """jieba's dictionary with the glossary's words added, as a new process's jieba would
    hold them after ``jieba.add_word`` of each (``dictionary.py``)."""
    words = Vocabulary(dictionary(dictionary_path()), cut)
    words.add_words(term_words(terms))
    return words


_registered: set[str] = set()


def register_words(terms: Iterable[Term]) -> None:
    """Teach jieba's own tokenizer every term's words (``term_words``), for the importer,
    which cuts new text with jieba to find words the glossary lacks.

    Idempotent: jieba raises a word's frequency each time it is added again. Words of terms
    that left the glossary are removed.
    """
    wanted = set(term_words(terms))
    jieba = _jieba()
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
        self._words: Vocabulary | None = None  # made at the first form found: reads jieba's
        self._zh: dict[str, list[tuple[str, Term]]] = {}
        for term in glossary.terms:
            for form in term.zh_forms:
                self._zh.setdefault(form[0], []).append((form, term))
        for candidates in self._zh.values():
            candidates.sort(key=lambda item: len(item[0]), reverse=True)
        first_chars = "".join(re.escape(char) for char in sorted(self._zh))
        self._zh_start = re.compile(f"[{first_chars}]" if first_chars else "(?!)")
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
        tokens: _Tokens | None = None
        matches: list[Match] = []
        position = 0
        # Only where some form starts can a term start: the scan jumps from one to the next.
        for found in self._zh_start.finditer(text):
            start = found.start()
            if start < position:
                continue
            for form, term in self._zh[text[start]]:
                end = start + len(form)
                if not text.startswith(form, start):
                    continue
                if tokens is None:  # only here does the scan need jieba's dictionary
                    if self._words is None:
                        self._words = vocabulary(self.glossary.terms)
                    tokens = _Tokens(text, self._words)
                if (tokens.is_boundary(start) and tokens.is_boundary(end)) or _split_cost(
                    text, tokens, start, end
                ) <= MAX_SPLIT_COST:
                    matches.append(Match(start, end, term))
                    position = end
                    break
        return matches

    def _find_en(self, text: str) -> list[Match]:
        return [
            Match(m.start(), m.end(), self._en_lookup[m.group(0).casefold()])
            for m in self._en.finditer(text)
        ]

    def segments(self, text: str, lang: str) -> list[Segment]:
        """``text`` cut into segments; only the first occurrence of each term is annotated."""
        return first_uses(text, self.find(text, lang))


class TermScan:
    """The terms of one glossary found in each text, each text scanned once per build.

    The loader makes one; the glossary and style checks, the pages of every edition (the
    Traditional through its Simplified source) and their "appears in" index all ask it, and a
    text is scanned the first time it is asked for. The matches are shared: never change them.
    What earlier builds found is read from the cache, and ``keep`` stores what this one
    found; jieba's dictionary is read only for a text the cache does not hold.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._matcher: TermMatcher | None = None
        self._found: dict[tuple[str, str], list[Match]] = {}
        # Terms by their place in the glossary (the key holds the order; IDs may repeat in a
        # glossary the checks will refuse, and its messages must be the same warm or cold).
        self._places = {id(term): place for place, term in enumerate(glossary.terms)}
        self._name = f"{scan_key(glossary)}.json"
        self._kept: dict[str, dict[str, list[list[int]]]] = {"zh": {}, "en": {}}
        if (data := cache.read("terms", self._name)) is not None:
            with contextlib.suppress(ValueError):  # a damaged file: scan again
                kept = json.loads(data)
                if isinstance(kept, dict) and all(
                    isinstance(kept.get(k), dict) for k in ["zh", "en"]
                ):
                    self._kept = kept
        self._unkept = False  # something was scanned that the cache does not hold

    @property
    def matcher(self) -> TermMatcher:
        """The glossary's matcher, made for the first text not kept (it reads jieba's
        dictionary when it first finds a Chinese form)."""
        if self._matcher is None:
            self._matcher = TermMatcher(self.glossary)
        return self._matcher

    def find(self, text: str, lang: str) -> list[Match]:
        """``TermMatcher.find``, remembered."""
        key = ("zh" if lang == "zh" else "en", text)
        found = self._found.get(key)
        if found is None:
            kept = self._kept[key[0]].get(text)
            if kept is not None:
                terms = self.glossary.terms
                found = [Match(start, end, terms[place]) for start, end, place in kept]
            else:
                found = self.matcher.find(text, key[0])
                places = self._places
                self._kept[key[0]][text] = [[m.start, m.end, places[id(m.term)]] for m in found]
                self._unkept = True
            self._found[key] = found
        return found

    def segments(self, text: str, lang: str) -> list[Segment]:
        """``text`` cut into segments; only the first occurrence of each term is annotated."""
        return first_uses(text, self.find(text, lang))

    def keep(self) -> None:
        """Store what was found, for the next build."""
        if self._unkept:
            data = json.dumps(self._kept, ensure_ascii=False, sort_keys=True)
            cache.keep("terms", self._name, data.encode("utf-8"))
        self._unkept = False


def scan_key(glossary: Glossary) -> str:
    """A digest of everything a scan's result depends on besides the text: every term's id
    and forms in the glossary's order, jieba's version and dictionary, and the code of this
    module and of the dictionary's lookup."""
    forms = [[term.id, list(term.zh_forms), list(term.en_forms)] for term in glossary.terms]
    return cache.digest(
        [
            json.dumps(forms, ensure_ascii=False),
            package_version("jieba"),  # not imported for this: it is costly (_jieba)
            # a dictionary other than jieba's own, set where jieba was imported (never here)
            (_jieba().dt.dictionary or "") if "jieba" in sys.modules else "",
            Path(__file__).read_bytes(),
            Path(dictionary_module.__file__).read_bytes(),
        ]
    )


def first_uses(text: str, matches: Iterable[Match]) -> list[Segment]:
    """``text`` cut at ``matches``; only the first occurrence of each term is annotated."""
    segments: list[Segment] = []
    seen: set[str] = set()
    cursor = 0
    for match in matches:
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


def cut(text: str, words: Vocabulary) -> list[str]:
    """``jieba.cut(text, HMM=False)`` with the frequencies of ``words``: each block (a run of
    ``jieba.re_han_default``) cut on jieba's route, every other character a token by itself
    but runs of white space (``\r\n`` or one white-space character) kept whole."""
    jieba = _jieba()
    tokens: list[str] = []
    for block in jieba.re_han_default.split(text):
        if not block:
            continue
        if jieba.re_han_default.match(block):
            starts = _block_token_starts(block, 0, words)
            tokens += [block[begin:end] for begin, end in pairwise(starts)]
        else:
            for piece in jieba.re_skip_default.split(block):
                tokens += [piece] if jieba.re_skip_default.match(piece) else list(piece)
    return tokens


class _Tokens:
    """The token boundaries of ``jieba.cut(text, HMM=False)``, worked out only where asked.

    jieba cuts each run of the characters in ``jieba.re_han_default`` (a block) on its own and
    makes every other character a token by itself (``\\r\\n`` stays one token). A position
    outside a block's interior is therefore a boundary without cutting anything, and a block is
    cut (once) only when a question falls strictly inside it: most blocks hold no term and are
    never cut. The answers are those of cutting the whole text.
    """

    def __init__(self, text: str, words: Vocabulary) -> None:
        self.text = text
        self.words = words
        spans = [m.span() for m in _jieba().re_han_default.finditer(text)]  # jieba's blocks
        self._block_starts = [begin for begin, _ in spans]
        self._block_ends = [end for _, end in spans]
        self._cut: dict[int, list[int]] = {}  # block -> its token starts, then its end

    def _starts_inside(self, position: int) -> list[int] | None:
        """Token starts of the block ``position`` lies strictly inside, or None."""
        index = bisect_right(self._block_starts, position) - 1
        if index < 0 or not self._block_starts[index] < position < self._block_ends[index]:
            return None
        starts = self._cut.get(index)
        if starts is None:
            begin, end = self._block_starts[index], self._block_ends[index]
            block = self.text[begin:end]
            starts = self._cut[index] = _block_token_starts(block, begin, self.words)
        return starts

    def _inside_crlf(self, position: int) -> bool:
        return position > 0 and self.text[position - 1 : position + 1] == "\r\n"

    def is_boundary(self, position: int) -> bool:
        starts = self._starts_inside(position)
        if starts is None:
            return not self._inside_crlf(position)
        index = bisect_left(starts, position)
        return starts[index] == position

    def start_at_or_before(self, position: int) -> int:
        starts = self._starts_inside(position)
        if starts is None:
            return position - 1 if self._inside_crlf(position) else position
        return starts[bisect_right(starts, position) - 1]

    def start_at_or_after(self, position: int) -> int:
        starts = self._starts_inside(position)
        if starts is None:
            return position + 1 if self._inside_crlf(position) else position
        return starts[bisect_left(starts, position)]


def _block_token_starts(block: str, offset: int, words: Vocabulary) -> list[int]:
    """Where jieba.cut(block, HMM=False) starts its tokens (plus the block's end), shifted by
    ``offset``: jieba's own route through the block, and, as jieba does, consecutive one-letter
    words of Latin letters or digits joined into one token."""
    _, last = _best_route(block, words)
    latin = _jieba().re_eng  # one-letter words jieba joins
    starts = []
    position, joining = 0, False
    while position < len(block):
        end = last[position] + 1
        single = end - position == 1 and latin.match(block[position]) is not None
        if not (single and joining):
            starts.append(offset + position)
        joining = single
        position = end
    starts.append(offset + len(block))
    return starts


def _split_cost(text: str, tokens: _Tokens, begin: int, end: int) -> float:
    """How much less likely jieba finds the cut that keeps text[begin:end] whole."""
    words = tokens.words
    window_start = tokens.start_at_or_before(begin)
    window_end = tokens.start_at_or_after(end)
    window = text[window_start:window_end]
    inner_begin, inner_end = begin - window_start, end - window_start
    forced = (
        _best_log_probability(window[:inner_begin], words)
        + _word_log_probability(window[inner_begin:inner_end], words)
        + _best_log_probability(window[inner_end:], words)
    )
    return _best_log_probability(window, words) - forced


def _best_log_probability(fragment: str, words: Vocabulary) -> float:
    if not fragment:
        return 0.0
    scores, _ = _best_route(fragment, words)
    return scores[0]


def _best_route(sentence: str, words: Vocabulary) -> tuple[list[float], list[int]]:
    """jieba's best segmentation of ``sentence`` (``Tokenizer.get_DAG`` and ``calc`` in one
    loop, with the same arithmetic and tie-breaking, so the same floats and the same route):
    for each position, the log probability of the best segmentation of the rest, and where the
    first word of that segmentation ends (inclusive)."""
    look_up = words.frequency.__getitem__  # FREQ.get
    log = math.log
    log_total = log(words.total)
    length = len(sentence)
    scores = [0.0] * (length + 1)
    last = [0] * (length + 1)
    for start in range(length - 1, -1, -1):
        best_score, best_last = 0.0, -1
        end = start
        fragment = sentence[start]
        # Every dictionary word starting here (jieba's DAG); FREQ also holds each word's
        # prefixes, with frequency 0, so the loop stops where no word can continue.
        while end < length and (count := look_up(fragment)) is not None:
            if count:
                score = log(count) - log_total + scores[end + 1]
                if best_last < 0 or score >= best_score:  # max((score, end)): ties to the longer
                    best_score, best_last = score, end
            end += 1
            fragment = sentence[start : end + 1]
        if best_last < 0:  # no word: the character on its own
            best_score = log(look_up(sentence[start]) or 1) - log_total + scores[start + 1]
            best_last = start
        scores[start], last[start] = best_score, best_last
    return scores, last


def _word_log_probability(word: str, words: Vocabulary) -> float:
    return math.log(words.get(word) or 1) - math.log(words.total)
