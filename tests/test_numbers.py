"""Figures in translations: Chinese number forms read right, English renderings checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from policysite.checks.figures import check_numbers
from policysite.checks.loader import load_site
from policysite.checks.numbers import Quantity, quantities_zh
from policysite.content.model import Report

from .conftest import REPO

# --- reading the Chinese -----------------------------------------------------------------------
# (Chinese, [(text, value, unit, qualifier), ...])
QUANTITIES = [
    # percent, percentage points, plain counts
    ("地区生产总值增长4.8%左右", [("4.8%左右", "4.8", "percent", "about")]),
    ("收入增长6%", [("6%", "6", "percent", None)]),
    ("提高0.5个百分点", [("0.5个百分点", "0.5", "percentage-points", None)]),
    ("下降1百分点", [("1百分点", "1", "percentage-points", None)]),
    ("占比达到百分之5", [("百分之5", "5", "percent", None)]),
    ("压减低效企业128家", [("128家", "128", "", None)]),
    ("新增1,200家", [("1,200家", "1200", "", None)]),
    ("增长４.８％", [("４.８％", "4.8", "percent", None)]),
    ("28nm工艺", [("28", "28", "", None)]),  # a figure with a Latin unit, not a code like 5G
    # Chinese multipliers: 万, 亿, 千 and 百 where they multiply
    ("中石化120万吨乙烯", [("120万吨", "1200000", "", None)]),
    ("高技能人才达18万人", [("18万人", "180000", "", None)]),
    ("投资50亿元", [("50亿元", "5000000000", "", None)]),
    ("规模1.2万亿元", [("1.2万亿元", "1200000000000", "", None)]),
    ("引进3千家", [("3千家", "3000", "", None)]),
    ("产值5千万元", [("5千万元", "50000000", "", None)]),
    ("服务3百万人", [("3百万人", "3000000", "", None)]),
    ("道路5千米", [("5千米", "5", "", None)]),  # 千米 is a unit, not 5,000
    ("装机100万千瓦", [("100万千瓦", "1000000", "", None)]),
    ("融资50亿美元左右", [("50亿美元左右", "5000000000", "", "about")]),
    # years, months, days, durations
    ("2024年", [("2024年", "2024", "year", None)]),
    (
        "2024年1月10日",
        [
            ("2024年", "2024", "year", None),
            ("1月", "1", "month", None),
            ("10日", "10", "day", None),
        ],
    ),
    ("每月10日", [("10日", "10", "day", None)]),
    ("5日内", [("5日", "5", "", None)]),
    ("用3个月", [("3个月", "3", "", None)]),
    ("用5年", [("5年", "5", "", None)]),
    # ranges: the first number takes the second's multiplier and unit
    ("吸纳3—5万人", [("3", "30000", "", None), ("5万人", "50000", "", None)]),
    ("1—3月", [("1", "1", "month", None), ("3月", "3", "month", None)]),
    ("2024—2026年", [("2024", "2024", "year", None), ("2026年", "2026", "year", None)]),
    ("增长5%-8%", [("5%", "5", "percent", None), ("8%", "8", "percent", None)]),
    # qualifiers before and after the figure, measure words in between
    ("约5%", [("约5%", "5", "percent", "about")]),
    ("大约300家", [("大约300家", "300", "", "about")]),
    ("增长5%上下", [("5%上下", "5", "percent", "about")]),
    ("引育高层次人才20名以上", [("20名以上", "20", "", "at-least")]),
    ("超过100家", [("超过100家", "100", "", "at-least")]),
    ("不低于60%", [("不低于60%", "60", "percent", "at-least")]),
    ("10余家", [("10余家", "10", "", "at-least")]),
    ("10多万人", [("10多万人", "100000", "", "at-least")]),
    ("逾200项", [("逾200项", "200", "", "at-least")]),
    ("不超过5%", [("不超过5%", "5", "percent", "at-most")]),  # not 超过 (at least)
    ("控制在3%以内", [("3%以内", "3", "percent", "at-most")]),
    ("5小时以内", [("5小时以内", "5", "", "at-most")]),
    ("近5000家", [("近5000家", "5000", "", "nearly")]),
    # look-alikes that qualify nothing
    ("近5年", [("5年", "5", "", None)]),  # the past five years
    ("最近3次", [("3次", "3", "", None)]),
    ("节约5%", [("5%", "5", "percent", None)]),  # 节约: save
    ("集约用地500亩", [("500亩", "500", "", None)]),
    ("5家上下游企业", [("5家", "5", "", None)]),  # 上下游: up- and downstream
    ("10家市级以上研发机构", [("10家", "10", "", None)]),
    ("规模以上工业企业5家", [("5家", "5", "", None)]),
    ("150家平台企业", [("150家", "150", "", None)]),  # a count, not a service number
    # ordinals and multiples written with digits
    ("第5届", [("第5届", "5", "ordinal", None)]),
    ("增长2倍", [("2倍", "2", "times", None)]),
    # 持平, the target without digits; 保持平稳 and 支持平台 are other words
    ("固定资产投资同比持平", [("持平", "0", "flat", None)]),
    ("保持平稳增长,支持平台经济,坚持平等", []),
]

NAMES = [
    # Chinese numerals: words, slogans and names (GB/T 15835-2011), never quantities here
    "有力落实“十项行动”",
    "深入推进“五大战略”",
    "扎实实施“八大工程”",
    "推进“三新”发展,做好“三量”共进",
    "党的二十大、二十届二中全会",
    "第五次全国经济普查",
    "中电科十八所",
    "航天五院",
    "“一基地三区”",
    "高水平“五型”开放",
    "“一核一区”",
    "两翼齐飞",
    "“一件事一次办”",
    "世界五百强",
    # Arabic digits inside names
    "建设5G基站",
    "PM2.5浓度",
    "G20峰会",
    "3D打印",
    "“1+3+N”政策体系",
    "12345政务服务便民热线",
    "拨打12345热线",
    "电话022-12345678",
]


@pytest.mark.parametrize(("zh", "expected"), QUANTITIES, ids=[case[0] for case in QUANTITIES])
def test_quantities_zh(zh: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    found = quantities_zh(zh)
    assert [(q.text, q.value, q.unit, q.qualifier) for q in found] == [
        (text, Decimal(value), unit, qualifier) for text, value, unit, qualifier in expected
    ]
    assert all(zh[q.start : q.end] == q.text for q in found)


@pytest.mark.parametrize("zh", NAMES)
def test_numerals_in_names_are_not_quantities(zh: str) -> None:
    assert quantities_zh(zh) == []


# --- checking the English ----------------------------------------------------------------------
RIGHT = [
    ("增长4.8%左右", "grow by about 4.8%"),
    ("增长4.8%左右", "grow by around 4.8 percent"),
    ("增长4.8%左右", "grow by 4.8 per cent or so"),
    ("提高0.5个百分点", "up 0.5 percentage points"),
    ("提高1个百分点", "up one percentage point"),
    ("压减128家", "cut 128 enterprises"),
    ("中石化120万吨", "Sinopec's 1.2 million-tonne"),
    ("中石化120万吨", "1,200,000 tonnes"),
    ("高技能人才达18万人", "180,000 highly skilled workers"),
    ("高技能人才达18万人", "0.18 million highly skilled workers"),
    ("投资50亿元", "invest 5 billion yuan"),
    ("投资50亿元", "invest RMB5bn"),
    ("引进3千家", "bring in three thousand firms"),
    ("新增10家", "add ten institutions"),
    ("2024年", "in 2024"),
    ("2024年1月10日", "on 10 January 2024"),
    ("2024年1月10日", "on Jan. 10th, 2024"),
    ("2024年1月10日", "dated 2024-01-10"),
    ("1—3月", "January-March"),
    ("吸纳3—5万人", "employ about 30,000 to 50,000 people"),
    ("第5届", "the 5th session"),
    ("第5届", "the fifth session"),
    ("第5届", "the Fifth Session"),
    ("增长2倍", "grow 2 times"),
    ("20名以上", "at least 20 talents"),
    ("20名以上", "20 or more talents"),
    ("20名以上", "20+ talents"),
    ("10余家", "more than 10 firms"),
    ("不超过5%", "no more than 5%"),
    ("控制在3%以内", "kept within 3%"),
    ("近5000家", "nearly 5,000 firms"),
    ("同比持平", "remain flat"),
    ("同比持平", "stay unchanged"),
    ("与上年持平", "at the same level as last year"),
    # a figure stated twice is matched twice, and each qualifier finds its own figure
    ("新增10家,突破10项", "add 10 institutions and 10 breakthroughs"),
    ("新增10家,约10项", "about 10 breakthroughs and 10 institutions"),
    # names on both sides; a year the translator supplies
    ("有力落实“十项行动”", "implement the “Ten Actions”"),
    ("党的二十大", "the 20th CPC National Congress"),
    ("世界五百强", "Fortune Global 500 companies"),
    ("中电科十八所", "the CETC 18th Research Institute"),
    ("拨打12345热线", "call the 12345 hotline"),
    ("建设5G基站", "build 5G base stations"),
    ("28nm工艺", "a 28nm process"),
    ("今年增长6%", "grow by 6% in 2024"),
]

WRONG = [
    # planted errors from the issue
    (
        "增长4.8%左右",
        "grow by about 4.5%",
        "figure '4.8%左右' (4.8 percent) is missing from the English (found 4.5%)",
    ),
    (
        "压减128家",
        "cut 12 enterprises",
        "figure '128家' (128) is missing from the English (found 12)",
    ),
    (
        "高技能人才达18万人",
        "bring it to 18,000",
        "figure '18万人' (180,000) is missing from the English (found 18,000, which is 10 times "
        "too small)",
    ),
    (
        "增长4.8%左右",
        "grow by 4.8%",
        "'左右' (about) in '4.8%左右' is not rendered in the English (expected "
        "about/around/approximately/roughly with '4.8%')",
    ),
    (
        "同比持平",
        "will grow year on year",
        "'持平' (flat: no change) is not rendered in the English (expected flat/unchanged/same "
        "level)",
    ),
    # units
    (
        "提高0.5个百分点",
        "up 0.5%",
        "figure '0.5个百分点' (0.5 percentage points) is written '0.5%' in the English, which is "
        "a percentage; it needs 'percentage point(s)'",
    ),
    (
        "增长4.8%",
        "grow by 4.8 percentage points",
        "figure '4.8%' (4.8 percent) is written '4.8 percentage points' in the English, which is "
        "in percentage points; it needs '%' or 'percent'",
    ),
    (
        "增长6%",
        "grow by 6",
        "figure '6%' (6 percent) is written '6' in the English; it needs '%' or 'percent'",
    ),
    (
        "2024年",
        "in 2,024",
        "figure '2024年' (2024) is written '2,024' in the English; it needs plain digits (2024)",
    ),
    (
        "新增5家",
        "add the 5th",
        "figure '5家' (5) is written '5th' in the English, which is an ordinal; it needs a plain "
        "number",
    ),
    (
        "投资50亿元",
        "invest 500 million yuan",
        "figure '50亿元' (5,000,000,000) is missing from the English (found 500 million, which is "
        "10 times too small)",
    ),
    ("2024年", "in 2025", "figure '2024年' (2024) is missing from the English (found 2025)"),
    ("1月10日", "on February 10", "figure '1月' (January) is missing from the English"),
    ("第5届", "the 6th", "figure '第5届' (5th) is missing from the English (found 6th)"),
    ("增长2倍", "grow", "figure '2倍' (2 times) is missing from the English"),
    # qualifiers
    (
        "引育人才20名以上",
        "attract 20 talents",
        "'以上' (at least) in '20名以上' is not rendered in the English (expected "
        "at least/more than/over/or more/above with '20')",
    ),
    (
        "不超过5%",
        "at least 5%",
        "'不超过' (at most) in '不超过5%' is not rendered in the English (expected "
        "at most/no more than/up to/within/below with '5%')",
    ),
    (
        "近5000家",
        "5,000 firms",
        "'近' (nearly) in '近5000家' is not rendered in the English (expected "
        "nearly/almost/close to with '5,000')",
    ),
    # occurrences, names, figures the Chinese does not have
    (
        "新增10家,突破10项",
        "add 10 institutions and achieve breakthroughs",
        "figure '10项' (10) occurs 2 times in the Chinese but 1 time in the English",
    ),
    (
        "同比持平,与上年持平",
        "remain flat",
        "'持平' (flat: no change) is not rendered in the English (expected flat/unchanged/same "
        "level)",
    ),
    ("新增10家", "carry out the Ten Actions", "figure '10家' (10) is missing from the English"),
    (
        "增长6%",
        "grow by 6% and 7%",
        "the English has the figure '7%' (7 percent), which is not in the Chinese",
    ),
]


@pytest.mark.parametrize(("zh", "en"), RIGHT, ids=[f"{zh}|{en}" for zh, en in RIGHT])
def test_right_renderings_pass(zh: str, en: str) -> None:
    assert check_numbers(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "message"), WRONG, ids=[f"{zh}|{en}" for zh, en, _ in WRONG])
def test_wrong_renderings_name_the_figure(zh: str, en: str, message: str) -> None:
    assert check_numbers(zh, en) == [message]


def test_messages_follow_the_chinese_then_the_english() -> None:
    zh = "增长6%,压减128家"
    en = "grow by 5% and 7%, cut 12 enterprises"
    assert check_numbers(zh, en) == [
        "figure '6%' (6 percent) is missing from the English (found 5%, 7%)",
        "figure '128家' (128) is missing from the English (found 12)",
    ]


# --- the real content --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def report() -> Report:
    return load_site(Path(REPO)).site.reports[0]


def test_every_real_paragraph_keeps_its_figures(report: Report) -> None:
    paragraphs = list(report.all_paragraphs())
    problems = {
        p.id: check_numbers(p.text.zh, p.text.en.text) for p in paragraphs if p.text.has_english
    }
    assert {pid: found for pid, found in problems.items() if found} == {}
    assert len(problems) == len(paragraphs)
    checked = {q.text for p in paragraphs for q in quantities_zh(p.text.zh)}
    assert {"4.8%左右", "持平", "120万吨", "128家", "18万人", "20名以上"} <= checked


def test_every_real_target_figure_is_translated(report: Report) -> None:
    assert report.targets
    problems = {t.id: check_numbers(t.figure.zh, t.figure.en.text) for t in report.targets}
    assert {tid: found for tid, found in problems.items() if found} == {}


def test_targets_agree_with_the_figures_read_from_their_chinese(report: Report) -> None:
    """The targets' hand-entered value and comparison are what this module reads."""
    qualifiers = {"about": "about", "at-least": "at-least"}
    for target in report.targets:
        found = quantities_zh(target.figure.zh)
        if target.comparison == "flat":
            assert [q.unit for q in found] == ["flat"], target.id
        elif target.value is None:
            assert found == [], target.id
        else:
            assert len(found) == 1, target.id
            quantity: Quantity = found[0]
            assert quantity.value == Decimal(str(target.value)), target.id
            assert quantity.qualifier == qualifiers.get(target.comparison), target.id
            assert (quantity.unit == "percent") == (target.unit == "percent"), target.id


