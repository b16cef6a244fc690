"""Benchmark and plain export of the report site: each command wired to the core.

    python scripts/bench.py run                # all figures, 6-7 minutes on 2 cores
    python scripts/bench.py run --quick        # fewer runs, 1 and 5 reports: under a minute
    python scripts/bench.py run --json out.json
    python scripts/bench.py export DEST        # the pages as plain Markdown + plain mkdocs.yml
    python scripts/bench.py search             # search at 1, 10 and 50 reports: a few minutes
    python scripts/bench.py long-paragraph     # `check` with one 200 KB paragraph

Progress goes to stderr, figures to stdout. Run any command with --help for details.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click
from policysite.bench_builds import build_site
from policysite.bench_corpus import make_corpus
from policysite.bench_format import format_results, results_data
from policysite.bench_long import measure_long_paragraph
from policysite.bench_search import describe, measure_search
from policysite.benchmark import DEFAULT, QUICK, run_benchmark
from policysite.export import BUILD_COMMAND, ExportRefused, export_site
from policysite.problems import ContentError

REPO_ROOT = Path(__file__).resolve().parent.parent


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=REPO_ROOT,
    show_default="the repository",
    help="Repository folder holding mkdocs.yml and content/.",
)
@click.pass_context
def cli(context: click.Context, root: Path) -> None:
    """Measure the site's build and page weight; export it as a plain MkDocs site."""
    context.obj = root


@cli.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--site-url", help="Public address of the site (default: $SITE_URL, else local).")
@click.pass_obj
def export(root: Path, dest: Path, site_url: str | None) -> None:
    """Write both languages' pages as plain Markdown, with a plain mkdocs.yml and
    mkdocs.en.yml (Material, same navigation, no hooks), into the new folder DEST."""
    try:
        result = export_site(root, dest, site_url)
    except (ContentError, ExportRefused) as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(result.describe())
    click.echo(f"build it with: cd {dest} && {BUILD_COMMAND}")


@cli.command()
@click.option("--quick", is_flag=True, help="Fewer runs and 1 and 5 reports (under a minute).")
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every measurement to this JSON file.",
)
@click.pass_obj
def run(root: Path, quick: bool, json_file: Path | None) -> None:
    """Measure build overhead, scaling, annotation, `mkdocs serve` and reader cost."""
    settings = QUICK if quick else DEFAULT

    def progress(message: str) -> None:
        click.echo(f"[bench] {message}", err=True)

    results = run_benchmark(root, settings, progress)
    click.echo(format_results(results), nl=False)
    if json_file is not None:
        json_file.write_text(
            json.dumps(results_data(results), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        progress(f"wrote {json_file}")


@cli.command()
@click.option(
    "--reports",
    "counts",
    type=int,
    multiple=True,
    default=(1, 10, 50),
    show_default=True,
    help="Corpus sizes to build and search (repeat the option).",
)
@click.pass_obj
def search(root: Path, counts: tuple[int, ...]) -> None:
    """Search in Chromium: bytes a first query downloads, and the time to answer each
    keystroke, on synthetic corpora of N reports."""

    def progress(message: str) -> None:
        click.echo(f"[bench] {message}", err=True)

    click.echo("Search: first query (every response after the page loaded, gzipped) and keystrokes")
    with tempfile.TemporaryDirectory(prefix="policysite-bench-") as scratch:
        work = Path(scratch)
        for count in counts:
            progress(f"search: building {count} report(s)")
            corpus = make_corpus(root, work / f"corpus-{count}", count).root
            site_dir = work / f"site-{count}"
            build_site(corpus, site_dir, work / f"build-{count}.log")
            progress(f"search: measuring {count} report(s)")
            for line in describe(count, measure_search(site_dir)):
                click.echo(line)


@cli.command("long-paragraph")
@click.option("--kb", type=int, default=200, show_default=True, help="Size of the paragraph.")
@click.option("--runs", type=int, default=3, show_default=True, help="Median of this many.")
@click.pass_obj
def long_paragraph(root: Path, kb: int, runs: int) -> None:
    """Time `check` on content with one very long paragraph (it must stay linear)."""
    click.echo(measure_long_paragraph(root, kb, runs).describe())


if __name__ == "__main__":
    cli()
