"""Read the files staff hold — a PDF, a Word document, a saved web page or plain text — as the
report's text: one paragraph a line, with every line of the input that is left out listed with
the reason (page numbers, running titles, page furniture of a web site, tables).

- PDF (pypdfium2, Google's PDFium): the characters with their boxes, grouped into lines by
  position. Lines that recur at one place on several pages (running titles) and page numbers at
  the top or bottom of a page are dropped; the body's left and right edges give the real line
  width, so a line that reaches the right edge continues on the next line unless that is
  indented, centred or set in another size. PDFium maps the radical code points some PDF makers
  write (⼯ for 工, ⻘ for 青) back to the ideographs; pdfminer and pypdf do not.
- Word (python-docx): the body's paragraphs in order, manual line breaks as line ends; headers,
  footers and tables are listed as dropped.
- Web pages (BeautifulSoup with lxml): the report's block is the deepest element holding nine
  tenths of the page's sentences; what is outside it (navigation, breadcrumbs, the 来源 and
  发布时间 line, 【打印】【关闭】, 扫一扫, 责任编辑, related links, footer) is dropped with its
  reason, as are such lines inside it. The page's own heading becomes the title line when the
  block does not start with it; the publication date is never taken for the date of the speech.
- Text (UTF-8 or GB18030/GBK): as it is, except page numbers (— 3 —, 第3页) and running titles
  left in text copied out of a PDF, wherever they stand; joining wrapped lines is the outline's
  work (tools/outline.py).
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: the old binary formats
_BLANKS = " \t\u3000\u00a0\u2002\u2003\r\n\f\ufeff"
#: A page number on a line of its own: — 3 —, - 3 -, 3, 第3页, 第 3 页 共 12 页, 3/12.
PAGE_NUMBER = re.compile(
    r"^[—–－\-─‐]*\s*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*[—–－\-─‐]*$"
)
#: A page number left at the end (or start) of a line of text by copying out of a PDF.
GLUED_PAGE_NUMBER = re.compile(
    r"[—–－\-─]\s?\d{1,4}\s?[—–－\-─]$|^[—–－\-─]\s?\d{1,4}\s?[—–－\-─](?=\S)"
)


class DocumentRefused(Exception):
    """The file cannot be read as a report: one line saying why and what to do."""


@dataclass(frozen=True)
class Dropped:
    """A line of the input that is not in the imported text."""

    where: str  # "page 2, line 31", "paragraph 14", "line 40", "outside the report's block"
    text: str
    why: str


@dataclass
class Document:
    kind: str  # what was read, for the import's summary
    text: str  # one paragraph (or wrapped line of text) a line
    dropped: list[Dropped] = field(default_factory=list)
    encoding: str = ""


def read_document(path: Path) -> Document:
    """The report's text from ``path``, whatever the format; DocumentRefused if it has none."""
    raw = path.read_bytes()
    if not raw.strip(b" \t\r\n\x00") or not raw.decode("utf-8", "ignore").strip(_BLANKS + "\x00"):
        raise DocumentRefused(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if raw.startswith(b"%PDF-") or suffix == ".pdf":
        return read_pdf(path)
    if raw.startswith(OLE_MAGIC) or suffix in (".doc", ".wps"):
        raise DocumentRefused(
            f"{path}: an old binary Word/WPS document (.doc/.wps) cannot be read; open it in "
            "Word or WPS, save it as .docx, and import that"
        )
    if raw.startswith(b"PK\x03\x04") or suffix == ".docx":
        return read_docx(path, raw)
    head = raw[:2048].lstrip().lower()
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or head.startswith(
        (b"<!doctype html", b"<html")
    ):
        return read_html(path, raw)
    return read_text(path, raw)


# --- text --------------------------------------------------------------------------------------


def decode_text(path: Path, raw: bytes) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentRefused(f"{path}: UTF-16 text is not supported; save it as UTF-8 and retry")
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DocumentRefused(f"{path}: not UTF-8 or GB18030/GBK text; save it as UTF-8 and retry")


def read_text(path: Path, raw: bytes) -> Document:
    text, encoding = decode_text(path, raw)
    kept, dropped = drop_page_furniture(text)
    return Document(f"text, {encoding}", kept, dropped, encoding)


def drop_page_furniture(text: str) -> tuple[str, list[Dropped]]:
    """Text copied out of a PDF without its page numbers and running titles. Page breaks are
    form feeds (pdftotext) or nothing (copied from a viewer); a running title is a line that
    opens or closes at least two pages, or, without page breaks, recurs right before or after
    page numbers. The line numbers of the other lines do not change (dropped lines are
    emptied)."""
    lines = text.split("\n")
    dropped: list[Dropped] = []
    numbers = {
        i for i, line in enumerate(lines) if PAGE_NUMBER.match(_clean(line)) and _clean(line)
    }
    # a bare number is a page number only where the text has several, at page ends
    bare = {i for i in numbers if _clean(lines[i]).isdigit()}
    if len(numbers - bare) < 1 and len(bare) < 2:
        numbers = set()
    edges = _page_edges(lines, numbers)
    counted = Counter(_clean(lines[i]) for i in edges if _clean(lines[i]) and i not in numbers)
    running = {line for line, count in counted.items() if count >= 2 and len(line) <= 40}
    out: list[str] = []
    for index, line in enumerate(lines):
        clean = _clean(line)
        if index in numbers:
            dropped.append(Dropped(f"line {index + 1}", clean, "page number"))
            out.append("\f")
        elif index in edges and clean in running:
            dropped.append(Dropped(f"line {index + 1}", clean, "running title of the pages"))
            out.append("\f")
        else:
            glued = GLUED_PAGE_NUMBER.search(clean)
            if glued and len(clean) > len(glued.group()):
                dropped.append(Dropped(f"line {index + 1}", glued.group(), "page number"))
                line = line.replace(glued.group(), "", 1)
            out.append(line)
    # a page break with its furniture and the blank lines around it is no break in the text:
    # a paragraph that runs on to the next page is joined like any wrapped line
    kept: list[str] = []
    at_break = False
    for item in out:
        if "\f" in item:
            while kept and not _clean(kept[-1]):
                kept.pop()
            item = item.replace("\f", "")
            at_break = True
            if not _clean(item):
                continue
        elif at_break and not _clean(item):
            continue
        at_break = False
        kept.append(item)
    return "\n".join(kept), dropped


def _clean(line: str) -> str:
    return line.strip(_BLANKS)


def _page_edges(lines: list[str], numbers: set[int]) -> set[int]:
    """Indexes of the first and last non-blank lines of each page (pages split at form feeds
    and at page-number lines)."""
    edges: set[int] = set()
    page: list[int] = []

    def close() -> None:
        body = [i for i in page if _clean(lines[i]) and i not in numbers]
        if body:
            edges.update((body[0], body[-1]))
        page.clear()

    for index, line in enumerate(lines):
        if "\f" in line:  # a new page starts within this line
            close()
        if index in numbers:
            page.append(index)
            close()
            continue
        page.append(index)
    close()
    return edges


# --- PDF ---------------------------------------------------------------------------------------


@dataclass
class _Line:
    page: int
    number: int  # on its page, from 1
    text: str
    x0: float
    x1: float
    top: float  # from the page's top
    bottom: float
    size: float  # the median character height

    @property
    def key(self) -> str:
        return re.sub(r"\d+", "#", self.text.replace(" ", ""))


def read_pdf(path: Path) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise DocumentRefused(
                f"{path}: the PDF is encrypted (it opens only with a password); ask for a copy "
                "without a password, or for the Word document"
            ) from None
        raise DocumentRefused(f"{path}: not a readable PDF ({error})") from None
    try:
        pages = [_page_lines(pdf[index], index + 1) for index in range(len(pdf))]
    finally:
        pdf.close()
    lines = [line for page in pages for line in page]
    if not any(line.text.strip() for line in lines):
        raise DocumentRefused(
            f"{path}: the PDF has no text layer ({len(pages)} page(s) of images only: a scan); "
            "run it through OCR first, or ask for the Word document or a PDF saved from it"
        )
    body, dropped = _drop_pdf_furniture(pages)
    paragraphs = _pdf_paragraphs(body)
    return Document(f"PDF, {len(pages)} pages", "\n".join(paragraphs) + "\n", dropped)


def _page_lines(page: object, page_number: int) -> list[_Line]:
    """The page's characters grouped into lines: a character that does not overlap the current
    line vertically, or that jumps back to the left, starts a new line."""
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    height = page.get_height()  # type: ignore[attr-defined]
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    groups: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    for index in range(min(count, len(text))):
        char = text[index]
        if char in "\r\n\ufffe":
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        if right - left <= 0 and top - bottom <= 0:
            if char == " " and groups:
                groups[-1].append((char, groups[-1][-1][1]))
            continue
        box = (left, height - top, right, height - bottom)  # x0, top, x1, bottom from the top
        if groups:
            last = groups[-1]
            tops = [b[1] for c, b in last if c.strip()] or [last[-1][1][1]]
            bottoms = [b[3] for c, b in last if c.strip()] or [last[-1][1][3]]
            middle = (box[1] + box[3]) / 2
            same_row = min(tops) - 1 <= middle <= max(bottoms) + 1
            if same_row and box[0] >= last[-1][1][0] - 2:
                last.append((char, box))
                continue
        groups.append([(char, box)])
    lines: list[_Line] = []
    for group in groups:
        text_of = "".join(c for c, _ in group).strip(_BLANKS)
        if not text_of:
            continue
        inked = [b for c, b in group if c.strip()]
        lines.append(
            _Line(
                page_number,
                len(lines) + 1,
                unicodedata.normalize("NFC", text_of),
                min(b[0] for b in inked),
                max(b[2] for b in inked),
                min(b[1] for b in inked),
                max(b[3] for b in inked),
                statistics.median(b[3] - b[1] for b in inked),
            )
        )
    return lines


def _drop_pdf_furniture(pages: list[list[_Line]]) -> tuple[list[_Line], list[Dropped]]:
    """Lines that recur at one height on several pages (running titles, page numbers with the
    number masked), and page numbers above or below all other text of their page."""
    at_height: Counter[tuple[str, int]] = Counter()
    for page in pages:
        for key in {(line.key, round(line.top / 4)) for line in page}:
            at_height[key] += 1
    body: list[_Line] = []
    dropped: list[Dropped] = []
    for page in pages:
        tops = [line.top for line in page]
        for line in page:
            where = f"page {line.page}, line {line.number}"
            outermost = line.top <= min(tops) + 1 or line.top >= max(tops) - 1  # by place
            is_number = bool(PAGE_NUMBER.match(line.text)) and (outermost or len(pages) > 1)
            recurring = len(pages) > 1 and at_height[(line.key, round(line.top / 4))] >= 2
            if is_number and (outermost or recurring):
                dropped.append(Dropped(where, line.text, "page number"))
            elif recurring and outermost:
                dropped.append(Dropped(where, line.text, "running title of the pages"))
            else:
                body.append(line)
    return body, dropped


def _pdf_paragraphs(lines: list[_Line]) -> list[str]:
    """Lines joined into paragraphs by their place: a line continues on the next unless it
    stops short of the body's right edge, or the next is indented, centred, set in another
    size, or further down than the line spacing."""
    if not lines:
        return []
    size = statistics.median(line.size for line in lines)
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = max(
        Counter(round(line.x1) for line in lines if line.x1 > left + size * 10).items(),
        key=lambda item: (item[1], item[0]),
        default=(round(max(line.x1 for line in lines)), 0),
    )[0]
    pitches = [
        b.top - a.top for a, b in itertools.pairwise(lines) if a.page == b.page and b.top > a.top
    ]
    pitch = statistics.median(pitches) if pitches else size * 2

    def centred(line: _Line) -> bool:
        return line.x0 > left + size * 1.5 and abs((line.x0 - left) - (right - line.x1)) < size

    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in lines:
        continues = (
            previous is not None
            and previous.x1 >= right - size * 1.2
            and line.x0 <= left + size * 0.6
            and not centred(previous)
            and abs(line.size - previous.size) <= size * 0.15
            and (line.page != previous.page or line.top - previous.top <= pitch * 1.3)
        )
        if continues:
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def _join(first: str, second: str) -> str:
    """Two wrapped lines as one: a space only between two Latin letters or digits."""
    if (
        first[-1:].isascii()
        and first[-1:].isalnum()
        and second[:1].isascii()
        and second[:1].isalpha()
    ):
        return first + " " + second
    return first + second


# --- Word --------------------------------------------------------------------------------------


def read_docx(path: Path, raw: bytes) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentRefused(f"{path}: a ZIP file, but not a Word document (.docx)")
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentRefused(f"{path}: not a readable Word document ({error})") from None
    lines: list[str] = []
    dropped: list[Dropped] = []
    styled = 0
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row_number, row in enumerate(block.rows, start=1):
                cells = dict.fromkeys(c.text.strip(_BLANKS) for c in row.cells)
                text = " | ".join(c for c in cells if c)
                if text:
                    dropped.append(
                        Dropped(
                            f"table, row {row_number}",
                            text,
                            "table (tables are not imported: add it by hand)",
                        )
                    )
            continue
        assert isinstance(block, Paragraph)
        number += 1
        if block.style is not None and block.style.name.lower().startswith(("heading", "title")):
            styled += 1
        for part in block.text.split("\n"):
            part = part.strip(_BLANKS)
            if part:
                lines.append(part)
    for section_number, section in enumerate(document.sections, start=1):
        for place, margin in (("header", section.header), ("footer", section.footer)):
            if margin.is_linked_to_previous and section_number > 1:
                continue
            for paragraph in margin.paragraphs:
                text = paragraph.text.strip(_BLANKS)
                if text:
                    dropped.append(Dropped(f"page {place}", text, f"page {place} (not body text)"))
    kind = f"Word document, {number} paragraphs, {styled} with heading styles"
    return Document(kind, "\n".join(lines) + "\n", dropped)


# --- web pages ---------------------------------------------------------------------------------

#: Lines of a government web page that are not the report, and why (checked in this order).
FURNITURE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(当前位置|您的位置|你的位置|首页\s*[>＞»])"), "breadcrumbs"),
    (re.compile(r"(发布时间|发布日期|来源[:：]|信息来源|浏览次数|访问次数|阅读次数|点击数|字体[:：]?【?\s*大)"),
     "source and publication line (the page's date, not the speech's)"),
    (re.compile(r"【?\s*(打印|关闭|打印本页|关闭窗口|打印此页|收藏)\s*】?"), "print/close links"),
    (re.compile(r"(扫一扫|二维码|手机打开|分享到)"), "share and QR-code box"),
    (re.compile(r"^[（(]?\s*(责任编辑|编辑|审核|校对|责编)\s*[:：]"), "editor's name"),
    (re.compile(r"(主办单位|承办单位|主办[:：]|承办[:：]|ICP备|公网安备|网站标识码|版权所有|网站地图|联系我们|技术支持|建议使用.*浏览)"),
     "site footer"),
    (re.compile(r"^(相关链接|相关文章|相关阅读|相关新闻|上一篇|下一篇)"), "related links"),
)  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td", "th",
    "section", "article", "header", "footer", "nav", "aside", "blockquote", "center", "dl", "dt",
    "dd", "form", "main", "pre", "hr", "tbody", "thead",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe"}


