"""A content error stops `mkdocs build` cleanly: exact lines, non-zero exit, no traceback,
and the previous site left exactly as it was."""

from __future__ import annotations

import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ContentCopy, copy_site_sources, made_once, run_mkdocs_build

BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_content_error_stops_the_build_and_keeps_the_old_site(
    content_copy: ContentCopy, published_site: Path
) -> None:
    site = published_site
    before = snapshot(site)

    content_copy.edit(BTH, "status: edited", "status: edtied")
    content_copy.edit(BTH, "- id: bth-05", "- id: BTH 05")
    line_status = content_copy.line_of(BTH, "status: edtied")
    line_id = content_copy.line_of(BTH, "- id: BTH 05")
    result = run_mkdocs_build(content_copy.root, site)

    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert (
        f"{BTH}:{line_status}: title.en.status: expected one of machine, edited, approved, "
        "missing; found text ('edtied') (did you mean 'edited'?)"
    ) in output
    assert f"{BTH}:{line_id}: sections[2].paragraphs[0].id: expected an ID" in output
    assert "2 problems in 1 file" in output
    assert snapshot(site) == before


def test_check_command_prints_the_same_lines_as_the_build(
    content_copy: ContentCopy, tmp_path: Path
) -> None:
    content_copy.edit(BTH, "status: edited", "status: edtied")
    content_copy.edit("content/reports/2024/report.yml", "year: 2024", "year: next")
    check = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parent.parent / "scripts" / "site.py"),
            "--root",
            str(content_copy.root),
            "check",
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 1
    assert "Traceback" not in check.stderr
    lines = check.stderr.strip().splitlines()
    assert lines[-1] == "2 problems in 2 files"
    build = run_mkdocs_build(content_copy.root, tmp_path / "site")
    for line in lines:
        assert line in build.stdout + build.stderr


def test_strict_warning_after_both_languages_built_keeps_the_old_site(
    content_copy: ContentCopy, published_site: Path, tmp_path: Path
) -> None:
    """A warning fails --strict only after both languages were written: to staging, not site/."""
    site = published_site
    before = snapshot(site)
    content_copy.edit(BTH, "zh_hash: 866dcc007371", "zh_hash: ffffffffffff")  # stale English
    result = run_mkdocs_build(content_copy.root, site)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]  # no staging left


@pytest.fixture(scope="session")
def second_build(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``repo/``: a copy of the sources; ``site/``: their strict build over an older site
    that holds a stale file, made after the session's build (``built_site``), once per run.
    ``built``: the build's exit code."""

    def make(folder: Path) -> None:
        site = folder / "site"
        site.mkdir()
        (site / "stale-file.html").write_text("old", encoding="utf-8")
        root = copy_site_sources(folder / "repo")
        time.sleep(1.1)  # a timestamp in seconds would differ (the session's build may be recent)
        (folder / "built").write_text(str(run_mkdocs_build(root, site).returncode), "utf-8")

    return made_once(tmp_path_factory, "second-build", make)


def test_successful_build_replaces_the_site_whole(second_build: Path) -> None:
    site = second_build / "site"
    assert (second_build / "built").read_text(encoding="utf-8") == "0"
    assert not (site / "stale-file.html").exists()
    assert (site / "index.html").is_file() and (site / "en/index.html").is_file()
    assert sorted(p.name for p in second_build.iterdir()) == ["built", "repo", "site"]


def test_two_builds_are_byte_identical(second_build: Path, built_site: Path) -> None:
    """The session's build (of the repository, earlier) and one of a copy elsewhere, later:
    the same bytes, whatever the time and the folder."""
    first, second = second_build / "site", built_site
    assert (second_build / "built").read_text(encoding="utf-8") == "0"
    assert snapshot(first) == snapshot(second)
    # with no SOURCE_DATE_EPOCH, the sitemap archive carries the latest report's date
    assert gzip_mtime(first / "sitemap.xml.gz") == 1704844800  # 2024-01-10 00:00 UTC


def test_source_date_epoch_is_honoured(content_copy: ContentCopy, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_mkdocs_build(content_copy.root, site, env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert result.returncode == 0
    day = 1800000000 - 1800000000 % 86400  # MkDocs keeps the day of the given time
    assert gzip_mtime(site / "sitemap.xml.gz") == day
    assert gzip_mtime(site / "en/sitemap.xml.gz") == day


def gzip_mtime(path: Path) -> int:
    return int(struct.unpack("<I", path.read_bytes()[4:8])[0])
