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
# HTML's void elements (no end tag): the extractor and rawblocks.py pair tags with them
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
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


# What may make cutting an excluded element out change what the extractor reads: a link to
# the unit before it (it gives the unit its label), comments and other markup declarations,
# raw text, and the page's content element.
_EXCLUDED = re.compile(r"<[a-zA-Z][^>]*?\sdata-search-exclude[\s>=/]", re.I)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_EXCLUDE_ATTRIBUTE = re.compile(r"\sdata-search-exclude(?=[\s=/]|$)", re.I)
_UNSAFE = re.compile(r"href\s*=\s*[\"']?#|<[!?]|<(?:script|style|textarea|title|article)\b", re.I)
_CUT = "<!---->"  # ends the text before it as the cut element's tags did: "a<x>b" is not "ab"


def _excluded_end(html: str, start: int) -> int | None:
    """Where the element whose start tag is at ``start`` ends, if it is marked
    data-search-exclude and every end tag inside it closes an element opened inside it (as
    the extractor pairs them); else None."""
    first = _TAG.match(html, start)
    if first is None or first.group(1) or first.group(4):
        return None
    if not _EXCLUDE_ATTRIBUTE.search(_QUOTED.sub("", first.group(3))):
        return None  # the words are inside an attribute's value
    stack: list[str] = []
    for match in _TAG.finditer(html, start):
        closing, tag, _, self_closing = match.group(1, 2, 3, 4)
        tag = tag.lower()
        if self_closing:
            if tag in VOID:
                return None  # the extractor would look for it among the open elements
            continue
        if not closing:
            if tag not in VOID:
                stack.append(tag)
            continue
        if tag not in stack:
            return None
        while stack.pop() != tag:
            pass
        if not stack:
            return match.end()
    return None


def without_excluded(html: str) -> str:
    """``html`` with the elements marked data-search-exclude cut out wherever that cannot
    change what the extractor reads (nothing in them is read). Parsing them was most of the
    work on pages that are mostly excluded: a topic page shows its paragraphs to read them
    there, and search finds them on their chapters."""
    pieces: list[str] = []
    done = 0
    for match in _EXCLUDED.finditer(html):
        start = match.start()
        if start < done:
            continue  # inside an element already cut out
        end = _excluded_end(html, start)
        if end is None or _UNSAFE.search(html, start, end):
            continue
        pieces += (html[done:start], _CUT)
        done = end
    pieces.append(html[done:])
    return "".join(pieces)


def extract_units(html: str) -> tuple[str, list[Unit]]:
    """The page title (its h1) and its units, in page order."""
    parser = _Extractor()
    parser.feed(without_excluded(article(html)))
    parser.close()
    for unit in parser.units:
        unit.text = clean("".join(unit._parts))
        unit._parts = []
        if unit.label:
            unit.title = f"{unit.title} · {unit.label}" if unit.title else unit.label
    return parser.page_title, parser.units
