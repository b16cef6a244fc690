"""Search finds what Chinese and English readers type, in their own language's site."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .search_harness import first_results, run_queries

pytestmark = pytest.mark.browser

TOP = 5  # the expected section must be among the best sections of the first five pages
R = "2024/"
BTH, RFM, INN = R + "beijing-tianjin-hebei/", R + "reform-opening-up/", R + "innovation-driven/"

ZH_QUERIES = [
    ("京津冀", BTH),
    ("专精特新", INN + "#tech-commercialisation"),
    ("一件事一次办", RFM + "#reform-effectiveness"),
    ("三新", R + "general-requirements/"),
    ("三新", "glossary/#san-xin"),
    ("滨城科创区", INN + "#sci-tech-zone"),
    ("海河实验室", BTH + "#innovation-synergy"),
    ("4.8%", R + "main-targets/"),
    ("128家", RFM + "#reform-effectiveness"),
    ("150家", INN + "#tech-commercialisation"),
    ("120家", INN + "#tech-commercialisation"),
    ("18万", INN + "#innovation-ecosystem"),
    ("博士后工作站", INN + "#innovation-ecosystem"),
    ("卡脖子", INN + "#innovation-sources"),
    ("单一窗口", RFM + "#open-economy"),
    ("春笋行动", RFM + "#three-capitals"),
    ("跨省通办", BTH + "#public-services"),
    ("滨唐高速", BTH + "#infrastructure"),
    ("乙烯", BTH + "#infrastructure"),
    ("天开园", INN + "#sci-tech-zone"),
    ("东疆", RFM + "#open-economy"),
    ("泰达MSD", RFM + "#open-economy"),
    ("营商环境", RFM + "#reform-effectiveness"),
    ("户籍", BTH + "#public-services"),
    ("创新券", INN + "#innovation-ecosystem"),
    ("一基地三区", BTH),
    ("北京研发", BTH + "#innovation-synergy"),
    ("固定资产投资", R + "main-targets/"),
    ("单项冠军", INN + "#tech-commercialisation"),
    ("滨城", "glossary/#bincheng"),
    # English typed on the Chinese site finds the glossary entry
    ("Three News", "glossary/#san-xin"),
    ("Bincheng", "glossary/#bincheng"),
]

EN_QUERIES = [
    ("little giant", INN + "#tech-commercialisation"),
    ("Eco-City", RFM + "#open-economy"),
    ("Bincheng", "glossary/#bincheng"),
    ("Three News", "glossary/#san-xin"),
    ("Three News", R + "general-requirements/"),
    ("one matter, one go", RFM + "#reform-effectiveness"),
    ("4.8%", R + "main-targets/"),
    ("128", RFM + "#reform-effectiveness"),
    ("150", INN + "#tech-commercialisation"),
    ("180,000", INN + "#innovation-ecosystem"),
    ("ethylene", BTH + "#infrastructure"),
    ("Haihe", BTH + "#innovation-synergy"),
    ("single window", RFM + "#open-economy"),
    ("TEDA", RFM + "#open-economy"),
    ("postdoctoral", INN + "#innovation-ecosystem"),
    ("bottleneck", INN + "#innovation-sources"),
    ("Xiong'an", BTH + "#infrastructure"),
    ("household registration", BTH + "#public-services"),
    ("Spring Bamboo", RFM + "#three-capitals"),
    ("manufacturing", BTH + "#innovation-synergy"),
    # a Chinese term typed on the English site finds its glossary entry
    ("三新", "glossary/#san-xin"),
]


@pytest.fixture(scope="module")
def search_page(browser: Any, site_server: str) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server + "/")
    yield page
    context.close()


@pytest.mark.parametrize(("prefix", "table"), [("", ZH_QUERIES), ("en/", EN_QUERIES)])
def test_queries_find_their_section(
    search_page: Any, built_site: Path, prefix: str, table: list[tuple[str, str]]
) -> None:
    results = run_queries(search_page, built_site, prefix, sorted({q for q, _ in table}))
    misses = [
        (query, expected, first_results(results[query]))
        for query, expected in table
        if expected not in first_results(results[query])
    ]
    assert misses == [], "\n".join(map(str, misses))


def test_query_tables_are_big_enough() -> None:
    assert len({q for q, _ in ZH_QUERIES}) >= 25
    assert len({q for q, _ in EN_QUERIES}) >= 15


HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{3,}\s+[A-Za-z]{3,}\s+[A-Za-z]{3,}\b")


def load_index(site: Path, prefix: str) -> dict[str, Any]:
    return dict(json.loads((site / prefix / "search/search_index.json").read_text("utf-8")))


def test_each_site_indexes_its_own_language(built_site: Path) -> None:
    zh = load_index(built_site, "")
    en = load_index(built_site, "en/")
    # The report's pages; the glossary names terms in both languages, and About names sources.
    report_pages = re.compile(r"^2024/(?!about/)")
    en_docs = [d for d in en["docs"] if report_pages.match(d["location"])]
    zh_docs = [d for d in zh["docs"] if report_pages.match(d["location"])]
    assert len(en_docs) == len(zh_docs) > 10
    for doc in en_docs:
        assert not HAN.search(doc["title"] + doc["text"]), doc["location"]
    for doc in zh_docs:
        assert not ENGLISH_PHRASE.search(doc["text"]), doc["location"]


def test_notices_tooltips_and_paragraph_numbers_stay_out_of_the_index(built_site: Path) -> None:
    en = json.dumps(load_index(built_site, "en/"), ensure_ascii=False)
    assert "Unofficial translation" not in en
    zh = load_index(built_site, "")
    text = " ".join(d["text"] for d in zh["docs"] if d["location"].startswith(R))
    assert "国家推动农村全方位发展" not in text  # a tooltip definition


def test_figures_stay_whole_in_the_chinese_index(built_site: Path) -> None:
    text = " ".join(d["text"] for d in load_index(built_site, "")["docs"])
    for figure in ("128家", "150家", "4.8%", "18万人"):
        assert figure in text


# --- the search box, as a reader uses it ------------------------------------------------

UI_QUERIES = [
    ("", "专精特新", INN + "#tech-commercialisation"),
    ("", "128家", RFM + "#reform-effectiveness"),
    ("", "跨省通办", BTH + "#public-services"),
    ("", "滨唐高速", BTH + "#infrastructure"),
    ("en/", "little giant", INN + "#tech-commercialisation"),
    ("en/", "Eco-City", RFM + "#open-economy"),
    ("en/", "ethylene", BTH + "#infrastructure"),
    ("en/", "Spring Bamboo", RFM + "#three-capitals"),
]


@pytest.mark.parametrize(("prefix", "query", "expected"), UI_QUERIES)
def test_search_box_lands_on_the_section(
    new_page: Callable[..., Any], prefix: str, query: str, expected: str
) -> None:
    page = new_page("/" + prefix)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material listens for keyup
    first = page.locator(".md-search-result__item a").first
    first.wait_for(state="visible", timeout=15000)
    links = page.locator(".md-search-result__item a").all()
    # Material adds ?h=<query> to highlight the words on the target page
    targets = [re.sub(r"\?h=[^#]*", "", a.get_attribute("href") or "") for a in links]
    pages = list(dict.fromkeys(t.split("#")[0] for t in targets))  # in the order listed
    matching = [i for i, t in enumerate(targets) if t.endswith("/" + prefix + expected)]
    assert matching, targets
    assert pages.index(targets[matching[0]].split("#")[0]) < TOP, pages
    links[matching[0]].click()
    page.wait_for_load_state()
    assert re.sub(r"\?h=[^#]*", "", page.url).endswith("/" + prefix + expected)
    if "#" in expected:
        anchor = expected.split("#")[1]
        assert page.evaluate(f"document.getElementById('{anchor}') !== null")
