"""What's new: the changes a reader may want to follow, as a page and an Atom feed per edition.

Entries come from dates written in the content, never from the build's clock, so building
twice changes nothing: a report first published on this site (``published_on`` in its
report.yml), an editorial correction (``recorded_on``), English approved (``approved_on``) or
revised (``revised_on``) by the editors, grouped per chapter and day. Each entry's ID is derived
from what it records, so it stays the same across builds and moves of the site.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..content import layout
from ..content.model import English, Report
from .renderer import PageRenderer, chapter_uri
from .text import page_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = layout.FEED_FILE
WHATS_NEW_URI = f"{layout.WHATS_NEW_PAGE}.md"
_IDS = uuid.UUID("6f1d3c52-7b1e-4c55-9d6a-2f0b8e4a9c10")  # this site's namespace for entry IDs


@dataclass(frozen=True)
class FeedEntry:
    """One change, in one edition's words."""

    key: str  # what the entry records, stable across builds: "report/2024/published"
    day: str  # YYYY-MM-DD, from the content
    title: str
    summary: str
    page: str  # the page it concerns (src_uri): "2024/about.md"
    anchor: str = ""

    def entry_id(self, lang: str) -> str:
        return uuid.uuid5(_IDS, f"{lang}:{self.key}").urn

    @property
    def href(self) -> str:
        """The address below the edition's root: ``2024/about/#corrections``."""
        return page_url(self.page) + (f"#{self.anchor}" if self.anchor else "")


def feed_entries(renderer: PageRenderer) -> list[FeedEntry]:
    """Every dated change of the published content, newest first (then by key)."""
    entries: list[FeedEntry] = []
    for report in renderer.site.reports:
        if report.draft:
            continue
        entries += _report_entries(renderer, report)
    return sorted(entries, key=lambda e: (e.day, e.key), reverse=True)


def _report_entries(renderer: PageRenderer, report: Report) -> Iterator[FeedEntry]:
    t, tr = renderer.strings, renderer.tr
    if report.published_on:
        yield FeedEntry(
            f"report/{report.id}/published",
            report.published_on,
            t["feed_report_published"].format(title=tr(report.title)),
            tr(report.summary) if report.summary else tr(report.title),
            f"{report.id}/index.md",
        )
    for correction in report.corrections:
        if correction.recorded_on:
            yield FeedEntry(
                f"report/{report.id}/correction/{correction.rule or correction.original}",
                correction.recorded_on,
                t["feed_correction"].format(
                    original=correction.shown[0], corrected=correction.shown[1]
                ),
                tr(correction.reason),
                f"{report.id}/about.md",
                "corrections",
            )
    for chapter in report.chapters:
        changed: dict[tuple[str, str], int] = defaultdict(int)
        texts = [chapter.short_title, *([chapter.summary] if chapter.summary else [])]
        for text in [*texts, *chapter.texts()]:
            for kind, day in _english_changes(text.en):
                changed[kind, day] += 1
        for (kind, day), count in sorted(changed.items()):
            yield FeedEntry(
                f"english/{report.id}/{chapter.id}/{kind}/{day}",
                day,
                t[f"feed_english_{kind}"].format(chapter=tr(chapter.short_title), count=count),
                t[f"feed_english_{kind}_summary"].format(
                    chapter=tr(chapter.short_title), report=tr(report.title), count=count
                ),
                chapter_uri(report, chapter),
            )


def _english_changes(english: English) -> Iterator[tuple[str, str]]:
    if english.status == "approved" and english.approved_on:
        yield "approved", english.approved_on
    elif english.status == "edited" and english.revised_on:
        yield "revised", english.revised_on


def atom_feed(renderer: PageRenderer, entries: list[FeedEntry], site_url: str) -> bytes:
    """The edition's Atom feed (RFC 4287); addresses below ``site_url`` (the edition's root)."""
    t, lang = renderer.strings, renderer.lang
    base = site_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM)
    language = renderer.html_lang("zh") if lang != "en" else "en"
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    add(feed, "id", uuid.uuid5(_IDS, f"{lang}:feed").urn)
    add(feed, "title", t["feed_title"])
    add(feed, "subtitle", t["feed_subtitle"])
    newest = entries[0].day if entries else "1970-01-01"
    add(feed, "updated", f"{newest}T00:00:00Z")
    add(add(feed, "author"), "name", t["head_title_site"])
    add(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_PATH)
    add(feed, "link", rel="alternate", type="text/html", href=base + page_url(WHATS_NEW_URI))
    for entry in entries:
        item = add(feed, "entry")
        add(item, "id", entry.entry_id(lang))
        add(item, "title", entry.title)
        add(item, "updated", f"{entry.day}T00:00:00Z")
        add(item, "published", f"{entry.day}T00:00:00Z")
        add(item, "link", rel="alternate", type="text/html", href=base + entry.href)
        add(item, "summary", entry.summary)
    ET.indent(feed)
    text = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")
