"""Outcomes beside targets: the status rule, the checks' exact lines, the built pages of all
three editions, a status that follows a changed outcome, and indicator pages across years on
the benchmark's synthetic corpora (several years, a missing outcome, a dropped indicator)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from benchmarks.bench_corpus import make_corpus, rewrite_report
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.content.model import Outcome, Target
from policysite.content.outcomes import outcome_status
from policysite.render.hant import convert_plain
from policysite.render.strings import ui_strings
from policysite.tools.indicators import known_indicator_labels, propose_indicator

from .conftest import REPO, ContentCopy, made_once, run_mkdocs_build

TARGETS = "content/reports/2024/targets.yml"
INDICATORS = "content/indicators.yml"
EDITIONS = {"zh": "", "en": "en/", "zh-Hant": "zh-hant/"}
_ZH_WORDS = {
    "exceeded": "超过目标",
    "missed": "未达到目标",
    "met": "达到目标",
    "reported-met": "已完成（据发布方报告）",
    "pending": "尚未公布结果",
}
STATUS_WORDS = {
    "zh": _ZH_WORDS,
    "en": {
        "exceeded": "Exceeded",
        "missed": "Missed",
        "met": "Met",
        "reported-met": "Met (as reported)",
        "pending": "No outcome published yet",
    },
    "zh-Hant": {k: convert_plain(v) for k, v in _ZH_WORDS.items()},  # converted, never typed
}
#: What the research note reports for 2024 (target ID -> outcome shown, status).
PUBLISHED_2024 = {
    "gdp-growth": ("5.5%", "exceeded"),
    "budget-revenue-growth": ("5.5%", "missed"),
    "fixed-asset-investment": ("3.7%", "exceeded"),
    "energy-emissions": (None, "reported-met"),
}

SITE = load_site(REPO).site
REPORT = SITE.latest


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()  # type: ignore[attr-defined]


# --- the rule ------------------------------------------------------------------------------


def _target(comparison: str, value: float | None, unit: str = "percent") -> Target:
    base = next(t for t in REPORT.targets if t.id == "gdp-growth")
    return replace(base, comparison=comparison, value=value, unit=unit, outcome=None)


def _outcome(value: float | None, reported: str | None = None) -> Outcome:
    base = next(t for t in REPORT.targets if t.id == "gdp-growth").outcome
    assert base is not None
    return replace(base, value=value, reported=reported)


@pytest.mark.parametrize(
    ("comparison", "target", "unit", "outcome", "expected"),
    [
        ("about", 4.8, "percent", 5.5, "exceeded"),  # 2024's GRP: above 4.3-5.3
        ("about", 4.8, "percent", 5.3, "met"),  # the band's edge, compared as decimals
        ("about", 4.8, "percent", 5.31, "exceeded"),
        ("about", 4.8, "percent", 4.3, "met"),
        ("about", 4.8, "percent", 4.29, "missed"),
        ("about", 100, "enterprises", 95, "met"),  # counts: 5% of the value
        ("about", 100, "enterprises", 94, "missed"),
        ("exactly", 6, "percent", 5.5, "missed"),  # 2024's budget revenue
        ("exactly", 6, "percent", 6, "met"),
        ("exactly", 6, "percent", 6.1, "exceeded"),
        ("at-least", 20, "people", 20, "met"),
        ("cumulative", 120, "enterprises", 118, "missed"),
        ("at-most", 3, "percent", 3, "met"),
        ("at-most", 3, "percent", 3.2, "missed"),
        ("flat", None, "none", 3.7, "exceeded"),  # 2024's fixed-asset investment
        ("flat", None, "none", 0.5, "met"),
        ("flat", None, "none", -0.4, "met"),
        ("flat", None, "none", -0.6, "missed"),
    ],
)
def test_status_rule(
    comparison: str, target: float | None, unit: str, outcome: float, expected: str
) -> None:
    assert outcome_status(_target(comparison, target, unit), _outcome(outcome)) == expected


def test_status_without_a_number_is_what_the_source_reports() -> None:
    words = _target("as-assigned", None, "none")
    assert outcome_status(words, _outcome(None, "met")) == "reported-met"
    assert outcome_status(words, _outcome(None, "not-met")) == "reported-not-met"
    assert outcome_status(words) == "pending"


def test_the_2024_statuses_are_derived_from_the_content() -> None:
    found = {t.id: outcome_status(t) for t in REPORT.targets}
    assert {k: v for k, v in found.items() if v != "pending"} == {
        k: status for k, (_, status) in PUBLISHED_2024.items()
    }


# --- check ---------------------------------------------------------------------------------


def _outcome_line(copy: ContentCopy, key: str, after: str) -> int:
    """Line of ``key`` in the first outcome after the line containing ``after``."""
    lines = copy.path(TARGETS).read_text(encoding="utf-8").splitlines()
    start = copy.line_of(TARGETS, after)
    return next(i for i, line in enumerate(lines, 1) if i > start and line.strip().startswith(key))


def test_check_refuses_an_outcome_without_a_source(content_copy: ContentCopy) -> None:
    text = content_copy.path(TARGETS).read_text(encoding="utf-8")
    first = text.index("    outcome:\n")
    source = text.index("      source:\n", first)
    following = text.index("  - id: budget-revenue-growth", first)
    content_copy.path(TARGETS).write_text(text[:source] + text[following:], encoding="utf-8")
    line = content_copy.line_of(TARGETS, "    outcome:")
    assert content_copy.problems() == [
        f"{TARGETS}:{line}: targets[0].outcome: missing 'source': an outcome needs the "
        "publication that reports it (publisher, title and date; the original's url when it "
        "is known)"
    ]


def test_check_refuses_each_mistake_with_its_line(content_copy: ContentCopy) -> None:
    # the unit: budget revenue growth is a percentage, not a count of enterprises
    content_copy.edit(
        TARGETS,
        "budget-revenue-growth\n    outcome:\n      period: 2024\n"
        "      value: 5.5\n      unit: percent\n",
        "budget-revenue-growth\n"
        "    outcome:\n      period: 2024\n      value: 5.5\n      unit: enterprises\n",
    )
    unit_line = content_copy.line_of(TARGETS, "unit: enterprises")
    # a source dated before the report (2024-01-10)
    content_copy.edit(TARGETS, 'date: "2025-02-24"', 'date: "2023-12-31"')
    date_line = content_copy.line_of(TARGETS, 'date: "2023-12-31"')
    # an indicator ID nobody registered
    content_copy.edit(TARGETS, "indicator: budget-revenue-growth", "indicator: budget-revenue")
    indicator_line = content_copy.line_of(TARGETS, "indicator: budget-revenue")
    # a quote that does not say the figure it supports (FAI: 3.7%)
    fai_title = _outcome_line(content_copy, "title:", "indicator: fixed-asset-investment-growth")
    lines = content_copy.path(TARGETS).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(fai_title, '        quote: "全年固定资产投资增长3.2%"\n')
    content_copy.path(TARGETS).write_text("".join(lines), encoding="utf-8")
    quote_line = fai_title + 1
    assert content_copy.problems() == [
        f"{TARGETS}:{date_line}: targets[0].outcome.source.date: expected a date after the "
        "report's (2024-01-10), found 2023-12-31",
        f"{TARGETS}:{indicator_line}: targets[1].indicator: expected an indicator ID listed in "
        f"{INDICATORS}, found 'budget-revenue' (did you mean 'budget-revenue-growth'?)",
        f"{TARGETS}:{unit_line}: targets[1].outcome.unit: expected percent (the target's "
        "unit), found enterprises",
        f"{TARGETS}:{quote_line}: targets[2].outcome.source.quote: expected the outcome's "
        "figure '3.7%' in the quoted text, found '全年固定资产投资增长3.2%'",
    ]


def test_check_accepts_a_quote_that_states_the_figure(content_copy: ContentCopy) -> None:
    title = _outcome_line(content_copy, "title:", "indicator: fixed-asset-investment-growth")
    lines = content_copy.path(TARGETS).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(title, '        quote: "全年固定资产投资增长3.7%"\n')
    content_copy.path(TARGETS).write_text("".join(lines), encoding="utf-8")
    assert content_copy.problems() == []


def test_check_refuses_a_typed_status_on_a_target_with_a_number(
    content_copy: ContentCopy,
) -> None:
    content_copy.edit(TARGETS, "      value: 3.7\n", "      value: 3.7\n      reported: met\n")
    line = _outcome_line(content_copy, "outcome:", "indicator: fixed-asset-investment-growth")
    assert content_copy.problems() == [
        f"{TARGETS}:{line}: targets[2].outcome.reported: expected no 'reported' (the site "
        "compares the numbers itself), found 'met'"
    ]


# --- import proposes indicators -------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("地区生产总值增长", "grp-growth"),
        ("一般公共预算收入增长", "budget-revenue-growth"),
        ("固定资产投资增长", "fixed-asset-investment-growth"),
        ("引育科技型企业", None),  # no indicator registered: none proposed, never a guess
    ],
)
def test_import_proposes_an_indicator_from_the_label(label: str, expected: str | None) -> None:
    assert propose_indicator(label, known_indicator_labels(REPO)) == expected


# --- the built site, three editions ---------------------------------------------------------


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_targets_page_shows_target_outcome_status_and_source(built_site: Path, lang: str) -> None:
    page = soup(built_site / EDITIONS[lang] / "2024/targets/index.html")
    words = STATUS_WORDS[lang]
    sources = {li["id"]: text_of(li) for li in page.select(".bp-outcome-sources li")}
    assert len(sources) == 1  # the 2024 plan-execution report, cited once
    (citation,) = sources.values()
    assert "2025-02-24" in citation
    offline = ui_strings()["en" if lang == "en" else "zh"]["source_not_online"]  # as worded
    assert (convert_plain(offline) if lang == "zh-Hant" else offline) in citation
    for target in REPORT.targets:
        row = page.select_one(f"#target-{target.id}")
        assert row is not None
        cells = row.find_all("td")
        outcome, status = text_of(cells[2]), text_of(cells[2].select_one(".bp-status"))
        if target.id in PUBLISHED_2024:
            shown, expected = PUBLISHED_2024[target.id]
            assert status.endswith(words[expected]), (target.id, status)
            if shown:
                assert outcome.startswith(shown), (target.id, outcome)
            link = cells[2].find("a")
            assert link["href"] == "#outcome-source-1"
        else:
            assert status.endswith(words["pending"]), (target.id, status)
            assert cells[2].find("a") is None
        mark = cells[2].select_one(".bp-status__mark")
        assert mark is not None and mark["aria-hidden"] == "true" and mark.get_text().strip()


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_home_cards_show_target_and_outcome_side_by_side(built_site: Path, lang: str) -> None:
    page = soup(built_site / EDITIONS[lang] / "index.html")
    cards = page.select(".bp-figure")
    headline = [t for t in REPORT.targets if t.headline]
    assert len(cards) == len(headline)
    for card, target in zip(cards, headline, strict=True):
        link = card.select_one("a.bp-figure__target")
        assert link["href"].endswith(f"#{target.paragraph_id}")
        words = STATUS_WORDS[lang]
        status = text_of(card.select_one(".bp-status"))
        if target.id in PUBLISHED_2024:
            shown, expected = PUBLISHED_2024[target.id]
            assert status.endswith(words[expected])
            source = card.select_one(".bp-figure__outcome a")
            assert source["href"] == "2024/targets/#outcome-source-1"
            if shown:
                assert card.select_one(".bp-figure__outcome strong").get_text() == shown
        else:
            assert status.endswith(words["pending"])


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_indicator_page_chart_numbers_equal_the_table(built_site: Path, lang: str) -> None:
    page = soup(built_site / EDITIONS[lang] / "indicators/grp-growth/index.html")
    svg = page.select_one("figure.bp-chart svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() and svg.desc.get_text()
    assert svg.title["id"] in svg["aria-labelledby"] and svg.desc["id"] in svg["aria-labelledby"]
    chart = [(t.get_text(), t["class"][-1].split("--")[-1]) for t in svg.select(".bp-chart__value")]
    rows = page.select("#bp-indicator-table tbody tr")
    assert [r.th.get_text() for r in rows] == ["2023", "2024"]
    table = []
    for row in rows:
        target_cell, outcome_cell = row.select("td")[:2]
        link = target_cell.find("a")
        table.append((link.get_text() if link else "—", "target"))
        table.append((outcome_cell.contents[0].strip(), "outcome"))
    assert chart == table
    numbers = re.findall(r"[0-9.]+%", " ".join(label for label, _ in chart))
    assert numbers == ["4.6%", "4.8%", "5.5%"]
    axis = svg.select_one(".bp-chart__axis").get_text()
    expected = "Growth, year on year (%)" if lang == "en" else "同比增长（%）"
    assert axis == (convert_plain(expected) if lang == "zh-Hant" else expected)


def test_open_data_has_outcomes_and_statuses(built_site: Path) -> None:
    import json

    targets = json.loads((built_site / "data/2024/targets.json").read_text(encoding="utf-8"))
    found = {t["id"]: (t["indicator"], t["outcome_value"], t["status"]) for t in targets["items"]}
    assert found["gdp-growth"] == ("grp-growth", 5.5, "exceeded")
    assert found["fixed-asset-investment"] == ("fixed-asset-investment-growth", 3.7, "exceeded")
    assert found["little-giants"] == (None, None, "pending")
    gdp = next(t for t in targets["items"] if t["id"] == "gdp-growth")
    assert (gdp["source_date"], gdp["source_url"]) == ("2025-02-24", None)  # no copy linked
    outcomes = json.loads((built_site / "data/outcomes.json").read_text(encoding="utf-8"))
    assert [
        (o["indicator"], o["year"], o["target"], o["outcome_value"], o["status"])
        for o in outcomes["items"]
    ] == [
        ("grp-growth", 2023, None, 4.6, None),
        ("grp-growth", 2024, "gdp-growth", 5.5, "exceeded"),
        ("budget-revenue-growth", 2023, None, 11.9, None),
        ("budget-revenue-growth", 2024, "budget-revenue-growth", 5.5, "missed"),
    ]


# --- statuses follow the content ---------------------------------------------------------


def test_status_changes_when_an_outcome_changes(content_copy: ContentCopy) -> None:
    content_copy.edit(TARGETS, "      value: 5.5\n", "      value: 4.5\n")  # GRP: within 4.3-5.3
    built = content_copy.root / "site"
    result = run_mkdocs_build(content_copy.root, built)
    assert result.returncode == 0, result.stderr
    for lang, prefix in EDITIONS.items():
        row = soup(built / prefix / "2024/targets/index.html").select_one("#target-gdp-growth")
        assert text_of(row.select_one(".bp-status")).endswith(STATUS_WORDS[lang]["met"])
        assert text_of(row.find_all("td")[2]).startswith("4.5%")


# --- across years, on the benchmark's synthetic corpora ------------------------------------


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2024 and two synthetic successors (2025, 2026): 2025 raises the GRP target to about
    5.2%; 2026 has no GRP outcome yet and drops the budget revenue target (built once per
    run)."""
    return made_once(tmp_path_factory, "corpus", build_corpus_site) / "site"


