"""The renderer of one edition: the model, the interface wording and the helpers every template
uses (the text in the page's language, terms marked, targets and term uses found, links).

Python passes data; templates decide presentation. Every ``{{ }}`` is HTML-escaped
(autoescape), so nothing typed into content can become markup.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup

from ..content import layout
from ..content.interface import TEMPLATE_DIR
from ..content.model import (
    Chapter,
    Outcome,
    OutcomeSource,
    Paragraph,
    Report,
    Site,
    Target,
    Term,
    Text,
    Topic,
)
from ..content.outcomes import outcome_status
from ..content.terms import Segment, TermScan
from .bytecode import THEME_TEMPLATES
from .editorial import published_site
from .hant import HANT, HantConverter, convert_site
from .indicators import Chart, Series, chart_layout, indicator_series, indicator_uri
from .opendata import outcome_records
from .strings import ui_strings
from .text import (
    chapter_number,
    escape_text,
    label_text,
    long_date,
    markdown_text,
    relative_url,
    sentence_cut,
    shorten,
    strip_full_stop,
)

GLOSSARY_URI = f"{layout.GLOSSARY_PAGE}.md"
TOPICS_URI = f"{layout.TOPICS_DIR}/index.md"


def topic_uri(topic: Topic) -> str:
    return f"{layout.TOPICS_DIR}/{topic.id}.md"


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
    """One environment per process: templates compile once (in a warm build, not at all), and
    the loader recompiles a template whose file changed (so `mkdocs serve` shows template
    edits). Page data is passed to each render, never stored in the environment."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=THEME_TEMPLATES,  # compiled once, and kept for the next build
    )
    env.filters["md"] = markdown_text
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
        given = (site.glossary, site.publisher, terms.glossary if terms else None)
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
        self.topics_by_paragraph = site.paragraph_topics()
        self.series = indicator_series(site)
        self._series_of = {s.indicator.id: s for s in self.series}
        self.context.update(
            segments=self.segments,
            occurrences=self.occurrences,
            relative_url=relative_url,
            site_url_from=self.site_url_from,
            chapter_uri=chapter_uri,
            target_chapters=target_chapters,
            targets_across_years=self.targets_across_years,
            by_year_columns=BY_YEAR_COLUMNS,
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
            open_data_sizes=self.open_data_sizes,
            paragraph_topics=self.paragraph_topics,
            topic_uri=topic_uri,
            topics_uri=TOPICS_URI,
            topic_paragraphs=self.topic_paragraphs,
            topic_targets=self.topic_targets,
            topic_count=self.topic_count,
            status_of=outcome_status,
            outcome_text=self.outcome_text,
            value_text=self.value_text,
            series_of=self._series_of.get,
            report_series=self.report_series,
            indicator_uri=indicator_uri,
            chart=self.chart,
            outcome_sources=outcome_sources,
            source_number=source_number,
            target_url=self.target_url,
            cited=self.cited,
            shown_paragraph=self.shown_paragraph,
            topic_paragraph=self.topic_paragraph,
        )
        self._citations: dict[tuple[str, str | None, str], str] = {}
        self._topic_paragraphs: dict[tuple[str, str, str], Markup] = {}
        self._paragraphs = _KeptParagraphs.of(self, (lang, all_strings, given))

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

    def open_data_sizes(self, report: Report) -> dict[str, int]:
        """How many records each open-data file of the About page holds."""
        return {
            "paragraphs": sum(1 for _ in report.all_paragraphs()),
            "targets": len(report.targets),
            **self._site_data_sizes,
        }

    @cached_property
    def _site_data_sizes(self) -> dict[str, int]:
        """The sizes of the files for the whole site, counted once per edition, not on each
        report's About page (the outcomes and topic pairs of every report)."""
        site = self.site
        published = {report.id for report in site.reports}
        pairs = self.topics_by_paragraph.items()  # each (paragraph, topic) pair once
        return {
            "outcomes": len(outcome_records(site)) if site.indicators else 0,
            "glossary": len(site.glossary.terms) if site.glossary else 0,
            "topics": len(site.topics),
            "paragraph-topics": sum(len(ts) for (rid, _), ts in pairs if rid in published),
        }

    def paragraph_topics(self, report: Report, paragraph: Paragraph) -> list[Topic]:
        """The topics a paragraph belongs to, in the order of topics.yml."""
        return self.topics_by_paragraph.get((report.id, paragraph.id), [])

    def topic_paragraphs(
        self, topic: Topic
    ) -> list[tuple[Report, list[tuple[Chapter, list[Paragraph]]]]]:
        """The topic's paragraphs by report (newest first), then chapter, in reading order."""
        return self._paragraphs_by_topic.get(topic.id, [])

    @cached_property
    def _paragraphs_by_topic(
        self,
    ) -> dict[str, list[tuple[Report, list[tuple[Chapter, list[Paragraph]]]]]]:
        """``topic_paragraphs`` of every topic, from one walk through the paragraphs: a topic
        page and the index ask for each topic's (at 50 reports, asking each topic about every
        paragraph took 0.2 s of a warm build under cProfile)."""
        found: dict[str, list[tuple[Report, list[tuple[Chapter, list[Paragraph]]]]]] = {}
        for report in self.site.reports:
            in_report: dict[str, list[tuple[Chapter, list[Paragraph]]]] = {}
            for chapter in report.chapters:
                for p in chapter.all_paragraphs():
                    for topic in self.paragraph_topics(report, p):
                        chapters = in_report.setdefault(topic.id, [])
                        if not chapters or chapters[-1][0] is not chapter:
                            chapters.append((chapter, []))
                        chapters[-1][1].append(p)
            for topic_id, chapters in in_report.items():
                found.setdefault(topic_id, []).append((report, chapters))
        return found

    def topic_count(self, topic: Topic) -> int:
        """How many paragraphs of the published reports the topic has."""
        return sum(len(ps) for _, chapters in self.topic_paragraphs(topic) for _, ps in chapters)

    def topic_targets(self, topic: Topic, report: Report) -> list[Target]:
        wanted = {e.item_id for e in topic.targets if e.report_id == report.id}
        return [target for target in report.targets if target.id in wanted]

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
        """Targets of ``report`` that other reports share (same indicator, or same ID where
        one names no indicator), by year, for comparing: in the BY_YEAR_COLUMNS years nearest
        the report's (a column per year of every report made pages unreadable, and the
        build grow with the square of the reports; indicator pages show every year)."""
        by_indicator, by_id = self._targets_by_measure
        shown = nearest_years(sorted({r.year for r in self.site.reports}), report.year)
        rows = []
        for target in report.targets:
            # the same measure: the same indicator where both name one, else the same ID
            same = by_id[target.id]
            if target.indicator is not None:
                same = [e for e in same if e[3].indicator is None] + by_indicator[target.indicator]
            # the last match of a year in report and target order, as a scan would find
            ordered = sorted(same, key=lambda e: e[:2])
            by_year = {o.year: (o, match) for _, _, o, match in ordered if o.year in shown}
            if len(by_year) > 1:
                rows.append((target, dict(sorted(by_year.items()))))
        years = sorted({year for _, by_year in rows for year in by_year})
        return years, rows

    @cached_property
    def _targets_by_measure(self) -> tuple[_Matches, _Matches]:
        """Every report's targets by indicator (those naming one) and by ID (all): a table
        across years looks up its rows here instead of scanning every report's targets."""
        by_indicator: _Matches = defaultdict(list)
        by_id: _Matches = defaultdict(list)
        for r_index, other in enumerate(self.site.reports):
            for t_index, match in enumerate(other.targets):
                entry = (r_index, t_index, other, match)
                by_id[match.id].append(entry)
                if match.indicator is not None:
                    by_indicator[match.indicator].append(entry)
        return by_indicator, by_id

    def value_text(self, value: float | Decimal, unit: str) -> str:
        """A number as pages show it: 5.5%, and thousands with commas in English."""
        number = Decimal(str(value)).normalize()
        text = format(number, ",f" if self.lang == "en" else "f")
        return text + "%" if unit == "percent" else text

    def outcome_text(self, outcome: Outcome | None) -> str:
        """The outcome as a table cell shows it: its number, or its words."""
        if outcome is None:
            return self.strings["outcome_not_published"]
        if outcome.value is not None:
            return self.value_text(outcome.value, outcome.unit)
        if outcome.statement is not None:
            return self.tr(outcome.statement)
        return self.strings[f"status_reported-{outcome.reported}"]

    def chart(self, series: Series) -> Chart:
        """The chart of ``series``, its labels exactly as the table writes them."""
        targets = {
            y.year: self.tr(y.target.figure) if y.target else self.strings["chart_no_target"]
            for y in series.years
        }
        outcomes = {y.year: self.outcome_text(y.outcome) for y in series.years}
        return chart_layout(
            series, targets, outcomes, lambda v: self.value_text(v, series.indicator.unit)
        )

    def target_href(self, report: Report, target: Target) -> str:
        """Link from the report folder to the paragraph stating ``target``."""
        paragraph = report.paragraph(target.paragraph_id)
        assert paragraph is not None  # checked when content is loaded
        return f"{paragraph.chapter_id or 'index'}.md#{paragraph.id}"

    def report_series(self, report: Report) -> list[Series]:
        """The indicator pages of ``report``'s targets, in the targets' order."""
        found = [self._series_of.get(t.indicator or "") for t in report.targets]
        # By identity: hashing a series hashes every year of it (a third of a 10-report build)
        return [s for s in {id(s): s for s in found}.values() if s is not None]

    def target_url(self, from_uri: str, report: Report, target: Target) -> str:
        """Link from page ``from_uri`` to the paragraph stating ``target``, for raw HTML."""
        chapter_md, anchor = self.target_href(report, target).split("#")
        return f"{relative_url(from_uri, report.id + '/' + chapter_md)}#{anchor}"

    def html_lang(self, code: str) -> str:
        """The ``lang`` tag of text in ``code`` on this edition's pages (all Chinese on the
        Traditional edition is Traditional)."""
        if code in ("zh", HANT) and self.converter is not None:
            return HANT
        return {"zh": "zh-CN", "en": "en"}[code]

    def cited(self, report: Report, chapter: Chapter | None, paragraph: Paragraph) -> str:
        """The citation of ``paragraph`` (the ``citation_text`` macro), made once per edition."""
        key = (report.id, chapter.id if chapter else None, paragraph.id)
        if key not in self._citations:
            self._citations[key] = self._macros.citation_text(report, chapter, paragraph)
        return self._citations[key]

    def shown_paragraph(
        self, p: Paragraph, uri: str, chapter: Chapter | None, report: Report
    ) -> Markup:
        """The ``paragraph`` macro's HTML of ``p`` on page ``uri``, made again only when
        something it shows changed since the last edition rendered (``_KeptParagraphs``).
        The page counts only by the addresses the paragraph links to from it (the
        glossary's, its topics'): its chapter page and the full text, at the same depth,
        share one HTML, made once per edition."""
        found = self.paragraph_topics(report, p)
        topics = tuple((t.id, self.tr(t.name)) for t in found)
        links = tuple(relative_url(uri, to) for to in (GLOSSARY_URI, *map(topic_uri, found)))
        source = self._simplified(p.text.zh)  # the Traditional's terms are found in it
        key = (p, links, self.cited(report, chapter, p), topics, source)
        return self._paragraphs.get(key, lambda: self._macros.paragraph(p, uri, chapter, report))

    def topic_paragraph(self, p: Paragraph, uri: str, chapter: Chapter, report: Report) -> Markup:
        """The ``topic_paragraph`` macro's HTML of ``p`` on the topic page ``uri``, made once per
        edition: every topic page is at the same depth, so a paragraph on several topics' pages
        links to its place by the same address and has one HTML."""
        place = f"{relative_url(uri, chapter_uri(report, chapter))}#{p.id}"
        key = (report.id, p.id, place)
        html = self._topic_paragraphs.get(key)
        if html is None:
            html = self._topic_paragraphs[key] = self._macros.topic_paragraph(
                p, chapter, report, place
            )
        return html

    @cached_property
    def _macros(self) -> Any:
        return self.env.get_template("_macros.md.j2").make_module(self.context)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**self.context, **context)


