"""Split a report's plain text into front matter, opening, chapters, sections and paragraphs.

Paragraphs are the source's own: every line is one paragraph (a blank line between paragraphs
changes nothing); sentences never become paragraphs. Headings are found from the text's own
numbering and layout:

- numbered: the highest kind of number the text uses on its own lines (第一部分, then 一、, then
  （一）) marks chapters; lower kinds (一、（一）, and 1. or （1） on a line that reads as a title)
  mark sections one level deeper each; a short unnumbered title line is a sub-heading of the
  numbered heading above it, never a chapter. A heading line that carries text after its first
  sentence (（一）深化改革开放。建设平台……) is a heading followed by that paragraph.
- plain (the 2024 report): a line that does not end a sentence is a chapter title; under a
  chapter that reviews or plans the year's work (……工作回顾, ……工作安排) a title line that does
  not name another part is a section. Elsewhere a short sentence with no comma, semicolon or
  enumeration mark (推进创新协同互补互促。) opens a section with itself as heading; the text
  between two such sentences is one paragraph.

The number written in a heading is kept apart as its label (``二、``, ``（一）``). Lines before the
first chapter are front matter (title, date line, speaker: report metadata) up to the salutation
(各位代表：); the salutation and what follows it up to the first heading are the opening address.
Importing the 2024 source text reproduces its hand-checked chapters and sections (a test enforces
that).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..content.textutil import BLANKS

SENTENCE_END = "。！？!?"
_SENTENCE_CLOSERS = "”’」』\"'）)"
_CLAUSE_MARK = re.compile(r"[,，;；、:：]")
_NUMERAL = "一二三四五六七八九十百〇零"
_SPACE = r"[ \t\u3000]*"
#: Heading numbers by rank: parts, chapters 一、, sections （一）, items 1. and （1）.
MARKERS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^第[{_NUMERAL}\d]+(?:部分|篇|章)[、.．:：]?{_SPACE}"),
    re.compile(rf"^[{_NUMERAL}]+[、.．]{_SPACE}"),
    re.compile(rf"^[（(][{_NUMERAL}]+[）)]{_SPACE}"),
    re.compile(rf"^\d{{1,2}}(?:[、．]|\.(?!\d)){_SPACE}"),
    re.compile(rf"^(?:[（(]\d{{1,2}}[）)]|[①-⑳]){_SPACE}"),
)
CHAPTER_RANKS = (0, 1, 2)  # kinds of number that can mark chapters
ITEM_RANKS = (3, 4)  # 1. and （1）: headings only on a title line, otherwise list items
CHAPTER_MARK = MARKERS[1]
SECTION_MARK = MARKERS[2]
LEAD_MAX_CHARS = 20
TITLE_MAX_CHARS = 50
MAX_LEVEL = 4
WRAP_MIN_WIDTH = 30  # columns: a wrapped text's lines are at least this wide
WRAP_MIN_LINES = 3
_CLOSERS = "”’」』）)》\"'"
_NOT_TITLE_END = "。！？!?；;：:，,、….．"
SALUTATION = re.compile(r"^[^。！？!?，,]{0,16}(?:代表|委员|同志|朋友)[^。！？!?]{0,10}[：:]$")
DATELINE = re.compile(r"^[—\-－─]{1,2}|会议上")
SPEAKER = re.compile(
    r"^(?P<role>[\u4e00-\u9fff]{0,16}?(?:代?(?:区|市|县|省|州|旗)长|主任|主席))"
    r"[ \t\u3000\u2003]+(?P<name>[\u4e00-\u9fff·](?:[ \t\u3000\u2003]?[\u4e00-\u9fff·]){1,4})$"
)  # a name may be spaced out to the width of three characters: 张　勇
#: The start of an appendix: 附件, 附件1, 附件：名词解释 on a line of its own.
APPENDIX = re.compile(
    r"^(?P<label>附件[ \t\u3000]*[0-9一二三四五六七八九十]*[ \t\u3000]*[:：]?)[ \t\u3000]*"
    r"(?P<title>[^。！？!?，,；;]{0,30})$"
)
GLOSSARY_APPENDIX = re.compile(r"名词解释|名词注释|名词释义|术语解释")
#: Columns a wrapped line may stop short of the width: a character pushed to the next line
#: (a line may not start with ，or 。) and digits, which print wider than half a character.
WRAP_SLACK = 4
FIRST_LINE_INDENT = 4  # columns: the two-character first-line indent of official documents
REPORT_TITLE = re.compile(r"工作报告|报告(?:摘要|要点)")
#: Plain layout: titles that name a part of the report, and the parts that hold sub-headings.
PART_TITLE = re.compile(
    r"(回顾|安排|总体要求|预期目标|主要目标|目标任务|自身建设|重点工作|重点任务|工作任务|主要任务|"
    r"总体思路|指导思想)$"
)
CONTAINER_TITLE = re.compile(r"(回顾|工作安排|重点工作|重点任务|工作任务|主要任务)$")


@dataclass
class SectionOutline:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    label: str = ""
    level: int = 2
    line: int = 0


@dataclass
class ChapterOutline:
    title: str
    line: int
    paragraphs: list[str] = field(default_factory=list)  # before the first section
    sections: list[SectionOutline] = field(default_factory=list)
    label: str = ""
    appendix: bool = False  # a part after the report (附件), such as its 名词解释

    def zh_pieces(self) -> list[str]:
        """Every Chinese text of the chapter in reading order as the source has it, title
        first, each heading with its label."""
        pieces = [self.label + self.title, *self.paragraphs]
        for section in self.sections:
            pieces += [section.label + section.heading, *section.paragraphs]
        return pieces

    def add(self, paragraph: str) -> None:
        (self.sections[-1].paragraphs if self.sections else self.paragraphs).append(paragraph)

    def add_with_leads(self, line: str) -> None:
        """A line of the plain layout: lead sentences open sections, the text between them
        is one paragraph."""
        pending = ""
        for sentence in split_sentences(line):
            if is_lead_sentence(sentence):
                if pending:
                    self.add(pending)
                    pending = ""
                self.sections.append(SectionOutline(heading=sentence))
            else:
                pending += sentence
        if pending:
            self.add(pending)


@dataclass
class Outline:
    chapters: list[ChapterOutline]
    front: list[tuple[int, str]]  # (line number, text) before the opening: title, date, speaker
    numbered: bool
    opening: list[str] = field(default_factory=list)  # salutation and opening paragraphs
    skip_lines: int = 0  # non-blank source lines of the front matter (before any joining)

    @property
    def unplaced(self) -> list[tuple[int, str]]:
        """Lines that belong to no chapter or opening (the front matter)."""
        return self.front

    def paragraph_count(self) -> int:
        return len(self.opening) + sum(
            len(c.paragraphs) + sum(len(s.paragraphs) for s in c.sections) for c in self.chapters
        )


def split_sentences(text: str) -> list[str]:
    """Sentences with their closing punctuation and quotes; nothing is dropped or added. A
    half-width full stop ends a sentence after Chinese text (优化.), not in a figure (4.8%)."""
    sentences, start, index = [], 0, 0
    while index < len(text):
        if text[index] in SENTENCE_END or _is_half_stop(text, index):
            index += 1
            while index < len(text) and (
                text[index] in SENTENCE_END + _SENTENCE_CLOSERS or _is_half_stop(text, index)
            ):
                index += 1
            sentences.append(text[start:index])
            start = index
        else:
            index += 1
    if start < len(text):
        sentences.append(text[start:])
    return sentences


def _is_half_stop(text: str, index: int) -> bool:
    if text[index] != "." or index == 0:
        return False
    before, after = text[index - 1], text[index + 1 : index + 2]
    return not re.match(r"[0-9A-Za-z.]", before) and not re.match(r"[0-9A-Za-z.]", after)


def is_lead_sentence(sentence: str) -> bool:
    """A short statement with no clause marks and no figures: 推进创新协同互补互促。"""
    body = sentence.rstrip(SENTENCE_END + ".")
    return (
        0 < len(body) <= LEAD_MAX_CHARS
        and not _CLAUSE_MARK.search(body)
        and not re.search(r"[0-9０-９]", body)
        and sentence != body
    )


def is_title_line(line: str) -> bool:
    """A line that does not end a sentence or clause, and is short enough to be a heading."""
    body = line.rstrip(_CLOSERS + BLANKS)
    return (
        0 < len(line) <= TITLE_MAX_CHARS
        and bool(body)
        and body[-1] not in _NOT_TITLE_END
        and re.search(r"[^\W\d_]", body) is not None  # never a heading of digits alone
    )


def clean_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers, without surrounding blanks or \\r."""
    return [
        (number, stripped)
        for number, line in enumerate(text.splitlines(), start=1)
        if (stripped := line.strip(BLANKS))
    ]


