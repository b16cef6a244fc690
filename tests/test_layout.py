"""Layout: every built page as a reader sees it in Chromium, both languages, desktop and phone.

No source syntax in the visible text, nothing wider than the screen, a visible focus ring on
every header control, tap targets of 24 x 24 px on phones, paragraph links that stay in the
address bar, 404 pages in the page's language, dark mode, and printed full text (a real PDF
from Chromium, read back with poppler's pdftotext) that fills its pages, keeps headings with
their text and fits its tables on the paper.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
from policysite.checks.loader import load_site

from .conftest import REPO, nginx_wanted

pytestmark = pytest.mark.browser

REPORT = load_site(REPO).site.reports[0]
PREFIXES = {"zh": "", "en": "/en"}
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
HAN = re.compile(r"[\u4e00-\u9fff]")


def site_pages(built: Path, prefix: str) -> list[str]:
    """Every HTML page of one language, as site paths (the 404 page included)."""
    root = built / prefix.strip("/")
    pages = []
    for file in sorted(root.rglob("*.html")):
        relative = file.relative_to(root)
        if relative.parts[0] in ("assets", "search", "en"):
            continue
        path = "/" + relative.as_posix()
        pages.append(prefix + path.removesuffix("index.html"))
    assert len(pages) >= 12, pages
    return pages


# --- visible text -------------------------------------------------------------------------

SOURCE_SYNTAX = {
    "template tag": r"\{[{%#]|[}%]\}",
    "Markdown list marker": r"(?m)(^|\s)[-*]\s+\S",
    "Markdown link": r"\]\(|\]\[",
    "Markdown emphasis": r"\*\*|(^|\s)__\S",
    "Markdown heading": r"(?m)^#{1,6}\s",
    "attribute list": r"\{\s*[.#:][\w-]",
    "escaped HTML shown as text": r"&(amp|lt|gt|quot|#\d+);",
    "HTML tag": r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>",
}


def source_syntax(text: str) -> dict[str, list[str]]:
    found = {}
    for name, pattern in SOURCE_SYNTAX.items():
        hits = [text[max(0, m.start() - 30) : m.end() + 30] for m in re.finditer(pattern, text)]
        if hits:
            found[name] = hits[:3]
    return found


def test_source_syntax_patterns_catch_what_leaked_before() -> None:
    # the scrambled chapter list on the home page, as Chromium showed it
    assert "Markdown list marker" in source_syntax("…等重点部署。 - 2. 2024年主要预期目标")
    assert source_syntax("{#report-2024} {{ t.title }} [a](b.md) **x** <span>") != {}
    assert source_syntax("4.8% – 6% — “Three News”; Beijing-Tianjin-Hebei; 1,200 km") == {}


@pytest.mark.parametrize("lang", list(PREFIXES))
def test_every_chapter_on_the_home_pages_is_a_card_with_its_own_summary(
    new_page: Callable[..., Any], lang: str
) -> None:
    page = new_page(PREFIXES[lang] + "/")
    cards = page.evaluate(
        """() => [...document.querySelectorAll('.grid.cards > ul > li')].map(li =>
            [li.querySelector('a').innerText, li.innerText])"""
    )
    assert len(cards) == len(REPORT.chapters)
    for (link, text), chapter in zip(cards, REPORT.chapters, strict=True):
        assert link.endswith(chapter.short_title.in_language(lang))
        summary = chapter.summary.in_language(lang)  # type: ignore[union-attr]
        assert text.split("\n")[-1].strip() == summary
    # the report's own first page is its cover and contents, not a copy of the home page
    cover = new_page(f"{PREFIXES[lang]}/{REPORT.id}/")
    assert cover.locator(".grid.cards").count() == 0
    assert cover.locator(".bp-figures").count() == 0
    contents = cover.evaluate(
        """() => [...document.querySelectorAll('#chapters ~ ul > li > a')].map(a => a.innerText)"""
    )
    assert [c.split(" ", 1)[-1].split("、")[-1] for c in contents] == [
        chapter.short_title.in_language(lang) for chapter in REPORT.chapters
    ]


# --- width --------------------------------------------------------------------------------

# Elements that stick out of the viewport and are not inside a box that scrolls or clips them.
ESCAPES = """() => {
  const width = document.documentElement.clientWidth;
  const boxed = (e) => {  // inside a box (on screen) that scrolls or clips it
    for (let n = e.parentElement; n && n !== document.body; n = n.parentElement) {
      if (getComputedStyle(n).overflowX === 'visible') continue;
      const r = n.getBoundingClientRect();
      if (r.left >= -1 && r.right <= width + 1) return true;
    }
    return false;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    '.' + String(e.className).trim().split(/\\s+/).join('.');
  const out = [];
  for (const e of document.querySelectorAll('.md-header *, .md-content *, .md-footer *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
    if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    if (!boxed(e)) out.push(name(e) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  return {page: document.documentElement.scrollWidth, viewport: width, escapes: out.slice(0, 5)};
}"""

# At desktop width a table fits its column: no scrolling needed to see every column.
TABLES_NEEDING_SCROLL = """() => [...document.querySelectorAll('.md-content table')].filter(t => {
  for (let n = t; n && !n.matches('.md-content'); n = n.parentElement) {
    const box = getComputedStyle(n).overflowX !== 'visible';
    if (box && n.scrollWidth > n.clientWidth + 1) return true;  // any box that scrolls it
  }
  return t.getBoundingClientRect().right > document.documentElement.clientWidth;
}).map(t => t.id || t.parentElement.className)"""


# List items whose bullet is not on their first line of text. An item that opens with an
# inline block (a link made a 24-px tap target on phones) has its bullet on the baseline of
# the block's last line when the link wraps. The bullet's line is found with an empty inline
# probe put where the item's first line starts (inside a paragraph that opens the item).
BULLETS_OFF_THE_FIRST_LINE = """() => {
  const blockLevel = ['block', 'flex', 'grid', 'table', 'list-item', 'flow-root'];
  const out = [];
  for (const li of document.querySelectorAll('.md-content li')) {
    const style = getComputedStyle(li);
    if (style.display !== 'list-item' || style.listStyleType === 'none') continue;
    if (!li.checkVisibility()) continue;
    const texts = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
    let text = texts.nextNode();
    while (text && !text.textContent.trim()) text = texts.nextNode();
    if (!text) continue;
    let host = li;
    for (let e = li.firstElementChild; e && blockLevel.includes(getComputedStyle(e).display);
         e = e.firstElementChild) {
      if (e.contains(text)) host = e; else break;
    }
    const at = text.textContent.search(/\\S/);
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 1);
    const first = range.getClientRects()[0];
    const probe = document.createElement('span');
    probe.textContent = '\\u200b';
    host.insertBefore(probe, host.firstChild);
    const bullet = probe.getBoundingClientRect();
    probe.remove();
    if (first && Math.abs(bullet.bottom - first.bottom) > first.height / 2) {
      out.push(text.textContent.trim().slice(0, 24) + ': bullet ' +
        Math.round(bullet.bottom - first.bottom) + ' px from its first line');
    }
  }
  return out.slice(0, 5);
}"""


def set_reading_mode(page: Any, large: bool) -> None:
    page.evaluate(f"localStorage.setItem('bp-reading-mode', '{'large' if large else 'normal'}')")
    page.reload()


# --- keyboard focus -----------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  // Material's light/dark toggle is a pair of 0 x 0 radio buttons: the label on show (the
  // one that switches to the other scheme) must show the focus
  const shown = e.matches('.md-option') ? e.form.querySelector('label:not([hidden])') : e;
  const s = getComputedStyle(shown);
  const r = shown.getBoundingClientRect();
  let background = null;
  const start = parseFloat(s.outlineOffset) >= 0 ? shown.parentElement : shown;
  for (let n = start; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (c.length === 3 || c[3] === 1) { background = c.slice(0, 3); break; }
  }
  return {
    name: e.tagName.toLowerCase() + '.' + String(e.className).trim().split(/\\s+/).join('.') +
      (e.getAttribute('aria-label') ? ' "' + e.getAttribute('aria-label') + '"' : ''),
    inHeader: Boolean(e.closest('.md-header')),
    isBody: e === document.body,
    width: r.width, height: r.height,
    visible: shown.checkVisibility({visibilityProperty: true, opacityProperty: true}),
    outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
    color: s.outlineColor.match(/[\\d.]+/g).map(Number).slice(0, 3),
    background: background || [255, 255, 255],
  };
}"""


def luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_known_pairs() -> None:
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21)
    assert contrast([122, 20, 20], [159, 28, 28]) < 1.5  # the old ring on the red header


def settle(page: Any) -> None:
    """Wait for running transitions and animations to end (the site's CSP forbids eval, so
    no wait_for_function)."""
    for _ in range(40):
        if page.evaluate("() => document.getAnimations().every(a => a.playState !== 'running')"):
            return
        page.wait_for_timeout(25)


def header_tab_stops(page: Any) -> list[dict[str, Any]]:
    """Tab from the top of the page through the header; one record per focused element."""
    stops: list[dict[str, Any]] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        settle(page)  # Material slides the search box in on phones
        stop = page.evaluate(FOCUSED)
        if stop["isBody"] or (not stop["inHeader"] and stops and stops[-1]["inHeader"]):
            break
        stops.append(stop)
    return [stop for stop in stops if stop["inHeader"]]


def focus_problems(stop: dict[str, Any]) -> list[str]:
    problems = []
    if not stop["visible"] or stop["width"] < 1 or stop["height"] < 1:
        problems.append(f"Tab stop not visible ({stop['width']:.0f} x {stop['height']:.0f} px)")
    if stop["outline"] in ("none", "hidden") or stop["outlineWidth"] < 2:
        problems.append(f"no focus ring ({stop['outline']} {stop['outlineWidth']} px)")
    elif (ratio := contrast(stop["color"], stop["background"])) < 3:
        problems.append(f"focus ring {stop['color']} on {stop['background']}: {ratio:.2f}:1")
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", list(PREFIXES))
def test_every_header_control_shows_focus_with_enough_contrast(
    new_page: Callable[..., Any], lang: str, width: str, scheme: str
) -> None:
    found = {}
    page = new_page(
        f"{PREFIXES[lang]}/{REPORT.id}/beijing-tianjin-hebei/", *WIDTHS[width], color_scheme=scheme
    )
    for large in (False, True):
        set_reading_mode(page, large)
        stops = header_tab_stops(page)
        assert len(stops) >= 4, stops  # logo, light/dark, reading mode, language, search
        for stop in stops:
            if problems := focus_problems(stop):
                found[stop["name"] + (" (large text)" if large else "")] = problems
    assert not found, pformat(found)


# --- tap targets --------------------------------------------------------------------------

SMALL_TARGETS = """() => {
  const out = [];
  const selector = 'a[href], button, select, input:not([type=hidden]), label[for], ' +
    '[tabindex]:not([tabindex="-1"])';
  for (const e of document.querySelectorAll(selector)) {
    if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= 0 || r.left >= document.documentElement.clientWidth) continue;  // drawer
    if (getComputedStyle(e).display === 'inline') {
      // a link inside a sentence is exempt (WCAG 2.5.8): its line sets its height
      const block = e.parentElement.closest('p, li, dd, dt, td, th, h1, h2, h3, div');
      if (block && block.innerText.trim().length > e.innerText.trim().length) continue;
    }
    if (r.width < 23.5 || r.height < 23.5) {
      out.push(e.tagName.toLowerCase() + '.' + String(e.className).trim().split(/\\s+/).join('.') +
        ' "' + (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 20) + '" ' +
        r.width.toFixed(0) + 'x' + r.height.toFixed(0));
    }
  }
  return [...new Set(out)].slice(0, 8);
}"""


# --- every page, loaded once per language and width -------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", list(PREFIXES))
def test_every_page_as_a_reader_sees_it(
    new_page: Callable[..., Any], built_site: Path, site_server: str, lang: str, width: str
) -> None:
    """No source syntax in the visible text; nothing wider than the screen (on phones in
    large-text mode too), tables that fit a desktop column; tap targets of 24 x 24 px on
    phones; every list item's bullet on its first line. One reader (one browser context)
    opens every page in turn; on phones they also turn large text on with the page's own
    button, and off again, on every page (that the choice is kept from page to page is
    test_accessibility's test_reading_mode_is_remembered_across_pages_and_languages)."""
    phone = width == "phone"
    found = {}
    paths = site_pages(built_site, PREFIXES[lang])
    options = {"has_touch": True, "is_mobile": True} if phone else {}
    page = new_page(paths[0], *WIDTHS[width], **options)
    large_text = "document.documentElement.classList.contains('bp-large')"
    for index, path in enumerate(paths):
        if index:
            page.goto(site_server + path)
        if problems := source_syntax(page.evaluate("document.body.innerText")):
            found[path + " source syntax"] = problems
        if phone and (small := page.evaluate(SMALL_TARGETS)):
            found[path + " small tap targets"] = small
        if not phone and (tables := page.evaluate(TABLES_NEEDING_SCROLL)):
            found[path + " tables that scroll"] = tables
        if bullets := page.evaluate(BULLETS_OFF_THE_FIRST_LINE):
            found[path + " bullets"] = bullets
        result = page.evaluate(ESCAPES)
        if result["page"] > result["viewport"] or result["escapes"]:
            found[path + " too wide"] = result
        if phone:  # large text matters most there
            page.click(".bp-reading-toggle")
            assert page.evaluate(large_text), path
            result = page.evaluate(ESCAPES)
            if result["page"] > result["viewport"] or result["escapes"]:
                found[path + " too wide (large text)"] = result
            if bullets := page.evaluate(BULLETS_OFF_THE_FIRST_LINE):
                found[path + " bullets (large text)"] = bullets
            page.click(".bp-reading-toggle")
            assert not page.evaluate(large_text), path
    assert not found, pformat(found)


# --- paragraph links ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", list(PREFIXES))
def test_clicking_a_paragraph_number_keeps_its_anchor_in_the_address_bar(
    new_page: Callable[..., Any], lang: str
) -> None:
    chapter = REPORT.chapter("beijing-tianjin-hebei")
    assert chapter is not None
    page = new_page(f"{PREFIXES[lang]}/{REPORT.id}/{chapter.id}/")
    # the last paragraph of each section: the next section's heading is right below it
    for section in chapter.sections:
        paragraph = section.paragraphs[-1]
        page.click(f"#{paragraph.id} .bp-para__num")
        page.wait_for_timeout(700)
        page.mouse.wheel(0, 30)  # a reader nudging the page
        page.wait_for_timeout(700)
        assert page.url.endswith(f"#{paragraph.id}"), (paragraph.id, page.url)


# --- 404 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", list(PREFIXES))
def test_404_page_speaks_the_language_and_leads_home_and_to_search(
    new_page: Callable[..., Any], site_server: str, lang: str
) -> None:
    prefix = PREFIXES[lang]
    # nginx answers a missing address with the language's 404 page, as in production
    path = f"{prefix}/no/such/page/" if nginx_wanted() else f"{prefix}/404.html"
    page = new_page(path)
    assert page.evaluate("document.documentElement.lang") == lang
    text = page.locator(".md-content").inner_text()
    heading = page.locator(".md-content h1").inner_text()
    assert "Not found" not in text or lang == "en"
    if lang == "zh":
        assert HAN.search(heading), heading
    else:
        assert not HAN.search(text), text
    home = page.locator(".md-content a[href]").first
    home.click()
    page.wait_for_load_state()
    assert page.url == f"{site_server}{prefix}/"
    page.go_back()
    page.locator(".md-content .bp-open-search").click()
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")


# --- dark mode ----------------------------------------------------------------------------


def test_dark_mode_follows_the_system_and_the_toggle_is_remembered_in_both_languages(
    new_page: Callable[..., Any],
) -> None:
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    page = new_page(f"/{REPORT.id}/beijing-tianjin-hebei/", color_scheme="dark")
    assert page.evaluate(scheme) == "slate"
    background = "getComputedStyle(document.body).backgroundColor"
    assert luminance([float(v) for v in re.findall(r"[\d.]+", page.evaluate(background))]) < 0.05
    page.locator("form[data-md-component=palette] label:visible").click()
    assert page.evaluate(scheme) == "default"
    page.goto(page.url.replace(f"/{REPORT.id}/", f"/en/{REPORT.id}/"))
    assert page.evaluate(scheme) == "default"  # the reader's choice beats the system's
    light = new_page("/en/glossary/", color_scheme="light")
    assert light.evaluate(scheme) == "default"


# --- print --------------------------------------------------------------------------------


@dataclass
class PrintedLine:
    top: float
    bottom: float
    right: float
    text: str


@dataclass
class PrintedPage:
    width: float
    height: float
    lines: list[PrintedLine]


def printed_pages(page: Any, workdir: Path) -> list[PrintedPage]:
    """Print the page to PDF as a reader would (Chromium, the page's own @page size) and
    read each page's lines back with pdftotext."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing; .ci/run installs poppler-utils")
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    pdf = workdir / "printed.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for node in ET.fromstring(xhtml).iterfind(".//x:page", namespace):
        lines = [
            PrintedLine(
                float(line.get("yMin", 0)),
                float(line.get("yMax", 0)),
                float(line.get("xMax", 0)),
                "".join((word.text or "") for word in line.iterfind("x:word", namespace)),
            )
            for line in node.iterfind(".//x:line", namespace)
        ]
        pages.append(PrintedPage(float(node.get("width", 0)), float(node.get("height", 0)), lines))
    return pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("¶", "")


def ending_heading(last: str, headings: list[str]) -> bool:
    """Whether a page's last line is a heading: all of one, its last line(s), or the start of
    one that goes on over the page."""
    return any(
        last == h
        or (len(last) >= 2 and h.endswith(last))
        or (len(last) >= 6 and h.startswith(last))
        for h in headings
    )


def print_problems(pages: list[PrintedPage], headings: list[str]) -> list[str]:
    """Pages under 30% filled (but the last), headings left at the foot of a page, text
    beyond the paper's edge."""
    problems = []
    top = min(line.top for p in pages for line in p.lines)
    bottom = max(line.bottom for p in pages for line in p.lines)
    for number, printed in enumerate(pages, start=1):
        if not printed.lines:
            problems.append(f"page {number} is blank")
            continue
        if number < len(pages):
            filled = (max(line.bottom for line in printed.lines) - top) / (bottom - top)
            if filled < 0.3:
                problems.append(f"page {number} is {filled:.0%} filled")
            last = max(printed.lines, key=lambda line: line.bottom).text
            if ending_heading(squeeze(last), headings):
                problems.append(f"page {number} ends with a heading: {last!r}")
        if wide := [line.text for line in printed.lines if line.right > printed.width]:
            problems.append(f"page {number}: text beyond the paper's edge: {wide[:3]}")
    return problems


HEADINGS = """() => [...document.querySelectorAll(
  '.md-content h1, .md-content h2, .md-content h3, .md-content .bp-heading-alt')]
  .filter(h => h.checkVisibility()).map(h => h.textContent)"""


def test_print_check_finds_stranded_headings_and_empty_pages() -> None:
    line = PrintedLine
    pages = [
        PrintedPage(600, 800, [line(50, 60, 500, "Title"), line(70, 80, 500, "Main targets")]),
        PrintedPage(600, 800, [line(50, 60, 500, "text"), line(740, 750, 650, "more text")]),
        PrintedPage(600, 800, [line(50, 60, 500, "end")]),
    ]
    # a line of text that happens to occur inside a heading is not that heading
    assert not ending_heading("thecoordinatedpart", ["Forthecoordinatedpartoftheregion"])
    assert print_problems(pages, ["Title", "Maintargets"]) == [
        "page 1 is 4% filled",
        "page 1 ends with a heading: 'Main targets'",
        "page 2: text beyond the paper's edge: ['more text']",
    ]


@pytest.mark.parametrize("side_by_side", [False, True], ids=["one language", "side by side"])
@pytest.mark.parametrize("lang", list(PREFIXES))
def test_printed_full_text_fills_its_pages_and_keeps_headings_with_their_text(
    new_page: Callable[..., Any], tmp_path: Path, lang: str, side_by_side: bool
) -> None:
    page = new_page(f"{PREFIXES[lang]}/{REPORT.id}/full/")
    toggle = page.locator(".bp-sbs-toggle")  # the full text has its own switch
    assert toggle.get_attribute("aria-pressed") == "false"
    if side_by_side:
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
    page.emulate_media(media="print")
    headings = [squeeze(h) for h in page.evaluate(HEADINGS)]
    pages = printed_pages(page, tmp_path)
    assert print_problems(pages, headings) == []
    alt = "document.querySelector('.bp-para__alt').checkVisibility()"
    assert page.evaluate(alt) is side_by_side


@pytest.mark.parametrize("lang", list(PREFIXES))
def test_printed_targets_table_fits_the_paper(
    new_page: Callable[..., Any], tmp_path: Path, lang: str
) -> None:
    page = new_page(f"{PREFIXES[lang]}/{REPORT.id}/targets/")
    page.emulate_media(media="print")
    headings = [squeeze(h) for h in page.evaluate(HEADINGS)]
    cells = page.evaluate(
        "() => [...document.querySelectorAll('#bp-targets-table th, #bp-targets-table td')]"
        ".map(c => c.innerText)"
    )
    pages = printed_pages(page, tmp_path)
    assert print_problems(pages, headings) == []
    printed = "".join(squeeze(line.text) for p in pages for line in p.lines)
    # every cell was printed: a table cut at the margin loses its last columns
    columns = page.evaluate("() => document.querySelectorAll('#bp-targets-table thead th').length")
    source_column = cells[columns - 1 :: columns]
    assert len(source_column) == len(REPORT.targets) + 1
    missing = [cell for cell in source_column if squeeze(cell) not in printed]
    assert missing == []


# --- small things -------------------------------------------------------------------------

VISIBLE_TOOLTIPS = """() => [...document.querySelectorAll('.md-tooltip2')]
  .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))
  .map(e => e.innerText)"""


@pytest.mark.parametrize("lang", list(PREFIXES))
def test_copy_hint_goes_away_after_a_tap(new_page: Callable[..., Any], lang: str) -> None:
    page = new_page(
        f"{PREFIXES[lang]}/{REPORT.id}/beijing-tianjin-hebei/",
        *WIDTHS["phone"],
        has_touch=True,
        is_mobile=True,
    )
    page.locator(".bp-cite").nth(3).tap()
    page.wait_for_selector(".bp-toast")
    page.wait_for_timeout(600)
    assert page.evaluate(VISIBLE_TOOLTIPS) == []


# The colour a reader sees: the text's colour, faded by its own and its ancestors' opacity,
# over the tooltip's background.
SEEN_COLOUR = """(selector) => {
  const e = document.querySelector(selector);
  let alpha = 1;
  for (let n = e; n; n = n.parentElement) alpha *= parseFloat(getComputedStyle(n).opacity);
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number).slice(0, 3);
  return {text: rgb(getComputedStyle(e).color), alpha: alpha,
          background: rgb(getComputedStyle(e.closest('.bp-term__tip')).backgroundColor)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", list(PREFIXES))
def test_tooltip_text_has_enough_contrast(
    new_page: Callable[..., Any], lang: str, scheme: str
) -> None:
    page = new_page(f"{PREFIXES[lang]}/{REPORT.id}/beijing-tianjin-hebei/", color_scheme=scheme)
    link = page.locator(".bp-para__body a.bp-term__link").first
    link.hover()
    tip = "#" + str(link.get_attribute("aria-describedby"))
    for part in (".bp-term__pinyin", ".bp-term__def", "bdi"):
        seen = page.evaluate(SEEN_COLOUR, f"{tip} {part}")
        text = [
            t * seen["alpha"] + b * (1 - seen["alpha"])
            for t, b in zip(seen["text"], seen["background"], strict=True)
        ]
        assert contrast(text, seen["background"]) >= 4.5, (part, seen)


# --- what an editor signs off: punctuation, provenance, footer, phone table, no dead controls

EDITIONS = {"zh": "", "zh-Hant": "/zh-hant", "en": "/en"}
#: ASCII punctuation touching a Chinese character (or Chinese punctuation) in page text.
ASCII_IN_CHINESE = re.compile(
    r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef][,;:()]|[,;:()][\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
)


def page_text(path: Path) -> str:
    """The text of a built page as it reads: each element that changes language, and each
    tooltip (a box of its own on screen), set apart from the text around it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for node in soup(["script", "style", "template", "noscript", "svg", "code"]):
        node.decompose()
    for node in soup.select("[lang], .bp-term__tip"):
        node.insert_before(" ")
        node.insert_after(" ")
    return soup.get_text()


def test_punctuation_check_catches_ascii_beside_chinese() -> None:
    assert ASCII_IN_CHINESE.findall("为指导,全面 增长6%;固定 (南段) 1,000 4.8 GE HealthCare, Inc.")
    assert not ASCII_IN_CHINESE.findall(
        "1,000家 4.8% https://a.b/c GE HealthCare, Inc. 为指导，全面"
    )


@pytest.mark.parametrize("edition", ["zh", "zh-Hant"])
def test_chinese_pages_use_full_width_punctuation(built_site: Path, edition: str) -> None:
    root = built_site / EDITIONS[edition].strip("/")
    found = {}
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(built_site).as_posix()
        if relative.startswith(("en/", "assets/", "search/")) or (
            edition == "zh" and relative.startswith("zh-hant/")
        ):
            continue
        text = page_text(path)
        hits = [text[max(0, m.start() - 8) : m.end() + 8] for m in ASCII_IN_CHINESE.finditer(text)]
        if hits:
            found[relative] = hits[:3]
    assert not found, pformat(found)


PROVENANCE = {  # what each edition says of its text: a digest, where and when published
    "zh": ("摘要稿", "2024年1月11日", "段落编号为本版所加"),
    "zh-Hant": ("摘要稿", "2024年1月11日", "段落編號為本版所加"),
    "en": ("digest", "January 11, 2024", "paragraph numbers are this edition's"),
}
SPEAKER = {"zh": "单泽峰", "zh-Hant": "單澤峰", "en": "Shan Zefeng"}


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_provenance_on_home_chapter_full_text_and_citations(built_site: Path, edition: str) -> None:
    from bs4 import BeautifulSoup

    root = built_site / EDITIONS[edition].strip("/")
    digest, published, numbers = PROVENANCE[edition]

    def page(relative: str) -> Any:
        return BeautifulSoup((root / relative).read_text(encoding="utf-8"), "html.parser")

    for relative in ("index.html", f"{REPORT.id}/full/index.html"):
        block = page(relative).select_one(".bp-provenance")
        assert block is not None, relative
        text = " ".join(block.get_text().split())
        assert digest in text and published in text, (relative, text)
        assert numbers.lower() in text.lower(), (relative, text)
        assert block.select_one("a.bp-provenance__source")["href"] == REPORT.source.url  # type: ignore[union-attr]
    full = page(f"{REPORT.id}/full/index.html")
    meta = " ".join(full.select_one(".bp-meta").get_text().split())  # type: ignore[union-attr]
    assert SPEAKER[edition] in meta and published in meta
    for chapter in REPORT.chapters:
        html = page(f"{REPORT.id}/{chapter.id}/index.html")
        note = html.select_one(".bp-provenance")
        assert note is not None and digest in note.get_text(), chapter.id
        cite = str(html.select_one(".bp-cite")["data-cite"])  # type: ignore[index]
        assert digest in cite and published in cite and SPEAKER[edition] in cite, cite
        assert ("本版第" in cite) if edition != "en" else ("of this edition" in cite), cite
    if edition == "zh-Hant":
        assert "單澤峯" not in (root / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_every_page_has_the_publisher_footer(built_site: Path, edition: str) -> None:
    from bs4 import BeautifulSoup

    site = load_site(REPO).site
    assert site.publisher is not None
    name = site.publisher.name.in_language("en" if edition == "en" else "zh")
    root = built_site / EDITIONS[edition].strip("/")
    pages = [
        p
        for p in root.rglob("*.html")
        if not {"assets", "en", "zh-hant"} & set(p.relative_to(root).parts[:1])
    ]
    assert len(pages) >= 12
    for path in pages:
        footer = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
            ".bp-footer"
        )
        assert footer is not None, path
        text = footer.get_text()
        if edition != "zh-Hant":
            assert name in text, path
        hrefs = [a["href"] for a in footer.select("a")]
        assert any(h.endswith("#reuse") for h in hrefs), path
        assert any(h.endswith("#accessibility") for h in hrefs), path
        assert footer.select_one("time[datetime]") is not None, path


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_targets_table_on_a_phone_scrolls_with_a_cue(
    new_page: Callable[..., Any], edition: str
) -> None:
    page = new_page(f"{EDITIONS[edition]}/{REPORT.id}/targets/", 390, 844, has_touch=True)
    box = page.evaluate(
        """() => {
          const table = document.querySelector('#bp-targets-table');
          let n = table.parentElement;
          while (n && getComputedStyle(n).overflowX === 'visible') n = n.parentElement;
          const hint = document.querySelector('.bp-scroll-hint');
          const r = n.getBoundingClientRect();
          n.scrollLeft = n.scrollWidth;
          const last = table.querySelector('tbody tr td:last-child a').getBoundingClientRect();
          return {scrolls: n.scrollWidth > n.clientWidth, left: r.left, right: r.right,
                  width: document.documentElement.clientWidth,
                  hint: hint && hint.checkVisibility() ? hint.innerText : '',
                  lastLeft: last.left, lastRight: last.right};
        }"""
    )
    assert box["left"] >= 0 and box["right"] <= box["width"], box  # the box fits the screen
    if box["scrolls"]:  # wider than the phone: said so, and the last column is reachable
        assert box["hint"], box
        assert box["lastLeft"] >= 0 and box["lastRight"] <= box["width"] + 1, box


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_header_stays_put_when_large_text_is_toggled(
    new_page: Callable[..., Any], edition: str, width: str
) -> None:
    page = new_page(f"{EDITIONS[edition]}/{REPORT.id}/{REPORT.chapters[2].id}/", *WIDTHS[width])
    where = """() => ['.bp-reading-toggle', '.md-select > .md-header__button', '.md-header']
      .map(s => { const r = document.querySelector(s).getBoundingClientRect();
                  return [Math.round(r.left), Math.round(r.top), Math.round(r.width),
                          Math.round(r.height)]; })"""
    before = page.evaluate(where)
    size = "parseFloat(getComputedStyle(document.querySelector('.bp-para__body p')).fontSize)"
    normal = page.evaluate(size)
    page.click(".bp-reading-toggle")
    assert page.get_attribute(".bp-reading-toggle", "aria-pressed") == "true"
    assert page.evaluate(size) >= normal * 1.4
    assert page.evaluate(where) == before
    menu = ".md-select__inner"
    assert not page.locator(menu).first.is_visible()  # the language menu did not drop open


NO_JS_PAGES = ("/", f"/{REPORT.id}/{REPORT.chapters[2].id}/", f"/{REPORT.id}/full/",
               f"/{REPORT.id}/targets/", "/glossary/")  # fmt: skip
VISIBLE_CONTROLS = """() => [...document.querySelectorAll(
    'button, select, input:not([type=hidden]), [role=button], label[for]')]
  .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; })
  // the theme's drawer and navigation sections: labels for checkboxes that CSS alone opens
  .filter(e => !(e.matches('label[for]') &&
                 document.getElementById(e.htmlFor)?.matches('input[type=checkbox]')))
  .map(e => e.tagName.toLowerCase() + '.' + String(e.className).trim().split(/\\s+/).join('.') +
       (e.htmlFor ? '[for=' + e.htmlFor + ']' : ''))"""
#: The language menu works without JavaScript: it opens on focus by CSS alone.
WORKS_WITHOUT_JS = {"button.md-header__button.md-icon"}


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_no_visible_control_is_inert_without_javascript(
    new_page: Callable[..., Any], edition: str
) -> None:
    found = {}
    for path in NO_JS_PAGES:
        page = new_page(EDITIONS[edition] + path, 390, 844, java_script_enabled=False, reuse=True)
        inert = set(page.evaluate(VISIBLE_CONTROLS)) - WORKS_WITHOUT_JS
        if inert:
            found[path] = sorted(inert)
        if path == "/glossary/":  # each entry's details are there to read
            assert page.locator(".bp-gloss__sources a").first.is_visible()
        if path.endswith("targets/"):
            assert page.locator(".bp-js-only").first.is_hidden()
    assert not found, pformat(found)
    # the language menu, the one button left, opens by CSS alone
    page = new_page(EDITIONS[edition] + "/", 1280, 900, java_script_enabled=False)
    page.focus(".md-select > .md-header__button")
    assert page.locator(".md-select__link").first.is_visible()


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_printed_full_text_opens_with_its_provenance(
    new_page: Callable[..., Any], tmp_path: Path, edition: str
) -> None:
    page = new_page(f"{EDITIONS[edition]}/{REPORT.id}/full/")
    page.emulate_media(media="print")
    first = squeeze(" ".join(line.text for line in printed_pages(page, tmp_path)[0].lines))
    digest, published, _ = PROVENANCE[edition]
    for expected in (SPEAKER[edition], digest, published, REPORT.source.url):  # type: ignore[union-attr]
        assert squeeze(expected) in first, (expected, first[:400])
    assert "(../" not in first