class _KeptParagraphs:
    """Paragraphs' HTML as the ``paragraph`` macro made it, kept from one rendering of an
    edition to the next (under `mkdocs serve`, from one save to the next: an edit changes a
    few paragraphs; a chapter page and the full text show every one of them).

    A kept paragraph is reused only when everything the macro reads is the same: the key of
    ``shown_paragraph`` holds its arguments' values (the paragraph with its text and number,
    the addresses it links to from the page, the citation, the topics and their names, the
    Simplified text a Traditional one's terms are found in); the edition's key holds the rest,
    the language, the interface
    wording, the glossary and the publisher (the tooltips, the Traditional conversion), and
    the macros' template, by identity (Jinja compiles an edited template again). When the
    edition's key changes, nothing is reused. Only the paragraphs of the last rendering are
    kept."""

    _last: ClassVar[dict[str, tuple[str, Any, _KeptParagraphs]]] = {}  # by language

    def __init__(self, previous: dict[Any, Markup]) -> None:
        self.previous = previous  # the last rendering's, when its edition's key was the same
        self.now: dict[Any, Markup] = {}
        self.made = 0  # paragraphs made afresh in this rendering (not kept)

    @classmethod
    def of(cls, renderer: PageRenderer, values: Any) -> _KeptParagraphs:
        edition = hashlib.sha256(repr(values).encode()).hexdigest()
        template = renderer.env.get_template("_macros.md.j2")
        last = cls._last.get(renderer.lang)
        same = last is not None and last[0] == edition and last[1] is template
        kept = cls(last[2].now if same and last is not None else {})
        cls._last[renderer.lang] = (edition, template, kept)
        return kept

    def get(self, key: Any, make: Callable[[], Markup]) -> Markup:
        html = self.now.get(key)
        if html is None:
            html = self.previous.get(key)
            if html is None:
                html, self.made = make(), self.made + 1
            self.now[key] = html
        return html


