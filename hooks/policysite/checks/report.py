"""Content checks that go beyond the schema: unique IDs, fidelity to the source, staleness."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..content.model import Report, Text
from ..content.problems import Problem, Severity
from ..content.schema import id_problem
from ..content.textutil import BLANKS
from ..content.yamlio import LoadedYaml
from .numbers import check_numbers, quantities_zh

#: Page names the site uses itself; a chapter ID may not take them.
RESERVED_PAGE_IDS = frozenset(
    {"index", "about", "targets", "glossary", "full", "data", "search", "assets", "en"}
)
CONTEXT_CHARS = 12
SENTENCE_END_MARKS = ("。", "！", "？")


def check_reports(reports: Iterable[Report], root: Path | None = None) -> list[Problem]:
    problems: list[Problem] = []
    seen_reports: dict[str, str] = {}
    for report in reports:
        if report.id in seen_reports:
            problems.append(
                Problem(
                    report.file,
                    1,
                    "id",
                    f"duplicate report ID '{report.id}' (also used by {seen_reports[report.id]})",
                )
            )
        seen_reports[report.id] = report.file
        problems += check_ids(report, root)
        problems += check_targets(report)
        problems += check_staleness(report)
        problems += check_figures(report)
    return problems


def reserved_id_problem(identifier: str, what: str) -> str | None:
    """Why ``identifier`` cannot name a report or chapter page (the site uses it), or None."""
    return _reserved(identifier, what) if identifier in RESERVED_PAGE_IDS else None


def _reserved(identifier: str, what: str) -> str:
    return f"'{identifier}' is a page name the site uses itself; choose another {what} ID"


def report_id_problem(report_id: str, root: Path) -> str | None:
    """Why ``report_id`` cannot name a new report (its folder and URLs), or None."""
    problem = id_problem(report_id, root / "content" / "schema")
    if problem is None and report_id in RESERVED_PAGE_IDS:
        problem = _reserved(report_id, "report")
    return problem


def check_ids(report: Report, root: Path | None = None) -> list[Problem]:
    """Chapter, section and paragraph IDs are anchors and URLs: unique within a report.

    Of two texts with one ID, the newer is blamed: the published one keeps its address. Newer
    means, in this order: an ID that does not follow its chapter's own pattern (``rfm-04``
    among ``bth-…``), a file saved more recently (with ``root``), a later place in the report.
    """
    problems: list[Problem] = []
    uses: dict[str, list[tuple[tuple[int, int, int], Text, str]]] = {}
    position = 0

    def claim(identifier: str, text: Text, key: str, usual_prefix: str | None = None) -> None:
        nonlocal position
        position += 1
        odd = int(usual_prefix is not None and _id_prefix(identifier) != usual_prefix)
        newness = (odd, _saved_at(root, text.origin.file), position)
        uses.setdefault(identifier, []).append((newness, text, key))

    if report.opening is not None:
        claim(report.opening.id, report.opening.paragraphs[0].text, "id")
        for paragraph in report.opening.paragraphs:
            claim(paragraph.id, paragraph.text, "id")
    for chapter in report.chapters:
        if chapter.id in RESERVED_PAGE_IDS:
            problems.append(Problem(chapter.file, 1, "id", _reserved(chapter.id, "chapter")))
        claim(chapter.id, chapter.title, "id")
        for section in chapter.sections:
            claim(section.id, section.heading, "id")
        prefixes = Counter(_id_prefix(p.id) for p in chapter.all_paragraphs())
        usual = prefixes.most_common(1)[0][0] if prefixes else None
        for paragraph in chapter.all_paragraphs():
            claim(paragraph.id, paragraph.text, "id", usual)
    for identifier, found in uses.items():
        oldest = min(found, key=lambda use: use[0])[1].origin
        for _, text, key in found:
            if text.origin is oldest:
                continue
            problems.append(
                Problem(
                    text.origin.file,
                    text.origin.line,
                    _parent(text.origin.key_path, key),
                    f"duplicate ID '{identifier}' (already used at {oldest.file}:{oldest.line}); "
                    "give this text a new ID",
                )
            )
    return problems


def _id_prefix(identifier: str) -> str:
    """``bth-03`` -> ``bth``; an ID without a number is its own prefix."""
    return re.sub(r"-?\d+$", "", identifier)


def _saved_at(root: Path | None, file: str) -> int:
    """When ``file`` was last saved, in whole seconds (0 without ``root``)."""
    try:
        return int((root / file).stat().st_mtime) if root is not None else 0
    except OSError:
        return 0


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


def check_targets(report: Report) -> list[Problem]:
    """Each target names an existing paragraph, and that paragraph states the figure."""
    problems = []
    seen: set[str] = set()
    uses = Counter(p.id for p in report.all_paragraphs())
    for target in report.targets:
        origin = target.origin
        if target.id in seen:
            problems.append(
                Problem(
                    origin.file,
                    origin.line,
                    f"{origin.key_path}.id",
                    f"duplicate target ID '{target.id}'",
                )
            )
        seen.add(target.id)
        paragraph = report.paragraph(target.paragraph_id)
        if paragraph is None:
            ids = [p.id for p in report.all_paragraphs()]
            hint = difflib.get_close_matches(target.paragraph_id, ids, n=1)
            problems.append(
                Problem(
                    origin.file,
                    target.paragraph_line,
                    f"{origin.key_path}.paragraph",
                    f"no paragraph with ID '{target.paragraph_id}' in this report"
                    + (f" (did you mean '{hint[0]}'?)" if hint else ""),
                )
            )
        elif uses[paragraph.id] == 1 and target.figure.zh not in paragraph.text.zh:
            problems.append(
                Problem(
                    origin.file,
                    target.figure.origin.zh_line,
                    f"{origin.key_path}.figure.zh",
                    f"'{target.figure.zh}' does not occur in paragraph '{paragraph.id}' "
                    "(the figure must be quoted exactly as the paragraph states it)",
                )
            )
    return problems


def _parent(key_path: str, key: str) -> str:
    """``sections[1].heading`` -> ``sections[1].id``; ``paragraphs[3]`` -> ``paragraphs[3].id``."""
    if key_path.endswith(".heading"):
        return key_path[: -len("heading")] + key
    if key_path == "title":
        return key
    return f"{key_path}.{key}"


def check_staleness(report: Report) -> list[Problem]:
    """English whose Chinese changed since it was written is a warning, shown on the page too."""
    problems = []
    for text in _all_texts(report):
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


def _all_texts(report: Report) -> Iterable[Text]:
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


def check_figures(report: Report) -> list[Problem]:
    """Every figure of the Chinese reappears, correctly, in its English (stale English is
    left to the staleness warning: its figures are expected to lag)."""
    problems = []
    for text in _all_texts(report):
        if not text.has_english or text.stale:
            continue
        for message in check_numbers(text.zh, text.en.text):
            problems.append(
                Problem(
                    text.origin.file, text.origin.en_line, f"{text.origin.key_path}.en", message
                )
            )
    return problems


def apply_corrections(
    source: str, report: Report, doc: LoadedYaml, source_name: str
) -> tuple[str, list[Problem]]:
    """The source text with each recorded correction applied once."""
    problems = []
    for index, correction in enumerate(report.corrections):
        count = source.count(correction.original)
        if count != 1:
            found = "not found" if count == 0 else f"found {count} times"
            problems.append(
                doc.problem(
                    ("corrections", index, "original"),
                    f"must occur exactly once in {source_name}, {found}",
                )
            )
            continue
        source = source.replace(correction.original, correction.corrected)
    return source, problems


def check_fidelity(report: Report, doc: LoadedYaml, source: str, source_name: str) -> list[Problem]:
    """The Chinese of the chapters, in order, must be the source text plus recorded corrections."""
    corrected, problems = apply_corrections(source, report, doc, source_name)
    if problems:
        return problems
    lines = [line.strip(BLANKS) for line in corrected.splitlines()]
    expected = ""
    line_starts: list[int] = []
    line_numbers: list[int] = []
    skip = report.source_skip_lines
    for number, line in enumerate(lines, start=1):
        if line and skip:
            skip -= 1
        elif line:
            line_starts.append(len(expected))
            line_numbers.append(number)
            expected += line
    texts = []
    actual = ""
    text_starts: list[int] = []
    for text, zh in report.source_pieces():
        texts.append(text)
        text_starts.append(len(actual))
        actual += zh
    for tag, i1, i2, j1, j2 in _differences(expected, actual):
        source_line = line_numbers[max(0, bisect_right(line_starts, i1) - 1)] if line_starts else 1
        message = (
            f"differs from the source text ({source_name} line {source_line}): the source has "
            f"{_excerpt(expected, i1, i2)}, the content has {_excerpt(actual, j1, j2)}; restore "
            "the source wording, or record an editorial correction in the report's 'corrections'"
        )
        if not texts:
            problems.append(doc.problem(("chapters",), message))
            continue
        text = texts[_owning_text(text_starts, len(actual), j1, expected[i1:i2], tag)]
        problems.append(
            Problem(text.origin.file, text.origin.zh_line, f"{text.origin.key_path}.zh", message)
        )
    return problems


#: Above this many character pairs a full diff would take seconds (difflib is quadratic on
#: repetitive text): the first difference is reported instead, with its context.
MAX_DIFF_CELLS = 4_000_000


def _differences(expected: str, actual: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (as difflib's, without "equal") turning ``expected`` into ``actual``.

    The common start and end are skipped first (linear), so one edit in a long paragraph
    costs nothing; only the differing middle goes to difflib, if it is small enough.
    """
    if expected == actual:
        return []
    start = _common_prefix(expected, actual)
    limit = min(len(expected), len(actual)) - start
    end = _common_prefix(expected[::-1][:limit], actual[::-1][:limit])
    a, b = expected[start : len(expected) - end], actual[start : len(actual) - end]
    if len(a) * len(b) > MAX_DIFF_CELLS:
        return [("replace" if a and b else "delete" if a else "insert",
                 start, start + len(a), start, start + len(b))]  # fmt: skip
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        (tag, start + i1, start + i2, start + j1, start + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _common_prefix(a: str, b: str) -> int:
    """Length of the common start of ``a`` and ``b`` (binary search over C-speed compares)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _owning_text(starts: list[int], total: int, position: int, missing: str, tag: str) -> int:
    """Index of the text a difference at ``position`` (in the joined content) belongs to."""
    index = max(0, bisect_right(starts, position) - 1)
    if tag == "delete":
        at_boundary = position in starts and index > 0
        # Text missing where one text meets the next belongs to the first if it ends a sentence.
        if position == total:
            return len(starts) - 1
        if at_boundary and missing.endswith(SENTENCE_END_MARKS):
            return index - 1
    return index


def _excerpt(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    changed = text[start:end]
    if len(changed) > 4 * CONTEXT_CHARS:
        changed = f"{changed[: 2 * CONTEXT_CHARS]}…{changed[-CONTEXT_CHARS:]}"
    after = text[end : end + CONTEXT_CHARS]
    marked = f"[{changed}]" if changed else "[]"
    return f"“…{before}{marked}{after}…”"


# --- a target's value, unit and comparison say what its figure says ---------------------------

#: What each comparison expects of the figure's qualifier (左右, 以上); None: no qualifier.
_QUALIFIER_OF = {"about": "about", "at-least": "at-least", "exactly": None, "cumulative": None}
_QUALIFIER_WORDS = {"about": "左右/约 (about)", "at-least": "以上/不低于 (at least)", None: "none"}
_NO_NUMBER = ("in-step", "as-assigned")
_DATES = ("year", "month", "day")


def check_target_values(doc: LoadedYaml) -> list[Problem]:
    """A target's ``value``, ``unit`` and ``comparison`` agree with its Chinese ``figure``, so
    the targets table and the open data publish what the report says (value 4.5 for a figure
    of 4.8%左右 is an error). Call on a schema-valid targets document."""
    problems: list[Problem] = []
    for index, target in enumerate(doc.data.get("targets", [])):
        figure = target["figure"]["zh"]
        for key, message in _target_disagreements(target):
            problems.append(doc.problem(("targets", index, key), f"{message} (figure '{figure}')"))
    return problems


def _target_disagreements(target: dict[str, Any]) -> list[tuple[str, str]]:
    value, comparison, unit = target["value"], target["comparison"], target["unit"]
    found = [q for q in quantities_zh(target["figure"]["zh"]) if q.unit not in _DATES]
    if comparison == "flat" or any(q.unit == "flat" for q in found):
        if comparison != "flat":
            return [("comparison", f"'{comparison}' does not fit 持平 (no change): write "
                     "'comparison: flat'")]  # fmt: skip
        if value not in (None, 0):
            return [("value", f"{value} does not fit 持平 (no change): leave 'value:' empty")]
        return []
    if comparison in _NO_NUMBER:
        if value is not None:
            return [("value", f"a '{comparison}' target has no number of its own: leave "
                     "'value:' empty")]  # fmt: skip
        return []
    if len(found) != 1:  # no number, a range or several figures
        if not found and value is not None:
            return [("value", f"{value} is not stated in the figure, which has no number")]
        return []
    quantity, out = found[0], []
    if value is None or Decimal(str(value)) != quantity.value:
        shown = "nothing" if value is None else value
        wanted = _plain(quantity.value)
        out.append(("value", f"expected {wanted}, the figure's number, found {shown}"))
    percent = quantity.unit in ("percent", "percentage-points")
    if percent != (unit == "percent"):
        wanted = "'unit: percent'" if percent else "the unit of what is counted"
        out.append(("unit", f"'{unit}' does not fit the figure: write {wanted}"))
    qualifier = quantity.qualifier
    if (
        comparison in _QUALIFIER_OF
        and qualifier in _QUALIFIER_WORDS
        and _QUALIFIER_OF[comparison] != qualifier
    ):
        wanted = qualifier or "exactly' or 'cumulative"
        out.append(("comparison", f"'{comparison}' does not fit the figure's qualifier "
                    f"({_QUALIFIER_WORDS[qualifier]}): write '{wanted}'"))  # fmt: skip
    return out


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
