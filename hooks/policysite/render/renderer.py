"""The renderer of one edition: the model, the interface wording and the helpers every template
uses (the text in the page's language, terms marked, targets and term uses found, links).

Python passes data; templates decide presentation. Every ``{{ }}`` is HTML-escaped
(autoescape), so nothing typed into content can become markup.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from ..content.interface import TEMPLATE_DIR
from ..content.model import Chapter, Paragraph, Report, Site, Target, Term, Text
from ..content.terms import Segment, TermScan
from .editorial import published_site
from .hant import HANT, HantConverter, convert_site
from .strings import ui_strings
from .text import (
    chapter_number,
    escape_markdown_inline,
    escape_text,
    label_text,
    long_date,
    relative_url,
    sentence_cut,
    shorten,
    strip_full_stop,
)

GLOSSARY_URI = "glossary.md"


# Longest <title> per language, in characters: search results cut English titles at about
# 60-70 characters and Chinese ones at about 30-40.
HEAD_TITLE_LIMITS = {"zh": 40, HANT: 40, "en": 69}


@dataclass(frozen=True)
class Occurrence:
    """Where a glossary term is used: a paragraph, section heading or chapter title."""

    report: Report
    chapter: Chapter
    anchor: str
    paragraph: Paragraph | None


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One environment per process: templates compile once, and the loader recompiles a
    template whose file changed (so `mkdocs serve` shows template edits). Page data is passed
    to each render, never stored in the environment."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = escape_markdown_inline
    env.filters["strip_stop"] = strip_full_stop
    env.filters["long_date"] = long_date
    env.filters["escape_text"] = escape_text
    env.filters["sentence_cut"] = sentence_cut
    return env


class PageRenderer:
    """Renders every page of one language.

    The Traditional edition renders the converted site; terms are still found in the
    Simplified (the converter remembers each text's source), so its tooltips sit exactly where
    the Simplified edition's do."""

    def __init__(self, site: Site, lang: str, terms: TermScan | None) -> None:
        self.lang = lang
        self.converter: HantConverter | None = None
        site = published_site(site)
        if lang == HANT:
            site, self.converter = convert_site(site)
            self._hant_terms = {t.id: t for t in site.glossary.terms} if site.glossary else {}
        self.site = site
        self.env = _environment()
        self.context: dict[str, Any] = {}
        all_strings = ui_strings(self.converter)
        self.strings = all_strings[lang]
        self.matcher = terms  # found once per build, shared with the checks and editions
        self.occurrences = self._index_occurrences() if self.matcher else {}
        self.context.update(
            segments=self.segments,
            occurrences=self.occurrences,
            relative_url=relative_url,
            site_url_from=self.site_url_from,
            chapter_uri=chapter_uri,
            target_chapters=target_chapters,
            targets_across_years=self.targets_across_years,
            glossary_uri=GLOSSARY_URI,
            lang=lang,
            other_lang="zh" if lang == "en" else "en",
            t=self.strings,
            t_all=all_strings,
            site=site,
            tr=self.tr,
            shown_lang=self.shown_lang,
            html_lang=self.html_lang,
            target_href=self.target_href,
            label_text=label_text,
            chapter_number=chapter_number,
            head_title=self.head_title,
        )

    def tr(self, text: Text | str | None) -> str:
        """The text in this page's language (English falls back to Chinese)."""
        if text is None or isinstance(text, str):
            return text or ""
        return text.in_language(self.lang)

    def head_title(self, title: str, report: Report | None = None, alone: bool = False) -> str:
        """The short title for the <title> element: the page's, then the report or the site
        (not when ``alone``), within HEAD_TITLE_LIMITS (the page keeps its full title in its
        heading)."""
        limit = HEAD_TITLE_LIMITS[self.lang]
        if alone:
            return shorten(title, limit)
        if report is None:
            suffix = self.strings["head_title_site"]
        else:
            suffix = self.strings["head_title_report"].format(year=report.year)
        return f"{shorten(title, limit - len(suffix) - 3)} · {suffix}"

    def shown_lang(self, text: Text | str) -> str:
        """The language ``tr(text)`` is in (interface strings are always in the page's)."""
        if isinstance(text, str):
            return self.lang
        shown = text.shown_language(self.lang)
        return HANT if shown == "zh" and self.converter else shown

    def _simplified(self, text: str) -> str:
        """The Simplified source of a text of this edition (terms are matched there)."""
        return self.converter.source(text) if self.converter else text

    def segments(self, text: Text, lang: str | None = None) -> list[Segment]:
        """The text in ``lang`` (default: the page's), with the first use of each term marked."""
        lang = lang or self.lang
        shown = text.in_language(lang)
        if self.matcher is None:
            return [Segment(shown)]
        shown_lang = text.shown_language(lang)
        if self.converter is None:
            return self.matcher.segments(shown, shown_lang)
        if shown_lang == "en":
            return [
                Segment(s.text, self._hant_term(s.term)) for s in self.matcher.segments(shown, "en")
            ]
        return [
            Segment(self.converter.convert(s.text), self._hant_term(s.term))
            for s in self.matcher.segments(self._simplified(shown), "zh")
        ]

    def _hant_term(self, term: Term | None) -> Term | None:
        return None if term is None else self._hant_terms[term.id]

    def _index_occurrences(self) -> dict[str, list[Occurrence]]:
        """Every use of every term in the Chinese text, in reading order."""
        assert self.matcher is not None
        found: dict[str, list[Occurrence]] = defaultdict(list)

        def record(text: Text, occurrence: Occurrence) -> None:
            assert self.matcher is not None
            zh = self._simplified(text.zh)
            for term_id in dict.fromkeys(m.term.id for m in self.matcher.find(zh, "zh")):
                found[term_id].append(occurrence)

        for report in self.site.reports:
            for chapter in report.chapters:
                record(chapter.title, Occurrence(report, chapter, chapter.id, None))
                for p in chapter.paragraphs:
                    record(p.text, Occurrence(report, chapter, p.id, p))
                for section in chapter.sections:
                    record(section.heading, Occurrence(report, chapter, section.id, None))
                    for p in section.paragraphs:
                        record(p.text, Occurrence(report, chapter, p.id, p))
        return dict(found)

    def site_url_from(self, uri: str, path: str) -> str:
        """Link from page ``uri`` to ``path`` below the whole site's root (the Chinese site),
        for files shared by both languages such as the open data."""
        to_root = relative_url(uri, "index.md")
        below = "../" if self.lang != "zh" else ""  # the other editions sit one folder down
        return ("" if to_root == "./" else to_root) + below + path

    def targets_across_years(
        self, report: Report
    ) -> tuple[list[int], list[tuple[Target, dict[int, tuple[Report, Target]]]]]:
        """Targets of ``report`` that other reports share (same ID), by year, for comparing."""
        rows = []
        for target in report.targets:
            by_year = {
                other.year: (other, match)
                for other in self.site.reports
                for match in other.targets
                if match.id == target.id
            }
            if len(by_year) > 1:
                rows.append((target, dict(sorted(by_year.items()))))
        years = sorted({year for _, by_year in rows for year in by_year})
        return years, rows

    def target_href(self, report: Report, target: Target) -> str:
        """Link from the report folder to the paragraph stating ``target``."""
        paragraph = report.paragraph(target.paragraph_id)
        assert paragraph is not None  # checked when content is loaded
        return f"{paragraph.chapter_id or 'index'}.md#{paragraph.id}"

    def html_lang(self, code: str) -> str:
        """The ``lang`` tag of text in ``code`` on this edition's pages (all Chinese on the
        Traditional edition is Traditional)."""
        if code in ("zh", HANT) and self.converter is not None:
            return HANT
        return {"zh": "zh-CN", "en": "en"}[code]

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**self.context, **context)


def target_chapters(report: Report) -> list[Chapter]:
    """Chapters that state at least one target, in reading order."""
    used = {report.paragraph(t.paragraph_id).chapter_id for t in report.targets}  # type: ignore[union-attr]
    return [c for c in report.chapters if c.id in used]


def chapter_uri(report: Report, chapter: Chapter) -> str:
    return f"{report.id}/{chapter.id}.md"
