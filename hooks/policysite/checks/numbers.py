"""Reading figures: the quantities of a Chinese text and the figures of an English one.

The comparison of the two, and how the English must render each figure, is in ``figures``.

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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
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


#: The Chinese words that qualify a figure, as a message names them (以上 in 20%以上).
QUALIFIER_MARKS = (*_ZH_SUFFIXES, *_PREFIXES_LONGEST_FIRST, "余", "多")
_NOT_QUALIFIER_AFTER = {  # 节约 (save) is not 约; 最近 (recent) is not 近; 赶超 is not 超
    "约": set("节制预签邀契条合履公违集缔特相践守毁失赴租简隐俭"),
    "近": set("最附临靠亲邻就贴逼远"),
    "超": set("赶"),
}
_NOT_QUALIFIER_BEFORE = {"上下": set("游级班功联")}  # 上下游: upstream and downstream
_TIME_SPANS = ("年", "个月", "天", "日", "周")  # 近5年: the past five years, not "nearly"
_HOLD_VERBS = set("保维坚支扶把主劫挟秉操相矜加僵自住")  # 保持平稳, 支持平台: not 持平


# --- English -----------------------------------------------------------------------------------
_EN_DIGITS = re.compile(r"(?<![\d.．])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:[.．]\d+)?")
_EN_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CURRENCY = re.compile(r"(?:\b(?:RMB|CNY|USD|US\$|HK\$|EUR|GBP|JPY)|[$¥€£])\s?$")
_EN_TAIL = re.compile(
    r"(?P<scale>(?:[\s-]*(?:hundred|thousand|million|billion|trillion)\b|\s?(?:bn|mn)\b|k\b)*)"
    r"(?P<unit>[\s-]*percentage[\s-]points?\b|\s*(?:pp|ppts?)\b|\s*p\.p\.|\s*[%％]|[\s-]*per\s?cent\b"
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
_MONTH_NAMES = list(MONTHS)
_MONTH_ABBREVIATIONS = [name[:3] for name in _MONTH_NAMES if name != "May"] + ["Sept"]
_EN_MONTH = re.compile(
    rf"\b(?:{_alternatives(_MONTH_NAMES)}|(?:{_alternatives(_MONTH_ABBREVIATIONS)})\.?)(?!\w)"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?;:]\s+)[“\"'(]*$")


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
    measure: str = ""  # the measure word after the number: 家 in 128家, 吨 in 120万吨


@dataclass(frozen=True)
class Figure:
    """One figure found in the English."""

    text: str
    value: Decimal
    kind: str  # "cardinal", "ordinal", "percent", "percentage-points" or "month"
    start: int
    end: int
    digits: bool = True  # written in digits rather than words
    plain: bool = True  # digits only: no thousands separator, no scale word
    in_name: bool = False  # a capitalised number word inside a sentence: the Fifth Census
    ascii: bool = True  # written in ASCII digits, not full-width (４.８%) or another script's


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
    measure_word = ""
    if unit not in ("percent", "percentage-points"):
        if qualifier == "nearly" and norm.startswith(_TIME_SPANS, pos):
            qualifier, start = None, m.start()  # 近5年: the past five years
        measure = _MEASURE.match(norm, pos)
        pos, measure_word = (measure.end(), measure.group()) if measure else (pos, "")
    for suffix, meaning in _ZH_SUFFIXES.items():
        after = norm[pos + len(suffix) : pos + len(suffix) + 1]
        if norm.startswith(suffix, pos) and after not in _NOT_QUALIFIER_BEFORE.get(suffix, set()):
            qualifier, pos = qualifier or meaning, pos + len(suffix)
            break
    value = Decimal(m.group().replace(",", "")) * multiplier
    return Quantity(norm[start:pos], value, unit, qualifier, start, pos, measure_word)


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
                first.text,
                number * scale,
                second.unit,
                first.qualifier,
                first.start,
                first.end,
                second.measure,
            )
    return spread


def values_in_zh(zh: str, quantities: list[Quantity]) -> set[Decimal]:
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
def figures_en(text: str) -> list[Figure]:
    """Every figure in an English text: digits, number words, month names, ISO dates."""
    figures: list[Figure] = []
    dates = list(_EN_ISO_DATE.finditer(text))
    for m in dates:
        year, month, day = (Decimal(g) for g in m.groups())
        figures.append(Figure(m.group(1), year, "cardinal", m.start(1), m.end(1)))
        figures.append(Figure(m.group(2), month, "month", m.start(2), m.end(2)))
        figures.append(Figure(m.group(3), day, "cardinal", m.start(3), m.end(3)))
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
        figures.append(Figure(m.group(), Decimal(number), "month", m.start(), m.end(), False))
    return sorted(figures, key=lambda f: f.start)


_LOOK = 40  # characters around a figure that decide what it is: a bounded look, so long


def _left(text: str, end: int) -> str:
    """The text just before ``end``: enough for the patterns anchored at its end."""
    return text[max(0, end - _LOOK) : end]


def _digits(text: str, m: re.Match[str]) -> Figure | None:
    """The figure a run of digits starts, or None when the digits belong to a code (5G, G20)."""
    before, after = _left(text, m.start()), text[m.end() : m.end() + _LOOK]
    if re.search(r"[A-Za-z]$", before) and not _CURRENCY.search(before):
        return None  # G20, PM2.5
    if re.search(r"[A-Z]{2,}-$", before):
        return None  # COVID-19
    value = Decimal(m.group().replace(",", "").translate(_FULL_WIDTH))
    if not m.group().isascii():
        figure = _with_tail(text, value, "cardinal", m.start(), m.end(), digits=True)
        return replace(figure, ascii=False)
    if re.match(r"(?:st|nd|rd|th)\b", after, re.IGNORECASE):
        return Figure(text[m.start() : m.end() + 2], value, "ordinal", m.start(), m.end() + 2)
    figure = _with_tail(text, value, "cardinal", m.start(), m.end(), digits=True)
    code = re.match(r"[A-Za-z]", after) and not re.match(rf"\s?{_LATIN_UNIT}|s\b", after)
    if figure.end == m.end() and code:
        return None  # 5G, 3D; but 28nm is a figure and 1990s a decade
    return figure


def _with_tail(text: str, value: Decimal, kind: str, start: int, end: int, digits: bool) -> Figure:
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
    return Figure(text[start : tail.end()], value, kind, start, tail.end(), digits, plain)
