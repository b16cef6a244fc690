"""Render the model into Markdown pages (one set per language) with Jinja templates.

Python passes data; templates decide presentation. Every ``{{ }}`` is HTML-escaped
(autoescape), so nothing typed into content can become markup.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from ..checks.coverage import provenance_counts
from ..checks.numbers import chinese_numeral
from ..content.interface import STRINGS_PATH, TEMPLATE_DIR
from ..content.model import Chapter, Paragraph, Report, Site, Target, Term, Text
from ..content.problems import Problem
from ..content.terms import Segment, TermMatcher
from ..content.textutil import BLANKS, MONTHS
from ..content.yamlio import parse_yaml_text
from .hant import HantConverter, convert_site

GLOSSARY_URI = "glossary.md"
HANT = "zh-Hant"  # the Traditional edition: the Chinese converted, see hant.py
# Longest <title> per language, in characters: search results cut English titles at about
# 60-70 characters and Chinese ones at about 30-40.
HEAD_TITLE_LIMITS = {"zh": 40, HANT: 40, "en": 69}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


@dataclass(frozen=True)
class Occurrence:
    """Where a glossary term is used: a paragraph, section heading or chapter title."""

    report: Report
    chapter: Chapter
    anchor: str
    paragraph: Paragraph | None


@dataclass(frozen=True)
class PageSpec:
    """A page to add to one language's site."""

    src_uri: str  # path the page pretends to have in the docs folder, e.g. "2024/about.md"
    markdown: str
    title: str
    edit_path: str | None  # repository-relative YAML file the page is generated from


def escape_markdown_inline(text: str) -> str:
    """Backslash-escape Markdown punctuation so text shows as typed (HTML escaping comes after)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def strip_full_stop(text: str) -> str:
    """Headings made from lead sentences drop the sentence's closing mark."""
    return text.rstrip("。.")


def ui_strings(converter: HantConverter | None = None) -> dict[str, dict[str, str]]:
    """Interface wording per language, from templates/strings.yml (read on every build, so
    `mkdocs serve` picks up edits).

    The Traditional wording is the Chinese converted, except the few strings whose meaning
    differs in that edition, which strings.yml gives under ``zh-Hant``."""
    text = STRINGS_PATH.read_text(encoding="utf-8")
    loaded = parse_yaml_text(text, "strings.yml")
    if isinstance(loaded, Problem):  # a template bug, not a content problem
        raise ValueError(loaded.format())
    strings = {lang: {k: str(v) for k, v in values.items()} for lang, values in loaded.data.items()}
    convert = converter.convert if converter else HantConverter(None).convert
    strings[HANT] = {k: convert(v) for k, v in strings["zh"].items()} | strings.get(HANT, {})
    return strings


_LABEL_KINDS = (
    (re.compile(r"^第(.+?)(部分|篇|章)"), "{part} {n}"),
    (re.compile(r"^[（(](.+?)[）)]"), "({n})"),
    (re.compile(r"^([①-⑳])"), "({n})"),
    (re.compile(r"^(.+?)[、.．]"), "{n}."),
)
_PART_WORDS = {"部分": "Part", "篇": "Part", "章": "Chapter"}


def label_text(label: str, lang: str) -> str:
    """A heading's number as shown before its title: ``二、`` / ``2. ``, ``第一部分`` /
    ``Part 1 ``, ``（一）`` / ``(1) ``."""
    shown = label.strip(BLANKS)
    if not shown:
        return ""
    if lang != "en":  # the Chinese editions write the number as the source does
        return shown if shown.endswith(("、", "）", ")", ".", "．")) else shown + " "
    for pattern, form in _LABEL_KINDS:
        found = pattern.match(shown)
        if found:
            number = _label_number(found.group(1))
            if number is not None:
                part = _PART_WORDS.get(found.group(2), "") if found.lastindex == 2 else ""
                return form.format(n=number, part=part) + " "
    return shown + " "


def _label_number(text: str) -> int | None:
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    if re.fullmatch(r"[〇零一二三四五六七八九十百]+", text):
        return chinese_numeral(text)
    return None


def chapter_number(chapter: Chapter, lang: str) -> str:
    """What precedes a chapter's title in lists: its own label, else its position (``3. ``)."""
    return label_text(chapter.label, lang) if chapter.label else f"{chapter.number}. "


def escape_text(text: str) -> str:
    """Escape for an HTML text context (& < >), leaving quotes as typed."""
    return html.escape(text, quote=False)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary (where it has words), with an
    ellipsis when anything was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:·-–") + "…"


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page: ``2024/about.md`` -> ``2024/about/``."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return stem


def relative_url(from_uri: str, to_uri: str) -> str:
    """URL of page ``to_uri`` relative to page ``from_uri`` (for links in raw HTML)."""
    relative = posixpath.relpath(page_url(to_uri) or ".", page_url(from_uri) or ".")
    return "./" if relative == "." else relative + "/"


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
    return env


def long_date(iso: str | None, lang: str) -> str:
    """``2024-01-10`` -> ``2024年1月10日`` / ``January 10, 2024`` (house style: month first).

    A draft report may have no date yet: that gives an empty string, not a crash.
    """
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    if lang.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def status_counts(report: Report) -> list[tuple[str, int]]:
    """How many paragraphs have each translation status (stale counted on its own)."""
    return list(provenance_counts(p.text for p in report.all_paragraphs()).items())