def display_width(text: str) -> int:
    """Columns a line takes in a fixed-width view: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text was cut at (text copied from a PDF or a fixed-width
    file), or None when lines are whole paragraphs. Wrapped text has many lines of one width
    (indentation included) that end in mid-sentence."""
    lines = [line.rstrip(BLANKS) for line in text.splitlines() if line.strip(BLANKS)]
    cut = [
        display_width(line)
        for line in lines
        if display_width(line) >= WRAP_MIN_WIDTH and line[-1] not in SENTENCE_END + _CLOSERS + "：:"
    ]
    if not cut:
        return None
    width = max(set(cut), key=lambda w: (sum(abs(c - w) <= 2 for c in cut), w))
    near = sum(abs(c - width) <= 2 for c in cut)
    # the widest lines that recur: lines with digits or a character pushed down fall short
    width = max(
        (c for c in set(cut) if width <= c <= width + 2 and cut.count(c) >= 2), default=width
    )
    wider = sum(display_width(line) > width + 2 for line in lines)
    # lines of whole paragraphs are wider than titles: wrapped text has (almost) none wider
    return width if near >= WRAP_MIN_LINES and wider <= len(lines) * 0.1 else None


def paragraph_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines as clean_lines gives them, except that the lines of a hard-wrapped
    paragraph are joined: a line cut at the wrap width continues on the next line unless that
    is blank, indented, or numbered."""
    lines = clean_lines(text)
    width = wrap_width(text)
    if width is None:
        return lines
    raw = text.splitlines()
    # text copied out of a PDF loses the first-line indents: a paragraph's first line is then
    # two characters short of the width, and still continues
    indents_lost = _indents_lost(lines, raw, width)
    joined: list[tuple[int, str]] = []
    previous = 0
    first = False  # the previous line opened its paragraph
    for number, line in lines:
        before = raw[previous - 1].rstrip(BLANKS) if previous else ""
        slack = FIRST_LINE_INDENT if first and indents_lost else 0
        continues = (
            joined
            and number == previous + 1
            and display_width(before) >= width - WRAP_SLACK - slack
            and (
                before[-1:] not in SENTENCE_END + "：:"
                # without indents, a sentence that ends at the line's end goes on when the
                # next line is full: a paragraph's first line would be two characters short
                or (indents_lost and display_width(line) >= width - 2)
            )
            and raw[number - 1][:1] not in BLANKS
            and marker(line) is None
        )
        if continues:
            joined[-1] = (joined[-1][0], joined[-1][1] + line)
        else:
            joined.append((number, line))
        first = not continues
        previous = number
    return joined


def _indents_lost(lines: list[tuple[int, str]], raw: list[str], width: int) -> bool:
    """Whether the text lost its first-line indents: no line is indented, and many lines
    that go on in mid-sentence stop about two characters short of the width."""
    if any(raw[number - 1][:1] in BLANKS for number, _ in lines):
        return False
    widths = [
        display_width(line) for _, line in lines if line[-1] not in SENTENCE_END + _CLOSERS + "：:"
    ]
    full = sum(w >= width - 2 for w in widths)
    short = sum(width - 2 * FIRST_LINE_INDENT <= w < width - 2 for w in widths)
    return short >= max(3, full // 4)


def marker(line: str) -> tuple[int, str, str] | None:
    """(rank, label, rest) of a numbered line: ``（一）深化改革`` -> (2, "（一）", "深化改革")."""
    for rank, pattern in enumerate(MARKERS):
        found = pattern.match(line)
        if found and found.end() < len(line):
            return rank, found.group(), line[found.end() :]
    return None


def _chapter_rank(lines: list[tuple[int, str]]) -> int | None:
    """The highest kind of number that marks chapters: 第一部分 if used twice, else 一、..."""
    counts = [0] * len(MARKERS)
    for _, line in lines:
        found = marker(line)
        if found:
            counts[found[0]] += 1
    for rank in CHAPTER_RANKS:
        if counts[rank] >= 2:  # one stray 第一部分 or 一、 at a line start makes no outline
            return rank
    return None


def _split_run_in(text: str) -> tuple[str, str]:
    """A heading line's first sentence, and the text after it (a paragraph run in)."""
    sentences = split_sentences(text)
    return sentences[0], "".join(sentences[1:])


