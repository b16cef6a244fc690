"""Every text from content is escaped exactly once, for the place it lands: hostile texts typed
into content show as typed (no backslash added, no element made from them) in all three
editions, in the search index, in the open data; CSV cells never start a formula."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Comment
from policysite.render.opendata import csv_text, to_csv
from policysite.render.text import markdown_text
from policysite.tools.stamp import stamp_file

from .conftest import (
    RESULT_TITLES,
    WAIT_FOR_TITLE,
    ContentCopy,
    copy_site_sources,
    made_once,
    run_mkdocs_build,
    serve_site,
)

# Markup, Markdown and template syntax, entities, quotes; no digits (the figures check would
# rightly flag numbers the Chinese does not have).
TYPED_EN = (
    r"<img src=x onerror=alert(document.domain)> \<d\> ~c *x* _y_ [a](b) {{x}} {#z} `t` a|b "
    "&amp; \"q\" 'r' #h ^s^ ==m== <!-- c --> "
)
# The same in Simplified and Traditional (OpenCC changes none of these characters).
TYPED_ZH = "<script>alert(document.domain)</script>&amp;`表`|格|"
CATEGORY_ZH = "天津与滨海新区发展框架" + TYPED_ZH
FORMULAS = {  # CSV cells a spreadsheet would run, and where they are typed
    "=cmd|' /C calc'!A ": ("targets", "what_en"),
    "@SUM(cmd) ": ("glossary", "sources"),
    "-cmd ": ("paragraphs", "en"),
}

CHAPTER = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
MAIN_TARGETS = "content/reports/2024/chapters/02-main-targets.yml"
REPORT = "content/reports/2024/report.yml"
GLOSSARY = "content/glossary.yml"
TARGETS = "content/reports/2024/targets.yml"
SOURCE = "content/reports/2024/source.txt"
EDITIONS = ["", "zh-hant/", "en/"]

# Where TYPED_EN is put in front of the English: one field of each kind that reaches a page.
FIELDS = [
    (CHAPTER, 'text: "Advance infrastructure connectivity'),  # section heading
    (CHAPTER, 'text: "We will speed up construction of projects'),  # paragraph
    (CHAPTER, 'text: "Upholding innovation'),  # chapter title
    (CHAPTER, 'text: "Project to build the strategic'),  # short title: nav, footer, cards
    (CHAPTER, 'text: "This chapter sets out'),  # summary: description, overview
    (REPORT, 'text: "2024 Government Work Report of Tianjin Binhai New Area'),  # title, citation
    (REPORT, 'text: "The English on this site is an unofficial'),  # notice
    (GLOSSARY, 'text: "Tianjin and Binhai development frameworks'),  # category heading
    (GLOSSARY, "title: \"Tianjin's twin-city layout"),  # source title
    (GLOSSARY, 'publisher: "China Daily"'),  # source publisher
    (GLOSSARY, 'text: "Bincheng (“Binhai City”) is the city-style nickname'),  # definition, tooltip
    (TARGETS, 'text: "Growth of gross regional product, year on year'),  # target
]
FORMULA_FIELDS = [
    (TARGETS, 'text: "Growth of general public budget revenue', "=cmd|' /C calc'!A "),
    (GLOSSARY, 'publisher: "China News Service"', "@SUM(cmd) "),
    (CHAPTER, 'text: "We will strengthen port cooperation', "-cmd "),
]


def put_before(copy: ContentCopy, file: str, anchor: str, typed: str) -> None:
    """Put ``typed`` at the start of the double-quoted YAML text that ``anchor`` opens."""
    key, _, rest = anchor.partition('"')
    copy.edit(file, anchor, key + json.dumps(typed, ensure_ascii=False)[:-1] + rest)


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built --strict from content holding the hostile texts (once per run:
    every worker reads the same build)."""
    return made_once(tmp_path_factory, "planted", plant_and_build) / "site"


def plant_and_build(root: Path) -> None:
    copy = ContentCopy(copy_site_sources(root / "repo"))
    for file, anchor in FIELDS:
        put_before(copy, file, anchor, TYPED_EN)
    for file, anchor, typed in FORMULA_FIELDS:
        put_before(copy, file, anchor, typed)
    # The paragraph the targets point to says what their labels say (the label check wants it).
    end = 'momentum and quality."'
    copy.edit(MAIN_TARGETS, end, end[:-1] + " Planted: " + json.dumps(TYPED_EN + "cmd calc.")[1:])
    # Chinese must match the source text: the text of record gets it too, and the English is
    # stamped as translating the changed Chinese (an editor's revision), so --strict passes.
    for file in (CHAPTER, SOURCE):
        copy.edit(file, "开工建设滨唐高速。", "开工建设滨唐高速。" + TYPED_ZH)
    assert stamp_file(copy.path(CHAPTER), lines={copy.line_of(CHAPTER, TYPED_ZH)}) != []
    # A heading in the Chinese editions (a glossary category, written by editors).
    copy.edit(GLOSSARY, 'zh: "天津与滨海新区发展框架"', f'zh: "{CATEGORY_ZH}"')
    assert stamp_file(copy.path(GLOSSARY), lines={copy.line_of(GLOSSARY, CATEGORY_ZH)}) != []
    site = root / "site"
    result = run_mkdocs_build(copy.root, site)
    assert result.returncode == 0, result.stdout + result.stderr