def read_html(path: Path, raw: bytes) -> Document:
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(raw, "lxml")
    for tag in soup.find_all(_SKIP_TAGS):
        tag.decompose()
    blocks = _html_blocks(soup.body or soup)
    sentences = [(el, text) for el, text in blocks if "。" in text and len(text) >= 15]
    total = sum(len(text) for _, text in sentences)
    if total < 150 or len(sentences) < 3:
        raise DocumentRefused(
            f"{path}: no report text found in the web page ({len(sentences)} paragraph(s) of "
            "sentences); save the page that shows the report itself, not a list or index page"
        )
    container = _container(sentences, total)
    lines: list[str] = []
    dropped: list[Dropped] = []
    for number, (el, text) in enumerate(blocks, start=1):
        where = f"block {number}"
        is_inside = el is container or container in el.parents
        why = _furniture(text) if len(text) <= 80 or "。" not in text else None
        if is_inside and why is None:
            lines.append(text)
        else:
            dropped.append(Dropped(where, text, why or "outside the report's text on the page"))
    title = _page_title(soup, container, Tag)
    if title and not any(title in line or line in title for line in lines[:3]):
        lines.insert(0, title)
        dropped = [d for d in dropped if d.text != title]
        dropped.append(Dropped("page heading", title, "kept as the report's title line"))
    return Document(f"web page, {len(lines)} paragraphs", "\n".join(lines) + "\n", dropped)


