"""Importing a report from plain text, and several reports on one site."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from policysite.checks import fidelity
from policysite.checks.loader import load_site
from policysite.content.yamlio import load_yaml_file
from policysite.tools.importer import ImportRefused, import_report, read_report_text
from policysite.tools.outline import outline_report

from .conftest import (
    REPO,
    ContentCopy,
    made_once,
    make_share_fonts,
    run_mkdocs_build,
    serve_site,
)

FIXTURE = REPO / "tests/fixtures/report-numbered.txt"
LAYOUTS = REPO / "tests/fixtures/import"
SEED = REPO / "content/reports/2024/source.txt"


def corrected_seed() -> str:
    report = load_site(REPO).site.reports[0]
    doc = load_yaml_file(REPO / "content/reports/2024/report.yml", REPO)
    text, problems = fidelity.apply_corrections(
        SEED.read_text(encoding="utf-8"),
        report,
        doc,
        "source.txt",  # type: ignore[arg-type]
    )
    assert problems == []
    return text


def structure(chapters: Any) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    return [
        (c.title, list(c.paragraphs), [(s.heading, list(s.paragraphs)) for s in c.sections])
        for c in chapters
    ]


def test_seed_round_trip(content_copy: ContentCopy, tmp_path: Path) -> None:
    """Importing the seed gives the hand-built 2024 chapters and sections (IDs aside), each
    section's Chinese whole. The hand-built edition cut sections into sentences; the import
    keeps the text between two lead sentences as one paragraph, as the source line has it."""
    source = tmp_path / "seed.txt"
    source.write_text(corrected_seed(), encoding="utf-8")
    import_report(source, content_copy.root, "2099", 2099)
    hand_built = load_site(REPO).site.reports[0].chapters
    imported = outline_report(source.read_text(encoding="utf-8")).chapters
    expected = [
        (
            c.title.zh,
            "".join(p.text.zh for p in c.paragraphs),
            [(s.heading.zh, "".join(p.text.zh for p in s.paragraphs)) for s in c.sections],
        )
        for c in hand_built
    ]
    assert [
        (c.title, "".join(c.paragraphs), [(s.heading, "".join(s.paragraphs)) for s in c.sections])
        for c in imported
    ] == expected
    # one paragraph per stretch of text between headings: no sentence became a paragraph
    assert all(len(s.paragraphs) == 1 for c in imported for s in c.sections)
    # the files written hold the same outline, and the site loads them
    written = [
        load_yaml_file(path, content_copy.root).data  # type: ignore[union-attr]
        for path in sorted((content_copy.root / "content/reports/2099/chapters").glob("*.yml"))
    ]
    assert [w["title"]["zh"] for w in written] == [c.title.zh for c in hand_built]
    assert [len(w.get("sections", [])) for w in written] == [len(c.sections) for c in hand_built]
    report = next(r for r in load_site(content_copy.root).site.reports if r.id == "2099")
    assert report.draft and [c.id for c in report.chapters] == [
        "zhengfu-gongzuo-zongti",
        "2024-jingjishehui-fazhan",
        "jingjinji-xietong-fazhan",
        "gaigekaifang-xianxing-qu",
        "chuangxin-qudong-fazhan",
    ]
    assert [p.id for p in report.chapters[2].all_paragraphs()][:3] == [
        "jjjx-01",
        "jjjx-02",
        "jjjx-03",
    ]


def test_raw_seed_has_the_same_outline() -> None:
    raw = structure(outline_report(SEED.read_text(encoding="utf-8")).chapters)
    corrected = structure(outline_report(corrected_seed()).chapters)
    assert [(t, len(p), [(h, len(ps)) for h, ps in s]) for t, p, s in raw] == [
        (t, len(p), [(h, len(ps)) for h, ps in s]) for t, p, s in corrected
    ]


def test_numbered_headings_give_the_outline() -> None:
    outline = outline_report(FIXTURE.read_text(encoding="utf-8"))
    assert outline.numbered
    assert outline.front == [(1, "测试用报告样例（非真实报告，仅用于检验导入功能）")]
    assert [(c.label, c.title) for c in outline.chapters] == [
        ("一、", "2025年政府工作总体要求"),
        ("二、", "2025年主要预期目标"),
        ("三、", "重点工作任务"),
    ]
    assert structure(outline.chapters) == [
        (
            "2025年政府工作总体要求",
            [
                "全面贯彻落实中央经济工作会议精神,坚持稳中求进工作总基调,推动高质量发展。持续推进“三新”发展。"
            ],
            [],
        ),
        ("2025年主要预期目标", ["地区生产总值同比增长5%左右;一般公共预算收入同比增长3%。"], []),
        (
            "重点工作任务",
            [],
            [
                (
                    "深化改革开放。",
                    ["建设国际贸易“单一窗口”,优化营商环境,推进“智慧港口”建设。引进外资项目30个。"],
                ),
                ("推进科技创新。", ["培育科技型企业200家。新增博士后工作站12家。"]),
            ],
        ),
    ]
    assert [s.label for s in outline.chapters[2].sections] == ["（一）", "（二）"]


def test_first_part_style_headings() -> None:
    text = (
        "第一部分 总体要求\n坚持稳中求进。推动高质量发展,扩大内需。\n"
        "第二部分 重点任务\n（一）扩大开放。\n建设平台。\n"
    )
    outline = outline_report(text)
    assert [(c.label, c.title) for c in outline.chapters] == [
        ("第一部分 ", "总体要求"),
        ("第二部分 ", "重点任务"),
    ]
    assert outline.chapters[0].paragraphs == ["坚持稳中求进。推动高质量发展,扩大内需。"]
    section = outline.chapters[1].sections[0]
    assert (section.label, section.heading, section.paragraphs) == (
        "（一）",
        "扩大开放。",
        ["建设平台。"],
    )


def test_gbk_windows_line_endings_and_stray_blanks(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    messy = "\r\n".join("  " + line + "\u3000 " for line in text.splitlines()) + "\r\n\r\n"
    path = tmp_path / "gbk.txt"
    path.write_bytes(messy.encode("gbk"))
    decoded, encoding = read_report_text(path)
    assert encoding == "gb18030"
    assert structure(outline_report(decoded).chapters) == structure(outline_report(text).chapters)


def test_unreadable_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x80\xff\x00\xd8\x00\xdc" * 10)
    with pytest.raises(ImportRefused, match="not UTF-8 or GB18030/GBK"):
        read_report_text(path)
    path.write_bytes("各位代表：\n".encode("utf-16"))  # with its byte-order mark
    with pytest.raises(ImportRefused, match="UTF-16 text is not supported; save it as UTF-8"):
        read_report_text(path)


def test_existing_report_is_refused_without_force(content_copy: ContentCopy) -> None:
    existing = content_copy.path("content/reports/2024")
    before = {p: p.read_bytes() for p in existing.rglob("*") if p.is_file()}
    with pytest.raises(ImportRefused, match="exists; use --force"):
        import_report(FIXTURE, content_copy.root, "2024", 2024)
    assert {p: p.read_bytes() for p in existing.rglob("*") if p.is_file()} == before
    moment = dt.datetime(2026, 11, 27, 10, 0, 0)
    result = import_report(FIXTURE, content_copy.root, "2024", 2024, force=True, now=moment)
    assert result.backup == content_copy.root / "content/.backups/2024-20261127-100000"
    restored = {result.backup / p.relative_to(existing): data for p, data in before.items()}
    assert {p: p.read_bytes() for p in result.backup.rglob("*") if p.is_file()} == restored
    assert (existing / "chapters/03-zhongdian-gongzuo-renwu.yml").is_file()


def test_cli_reports_what_it_did_and_what_it_could_not_place(content_copy: ContentCopy) -> None:
    run = [
        sys.executable,
        str(REPO / "scripts/site.py"),
        "--root",
        str(content_copy.root),
        "import",
        str(FIXTURE),
        "--id",
        "2025",
        "--year",
        "2025",
    ]
    first = subprocess.run(run, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert (
        "a draft with 3 chapters, 2 sections, 4 paragraphs, 0 of them the opening "
        "(read as utf-8-sig, numbered headings)"
    ) in first.stdout
    assert f"{FIXTURE}:1: front matter, kept in report.yml" in first.stdout
    candidates = content_copy.path("content/reports/2025/candidates.yml").read_text("utf-8")
    assert '"智慧港口"' in candidates and '"三新"' not in candidates  # 三新 is in the glossary
    assert 'not_terms:\n  - "智慧港口"\nglossary:' in candidates
    assert "    paragraph: zdgz-02\n" in candidates and '      zh: "200家"\n' in candidates
    again = subprocess.run(run, capture_output=True, text=True, check=False)
    assert again.returncode == 1 and "exists; use --force" in again.stderr
    # a draft validates at once; what is left for staff is listed by check
    check = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert (
        "content/reports/2025/report.yml: draft, to fill in before status: published: "
        "date, speaker, session, source, coverage, notice"
    ) in check.stdout


# --- a second report on the site -------------------------------------------------------

REPORT_2025 = """\
# yaml-language-server: $schema=../../schema/report.schema.json
id: "2025"
year: 2025
title:
  zh: "测试用2025年报告"
  en:
    status: missing
