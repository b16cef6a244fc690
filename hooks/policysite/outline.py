"""Split a report's plain text into chapters, sections and paragraphs.

Two layouts are recognised, as Chinese government reports use them:

- plain (the 2024 report): a line that does not end a sentence is a chapter title; the lines
  after it are its body;
- numbered: chapter headings 一、 二、 or 第一部分, section headings （一）（二）; a section line
  may carry its first sentences after the heading sentence.

In a body, each sentence (ending in 。！？!?) is a paragraph, and a short sentence with no comma,
semicolon or enumeration mark (推进创新协同互补互促。) opens a section with itself as heading.
Lines that fit nowhere (text before the first chapter) are reported, never dropped silently.
Importing the 2024 source text reproduces the hand-checked outline (a test enforces that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SENTENCE_END = "。！？!?"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[”’」』]?|[^{SENTENCE_END}]+$")
_CLAUSE_MARK = re.compile(r"[,，;；、:：]")
_NUMERAL = "一二三四五六七八九十"
CHAPTER_MARK = re.compile(rf"^(?:第[{_NUMERAL}]+部分|[{_NUMERAL}]+、)")
SECTION_MARK = re.compile(rf"^[（(][{_NUMERAL}]+[）)]")
LEAD_MAX_CHARS = 20
BLANKS = " \t\u3000\ufeff"


@dataclass
class SectionOutline:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ChapterOutline:
    title: str
    line: int
    paragraphs: list[str] = field(default_factory=list)  # before the first section
    sections: list[SectionOutline] = field(default_factory=list)

    def zh_pieces(self) -> list[str]:
        """Every Chinese text of the chapter in reading order, title first."""
        pieces = [self.title, *self.paragraphs]
        for section in self.sections:
            pieces += [section.heading, *section.paragraphs]
        return pieces

    def add_sentence(self, sentence: str, leads: bool = True) -> None:
        if leads and is_lead_sentence(sentence):
            self.sections.append(SectionOutline(heading=sentence))
        elif self.sections:
            self.sections[-1].paragraphs.append(sentence)
        else:
            self.paragraphs.append(sentence)


@dataclass
class Outline:
    chapters: list[ChapterOutline]
    unplaced: list[tuple[int, str]]  # (line number, text) that fits no chapter
    numbered: bool


def split_sentences(text: str) -> list[str]:
    """Sentences with their closing punctuation; nothing is dropped or added."""
    return [s for s in _SENTENCE.findall(text) if s]


def is_lead_sentence(sentence: str) -> bool:
    """A short statement with no clause marks and no figures: 推进创新协同互补互促。"""
    body = sentence.rstrip(SENTENCE_END)
    return (
        0 < len(body) <= LEAD_MAX_CHARS
        and not _CLAUSE_MARK.search(body)
        and not re.search(r"[0-9０-９]", body)
    )


def is_title_line(line: str) -> bool:
    return not line.rstrip().endswith(tuple(SENTENCE_END))


def clean_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers, without surrounding blanks or \\r."""
    return [
        (number, stripped)
        for number, line in enumerate(text.splitlines(), start=1)
        if (stripped := line.strip(BLANKS))
    ]


def outline_report(text: str) -> Outline:
    """The outline of a report's text, in either layout."""
    lines = clean_lines(text)
    numbered = any(CHAPTER_MARK.match(line) for _, line in lines)
    unplaced: list[tuple[int, str]] = []
    grouped: list[tuple[ChapterOutline, list[str]]] = []
    for number, line in lines:
        if CHAPTER_MARK.match(line) if numbered else is_title_line(line):
            grouped.append((ChapterOutline(title=line, line=number), []))
        elif not grouped:
            unplaced.append((number, line))
        else:
            grouped[-1][1].append(line)
    for chapter, body in grouped:
        # where a chapter numbers its sections （一）（二）, those are its sections; otherwise
        # lead sentences open them
        marked = numbered and any(SECTION_MARK.match(line) for line in body)
        for line in body:
            if marked and SECTION_MARK.match(line):
                heading, *rest = split_sentences(line)
                chapter.sections.append(SectionOutline(heading=heading, paragraphs=rest))
            else:
                for sentence in split_sentences(line):
                    chapter.add_sentence(sentence, leads=not marked)
    return Outline(chapters=[c for c, _ in grouped], unplaced=unplaced, numbered=numbered)


def outline_text(text: str) -> list[ChapterOutline]:
    """Chapters of ``text``; see outline_report for what could not be placed."""
    return outline_report(text).chapters
