"""The content model: frozen dataclasses built from validated YAML."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from . import punctuation

Status = Literal["machine", "edited", "approved", "missing"]
STATUSES: tuple[Status, ...] = ("machine", "edited", "approved", "missing")


@dataclass(frozen=True)
class Origin:
    """Where a piece of content was written: repository-relative file, 1-based line, key path."""

    file: str
    line: int
    key_path: str
    zh_line: int = 0  # for texts: the lines of their 'zh' and 'en' keys
    en_line: int = 0


@dataclass(frozen=True)
class English:
    """An English text with its provenance."""

    status: Status
    text: str = ""
    zh_hash: str | None = None
    provider: str | None = None
    date: str | None = None
    edited_by: str | None = None
    revised_on: str | None = None
    approved_by: str | None = None
    approved_on: str | None = None


@dataclass(frozen=True)
class Text:
    """A Chinese text and its English translation."""

    zh: str
    en: English
    origin: Origin
    stale: bool = False  # the Chinese changed after the English was written

    @property
    def has_english(self) -> bool:
        return self.en.status != "missing" and bool(self.en.text)

    @property
    def provenance(self) -> str:
        """missing, stale, or the English's status: what readers and the coverage report see."""
        if not self.has_english:
            return "missing"
        return "stale" if self.stale else self.en.status

    def in_language(self, lang: str) -> str:
        """The text for ``lang``; English falls back to the Chinese when missing."""
        if lang == "en" and self.has_english:
            return self.en.text
        return self.zh

    def shown_language(self, lang: str) -> str:
        """Which language ``in_language(lang)`` actually returns."""
        return "en" if lang == "en" and self.has_english else "zh"


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: Text
    number: int  # position in the whole report, 1-based: what citations quote
    chapter_id: str
    section_id: str | None


@dataclass(frozen=True)
class Section:
    id: str
    heading: Text
    paragraphs: tuple[Paragraph, ...]
    label: str = ""  # the number the source writes before the heading: （一）
    level: int = 2  # 3 or 4 for a sub-section of the section above


@dataclass(frozen=True)
class Chapter:
    id: str
    number: int
    file: str
    title: Text
    short_title: Text
    summary: Text | None
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    label: str = ""  # the number the source writes before the title: 二、 or 第一部分

    def all_paragraphs(self) -> Iterator[Paragraph]:
        yield from self.paragraphs
        for section in self.sections:
            yield from section.paragraphs

    def texts(self) -> Iterator[Text]:
        """Every text of the chapter in reading order, title first."""
        yield self.title
        yield from (p.text for p in self.paragraphs)
        for section in self.sections:
            yield section.heading
            yield from (p.text for p in section.paragraphs)

    def source_pieces(self) -> Iterator[tuple[Text, str]]:
        """Every text with the Chinese as the source writes it (headings with their label)."""
        yield self.title, self.label + self.title.zh
        yield from ((p.text, p.text.zh) for p in self.paragraphs)
        for section in self.sections:
            yield section.heading, section.label + section.heading.zh
            yield from ((p.text, p.text.zh) for p in section.paragraphs)


@dataclass(frozen=True)
class Correction:
    """A recorded editorial correction: one replacement (``original`` -> ``corrected``), or a
    ``rule`` applied throughout the report's text (``punctuation.RULE``)."""

    original: str
    corrected: str
    reason: Text
    recorded_on: str | None = None
    rule: str | None = None

    @property
    def shown(self) -> tuple[str, str]:
        """The text before and after, as the About page and the feed show it (for a rule,
        the marks it changes)."""
        if self.rule == punctuation.RULE:
            return punctuation.SHOWN
        return self.original, self.corrected


@dataclass(frozen=True)
class Source:
    publisher: Text
    url: str
    published: str
    note: Text | None
    url_line: int = 0  # where the address is written, for the link checks