def build_corpus_site(work: Path) -> None:
    root = make_corpus(REPO, work / "src", 3).root
    reports = root / "content/reports"
    rewrite_report(reports / "2025", lambda text: text.replace("4.8", "5.2"))
    targets = reports / "2026/targets.yml"
    text = targets.read_text(encoding="utf-8")
    gdp = text.index("  - id: gdp-growth")
    outcome = text.index("    outcome:\n", gdp)
    following = text.index("  - id: budget-revenue-growth")
    after = text.index("  - id: fixed-asset-investment")
    assert gdp < outcome < following < after
    text = text[:outcome] + text[after:]
    targets.write_text(text, encoding="utf-8")
    result = run_mkdocs_build(root, work / "site")
    assert result.returncode == 0, result.stderr


def test_indicator_page_across_years(corpus_site: Path) -> None:
    page = soup(corpus_site / "en/indicators/grp-growth/index.html")
    rows = [
        [text_of(c) for c in row.find_all(["th", "td"])]
        for row in page.select("#bp-indicator-table tbody tr")
    ]
    assert rows == [
        ["2023", "— that year's report is not on this site", "4.6% source 1", "—"],
        ["2024", "about 4.8%", "5.5% source 2", "▲ Exceeded"],
        ["2025", "about 5.2%", "5.5% source 3", "✓ Met"],
        ["2026", "about 4.8%", "not published yet", "… No outcome published yet"],
    ]
    changes = [text_of(li) for li in page.select(".bp-changes li")]
    assert changes == [
        "2025: raised from about 4.8% (2024) to about 5.2%",
        "2026: lowered from about 5.2% (2025) to about 4.8%",
    ]
    chart = [t.get_text() for t in page.select("figure.bp-chart .bp-chart__value")]
    assert chart == [
        "—",
        "4.6%",
        "about 4.8%",
        "5.5%",
        "about 5.2%",
        "5.5%",
        "about 4.8%",
        "not published yet",
    ]


def test_dropped_indicator_is_named_on_its_page(corpus_site: Path) -> None:
    page = soup(corpus_site / "indicators/budget-revenue-growth/index.html")
    rows = [
        [text_of(c) for c in row.find_all(["th", "td"])]
        for row in page.select("#bp-indicator-table tbody tr")
    ]
    assert rows[-1] == ["2026", "— 2026年报告未再提出", "尚未公布", "—"]
    assert [text_of(li) for li in page.select(".bp-changes li")] == [
        "2025年目标与2024年相同：6%",
        "2026年报告未再提出该目标（2025年为6%）",
    ]
    # the 2026 targets page no longer lists it, and its status column says what is pending
    targets = soup(corpus_site / "2026/targets/index.html")
    assert targets.select_one("#target-budget-revenue-growth") is None


def test_chart_scale_leaves_room_for_every_value(corpus_site: Path) -> None:
    svg = soup(corpus_site / "indicators/grp-growth/index.html").select_one("figure svg")
    width = Decimal(svg["viewbox"].split()[2])  # html.parser lower-cases names
    for rect in svg.select("rect"):
        assert Decimal(rect["x"]) >= 0 and Decimal(rect["x"]) + Decimal(rect["width"]) <= width
