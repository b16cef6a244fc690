"""Checks on the glossary against the reports: duplicates, unused entries, unlisted coinages."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from ..content.model import Glossary, Report, Text
from ..content.problems import Problem, Severity
from ..content.terms import TermScan

QUOTED = re.compile(r"“([^“”]+)”")


def check_glossary(glossary: Glossary, reports: Iterable[Report], terms: TermScan) -> list[Problem]:
    reports = list(reports)
    problems = _check_definitions(glossary)
    if problems:
        return problems
    used: set[str] = set()
    for text in _report_texts(reports):
        used.update(match.term.id for match in terms.find(text.zh, "zh"))
    for term in glossary.terms:
        if term.id not in used and not term.background:
            problems.append(
                Problem(
                    glossary.file,
                    term.origin.zh_line,
                    f"{term.origin.key_path}.zh",
                    f"'{term.zh}' is used in no report (neither it nor its variants occur in "
                    "the Chinese text); remove the entry or add the form the text uses to "
                    "'variants'",
                    Severity.WARNING,
                )
            )
    problems += _check_quoted_phrases(glossary, reports)
    return problems


def _check_definitions(glossary: Glossary) -> list[Problem]:
    problems: list[Problem] = []
    categories = [c.id for c in glossary.categories]
    first_id: dict[str, int] = {}
    first_form: dict[str, int] = {}
    for term in glossary.terms:
        origin = term.origin
        if term.id in first_id:
            problems.append(
                Problem(
                    glossary.file,
                    origin.line,
                    f"{origin.key_path}.id",
                    f"duplicate ID '{term.id}' (first used at line {first_id[term.id]})",
                )
            )
        first_id.setdefault(term.id, origin.line)
        for form in term.zh_forms:
            if form in first_form:
                problems.append(
                    Problem(
                        glossary.file,
                        origin.zh_line,
                        f"{origin.key_path}.zh",
                        f"duplicate term '{form}' (first defined at line {first_form[form]})",
                    )
                )
            first_form.setdefault(form, origin.zh_line)
        if not any(source.date for source in term.sources):
            problems.append(
                Problem(
                    glossary.file,
                    origin.line,
                    f"{origin.key_path}.sources",
                    "expected at least one source with a publisher and a 'date', found none "
                    "(readers are shown who published each source and when)",
                )
            )
        if term.zh_hant is not None and len(term.zh_hant) != len(term.zh):
            problems.append(
                Problem(
                    glossary.file,
                    origin.line,
                    f"{origin.key_path}.zh_hant",
                    f"expected the Traditional form of '{term.zh}' ({len(term.zh)} characters), "
                    f"found '{term.zh_hant}' ({len(term.zh_hant)} characters)",
                )
            )
        if term.category not in categories:
            close = difflib.get_close_matches(term.category, categories, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                Problem(
                    glossary.file,
                    origin.line,
                    f"{origin.key_path}.category",
                    f"unknown category '{term.category}'{hint}",
                )
            )
    return problems


def _report_texts(reports: Iterable[Report]) -> Iterator[Text]:
    for report in reports:
        if report.opening is not None:
            yield from (p.text for p in report.opening.paragraphs)
        for chapter in report.chapters:
            yield from chapter.texts()


def _check_quoted_phrases(glossary: Glossary, reports: list[Report]) -> list[Problem]:
    """A phrase the report puts in “quotes” is usually a coinage: it should be explained."""
    known = set(glossary.not_terms)
    quoted_in_forms = set()
    for term in glossary.terms:
        for form in term.zh_forms:
            known.add(form.strip("“”"))
            quoted_in_forms.update(QUOTED.findall(form))
    problems = []
    for text in _report_texts(reports):
        for phrase in dict.fromkeys(QUOTED.findall(text.zh)):
            if phrase not in known and phrase not in quoted_in_forms:
                problems.append(
                    Problem(
                        text.origin.file,
                        text.origin.zh_line,
                        f"{text.origin.key_path}.zh",
                        f"quoted phrase “{phrase}” is neither a glossary term nor listed under "
                        f"'not_terms' in {glossary.file}",
                        Severity.WARNING,
                    )
                )
    return problems