@dataclass(frozen=True)
class OutcomeSource:
    """The publication reporting an outcome. ``url`` is the original's address (shown as a
    link); without it the site says the original was not found online. ``quote`` (the source's
    own words) is for the checks; ``copy_url`` is for editors and never published."""

    publisher: Text
    title: str
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    url: str | None = None
    quote: str | None = None
    date_line: int = 0
    url_line: int = 0
    quote_line: int = 0


@dataclass(frozen=True)
class Outcome:
    """What was later reported for a target or an indicator in ``period``. A number
    (``value``, ``unit``), or for a target without a number of its own, words (``statement``)
    and whether the source reports it met (``reported``). Its status is derived
    (``content.outcomes.outcome_status``), never stored."""

    period: int
    value: float | None
    unit: str
    source: OutcomeSource
    origin: Origin  # the 'outcome' mapping: file, line, key path
    reported: str | None = None  # "met" | "not-met", as the source reports
    statement: Text | None = None
    unit_line: int = 0
    period_line: int = 0


@dataclass(frozen=True)
class Indicator:
    """What targets measure, the same from year to year (content/indicators.yml), with
    outcomes of years whose report is not on the site (``earlier``)."""

    id: str
    name: Text
    unit: str
    origin: Origin
    earlier: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class Target:
    """A quantified target, tied to the paragraph that states it."""

    id: str
    paragraph_id: str
    what: Text
    figure: Text
    value: float | None
    unit: str
    comparison: str
    headline: bool
    origin: Origin
    paragraph_line: int = 0
    indicator: str | None = None  # an Indicator's ID: the same measure in other years
    indicator_line: int = 0
    outcome: Outcome | None = None


ReportStatus = Literal["draft", "published"]


@dataclass(frozen=True)
class Opening:
    """The opening address before the first chapter: salutation and first paragraphs."""

    id: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Report:
    """A report. A draft may lack the metadata after ``title`` (None); a published one has it."""

    id: str
    year: int
    file: str
    title: Text  # for a draft without one: "<year>年报告", its English missing
    date: str | None
    speaker_name: Text | None
    speaker_role: Text | None
    session: Text | None
    source: Source | None
    coverage: Text | None
    notice: Text | None
    summary: Text | None
    chapters: tuple[Chapter, ...]
    corrections: tuple[Correction, ...]
    targets: tuple[Target, ...] = ()
    source_skip_lines: int = 0  # leading source lines that belong to no chapter
    status: ReportStatus = "published"
    opening: Opening | None = None
    published_on: str | None = None  # first published on this site

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    def has_rule(self, rule: str) -> bool:
        """Whether the report records the correction ``rule`` (see ``punctuation.RULE``)."""
        return any(c.rule == rule for c in self.corrections)

    def source_pieces(self) -> Iterator[tuple[Text, str]]:
        """The report's texts in source order, with the Chinese as the source writes it."""
        if self.opening is not None:
            yield from ((p.text, p.text.zh) for p in self.opening.paragraphs)
        for chapter in self.chapters:
            yield from chapter.source_pieces()

    def all_paragraphs(self) -> Iterator[Paragraph]:
        for chapter in self.chapters:
            yield from chapter.all_paragraphs()

    def front_texts(self) -> Iterator[Text]:
        """The texts staff write about the report that stand alone (not its title or its
        chapters): speaker, session, source publisher and note, coverage, notice, summary,
        then the reasons of its corrections and its targets' labels and figures."""
        source = self.source
        optional = [
            self.speaker_name,
            self.speaker_role,
            self.session,
            source.publisher if source else None,
            source.note if source else None,
            self.coverage,
            self.notice,
            self.summary,
        ]
        yield from (text for text in optional if text is not None)
        yield from (correction.reason for correction in self.corrections)
        for target in self.targets:
            yield target.what
            yield target.figure

    def chapter(self, chapter_id: str) -> Chapter:
        return next(c for c in self.chapters if c.id == chapter_id)

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        return self._paragraphs.get(paragraph_id)

    @cached_property
    def _paragraphs(self) -> dict[str, Paragraph]:
        """Paragraphs by ID, the first of each: looked up for every cell of the tables that
        compare years, a scan each time grew with the square of the reports."""
        found: dict[str, Paragraph] = {}
        for paragraph in self.all_paragraphs():
            found.setdefault(paragraph.id, paragraph)
        return found


