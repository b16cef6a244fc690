"""Nothing typed into content can run in the browser: markup is shown as text or refused."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.content.problems import ContentError

from .conftest import (
    RESULT_TITLES,
    WAIT_FOR_TITLE,
    ContentCopy,
    copy_site_sources,
    made_once,
    run_mkdocs_build,
    serve_site,
)

# (no digits: the figures check would rightly flag numbers the Chinese does not have)
SCRIPT = "<script>window.__pwned=true</script>"
IMAGE = '<img src=x onerror="window.__pwned=true">'
LINK = "[click me](javascript:window.__pwned=true)"
JS_URL = "javascript:window.__pwned=true"
PAYLOAD = f" {SCRIPT} {IMAGE} {LINK} {JS_URL} &amp; 'quotes' \"double\""

CHAPTER = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
REPORT = "content/reports/2024/report.yml"
GLOSSARY = "content/glossary.yml"
TARGETS = "content/reports/2024/targets.yml"

# (file, text to find, replacement): one of each kind of content field
FIELDS = [
    (CHAPTER, 'text: "Advance infrastructure connectivity', "section heading"),
    (CHAPTER, 'text: "We will speed up construction of projects', "paragraph"),
    (CHAPTER, 'text: "Upholding innovation cooperation', "chapter title"),
    (CHAPTER, 'summary:\n  zh: "', "chapter summary (zh)"),
    (REPORT, 'text: "2024 Government Work Report of Tianjin Binhai New Area', "report title"),
    (REPORT, 'text: "The English on this site is an unofficial', "notice"),
    (REPORT, 'text: "The source text lost the plus sign', "correction reason"),
    (GLOSSARY, 'text: "Tianjin and Binhai development frameworks', "category name"),
    (GLOSSARY, 'zh: "天津与滨海新区发展框架', "category name (zh)"),
    (GLOSSARY, "title: \"Tianjin's twin-city layout", "source title"),
    (GLOSSARY, 'publisher: "China Daily', "source publisher"),
    (GLOSSARY, 'title: "Tianjin Binhai New District', "source title, original not online"),
    (GLOSSARY, 'pinyin: "Bīnchéng', "pinyin"),
    (GLOSSARY, 'zh: "“滨城”是天津市滨海新区的城市化称呼', "definition (zh)"),
    (GLOSSARY, 'text: "Bincheng (“Binhai City”) is the city-style nickname', "definition (en)"),
    (TARGETS, 'text: "Growth of gross regional product, year on year', "target"),
]


def inject(copy: ContentCopy, file: str, anchor: str) -> None:
    text = copy.path(file).read_text(encoding="utf-8")
    start = text.index(anchor) + len(anchor)
    escaped = json.dumps(PAYLOAD, ensure_ascii=False)[1:-1]  # inside a "double-quoted" YAML text
    copy.path(file).write_text(text[:start] + escaped + text[start:], encoding="utf-8")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from content with markup planted in it (once per run)."""
    return made_once(tmp_path_factory, "hostile", build_hostile_site) / "site"


