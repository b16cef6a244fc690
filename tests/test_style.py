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
PHRASEBOOK = "content/phrasebook.yml"
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
        "the National Supercomputer Center in Tianjin",
        "the National Supercomputer Centre in Tianjin",
        [
            "sections[2].paragraphs[0].en: British spelling 'Centre': the house style is "
            f"American ('Center'); {BRITISH_HINT}"
        ],
    ),
    "british-spelling-in-target-label": (
        TARGETS,
        "(specialized and sophisticated small",
        "(specialised and sophisticated small",
        [
            "targets[11].what.en: British spelling 'specialised': the house style is "
            f"American ('specialized'); {BRITISH_HINT}",
            "targets[11].what.en: the label's wording differs from paragraph 'inn-07' it points "
            "to: 'specialised' not in the paragraph's English; render the Chinese they share as "
            "the paragraph does",
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
            "targets[7].what.en: the label's wording differs from paragraph 'inn-05' it points "
            "to: 'chokepoint' not in the paragraph's English; render the Chinese they share as "
            "the paragraph does",
        ],
    ),
    "variant-on-first-mention": (
        CH5,
        "green innovation at the Sino-Singapore Tianjin Eco-City",
        "green innovation at the Eco-City",
        [
            "sections[0].paragraphs[0].en: 'Eco-City' is a variant of the glossary term '生态城' "
            "allowed only after the first mention (en_variants: after-first-mention), but this "
            "is the first mention on the page; write 'Sino-Singapore Tianjin Eco-City' here"
        ],
    ),
    "section-heading-renders-term-differently": (
        CH5,
        "Build the Bincheng Sci-Tech Innovation District to a high standard",
        "Build the Bincheng Science and Technology Innovation Zone to a high standard",
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
        "opening up in innovation, institutional opening up and",
        "opening up in innovation, “institutional” opening up and",
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
    # --- the phrasebook (content/phrasebook.yml) ---
    "phrasebook-variant": (
        CH3,
        "medical insurance, social insurance, elderly care",
        "medical insurance, social security, elderly care",
        [
            "sections[3].paragraphs[0].en: the Chinese holds '社保', which the phrasebook "
            "renders 'social insurance'; the English has no such rendering "
            f"({PHRASEBOOK})",
            "sections[3].paragraphs[0].en: 'social security' renders '社保' as the phrasebook "
            "avoids: write 'social insurance' (社保 is 社会保险, social insurance; “Social "
            "Security” is the US federal pension program (review 2026-12-06, findings 7 and "
            "14))",
        ],
    ),
    "phrasebook-variant-in-target-label": (
        TARGETS,
        "Technology-based enterprises attracted or fostered",
        "Technology-based enterprises attracted and fostered",
        [
            "targets[9].what.en: the Chinese holds '引育', which the phrasebook renders "
            "'attract or foster' (or 'attracted or fostered'); the English has no such "
            f"rendering ({PHRASEBOOK})",
        ],
    ),
    # --- sentence length, parentheses, abbreviations ---
    "long-sentence": (
        CH3,
        "with more substantive results. Building on our designated role",
        "with more substantive results, and building on our designated role",
        [
            "paragraphs[0].en: the sentence of paragraph 'bth-01' has 82 words (at most 70): "
            "split it where the Chinese runs its clauses (it begins 'We will focus on "
            "advancing the coordinated development …')",
        ],
    ),
    "nested-parentheses": (
        CH3,
        "advanced manufacturing and R&D, and zones",
        "advanced manufacturing and R&D (research and development), and zones",
        [
            "paragraphs[0].en: nested parentheses: '(research and development)' inside '(a "
            "national base for advanced manufacturing and R&D …': rephrase so that no "
            "parenthesis holds another (a list after a colon, or a sentence of its own)",
        ],
    ),
    "bare-abbreviation-at-first-mention": (
        CH4,
        "investment from central state-owned enterprises (SOEs) and state capital, deepen",
        "investment from central SOEs and state capital, deepen",
        [
            "sections[2].paragraphs[2].en: 'SOEs' is the first mention of 'SOE' on the page, "
            "without its full form: write 'state-owned enterprise (SOE)' here (and the plural "
            "with -s on both), then the abbreviation",
        ],
    ),
    "bare-abbreviation-in-a-tooltip": (
        GLOSSARY,
        "part of the China (Tianjin) Pilot Free Trade Zone and best known",
        "part of the Tianjin FTZ and best known",
        [
            "terms[68].definition.en: 'FTZ' is the first mention of 'FTZ' on the page, "
            "without its full form: write 'free trade zone (FTZ)' here (and the plural with "
            "-s on both), then the abbreviation",
        ],
    ),
    "abbreviation-listed-nowhere": (
        CH4,
        "support innovation in “bonded+” business models.",
        "support innovation in “bonded+” business models under WTO rules.",
        [
            "sections[1].paragraphs[2].en: abbreviation 'WTO' is not in "
            f"{PHRASEBOOK}: add it under abbreviations, with its full form (full) or why it "
            "may stand alone (bare)",
        ],
    ),
    "label-differs-from-its-paragraph": (
        TARGETS,
        "lacking competitive advantages, to be reduced",
        "lacking competitive advantages, to be closed",
        [
            "targets[5].what.en: the label's wording differs from paragraph 'rfm-04' it points "
            "to: 'closed' not in the paragraph's English; render the Chinese they share as the "
            "paragraph does",
        ],
    ),
    "unconfirmed-name-used-as-confirmed": (
        CH3,
        "platforms such as the “Yu-Xiang” Headquarters Base",
        "platforms such as the Yujiapu-Xiangluowan (Yu-Xiang) Headquarters Base",
        [
            "sections[1].paragraphs[0].en: 'Yujiapu-Xiangluowan (Yu-Xiang) Headquarters Base' "
            "is a variant of the glossary term '于响总部基地' that no source confirms "
            "(en_variants: unconfirmed; confidence: inferred): the site does not write it as "
            "if it were the name; write 'Yu-Xiang Headquarters Base'",
        ],
    ),
    "variant-never-written-in-a-tooltip": (
        GLOSSARY,
        "by carrying out the action to upgrade the China (Tianjin) Pilot Free Trade Zone, stress",
        "by carrying out the FTZ upgrading action, stress",
        [
            "terms[36].definition.en: 'FTZ upgrading action' is a variant of the glossary term "
            "'自贸试验区提升行动' that other publications use, not this site (en_variants: "
            "elsewhere); use 'action to upgrade the China (Tianjin) Pilot Free Trade Zone'",
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
    content_copy.edit(CH5, "National Supercomputer Center", "National Supercomputer Centre")
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
    yu_xiang = page.select_one("h3#yu-xiang-headquarters-base").find_next("dl")
    assert [li.get_text(" ", strip=True) for li in yu_xiang.select(".bp-gloss__variants li")] == [
        "“Yu-Xiang” Headquarters Base (where the Chinese has quotation marks)",
        "Yujiapu-Xiangluowan (Yu-Xiang) Headquarters Base (probable full name, not confirmed; "
        "not used on this site)",
    ]
    zh_page = opened_glossary(built_site / "glossary/index.html")
    zh_entry = zh_page.select_one("h3#teda").find_next("dl")
    zh_variants = [li.get_text(" ", strip=True) for li in zh_entry.select(".bp-gloss__variants li")]
    assert zh_variants == ["TEDA (简称，同一页中首次出现全称之后使用)"]


def test_phrase_used_nowhere_is_named(content_copy: ContentCopy) -> None:
    content_copy.edit(
        PHRASEBOOK,
        "\nabbreviations:\n",
        '\n  - zh: "稳中向好"\n    en: "steady and improving"\n    avoid:\n'
        '      - text: "stable and good"\n        why: "a calque"\n'
        '    note: "planted"\n\nabbreviations:\n',
    )
    line = content_copy.line_of(PHRASEBOOK, 'zh: "稳中向好"')
    assert content_copy.warnings() == [
        f"{PHRASEBOOK}:{line}: warning: phrases[23].zh: '稳中向好' occurs in no report text; "
        "remove the entry, or keep a standing formula with 'background: true'"
    ]


def test_phrase_inside_a_glossary_term_is_the_glossary_s(content_copy: ContentCopy) -> None:
    # gr-01 renders 高水平安全 (inside the glossary term 高质量发展和高水平安全) as "high-level
    # security", not as the phrasebook's "to a high standard" for 高水平: no warning.
    assert "high-level security" in content_copy.path(
        "content/reports/2024/chapters/01-general-requirements.yml"
    ).read_text(encoding="utf-8")
    assert content_copy.warnings() == []


def test_phrasebook_schema_problem_names_the_line(content_copy: ContentCopy) -> None:
    content_copy.edit(PHRASEBOOK, '    en: "social insurance"\n', '    en: ""\n')
    line = content_copy.line_of(PHRASEBOOK, '    en: ""')
    problems = content_copy.problems()
    assert problems[0].startswith(f"{PHRASEBOOK}:{line}: phrases[")
    assert problems[0].split(": ", 2)[1].endswith("].en")


def test_sentence_splitting() -> None:
    from policysite.checks.prose import sentences

    assert sentences("We will act. “Quoted” starts here. (A note.) Then 4.8% year on year.") == [
        "We will act.",
        "“Quoted” starts here.",
        "(A note.)",
        "Then 4.8% year on year.",
    ]
