"""What search sees of a built page: its units (paragraphs, entries, sections) as plain text.

A unit starts at every heading with an ``id`` and at every block element with an ``id``
(a report paragraph, a table row, a glossary entry); its text runs until the next unit. Anything
marked ``data-search-exclude`` (notices, tooltips, paragraph tools, the other language's text) is
left out, as are heading permalinks. Block boundaries (table cells, labels and their values,
list items) become line breaks, so no two cells are glued into one word, in the index or in a
snippet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements whose ``id`` starts a unit of their own (a <table id> or <span id> does not).
UNIT_ELEMENTS = {"div", "section", "article", "li", "tr", "p", "dd", "dt", "figure"}
BLOCKS = {
    *HEADINGS, *UNIT_ELEMENTS, "table", "thead", "tbody", "td", "th", "ul", "ol", "dl",
    "blockquote", "caption", "details", "summary", "br", "hr", "pre", "figcaption",
}  # fmt: skip
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


@dataclass
class Unit:
    """One search result: an anchor on its page, the heading it sits under, and its text."""

    anchor: str
    title: str
    text: str = ""
    kind: str = "section"  # "paragraph" for a report paragraph (class bp-para), else "section"
    label: str = ""  # the unit's own link text, e.g. "第28段"
    _parts: list[str] = field(default_factory=list, repr=False)


def clean(text: str) -> str:
    """One line per block, single spaces, no invisible characters."""
    text = INVISIBLE.sub("", text).replace("\xa0", " ")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[Unit] = []
        self.page_title = ""
        self._stack: list[tuple[str, bool]] = []  # (tag, excluded) of open elements
        self._in_article = 0
        self._heading: Unit | None = None  # the heading being read
        self._heading_text: list[str] = []
        self._section_title = ""

    @property
    def _excluded(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self._in_article += 1
        excluded = self._excluded or "data-search-exclude" in values or "headerlink" in classes
        if tag not in VOID:
            self._stack.append((tag, excluded))
        own_link = self.units and values.get("href") == "#" + self.units[-1].anchor
        if self._in_article and tag == "a" and own_link:  # e.g. the paragraph number
            self.units[-1].label = values.get("aria-label") or ""
        if not self._in_article or excluded:
            return
        ident = values.get("id")
        if tag in HEADINGS:
            self._heading_text = []
            if ident:
                self._heading = Unit(ident, "")
                self.units.append(self._heading)
        elif ident and tag in UNIT_ELEMENTS:
            kind = "paragraph" if "bp-para" in classes else "section"
            self.units.append(Unit(ident, self._section_title, kind=kind))
        if tag in BLOCKS:
            self._write("\n")

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if tag == "article" and self._in_article:
            self._in_article -= 1
        if not self._in_article or self._excluded:
            return
        if tag in HEADINGS:
            title = clean(" ".join(self._heading_text)).replace("\n", " ")
            if tag == "h1" and not self.page_title:
                self.page_title = title
            if self._heading is not None:
                self._heading.title = title
                self._heading = None
            self._section_title = title
        if tag in BLOCKS:
            self._write("\n")

    def handle_data(self, data: str) -> None:
        if not self._in_article or self._excluded:
            return
        if any(tag in HEADINGS for tag, _ in self._stack):
            self._heading_text.append(data)
        self._write(data)

    def _write(self, data: str) -> None:
        if self.units:
            self.units[-1]._parts.append(data)


ARTICLE_START = '<article class="md-content__inner'  # the theme's page content
ARTICLE_END = "</article>"


def article(html: str) -> str:
    """The page's content element, the only part search reads (header, navigation and footer
    are two thirds of a page: parsing them cost more than indexing); the whole page if it has
    none."""
    start, end = html.find(ARTICLE_START), html.rfind(ARTICLE_END)
    return html[start : end + len(ARTICLE_END)] if 0 <= start < end else html


def extract_units(html: str) -> tuple[str, list[Unit]]:
    """The page title (its h1) and its units, in page order."""
    parser = _Extractor()
    parser.feed(article(html))
    parser.close()
    for unit in parser.units:
        unit.text = clean("".join(unit._parts))
        unit._parts = []
        if unit.label:
            unit.title = f"{unit.title} · {unit.label}" if unit.title else unit.label
    return parser.page_title, parser.units