date: 2025-01-15
speaker:
  name:
    zh: "测试"
    en:
      status: missing
  role:
    zh: "测试"
    en:
      status: missing
session:
  zh: "测试会议"
  en:
    status: missing
source:
  publisher:
    zh: "测试来源"
    en:
      status: missing
  url: "https://www.tjbh.gov.cn/"  # a host on content/trusted-hosts.yml
  published: 2025-01-16
coverage:
  zh: "测试用报告，仅用于检验多份报告并存。"
  en:
    status: missing
notice:
  zh: "英文为非官方译文，以中文为准。"
  en:
    text: "Unofficial translation; the Chinese text prevails."
    status: edited
    zh_hash: {notice_hash}
source_text: source.txt
source_skip_lines: 1
chapters:
  - chapters/01-2025-zhengfu-gongzuo-zongti.yml
  - chapters/02-2025-zhuyao-yuqi-mubiao.yml
  - chapters/03-zhongdian-gongzuo-renwu.yml
"""

TARGETS_2025 = """\
targets:
  - id: gdp-growth
    paragraph: zyyq-01
    headline: true
    what:
      zh: "地区生产总值同比增长"
      en:
        status: missing
    figure:
      zh: "5%左右"
      en:
        status: missing
    value: 5
    unit: percent
    comparison: about