BY_YEAR_COLUMNS = 5  # years a targets page compares at most


def nearest_years(years: list[int], year: int) -> set[int]:
    """Of the sorted ``years``, ``year`` and those just before it, BY_YEAR_COLUMNS in all
    (filled with the years just after it when too few come before)."""
    before = [y for y in years if y <= year][-BY_YEAR_COLUMNS:]
    after = [y for y in years if y > year][: BY_YEAR_COLUMNS - len(before)]
    return set(before + after)


_Matches = defaultdict[str, list[tuple[int, int, Report, Target]]]


def outcome_sources(outcomes: list[Outcome | None]) -> list[OutcomeSource]:
    """The distinct sources of ``outcomes``, in order of first use (a page lists each once)."""
    found: list[OutcomeSource] = []
    for outcome in outcomes:
        if outcome is not None and _citation(outcome.source) not in map(_citation, found):
            found.append(outcome.source)
    return found


def source_number(sources: list[OutcomeSource], source: OutcomeSource) -> int:
    """The 1-based place of ``source`` in a list from ``outcome_sources``."""
    return [_citation(s) for s in sources].index(_citation(source)) + 1


def _citation(source: OutcomeSource) -> tuple[str, str, str, str | None]:
    return (source.publisher.zh, source.title, source.date, source.url)


def target_chapters(report: Report) -> list[Chapter]:
    """Chapters that state at least one target, in reading order."""
    used = {report.paragraph(t.paragraph_id).chapter_id for t in report.targets}  # type: ignore[union-attr]
    return [c for c in report.chapters if c.id in used]


def chapter_uri(report: Report, chapter: Chapter) -> str:
    return f"{report.id}/{chapter.id}.md"
