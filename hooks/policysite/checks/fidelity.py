"""Fidelity: the Chinese of the chapters, in order, is the source text plus the recorded
corrections; a difference is named with the text it falls in and a short excerpt."""

from __future__ import annotations

import difflib
from bisect import bisect_right

from ..content.model import Report
from ..content.problems import Problem
from ..content.punctuation import RULE, fullwidth_punctuation
from ..content.textutil import BLANKS
from ..content.yamlio import LoadedYaml

CONTEXT_CHARS = 12
SENTENCE_END_MARKS = ("。", "！", "？")


def apply_corrections(
    source: str, report: Report, doc: LoadedYaml, source_name: str
) -> tuple[str, list[Problem]]:
    """The source text with each recorded correction applied once."""
    problems = []
    for index, correction in enumerate(report.corrections):
        if correction.rule:
            continue  # applied to both sides by check_fidelity
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
    compared_expected, compared_actual = expected, actual
    if report.has_rule(RULE):
        # The chapters may keep the source's ASCII marks or write the full-width ones where
        # the rule puts them; a full-width mark anywhere else is still a difference. The rule
        # keeps lengths, so positions hold and excerpts quote the texts as written. Each text
        # is corrected on its own, as pages are.
        compared_expected = fullwidth_punctuation(expected)
        compared_actual = "".join(
            fullwidth_punctuation(actual[start:end])
            for start, end in zip(text_starts, [*text_starts[1:], len(actual)], strict=True)
        )
    for tag, i1, i2, j1, j2 in _differences(compared_expected, compared_actual):
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
