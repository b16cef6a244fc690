"""House style and term consistency of the English: planted errors give exact file:line warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.checks.style import check_style, interface_texts
from policysite.content.interface import STRINGS_FILE
from policysite.content.model import English, Origin, Text
from policysite.content.terms import TermScan

from .conftest import REPO, ContentCopy

CH3 = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
CH4 = "content/reports/2024/chapters/04-reform-opening-up.yml"
CH5 = "content/reports/2024/chapters/05-innovation-driven.yml"
REPORT = "content/reports/2024/report.yml"
TARGETS = "content/reports/2024/targets.yml"
GLOSSARY = "content/glossary.yml"
BRITISH_HINT = "a spelling kept on purpose goes under house_style.allowed_spellings in " + GLOSSARY


def en_line(copy: ContentCopy, relative: str, needle: str) -> int:
    """Line of the ``en:`` key whose text contains ``needle`` (warnings point at the key)."""
    line = copy.line_of(relative, needle)
    lines = copy.path(relative).read_text(encoding="utf-8").splitlines()
    assert lines[line - 2].strip() == "en:", lines[line - 2]
    return line - 1


def test_real_content_has_no_style_warnings() -> None:
    assert [p.format() for p in load_site(REPO).warnings] == []


# Each case: file, text to replace, replacement, then the exact warnings (line filled in).
PLANTED = {
    "british-spelling": (
        CH5,
        "the supercomputing center",
        "the supercomputing centre",
        [
            "sections[2].paragraphs[0].en: British spelling 'centre': the house style is "
            f"American ('center'); {BRITISH_HINT}"
        ],
    ),
    "british-spelling-in-target-label": (
        TARGETS,
        "results are to be commercialized faster",
        "results are to be commercialised faster",
        [
            "targets[8].what.en: British spelling 'commercialised': the house style is "
            f"American ('commercialized'); {BRITISH_HINT}"
        ],
    ),
    "target-label-renders-term-differently": (
        TARGETS,
        "industrial-chain bottleneck technologies",
        "industrial-chain chokepoint technologies",
        [
            "targets[7].what.en: 'chokepoint technologies' is a variant of the glossary term "
            "'卡脖子' that other publications use, not this site (en_variants: elsewhere); use "
            "'bottleneck technologies'",
            "targets[7].what.en: the label renders the glossary term '卡脖子' as 'chokepoint "
            "technologies', but paragraph 'inn-05' it points to writes 'bottleneck "
            "technologies'; use the paragraph's rendering",
        ],
    ),
    "variant-on-first-mention": (
        CH5,
        "green innovation in the Sino-Singapore Tianjin Eco-City",
        "green innovation in the Eco-City",
        [
            "sections[0].paragraphs[0].en: 'Eco-City' is a variant of the glossary term '生态城' "
            "allowed only after the first mention (en_variants: after-first-mention), but this "
            "is the first mention on the page; write 'Sino-Singapore Tianjin Eco-City' here"
        ],
    ),
    "section-heading-renders-term-differently": (
        CH5,
        "Build the Bincheng Sci-Tech Innovation District to high standards",
        "Build the Bincheng Science and Technology Innovation Zone to high standards",
        [
            "sections[0].heading.en: the Chinese uses the glossary term '滨城科创区' but the "
            "English has none of its renderings: use 'Bincheng Sci-Tech Innovation District'"
        ],
    ),
    "chapter-title-renders-term-differently": (
        CH4,
        "the pilot zone for reform and opening up",
        "the reform and opening up pilot zone",
        [
            "title.en: the Chinese uses the glossary term '改革开放先行区' but the English has "
            "none of its renderings: use 'pilot zone for reform and opening up'"
        ],
    ),
    "quoted-variant-where-the-chinese-has-no-quotes": (
        CH4,
        "innovation-based opening up, institutional opening up and",
        "innovation-based opening up, “institutional” opening up and",
        [
            "sections[1].paragraphs[1].en: '“institutional” opening up' is a variant of the "
            "glossary term '制度型开放' allowed only where the Chinese quotes the term "
            "(en_variants: quoted), and the Chinese here does not; write 'institutional "
            "opening up'"
        ],
    ),
    "hyphenated-opening-up": (
        CH4,
        "deeper reform and wider opening up,",
        "deeper reform and wider opening-up,",
        [
            "title.en: house style: write 'opening up', not 'opening-up' (the report and "
            "current Xinhua usage write “opening up” without a hyphen, also before a noun)"
        ],
    ),
    "day-first-date": (
        REPORT,
        "delivered on January 10, 2024.",
        "delivered on 10 January 2024.",
        [
            "summary.en: house style: write dates month first ('January 10, 2024'), not "
            "'10 January 2024'"
        ],
    ),
    "summary-renders-term-differently": (
        CH3,
        "for advancing the coordinated development of the Beijing-Tianjin-Hebei region,",
        "for advancing Beijing-Tianjin-Hebei coordinated development,",
        [
            "summary.en: the Chinese uses the glossary term '京津冀协同发展' but the English has "
            "none of its renderings: use 'coordinated development of the Beijing-Tianjin-Hebei "
            "region'"
        ],
    ),
}


@pytest.mark.parametrize("case", PLANTED, ids=list(PLANTED))
def test_planted_error_gives_exact_warning(content_copy: ContentCopy, case: str) -> None:
    relative, old, new, expected = PLANTED[case]
    content_copy.edit(relative, old, new)
    line = en_line(content_copy, relative, new)
    found = content_copy.warnings()
    assert found == [f"{relative}:{line}: warning: {message}" for message in expected]


def test_short_form_after_the_first_mention_is_accepted(content_copy: ContentCopy) -> None:
    # inn-02 names the Sino-Singapore Tianjin Eco-City in full; a later paragraph of the
    # same page may say "Eco-City".
    content_copy.edit(
        CH5,
        "intellectual property protection demonstration zone.",
        "intellectual property protection demonstration zone, as the Eco-City does.",
    )
    assert content_copy.warnings() == []


def test_short_form_on_another_page_needs_the_full_form_again(content_copy: ContentCopy) -> None:
    content_copy.edit(
        CH3,
        "jointly build a modern port cluster.",
        "jointly build a modern port cluster with TEDA.",
    )
    line = en_line(content_copy, CH3, "with TEDA.")
    assert content_copy.warnings() == [
        f"{CH3}:{line}: warning: sections[2].paragraphs[1].en: 'TEDA' is a variant of the "
        "glossary term '经开区' allowed only after the first mention (en_variants: "
        "after-first-mention), but this is the first mention on the page; write 'Tianjin "
        "Economic-Technological Development Area (TEDA)' here"
    ]


def test_british_spelling_kept_on_purpose_is_accepted(content_copy: ContentCopy) -> None:
    content_copy.edit(GLOSSARY, '    - word: "dialogue"\n', '    - word: "centre"\n')
    content_copy.edit(CH5, "the supercomputing center", "the supercomputing centre")
    assert content_copy.warnings() == []


def test_interface_strings_are_checked_with_their_line() -> None:
    site = load_site(REPO).site
    assert site.glossary is not None
    origin = Origin(STRINGS_FILE, 12, "en.example", en_line=12)
    planted = [
        Text("落实“十项行动”", English("edited", "the Tianjin 10 Actions are summarised"), origin)
    ]
    found = [p.format() for p in check_style(site.glossary, (), planted, TermScan(site.glossary))]
    assert found == [
        f"{STRINGS_FILE}:12: warning: en.example: 'Tianjin 10 Actions' is a variant of the "
        "glossary term '十项行动' that other publications use, not this site (en_variants: "
        "elsewhere); use 'Ten Actions'",
        f"{STRINGS_FILE}:12: warning: en.example: British spelling 'summarised': the house "
        f"style is American ('summarized'); {BRITISH_HINT}",
    ]


def test_interface_strings_carry_their_lines() -> None:
    texts = {t.origin.key_path: t for t in interface_texts()}
    lines = (REPO / STRINGS_FILE).read_text(encoding="utf-8").splitlines()
    corrected = texts["en.corrected"]
    assert lines[corrected.origin.en_line - 1].strip() == "corrected: Text on this site"
    assert corrected.zh == "本站文本"


# --- what readers get ------------------------------------------------------------------


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_coined_label_is_spelled_out_with_its_label_in_the_tooltip(built_site: Path) -> None:
    page = soup(built_site / "en/2024/general-requirements/index.html")
    paragraph = page.select_one("#gr-01")
    assert paragraph is not None
    terms = {
        link.get_text(): link.find_parent(class_="bp-term")
        for link in paragraph.select(".bp-term__link")
    }
    san_xin = terms["sci-tech innovation, industrial renewal and urban renewal"]
    assert san_xin.select_one(".bp-term__head bdi[lang=en]").get_text() == "the “three new” drives"
    assert san_xin.select_one(".bp-term__head bdi[lang=zh-CN]").get_text() == "三新"
    assert "Three News" not in paragraph.get_text()


def test_unidentified_name_stays_in_pinyin_with_the_chinese_in_its_tooltip(
    built_site: Path,
) -> None:
    page = soup(built_site / "en/2024/beijing-tianjin-hebei/index.html")
    paragraph = page.select_one("#bth-02")
    assert paragraph is not None
    link = next(a for a in paragraph.select(".bp-term__link") if a.get_text() == "Xinzhi Ganzhi")
    tip = link.find_parent(class_="bp-term")
    assert tip.select_one(".bp-term__head bdi[lang=zh-CN]").get_text() == "新智感知"
    assert "Perception" not in paragraph.get_text()


def opened_glossary(path: Path) -> BeautifulSoup:
    """The glossary page as a reader sees it with every entry opened (details wait in a
    <template> until then)."""
    html = path.read_text(encoding="utf-8")
    return BeautifulSoup(
        html.replace("<template", "<div").replace("</template>", "</div>"), "html.parser"
    )


def test_glossary_page_says_when_each_variant_is_used(built_site: Path) -> None:
    page = opened_glossary(built_site / "en/glossary/index.html")
    entry = page.select_one("h3#chokepoint-technologies").find_next("dl")
    variants = [li.get_text(" ", strip=True) for li in entry.select(".bp-gloss__variants li")]
    assert "chokepoint technologies (used by other publications, not on this site)" in variants
    zh_page = opened_glossary(built_site / "glossary/index.html")
    zh_entry = zh_page.select_one("h3#teda").find_next("dl")
    zh_variants = [li.get_text(" ", strip=True) for li in zh_entry.select(".bp-gloss__variants li")]
    assert zh_variants == ["TEDA (简称，同一页中首次出现全称之后使用)"]
