"""The glossary file drives checks, tooltips and the glossary pages of both languages."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.content.model import Site
from policysite.content.problems import ContentError
from policysite.content.terms import TermMatcher

from .conftest import REPO, ContentCopy

GLOSSARY = "content/glossary.yml"
LANG_ROOTS = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO).site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def ids_on(page: Path) -> frozenset[str]:
    """Every element ID on a built page, parsed once per run of a worker: the glossary links
    each chapter page many times (the built site is never changed by a test)."""
    return frozenset(str(tag["id"]) for tag in soup(page).find_all(id=True))


def test_glossary_has_enough_sourced_terms(site: Site) -> None:
    glossary = site.glossary
    assert glossary is not None
    assert len(glossary.terms) >= 50
    for term in glossary.terms:
        assert term.sources and all(s.publisher and s.title for s in term.sources)
        assert any(s.date for s in term.sources), term.id
        assert all(s.url.startswith("https://") for s in term.sources if s.url), term.id
        assert term.definition.has_english


def test_partly_known_terms_say_what_is_not_confirmed(site: Site) -> None:
    assert site.glossary is not None
    terms = {t.zh: t for t in site.glossary.terms}
    for zh in ("十项行动", "五大战略", "八大工程"):
        assert terms[zh].confidence == "partly-confirmed"
        assert "未" in terms[zh].definition.zh and "not" in terms[zh].definition.en.text
    assert "制造强区" in terms["五大战略"].definition.zh
    assert "创新立区" in terms["五大战略"].definition.zh


# --- checks -----------------------------------------------------------------------------


def test_duplicate_term_is_an_error(content_copy: ContentCopy) -> None:
    content_copy.edit(GLOSSARY, 'zh: "三量"', 'zh: "三新"')
    first = content_copy.line_of(GLOSSARY, 'zh: "三新"')
    second = content_copy.line_of(GLOSSARY, 'zh: "三新"', occurrence=2)
    with pytest.raises(ContentError) as caught:
        load_site(content_copy.root)
    lines = [p.format() for p in caught.value.problems]
    assert any(
        line.startswith(f"{GLOSSARY}:{second}: terms[")
        and line.endswith(f".zh: duplicate term '三新' (first defined at line {first})")
        for line in lines
    ), lines


def test_unused_term_is_a_warning(content_copy: ContentCopy, site: Site) -> None:
    assert site.glossary is not None
    term = next(t for t in site.glossary.terms if not t.variants and not t.background)
    content_copy.edit(GLOSSARY, f'zh: "{term.zh}"', f'zh: "{term.zh}甲"')
    line = content_copy.line_of(GLOSSARY, f'zh: "{term.zh}甲"')
    assert (
        f"{GLOSSARY}:{line}: warning: {term.origin.key_path}.zh: '{term.zh}甲' is used in no "
        "report (neither it nor its variants occur in the Chinese text); remove the entry or "
        "add the form the text uses to 'variants'" in content_copy.problems()
    )


def test_unlisted_quoted_phrase_is_reported(content_copy: ContentCopy) -> None:
    content_copy.edit(GLOSSARY, '  - "握手"\n', "")
    found = content_copy.problems()
    assert any(
        "quoted phrase “握手” is neither a glossary term nor listed under 'not_terms'" in p
        for p in found
    ), found


def test_english_without_the_terms_rendering_is_reported(content_copy: ContentCopy) -> None:
    chapter = "content/reports/2024/chapters/05-innovation-driven.yml"
    content_copy.edit(chapter, "mission-oriented innovation consortia", "task-based alliances")
    found = content_copy.problems()
    assert any(
        "the Chinese uses the glossary term '任务型创新联合体' but the English has none" in p
        for p in found
    ), found


def test_real_content_has_no_glossary_warnings() -> None:
    assert load_site(REPO).warnings == ()


# --- the built site ----------------------------------------------------------------------


def test_every_term_in_a_chapter_is_annotated_in_both_languages(
    built_site: Path, site: Site
) -> None:
    assert site.glossary is not None
    matcher = TermMatcher(site.glossary)
    report = site.latest
    for chapter in report.chapters:
        used = {m.term.id for p in chapter.all_paragraphs() for m in matcher.find(p.text.zh, "zh")}
        assert used, chapter.id
        for prefix in LANG_ROOTS.values():
            page = soup(built_site / f"{prefix}{report.id}/{chapter.id}/index.html")
            annotated = {a["href"].split("#")[1] for a in page.select("a.bp-term__link")}
            assert used <= annotated, (prefix, chapter.id, used - annotated)


def test_terms_never_inside_headings_links_or_code(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        page = soup(path)
        for tag in page.select("h1, h2, h3, h4, h5, h6, code, pre, a:not(.bp-term__link)"):
            assert tag.select_one(".bp-term") is None, (path, tag)
        for term in page.select(".bp-term"):
            assert term.find_parent("a") is None and term.find_parent("code") is None


def test_tooltips_carry_the_right_lang(built_site: Path) -> None:
    zh = soup(built_site / "2024/general-requirements/index.html")
    en = soup(built_site / "en/2024/general-requirements/index.html")
    for page, definition_lang in ((zh, "zh-CN"), (en, "en")):
        tips = page.select(".bp-term__tip")
        assert tips
        for tip in tips:
            head = tip.select(".bp-term__head > *")
            assert [s["lang"] for s in head] == ["zh-CN", "zh-Latn-pinyin", "en"]
            assert tip.select_one(".bp-term__def")["lang"] == definition_lang
            assert tip.has_attr("data-search-exclude")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_page_lists_every_term_with_resolving_uses(
    built_site: Path, site: Site, lang: str
) -> None:
    assert site.glossary is not None
    base = f"https://site.test/{LANG_ROOTS[lang]}glossary/"
    page = soup(built_site / LANG_ROOTS[lang] / "glossary/index.html")
    headings = {h["id"] for h in page.select("article h3")}
    assert headings == {t.id for t in site.glossary.terms}
    # the entries' details wait in <noscript> elements until the reader opens them
    uses = [a for box in page.find_all("noscript") for a in box.select(".bp-gloss__uses a")]
    assert len(uses) > len(headings)
    for link in uses:
        target = urlsplit(urljoin(base, link["href"]))
        relative = target.path.removeprefix("/")
        html = built_site / relative / "index.html"
        assert html.is_file(), link["href"]
        assert target.fragment in ids_on(html), link["href"]


def test_glossary_anchors_are_shared_by_both_languages(built_site: Path) -> None:
    zh = {h["id"] for h in soup(built_site / "glossary/index.html").select("article [id]")}
    en = {h["id"] for h in soup(built_site / "en/glossary/index.html").select("article [id]")}
    assert zh == en