def outline_report(text: str) -> Outline:
    """The outline of a report's text, in either layout."""
    lines = paragraph_lines(text)
    start = _appendix_start(lines)
    lines, appendix = lines[:start], lines[start:]
    rank = _chapter_rank(lines)
    if rank is None:
        outline = _plain_outline(lines)
    else:
        first = next(i for i, (_, line) in enumerate(lines) if _is_chapter_line(line, rank))
        front, opening = split_front(lines[:first])
        chapters = _numbered_chapters(lines[first:], rank)
        outline = Outline(chapters=chapters, front=front, numbered=True, opening=opening)
    if outline.chapters:
        outline.chapters += appendix_chapters(appendix)
    after = lines[len(outline.front)][0] if len(outline.front) < len(lines) else len(text) + 1
    outline.skip_lines = sum(1 for number, _ in clean_lines(text) if number < after)
    return outline


def _appendix_start(lines: list[tuple[int, str]]) -> int:
    """Where the appendices begin: the first line 附件 (附件1, 附件：名词解释) after the body."""
    for index, (_, line) in enumerate(lines):
        if index > 0 and APPENDIX.match(line):
            return index
    return len(lines)


def appendix_chapters(lines: list[tuple[int, str]]) -> list[ChapterOutline]:
    """Each appendix as a part of its own: 附件 (with its number) is the label, the title on
    the same line or the next (名词解释) the title; title lines in it are sections."""
    chapters: list[ChapterOutline] = []
    waiting_title = False
    for number, line in lines:
        found = APPENDIX.match(line)
        if found:
            label, title = found.group("label"), found.group("title")
            chapters.append(ChapterOutline(title or label, number, label=label if title else "",
                                           appendix=True))  # fmt: skip
            waiting_title = not title
        elif waiting_title and is_title_line(line):
            chapters[-1].label, chapters[-1].title = chapters[-1].title, line
            waiting_title = False
        elif is_title_line(line):
            chapters[-1].sections.append(SectionOutline(line, [], "", 2, number))
            waiting_title = False
        else:
            chapters[-1].add(line)
            waiting_title = False
    return chapters


