"""Topics: a page per topic in every edition, listing exactly its paragraphs in reading order;
each paragraph's topic links; the checks on content/topics.yml; open data; search."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.content.model import Site
from policysite.content.punctuation import fullwidth_punctuation

from .conftest import REPO, ContentCopy
from .search_harness import run_queries

EDITIONS = {"zh": "", "zh-Hant": "zh-hant/", "en": "en/"}
TOPICS = "content/topics.yml"


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO).site


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def ids_on(page: Path) -> frozenset[str]:
    """Every element ID on a built page, parsed once per run of a worker: a chapter page is
    the target of many topic links (the built site is never changed by a test)."""
    return frozenset(str(tag["id"]) for tag in soup_of(page).find_all(id=True))


@functools.cache
def paragraph_links_on(page: Path) -> tuple[str, ...]:
    """The paragraph links a topic page lists, parsed once per run of a worker."""
    return tuple(str(a["href"]) for a in soup_of(page).select(".bp-topic-para__where a"))


def expected_paragraphs(site: Site, topic_id: str) -> list[str]:
    """The topic's paragraphs as chapter-page anchors, newest report first, in reading order."""
    topic = next(t for t in site.topics if t.id == topic_id)
    return [
        f"{report.id}/{p.chapter_id}/#{p.id}"
        for report in site.reports
        for p in report.all_paragraphs()
        if p.id in topic.paragraph_ids(report.id)
    ]


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_each_topic_page_lists_exactly_its_paragraphs_in_order(
    built_site: Path, site: Site, lang: str
) -> None:
    root = built_site / EDITIONS[lang]
    assert len(site.topics) >= 12
    for topic in site.topics:
        page = root / "topics" / topic.id / "index.html"
        soup = soup_of(page)
        links = [a["href"] for a in soup.select(".bp-topic-para__where a")]
        shown = [
            str((page.parent / href.split("#")[0]).resolve().relative_to(root.resolve()))
            + "/#"
            + href.split("#")[1]
            for href in links
        ]
        assert shown == expected_paragraphs(site, topic.id), topic.id
        for href in links:  # each leads to the paragraph's anchor on its chapter page
            target, anchor = href.split("#")
            assert anchor in ids_on((page.parent / target / "index.html").resolve()), href
        texts = [p.get_text() for p in soup.select(".bp-topic-para > p:first-child")]
        assert len(texts) == len(links) and all(texts)


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_a_paragraphs_topic_links_lead_to_pages_that_list_it(
    built_site: Path, site: Site, lang: str
) -> None:
    root = built_site / EDITIONS[lang]
    report = site.reports[0]
    checked = 0
    for chapter in report.chapters:
        page = root / report.id / chapter.id / "index.html"
        soup = soup_of(page)
        for paragraph in chapter.all_paragraphs():
            block = soup.find(id=paragraph.id)
            links = [a["href"] for a in block.select(".bp-para__topics a")]
            wanted = [t.id for t in site.topics if paragraph.id in t.paragraph_ids(report.id)]
            assert [href.rstrip("/").split("/")[-1] for href in links] == wanted, paragraph.id
            for href in links:
                back = paragraph_links_on((page.parent / href / "index.html").resolve())
                assert any(h.endswith(f"/{chapter.id}/#{paragraph.id}") for h in back)
                checked += 1
    assert checked >= 50


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_the_index_lists_every_topic_with_its_count_and_the_home_page_links_it(
    built_site: Path, site: Site, lang: str
) -> None:
    root = built_site / EDITIONS[lang]
    soup = soup_of(root / "topics" / "index.html")
    items = soup.select(".bp-topic-list li")
    assert [li.a["href"].rstrip("/").split("/")[-1] for li in items] == [t.id for t in site.topics]
    for li, topic in zip(items, site.topics, strict=True):
        count = len(expected_paragraphs(site, topic.id))
        assert str(count) in li.select_one(".bp-topic-count").get_text()
    home = soup_of(root / "index.html")
    assert len(home.select(".bp-home-topics a")) == len(site.topics)


def test_traditional_topic_pages_are_converted(built_site: Path) -> None:
    soup = soup_of(built_site / "zh-hant" / "topics" / "bth-coordination" / "index.html")
    assert soup.h1.get_text().startswith("京津冀區域協同")


