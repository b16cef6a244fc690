"""A target label words what it shares with its paragraph as the paragraph does.

A label (``what``) and its figure restate part of the paragraph they point to, in the same
Chinese. Every word of the label's English must therefore occur in the paragraph's English, in
any grammatical form (compared by their Porter stems, lunr's stemmer, which search uses too:
"lacking" matches "lack", "fostered" "foster"), apart from the few words with which a table
row frames a figure (``FRAME_WORDS``).
"Energy-saving … indicators" beside a paragraph that says "energy conservation" is reported:
a reader comparing the two should find the same words (review 2026-12-06, finding 37).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from lunr.stemmer import PorterStemmer

from ..content.model import Report, Text
from ..content.problems import Problem
from .style import warn

WORD = re.compile(r"[A-Za-z]{2,}")
# Words that carry no wording of their own.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its"}
    | {"of", "on", "or", "our", "than", "that", "the", "their", "to", "was", "were", "whose"}
    | {"with"}
)
# How a row of the targets table frames a figure without the paragraph's verb: "Growth of …"
# (增长, "is projected to grow"), "New …" (新增, "add"), "… in total" and "cumulative total"
# (累计, 达, "bring the number to"), "Breakthroughs sought" (力争, "strive for").
FRAME_WORDS = frozenset({"growth", "new", "total", "cumulative", "sought"})


def check_label_wording(report: Report) -> list[Problem]:
    """Each label and figure uses only words its paragraph's English uses."""
    problems = []
    ids = Counter(p.id for p in report.all_paragraphs())
    for target in report.targets:
        paragraph = report.paragraph(target.paragraph_id)
        if paragraph is None or not paragraph.text.has_english or ids[paragraph.id] > 1:
            continue  # no paragraph, or which one is meant is unclear (a duplicate ID, an error)
        theirs = {_stem(word) for word in _words(paragraph.text.en.text)}
        for text in (target.what, target.figure):
            if not text.has_english:
                continue
            missing = [
                word
                for word in dict.fromkeys(_words(text.en.text))
                if word.casefold() not in FRAME_WORDS and _stem(word) not in theirs
            ]
            if missing:
                problems.append(_differs(text, missing, paragraph.id))
    return problems


def _differs(text: Text, missing: list[str], paragraph_id: str) -> Problem:
    words = ", ".join(f"'{word}'" for word in missing)
    return warn(
        text,
        f"the label's wording differs from paragraph '{paragraph_id}' it points to: {words} "
        "not in the paragraph's English; render the Chinese they share as the paragraph does",
    )


def _words(english: str) -> list[str]:
    return [w for w in WORD.findall(english) if w.casefold() not in STOP_WORDS]


@cache
def _stem(word: str) -> str:
    return str(_STEMMER.stem(word.casefold()))


_STEMMER = PorterStemmer()
