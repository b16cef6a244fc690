"""House style of the English and term consistency, checked on every English text.

The glossary is the one source: each term's main rendering (``en``), its variants with the
condition under which each may stand in (``en_variants[].use``), and the ``house_style``
section (forms to avoid, British spellings kept on purpose). Checked here:

- British spellings, from breame's maintained British/American word list (PyPI), less the
  spellings the glossary's ``house_style.allowed_spellings`` keeps;
- forms the house style avoids (``house_style.avoid``: "opening-up", "GE Healthcare"), and
  dates written day-first ("10 January 2024");
- every text whose Chinese uses a glossary term renders it, in paragraphs, section headings,
  chapter titles, short titles, summaries, target labels, report metadata, glossary
  category names and interface strings;
- a variant only where its condition holds: ``after-first-mention`` once the main rendering
  has appeared earlier on the same page (a chapter page reads title, headings and paragraphs
  in order; every other text stands alone), ``quoted`` where the Chinese quotes the term,
  ``elsewhere`` never;
- a target label renders each term as the paragraph it points to does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from breame.spelling import british_spelling_exists, get_american_spelling

from ..content.interface import STRINGS_FILE, STRINGS_PATH
from ..content.model import NEVER_WRITTEN, Avoid, English, Glossary, Origin, Report, Term, Text
from ..content.problems import Problem, Severity
from ..content.terms import Match, TermScan
from ..content.textutil import MONTHS
from ..content.yamlio import parsed_once

WORD = re.compile(r"[A-Za-z]+")
DAY_FIRST_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")


@dataclass(frozen=True)
class Page:
    """Texts a reader sees together, in reading order: a variant allowed after the first
    mention needs the main rendering earlier in the same page."""

    texts: tuple[Text, ...]


def check_style(
    glossary: Glossary, reports: Iterable[Report], strings: Iterable[Text], terms: TermScan
) -> list[Problem]:
    """Every house-style and term-consistency warning for the reports, the glossary's own
    English and the interface strings."""
    reports = list(reports)
    pages = [page for report in reports for page in report_pages(report)]
    pages += [Page((category.name,)) for category in glossary.categories]
    pages += [Page((text,)) for text in strings]
    problems: list[Problem] = []
    for page in pages:
        problems += check_page_terms(terms, page)
        for text in page.texts:
            problems += check_wording(glossary, text)
    for term in glossary.terms:
        problems += check_page_terms(terms, Page((term.definition,)), definition_of=term)
        problems += check_wording(glossary, term.definition)
        problems += check_wording(glossary, _renderings(term))
    for report in reports:
        problems += check_target_labels(terms, report)
    return problems


def report_pages(report: Report) -> Iterator[Page]:
    """The report's English texts grouped as the site shows them."""
    for chapter in report.chapters:
        yield Page(tuple(chapter.texts()))
        yield Page((chapter.short_title,))
        if chapter.summary:
            yield Page((chapter.summary,))
    yield Page((report.title,))
    yield from (Page((text,)) for text in report.front_texts())


def check_page_terms(
    terms: TermScan, page: Page, definition_of: Term | None = None
) -> list[Problem]:
    """Each text renders the terms its Chinese uses; variants only where their use holds.

    A glossary definition (``definition_of`` its term) is a tooltip of its own: it paraphrases
    rather than renders, and may name its own term's variants, but any other term's variant
    needs its condition there too."""
    problems = []
    introduced: set[str] = set()  # terms whose main rendering appeared earlier on the page
    for text in page.texts:
        if not text.has_english:
            continue
        zh_matches = terms.find(text.zh, "zh")
        en_matches = terms.find(text.en.text, "en")
        rendered = {m.term.id for m in en_matches}
        for term in dict.fromkeys(m.term for m in zh_matches):
            if term.id not in rendered and definition_of is None:
                problems.append(warn(text, _missing_message(term)))
        for match in en_matches:
            term, form = match.term, text.en.text[match.start : match.end]
            variant = term.variant(form)
            if definition_of is not None and term.id == definition_of.id:
                continue
            if variant is None:
                introduced.add(term.id)
                continue
            message = _variant_message(term, form, variant.use, text, zh_matches, introduced)
            if message:
                problems.append(warn(text, message))
            elif variant.use == "quoted":
                introduced.add(term.id)
    return problems


def _missing_message(term: Term) -> str:
    return (
        f"the Chinese uses the glossary term '{term.zh}' but the English has none of its "
        f"renderings: use '{term.en}'"
        + (
            " (or a variant where its condition holds: "
            + "; ".join(
                f"'{v.text}' {v.use}" for v in term.en_variants if v.use not in NEVER_WRITTEN
            )
            + ")"
            if any(v.use not in NEVER_WRITTEN for v in term.en_variants)
            else ""
        )
    )


def _variant_message(
    term: Term, form: str, use: str, text: Text, zh_matches: list[Match], introduced: set[str]
) -> str | None:
    """Why the variant ``form`` may not stand here, or None when its condition holds."""
    where = f"'{form}' is a variant of the glossary term '{term.zh}'"
    if use == "elsewhere":
        return (
            f"{where} that other publications use, not this site (en_variants: elsewhere); "
            f"use '{term.en}'"
        )
    if use == "unconfirmed":
        return (
            f"{where} that no source confirms (en_variants: unconfirmed; confidence: "
            f"{term.confidence}): the site does not write it as if it were the name; write "
            f"'{term.en}'"
        )
    if use == "after-first-mention" and term.id not in introduced:
        return (
            f"{where} allowed only after the first mention (en_variants: after-first-mention), "
            f"but this is the first mention on the page; write '{term.en}' here"
        )
    if use == "quoted" and not any(
        m.term.id == term.id and "“" in text.zh[max(m.start - 1, 0) : m.end] for m in zh_matches
    ):
        return (
            f"{where} allowed only where the Chinese quotes the term (en_variants: quoted), "
            f"and the Chinese here does not; write '{term.en}'"
        )
    return None


