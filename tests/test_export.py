"""The plain export builds with plain MkDocs + Material and has the site's pages; the
benchmark's synthetic corpus is valid content. Functional only: no timings are asserted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.bench_corpus import copy_site, corpus_texts, drop_edition, han_count, make_corpus
from mkdocs.config import load_config
from policysite.checks.loader import load_site
from policysite.content.model import Site
from policysite.render.export import (
    ENGLISH_CONFIG,
    LANGUAGES,
    SITE_CONFIG,
    ExportRefused,
    export_site,
)
from policysite.render.pages import render_site

from .conftest import REPO, made_once, run_mkdocs_build

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def build_export(folder: Path) -> None:
    """The export's own build command: every edition, strict."""
    for config in [language.config for language in LANGUAGES]:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config],
            cwd=folder,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            timeout=600,
        )
        assert result.returncode == 0, result.stderr


def pages(site: Path, below: str = "") -> dict[str, str]:
    """Every page of one language (``below`` the site root): path -> its <h1> text."""
    root = site / below
    found = {}
    for html in sorted(root.rglob("index.html")):
        relative = html.relative_to(root).as_posix()
        if below == "" and relative.startswith(("en/", "zh-hant/")):
            continue
        heading = _H1.search(html.read_text(encoding="utf-8"))
        found[relative] = _TAG.sub("", heading.group(1)).strip() if heading else ""
    return found


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site exported as plain Markdown and built with plain Material (once per run)."""
    return made_once(tmp_path_factory, "exported", export_and_build) / "plain"


def export_and_build(work: Path) -> None:
    folder = work / "plain"
    export_site(REPO, folder, "https://example.org/report/")
    build_export(folder)


def test_export_builds_both_languages_with_the_sites_pages(
    exported: Path, built_site: Path
) -> None:
    for below in ("", "en", "zh-hant"):
        plain, real = pages(exported / "site", below), pages(built_site, below)
        assert plain.keys() == real.keys(), below
        assert plain == real, below  # same page, same heading
        assert len(plain) > 5


def test_export_configuration_is_plain_material_with_the_sites_settings(exported: Path) -> None:
    for name in (SITE_CONFIG, ENGLISH_CONFIG):
        plain = load_config(str(exported / name))
        real = load_config(str(REPO / name))
        assert plain.hooks == {}
        assert plain.theme.custom_dir is None
        assert plain.theme.name == "material"
        assert plain.theme["font"] is False
        assert plain.theme["language"] == real.theme["language"]
        assert plain.markdown_extensions == real.markdown_extensions
        assert list(plain.plugins) == [name for name in real.plugins if not name.endswith(".py")]
        assert plain.nav, "the rendered navigation is written into the configuration"
    english = load_config(str(exported / ENGLISH_CONFIG))
    assert english.site_url == "https://example.org/report/en/"
    assert english.site_dir.endswith(os.path.join("site", "en"))


def test_export_pages_are_the_rendered_markdown_as_is(exported: Path) -> None:
    loaded = load_site(REPO)
    for language in LANGUAGES:
        specs, _ = render_site(loaded.site, language.code, loaded.terms)
        docs = exported / language.docs_dir
        for spec in specs:  # raw HTML (tooltips, tables) included, unchanged
            assert (docs / spec.src_uri).read_text(encoding="utf-8") == spec.markdown
    assert (exported / "docs" / "data").is_dir(), "open data is linked from the about pages"


def test_export_refuses_a_folder_that_holds_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("staff notes", encoding="utf-8")
    with pytest.raises(ExportRefused):
        export_site(REPO, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_synthetic_corpus_holds_n_valid_reports(tmp_path: Path) -> None:
    before = sorted(p.name for p in (REPO / "content" / "reports").iterdir())
    corpus = make_corpus(REPO, tmp_path / "corpus", 4)
    result = load_site(corpus.root)  # schema, fidelity to each source.txt, figures, glossary
    site: Site = result.site
    years = sorted(report.year for report in site.reports)
    newest = max(load_site(REPO).site.reports, key=lambda r: r.year)
    assert years == [newest.year + offset for offset in range(4)]
    assert sorted(r.id for r in site.reports) == [str(year) for year in years]
    for report in site.reports:
        assert str(report.year) in report.title.zh
        assert len(report.chapters) == len(newest.chapters)
        assert not any(p.text.stale for p in report.all_paragraphs())
    repo_warnings = len(load_site(REPO).warnings)
    assert len(result.warnings) == 4 * repo_warnings  # no problem of its own
    texts = corpus_texts(corpus.root)
    assert han_count(texts) == 4 * han_count(
        corpus_texts(make_corpus(REPO, tmp_path / "one", 1).root)
    )
    assert sorted(p.name for p in (REPO / "content" / "reports").iterdir()) == before


def test_benchmark_can_build_the_site_without_its_traditional_edition(tmp_path: Path) -> None:
    root = copy_site(REPO, tmp_path / "fewer")
    drop_edition(root, "zh-Hant")
    assert not (root / "mkdocs.zh-hant.yml").exists()
    result = run_mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "zh-hant").exists()
    assert (tmp_path / "site" / "en" / "index.html").is_file()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="zh-Hant"' not in home and 'hreflang="en"' in home
