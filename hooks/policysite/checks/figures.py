"""Figures in translations: every quantity in a Chinese text must reappear in its English.

What counts as a quantity is read by ``numbers``.

How the English must render a figure
    * The same value, in digits (thousands separators allowed), with thousand/million/billion
      (1.2 million = 120万, 0.18 million = 18万), or as a lower-case number word (ten, twenty-five).
      A capitalised number word inside a sentence is part of a name (“Ten Actions”, the Fifth
      National Economic Census) and renders no count, mirroring the Chinese rule; it may still
      render a Chinese ordinal (第5届, the Fifth Session).
    * Figures in ASCII digits, never full-width (４.８%) or another script's digits; a percentage
      in digits, never a number word ("six percent"; "one percentage point" may stand).
    * Percent as % or percent; percentage points as "percentage point(s)" or pp; a year as plain
      digits (2024, never 2,024); a month by name; a day or an ordinal (第5) as 5, 5th or fifth.
      English ordinals count only for Chinese ordinals and days: 5家 needs a cardinal.
    * A qualifier by one of its English words near the figure (about 4.8%, 20 or more).
    * Each occurrence needs its own: a figure stated twice in the Chinese must appear twice in the
      English.
    * The reverse check: a figure in digits in the English whose value occurs nowhere in the
      Chinese (not as a figure, not as a Chinese numeral such as 二十 for "20th", not inside a
      name) is reported, except a year, which translators supply for 今年 or 明年.
Signs and directions are not checked: 下降2% and "fall by 2%" state the same figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..content.model import Report
from ..content.problems import Problem
from ..content.textutil import MONTHS
from .coverage import all_texts
from .numbers import QUALIFIER_MARKS, Figure, Quantity, figures_en, quantities_zh, values_in_zh

_EN_RANGE = re.compile(r"\s*(?:-|–|—|~|to|and|or)\s*")
_FLAT_EN = re.compile(
    r"\b(?:flat|unchanged|same level|level with|on (?:a )?par|zero growth|no growth|no change)\b",
    re.IGNORECASE,
)
_FLAT_MISSING = (
    "'持平' (flat: no change) is not rendered in the English (expected flat/unchanged/same level)"
)
_AFTER_CHINESE = 10**9  # sort key offset: English-only problems come after the Chinese ones
_WINDOW = 40  # characters either side of a figure where its qualifier may stand
_EN_QUALIFIERS = {  # qualifier: (words before the figure, words after it, words for messages)
    "about": (
        r"\b(?:about|around|approximately|approx\.|roughly|some|circa)\b",
        r"\b(?:or so|or thereabouts|more or less)\b",
        "about/around/approximately/roughly",
    ),
    "nearly": (
        r"\b(?:nearly|almost|close to|approaching|just under|about|around|approximately|roughly)\b",
        r"\b(?:or so)\b",
        "nearly/almost/close to",
    ),
    "at-least": (
        r"\b(?:at least|more than|over|above|in excess of|exceed(?:s|ing|ed)?|upwards of"
        r"|no (?:less|fewer) than|not (?:less|fewer|lower) than|minimum of|greater than"
        r"|higher than)\b",
        r"^\+|\b(?:or more|or above|or higher|or over|and above|and more|and over|plus"
        r"|at least|at a minimum)\b",
        "at least/more than/over/or more/above",
    ),
    "at-most": (
        r"\b(?:at most|no more than|not more than|up to|within|below|under|less than"
        r"|fewer than|lower than|no higher than|not (?:to )?exceed(?:ing)?|maximum of"
        r"|capped at)\b",
        r"\b(?:or less|or fewer|or below|or lower|or under|at most|at the most)\b",
        "at most/no more than/up to/within/below",
    ),
}
_NEEDS = {
    "percent": "'%' or 'percent'",
    "percentage-points": "'percentage point(s)'",
    "year": "plain digits (2024)",
    "month": "the month's name",
}
_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
#: House style: a percentage is in digits, never a number word ("six percent"); percentage
#: points may be ("up one percentage point").
_IN_DIGITS = {"percent": "a percentage"}
_TO_ASCII = str.maketrans({chr(0xFF10 + n): str(n) for n in range(10)} | {"．": ".", "％": "%"})
_KIND_NAMES = {
    "percent": "a percentage",
    "percentage-points": "in percentage points",
    "ordinal": "an ordinal",
    "month": "a month",
    "cardinal": "a plain number",
}


def check_numbers(zh: str, en: str) -> list[str]:
    """One plain-English message per figure the English gets wrong; ``[]`` when all are right."""
    matching = _Matching(quantities_zh(zh), figures_en(en), en)
    matching.assign_qualified()
    matching.assign_rest()
    matching.explain_missing()
    matching.report_extras(values_in_zh(zh, matching.quantities))
    return [message for _, message in sorted(matching.messages, key=lambda m: m[0])]


# --- matching ----------------------------------------------------------------------------------
@dataclass
class _Matching:
    """Pairs each Chinese figure with an English one and collects what does not pair."""

    quantities: list[Quantity]
    figures: list[Figure]
    en: str
    used: dict[int, int] = field(default_factory=dict)  # figure index -> quantity index
    hinted: set[int] = field(default_factory=set)  # figures quoted as "found" in a message
    messages: list[tuple[int, str]] = field(default_factory=list)  # (position, message)

    def __post_init__(self) -> None:
        self.before, self.after = _windows(self.en, self.figures)
        self.flats = len(_FLAT_EN.findall(self.en))
        self.by_value: dict[Decimal, list[int]] = {}  # a long text has many figures
        for i, f in enumerate(self.figures):
            self.by_value.setdefault(f.value, []).append(i)

    def free(self, q: Quantity) -> list[int]:
        """Unpaired English figures that render ``q``."""
        return [
            i
            for i in self.by_value.get(q.value, [])
            if i not in self.used and _fits(q, self.figures[i])
        ]

    def assign_qualified(self) -> None:
        """First pair qualified figures with English figures that carry the qualifier."""
        for index, q in enumerate(self.quantities):
            if not q.qualifier or q.unit == "flat":
                continue
            before, after, _ = _EN_QUALIFIERS[q.qualifier]
            for i in self.free(q):
                if re.search(before, self.before[i], re.I) or re.search(after, self.after[i], re.I):
                    self.used[i] = index
                    break

    def assign_rest(self) -> None:
        """Pair the other figures; a qualified figure paired here lost its qualifier."""
        paired = set(self.used.values())
        for index, q in enumerate(self.quantities):
            if index in paired:
                continue
            if q.unit == "flat":
                self.flats -= 1
                if self.flats < 0:
                    self.say(q, _FLAT_MISSING)
                continue
            free = self.free(q)
            if not free:
                continue
            self.used[free[0]] = index
            if q.qualifier:
                marker = next((w for w in QUALIFIER_MARKS if w in q.text), q.text)
                words = _EN_QUALIFIERS[q.qualifier][2]
                meaning = q.qualifier.replace("-", " ")
                self.say(
                    q,
                    f"'{marker}' ({meaning}) in '{q.text}' is not rendered in the English "
                    f"(expected {words} with '{self.figures[free[0]].text}')",
                )

    def explain_missing(self) -> None:
        """Say why each unpaired Chinese figure is missing, quoting what the English has."""
        paired = set(self.used.values())
        for index, q in enumerate(self.quantities):
            if index not in paired and q.unit != "flat":
                self.say(q, self.missing(q, index))

    def missing(self, q: Quantity, index: int) -> str:
        """Why ``q`` has no English figure: not in ASCII digits, a wrong unit, too few
        occurrences, a wrong value."""
        head = f"figure '{q.text}' ({_describe(q.value, q.unit)})"
        for i, f in enumerate(self.figures):
            if i in self.used or f.value != q.value:
                continue
            if not f.ascii:  # ４.８%: search and screen readers do not read it as 4.8%
                self.used[i] = index
                return (
                    f"{head} is written '{f.text}' in the English, in full-width or other "
                    f"non-ASCII digits; write it in ASCII digits ({_ascii(f.text)})"
                )
            if not f.digits and f.kind == q.unit and q.unit in _IN_DIGITS:
                self.used[i] = index
                return (
                    f"{head} is written '{f.text}' in the English; write "
                    f"{_IN_DIGITS[q.unit]} in digits ({_in_digits(q)})"
                )
        for i, f in enumerate(self.figures):
            if i not in self.used and f.value == q.value and f.digits:  # the unit is wrong
                self.used[i] = index
                kind = "" if f.kind == "cardinal" else f", which is {_KIND_NAMES[f.kind]}"
                return f"{head} is written '{f.text}' in the English{kind}; it needs {_need(q)}"
        twins = [p for p in self.quantities if p.value == q.value and p.unit == q.unit]
        found = sum(1 for f in self.figures if f.value == q.value and _fits(q, f))
        if len(twins) > 1 and found:
            return (
                f"{head} occurs {len(twins)} times in the Chinese but {found} "
                f"time{'' if found == 1 else 's'} in the English"
            )
        near = [
            i for i, f in enumerate(self.figures) if i not in self.used and f.digits and _fits(q, f)
        ][:3]
        self.hinted.update(near)
        if not near:
            return f"{head} is missing from the English"
        found_text = ", ".join(self.figures[i].text for i in near)
        if len(near) == 1:
            found_text += _scale_hint(q.value, self.figures[near[0]].value)
        return f"{head} is missing from the English (found {found_text})"

    def report_extras(self, allowed: set[Decimal]) -> None:
        """English figures in digits whose value the Chinese never states."""
        for i, f in enumerate(self.figures):
            if i in self.used or i in self.hinted or not f.digits or f.kind == "month":
                continue
            if f.value in allowed or (f.kind == "cardinal" and f.plain and _is_year(f.value)):
                continue  # a year the translator supplied for 今年 or 明年
            describe = _describe(f.value, f.kind if f.kind in _NEEDS else "")
            message = (
                f"the English has the figure '{f.text}' ({describe}), which is not in the Chinese"
            )
            self.messages.append((_AFTER_CHINESE + f.start, message))

    def say(self, q: Quantity, message: str) -> None:
        self.messages.append((q.start, message))


def _windows(en: str, figures: list[Figure]) -> tuple[list[str], list[str]]:
    """The text before and after each figure where its qualifier may stand.

    A window stops at the neighbouring figure, except inside a range ("about 3-5 million").
    """
    groups: list[list[int]] = []
    for i, f in enumerate(figures):
        if groups and _EN_RANGE.fullmatch(en[figures[groups[-1][-1]].end : f.start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    before, after = [""] * len(figures), [""] * len(figures)
    for g, group in enumerate(groups):
        start, end = figures[group[0]].start, figures[group[-1]].end
        previous = figures[groups[g - 1][-1]].end if g else 0
        following = figures[groups[g + 1][0]].start if g + 1 < len(groups) else len(en)
        for i in group:
            before[i] = en[max(previous, start - _WINDOW) : start]
            after[i] = en[figures[i].end : min(following, end + _WINDOW)]
    return before, after


def _fits(q: Quantity, f: Figure) -> bool:
    """Whether an English figure can render a Chinese one, value apart."""
    if not f.ascii or (q.unit in _IN_DIGITS and not f.digits):
        return False  # ４.８%, six percent
    if f.in_name:  # “Ten Actions” renders no count; “the Fifth Session” renders 第5届
        return q.unit == "ordinal" and f.kind == "ordinal"
    if q.unit in ("percent", "percentage-points", "month"):
        return f.kind == q.unit
    if q.unit == "year":
        return f.kind == "cardinal" and f.plain
    if q.unit in ("day", "ordinal"):
        return f.kind in ("cardinal", "ordinal")
    return f.kind == "cardinal"


def _ascii(text: str) -> str:
    """``４.８％`` -> ``4.8%`` (digits of other scripts by their value)."""
    return "".join(str(int(c)) if c.isdigit() else c for c in text.translate(_TO_ASCII))


def _in_digits(q: Quantity) -> str:
    """How the house style writes a percentage: 6%."""
    return f"{_number(q.value)}%"


def _need(q: Quantity) -> str:
    """How the English must write a figure of this unit."""
    if q.unit in _NEEDS:
        return _NEEDS[q.unit]
    return "an ordinal or a plain number" if q.unit in ("day", "ordinal") else "a plain number"


def _scale_hint(wanted: Decimal, found: Decimal) -> str:
    """``, which is 10 times too small`` when a multiplier (万, 亿) was misread; else ``""``."""
    if not found or wanted == found:
        return ""
    ratio = wanted / found
    exponent = abs(ratio).log10()
    if exponent != exponent.to_integral_value():
        return ""
    if ratio > 1:
        return f", which is {_number(ratio)} times too small"
    return f", which is {_number(1 / ratio)} times too large"


def _is_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1900 <= value <= 2099


def _describe(value: Decimal, unit: str) -> str:
    """4.8 percent, 0.5 percentage points, 180,000, January, day 10 ..."""
    number = _number(value)
    if unit == "percentage-points":
        return f"{number} percentage point{'' if value == 1 else 's'}"
    if unit == "month":
        return MONTHS[int(value) - 1]
    if unit == "year":
        return str(int(value))
    if unit == "ordinal":
        last_two = int(value) % 100
        return f"{number}{'th' if 11 <= last_two <= 13 else _SUFFIXES.get(last_two % 10, 'th')}"
    words = {"percent": "{} percent", "day": "day {}", "times": "{} times"}
    return words.get(unit, "{}").format(number)


def _number(value: Decimal) -> str:
    """1200000 -> 1,200,000; 4.80 -> 4.8."""
    return f"{value.normalize():,f}"


def check_figures(report: Report) -> list[Problem]:
    """Every figure of the Chinese reappears, correctly, in its English (stale English is
    left to the staleness warning: its figures are expected to lag)."""
    problems = []
    for text in all_texts(report):
        if not text.has_english or text.stale:
            continue
        for message in check_numbers(text.zh, text.en.text):
            problems.append(
                Problem(
                    text.origin.file, text.origin.en_line, f"{text.origin.key_path}.en", message
                )
            )
    return problems