PLANTED = [  # (paragraph, English text replaced, replacement, the message expected)
    (
        "mt-01",
        "about 4.8%",
        "about 4.5%",
        "figure '4.8%左右' (4.8 percent) is missing from the English (found 4.5%)",
    ),
    (
        "mt-01",
        "about 4.8%",
        "4.8%",
        "'左右' (about) in '4.8%左右' is not rendered in the English (expected "
        "about/around/approximately/roughly with '4.8%')",
    ),
    (
        "mt-01",
        "remain flat",
        "grow",
        "'持平' (flat: no change) is not rendered in the English (expected flat/unchanged/same "
        "level)",
    ),
    (
        "rfm-04",
        "reduce by 128 the",
        "reduce by 12 the",
        "figure '128家' (128) is missing from the English (found 12)",
    ),
    (
        "inn-09",
        "180,000",
        "18,000",
        "figure '18万人' (180,000) is missing from the English (found 18,000, which is 10 times "
        "too small)",
    ),
    (
        "bth-07",
        "1.2-million-tonne",
        "120,000-tonne",
        "figure '120万吨' (1,200,000) is missing from the English (found 120,000, which is 10 "
        "times too small)",
    ),
    (
        "inn-09",
        "at least 20",
        "20",
        "'以上' (at least) in '20名以上' is not rendered in the English (expected "
        "at least/more than/over/or more/above with '20')",
    ),
]


@pytest.mark.parametrize(
    ("paragraph_id", "old", "new", "message"), PLANTED, ids=[f"{c[0]}:{c[2]}" for c in PLANTED]
)
def test_errors_planted_in_real_paragraphs_are_caught(
    report: Report, paragraph_id: str, old: str, new: str, message: str
) -> None:
    paragraph = report.paragraph(paragraph_id)
    assert paragraph is not None
    assert paragraph.text.en.text.count(old) == 1
    broken = paragraph.text.en.text.replace(old, new)
    assert check_numbers(paragraph.text.zh, broken) == [message]
