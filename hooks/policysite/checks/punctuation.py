"""Editor-written Chinese keeps to full-width punctuation (GB/T 15834), by the same rule the
report's text is corrected with at build time (``content.punctuation``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..content.interface import STRINGS_FILE, STRINGS_PATH
from ..content.model import Glossary, Publisher, Report, Text
from ..content.problems import Problem, Severity
from ..content.punctuation import FULL_WIDTH, halfwidth_positions
from ..content.yamlio import parsed_once

CONTEXT_CHARS = 8


def check_punctuation(
    reports: Iterable[Report], glossary: Glossary | None, publisher: Publisher | None = None
) -> list[Problem]:
    """A warning for each ASCII , ; : ( ) beside Chinese in a text the site's editors wrote
    (the report's own text is corrected by its recorded rule instead)."""
    problems = []
    for text in _editor_texts(reports, glossary, publisher):
        origin = text.origin
        line = origin.zh_line or origin.line
        for message in punctuation_messages(text.zh):
            problems.append(
                Problem(origin.file, line, f"{origin.key_path}.zh", message, Severity.WARNING)
            )
    return problems + check_interface_punctuation()


def punctuation_messages(zh: str) -> list[str]:
    """One message per ASCII mark the rule would make full-width, with its context."""
    messages = []
    for index in halfwidth_positions(zh):
        mark = zh[index]
        before = zh[max(0, index - CONTEXT_CHARS) : index]
        after = zh[index + 1 : index + 1 + CONTEXT_CHARS]
        messages.append(
            f"ASCII '{mark}' in Chinese text (“…{before}[{mark}]{after}…”): write "
            f"'{FULL_WIDTH[mark]}' (full-width punctuation, GB/T 15834)"
        )
    return messages


def check_interface_punctuation() -> list[Problem]:
    """The Chinese interface strings (templates/strings.yml, zh and zh-Hant)."""
    loaded = parsed_once(STRINGS_PATH.read_text(encoding="utf-8"), STRINGS_FILE)
    if isinstance(loaded, Problem) or not isinstance(loaded.data, dict):
        return []  # a template bug: ui_strings() reports it when the site is rendered
    problems = []
    for section in ("zh", "zh-Hant"):
        for key, value in (loaded.data.get(section) or {}).items():
            for message in punctuation_messages(str(value)):
                line = loaded.line_of((section, key))
                problems.append(
                    Problem(STRINGS_FILE, line, f"{section}.{key}", message, Severity.WARNING)
                )
    return problems


def _editor_texts(
    reports: Iterable[Report], glossary: Glossary | None, publisher: Publisher | None
) -> Iterator[Text]:
    for report in reports:
        for chapter in report.chapters:
            if chapter.summary:
                yield chapter.summary
            if chapter.short_title is not chapter.title:
                yield chapter.short_title
        yield from report.front_texts()
    if glossary is not None:
        yield from (category.name for category in glossary.categories)
        yield from (term.definition for term in glossary.terms)
    if publisher is not None:
        yield publisher.name
        if publisher.statement:
            yield publisher.statement
        yield publisher.reuse
        yield publisher.accessibility
