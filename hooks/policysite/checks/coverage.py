"""Translation status: stale English, what a draft still lacks, and how many texts have each
provenance (for `check`, the pages and the open data)."""

from __future__ import annotations

from collections.abc import Iterable

from ..content.model import Report, Text
from ..content.problems import Problem, Severity

DRAFT_FIELDS = ("title", "date", "speaker", "session", "source", "coverage", "notice")


def draft_gaps(report: Report) -> list[str]:
    """For a draft: one line naming the report metadata still to fill in before publishing."""
    if not report.draft:
        return []
    present = {
        "title": report.title.origin.key_path == "title",
        "date": report.date is not None,
        "speaker": report.speaker_name is not None,
        "session": report.session is not None,
        "source": report.source is not None,
        "coverage": report.coverage is not None,
        "notice": report.notice is not None,
    }
    missing = [name for name in DRAFT_FIELDS if not present[name]]
    if not missing:
        return [f"{report.file}: draft, ready to publish: set status: published"]
    return [f"{report.file}: draft, to fill in before status: published: {', '.join(missing)}"]


def check_staleness(report: Report) -> list[Problem]:
    """English whose Chinese changed since it was written is a warning, shown on the page too."""
    problems = []
    for text in all_texts(report):
        if text.stale:
            problems.append(
                Problem(
                    text.origin.file,
                    text.origin.en_line,
                    f"{text.origin.key_path}.en",
                    "the Chinese text changed after this English was written; revise the "
                    "English, then run 'python scripts/site.py stamp'",
                    Severity.WARNING,
                )
            )
    return problems


def all_texts(report: Report) -> Iterable[Text]:
    yield report.title
    if report.opening is not None:
        yield from (p.text for p in report.opening.paragraphs)
    for chapter in report.chapters:
        yield from chapter.texts()
        yield chapter.short_title
        if chapter.summary:
            yield chapter.summary
    for target in report.targets:
        yield target.what
        yield target.figure


PROVENANCE_ORDER = ("approved", "edited", "machine", "stale", "missing")


def provenance_counts(texts: Iterable[Text]) -> dict[str, int]:
    """How many texts have each provenance, in a fixed order."""
    counts = dict.fromkeys(PROVENANCE_ORDER, 0)
    for text in texts:
        counts[text.provenance] += 1
    return counts


def coverage(report: Report) -> list[tuple[str, dict[str, int]]]:
    """Provenance of the English paragraphs, chapter by chapter."""
    return [
        (f"{report.id}/{chapter.id}", provenance_counts(p.text for p in chapter.all_paragraphs()))
        for chapter in report.chapters
    ]


def format_coverage(reports: Iterable[Report]) -> str:
    lines = ["English coverage (paragraphs): " + ", ".join(PROVENANCE_ORDER)]
    for report in reports:
        for name, counts in coverage(report):
            figures = "  ".join(f"{key} {value}" for key, value in counts.items())
            lines.append(f"  {name:<40} {figures}")
    return "\n".join(lines)
