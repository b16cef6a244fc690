"""The Chinese on the site is the source text, character for character, plus corrections."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from policysite.checks import fidelity
from policysite.checks.loader import load_site
from policysite.content.model import Report
from policysite.content.yamlio import load_yaml_file
from policysite.tools.outline import outline_text

from .conftest import REPO

REPORT_DIR = REPO / "content/reports/2024"


@pytest.fixture(scope="module")
def report() -> Report:
    return load_site(REPO).site.reports[0]


def corrected_source(report: Report) -> str:
    doc = load_yaml_file(REPORT_DIR / "report.yml", REPO)
    source = (REPORT_DIR / "source.txt").read_text(encoding="utf-8")
    corrected, problems = fidelity.apply_corrections(source, report, doc, "source.txt")  # type: ignore[arg-type]
    assert problems == []
    return corrected


def test_corrections_applied_to_source_give_the_content_exactly(report: Report) -> None:
    corrected = corrected_source(report)
    expected_lines = [line for line in corrected.splitlines() if line.strip()]
    content_lines = ["".join(t.zh for t in chapter.texts()) for chapter in report.chapters]
    # title + body of each chapter, in order: the source has a title line then a body line
    rebuilt = []
    for chapter in report.chapters:
        texts = list(chapter.texts())
        rebuilt += [texts[0].zh, "".join(t.zh for t in texts[1:])]
    assert rebuilt == expected_lines
    assert len(content_lines) == 5


def test_the_recorded_corrections_are_the_known_losses(report: Report) -> None:
    assert [c.rule for c in report.corrections if c.rule] == ["fullwidth-punctuation"]
    assert [(c.original, c.corrected) for c in report.corrections if not c.rule] == [
        ("“保税 ”", "“保税+”"),
        ("“央企 外资”", "“央企+外资”"),
        ("“央企 民企”", "“央企+民企”"),
        ("泰达msd", "泰达MSD"),
        ("ge医疗", "GE医疗"),
        ("英力士abs", "英力士ABS"),
    ]


def _with_paragraph_text(report: Report, paragraph_id: str, zh: str) -> Report:
    def swap_text(paragraph):  # type: ignore[no-untyped-def]
        if paragraph.id != paragraph_id:
            return paragraph
        return dataclasses.replace(paragraph, text=dataclasses.replace(paragraph.text, zh=zh))

    chapters = []
    for chapter in report.chapters:
        sections = tuple(
            dataclasses.replace(s, paragraphs=tuple(swap_text(p) for p in s.paragraphs))
            for s in chapter.sections
        )
        chapters.append(
            dataclasses.replace(
                chapter,
                paragraphs=tuple(swap_text(p) for p in chapter.paragraphs),
                sections=sections,
            )
        )
    return dataclasses.replace(report, chapters=tuple(chapters))


def _fidelity_problems(report: Report) -> list[str]:
    doc = load_yaml_file(REPORT_DIR / "report.yml", REPO)
    source = (REPORT_DIR / "source.txt").read_text(encoding="utf-8")
    return [p.format() for p in fidelity.check_fidelity(report, doc, source, "source.txt")]  # type: ignore[arg-type]


def test_real_content_is_faithful(report: Report) -> None:
    assert _fidelity_problems(report) == []


@pytest.mark.parametrize("mutation", ["delete", "change", "insert"])
def test_any_single_character_change_in_any_paragraph_is_caught(
    report: Report, mutation: str
) -> None:
    for paragraph in report.all_paragraphs():
        zh = paragraph.text.zh
        for index in (0, len(zh) // 2, len(zh) - 1):
            if mutation == "delete":
                changed = zh[:index] + zh[index + 1 :]
            elif mutation == "change":
                changed = zh[:index] + ("甲" if zh[index] != "甲" else "乙") + zh[index + 1 :]
            else:
                changed = zh[:index] + "，" + zh[index:]
            problems = _fidelity_problems(_with_paragraph_text(report, paragraph.id, changed))
            assert len(problems) == 1, (paragraph.id, index, problems)
            assert "differs from the source text" in problems[0]
            assert paragraph.text.origin.file in problems[0]


def test_importing_the_source_reproduces_the_outline(report: Report) -> None:
    """The outline rules (lead sentences become sections) match the hand-checked content;
    the import keeps each stretch of text between two headings whole, where the hand-built
    edition cut it into sentences."""
    outline = outline_text(corrected_source(report))
    assert [c.title for c in outline] == [c.title.zh for c in report.chapters]
    for imported, chapter in zip(outline, report.chapters, strict=True):
        assert imported.paragraphs == ["".join(p.text.zh for p in chapter.paragraphs)]
        assert [s.heading for s in imported.sections] == [s.heading.zh for s in chapter.sections]
        assert [s.paragraphs for s in imported.sections] == [
            ["".join(p.text.zh for p in s.paragraphs)] for s in chapter.sections
        ]


def test_source_of_record_is_in_the_repository() -> None:
    text = Path(REPORT_DIR / "source.txt").read_text(encoding="utf-8")
    assert text.startswith("政府工作总体要求\n")
    assert "两翼齐飞。" in text