class PageRenderer:
    """Renders every page of one language.

    The Traditional edition renders the converted site; terms are still found in the
    Simplified (the converter remembers each text's source), so its tooltips sit exactly where
    the Simplified edition's do."""

    def __init__(self, site: Site, lang: str) -> None:
        self.lang = lang
        self.converter: HantConverter | None = None
        glossary = site.glossary
        if lang == HANT:
            site, self.converter = convert_site(site)
            self._hant_terms = {t.id: t for t in site.glossary.terms} if site.glossary else {}
        self.site = site
        self.env = _environment()
        self.context: dict[str, Any] = {}
        all_strings = ui_strings(self.converter)
        self.strings = all_strings[lang]
        self.matcher = TermMatcher(glossary) if glossary else None
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
            status_counts=status_counts,
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

    def pages(self) -> list[PageSpec]:
        pages = [self.home()]
        for report in self.site.reports:
            pages.append(self.report_index(report))
            pages += [self.chapter(report, chapter) for chapter in report.chapters]
            if report.targets:
                pages.append(self.targets(report))
            pages.append(self.full_text(report))
            pages.append(self.about(report))
        if self.site.glossary is not None:
            pages.append(self.glossary())
        return pages

    def glossary(self) -> PageSpec:
        glossary = self.site.glossary
        assert glossary is not None
        return PageSpec(
            GLOSSARY_URI,
            self.render("glossary.md.j2", glossary=glossary, report=self.site.latest),
            self.strings["glossary_title"],
            glossary.file,
        )

    def home(self) -> PageSpec:
        report = self.site.latest
        return PageSpec(
            "index.md",
            self.render("home.md.j2", report=report),
            self.tr(report.title),
            report.file,
        )

    def report_index(self, report: Report) -> PageSpec:
        return PageSpec(
            f"{report.id}/index.md",
            self.render("report.md.j2", report=report),
            self.tr(report.title),
            report.file,
        )

    def chapter(self, report: Report, chapter: Chapter) -> PageSpec:
        return PageSpec(
            chapter_uri(report, chapter),
            self.render(
                "chapter.md.j2", report=report, chapter=chapter, uri=chapter_uri(report, chapter)
            ),
            self.tr(chapter.short_title),
            chapter.file,
        )

    def targets(self, report: Report) -> PageSpec:
        uri = f"{report.id}/targets.md"
        return PageSpec(
            uri,
            self.render("targets.md.j2", report=report, uri=uri),
            self.strings["targets_title"],
            report.file.replace("report.yml", "targets.yml"),
        )

    def full_text(self, report: Report) -> PageSpec:
        uri = f"{report.id}/full.md"
        return PageSpec(
            uri,
            self.render("full.md.j2", report=report, uri=uri),
            self.strings["full_title"],
            report.file,
        )

    def about(self, report: Report) -> PageSpec:
        return PageSpec(
            f"{report.id}/about.md",
            self.render("about.md.j2", report=report, uri=f"{report.id}/about.md"),
            self.strings["about_title"],
            report.file,
        )

    def nav(self) -> list[Any]:
        """MkDocs ``nav`` for this language: home, then each report's pages.

        Titles are escaped as text: MkDocs and Material print navigation titles as HTML in
        text (and escape them themselves in attributes, so quotes are left alone)."""
        strings = {key: escape_text(value) for key, value in self.strings.items()}
        nav: list[Any] = [{strings["home"]: "index.md"}]
        for report in self.site.reports:
            entries: list[Any] = [f"{report.id}/index.md"]
            entries += [
                {
                    escape_text(
                        label_text(c.label, c.short_title.shown_language(self.lang))
                        + self.tr(c.short_title)
                    ): chapter_uri(report, c)
                }
                for c in report.chapters
            ]
            if report.targets:
                entries.append({strings["targets_title"]: f"{report.id}/targets.md"})
            entries.append({strings["full_title"]: f"{report.id}/full.md"})
            entries.append({strings["about_title"]: f"{report.id}/about.md"})
            title = self.tr(report.title)
            if report.draft:
                title = self.strings["draft_nav"].format(title=title)
            nav.append({escape_text(title): entries})
        if self.site.glossary is not None:
            nav.append({strings["glossary_title"]: GLOSSARY_URI})
        return nav


def target_chapters(report: Report) -> list[Chapter]:
    """Chapters that state at least one target, in reading order."""
    used = {report.paragraph(t.paragraph_id).chapter_id for t in report.targets}  # type: ignore[union-attr]
    return [c for c in report.chapters if c.id in used]


def chapter_uri(report: Report, chapter: Chapter) -> str:
    return f"{report.id}/{chapter.id}.md"


def edition_settings(site: Site, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The Traditional edition's site name, description, footer, reading-mode label and
    light/dark toggle names (the Chinese ones, inherited from mkdocs.yml, converted; the
    toggle's are converted in place), and the notice on every page."""
    converter = HantConverter(site.glossary)
    extra = dict(settings["extra"])
    reading_mode = dict(extra["reading_mode"])
    reading_mode["label"] = converter.convert(reading_mode["label"])
    strings = ui_strings(converter)[HANT]
    notice = {"text": strings["edition_notice"], "link": strings["edition_simplified_link"]}
    for option in settings["theme"].get("palette") or []:  # the light/dark toggle's names
        if isinstance(option, dict) and "toggle" in option:
            option["toggle"]["name"] = converter.convert(option["toggle"]["name"])
    return {
        "site_name": converter.convert(settings["site_name"]),
        "site_description": converter.convert(settings["site_description"] or ""),
        "copyright": converter.convert(settings["copyright"] or ""),
        "extra": {**extra, "reading_mode": reading_mode, "edition_notice": notice},
    }


def render_site(site: Site, lang: str) -> tuple[list[PageSpec], list[Any]]:
    """All pages and the navigation of one language."""
    renderer = PageRenderer(site, lang)
    return renderer.pages(), renderer.nav()
