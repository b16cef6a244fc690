"""Split a report's plain text into chapters, sections and paragraphs.

The rules are the ones the 2024 content follows, so importing its source text reproduces the
hand-checked outline (a test enforces that):

- a non-empty line that does not end a sentence is a chapter title;
- the lines after it are the chapter's body; each sentence (ending in 。！？) is a paragraph;
- a short sentence with no comma, semicolon or enumeration mark (推进创新协同互补互促。) is the
  lead of a sub-topic and becomes a section heading; the sentences after it are its paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SENTENCE_END = "。！？"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[”’」』]?|[^{SENTENCE_END}]+$")
_CLAUSE_MARK = re.compile(r"[,，;；、:：]")
LEAD_MAX_CHARS = 20


@dataclass
class SectionOutline:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ChapterOutline:
    title: str
    paragraphs: list[str] = field(default_factory=list)  # before the first section
    sections: list[SectionOutline] = field(default_factory=list)

    def zh_pieces(self) -> list[str]:
        """Every Chinese text of the chapter in reading order, title first."""
        pieces = [self.title, *self.paragraphs]
        for section in self.sections:
            pieces += [section.heading, *section.paragraphs]
        return pieces


def split_sentences(text: str) -> list[str]:
    """Sentences with their closing punctuation; nothing is dropped or added."""
    return [s for s in _SENTENCE.findall(text) if s]


def is_lead_sentence(sentence: str) -> bool:
    body = sentence.rstrip(SENTENCE_END)
    return 0 < len(body) <= LEAD_MAX_CHARS and not _CLAUSE_MARK.search(body)


def is_title_line(line: str) -> bool:
    return not line.rstrip().endswith(tuple(SENTENCE_END))


def outline_text(text: str) -> list[ChapterOutline]:
    """Chapters of ``text`` (one title line, then body lines) in order."""
    chapters: list[ChapterOutline] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if is_title_line(line) or not chapters:
            chapters.append(ChapterOutline(title=line))
            continue
        chapter = chapters[-1]
        for sentence in split_sentences(line):
            if is_lead_sentence(sentence):
                chapter.sections.append(SectionOutline(heading=sentence))
            elif chapter.sections:
                chapter.sections[-1].paragraphs.append(sentence)
            else:
                chapter.paragraphs.append(sentence)
    return chapters
