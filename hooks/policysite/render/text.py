"""Text as pages show it: Markdown and HTML escaping, headings' numbers, dates, titles cut
to length, and the addresses of pages relative to each other."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from functools import lru_cache

from markupsafe import Markup

from ..checks.numbers import chinese_numeral
from ..content.model import Chapter
from ..content.textutil import BLANKS, MONTHS

# Every ASCII character that Markdown or one of its extensions could read as syntax (emphasis,
# links, code, headings, lists, tables, attribute lists, HTML and entities, line breaks), and
# the quotes HTML gives a meaning to. Letters, digits, spaces and other text pass as they are.
_MARKDOWN_SYNTAX = "\\`*_{}[]()#+-.!|<>~^=:$&\"'\n\r\t"
_AS_CHARACTER_REFERENCES = {ord(char): f"&#{ord(char)};" for char in _MARKDOWN_SYNTAX}
_EDGE_SPACES = re.compile(r"^ +| +$")


def markdown_text(text: str) -> Markup:
    """``text`` for a Markdown inline context (a heading, a list item, a link's words), shown
    exactly as typed: each character Markdown or HTML could read as syntax is written as a
    numeric character reference (``*`` -> ``&#42;``), which Markdown passes through and the
    browser shows as the character. No backslashes: Markdown leaves a backslash before a
    character it does not escape (``\\<``, ``\\~``) on the page. The result is markup, so
    the template's autoescape does not escape it a second time."""
    shown = text.translate(_AS_CHARACTER_REFERENCES)
    # Spaces at either end: four at the start would make a code block, two at the end a break.
    shown = _EDGE_SPACES.sub(lambda edge: "&#32;" * len(edge.group()), shown)
    return Markup(shown)


def strip_full_stop(text: str) -> str:
    """Headings made from lead sentences drop the sentence's closing mark."""
    return text.rstrip("。.")


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
        return shown if shown.endswith(("、", "）", ")", ".", "．", "：", ":")) else shown + " "
    appendix = re.fullmatch(r"附件\s*([0-9一二三四五六七八九十]*)\s*[:：]?", shown)
    if appendix:
        number = _label_number(appendix.group(1)) if appendix.group(1) else None
        return f"Appendix {number} " if number else "Appendix "
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


# How much of a page's summary a share card's description keeps: about what chat apps and
# social sites show before they cut (Chinese is about twice as dense as English).
SHARE_DESCRIPTION_LIMITS = {"zh": 80, "en": 200}
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])(?=\s)")


def sentence_cut(text: str, lang: str) -> str:
    """The first sentences of ``text`` that fit the language's limit (always the first one
    whole): a description that ends where a sentence ends, never mid-word or mid-number."""
    limit = SHARE_DESCRIPTION_LIMITS["en" if lang == "en" else "zh"]
    kept = ""
    for sentence in (part for part in _SENTENCE_END.split(text.strip()) if part.strip()):
        if kept and len(kept) + len(sentence) > limit:
            break
        kept += sentence
    return kept.strip()


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page: ``2024/about.md`` -> ``2024/about/``."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return stem


# Pages link the same few pages: relpath's work, done once. At 50 reports the chapter pages'
# links to the glossary and to their paragraphs' topics are some 15,000 pairs: 4,096 kept
# made every one a miss (16,000 more relpath calls with topics than without, 0.5 s of a warm
# build under cProfile).
@lru_cache(maxsize=65_536)
def relative_url(from_uri: str, to_uri: str) -> str:
    """URL of page ``to_uri`` relative to page ``from_uri`` (for links in raw HTML)."""
    relative = posixpath.relpath(page_url(to_uri) or ".", page_url(from_uri) or ".")
    return "./" if relative == "." else relative + "/"


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