def _is_chapter_line(line: str, rank: int) -> bool:
    found = marker(line)
    return found is not None and found[0] <= rank


def _numbered_chapters(lines: list[tuple[int, str]], chapter_rank: int) -> list[ChapterOutline]:
    heading_ranks = sorted(
        {
            found[0]
            for _, line in lines
            if (found := marker(line))
            and found[0] > chapter_rank
            and (found[0] not in ITEM_RANKS or is_title_line(found[2]))
        }
    )
    level_of = {r: min(MAX_LEVEL, 2 + i) for i, r in enumerate(heading_ranks)}
    chapters: list[ChapterOutline] = []
    numbered_level = 1  # the level of the last numbered heading: unnumbered titles go below it
    for number, line in lines:
        found = marker(line)
        if found and found[0] <= chapter_rank:
            title, run_in = _split_run_in(found[2])
            chapters.append(ChapterOutline(title=title, line=number, label=found[1]))
            numbered_level = 1
        elif (
            found
            and found[0] in level_of
            and (found[0] not in ITEM_RANKS or is_title_line(found[2]))
        ):
            title, run_in = _split_run_in(found[2])
            level = level_of[found[0]]
            chapters[-1].sections.append(SectionOutline(title, [], found[1], level, number))
            numbered_level = level
        elif is_title_line(line) and not SALUTATION.match(line):
            level = min(MAX_LEVEL, numbered_level + 1)
            chapters[-1].sections.append(SectionOutline(line, [], "", level, number))
            continue
        else:
            chapters[-1].add(line)
            continue
        if run_in:
            chapters[-1].add(run_in)
    return chapters