def build_hostile_site(root: Path) -> None:
    copy = ContentCopy(copy_site_sources(root / "repo"))
    for file, anchor, _ in FIELDS:
        inject(copy, file, anchor)
    site = root / "site"
    # not --strict: changed texts are (rightly) reported as stale
    result = run_mkdocs_build(copy.root, site, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_injected_markup_never_becomes_markup(hostile_site: Path) -> None:
    pages = [p for p in hostile_site.rglob("*.html") if "assets" not in p.parts]
    shown = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert not [s for s in soup.find_all("script") if "__pwned" in s.get_text()], path
        assert not soup.find_all(lambda tag: any(a.startswith("on") for a in tag.attrs)), path
        assert not soup.find_all(href=re.compile(r"^\s*javascript:", re.I)), path
        assert not soup.find_all(src=re.compile(r"^\s*javascript:|^x$", re.I)), path
        shown += html.count("&lt;script&gt;window.__pwned=true&lt;/script&gt;")
    assert shown > 20  # the payload is on the pages, as text


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_no_script_runs_in_the_browser(
    browser: Any, hostile_site: Path, tmp_path: Path, prefix: str
) -> None:
    paths = [
        "",
        "2024/",
        "2024/beijing-tianjin-hebei/",
        "2024/targets/",
        "2024/full/",
        "2024/about/",
        "glossary/",
    ]
    with serve_site(hostile_site, tmp_path / "server") as base:
        context = browser.new_context()
        dialogs: list[str] = []
        try:
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in paths:
                page.goto(f"{base}/{prefix}{path}")
                for link in page.locator(".bp-para__body a.bp-term__link").all()[:3]:
                    link.hover()
                assert page.evaluate("() => window.__pwned === undefined"), path
                if path == "2024/beijing-tianjin-hebei/":
                    assert SCRIPT in page.locator("article").inner_text() or prefix == ""
            assert dialogs == []
        finally:
            context.close()


def test_a_javascript_url_in_a_source_is_refused(content_copy: ContentCopy) -> None:
    content_copy.edit(
        GLOSSARY, 'url: "https://www.chinadaily.com.cn', 'url: "javascript:alert(1)//'
    )
    line = content_copy.line_of(GLOSSARY, 'url: "javascript:alert(1)//')
    with pytest.raises(ContentError) as caught:
        load_site(content_copy.root)
    lines = [p.format() for p in caught.value.problems]
    assert len(lines) == 1
    assert lines[0].startswith(f"{GLOSSARY}:{line}: terms[")
    assert (
        ".url: expected a web address starting with http:// or https://, found text "
        "('javascript:alert(1)//" in lines[0]
    )


def test_markup_in_the_chinese_text_is_refused(content_copy: ContentCopy) -> None:
    """The Chinese must match the source text, so markup added to it is rejected."""
    content_copy.edit(CHAPTER, "开工建设滨唐高速。", "开工建设滨唐高速。<script>alert(1)</script>")
    with pytest.raises(ContentError) as caught:
        load_site(content_copy.root)
    message = caught.value.problems[0].format()
    assert re.search(r"sections\[2\]\.paragraphs\[0\]\.zh: differs from the source text", message)
    assert "[<script>alert(1)</script>]" in message


# A query that finds a text holding markup in each edition: the English section heading, and the
# glossary category name (editor-written Chinese, shown as a heading in both Chinese editions).
SEARCH_CASES = [
    ("", "滨海新区发展框架"),
    ("zh-hant/", "濱海新區發展框架"),
    ("en/", "infrastructure connectivity"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "query"), SEARCH_CASES)
def test_search_results_show_markup_as_text(
    browser: Any, hostile_site: Path, tmp_path: Path, prefix: str, query: str
) -> None:
    """Material's result list inserts titles with innerHTML: a heading holding markup must still
    arrive as text, creating no element and running nothing."""
    with serve_site(hostile_site, tmp_path / "server") as base:
        context = browser.new_context()
        dialogs: list[str] = []
        try:
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"{base}/{prefix}")
            box = page.locator("input.md-search__input")
            box.click()
            box.type(query)
            box.press("End")  # Material listens for keyup
            results = page.locator(".md-search-result__list")
            titles = page.locator(RESULT_TITLES)
            # the whole query's results, not the first keystroke's (asserted below)
            page.evaluate(WAIT_FOR_TITLE, [RESULT_TITLES, "onerror="])
            shown = titles.all_inner_texts()  # one snapshot: the list may be redrawn meanwhile
            assert [t for t in shown if "<script" in t and "<img src=x onerror=" in t], shown
            created = results.evaluate(
                """list => [...list.querySelectorAll('*')].filter(el =>
                    ['IMG', 'SCRIPT', 'IFRAME', 'SVG'].includes(el.tagName.toUpperCase()) ||
                    [...el.attributes].some(a => a.name.startsWith('on'))
                ).map(el => el.outerHTML)"""
            )
            assert created == []
            page.wait_for_timeout(300)
            assert page.evaluate("() => window.__pwned === undefined")
            assert dialogs == []
        finally:
            context.close()
