"""Protect glossary terms and figures from a machine-translation engine.

Before a Chinese text is sent, every glossary term and every figure is replaced by a placeholder;
after translation each placeholder is replaced by the approved English: the term's ``en``
rendering, or the exact English figure (120万吨 -> 1.2 million tonnes, 18万人 -> 180,000).

Placeholders look like ``XT3X`` (the third term) and ``XN12X`` (the twelfth figure). In a Chinese
source a run of Latin letters and digits is foreign to the language, so engines copy it through
as they copy product codes and names; an all-capital code with a digit inside is neither an
English word to translate nor a number to reformat; the closing ``X`` keeps ``XT1X`` apart from
``XT12X``. The restorer accepts the case changes and inner spaces an engine may introduce
(``xt 3 x``); a placeholder that comes back missing, twice, unknown or glued to other letters
rejects the whole draft, so a garbled term or figure never reaches the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ..content.terms import TermMatcher
from ..content.textutil import MONTHS

PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9])X\s?([TN])\s?(\d+)\s?X(?![A-Za-z0-9])", re.IGNORECASE)
LEFTOVER = re.compile(r"(?<![A-Za-z0-9])X\s?[TN]\s?\d", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")

MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)
# Units with an English name; "{}" is the number. Longest first, so 平方公里 wins over 公里.
UNITS = {
    "平方公里": "{} square kilometres",
    "平方米": "{} square metres",
    "标准箱": "{} TEU",
    "千瓦时": "{} kWh",
    "美元": "US${}",
    "千瓦": "{} kilowatts",
    "公里": "{} kilometres",
    "千米": "{} kilometres",
    "标箱": "{} TEU",
    "元": "RMB {}",
    "吨": "{} tonnes",
    "亩": "{} mu",
}
# Measure words that English drops: 128家 -> 128, 18万人 -> 180,000.
CLASSIFIERS = "家项个名人座所户条台套件批处次种届"

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
FIGURE = re.compile(
    rf"(?<![A-Za-z0-9])(?<!\d[.,])(?:"
    rf"(?P<year>\d{{4}})年(?:(?P<ym>\d{{1,2}})月(?:(?P<ymd>\d{{1,2}})日)?)?"
    rf"|(?P<month>\d{{1,2}})月(?:(?P<day>\d{{1,2}})日)?"
    rf"|(?P<ordinal>第)?(?P<number>{_NUMBER})(?P<multiplier>万亿|亿|万)?(?P<approx>余|多)?"
    rf"(?:(?P<percent>%|％)|(?P<points>个百分点|百分点)"
    rf"|(?P<unit>{'|'.join(UNITS)})|(?P<classifier>[{CLASSIFIERS}]))?"
    rf")(?![A-Za-z0-9]|[.,]\d)"
)


class PlaceholderError(ValueError):
    """The draft came back with a placeholder missing, repeated, unknown or garbled."""


@dataclass(frozen=True)
class Masked:
    """A text with its terms and figures replaced, and what each placeholder stands for."""

    text: str
    replacements: dict[str, str] = field(default_factory=dict)  # "T1" -> approved English


def mask(text: str, matcher: TermMatcher | None) -> Masked:
    """Replace glossary terms (found on jieba tokens) and figures by placeholders."""
    if LEFTOVER.search(text):
        raise PlaceholderError("the Chinese text already contains a placeholder-like code")
    spans = [
        (m.start, m.end, "T", m.term.en) for m in (matcher.find(text, "zh") if matcher else [])
    ]
    taken = [(start, end) for start, end, _, _ in spans]
    for match in FIGURE.finditer(text):
        if not any(match.start() < end and start < match.end() for start, end in taken):
            spans.append((match.start(), match.end(), "N", english_figure(match)))
    out: list[str] = []
    replacements: dict[str, str] = {}
    cursor = 0
    for start, end, kind, english in sorted(spans):
        key = f"{kind}{len(replacements) + 1}"
        replacements[key] = english
        out += [text[cursor:start], _padded(f"X{key}X", text, start, end)]
        cursor = end
    out.append(text[cursor:])
    return Masked("".join(out), replacements)


def _padded(token: str, text: str, start: int, end: int) -> str:
    # Glued to other Latin letters or digits, the placeholder would become part of a word.
    before = " " if start > 0 and text[start - 1].isascii() and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and text[end].isascii() and text[end].isalnum() else ""
    return f"{before}{token}{after}"


def unmask(draft: str, masked: Masked) -> str:
    """Put the approved English back; PlaceholderError unless each placeholder is there once."""
    found = [f"{kind.upper()}{int(number)}" for kind, number in PLACEHOLDER.findall(draft)]
    problems = []
    for key in masked.replacements:
        if found.count(key) != 1:
            problems.append(f"X{key}X {'missing' if key not in found else 'repeated'}")
    problems += [
        f"X{key}X unknown" for key in dict.fromkeys(found) if key not in masked.replacements
    ]
    if problems:
        raise PlaceholderError("placeholders garbled by the translator: " + ", ".join(problems))

    def restore(match: re.Match[str]) -> str:
        english = masked.replacements[f"{match.group(1).upper()}{int(match.group(2))}"]
        at_start = _SENTENCE_START.search(draft[: match.start()]) is not None
        return english[:1].upper() + english[1:] if at_start else english

    restored = PLACEHOLDER.sub(restore, draft)
    if LEFTOVER.search(restored):
        raise PlaceholderError("placeholders garbled by the translator: a damaged code remains")
    return restored


def english_figure(match: re.Match[str]) -> str:
    """The exact English for a figure matched by FIGURE."""
    parts = match.groupdict()
    if parts["year"] or parts["month"]:
        return _english_date(
            parts["year"], parts["ym"] or parts["month"], parts["ymd"] or parts["day"]
        )
    number = unicodedata.normalize("NFKC", parts["number"])
    multiplier = parts["multiplier"]
    words = (
        _scaled(Decimal(number.replace(",", "")) * MULTIPLIERS[multiplier])
        if multiplier
        else number
    )
    if parts["ordinal"]:
        return _ordinal(words)
    if parts["approx"]:
        words = f"more than {words}"
    if parts["percent"]:
        return f"{words}%"
    if parts["points"]:
        return f"{words} percentage point{'' if words == '1' else 's'}"
    if parts["unit"]:
        english = UNITS[parts["unit"]].format(words)
        return english[:-1] if words == "1" and english.endswith("tonnes") else english
    return words


def _scaled(value: Decimal) -> str:
    """1200000 -> '1.2 million'; 180000 -> '180,000': exact, no rounding."""
    for scale, name in SCALES:
        if value >= scale:
            return f"{_plain(value / scale)} {name}"
    return _plain(value)


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


def _english_date(year: str | None, month: str | None, day: str | None) -> str:
    if not month or not 1 <= int(month) <= 12:
        return year or month or ""
    name = MONTHS[int(month) - 1]
    if day:
        name = f"{name} {int(day)}"
    return f"{name}, {year}" if year and day else f"{name} {year}" if year else name


def _ordinal(number: str) -> str:
    if not number.isdigit():
        return number
    value = int(number)
    suffix = (
        "th" if value % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    )
    return f"{number}{suffix}"
