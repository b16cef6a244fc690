"""Figures in translations: every quantity in a Chinese text must reappear in its English.

What is checked
    * Figures written with Arabic digits, read with what follows them: Chinese multipliers
      (万 = 10,000, 亿 = 100 million, 百 and 千 where they multiply rather than start 百分点 or a
      unit such as 千米/千瓦), the unit (% percent, 个百分点 percentage points, 倍 times, 2024年 a
      year, 1月10日 a month and a day, 第5 an ordinal), ranges (3—5万 is 30,000 to 50,000) and the
      qualifier (左右/上下/约 about, 近 nearly, 以上/超过/不低于/余/多 at least, 以内/以下/不超过
      at most).
    * The word 持平 (flat), a target without digits.

What is not checked, and why
    * Chinese numerals. GB/T 15835-2011, the national standard for numbers in publications, asks
      for Arabic digits wherever something is counted or measured and for Chinese numerals where a
      number is part of a word, slogan or name: 十项行动, 五大战略, 八大工程, “三新”, 二十大,
      二十届二中全会, 第五次全国经济普查, 中电科十八所, 航天五院, 一基地三区, 一核一区, 五型,
      两翼齐飞, 一件事一次办. Their English is a name (“Ten Actions”, “20th”, “Fifth National
      Economic Census”), not a quantity.
    * Arabic digits inside names, which both languages write alike: digits joined to Latin letters
      (5G, PM2.5, G20, 3D; but 28nm or 100MW are figures with a unit), formula names (1+N,
      1+3+N), telephone numbers (022-12345678) and service numbers named as such (12345热线,
      12345政务服务便民热线).

How the English must render a figure
    * The same value, in digits (thousands separators allowed), with thousand/million/billion
      (1.2 million = 120万, 0.18 million = 18万), or as a lower-case number word (ten, twenty-five).
      A capitalised number word inside a sentence is part of a name (“Ten Actions”, the Fifth
      National Economic Census) and renders no count, mirroring the Chinese rule; it may still
      render a Chinese ordinal (第5届, the Fifth Session).
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
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..content.textutil import MONTHS


def _table(spec: str) -> dict[str, str]:
    """``"约:about 近:nearly"`` -> ``{"约": "about", "近": "nearly"}``."""
    return dict(item.split(":") for item in spec.split())


# --- Chinese -----------------------------------------------------------------------------------
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")  # one char for one
_ZH_NUMBER = re.compile(r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?")
_LATIN_UNIT = r"(?:km|cm|mm|nm|m|kg|t|kW|MW|GW|kWh|MWh|GWh|kV|TEU|MHz|GHz|GB|TB|PB)(?![A-Za-z])"
_CODE = re.compile(r"(?=[A-Za-z\d.]*[A-Za-z])[A-Za-z\d]*\d[A-Za-z\d]*(?:\.\d+[A-Za-z\d]*)?")
_FORMULA = re.compile(r"(?:\d+|[A-Za-z])(?:\s*\+\s*(?:\d+|[A-Za-z]))+")
_PHONE = re.compile(r"\d{3,4}-\d{7,8}")
_SERVICE_NUMBER = re.compile(r"(\d{3,})([\u4e00-\u9fff]{0,10}?(?:热线|专线|平台|电话|号码))")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_RANGE = re.compile(r"\s*(?:-|–|—{1,2}|~|～|至|到)\s*")
_ZH_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_MULTIPLIERS = {"百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_UNIT_AFTER_QIAN = "米瓦克伏帕焦卡赫"  # 千米, 千瓦: 千 starts a unit and multiplies nothing
# Measure words that may stand between a figure and its 以上/左右 (20名以上, 50亿美元左右).
_MEASURE = re.compile(
    r"(?:美元|欧元|港元|日元|英镑|小时|分钟|平方|立方|公里|公斤|公顷|标准箱|标箱|人次|个月"
    r"|千[米瓦克伏帕焦卡赫]|[家个项名人户所座套台辆艘架条件次元吨米亩批处张岁天日层栋间份种类"
    r"款场届期宗笔只头株棵部本篇块片段口床位支节趟班列箱斤克里瓦伏周年度时]){1,3}"
)
_ZH_PREFIXES = _table(
    "不超过:at-most 不高于:at-most 不多于:at-most 不低于:at-least 不少于:at-least 大约:about "
    "大概:about 将近:nearly 接近:nearly 至少:at-least 最少:at-least 超过:at-least 多于:at-least "
    "高于:at-least 最多:at-most 低于:at-most 少于:at-most 约:about 近:nearly 逾:at-least "
    "超:at-least"
)
_PREFIXES_LONGEST_FIRST = sorted(_ZH_PREFIXES, key=len, reverse=True)  # 不超过 before 超过
_ZH_SUFFIXES = _table(
    "及以上:at-least 及以下:at-most 左右:about 上下:about 以上:at-least 以内:at-most "
    "之内:at-most 以下:at-most"
)
_NOT_QUALIFIER_AFTER = {  # 节约 (save) is not 约; 最近 (recent) is not 近; 赶超 is not 超
    "约": set("节制预签邀契条合履公违集缔特相践守毁失赴租简隐俭"),
    "近": set("最附临靠亲邻就贴逼远"),
    "超": set("赶"),
}
_NOT_QUALIFIER_BEFORE = {"上下": set("游级班功联")}  # 上下游: upstream and downstream
_TIME_SPANS = ("年", "个月", "天", "日", "周")  # 近5年: the past five years, not "nearly"
_HOLD_VERBS = set("保维坚支扶把主劫挟秉操相矜加僵自住")  # 保持平稳, 支持平台: not 持平

# --- English -----------------------------------------------------------------------------------
_EN_DIGITS = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")
_EN_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CURRENCY = re.compile(r"(?:\b(?:RMB|CNY|USD|US\$|HK\$|EUR|GBP|JPY)|[$¥€£])\s?$")
_EN_TAIL = re.compile(
    r"(?P<scale>(?:[\s-]*(?:hundred|thousand|million|billion|trillion)\b|\s?(?:bn|mn)\b|k\b)*)"
    r"(?P<unit>[\s-]*percentage[\s-]points?\b|\s*(?:pp|ppts?)\b|\s*p\.p\.|\s*%|[\s-]*per\s?cent\b"
    r"|\s*pct\b)?",
    re.IGNORECASE,
)
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_SCALES |= {"trillion": 10**12, "bn": 10**9, "mn": 10**6, "k": 1000}
_CARDINALS = {
    word: int(value)
    for word, value in _table(
        "zero:0 one:1 two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10 eleven:11 "
        "twelve:12 thirteen:13 fourteen:14 fifteen:15 sixteen:16 seventeen:17 eighteen:18 "
        "nineteen:19 twenty:20 thirty:30 forty:40 fifty:50 sixty:60 seventy:70 eighty:80 ninety:90"
    ).items()
}
_ORDINALS = {
    word: int(value)
    for word, value in _table(
        "first:1 second:2 third:3 fourth:4 fifth:5 sixth:6 seventh:7 eighth:8 ninth:9 tenth:10 "
        "eleventh:11 twelfth:12 thirteenth:13 fourteenth:14 fifteenth:15 sixteenth:16 "
        "seventeenth:17 eighteenth:18 nineteenth:19 twentieth:20 thirtieth:30 fortieth:40 "
        "fiftieth:50 sixtieth:60 seventieth:70 eightieth:80 ninetieth:90"
    ).items()
}
_WORD_VALUES = _CARDINALS | _ORDINALS
_UNIT_WORDS = [word for word, value in _WORD_VALUES.items() if 1 <= value <= 9]  # twenty-[one]


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_EN_WORD = re.compile(
    rf"\b(?P<head>{_alternatives([*_WORD_VALUES, 'a hundred'])})"
    rf"(?:-(?P<tail>{_alternatives(_UNIT_WORDS)}))?(?:-?fold)?\b",
    re.IGNORECASE,
)
_MONTHS = " ".join(MONTHS)
_MONTH_NAMES = list(MONTHS)
_MONTH_ABBREVIATIONS = [name[:3] for name in _MONTH_NAMES if name != "May"] + ["Sept"]
_EN_MONTH = re.compile(
    rf"\b(?:{_alternatives(_MONTH_NAMES)}|(?:{_alternatives(_MONTH_ABBREVIATIONS)})\.?)(?!\w)"
)
_EN_RANGE = re.compile(r"\s*(?:-|–|—|~|to|and|or)\s*")
_SENTENCE_START = re.compile(r"(?:^|[.!?;:]\s+)[“\"'(]*$")
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
_KIND_NAMES = {
    "percent": "a percentage",
    "percentage-points": "in percentage points",
    "ordinal": "an ordinal",
    "month": "a month",
    "cardinal": "a plain number",
}


@dataclass(frozen=True)
class Quantity:
    """One figure found in the Chinese."""

    text: str  # as written, with qualifier and measure word: "4.8%左右", "120万吨", "18万人"
    value: Decimal  # normalised: 120万 -> 1200000; a month or day is its number; 持平 is 0
    # "", "percent", "percentage-points", "times", "year", "month", "day", "ordinal" or "flat"
    unit: str
    qualifier: str | None  # "about", "nearly", "at-least", "at-most" or None
    start: int
    end: int


@dataclass(frozen=True)
class _Figure:
    """One figure found in the English."""

    text: str
    value: Decimal
    kind: str  # "cardinal", "ordinal", "percent", "percentage-points" or "month"
    start: int
    end: int
    digits: bool = True  # written in digits rather than words
    plain: bool = True  # digits only: no thousands separator, no scale word
    in_name: bool = False  # a capitalised number word inside a sentence: the Fifth Census


def quantities_zh(text: str) -> list[Quantity]:
    """Every checked figure in a Chinese text, in reading order (see the module docstring)."""
    norm = text.translate(_FULL_WIDTH)
    names = [m.span() for m in _name_matches(norm)]
    found = [
        _read_zh(norm, m)
        for m in _ZH_NUMBER.finditer(norm)
        if not any(start <= m.start() < end for start, end in names)
    ]
    found = _spread_ranges(norm, found)
    for m in re.finditer("持平", norm):
        if m.start() == 0 or norm[m.start() - 1] not in _HOLD_VERBS:
            found.append(Quantity("持平", Decimal(0), "flat", None, m.start(), m.end()))
    return sorted((replace(q, text=text[q.start : q.end]) for q in found), key=lambda q: q.start)


def check_numbers(zh: str, en: str) -> list[str]:
    """One plain-English message per figure the English gets wrong; ``[]`` when all are right."""
    matching = _Matching(quantities_zh(zh), _figures_en(en), en)
    matching.assign_qualified()
    matching.assign_rest()
    matching.explain_missing()
    matching.report_extras(_values_in_zh(zh, matching.quantities))
    return [message for _, message in sorted(matching.messages, key=lambda m: m[0])]


# --- reading the Chinese -----------------------------------------------------------------------
def _name_matches(norm: str) -> Iterator[re.Match[str]]:
    """Arabic digits that belong to names (5G, 1+N, 12345热线), not quantities."""
    for m in _CODE.finditer(norm):
        if not re.fullmatch(rf"\d+(?:\.\d+)?{_LATIN_UNIT}", m.group()):
            yield m
    yield from _FORMULA.finditer(norm)
    yield from _PHONE.finditer(norm)
    for m in _SERVICE_NUMBER.finditer(norm):
        if not _MEASURE.match(m.group(2)):  # 150家平台企业 counts enterprises
            yield m


def _read_zh(norm: str, m: re.Match[str]) -> Quantity:
    """A figure with its multipliers, unit, measure word and qualifiers."""
    qualifier, start = _zh_prefix(norm, m.start())
    multiplier, pos = 1, m.end()
    while pos < len(norm) and norm[pos] in "余多百千万亿":
        char, following = norm[pos], norm[pos + 1 : pos + 2]
        if char in "余多":
            qualifier = qualifier or "at-least"  # 10余家, 10多万: more than
        elif (char, following) == ("百", "分") or (char == "千" and following in _UNIT_AFTER_QIAN):
            break
        else:
            multiplier *= _MULTIPLIERS[char]
        pos += 1
    unit, pos = _zh_unit(norm, m, multiplier, pos)
    if norm.endswith("百分之", 0, start):
        unit, start = "percent", start - 3
    elif not unit and norm.endswith("第", 0, start):
        unit, start = "ordinal", start - 1
    if unit not in ("percent", "percentage-points"):
        if qualifier == "nearly" and norm.startswith(_TIME_SPANS, pos):
            qualifier, start = None, m.start()  # 近5年: the past five years
        measure = _MEASURE.match(norm, pos)
        pos = measure.end() if measure else pos
    for suffix, meaning in _ZH_SUFFIXES.items():
        after = norm[pos + len(suffix) : pos + len(suffix) + 1]
        if norm.startswith(suffix, pos) and after not in _NOT_QUALIFIER_BEFORE.get(suffix, set()):
            qualifier, pos = qualifier or meaning, pos + len(suffix)
            break
    value = Decimal(m.group().replace(",", "")) * multiplier
    return Quantity(norm[start:pos], value, unit, qualifier, start, pos)


def _zh_unit(norm: str, m: re.Match[str], multiplier: int, pos: int) -> tuple[str, int]:
    """The unit written right after a figure and where it ends: %, 个百分点, 年, 月, 日, 倍."""
    rest = norm[pos:].lstrip(" ")
    skipped = len(norm) - pos - len(rest)
    points = re.match(r"个?百分点", rest)
    digits = m.group()
    if rest.startswith("%"):
        return "percent", pos + skipped + 1
    if points:
        return "percentage-points", pos + skipped + points.end()
    single = multiplier == 1 and not skipped
    if single and rest.startswith("年") and re.fullmatch(r"(?:19|20)\d\d", digits):
        return "year", pos + 1
    if single and rest.startswith("月") and re.fullmatch(r"0?[1-9]|1[0-2]", digits):
        return "month", pos + 1
    if single and rest[:1] in ("日", "号") and norm.endswith("月", 0, m.start()):
        return "day", pos + 1
    if rest.startswith("倍"):
        return "times", pos + skipped + 1
    return "", pos


def _zh_prefix(norm: str, start: int) -> tuple[str | None, int]:
    """The qualifier written before a figure (约, 超过, 不低于) and where it starts."""
    for prefix in _PREFIXES_LONGEST_FIRST:
        at = start - len(prefix)
        if norm.endswith(prefix, 0, start) and (
            at == 0 or norm[at - 1] not in _NOT_QUALIFIER_AFTER.get(prefix, set())
        ):
            return _ZH_PREFIXES[prefix], at
    return None, start


def _spread_ranges(norm: str, found: list[Quantity]) -> list[Quantity]:
    """In 3—5万人 and 1—3月 the first number takes the multiplier and unit of the second."""
    spread = list(found)
    for i in range(len(found) - 1, 0, -1):
        first, second = spread[i - 1], spread[i]
        digits = _ZH_NUMBER.findall(first.text)
        if first.unit or not digits or not first.text.endswith(digits[-1]):
            continue
        if not _ZH_RANGE.fullmatch(norm[first.end : second.start]):
            continue
        number = Decimal(digits[-1].replace(",", ""))
        scale = second.value / Decimal(_ZH_NUMBER.findall(second.text)[-1].replace(",", ""))
        plausible = {
            "month": 1 <= number <= 12,
            "day": 1 <= number <= 31,
            "year": 1900 <= number <= 2099,
        }
        if plausible.get(second.unit, True):
            spread[i - 1] = Quantity(
                first.text, number * scale, second.unit, first.qualifier, first.start, first.end
            )
    return spread


def _values_in_zh(zh: str, quantities: list[Quantity]) -> set[Decimal]:
    """Every value the Chinese states in any form: figures, Chinese numerals, digits in names."""
    values = {q.value for q in quantities}
    norm = zh.translate(_FULL_WIDTH)
    for name in _name_matches(norm):
        values |= {Decimal(d) for d in re.findall(r"\d+(?:\.\d+)?", name.group())}
    for run in _ZH_NUMERAL.findall(norm):  # every reading: 十四五 gives 10, 14, 4 and 5
        for i in range(len(run)):
            for j in range(i + 1, len(run) + 1):
                number = chinese_numeral(run[i:j])
                if number is not None:
                    values.add(Decimal(number))
    return values


def chinese_numeral(text: str) -> int | None:
    """二十 -> 20, 五百 -> 500, 二〇二四 -> 2024; None when the text is not one number."""
    if len(text) > 1 and all(c in _ZH_DIGITS for c in text):
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for char in text:
        if char in _ZH_DIGITS:
            if digit is not None:
                return None
            digit = _ZH_DIGITS[char]
        elif char in "十百千":
            section += (1 if digit is None else digit) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = None
        else:
            total = (total + section + (digit or 0)) * _MULTIPLIERS[char]
            section, digit = 0, None
    return total + section + (digit or 0)


# --- reading the English -----------------------------------------------------------------------
def _figures_en(text: str) -> list[_Figure]:
    """Every figure in an English text: digits, number words, month names, ISO dates."""
    figures: list[_Figure] = []
    dates = list(_EN_ISO_DATE.finditer(text))
    for m in dates:
        year, month, day = (Decimal(g) for g in m.groups())
        figures.append(_Figure(m.group(1), year, "cardinal", m.start(1), m.end(1)))
        figures.append(_Figure(m.group(2), month, "month", m.start(2), m.end(2)))
        figures.append(_Figure(m.group(3), day, "cardinal", m.start(3), m.end(3)))
    for m in _EN_DIGITS.finditer(text):
        figure = None if any(d.start() <= m.start() < d.end() for d in dates) else _digits(text, m)
        if figure:
            figures.append(figure)
    for m in _EN_WORD.finditer(text):
        in_name = m.group()[0].isupper() and not _SENTENCE_START.search(_left(text, m.start()))
        head, tail = m.group("head").lower(), (m.group("tail") or "").lower()
        value = 100 if head == "a hundred" else _WORD_VALUES[head] + _WORD_VALUES.get(tail, 0)
        kind = "ordinal" if (tail or head) in _ORDINALS else "cardinal"
        figure = _with_tail(text, Decimal(value), kind, m.start(), m.end(), digits=False)
        figures.append(replace(figure, in_name=in_name))
    for m in _EN_MONTH.finditer(text):
        number = next(n for n, name in enumerate(_MONTH_NAMES, 1) if name[:3] == m.group()[:3])
        figures.append(_Figure(m.group(), Decimal(number), "month", m.start(), m.end(), False))
    return sorted(figures, key=lambda f: f.start)


_LOOK = 40  # characters around a figure that decide what it is: a bounded look, so long
# paragraphs cost linear time (searching the whole text before each figure was quadratic)


def _left(text: str, end: int) -> str:
    """The text just before ``end``: enough for the patterns anchored at its end."""
    return text[max(0, end - _LOOK) : end]


def _digits(text: str, m: re.Match[str]) -> _Figure | None:
    """The figure a run of digits starts, or None when the digits belong to a code (5G, G20)."""
    before, after = _left(text, m.start()), text[m.end() : m.end() + _LOOK]
    if re.search(r"[A-Za-z]$", before) and not _CURRENCY.search(before):
        return None  # G20, PM2.5
    if re.search(r"[A-Z]{2,}-$", before):
        return None  # COVID-19
    value = Decimal(m.group().replace(",", ""))
    if re.match(r"(?:st|nd|rd|th)\b", after, re.IGNORECASE):
        return _Figure(text[m.start() : m.end() + 2], value, "ordinal", m.start(), m.end() + 2)
    figure = _with_tail(text, value, "cardinal", m.start(), m.end(), digits=True)
    code = re.match(r"[A-Za-z]", after) and not re.match(rf"\s?{_LATIN_UNIT}|s\b", after)
    if figure.end == m.end() and code:
        return None  # 5G, 3D; but 28nm is a figure and 1990s a decade
    return figure


def _with_tail(text: str, value: Decimal, kind: str, start: int, end: int, digits: bool) -> _Figure:
    """A figure with the scale words and percent or percentage-point unit that follow it."""
    tail = _EN_TAIL.match(text, end)
    assert tail is not None  # every part of the pattern is optional
    for word in re.findall(r"[A-Za-z]+", tail.group("scale")):
        value *= _SCALES[word.lower()]
    unit = (tail.group("unit") or "").strip(" -").lower()
    if unit.startswith(("percentage", "pp", "p.p.")):
        kind = "percentage-points"
    elif unit:
        kind = "percent"
    plain = digits and "," not in text[start:end] and not tail.group("scale")
    return _Figure(text[start : tail.end()], value, kind, start, tail.end(), digits, plain)


# --- matching ----------------------------------------------------------------------------------
@dataclass
class _Matching:
    """Pairs each Chinese figure with an English one and collects what does not pair."""

    quantities: list[Quantity]
    figures: list[_Figure]
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
                markers = [*_ZH_SUFFIXES, *_PREFIXES_LONGEST_FIRST, "余", "多"]
                marker = next((w for w in markers if w in q.text), q.text)
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
        """Why ``q`` has no English figure: a wrong unit, too few occurrences, a wrong value."""
        head = f"figure '{q.text}' ({_describe(q.value, q.unit)})"
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


def _windows(en: str, figures: list[_Figure]) -> tuple[list[str], list[str]]:
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


def _fits(q: Quantity, f: _Figure) -> bool:
    """Whether an English figure can render a Chinese one, value apart."""
    if f.in_name:  # “Ten Actions” renders no count; “the Fifth Session” renders 第5届
        return q.unit == "ordinal" and f.kind == "ordinal"
    if q.unit in ("percent", "percentage-points", "month"):
        return f.kind == q.unit
    if q.unit == "year":
        return f.kind == "cardinal" and f.plain
    if q.unit in ("day", "ordinal"):
        return f.kind in ("cardinal", "ordinal")
    return f.kind == "cardinal"


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
        return _MONTH_NAMES[int(value) - 1]
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