def test_open_data_lists_topics_and_pairs_with_the_same_ids(built_site: Path, site: Site) -> None:
    for dataset in ("topics", "paragraph-topics"):
        document = json.loads((built_site / "data" / f"{dataset}.json").read_text("utf-8"))
        schema = json.loads(
            (built_site / "data/schema" / f"{dataset}.schema.json").read_text("utf-8")
        )
        jsonschema.validate(document, schema)
    topics = json.loads((built_site / "data/topics.json").read_text("utf-8"))["items"]
    pairs = json.loads((built_site / "data/paragraph-topics.json").read_text("utf-8"))["items"]
    assert [t["id"] for t in topics] == [t.id for t in site.topics]
    from_topics = {
        (p.split("/")[0], p.split("/")[1], t["id"]) for t in topics for p in t["paragraphs"]
    }
    assert from_topics == {(p["report"], p["paragraph"], p["topic"]) for p in pairs}
    paragraphs = json.loads((built_site / "data/2024/paragraphs.json").read_text("utf-8"))["items"]
    assert {p["paragraph"] for p in pairs} <= {p["id"] for p in paragraphs}


# --- check -----------------------------------------------------------------------------------


def problems(copy: ContentCopy) -> list[str]:
    return copy.problems()


def test_check_names_an_unknown_paragraph_report_and_target(content_copy: ContentCopy) -> None:
    content_copy.edit(TOPICS, '"2024": [rfm-12]', '"2024": [rfm-12, rfm-99]')
    content_copy.edit(TOPICS, '"2024": [bth-05]', '"2024": [bth-05]\n      "2031": [bth-05]')
    content_copy.edit(TOPICS, '"2024": [trim-inefficient-enterprises]', '"2024": [gdp-growth]')
    line = content_copy.line_of
    future = line(TOPICS, '"2031": [bth-05]')
    assert problems(content_copy) == [
        f"{TOPICS}:{line(TOPICS, '[rfm-12, rfm-99]')}: topics[8].paragraphs.2024[1]: "
        "expected a paragraph of report 2024, found 'rfm-99'",
        f"{TOPICS}:{line(TOPICS, '[gdp-growth]')}: topics[13].targets.2024[0]: target "
        "'gdp-growth' is stated in paragraph mt-01, which this topic does not list under "
        "paragraphs",
        f"{TOPICS}:{future}: topics[16].paragraphs.2031: expected the "
        "ID of a report (2024), found '2031'",
    ]


def test_check_warns_about_an_unused_topic_and_a_missing_english_name(
    content_copy: ContentCopy,
) -> None:
    content_copy.edit(TOPICS, '"2024": [rfm-12]\n', '"2024": []\n')
    content_copy.edit(
        TOPICS,
        'text: "Marine economy"\n        status: edited',
        'text: ""\n        status: missing',
    )
    line = content_copy.line_of
    marine = line(TOPICS, "id: marine-economy")
    en = line(TOPICS, 'text: ""') - 1
    assert content_copy.warnings() == [
        f"{TOPICS}:{marine}: warning: topics[8]: topic 'marine-economy' has no paragraph "
        "(list its paragraphs under paragraphs, or remove the topic)",
        f"{TOPICS}:{en}: warning: topics[8].name.en: expected the English name of topic "
        "'marine-economy', found none (status missing): the English edition would show the "
        "Chinese",
    ]


def test_check_proposes_a_topic_for_an_undecided_paragraph(content_copy: ContentCopy) -> None:
    content_copy.edit(
        TOPICS, '        rfm-06: "“物流” is one of the factor costs to be lowered"\n', ""
    )
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root), "check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    chapter = "content/reports/2024/chapters/04-reform-opening-up.yml"
    rfm06 = content_copy.line_of(chapter, "- id: rfm-06")
    assert "Topics to review (1 proposals, not problems):" in result.stdout
    assert (
        f"{chapter}:{rfm06}: sections[0].paragraphs[4] (rfm-06): topic proposed by the signal "
        "words: ports-logistics (物流): list it under the topic's paragraphs in "
        f"{TOPICS}, or under left_out with the reason"
    ) in result.stdout.splitlines()


IMPORTED = "content/reports/2025/chapters/03-zhongdian-gongzuo-renwu.yml"
PROPOSED_FOR_IMPORT = [
    f"{IMPORTED}:16: sections[0].paragraphs[0] (zdgz-01): topics proposed by the signal words: "
    "opening-up-ftz (外资), ports-logistics (港口、单一窗口), investment (外资), "
    "business-environment (营商环境): list it under each topic's paragraphs in "
    f"{TOPICS}, or under left_out with the reason",
    f"{IMPORTED}:27: sections[1].paragraphs[0] (zdgz-02): topics proposed by the signal words: "
    "science-innovation (科技), talent-hukou (博士后): list it under each topic's paragraphs "
    f"in {TOPICS}, or under left_out with the reason",
]


