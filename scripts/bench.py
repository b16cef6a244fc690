"""Benchmark and plain export of the report site: each command wired to the core.

    python scripts/bench.py run                # all figures, 6-7 minutes on 2 cores
    python scripts/bench.py run --quick        # fewer runs, 1 and 5 reports: under a minute
    python scripts/bench.py run --json out.json
    python scripts/bench.py export DEST        # the pages as plain Markdown + plain mkdocs.yml
    python scripts/bench.py build --reports 1 --rounds 5 --without-topics   # build CPU only
    python scripts/bench.py search             # search at 1, 10 and 50 reports: a few minutes
    python scripts/bench.py search-libraries   # MiniSearch (npm) on the same tables and keystrokes
    python scripts/bench.py serve              # `mkdocs serve`: save to page, 1 and 10 reports
    python scripts/bench.py long-paragraph     # `check` with one 200 KB paragraph
    python scripts/bench.py weight             # bytes a reader downloads, per kind of page (2 min)
    python scripts/bench.py lighthouse         # Lighthouse 12.2.3 (npx), mobile, 3 runs a page
    python scripts/bench.py w3c                # the W3C HTML checker (vnu.jar from npm, Java)

Progress goes to stderr, figures to stdout. Run any command with --help for details.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from benchmarks.bench_builds import build_env, build_site
from benchmarks.bench_corpus import make_corpus
from benchmarks.bench_format import format_results, results_data
from benchmarks.bench_long import measure_long_paragraph
from benchmarks.bench_search import describe, measure_search
from benchmarks.bench_transfer import reader_plan
from benchmarks.benchmark import DEFAULT, QUICK, run_benchmark
from commandline import staff_group
from policysite.content.problems import ContentError
from policysite.render.export import BUILD_COMMAND, ExportRefused, export_site


@staff_group("Repository folder holding mkdocs.yml and content/.")
def cli() -> None:
    """Measure the site's build and page weight; export it as a plain MkDocs site."""


F = TypeVar("F", bound=Callable[..., object])


def reports_option(default: tuple[int, ...], purpose: str) -> Callable[[F], F]:
    """The ``--reports N`` option (repeatable) of the commands that build synthetic corpora."""
    return click.option(
        "--reports",
        "counts",
        type=int,
        multiple=True,
        default=default,
        show_default=True,
        help=purpose,
    )


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
@reports_option(
    (1, 50), "Corpus sizes (repeat the option); the largest is compared with the smallest."
)
@click.option("--rounds", type=int, default=5, show_default=True, help="Interleaved rounds.")
@click.option("--without-topics", is_flag=True, help="Also build each corpus without topics.")
@click.option("--no-export", is_flag=True, help="Leave out the plain export's builds.")
@click.option("--no-warm-up", is_flag=True, help="No unmeasured first build of each kind.")
@click.option(
    "--cold",
    is_flag=True,
    help="Also build the site with its build cache emptied, every round (with --without-topics,"
    " the site without topics too).",
)
@click.option(
    "--instructions",
    is_flag=True,
    help="Then build each kind once more under Valgrind, counting its instructions (a figure "
    "that, unlike CPU time, does not vary from build to build).",
)
@click.pass_obj
def build(
    root: Path,
    counts: tuple[int, ...],
    rounds: int,
    without_topics: bool,
    no_export: bool,
    no_warm_up: bool,
    cold: bool,
    instructions: bool,
) -> None:
    """Build CPU time only: the site against its plain export built by MkDocs + Material (and
    against the same site without topics, and built cold), in interleaved rounds on synthetic
    corpora of N reports; the largest corpus against the smallest (issue 31: 50 reports <= 12x
    one)."""
    from benchmarks.bench_builds import can_count
    from benchmarks.bench_paired import (
        PairedOptions,
        format_paired,
        load_average,
        measure_paired,
    )

    def progress(message: str) -> None:
        click.echo(f"[bench] {message}", err=True)

    start = load_average()
    if instructions and not can_count():
        raise click.UsageError("--instructions needs Valgrind (apt-get install valgrind)")
    options = PairedOptions(not no_export, without_topics, not no_warm_up, cold, instructions)
    with tempfile.TemporaryDirectory(prefix="policysite-bench-") as scratch:
        points = measure_paired(root, Path(scratch), counts, rounds, options, progress)
    click.echo(format_paired(points, (start, load_average())), nl=False)