def split_front(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[str]]:
    """Lines before the first chapter: front matter (title, date line, speaker) and opening
    (the salutation and the paragraphs after it; without a salutation, everything after the
    leading title lines)."""
    for index, (_, line) in enumerate(lines):
        if SALUTATION.match(line):
            return lines[:index], [text for _, text in lines[index:]]
    index = 0
    while index < len(lines) and (is_title_line(lines[index][1]) or _is_front(lines[index][1])):
        index += 1
    return lines[:index], [text for _, text in lines[index:]]


def _is_front(line: str) -> bool:
    return bool(DATELINE.search(line) or SPEAKER.match(line) or REPORT_TITLE.search(line))


def _plain_outline(lines: list[tuple[int, str]]) -> Outline:
    """The plain layout: title lines are chapters (or sections of a review or plan)."""
    start = _plain_front_end(lines)
    front = lines[:start]
    first = next((i for i in range(start, len(lines)) if is_title_line(lines[i][1])), len(lines))
    opening = [text for _, text in lines[start:first]]
    grouped: list[tuple[ChapterOutline, list[str]]] = []
    for number, line in lines[first:]:
        if is_title_line(line):
            current = grouped[-1][0] if grouped else None
            if (
                current is not None
                and CONTAINER_TITLE.search(current.title)
                and not PART_TITLE.search(line)
            ):
                current.sections.append(SectionOutline(heading=line, line=number))
                grouped[-1][1].append("")  # the lines below belong to this section
                continue
            grouped.append((ChapterOutline(title=line, line=number), []))
        else:
            grouped[-1][1].append(line)
    for chapter, body in grouped:
        titled = bool(chapter.sections)
        sections = iter(chapter.sections)
        chapter.sections = []
        for line in body:
            if line == "":  # a title-line section starts here
                chapter.sections.append(next(sections))
            elif titled:
                chapter.add(line)
            else:
                chapter.add_with_leads(line)
    return Outline(chapters=[c for c, _ in grouped], front=front, numbered=False, opening=opening)


def _plain_front_end(lines: list[tuple[int, str]]) -> int:
    """Where the front matter ends in the plain layout: at the salutation, or after leading
    lines that name the report, give its date line or its speaker."""
    for index, (_, line) in enumerate(lines[:10]):
        if SALUTATION.match(line):
            return index
    index = 0
    while index < len(lines) and _is_front(lines[index][1]):
        index += 1
    return index


def outline_text(text: str) -> list[ChapterOutline]:
    """Chapters of ``text``; see outline_report for the front matter and opening."""
    return outline_report(text).chapters
