"""`mkdocs serve` rebuilds both languages on a YAML or template edit and survives bad content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.bench_web import fetch, mkdocs_serving

from .conftest import ContentCopy, wait_for

BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
PAGE = "2024/beijing-tianjin-hebei/"


@pytest.fixture
def served(content_copy: ContentCopy, tmp_path: Path) -> Iterator[tuple[str, Path, ContentCopy]]:
    log = tmp_path / "serve.log"
    with mkdocs_serving(content_copy.root, log) as (url, _):
        wait_for(lambda: "滨唐高速" in fetch(url + PAGE), pause=0.3)
        wait_for(lambda: "Binhai-Tangshan" in fetch(url + "en/" + PAGE), pause=0.3)
        yield url, log, content_copy


def test_serve_rebuilds_on_yaml_edit_and_survives_errors(
    served: tuple[str, Path, ContentCopy],
) -> None:
    url, log, copy = served
    # An English edit shows up on the English page.
    copy.edit(BTH, "Binhai-Tangshan Expressway", "Binhai-Tangshan Expressway (edited)")
    wait_for(lambda: "Binhai-Tangshan Expressway (edited)" in fetch(url + "en/" + PAGE))

    # A content error is reported in the terminal and the server keeps running (MkDocs holds
    # requests until the next good build, so the page is not fetched here).
    copy.edit(BTH, "status: edited", "status: edtied")
    wait_for(lambda: "did you mean 'edited'?" in log.read_text(encoding="utf-8"))
    assert "Traceback" not in log.read_text(encoding="utf-8")

    # Fixing it brings the site back, both languages rebuilt.
    copy.edit(BTH, "status: edtied", "status: edited")
    copy.edit(BTH, "Binhai-Tangshan Expressway (edited)", "Binhai-Tangshan Expressway (fixed)")
    wait_for(lambda: "Binhai-Tangshan Expressway (fixed)" in fetch(url + "en/" + PAGE))
    assert "滨唐高速" in fetch(url + PAGE)


def test_serve_rebuilds_on_template_edit(served: tuple[str, Path, ContentCopy]) -> None:
    url, _, copy = served
    strings = "hooks/policysite/render/templates/strings.yml"
    copy.edit(strings, "about_title: 关于本版", "about_title: 关于本版本")
    wait_for(lambda: "关于本版本" in fetch(url + "2024/about/"))


def test_an_imported_draft_shows_at_once_in_the_preview(
    served: tuple[str, Path, ContentCopy],
) -> None:
    """Staff import a report while `mkdocs serve` runs: it appears as a draft, before any
    metadata is filled in, and the home page keeps the published report."""
    from policysite.tools.importer import import_report

    url, log, copy = served
    fixture = Path(__file__).parent / "fixtures/import/parts.txt"
    import_report(fixture, copy.root, "2030", 2030)
    wait_for(lambda: "本报告尚未发布" in fetch(url + "2030/"))
    assert "第一部分 2024年工作回顾" in fetch(url + "2030/")
    # The English edition is built when first asked for: its first page may take longer than
    # one fetch's 10 s on a loaded machine.
    wait_for(lambda: "This report is not published yet" in fetch(url + "en/2030/"))
    assert "天津市滨海新区2024年政府工作报告" in fetch(url)
    assert "Traceback" not in log.read_text(encoding="utf-8")
