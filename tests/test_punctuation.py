"""Full-width punctuation: the rule, the fidelity check that understands it, the warnings for
editor-written Chinese, and the Traditional edition's protected names."""

from __future__ import annotations

import pytest
from policysite.checks.loader import load_site
from policysite.content.model import ProtectedName
from policysite.content.punctuation import fullwidth_punctuation, halfwidth_positions
from policysite.render.editorial import published_site
from policysite.render.hant import HantConverter, name_form

from .conftest import REPO, ContentCopy

BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
REPORT_YML = "content/reports/2024/report.yml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("为指导,全面贯彻", "为指导，全面贯彻"),
        ("增长6%;固定资产", "增长6%；固定资产"),  # after a figure, before Chinese
        ("“十项行动”,深入推进", "“十项行动”，深入推进"),
        ("京滨城际(南段)、津潍高铁(天津段)", "京滨城际（南段）、津潍高铁（天津段）"),
        ("GE医疗(GE HealthCare),打造", "GE医疗（GE HealthCare），打造"),  # a pair goes together
        ("泰达MSD,打造", "泰达MSD，打造"),
        ("时间:10:30", "时间：10:30"),
        ("共1,000家", "共1,000家"),  # inside a figure
        ("增长4.8%", "增长4.8%"),
        ("见https://tjbh.gov.cn/a,b", "见https://tjbh.gov.cn/a,b"),  # an address
        ("GE HealthCare, Inc. (USA)", "GE HealthCare, Inc. (USA)"),  # Latin text
        ("(a)(b)", "(a)(b)"),
    ],
)
def test_the_rule_is_exact_about_context(text: str, expected: str) -> None:
    assert fullwidth_punctuation(text) == expected
    assert len(fullwidth_punctuation(text)) == len(text)  # positions of terms still hold
    assert fullwidth_punctuation(expected) == expected  # applying it twice changes nothing


def test_long_text_is_linear() -> None:
    text = "为指导,全面贯彻1,000家(南段)" * 20_000
    assert len(halfwidth_positions(text)) == 3 * 20_000  # , ( ) but not 1,000


def test_pages_and_open_data_get_the_corrected_text_and_the_files_keep_the_source() -> None:
    site = load_site(REPO).site
    paragraph = site.reports[0].chapters[0].paragraphs[0]
    assert "为指导," in paragraph.text.zh  # the chapter file is untouched
    published = published_site(site).reports[0].chapters[0].paragraphs[0]
    assert "为指导，全面" in published.text.zh
    assert published.text.en == paragraph.text.en and not published.text.stale


def test_fidelity_accepts_either_form_where_the_rule_applies(content_copy: ContentCopy) -> None:
    content_copy.edit(BTH, "功能定位,着力打造", "功能定位，着力打造")
    warnings = content_copy.warnings()  # no error: the restored mark is what the rule gives
    assert not any("differs from the source text" in w for w in warnings), warnings


def test_fidelity_refuses_a_full_width_mark_the_rule_would_not_write(
    content_copy: ContentCopy,
) -> None:
    line = content_copy.line_of(BTH, "功能定位,着力打造")
    content_copy.edit(BTH, "功能定位,着力打造", "功能定位,着力，打造")
    problems = content_copy.problems()
    assert problems == [
        f"{BTH}:{line}: paragraphs[0].zh: differs from the source text (source.txt line 6): "
        "the source has “…区”核心区功能定位,着力[]打造协同发展战略支点和北…”, the content "
        "has “…区”核心区功能定位,着力[，]打造协同发展战略支点和北…”; restore the source "
        "wording, or record an editorial correction in the report's 'corrections'"
    ], problems


def test_without_the_rule_the_pages_keep_the_source_marks(content_copy: ContentCopy) -> None:
    text = content_copy.path(REPORT_YML).read_text(encoding="utf-8")
    start = text.index("  - rule: fullwidth-punctuation\n")
    content_copy.path(REPORT_YML).write_text(text[:start], encoding="utf-8")
    site = load_site(content_copy.root).site
    assert not site.reports[0].has_rule("fullwidth-punctuation")
    paragraph = published_site(site).reports[0].chapters[0].paragraphs[0]
    assert "为指导,全面" in paragraph.text.zh


def test_editor_written_chinese_is_held_to_the_rule(content_copy: ContentCopy) -> None:
    chapter = "content/reports/2024/chapters/01-general-requirements.yml"
    line = content_copy.line_of(chapter, "总体要求，包括")  # the summary's Chinese
    content_copy.edit(chapter, "总体要求，包括", "总体要求,包括")
    warnings = content_copy.warnings()
    expected = (
        f"{chapter}:{line}: warning: summary.zh: ASCII ',' in Chinese text "
        "(“…导思想和总体要求[,]包括坚持稳中求进…”): write '，' (full-width punctuation, GB/T 15834)"
    )
    assert expected in warnings, warnings
    assert any("summary" in w and "changed after this English" in w for w in warnings)


def test_interface_strings_are_held_to_the_rule() -> None:
    from policysite.checks.punctuation import check_interface_punctuation, punctuation_messages

    assert check_interface_punctuation() == []  # strings.yml as shipped
    rule = "(full-width punctuation, GB/T 15834)"
    assert punctuation_messages("主办(单位)") == [
        f"ASCII '(' in Chinese text (“…主办[(]单位)…”): write '（' {rule}",
        f"ASCII ')' in Chinese text (“…主办(单位[)]…”): write '）' {rule}",
    ]


def test_speaker_and_listed_names_keep_their_characters() -> None:
    assert name_form(ProtectedName("单泽峰")) == "單澤峰"  # not the Hong Kong variant 峯
    assert name_form(ProtectedName("于家堡", "于家堡")) == "于家堡"
    site = load_site(REPO).site
    assert [n.zh for n in site.protected_names()] == ["单泽峰"]  # the speaker, unlisted
    converter = HantConverter(site.glossary, site.protected_names())
    assert converter.convert("区长单泽峰作报告") == "區長單澤峰作報告"
    assert HantConverter(site.glossary).convert("单泽峰") == "單澤峯"  # what protection prevents


def test_staff_can_protect_a_name(content_copy: ContentCopy) -> None:
    content_copy.edit("content/site.yml", "protected_names: []", 'protected_names:\n  - "李峰"')
    site = load_site(content_copy.root).site
    assert [n.zh for n in site.protected_names()] == ["李峰", "单泽峰"]
    assert HantConverter(None, site.protected_names()).convert("李峰说") == "李峰説"
