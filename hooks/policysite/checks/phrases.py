"""The phrasebook (content/phrasebook.yml) against the English: one rendering per phrase.

Every English text whose Chinese holds a phrase uses its rendering (or one of its forms) and
none of the forms to avoid: paragraphs, headings, titles, short titles, summaries, target
labels, report metadata and interface strings, the texts the glossary's term check reads.
Inside a glossary term the glossary decides (高水平 in 高质量发展和高水平安全). A phrase no
report uses is named, unless it is kept as ``background``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..content.model import Phrase, Phrasebook, Report, Text
from ..content.problems import Problem, Severity
from ..content.terms import TermScan
from .style import report_pages, warn


def check_phrases(
    phrasebook: Phrasebook, reports: Iterable[Report], strings: Iterable[Text], terms: TermScan
) -> list[Problem]:
    """Every phrasebook warning for the reports' English texts and the interface strings."""
    texts = [text for report in reports for page in report_pages(report) for text in page.texts]
    texts += list(strings)
    problems: list[Problem] = []
    used: set[str] = set()
    for text in texts:
        for phrase in phrasebook.phrases:
            if not _holds(text.zh, phrase.zh, terms):
                continue
            used.add(phrase.zh)
            if text.has_english:
                problems += _check_rendering(text, phrase, phrasebook.file)
    for phrase in phrasebook.phrases:
        if phrase.zh not in used and not phrase.background:
            problems.append(
                Problem(
                    phrasebook.file,
                    phrase.origin.line,
                    f"{phrase.origin.key_path}.zh",
                    f"'{phrase.zh}' occurs in no report text; remove the entry, or keep a "
                    "standing formula with 'background: true'",
                    Severity.WARNING,
                )
            )
    return problems


def _holds(zh: str, phrase: str, terms: TermScan) -> bool:
    """Whether ``zh`` holds ``phrase`` outside every glossary term."""
    if phrase not in zh:
        return False
    spans = [(m.start, m.end) for m in terms.find(zh, "zh")]
    return any(
        not any(start <= at and at + len(phrase) <= end for start, end in spans)
        for at in (m.start() for m in re.finditer(re.escape(phrase), zh))
    )


def _check_rendering(text: Text, phrase: Phrase, file: str) -> list[Problem]:
    english = text.en.text
    problems = []
    if not any(_contains(english, form) for form in phrase.renderings):
        forms = "', '".join(phrase.forms)
        also = f" (or '{forms}')" if phrase.forms else ""
        problems.append(
            warn(
                text,
                f"the Chinese holds '{phrase.zh}', which the phrasebook renders "
                f"'{phrase.en}'{also}; the English has no such rendering ({file})",
            )
        )
    for avoid in phrase.avoid:
        if _contains(english, avoid.text):
            problems.append(
                warn(
                    text,
                    f"'{avoid.text}' renders '{phrase.zh}' as the phrasebook avoids: write "
                    f"'{phrase.en}' ({avoid.why})",
                )
            )
    return problems


def _contains(english: str, form: str) -> bool:
    """``form`` as whole words, without regard to case."""
    return re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", english, re.IGNORECASE) is not None