"""


@pytest.fixture(scope="session")
def two_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site plus an imported 2025 report (filled in and published) and an imported
    draft 2026 report, built with --strict as for publishing: the draft is left out (built
    once per run, for every worker)."""
    return made_once(tmp_path_factory, "two-reports", build_two_reports) / "site"


def build_two_reports(work: Path) -> None:
    from policysite.content.textutil import zh_hash

    from .conftest import copy_site_sources

    root = copy_site_sources(work / "repo")
    import_report(FIXTURE, root, "2025", 2025)
    folder = root / "content/reports/2025"
    (folder / "report.yml").write_text(
        REPORT_2025.format(notice_hash=zh_hash("英文为非官方译文，以中文为准。")), encoding="utf-8"
    )
    (folder / "targets.yml").write_text(TARGETS_2025, encoding="utf-8")
    # as staff would after reviewing candidates.yml: the quoted phrase is not a term
    glossary = root / "content/glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("not_terms:\n", 'not_terms:\n  - "智慧港口"\n'), "utf-8")
    import_report(LAYOUTS / "preamble.txt", root, "2026", 2026)
    make_share_fonts(root)  # the new titles' characters for the share cards
    result = run_mkdocs_build(root, work / "site")
    assert result.returncode == 0, result.stdout + result.stderr


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_home_shows_the_latest_report_and_links_every_report(
    two_reports: Path, prefix: str
) -> None:
    home = soup(two_reports / prefix / "index.html")
    assert "测试用2025年报告" in home.select_one("article h1").get_text()
    links = {a["href"] for a in home.select("article a")}
    assert {"2024/", "2025/"} <= links
    nav = [a.get_text(" ", strip=True) for a in home.select(".md-nav--primary .md-nav__link")]
    title_2024 = "2024 Government Work Report" if prefix else "天津市滨海新区2024年政府工作报告"
    first_2025 = nav.index("测试用2025年报告")  # no English title yet: shown in Chinese
    first_2024 = next(i for i, n in enumerate(nav) if n.startswith(title_2024))
    assert first_2025 < first_2024  # the latest report first
    assert (
        "2025年主要预期目标" in home.get_text()
        or "Main projected targets for 2025" in home.get_text()
    )
    for year in ("2024", "2025"):
        assert (two_reports / prefix / year / "index.html").is_file()
        assert (two_reports / prefix / year / "about/index.html").is_file()
    # the draft is not published: no pages, no link, no place in the navigation
    assert not (two_reports / prefix / "2026").exists()
    assert not any(h.startswith("2026") for h in links)
    assert "政府工作报告（草稿）" not in nav


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_targets_compared_across_years(two_reports: Path, prefix: str) -> None:
    for year in ("2024", "2025"):
        page = soup(two_reports / prefix / year / "targets/index.html")
        row = page.select_one('#bp-targets-by-year tr[data-target="gdp-growth"]')
        assert row is not None
        cells = [td.get_text() for td in row.select("td")][1:]
        assert cells[0] in ("4.8%左右", "about 4.8%") and cells[1] == "5%左右"
        headers = [th.get_text() for th in page.select("#bp-targets-by-year thead th")][1:]
        assert headers == ["2024", "2025"]


def test_glossary_uses_span_both_reports(two_reports: Path) -> None:
    glossary = soup(two_reports / "glossary/index.html")
    uses = glossary.select_one("#san-xin").find_next("div", class_="bp-gloss__uses")
    hrefs = [a["href"] for a in uses.select("a")]
    assert any(h.startswith("../2025/") for h in hrefs) and any(
        h.startswith("../2024/") for h in hrefs
    )


@pytest.mark.browser
def test_switcher_stays_on_the_page_in_the_second_report(
    browser: Any, two_reports: Path, tmp_path: Path
) -> None:
    with serve_site(two_reports, tmp_path / "server") as base:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(base + "/2025/zhongdian-gongzuo-renwu/")
            page.hover(".md-header__option .md-select")
            page.get_by_role("link", name="English", exact=True).click()
            page.wait_for_load_state()
            assert page.url == base + "/en/2025/zhongdian-gongzuo-renwu/"
            assert page.locator(".bp-badge--missing").first.is_visible()  # no English yet
        finally:
            context.close()
