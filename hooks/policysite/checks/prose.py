"""What a reviewer of the English should not have to check by eye: sentences too long to
follow, parentheses inside parentheses, and abbreviations a reader meets before their full form.

- **Sentence length**: no sentence longer than ``MAX_SENTENCE_WORDS`` words. The limit comes
  from the English review of 2026-12-06: the longest sentence of the 13 paragraphs it rated
  ready had 63 words (rfm-15); the six sentences above 70 words (inn-02, 160; mt-01, 92;
  gr-01 and bth-02, 86; rfm-11, 82; bth-01, 80) were all in paragraphs it asked to change,
  and inn-02 was rated MAJOR for its length. A Chinese run of clauses splits into sentences.
- **Nested parentheses**: a parenthesis inside another ("(… (TEDA) …)") is rephrased.
- **Abbreviations**: an abbreviation the phrasebook lists with its full form is written out,
  with the abbreviation in parentheses, before its first bare use on a page ("state-owned
  enterprises (SOEs)"); one listed as ``bare`` may stand alone; one listed nowhere is named.
  Abbreviations inside a glossary name ("TEDA Modern Service District (MSD)") are the
  glossary's: its variants already say where a short form may stand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..content.model import Abbreviation, Glossary, Phrasebook, Report, Text
from ..content.problems import Problem
from ..content.terms import TermScan
from .style import Page, report_pages, warn

MAX_SENTENCE_WORDS = 70

# A sentence ends at . ! or ? (after any closing quotation mark or parenthesis) before a space
# and a capital letter or an opening quotation mark.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”’)]))\s+(?=[“‘(]?[A-Z])")
ABBREVIATION = re.compile(r"(?<![A-Za-z0-9&])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![A-Za-z0-9&])")


def check_prose(
    glossary: Glossary,
    phrasebook: Phrasebook | None,
    reports: Iterable[Report],
    strings: Iterable[Text],
    terms: TermScan,
) -> list[Problem]:
    """Sentence length, nested parentheses and first mentions of abbreviations in every
    English text of the reports, the interface strings and the glossary's definitions."""
    reports = list(reports)
    pages = [page for report in reports for page in report_pages(report)]
    pages += [Page((text,)) for text in strings]
    pages += [Page((term.definition,)) for term in glossary.terms]
    paragraph_ids = {_key(p.text): p.id for report in reports for p in report.all_paragraphs()}
    abbreviations = {a.short: a for a in phrasebook.abbreviations} if phrasebook else None
    problems: list[Problem] = []
    for page in pages:
        for text in page.texts:
            if text.has_english:
                problems += check_sentences(text, paragraph_ids.get(_key(text)))
                problems += check_parentheses(text)
        if abbreviations is not None and phrasebook is not None:
            problems += check_abbreviations(page, abbreviations, terms, phrasebook.file)
    return problems


def sentences(english: str) -> list[str]:
    """The sentences of an English text."""
    return [s for s in SENTENCE_END.split(english) if s.strip()]


def check_sentences(text: Text, paragraph_id: str | None) -> list[Problem]:
    problems = []
    found = sentences(text.en.text)
    for number, sentence in enumerate(found, 1):
        words = len(sentence.split())
        if words > MAX_SENTENCE_WORDS:
            which = f"sentence {number} of {len(found)}" if len(found) > 1 else "the sentence"
            of = f" of paragraph '{paragraph_id}'" if paragraph_id else ""
            problems.append(
                warn(
                    text,
                    f"{which}{of} has {words} words (at most {MAX_SENTENCE_WORDS}): split it "
                    f"where the Chinese runs its clauses (it begins '{_opening(sentence)}')",
                )
            )
    return problems


def check_parentheses(text: Text) -> list[Problem]:
    problems = []
    for outer, inner in _nested(text.en.text):
        problems.append(
            warn(
                text,
                f"nested parentheses: '{inner}' inside '{_opening(outer)}': rephrase so that "
                "no parenthesis holds another (a list after a colon, or a sentence of its own)",
            )
        )
    return problems


def _nested(english: str) -> Iterator[tuple[str, str]]:
    """(outer, inner) for each parenthesis opened inside another."""
    if english.count("(") < 2:  # most texts: nothing can be nested (read on every build)
        return
    opened: list[int] = []
    for index, char in enumerate(english):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            start = opened.pop()
            if opened:
                yield english[opened[-1] :], english[start : index + 1]


def check_abbreviations(
    page: Page, known: dict[str, Abbreviation], terms: TermScan, phrasebook_file: str
) -> list[Problem]:
    """The first bare use of each abbreviation on the page follows its full form."""
    problems = []
    introduced: set[str] = set()
    named: set[str] = set()  # abbreviations listed nowhere, named once per page
    for text in page.texts:
        if not text.has_english:
            continue
        english = text.en.text
        names = [(m.start, m.end) for m in terms.find(english, "en")]
        for found in ABBREVIATION.finditer(english):
            if any(start <= found.start() < end for start, end in names):
                continue
            short = found.group(1)
            entry = known.get(short)
            if entry is None:
                if short not in named:
                    named.add(short)
                    problems.append(
                        warn(
                            text,
                            f"abbreviation '{short}' is not in {phrasebook_file}: add it under "
                            "abbreviations, with its full form (full) or why it may stand "
                            "alone (bare)",
                        )
                    )
                continue
            if entry.full is None or short in introduced:
                continue
            if _introduced_before(english, entry, found.start()):
                introduced.add(short)
                continue
            introduced.add(short)  # one warning per page
            problems.append(
                warn(
                    text,
                    f"'{found.group(0)}' is the first mention of '{short}' on the page, "
                    f"without its full form: write '{entry.full} ({short})' here (and the "
                    "plural with -s on both), then the abbreviation",
                )
            )
    return problems


def _introduced_before(english: str, entry: Abbreviation, position: int) -> bool:
    assert entry.full is not None
    pattern = rf"(?i:{re.escape(entry.full)})s?\s*\(\s*{re.escape(entry.short)}s?\)"
    return any(m.start() <= position for m in re.finditer(pattern, english))


def _opening(sentence: str, words: int = 8) -> str:
    """The first few words of a sentence, to find it by."""
    parts = sentence.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _key(text: Text) -> tuple[str, int, str]:
    return (text.origin.file, text.origin.line, text.origin.key_path)