def misshown(text: str, typed: str, marker: str) -> list[str]:
    """Each place in ``text`` where ``typed`` (found by ``marker``) is not shown as typed; a
    title cut to length with "…" counts as typed up to the cut."""
    found = []
    start = text.find(marker)
    while start >= 0:
        begin = start - typed.index(marker)
        shown = text[begin : begin + len(typed)]
        cut = text[begin:].split("…", 1)[0]
        if shown != typed and not ("…" in text[begin:] and typed.startswith(cut)):
            found.append(text[max(begin - 8, 0) : begin + len(typed) + 8])
        start = text.find(marker, start + 1)
    return found


def check_texts(texts: list[tuple[str, str]]) -> tuple[list[str], dict[str, int]]:
    """(problems, how often each typed text was found) over (where, text) pairs."""
    problems, counts = [], {"en": 0, "zh": 0}
    for where, text in texts:
        for lang, typed, marker in (("en", TYPED_EN, "onerror"), ("zh", TYPED_ZH, "</script>")):
            counts[lang] += typed in text
            problems += [f"{where}: {bad!r}" for bad in misshown(text, typed, marker)]
    return problems, counts


def page_texts(soup: BeautifulSoup, name: str) -> list[tuple[str, str]]:
    """Every text a reader or a screen reader gets: text of each element (as the browser joins
    it), and every attribute value."""
    texts = [(f"{name} <{el.name}>", el.get_text()) for el in soup.find_all(True)]
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            shown = " ".join(value) if isinstance(value, list) else value
            texts.append((f"{name} <{tag.name} {attribute}>", shown))
    return texts


def made_elements(soup: BeautifulSoup, name: str) -> list[str]:
    """Elements or comments that the typed texts would make if read as markup."""
    found = [f"{name}: {c!r}" for c in soup.find_all(string=lambda s: isinstance(s, Comment))]
    found = [line for line in found if "c " in line and "<!-- c -->" not in line]
    for tag in soup.find_all(["img", "script", "em", "strong", "code", "mark", "sup", "d"]):
        if "document.domain" in str(tag) or tag.get_text() in {"x", "y", "t", "s", "m", "表"}:
            found.append(f"{name}: {str(tag)[:80]}")
    found += [f"{name}: {a}" for a in soup.find_all("a", href="b")]
    return found


def edition_pages(site: Path, prefix: str) -> list[Path]:
    others = [p.rstrip("/") for p in EDITIONS if p and p != prefix]
    return [
        path
        for path in sorted((site / prefix).rglob("*.html"))
        if not {"assets", *others} & set(path.relative_to(site / prefix).parts)
    ]


@pytest.mark.parametrize("prefix", EDITIONS)
def test_planted_texts_show_as_typed_on_every_page(planted: Path, prefix: str) -> None:
    problems: list[str] = []
    counts = {"en": 0, "zh": 0}
    for path in edition_pages(planted, prefix):
        name = str(path.relative_to(planted))
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found, seen = check_texts(page_texts(soup, name))
        problems += found + made_elements(soup, name)
        counts = {lang: counts[lang] + seen[lang] for lang in counts}
    assert problems == []
    # Found as typed, many times: headings, navigation, footer, tooltips, citations, meta.
    assert counts["zh"] >= 10  # the paragraph, its tooltips' neighbours, the full text
    assert counts["en"] >= (500 if prefix == "en/" else 20)


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@pytest.mark.parametrize("prefix", EDITIONS)
def test_search_index_holds_the_typed_text(planted: Path, prefix: str) -> None:
    """Titles and texts in the index are plain text: no HTML entity, no Markdown backslash."""
    texts = [
        (str(path.relative_to(planted)), text)
        for path in sorted((planted / prefix / "search" / "engine").glob("*.json"))
        for text in strings_in(json.loads(path.read_text(encoding="utf-8")))
    ]
    problems, counts = check_texts(texts)
    assert problems == []
    assert counts["zh"] >= (0 if prefix == "en/" else 1)  # English pages index the English
    assert counts["en"] >= (20 if prefix == "en/" else 1)  # a Chinese page's English source


