"""Report IDs never take a name the site uses: an edition's folder (mkdocs.yml's
``extra.alternate``), a folder or file the build writes, or a report page's name. The list
(``content.layout``) is compared with what a real build writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from policysite.checks.loader import load_site
from policysite.content import layout

from .conftest import REPO, ContentCopy, run_mkdocs_build

REPORT = "content/reports/2024/report.yml"
EDITIONS = ("", "zh-hant", "en")


def refusal(report_id: str) -> str:
    return f"'{report_id}' is a page name the site uses itself; choose another report ID"


def names(folder: Path) -> set[str]:
    """What a folder holds, by the name an ID could collide with (``404.html`` -> ``404``)."""
    return {path.name.split(".")[0] for path in folder.iterdir()}


def test_the_reserved_names_are_what_the_build_writes(built_site: Path) -> None:
    site = load_site(REPO, drafts=False).site
    reports = {report.id for report in site.reports}
    reserved = layout.reserved_report_ids(REPO)
    assert layout.edition_folders(REPO) == {"en", "zh-hant"}
    # The site root: every name beside the reports is reserved, and every reserved name is
    # written there except the report pages' own (which are reserved so no report looks like one).
    report_pages = {layout.TARGETS_PAGE, layout.FULL_TEXT_PAGE, layout.ABOUT_PAGE}
    assert names(built_site) - reports == reserved - report_pages
    for edition in EDITIONS[1:]:
        assert names(built_site / edition) - reports <= reserved, edition
    # Each report's folder: its chapters beside the report pages.
    for edition in EDITIONS:
        for report in site.reports:
            chapters = {chapter.id for chapter in report.chapters}
            assert names(built_site / edition / report.id) - chapters == layout.REPORT_PAGES


@pytest.mark.parametrize(
    "report_id", ["zh-hant", "en", "assets", "search", "data", "glossary", "sitemap", "404"]
)
def test_check_refuses_a_report_id_the_site_uses(content_copy: ContentCopy, report_id: str) -> None:
    content_copy.edit(REPORT, 'id: "2024"', f'id: "{report_id}"')
    assert content_copy.problems() == [f"{REPORT}:7: id: {refusal(report_id)}"]


def test_a_new_edition_reserves_its_folder(content_copy: ContentCopy) -> None:
    content_copy.edit(
        "mkdocs.yml",
        '    - name: English\n      lang: en\n      prefix: "en/"\n',
        '    - name: English\n      lang: en\n      prefix: "en/"\n'
        '    - name: 日本語\n      lang: ja\n      prefix: "ja/"\n',
    )
    content_copy.edit(REPORT, 'id: "2024"', 'id: "ja"')
    assert content_copy.problems() == [f"{REPORT}:7: id: {refusal('ja')}"]


def test_check_and_the_build_refuse_it_and_keep_the_site(
    content_copy: ContentCopy, tmp_path: Path
) -> None:
    content_copy.edit(REPORT, 'id: "2024"', 'id: "zh-hant"')
    expected = f"{REPORT}:7: id: {refusal('zh-hant')}"
    check = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root), "check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 1
    assert check.stderr.splitlines() == [expected, "1 problem in 1 file"]
    published = tmp_path / "site"
    (published / "zh-hant").mkdir(parents=True)
    (published / "zh-hant" / "index.html").write_text("the site as it was", encoding="utf-8")
    build = run_mkdocs_build(content_copy.root, published)
    assert build.returncode == 1
    assert expected in build.stderr
    assert [p.relative_to(published) for p in sorted(published.rglob("*"))] == [
        Path("zh-hant"),
        Path("zh-hant/index.html"),
    ]
    assert (published / "zh-hant/index.html").read_text(encoding="utf-8") == "the site as it was"


@pytest.mark.parametrize("report_id", ["zh-hant", "search", "data"])
def test_import_refuses_it_before_writing_anything(
    content_copy: ContentCopy, report_id: str
) -> None:
    before = sorted(content_copy.root.rglob("*"))
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root),
         "import", str(REPO / "tests/fixtures/report-numbered.txt"), "--id", report_id,
         "--year", "2025"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: --id: {refusal(report_id)}"]
    assert result.stdout == ""  # refused before the content is even read
    assert sorted(content_copy.root.rglob("*")) == before
