"""A content error stops `mkdocs build` cleanly: exact lines, non-zero exit, no traceback,
and the previous site left exactly as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ContentCopy, run_mkdocs_build

BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_content_error_stops_the_build_and_keeps_the_old_site(
    content_copy: ContentCopy, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert run_mkdocs_build(content_copy.root, site).returncode == 0
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
