"""What importing each rendered fixture of tests/fixtures/documents must give, derived from the
invented reports themselves (tests/fixtures/documents/reports.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from policysite.tools.outline import Outline

DOCUMENTS = Path(__file__).parent / "fixtures/documents"
sys.path.insert(0, str(DOCUMENTS))

from reports import LINXI, NANSHA, QINGCHUAN, Report, appendix_paragraphs  # noqa: E402

__all__ = ["QINGCHUAN", "Report", "appendix_paragraphs"]

#: fixture file name -> the report it renders
FIXTURES: dict[str, Report] = {
    "qingchuan-28.pdf": QINGCHUAN,
    "qingchuan-35.pdf": QINGCHUAN,
    "linxi-35.pdf": LINXI,
    "nanshawan-28.pdf": NANSHA,
    "qingchuan-28.pdftotext.txt": QINGCHUAN,
    "qingchuan-35.pdftotext.txt": QINGCHUAN,
    "linxi-35.pdftotext.txt": LINXI,
    "nanshawan-28.pdftotext.txt": NANSHA,
    "qingchuan-styled.docx": QINGCHUAN,
    "linxi-plain.docx": LINXI,
    "nanshawan-styled.docx": NANSHA,
    "qingchuan-p.html": QINGCHUAN,
    "linxi-br.html": LINXI,
    "nanshawan-title-inside.html": NANSHA,
}
LABELS = ("（一）", "（二）", "（三）", "一、", "二、", "三、")


def _label(text: str) -> tuple[str, str]:
    return next(
        ((label, text[len(label) :]) for label in LABELS if text.startswith(label)), ("", text)
    )


def expected_pieces(report: Report) -> list[tuple[str, str]]:
    """(kind, Chinese) in reading order after the front matter: the opening's and the
    chapters' paragraphs, and the headings with their labels."""
    found: list[tuple[str, str]] = []
    for kind, text in report.body:
        if kind == "lead":
            lead, rest = text.split("。", 1)
            found += [("heading", lead + "。"), ("paragraph", rest)]
        elif kind[0] == "h":
            found.append(("heading", text))
        else:
            found.append(("paragraph", text))
    if report.glossary:
        found.append(("heading", report.appendix_label + report.appendix_title))
        found += [("paragraph", entry) for entry in appendix_paragraphs(report)]
    return found


def expected_rows(report: Report) -> list[tuple[int, str, str, bool]]:
    """(level, label, heading, appendix) of every heading: 1 for a part of the report."""
    rows = []
    for kind, text in report.body:
        if kind == "h1":
            rows.append((1, *_label(text), False))
        elif kind in ("h2", "lead"):
            rows.append((2, *_label(text.split("。", 1)[0] + "。"), False))
        elif kind == "h3":
            rows.append((3, "", text, False))
    if report.glossary:
        rows.append((1, report.appendix_label, report.appendix_title, True))
    return rows


def outline_pieces(outline: Outline) -> list[tuple[str, str]]:
    found = [("paragraph", text) for text in outline.opening]
    for chapter in outline.chapters:
        found.append(("heading", chapter.label + chapter.title))
        found += [("paragraph", text) for text in chapter.paragraphs]
        for section in chapter.sections:
            found.append(("heading", section.label + section.heading))
            found += [("paragraph", text) for text in section.paragraphs]
    return found


def outline_rows(outline: Outline) -> list[tuple[int, str, str, bool]]:
    rows = []
    for chapter in outline.chapters:
        rows.append((1, chapter.label, chapter.title, chapter.appendix))
        rows += [(s.level, s.label, s.heading, chapter.appendix) for s in chapter.sections]
    return rows