def check_target_labels(terms: TermScan, report: Report) -> list[Problem]:
    """A target label renders each term as the paragraph it points to does (or by the main
    rendering, where the paragraph uses a short form after the first mention)."""
    problems = []
    for target in report.targets:
        paragraph = report.paragraph(target.paragraph_id)
        label = target.what
        if paragraph is None or not label.has_english or not paragraph.text.has_english:
            continue
        forms: dict[str, set[str]] = {}
        for match in terms.find(paragraph.text.en.text, "en"):
            forms.setdefault(match.term.id, set()).add(
                paragraph.text.en.text[match.start : match.end].casefold()
            )
        for match in terms.find(label.en.text, "en"):
            form = label.en.text[match.start : match.end]
            used = forms.get(match.term.id)
            if used and form.casefold() not in used and match.term.variant(form) is not None:
                theirs = "', '".join(sorted(used))
                problems.append(
                    warn(
                        label,
                        f"the label renders the glossary term '{match.term.zh}' as '{form}', "
                        f"but paragraph '{paragraph.id}' it points to writes '{theirs}'; use "
                        "the paragraph's rendering",
                    )
                )
    return problems


def british_spellings(english: str, allowed: Iterable[str]) -> dict[str, str]:
    """Each British spelling in ``english`` (breame's list, less the ``allowed`` ones) and its
    American form, in the case found ("Centre": "Center"): what the house style flags."""
    kept = {word.casefold() for word in allowed}
    found = {}
    for word in dict.fromkeys(WORD.findall(english)):
        if word.casefold() not in kept and british_spelling_exists(word):
            american = get_american_spelling(word)
            if word.isupper() and len(word) > 1:
                american = american.upper()
            elif word[0].isupper():
                american = american[:1].upper() + american[1:]
            found[word] = american
    return found


def american_spelling(english: str, allowed: Iterable[str]) -> str:
    """``english`` with every spelling ``british_spellings`` flags written the American way."""
    spellings = british_spellings(english, allowed)
    return WORD.sub(lambda word: spellings.get(word.group(), word.group()), english)


def check_wording(glossary: Glossary, text: Text) -> list[Problem]:
    """British spellings, forms the house style avoids, and day-first dates in one English text."""
    if not text.has_english:
        return []
    return list(_wording(glossary.file, glossary.allowed_spellings, glossary.avoid, text))


@lru_cache(maxsize=16384)
def _wording(
    file: str, allowed: tuple[str, ...], avoid: tuple[Avoid, ...], text: Text
) -> tuple[Problem, ...]:
    """``check_wording``'s problems, from everything they depend on: kept for the same text
    (with its lines) and house style (under `mkdocs serve`, the texts a save did not change
    are not checked again)."""
    english = text.en.text
    problems = []
    for word, american in british_spellings(english, allowed).items():
        problems.append(
            warn(
                text,
                f"British spelling '{word}': the house style is American ('{american}'); "
                f"a spelling kept on purpose goes under house_style.allowed_spellings in "
                f"{file}",
            )
        )
    for avoided in avoid:
        for form in dict.fromkeys((avoided.text, avoided.text[:1].upper() + avoided.text[1:])):
            if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", english):
                problems.append(
                    warn(text, f"house style: write '{avoided.use}', not '{form}' ({avoided.why})")
                )
    for found in DAY_FIRST_DATE.finditer(english):
        day, month, year = found.groups()
        problems.append(
            warn(
                text,
                f"house style: write dates month first ('{month} {day}, {year}'), "
                f"not '{found.group(0)}'",
            )
        )
    return tuple(problems)


def interface_texts() -> list[Text]:
    """The English interface strings (templates/strings.yml), each with its Chinese and line."""
    loaded = parsed_once(STRINGS_PATH.read_text(encoding="utf-8"), STRINGS_FILE)
    if isinstance(loaded, Problem) or not isinstance(loaded.data, dict):
        return []  # a template bug: ui_strings() reports it when the site is rendered
    zh, en = loaded.data.get("zh") or {}, loaded.data.get("en") or {}
    texts = []
    for key, value in en.items():
        line = loaded.line_of(("en", key))
        texts.append(
            Text(
                zh=str(zh.get(key, "")),
                en=English(status="edited", text=str(value)),
                origin=Origin(STRINGS_FILE, line, f"en.{key}", en_line=line),
            )
        )
    return texts


def _renderings(term: Term) -> Text:
    """The renderings the site may use for ``term``, as one text for the wording checks."""
    forms = [term.en, term.label or ""]
    forms += [v.text for v in term.en_variants if v.use not in NEVER_WRITTEN]
    origin = term.origin
    return Text(
        term.zh,
        English("edited", "; ".join(form for form in forms if form)),
        Origin(origin.file, origin.line, origin.key_path, en_line=origin.line),
    )


def warn(text: Text, message: str) -> Problem:
    origin = text.origin
    return Problem(
        origin.file,
        origin.en_line or origin.line,
        f"{origin.key_path}.en" if not origin.key_path.startswith("en.") else origin.key_path,
        message,
        Severity.WARNING,
    )
