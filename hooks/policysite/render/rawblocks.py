"""Raw HTML blocks set aside while MkDocs converts a page's Markdown, and put back after.

The generated pages are mostly raw HTML (paragraphs with their tools, tables), which Python-
Markdown passes through unchanged, but only after parsing all of it twice with Python's HTML
parser (MkDocs looks for anchor IDs, md_in_html for the block's end): the largest part of the
conversion, and it grows with every report. A block that is certainly raw HTML (it starts a
Markdown block with a block-level tag, closes it exactly at the block's end, and holds no
``markdown`` attribute, comment or raw-text element) is replaced by a comment before the
conversion and put back in the converted page; its anchor IDs are handed to MkDocs, so links
to them are still checked. The converted page is byte-identical to a conversion of the whole.
Headings count as block-level (a topic page's years and chapters): a raw HTML heading is in
no table of contents either way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from .search_text import VOID

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset"),
        *("figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"),
        *("nav", "ol", "p", "section", "table", "ul"),
    }
)
# A tag: its name, then its attributes up to the first ``>`` outside quotes; a self-closing
# tag's attributes end with the ``/`` (``_attributes`` takes it off).
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>")
_REFUSED = re.compile(r"<!--|<(?:script|style|pre|textarea)\b|\smarkdown\b|^[ \t]|\n[ \t]", re.I)
_ATTRIBUTE = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_MARK = "<!--bp-raw-{}-->"
_MOST_CHUNKS = 4  # blank-line-separated pieces one element may span
_PLACE = re.compile(r"<!--bp-raw-(\d+)-->")


_REFUSED_HINTS = ("<!--", "\n ", "\n\t")  # what _REFUSED can match, as plain text ...
_REFUSED_HINTS_LOWER = ("<script", "<style", "<pre", "<textarea", "markdown")  # ... lower-cased


def _refused(chunk: str) -> bool:
    """``_REFUSED.search(chunk)`` for a chunk that starts with ``<``, looked for as plain text
    first (the regular expression, case-insensitive, was a quarter of the time)."""
    if not any(hint in chunk for hint in _REFUSED_HINTS):
        lower = chunk.lower()
        if not any(hint in lower for hint in _REFUSED_HINTS_LOWER):
            return False
    return _REFUSED.search(chunk) is not None


def _whole_element(chunk: str) -> list[re.Match[str]] | None:
    """The tags of ``chunk`` if it is one block-level element whose end tag ends the chunk."""
    if not chunk.startswith("<") or not chunk.endswith(">") or _refused(chunk):
        return None
    stack: list[str] = []
    last = len(chunk)
    tags = []
    for match in _TAG.finditer(chunk):
        closing, name, attributes = match.group(1, 2, 3)
        name = name.lower()
        if not stack and (match.start() != 0 or closing or name not in _BLOCK_TAGS):
            return None  # text or a second element after the first closed
        tags.append(match)
        if closing:
            if not stack or stack.pop() != name:
                return None
            if not stack:
                return tags if match.end() == last else None
        elif not attributes.endswith("/") and name not in VOID:
            stack.append(name)
    return None


def set_aside(markdown: str) -> tuple[str, list[str], set[str]]:
    """The Markdown with each run of whole raw HTML blocks (one after another, only blank
    lines between) replaced by one numbered comment, the runs, and the anchor IDs they hold
    (``id``, and ``name`` on ``a``, as MkDocs reads them; from the tags found while the blocks
    were delimited). Python-Markdown puts exactly one blank line between two raw blocks,
    whatever separated them, so a run is kept as its blocks joined by one: a topic page, all
    raw blocks, leaves one comment to convert instead of one per paragraph."""
    blocks: list[str] = []
    anchors: set[str] = set()
    chunks = markdown.split("\n\n")
    out: list[str] = []
    index = 0
    in_run = False  # whether the last chunk written is a run's comment
    while index < len(chunks):
        # an element may hold blank lines (a paragraph with no topic links): up to a few
        for end in range(index + 1, min(index + _MOST_CHUNKS, len(chunks)) + 1):
            joined = "\n\n".join(chunks[index:end])
            element = joined.strip("\n")  # blank lines around it stay where they were
            tags = _whole_element(element)
            if tags is not None:
                if in_run:
                    blocks[-1] += "\n\n" + element
                else:
                    out.append(joined.replace(element, _MARK.format(len(blocks)), 1))
                    blocks.append(element)
                    in_run = True
                _add_anchors(tags, anchors)
                index = end
                break
        else:
            out.append(chunks[index])
            in_run = False
            index += 1
    return "\n\n".join(out), blocks, anchors


def put_in(converted: str, blocks: list[str]) -> str:
    """The converted page with the blocks in their places."""
    return _PLACE.sub(lambda m: blocks[int(m.group(1))], converted) if blocks else converted


def _add_anchors(tags: Iterable[re.Match[str]], anchors: set[str]) -> None:
    for tag in tags:
        attributes = tag.group(3)
        if "=" not in attributes:
            continue
        for key, double, single in _ATTRIBUTE.findall(attributes.removesuffix("/")):
            if key.lower() == "id" or tag.group(2).lower() == "a":  # as MkDocs reads them
                anchors.add(html.unescape(double or single))