def test_import_and_check_propose_topics_for_the_new_paragraphs(
    content_copy: ContentCopy,
) -> None:
    """A new report's paragraphs get proposals, where each paragraph is written, from
    import and again from check; nothing is tagged: topics.yml and the drafts hold no topic."""
    topics_before = content_copy.path(TOPICS).read_bytes()
    site_py = [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root)]
    fixture = REPO / "tests/fixtures/report-numbered.txt"
    imported = subprocess.run(
        [*site_py, "import", str(fixture), "--id", "2025", "--year", "2025"],
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    out = imported.stdout.splitlines()
    header = (
        "topics proposed from their signal words for 2 paragraphs (proposals only: nothing "
        "is tagged until you list it in content/topics.yml):"
    )
    assert out[out.index(header) + 1 : out.index(header) + 3] == PROPOSED_FOR_IMPORT
    draft = content_copy.path(IMPORTED).read_text(encoding="utf-8").splitlines()
    assert draft[15] == "      - id: zdgz-01" and draft[26] == "      - id: zdgz-02"
    assert content_copy.path(TOPICS).read_bytes() == topics_before
    assert not any("topic" in line for line in draft)
    checked = subprocess.run([*site_py, "check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.splitlines()
    start = lines.index("Topics to review (2 proposals, not problems):")
    assert lines[start + 1 : start + 3] == PROPOSED_FOR_IMPORT


def test_the_real_topics_have_no_problem_and_no_open_proposal(site: Site) -> None:
    from policysite.checks.topics import topic_proposals

    assert topic_proposals(site.topics, site.reports) == []
    warnings = [p.format() for p in load_site(REPO).warnings if p.file == TOPICS]
    assert warnings == []


# --- search ----------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [
        ("", "生物医药", "topics/biomedicine/#topic"),
        ("", "港口与物流", "topics/ports-logistics/#topic"),
        ("zh-hant/", "人才與戶籍", "topics/talent-hukou/#topic"),
        ("en/", "Ports and logistics", "topics/ports-logistics/#topic"),
        ("en/", "Marine economy", "topics/marine-economy/#topic"),
    ],
)
def test_a_topic_page_is_found_first_by_its_name(
    new_page: Callable[..., Any], site_server: str, prefix: str, query: str, expected: str
) -> None:
    page = new_page("/" + prefix)
    results = run_queries(page, site_server, prefix, [query])[query]
    assert results and results[0] == expected, results[:3]


def copied_citation(browser: Any, url: str, button: str) -> str:
    """What the cite button ``button`` on the page at ``url`` puts on the clipboard."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(url)
        page.hover(button)
        page.click(button)
        page.wait_for_selector(".bp-toast")
        return str(page.evaluate("navigator.clipboard.readText()"))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(EDITIONS))
def test_a_topic_pages_citation_is_the_paragraphs_own(
    browser: Any, site_server: str, site: Site, lang: str
) -> None:
    """Copying a citation on a topic page gives what the paragraph's own page gives: its
    text, its citation and its address on its chapter page, never the topic page's."""
    report = site.reports[0]
    paragraph = report.chapter("innovation-driven").sections[1].paragraphs[0]
    prefix = "/" + EDITIONS[lang]
    own_page = f"{site_server}{prefix}{report.id}/{paragraph.chapter_id}/"
    on_topic = copied_citation(
        browser,
        f"{site_server}{prefix}topics/science-innovation/",
        f".bp-topic-para:has(a[href$='/{paragraph.chapter_id}/#{paragraph.id}']) .bp-cite",
    )
    at_home = copied_citation(browser, own_page, f"#{paragraph.id} .bp-cite")
    assert on_topic == at_home
    assert on_topic.endswith(f" {own_page}#{paragraph.id}")
    text = paragraph.text.en.text if lang == "en" else fullwidth_punctuation(paragraph.text.zh)
    if lang != "zh-Hant":  # the Traditional text is converted from the Simplified
        assert on_topic.startswith(text + "\n"), on_topic[:80]
    number = (
        f"paragraph {paragraph.number} of this edition"
        if lang == "en"
        else (f"第{paragraph.number}段")
    )
    assert number in on_topic


def test_the_readme_table_is_the_topics_file(site: Site) -> None:
    """The reviewer's table in the README lists, per topic, exactly what topics.yml says."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| ") and " (" in line]
    table = {row.split(" (")[0].removeprefix("| "): row for row in rows}
    for topic in site.topics:
        row = table.get(topic.id)
        assert row is not None, topic.id
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert cells[1] == ", ".join(e.item_id for e in topic.paragraphs), topic.id
        assert cells[2] == "; ".join(f"{e.item_id}: {why}" for e, why in topic.left_out)
