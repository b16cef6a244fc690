"""Provenance on the site and in the checks: badges, missing English, figures, coverage."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from policysite.checks.coverage import coverage
from policysite.checks.loader import load_site
from policysite.content.problems import ContentError

from .conftest import (
    REPO,
    ContentCopy,
    copy_site_sources,
    made_once,
    run_mkdocs_build,
    serve_site,
)

BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
TARGETS_CHAPTER = "content/reports/2024/chapters/02-main-targets.yml"


def make_machine(copy: ContentCopy, paragraph_id: str) -> None:
    """Turn one paragraph's English into a machine draft."""
    text = copy.path(BTH).read_text(encoding="utf-8")
    block = re.search(rf"- id: {paragraph_id}\n(.*?\n)( +)status: edited\n", text, re.S)
    assert block
    indent = block.group(2)
    replacement = (
        f"- id: {paragraph_id}\n{block.group(1)}{indent}status: machine\n"
        f"{indent}provider: Baidu Translate\n{indent}date: 2026-11-20\n"
    )
    copy.path(BTH).write_text(text.replace(block.group(0), replacement), encoding="utf-8")


def make_stale(copy: ContentCopy, paragraph_id: str) -> None:
    text = copy.path(BTH).read_text(encoding="utf-8")
    block = re.search(rf"- id: {paragraph_id}\n.*?zh_hash: ([0-9a-f]+)\n", text, re.S)
    assert block
    copy.edit(BTH, block.group(0), block.group(0).replace(block.group(1), "f" * 12))


def make_missing(copy: ContentCopy, paragraph_id: str) -> None:
    text = copy.path(BTH).read_text(encoding="utf-8")
    block = re.search(rf"(- id: {paragraph_id}\n +zh: .*\n)( +)en:\n(?:\2  .*\n)+", text)
    assert block
    indent = block.group(2)
    copy.edit(BTH, block.group(0), f"{block.group(1)}{indent}en:\n{indent}  status: missing\n")


@pytest.fixture(scope="session")
def status_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the real content with one machine, one stale and one missing paragraph
    (once per run)."""
    return made_once(tmp_path_factory, "status", build_status_site) / "site"


def build_status_site(root: Path) -> None:
    copy = ContentCopy(copy_site_sources(root / "repo"))
    make_machine(copy, "bth-03")
    make_stale(copy, "bth-04")
    make_missing(copy, "bth-05")
    site = root / "site"
    result = run_mkdocs_build(copy.root, site, strict=False)
    assert result.returncode == 0, result.stderr
    assert "changed after this English was written" in result.stderr  # stale is a warning


def paragraph(site: Path, lang_prefix: str, paragraph_id: str) -> Any:
    page = BeautifulSoup(
        (site / lang_prefix / "2024/beijing-tianjin-hebei/index.html").read_text("utf-8"),
        "html.parser",
    )
    return page.find(id=paragraph_id)


def test_english_badges_say_what_the_translation_is(status_site: Path) -> None:
    machine = paragraph(status_site, "en", "bth-03")
    stale = paragraph(status_site, "en", "bth-04")
    missing = paragraph(status_site, "en", "bth-05")
    edited = paragraph(status_site, "en", "bth-06")
    assert machine.select_one(".bp-badge--machine").get_text() == "Machine draft"
    assert "not yet been checked" in machine.select_one(".bp-badge--machine")["title"]
    assert stale.select_one(".bp-badge--stale").get_text() == "Translation out of date"
    assert missing.select_one(".bp-badge--missing").get_text() == "Not yet translated"
    body = missing.select_one(".bp-para__body p")
    assert body["lang"] == "zh-CN" and body.get_text().startswith("加快京滨城际")
    assert edited.select_one(".bp-badge") is None
    assert paragraph(status_site, "", "bth-03").select_one(".bp-badge") is None  # zh page


def test_provenance_is_counted_for_staff_not_on_public_pages(status_site: Path) -> None:
    """The counts are a staff dashboard: `check` prints them; the About page explains the
    badges to readers without a table of counts."""
    page = BeautifulSoup(
        (status_site / "en/2024/about/index.html").read_text("utf-8"), "html.parser"
    )
    assert page.select(".bp-counts") == []
    assert "Machine draft: produced by machine translation" in page.get_text()
    report = load_site(status_site.parent / "repo").site.reports[0]
    totals = dict.fromkeys(("approved", "edited", "machine", "stale", "missing"), 0)
    for _, counts in coverage(report):
        for status, count in counts.items():
            totals[status] += count
    assert totals == {"approved": 0, "edited": 35, "machine": 1, "stale": 1, "missing": 1}


@pytest.mark.browser
def test_badges_in_the_browser(browser: Any, status_site: Path, tmp_path: Path) -> None:
    with serve_site(status_site, tmp_path / "server") as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            show_badges(context.new_page(), base, tmp_path)
        finally:
            context.close()


def show_badges(page: Any, base: str, tmp_path: Path) -> None:
    page.goto(f"{base}/en/2024/beijing-tianjin-hebei/")
    for selector in (".bp-badge--machine", ".bp-badge--stale", ".bp-badge--missing"):
        badge = page.locator(selector)
        assert badge.is_visible()
        color = badge.evaluate("e => getComputedStyle(e).backgroundColor")
        assert color not in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator("#bth-03").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "badges.png"))


def test_planted_figure_errors_stop_the_build(content_copy: ContentCopy) -> None:
    content_copy.edit(TARGETS_CHAPTER, "about 4.8%", "about 4.5%")
    line = content_copy.line_of(TARGETS_CHAPTER, "about 4.5%") - 1
    with pytest.raises(ContentError) as caught:
        load_site(content_copy.root)
    messages = [p.format() for p in caught.value.problems]
    assert len(messages) == 1
    assert messages[0].startswith(f"{TARGETS_CHAPTER}:{line}: paragraphs[0].en: figure '4.8%")


def test_stale_english_is_left_to_the_staleness_warning(content_copy: ContentCopy) -> None:
    content_copy.edit(BTH, "1.2-million-tonne", "1.5-million-tonne")  # bth-07's figure
    with pytest.raises(ContentError):
        load_site(content_copy.root)  # a wrong figure in current English is an error
    make_stale(content_copy, "bth-07")  # once its Chinese "changed", the figure may lag
    warnings = [p.format() for p in load_site(content_copy.root).warnings]
    assert len(warnings) == 1 and "changed after this English was written" in warnings[0]


def test_check_prints_coverage_per_chapter(content_copy: ContentCopy) -> None:
    make_machine(content_copy, "bth-03")
    make_missing(content_copy, "bth-05")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"2024/beijing-tianjin-hebei +approved 0  edited 8  machine 1  stale 0  missing 1",
        result.stdout,
    ), result.stdout
