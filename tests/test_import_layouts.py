"""Importing report texts of different layouts, then building them as drafts.

The texts in tests/fixtures/import/ were written for these tests in the layouts Chinese
government reports use (none is a copy of the 2024 text): a preamble with title, date and speaker
lines and a salutation (preamble), 第一部分 parts over 一、 over （一） (parts), half-width
punctuation (halfwidth), unnumbered title lines at two levels (plain-review), （一） as the only
numbering with 1. and （1） items (sections-only), and 1. title lines with an unnumbered
sub-heading (titled-items).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from policysite.checks.coverage import draft_gaps
from policysite.checks.loader import load_site, publish_drafts
from policysite.content.problems import ContentError
from policysite.render.text import label_text
from policysite.tools.importer import ImportRefused, import_report, read_report_text
from policysite.tools.outline import Outline, clean_lines, display_width, outline_report, wrap_width

from .conftest import (
    REPO,
    ContentCopy,
    copy_site_sources,
    make_share_fonts,
    run_mkdocs_build,
    serve_site,
)

LAYOUTS = REPO / "tests/fixtures/import"
NEW_TEXTS = sorted(LAYOUTS.glob("*.txt"))
ALL_TEXTS = [
    *NEW_TEXTS,
    REPO / "content/reports/2024/source.txt",
    REPO / "tests/fixtures/report-numbered.txt",
]
IDS = {path.stem: str(2030 + index) for index, path in enumerate(NEW_TEXTS)}

# (level, label, heading, paragraphs): level 1 is a chapter
EXPECTED: dict[str, list[tuple[int, str, str, int]]] = {
    "halfwidth": [
        (1, "一、", "过去一年的工作", 1),
        (2, "(一)", "产业结构持续优化.", 1),
        (2, "(二)", "城乡面貌焕然一新.", 1),
        (1, "二、", "今年的主要任务", 0),
        (2, "(一)", "加快发展新质生产力.", 1),
        (2, "(二)", "持续改善人居环境.", 1),
        (1, "三、", "建设人民满意的政府", 1),
    ],
    "parts": [
        (1, "第一部分\u3000", "2024年工作回顾", 0),
        (2, "一、", "经济运行回稳向好", 1),
        (3, "（一）", "农业基础更加稳固", 1),
        (3, "（二）", "工业转型步伐加快", 1),
        (2, "二、", "民生福祉持续增进", 1),
        (1, "第二部分\u3000", "2025年重点工作", 0),
        (2, "一、", "全力稳住经济大盘", 1),
        (3, "（一）", "抓好招商引资", 1),
        (3, "（二）", "促进消费回暖", 1),
        (2, "二、", "持续保障和改善民生", 1),
    ],
    "plain-review": [
        (1, "", "2025年工作回顾", 1),
        (2, "", "坚持产业强区，发展动能持续增强", 1),
        (2, "", "坚持民生为本，群众获得感不断提升", 1),
        (1, "", "2026年工作安排", 1),
        (2, "", "着力推动科技创新和产业创新深度融合", 1),
        (2, "", "着力保障和改善民生", 1),
        (1, "", "加强政府自身建设", 1),
    ],
    "preamble": [
        (1, "一、", "2025年工作回顾", 1),
        (2, "（一）", "坚持创新驱动，新动能加快成长。", 1),
        (2, "（二）", "坚持开放引领，港口能级持续提升。", 2),
        (1, "二、", "2026年工作安排", 1),
        (2, "（一）", "着力扩大有效需求。", 2),
        (2, "（二）", "着力建设现代化产业体系。", 1),
        (1, "三、", "加强政府自身建设", 2),
    ],
    "sections-only": [
        (1, "（一）", "稳步推进乡村全面振兴", 3),
        (1, "（二）", "持续改善镇村人居环境", 3),
        (1, "（三）", "兜牢民生保障底线", 1),
    ],
    "titled-items": [
        (1, "一、", "2025年预算执行情况", 1),
        (2, "1. ", "收入情况", 1),
        (2, "2. ", "支出情况", 1),
        (3, "", "重点支出保障有力", 1),
        (1, "二、", "2026年预算安排", 1),
    ],
}
OPENINGS = {
    "preamble": [
        "各位代表：",
        "现在，我代表海港区人民政府，向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。",
    ],
    "parts": ["2025年是全面完成“十四五”规划目标任务的收官之年，做好今年政府工作意义重大。"],
    "halfwidth": ["各位代表:", "现在,我代表区人民政府向大会报告工作,请予审议."],
    "plain-review": ["各位代表：", "现在，我代表南湾区人民政府向大会报告工作，请予审议。"],
    "sections-only": [],
    "titled-items": [],
}


def rows(outline: Outline) -> list[tuple[int, str, str, int]]:
    found = []
    for chapter in outline.chapters:
        found.append((1, chapter.label, chapter.title, len(chapter.paragraphs)))
        found += [(s.level, s.label, s.heading, len(s.paragraphs)) for s in chapter.sections]
    return found


def pieces(outline: Outline) -> list[tuple[str, str]]:
    """(kind, Chinese as the source writes it) in reading order: front, opening, headings
    with their labels, paragraphs."""
    found = [("front", line) for _, line in outline.front]
    found += [("paragraph", text) for text in outline.opening]
    for chapter in outline.chapters:
        found.append(("heading", chapter.label + chapter.title))
        found += [("paragraph", text) for text in chapter.paragraphs]
        for section in chapter.sections:
            found.append(("heading", section.label + section.heading))
            found += [("paragraph", text) for text in section.paragraphs]
    return found


@pytest.mark.parametrize("path", NEW_TEXTS, ids=lambda p: p.stem)
def test_headings_levels_and_labels(path: Path) -> None:
    outline = outline_report(path.read_text(encoding="utf-8"))
    assert rows(outline) == EXPECTED[path.stem]
    assert outline.opening == OPENINGS[path.stem]


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_round_trip_keeps_text_paragraphs_and_opening(path: Path) -> None:
    """The Chinese joined equals the input; every line break is a boundary; no line gives two
    paragraphs in a row (sentences never become paragraphs; in the plain layout a lead
    sentence heading may stand between two)."""
    text = path.read_text(encoding="utf-8")
    lines = [line for _, line in clean_lines(text)]
    outline = outline_report(text)
    found = pieces(outline)
    assert "".join(piece for _, piece in found) == "".join(lines)
    assert re.sub(r"\s", "", "".join(p for _, p in found)) == re.sub(r"\s", "", text)
    position = 0
    for line in lines:  # consume the pieces of each line in turn
        kinds, taken = [], ""
        while taken != line:
            assert position < len(found), f"ran out of pieces in line {line!r}"
            kind, piece = found[position]
            assert line.startswith(taken + piece), f"{piece!r} runs past the line {line!r}"
            kinds.append(kind)
            taken += piece
            position += 1
        assert not any(a == b == "paragraph" for a, b in itertools.pairwise(kinds)), (
            f"two paragraphs from one line: {line!r}"
        )
    if "各位代表" in text:
        assert outline.opening[0].startswith("各位代表")


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: text.encode("utf-8-sig"),
    "GBK": lambda text: text.encode("gbk"),
    "GBK, CRLF": lambda text: text.replace("\n", "\r\n").encode("gbk"),
    "BOM, CRLF, stray blanks": lambda text: "\r\n".join(
        " " + line + "\u3000 " for line in text.splitlines()
    ).encode("utf-8-sig"),
}


@pytest.mark.parametrize("path", NEW_TEXTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encodings_and_line_endings_give_the_same_outline(
    path: Path, encoding: str, tmp_path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    saved = tmp_path / "report.txt"
    saved.write_bytes(ENCODINGS[encoding](text))
    decoded, _ = read_report_text(saved)
    assert not decoded.startswith("\ufeff")
    again, original = outline_report(decoded), outline_report(text)
    assert rows(again) == rows(original) and again.opening == original.opening
    assert pieces(again) == pieces(original)


def hard_wrap(text: str, columns: int) -> str:
    """The text as a fixed-width file or a PDF gives it: lines cut at ``columns``."""
    wrapped = []
    for line in text.splitlines():
        current = ""
        for char in line:
            if display_width(current + char) > columns:
                wrapped.append(current)
                current = ""
            current += char
        wrapped.append(current)
    return "\n".join(wrapped) + "\n"


@pytest.mark.parametrize(
    ("path", "columns"),
    [(path, 40) for path in ALL_TEXTS[:-1]]
    + [(LAYOUTS / "preamble.txt", 60), (LAYOUTS / "parts.txt", 60)],
    ids=lambda value: value.stem if isinstance(value, Path) else str(value),
)
def test_hard_wrapped_lines_are_joined_into_their_paragraphs(path: Path, columns: int) -> None:
    text = path.read_text(encoding="utf-8")
    assert wrap_width(text) is None  # whole-paragraph lines are never joined
    wrapped = hard_wrap(text, columns)
    assert wrap_width(wrapped) is not None
    again, original = outline_report(wrapped), outline_report(text)
    assert [(kind, piece) for kind, piece in pieces(again) if kind != "front"] == [
        (kind, piece) for kind, piece in pieces(original) if kind != "front"
    ]
    assert "".join(line for _, line in again.front) == "".join(x for _, x in original.front)
    front_lines = hard_wrap("\n".join(line for _, line in original.front), columns)
    assert again.skip_lines == len(clean_lines(front_lines))


def test_utf16_is_refused_clearly(tmp_path: Path) -> None:
    saved = tmp_path / "report.txt"
    saved.write_bytes((LAYOUTS / "preamble.txt").read_text("utf-8").encode("utf-16-le"))
    saved.write_bytes(b"\xff\xfe" + saved.read_bytes())
    with pytest.raises(ImportRefused, match="UTF-16 text is not supported"):
        read_report_text(saved)


@pytest.mark.parametrize(
    ("label", "zh", "en"),
    [
        ("二、", "二、", "2. "),
        ("十二、", "十二、", "12. "),
        ("第一部分\u3000", "第一部分 ", "Part 1 "),
        ("第三章 ", "第三章 ", "Chapter 3 "),
        ("（一）", "（一）", "(1) "),
        ("(二)", "(二)", "(2) "),
        ("1. ", "1.", "1. "),
        ("（3）", "（3）", "(3) "),
        ("②", "② ", "(2) "),
        ("", "", ""),
    ],
)
def test_heading_labels_read_in_both_languages(label: str, zh: str, en: str) -> None:
    assert label_text(label, "zh") == zh
    assert label_text(label, "en") == en


def test_import_fills_what_the_text_states(content_copy: ContentCopy) -> None:
    result = import_report(LAYOUTS / "preamble.txt", content_copy.root, "2030", 2030)
    meta = result.metadata
    assert (meta.title, meta.date, meta.session, meta.speaker_role, meta.speaker_name) == (
        "政府工作报告",
        "2026-01-12",
        "海港区第三届人民代表大会第五次会议",
        "海港区区长",
        "李明远",
    )
    assert result.files == [
        "chapters/01-2025-gongzuo-huigu.yml",
        "chapters/02-2026-gongzuo-anpai.yml",
        "chapters/03-zhengfu-zishen-jianshe.yml",
    ]
    report = next(r for r in load_site(content_copy.root).site.reports if r.id == "2030")
    assert report.draft and report.title.zh == "政府工作报告" and report.date == "2026-01-12"
    assert report.opening is not None
    assert [p.id for p in report.opening.paragraphs] == ["open-01", "open-02"]
    plan = report.chapters[1]
    assert (plan.id, plan.label, plan.title.zh) == ("2026-gongzuo-anpai", "二、", "2026年工作安排")
    assert [s.id for s in plan.sections] == ["kuoda-youxiao-xuqiu", "xiandaihua-chanye-tixi"]
    assert [p.id for p in plan.all_paragraphs()] == ["gzap-01", "gzap-02", "gzap-03", "gzap-04"]
    assert [p.number for p in plan.all_paragraphs()] == [7, 8, 9, 10]  # the opening counts
    assert draft_gaps(report) == [
        "content/reports/2030/report.yml: draft, to fill in before status: published: "
        "source, coverage, notice"
    ]
    other = import_report(LAYOUTS / "plain-review.txt", content_copy.root, "2031", 2031).metadata
    assert (other.speaker_role, other.speaker_name, other.date) == (
        "南湾区代区长",
        "陈立",
        "2026-01-15",
    )


def test_candidates_propose_not_terms_and_targets(content_copy: ContentCopy) -> None:
    import_report(
        LAYOUTS / "preamble.txt",
        content_copy.root,
        "2030",
        2030,
        glossary=load_site(content_copy.root).site.glossary,
    )
    candidates = yaml.safe_load(
        content_copy.path("content/reports/2030/candidates.yml").read_text("utf-8")
    )
    assert candidates["not_terms"] == ["港湾创新谷", "智慧口岸", "十五五", "海港购物季"]
    targets = {t["figure"]["zh"]: t for t in candidates["targets"]}
    assert targets["5%左右"] == {
        "id": "diqu-shengchanzongzhi",
        "paragraph": "gzap-01",
        "what": {"zh": "地区生产总值增长", "en": {"status": "missing"}},
        "figure": {"zh": "5%左右", "en": {"status": "missing"}},
        "value": 5,
        "unit": "percent",
        "comparison": "about",
        "indicator": "grp-growth",  # proposed from the label (issue 27)
    }
    assert (targets["3%以上"]["comparison"], targets["5.5%以内"]["comparison"]) == (
        "at-least",
        "at-most",
    )
    assert (targets["20家"]["unit"], targets["20家"]["paragraph"]) == ("enterprises", "gzap-02")
    assert "86家" not in targets  # the review of last year states no targets


def test_an_empty_draft_validates_and_a_published_report_needs_its_metadata(
    content_copy: ContentCopy,
) -> None:
    import_report(LAYOUTS / "sections-only.txt", content_copy.root, "2030", 2030)
    report_file = content_copy.path("content/reports/2030/report.yml")
    chapters = yaml.safe_load(report_file.read_text("utf-8"))["chapters"]
    listed = "".join(f"  - {name}\n" for name in chapters)
    minimal = (
        f'id: "2030"\nyear: 2030\nstatus: draft\nsource_text: source.txt\n'
        f"source_skip_lines: 1\nchapters:\n{listed}"
    )
    report_file.write_text(minimal, encoding="utf-8")
    report = next(r for r in load_site(content_copy.root).site.reports if r.id == "2030")
    assert report.title.zh == "2030年报告" and not report.title.has_english
    assert draft_gaps(report) == [
        "content/reports/2030/report.yml: draft, to fill in before status: published: "
        "title, date, speaker, session, source, coverage, notice"
    ]
    report_file.write_text(minimal.replace("status: draft", "status: published"), "utf-8")
    with pytest.raises(ContentError) as error:
        load_site(content_copy.root)
    message = str(error.value)
    assert "content/reports/2030/report.yml:1: " in message and "'title'" in message
    # the published site leaves a draft out without reading it further
    report_file.write_text(minimal + "unknown_key: 1\n", encoding="utf-8")
    assert [r.id for r in load_site(content_copy.root, drafts=False).site.reports] == ["2024"]


@pytest.mark.parametrize(
    ("command", "setting", "environ", "wanted"),
    [
        ("serve", False, {}, True),
        ("build", False, {}, False),
        ("build", None, {}, False),
        ("build", True, {}, True),
        ("build", False, {"SITE_PUBLISH_DRAFTS": "1"}, True),
        ("build", True, {"SITE_PUBLISH_DRAFTS": "0"}, False),
        ("gh-deploy", False, {"SITE_PUBLISH_DRAFTS": "yes"}, True),
    ],
)
def test_when_drafts_are_built(
    command: str, setting: object, environ: dict[str, str], wanted: bool
) -> None:
    assert publish_drafts(command, setting, environ) is wanted


# --- built as staff would preview them ------------------------------------------------------


@pytest.fixture(scope="module")
def drafts_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Outline]]:
    """Every layout imported as a draft, the proposed not_terms pasted into the glossary and
    the proposed targets of one report into its targets.yml (the reviewed step), then built
    with --strict and drafts published by the setting."""
    root = copy_site_sources(tmp_path_factory.mktemp("drafts") / "repo")
    glossary = load_site(root).site.glossary
    not_terms: dict[str, None] = {}
    outlines = {}
    for path in NEW_TEXTS:
        report_id = IDS[path.stem]
        result = import_report(path, root, report_id, int(report_id), glossary=glossary)
        outlines[path.stem] = result.outline
        folder = root / "content/reports" / report_id
        candidates = yaml.safe_load((folder / "candidates.yml").read_text("utf-8"))
        not_terms.update(dict.fromkeys(candidates["not_terms"] or []))
        if path.stem == "preamble":
            targets = candidates["targets"][:3]
            targets[0]["headline"] = True
            dumped = yaml.safe_dump({"targets": targets}, allow_unicode=True, sort_keys=False)
            (folder / "targets.yml").write_text(dumped, encoding="utf-8")
    glossary_file = root / "content/glossary.yml"
    listed = "".join(f'  - "{phrase}"\n' for phrase in not_terms)
    text = glossary_file.read_text("utf-8").replace("not_terms:\n", "not_terms:\n" + listed)
    glossary_file.write_text(text, "utf-8")
    make_share_fonts(root)  # the new titles' characters for the share cards
    site = root.parent / "site"
    result = run_mkdocs_build(root, site, env={"SITE_PUBLISH_DRAFTS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return site, outlines


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_each_draft_builds_with_banner_opening_and_single_numbering(
    drafts_site: tuple[Path, dict[str, Outline]], prefix: str, stem: str
) -> None:
    site, outlines = drafts_site
    outline = outlines[stem]
    first = page(site, f"{prefix}{IDS[stem]}")
    article = first.select_one("article")
    banner = article.select_one(".bp-draft")
    assert banner is not None
    assert ("草稿" if not prefix else "Draft") in banner.get_text()
    opening = [p.get_text() for p in article.select(".bp-opening .bp-para__body p")]
    assert opening == outline.opening
    # the report's cover lists its chapters (issue 26: the cards are the home page's)
    cards = [a.get_text(" ", strip=True) for a in article.select("h2#chapters + ul > li > a")]
    chapters = outline.chapters
    assert len(cards) == len(chapters)
    for card, chapter in zip(cards, chapters, strict=True):
        assert not re.match(r"^\d+\.\s*(第|[一二三四五六七八九十]+、|[（(])", card), card
        if not chapter.label:
            assert card.startswith(f"{chapters.index(chapter) + 1}. ")
        else:
            assert card == label_text(chapter.label, "zh") + chapter.title
    # every chapter page: banner, the heading with its own label once, every paragraph
    paragraphs = 0
    for chapter, file_stem in zip(chapters, _chapter_ids(site, prefix, stem), strict=True):
        chapter_page = page(site, f"{prefix}{IDS[stem]}/{file_stem}")
        assert chapter_page.select_one("article .bp-draft") is not None
        h1 = chapter_page.select_one("article h1").get_text().rstrip("¶").strip()
        assert h1 == label_text(chapter.label, "zh") + chapter.title
        headings = [
            (int(h.name[1]), h.get_text().rstrip("¶").strip())
            for h in chapter_page.select("article h2, article h3, article h4")
        ]
        assert headings == [
            (s.level, label_text(s.label, "zh") + s.heading.rstrip("。.")) for s in chapter.sections
        ]
        paragraphs += len(chapter_page.select("article .bp-para"))
    assert paragraphs == outline.paragraph_count() - len(outline.opening)


def _chapter_ids(site: Path, prefix: str, stem: str) -> list[str]:
    """The chapter page folders of a report, in reading order (from its cover's contents)."""
    first = page(site, f"{prefix}{IDS[stem]}")
    links = first.select("article h2#chapters + ul > li > a")
    return [a["href"].strip("/").split("/")[-1] for a in links]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_home_keeps_the_latest_published_report_and_its_target_cards(
    drafts_site: tuple[Path, dict[str, Outline]], prefix: str
) -> None:
    site, _ = drafts_site
    home = page(site, prefix.rstrip("/")) if prefix else page(site, "")
    title = "2024 Government Work Report" if prefix else "天津市滨海新区2024年政府工作报告"
    assert title in home.select_one("article h1").get_text()
    assert home.select_one("article .bp-draft") is None
    published = load_site(REPO).site.latest
    assert len(home.select(".bp-figure")) == sum(t.headline for t in published.targets)
    links = {a["href"] for a in home.select("article a")}
    assert {f"{report_id}/" for report_id in IDS.values()} <= links


def test_an_imported_report_with_targets_gets_a_targets_page(
    drafts_site: tuple[Path, dict[str, Outline]],
) -> None:
    site, _ = drafts_site
    targets = page(site, f"{IDS['preamble']}/targets")
    assert targets.select_one("article .bp-draft") is not None
    figures = [
        row.select("td")[1].get_text() for row in targets.select("#bp-targets-table tbody tr")
    ]
    assert figures == ["5%左右", "3%以上", "5.5%以内"]
    first = page(site, IDS["preamble"])  # its cover (issue 26) leads to the targets page
    assert [a["href"] for a in first.select("article a") if a["href"].endswith("targets/")]
    assert not (site / IDS["parts"] / "targets").exists()  # no targets.yml, no page


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_draft_first_page_in_a_browser(
    browser: Any, drafts_site: tuple[Path, dict[str, Outline]], tmp_path: Path, prefix: str
) -> None:
    site, _ = drafts_site
    with serve_site(site, tmp_path / "server") as base:
        for width in (1280, 390):
            context = browser.new_context(viewport={"width": width, "height": 900})
            try:
                view = context.new_page()
                view.goto(f"{base}/{prefix}{IDS['preamble']}/")
                banner = view.locator("article .bp-draft")
                assert banner.is_visible()
                opening = view.locator(".bp-opening .bp-para").first
                assert opening.is_visible()
                assert banner.bounding_box()["y"] < opening.bounding_box()["y"]  # type: ignore[index]
                assert view.evaluate("document.documentElement.scrollWidth") <= width
                view.screenshot(path=str(tmp_path / f"draft-{width}.png"))
            finally:
                context.close()