@dataclass(frozen=True)
class Citation:
    """A source of a glossary entry: who published what, when, and where the original is.

    ``url`` is the original's address, shown as a link; ``copy_url`` is where an editor read a
    copy on another site, kept for editors and never published. ``url_line`` is the line of
    ``url`` (0 when there is none), for the link checks.
    """

    publisher: str
    title: str
    date: str | None = None
    url: str | None = None
    copy_url: str | None = None
    url_line: int = 0


@dataclass(frozen=True)
class Category:
    id: str
    name: Text


#: When a glossary variant may stand in for the main English rendering (``Term.en``).
VariantUse = Literal[
    "after-first-mention", "quoted", "plural-or-singular", "elsewhere", "unconfirmed"
]
#: Variant uses that never stand in for the main rendering on this site.
NEVER_WRITTEN: tuple[VariantUse, ...] = ("elsewhere", "unconfirmed")


@dataclass(frozen=True)
class Variant:
    """An English rendering other than the main one, and the one condition that allows it:
    ``after-first-mention`` (a short form, once the main rendering has appeared earlier on
    the same page), ``quoted`` (the rendering with quotation marks, where the Chinese quotes
    the term), ``plural-or-singular`` (the main rendering in the other grammatical
    number), ``elsewhere`` (used by other publications; listed for recognition, never used
    on this site), ``unconfirmed`` (a fuller name no source confirms; listed as such on the
    glossary page, never written as the name)."""

    text: str
    use: VariantUse


@dataclass(frozen=True)
class Term:
    """A glossary entry: the one source for tooltips, glossary pages, search words and checks."""

    id: str
    zh: str
    variants: tuple[str, ...]
    pinyin: str
    en: str
    en_variants: tuple[Variant, ...]
    en_basis: str
    category: str
    definition: Text
    sources: tuple[Citation, ...]
    confidence: str
    origin: Origin
    background: bool = False  # kept to explain other entries; need not occur in the text
    zh_hant: str | None = None  # accepted Traditional form, where OpenCC's is not the accepted one
    label: str | None = None  # a coined numbered label's short English name (三新)

    @property
    def zh_forms(self) -> tuple[str, ...]:
        return (self.zh, *self.variants)

    @property
    def en_forms(self) -> tuple[str, ...]:
        return (self.en, *(variant.text for variant in self.en_variants))

    def variant(self, form: str) -> Variant | None:
        """The variant written ``form`` (compared without case), or None for the main form."""
        folded = form.casefold()
        return next((v for v in self.en_variants if v.text.casefold() == folded), None)


@dataclass(frozen=True)
class Avoid:
    """A form the house style avoids, what to write instead, and why."""

    text: str
    use: str
    why: str


@dataclass(frozen=True)
class Glossary:
    file: str
    categories: tuple[Category, ...]
    terms: tuple[Term, ...]
    not_terms: tuple[str, ...]
    avoid: tuple[Avoid, ...] = ()  # house_style.avoid
    allowed_spellings: tuple[str, ...] = ()  # house_style.allowed_spellings

    def in_category(self, category_id: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.category == category_id)


@dataclass(frozen=True)
class TopicEntry:
    """A paragraph or target a topic lists, with where the listing is written."""

    report_id: str
    item_id: str
    line: int


@dataclass(frozen=True)
class SynonymGroup:
    """Forms that search treats as one (content/synonyms.yml): the report's word first."""

    forms: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Topic:
    """An industry or a theme, and the paragraphs (and targets) that are about it."""

    id: str
    name: Text
    description: Text
    signals: tuple[str, ...]
    paragraphs: tuple[TopicEntry, ...]
    targets: tuple[TopicEntry, ...]
    left_out: tuple[tuple[TopicEntry, str], ...]  # considered and left out, with the reason
    origin: Origin

    def paragraph_ids(self, report_id: str) -> set[str]:
        return {e.item_id for e in self.paragraphs if e.report_id == report_id}