@cli.command()
@click.option("--reports", "count", type=int, default=1, show_default=True, help="Corpus size.")
@click.option("--cold", is_flag=True, help="Count builds with their build cache emptied.")
@click.pass_obj
def phases(root: Path, count: int, cold: bool) -> None:
    """Instructions by phase (Valgrind's callgrind, inclusive): the site and the same site
    without topics, each built warm (or cold), and what the topics add to each phase (issue
    28). Needs Valgrind, a C compiler and Python's headers."""
    from benchmarks.bench_phases import format_phases, measure_phases, missing_tools

    if missing := missing_tools():
        raise click.UsageError(f"bench.py phases needs {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="policysite-phases-") as scratch:
        site, bare = measure_phases(
            root, Path(scratch), count, lambda m: click.echo(f"[bench] {m}", err=True), cold
        )
    click.echo(format_phases(site, bare, count, cold), nl=False)


@cli.command()
@reports_option((1, 10, 50), "Corpus sizes to build and search (repeat the option).")
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


@cli.command()
@reports_option((1, 10), "Corpus sizes to serve (repeat the option).")
@click.option("--edits", type=int, default=5, show_default=True, help="Timed edits per size.")
@click.pass_obj
def serve(root: Path, counts: tuple[int, ...], edits: int) -> None:
    """`mkdocs serve`: seconds from saving an English edit until the served page shows it
    (fetched until it does), median over EDITS edits, on synthetic corpora of N reports."""
    from benchmarks.bench_serve import measure_serve

    def progress(message: str) -> None:
        click.echo(f"[bench] {message}", err=True)

    click.echo("`mkdocs serve`: from saving an English edit until the served page shows it")
    for result in measure_serve(root, counts, edits, progress):
        click.echo(result.describe())


@cli.command("search-libraries")
@reports_option((1, 50), "Corpus sizes to build and search (repeat the option).")
@click.option(
    "--site",
    "sites",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    multiple=True,
    help="Measure this built site instead of building corpora (repeat the option).",
)
@click.pass_obj
def search_libraries(root: Path, counts: tuple[int, ...], sites: tuple[Path, ...]) -> None:
    """MiniSearch (npm) on the tests' query tables and the benchmark's typed queries, over the
    units the site's engine indexes: how often the expected paragraph comes first, the whole
    index it needs, and the time per keystroke (in Node)."""
    from benchmarks.bench_libraries import describe_libraries, measure_libraries

    click.echo("MiniSearch on the site's search tables (first result / top three / empty)")
    for site in sites:
        for line in describe_libraries(str(site), measure_libraries(root, site)):
            click.echo(line)
    if sites:
        return
    with tempfile.TemporaryDirectory(prefix="policysite-bench-") as scratch:
        work = Path(scratch)
        for count in counts:
            click.echo(f"[bench] libraries: building {count} report(s)", err=True)
            corpus = make_corpus(root, work / f"corpus-{count}", count).root
            site_dir = work / f"site-{count}"
            build_site(corpus, site_dir, work / f"build-{count}.log")
            for line in describe_libraries(f"{count} report(s)", measure_libraries(root, site_dir)):
                click.echo(line)


@cli.command("long-paragraph")
@click.option("--kb", type=int, default=200, show_default=True, help="Size of the paragraph.")
@click.option("--runs", type=int, default=3, show_default=True, help="Median of this many.")
@click.pass_obj
def long_paragraph(root: Path, kb: int, runs: int) -> None:
    """Time `check` on content with one very long paragraph (it must stay linear)."""
    click.echo(measure_long_paragraph(root, kb, runs).describe())


@cli.command()
@click.pass_obj
def weight(root: Path) -> None:
    """Bytes a reader downloads, served by nginx with deploy/nginx.conf: a first visit to each
    kind of page in both languages, a search on it, and a language switch (needs nginx,
    Debian's chromium and the test extras)."""
    from benchmarks.bench_transfer import format_transfers, measure_transfers

    with tempfile.TemporaryDirectory(prefix="policysite-weight-") as scratch:
        work = Path(scratch)
        site = _build(root, work / "site")
        pages, switches = reader_plan(root, site)
        click.echo(f"[bench] {len(pages)} first visits and {len(switches)} switches", err=True)
        transfers = measure_transfers(site, root, work / "nginx", pages, switches)
    click.echo(format_transfers(transfers), nl=False)


@cli.command()
@click.option("--runs", default=3, show_default=True, help="Lighthouse runs per page.")
@click.option("--desktop", is_flag=True, help="Lighthouse's desktop profile instead of mobile.")
@click.argument("paths", nargs=-1)
@click.pass_obj
def lighthouse(root: Path, runs: int, desktop: bool, paths: tuple[str, ...]) -> None:
    """Lighthouse 12.2.3 (run with npx; set LIGHTHOUSE to a lighthouse binary to use another
    copy) on the site served by nginx with deploy/nginx.conf. PATHS default to the home,
    chapter, glossary and targets pages in both languages."""
    from benchmarks.bench_lighthouse import format_lighthouse, run_lighthouse

    form_factor = "desktop" if desktop else "mobile"
    with tempfile.TemporaryDirectory(prefix="policysite-lighthouse-") as scratch:
        work = Path(scratch)
        site = _build(root, work / "site")
        if not paths:
            pages, _ = reader_plan(root, site)
            wanted = ("home", "chapter", "glossary", "targets")
            paths = tuple(path for _, kind, path in pages if kind in wanted)
        click.echo(f"[bench] Lighthouse: {len(paths)} pages x {runs} runs", err=True)
        results = run_lighthouse(site, root, work, list(paths), runs, form_factor)
    click.echo(format_lighthouse(results, form_factor), nl=False)


@cli.command()
@click.pass_obj
def w3c(root: Path) -> None:
    """The W3C's Nu HTML Checker over every page of a fresh build (offline once vnu.jar is
    fetched from npm; set VNU_JAR to use another copy). Exits non-zero on any error but the
    theme's own autocomplete one."""
    from benchmarks.w3c import check_site

    with tempfile.TemporaryDirectory(prefix="policysite-w3c-") as scratch:
        site = _build(root, Path(scratch) / "site")
        pages = len(list(site.rglob("*.html")))
        errors = check_site(site)
    for error in errors:
        click.echo(error.format())
    click.echo(f"W3C checker: {len(errors)} errors in {pages} pages")
    sys.exit(1 if errors else 0)


def _build(root: Path, site: Path) -> Path:
    click.echo("[bench] building the site", err=True)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env=build_env(),
    )
    if built.returncode != 0:
        click.echo(built.stderr, err=True)
        sys.exit(1)
    return site


if __name__ == "__main__":
    cli()
