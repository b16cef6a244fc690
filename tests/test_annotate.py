"""Term matching inside running Chinese and English text, and safe rendering of tooltips."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from policysite import LANGUAGES
from policysite.checks.loader import load_site
from policysite.content.model import (
    Chapter,
    Citation,
    English,
    Glossary,
    Origin,
    Paragraph,
    Report,
    Site,
    Source,
    Term,
    Text,
    Variant,
)
from policysite.content.terms import Match, TermMatcher, TermScan
from policysite.render.pages import chapter_page, render_site
from policysite.render.renderer import PageRenderer

from .conftest import REPO

ORIGIN = Origin("content/glossary.yml", 1, "terms[0]", 1, 1)


def text(zh: str, en: str = "") -> Text:
    english = English("edited", en, "0" * 12) if en else English("missing")
    return Text(zh, english, ORIGIN)


def term(
    term_id: str,
    zh: str,
    en: str,
    *variants: str,
    en_variants: tuple[Variant, ...] = (),
    definition: tuple[str, str] = ("释义。", "Definition."),
) -> Term:
    return Term(
        id=term_id,
        zh=zh,
        variants=variants,
        pinyin="pīnyīn",
        en=en,
        en_variants=en_variants,
        en_basis="proposed",
        category="c",
        definition=text(*definition),
        sources=(Citation("Example", "Example page", "2024", "https://example.org/"),),
        confidence="confirmed",
        origin=ORIGIN,
    )


GLOSSARY = Glossary(
    file="content/glossary.yml",
    categories=(),
    terms=(
        term("san-xin", "三新", "Three News", "“三新”"),
        term("bincheng", "滨城", "Bincheng"),
        term("bincheng-zone", "滨城科创区", "Bincheng Sci-Tech Innovation District"),
        term("zhuanjingtexin", "专精特新", "specialized and sophisticated"),
        term(
            "little-giants",
            "专精特新小巨人",
            "little giant enterprises",
            "专精特新“小巨人”",
            en_variants=(Variant("“little giant” enterprises", "quoted"),),
        ),
        term("yuxiang", "于响总部基地", "Yu-Xiang Headquarters Base", "“于响”总部基地"),
        term("dongjiang", "东疆", "Dongjiang"),
    ),
    not_terms=(),
)


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(GLOSSARY)


def found(matcher: TermMatcher, sentence: str, lang: str = "zh") -> list[tuple[str, str]]:
    return [(sentence[m.start : m.end], m.term.id) for m in matcher.find(sentence, lang)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("推进三新发展", [("三新", "san-xin")]),
        ("推进“三新”发展", [("“三新”", "san-xin")]),
        ("培育专精特新企业", [("专精特新", "zhuanjingtexin")]),
        ("建设滨城", [("滨城", "bincheng")]),
        ("谱写中国式现代化“滨城”新篇章", [("滨城", "bincheng")]),
        ("高标准建设滨城科创区。", [("滨城科创区", "bincheng-zone")]),
        ("国家专精特新“小巨人”企业达120家", [("专精特新“小巨人”", "little-giants")]),
        ("提升“于响”总部基地等平台功能", [("“于响”总部基地", "yuxiang")]),
        # jieba alone cuts 以东疆 as 以东/疆; the term still matches (cheap split)
        ("以东疆、生态城为核心", [("东疆", "dongjiang")]),
    ],
)
def test_chinese_terms_match_on_tokens(matcher: TermMatcher, sentence: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert found(matcher, sentence) == expected


@pytest.mark.parametrize("sentence", ["建设美丽的海滨城市", "海滨城区", "三新疆"])
def test_no_match_across_word_boundaries(matcher: TermMatcher, sentence: str) -> None:
    assert found(matcher, sentence) == []


def test_english_renderings_and_variants_match(matcher: TermMatcher) -> None:
    sentence = "Bincheng and its “little giant” enterprises; the Three News in Bincheng."
    assert found(matcher, sentence, "en") == [
        ("Bincheng", "bincheng"),
        ("“little giant” enterprises", "little-giants"),
        ("Three News", "san-xin"),
        ("Bincheng", "bincheng"),
    ]
    assert found(matcher, "Binchengs and sub-Bincheng", "en") == []


def test_only_the_first_occurrence_in_a_paragraph_is_annotated(matcher: TermMatcher) -> None:
    segments = matcher.segments("建设滨城，服务滨城，推进三新。", "zh")
    annotated = [(s.text, s.term.id) for s in segments if s.term]
    assert annotated == [("滨城", "bincheng"), ("三新", "san-xin")]
    assert "".join(s.text for s in segments) == "建设滨城，服务滨城，推进三新。"


def _site_with(paragraph_zh: str, paragraph_en: str, glossary: Glossary) -> Site:
    paragraph = Paragraph("p-01", text(paragraph_zh, paragraph_en), 1, "ch", None)
    chapter = Chapter(
        "ch", 1, "c.yml", text("标题", "Title"), text("标题", "Title"), None, (paragraph,), ()
    )
    report = Report(
        id="2024",
        year=2024,
        file="r.yml",
        title=text("报告", "Report"),
        date="2024-01-10",
        speaker_name=text("甲", "A"),
        speaker_role=text("乙", "B"),
        session=text("会", "S"),
        source=Source(text("网", "Web"), "https://example.org/", "2024-01-11", None),
        coverage=text("全", "All"),
        notice=text("以中文为准", "The Chinese prevails."),
        summary=None,
        chapters=(chapter,),
        corrections=(),
    )
    return Site(reports=(report,), glossary=glossary)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tooltip_text_is_escaped(lang: str) -> None:
    hostile = term(
        "bincheng",
        "滨城",
        "Bincheng",
        definition=("他说“<b>滨城</b>” & '引号'", "He said \"<b>Bincheng</b>\" & 'so'"),
    )
    glossary = Glossary("content/glossary.yml", (), (hostile,), ())
    site = _site_with("建设滨城。", "Build Bincheng.", glossary)
    renderer = PageRenderer(site, lang, TermScan(glossary))
    page = chapter_page(renderer, site.reports[0], site.reports[0].chapters[0])
    html = markdown.markdown(page.markdown, extensions=["attr_list", "md_in_html", "admonition"])
    soup = BeautifulSoup(html, "html.parser")
    tip = soup.select_one(".bp-term__tip .bp-term__def")
    assert tip is not None
    assert tip.find("b") is None  # the markup in the definition did not become an element
    expected = hostile.definition.zh if lang == "zh" else hostile.definition.en.text
    assert tip.get_text() == expected
    link = soup.select_one("a.bp-term__link")
    assert link["href"].endswith("glossary/#bincheng")
    assert link["aria-describedby"] == soup.select_one(".bp-term__tip")["id"]


def test_one_build_scans_each_text_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks and all three editions share the loader's scan: one matcher, and no text
    is searched for terms twice in the same language (with an empty cache: a warm build
    scans nothing, test_warm_build.py)."""
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path))
    built: list[TermMatcher] = []
    scanned: Counter[tuple[str, str]] = Counter()
    original_init, original_find = TermMatcher.__init__, TermMatcher.find

    def init(self: TermMatcher, glossary: Glossary) -> None:
        built.append(self)
        original_init(self, glossary)

    def find(self: TermMatcher, text: str, lang: str) -> list[Match]:
        scanned[lang, text] += 1
        return original_find(self, text, lang)

    monkeypatch.setattr(TermMatcher, "__init__", init)
    monkeypatch.setattr(TermMatcher, "find", find)
    loaded = load_site(REPO)
    pages = [render_site(loaded.site, lang, loaded.terms)[0] for lang in LANGUAGES]
    assert len(built) == 1
    assert scanned and max(scanned.values()) == 1
    assert all(any("bp-term" in spec.markdown for spec in specs) for specs in pages)