@pytest.mark.parametrize("prefix", EDITIONS)
def test_atom_feed_holds_the_typed_text(planted: Path, prefix: str) -> None:
    """Feed titles and summaries are XML text: escaped once, read back as typed."""
    feed = ElementTree.parse(planted / prefix / "feed.xml").getroot()
    texts = [(f"{prefix}feed.xml <{el.tag}>", el.text or "") for el in feed.iter()]
    problems, counts = check_texts(texts)
    assert problems == []
    # the report's title (published) and the revised chapters' titles in the English feed
    assert counts["en"] >= (1 if prefix == "en/" else 0)


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_open_data_json_holds_the_text_as_typed(planted: Path) -> None:
    texts = [
        (str(path.relative_to(planted)), text)
        for path in sorted((planted / "data").rglob("*.json"))
        for text in strings_in(json.loads(path.read_text(encoding="utf-8")))
    ]
    problems, counts = check_texts(texts)
    assert problems == []
    # two paragraphs, target, glossary definition, source publisher and title; zh and zh_hant
    assert counts == {"en": 6, "zh": 2}
    items = json.loads((planted / "data/2024/targets.json").read_text(encoding="utf-8"))["items"]
    assert (
        items[1]["what_en"]
        == "=cmd|' /C calc'!A Growth of general public budget revenue, year on year"
    )


def test_csv_cells_never_start_a_formula(planted: Path) -> None:
    rows = {
        "targets": read_csv(planted / "data/2024/targets.csv"),
        "paragraphs": read_csv(planted / "data/2024/paragraphs.csv"),
        "glossary": read_csv(planted / "data/glossary.csv"),
    }
    starts = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
    cells = [cell for table in rows.values() for row in table for cell in row.values()]
    assert [cell for cell in cells if cell.startswith(starts)] == []
    for typed, (table, column) in FORMULAS.items():
        shown = [row[column] for row in rows[table] if typed in row[column]]
        assert len(shown) == 1 and shown[0].startswith("'" + typed), (typed, shown)
    assert rows["targets"][1]["what_en"] == (
        "'=cmd|' /C calc'!A Growth of general public budget revenue, year on year"
    )
    # Numbers stay numbers; texts that start otherwise are as typed.
    assert rows["targets"][0]["value"] == "4.8"
    assert (
        rows["paragraphs"][0]["en"]
        == json.loads((planted / "data/2024/paragraphs.json").read_text(encoding="utf-8"))["items"][
            0
        ]["en"]
    )


def test_csv_rule_on_each_character() -> None:
    record = {
        "a": "=HYPERLINK(x)",
        "b": "+x",
        "c": "-3.5%",
        "d": "@x",
        "e": "\tx",
        "f": "\rx",
        "g": "＝x",
        "h": -3.5,
        "i": ["=x", "y"],
        "j": "a=b",
        "k": None,
    }
    written = to_csv([record]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(written, newline="")))[1] == [
        "'=HYPERLINK(x)",
        "'+x",
        "'-3.5%",
        "'@x",
        "'\tx",
        "'\rx",
        "'＝x",
        "-3.5",
        "'=x | y",
        "a=b",
        "",
    ]
    assert csv_text("滨城") == "滨城"


def test_markdown_text_writes_syntax_as_character_references() -> None:
    assert markdown_text(r"\<d\> ~c *x* 4.8% 滨城") == (
        "&#92;&#60;d&#92;&#62; &#126;c &#42;x&#42; 4&#46;8% 滨城"
    )
    assert markdown_text("    code  ") == "&#32;&#32;&#32;&#32;code&#32;&#32;"


# A query in each edition that finds a heading holding the typed text.
SEARCHES = {
    "": "滨海新区发展框架",
    "zh-hant/": "濱海新區發展框架",
    "en/": "infrastructure connectivity",
}


@pytest.mark.browser
@pytest.mark.parametrize("prefix", EDITIONS)
def test_no_element_is_made_from_typed_text_in_the_browser(
    browser: Any, planted: Path, tmp_path: Path, prefix: str
) -> None:
    """On the chapter page and in the search results the typed text shows as typed."""
    with serve_site(planted, tmp_path / "server") as base:
        context = browser.new_context()
        dialogs: list[str] = []
        try:
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"{base}/{prefix}2024/beijing-tianjin-hebei/")
            heading = page.locator("h2#infrastructure").inner_text()
            paragraph = page.locator("#bth-05 .bp-para__body p").inner_text()
            made = page.locator("img[onerror], d, article em, article code").count()
            box = page.locator("input.md-search__input")
            box.click()
            box.type(SEARCHES[prefix])
            box.press("End")  # Material listens for keyup
            titles = page.locator(RESULT_TITLES)
            # each keystroke searches: wait for the whole query's results, not the first
            # keystroke's (the list is redrawn as the query grows)
            expected = TYPED_EN.strip() if prefix == "en/" else TYPED_ZH
            page.evaluate(WAIT_FOR_TITLE, [RESULT_TITLES, expected])  # asserted below
            shown = titles.all_inner_texts()  # one snapshot: the list may be redrawn meanwhile
            made += page.locator(".md-search-result img, .md-search-result script").count()
            page.wait_for_timeout(300)
        finally:
            context.close()
    if prefix != "en/":
        assert paragraph.endswith(TYPED_ZH)
        assert any(title.endswith(TYPED_ZH) for title in shown), shown
    else:
        assert heading.startswith(TYPED_EN.strip())
        assert any(title.startswith(TYPED_EN.strip()) for title in shown), shown
    assert made == 0
    assert dialogs == []