@dataclass(frozen=True)
class ProtectedName:
    """A name the Traditional conversion must not change beyond its characters' simplification
    (单泽峰 -> 單澤峰, never the Hong Kong variant 單澤峯); ``zh_hant`` gives the form outright."""

    zh: str
    zh_hant: str | None = None


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site and on what terms (content/site.yml): the footer, the About
    page and the open data say it."""

    file: str
    name: Text
    statement: Text | None  # what the site is and is not (not a government website …)
    contact_email: str | None
    contact_url: str | None
    license_name: str
    license_url: str | None
    reuse: Text
    accessibility: Text
    protected_names: tuple[ProtectedName, ...] = ()
    license_url_line: int = 0


@dataclass(frozen=True)
class Synonyms:
    file: str
    groups: tuple[SynonymGroup, ...]


@dataclass(frozen=True)
class Site:
    """Everything the site is built from."""

    reports: tuple[Report, ...]  # latest first
    glossary: Glossary | None = None
    topics: tuple[Topic, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    publisher: Publisher | None = None
    synonyms: Synonyms | None = None

    def last_updated(self) -> str | None:
        """The latest date the content records (a report's date, its publication on the
        source site and on this one, a correction, an English text's draft, revision or
        approval), as YYYY-MM-DD."""
        dates: list[str | None] = []
        for report in self.reports:
            dates += [report.date, report.source.published if report.source else None]
            texts = [t for c in report.chapters for t in c.texts()]
            texts += [t for t in (report.title, report.summary, report.coverage) if t]
            dates += [d for t in texts for d in (t.en.date, t.en.revised_on, t.en.approved_on)]
            dates += [report.published_on, *(c.recorded_on for c in report.corrections)]
        return max((d for d in dates if d), default=None)

    def protected_names(self) -> tuple[ProtectedName, ...]:
        """Names staff list in site.yml, and every report's speaker."""
        listed = self.publisher.protected_names if self.publisher else ()
        speakers = tuple(
            ProtectedName(r.speaker_name.zh) for r in self.reports if r.speaker_name is not None
        )
        known = {name.zh for name in listed}
        return listed + tuple(n for n in dict.fromkeys(speakers) if n.zh not in known)

    def paragraph_topics(self) -> dict[tuple[str, str], list[Topic]]:
        """(report id, paragraph id) -> the topics that list the paragraph, in the order of
        topics.yml (each once)."""
        found: dict[tuple[str, str], list[Topic]] = {}
        for topic in self.topics:
            for entry in topic.paragraphs:
                listed = found.setdefault((entry.report_id, entry.item_id), [])
                if topic not in listed:
                    listed.append(topic)
        return found

    @property
    def latest(self) -> Report:
        """The latest published report (the latest draft when no report is published yet)."""
        return next((r for r in self.reports if not r.draft), self.reports[0])


@dataclass(frozen=True)
class PhraseAvoid:
    """A rendering of a phrase the house style avoids, and why."""

    text: str
    why: str


@dataclass(frozen=True)
class Phrase:
    """A recurring phrase that is not a glossary term but has one English rendering: ``en``
    (or one of its grammatical ``forms``) in every English text whose Chinese holds ``zh``."""

    zh: str
    en: str
    forms: tuple[str, ...]
    avoid: tuple[PhraseAvoid, ...]
    note: str
    origin: Origin
    background: bool = False  # a standing formula kept although no report uses it yet

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.en, *self.forms)


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation the English may use: ``full`` is written out, with the abbreviation in
    parentheses, before its first bare use on a page; or ``bare`` says why it may stand alone."""

    short: str
    full: str | None
    bare: str | None
    origin: Origin


@dataclass(frozen=True)
class Phrasebook:
    """Recurring phrases and abbreviations: how the English writes them (content/phrasebook.yml)."""

    file: str
    phrases: tuple[Phrase, ...]
    abbreviations: tuple[Abbreviation, ...] = ()