def _html_blocks(root: object) -> list[tuple[Any, str]]:
    """(element, text) for each line of the page as a browser shows it: a block element or a
    stretch between <br>s; the element is the innermost block holding the line."""
    from bs4 import NavigableString, Tag

    blocks: list[tuple[Any, str]] = []
    pending: list[str] = []
    owner: list[object] = [root]

    def flush() -> None:
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(pending)).strip(_BLANKS)
        if text:
            blocks.append((owner[-1], text))
        pending.clear()

    def walk(node: object) -> None:
        for child in node.children:  # type: ignore[attr-defined]
            if isinstance(child, NavigableString):
                if type(child).__name__ in (
                    "Comment",
                    "Doctype",
                    "Declaration",
                    "CData",
                    "ProcessingInstruction",
                ):
                    continue
                pending.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    flush()
                elif child.name in _BLOCK_TAGS:
                    flush()
                    owner.append(child)
                    walk(child)
                    flush()
                    owner.pop()
                elif child.name == "img":
                    continue
                else:
                    walk(child)

    walk(root)
    flush()
    return blocks


def _container(sentences: list[tuple[Any, str]], total: int) -> Any:
    """The deepest element holding nine tenths of the sentences' text."""
    held: Counter[int] = Counter()
    by_id: dict[int, object] = {}
    depth: dict[int, int] = {}
    for el, text in sentences:
        chain = [el, *el.parents]  # type: ignore[attr-defined]
        for level, ancestor in enumerate(reversed(chain)):
            held[id(ancestor)] += len(text)
            by_id[id(ancestor)] = ancestor
            depth[id(ancestor)] = level
    best = max((key for key, count in held.items() if count >= total * 0.9), key=lambda k: depth[k])
    return by_id[best]


def _furniture(text: str) -> str | None:
    for pattern, why in FURNITURE:
        if pattern.search(text):
            return why
    return None


def _page_title(soup: object, container: object, tag_type: type) -> str:
    """The report's title as the page heads it: the last h1/h2 (or element classed as a title)
    before the report's block; the browser title (<title>) only names the page and site."""
    title = ""
    for el in soup.find_all(True):  # type: ignore[attr-defined]
        if el is container:
            break
        classes = " ".join(el.get("class") or [])
        if el.name in ("h1", "h2") or re.search(r"title|biaoti|bt", classes, re.I):
            text = el.get_text(" ", strip=True).strip(_BLANKS)
            if text and len(text) <= 60 and "。" not in text:
                title = text
    return title
