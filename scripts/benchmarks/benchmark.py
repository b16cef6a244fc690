"""Benchmark the site on the current machine: figures only, never pass/fail in tests.

1. Build overhead: `mkdocs build` of every edition against the same pages exported as plain
   Markdown and built by MkDocs + Material without hooks (export.py), by Zensical (where
   installed), and against the same site without its Traditional Chinese edition (the
   two-language site); runs interleaved, ratios of CPU time.
2. Scaling: builds of synthetic corpora of N reports (bench_corpus.py): time, peak memory,
   and the 50-report build against the 1-report one.
3. Term annotation throughput: TermMatcher.find on the Chinese of the largest corpus.
4. `mkdocs serve`: seconds from saving one YAML edit until the served page shows it.
5. Reader cost: a first visit's requests and gzipped bytes per page and language, requests
   to other hosts, search index sizes (bench_web.py).

Builds run as child processes (wall time and peak resident memory of each); medians are taken
over several runs. Everything happens in a temporary copy of the site.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from policysite.checks.loader import REPORTS_DIR, load_site
from policysite.content.model import Glossary
from policysite.content.terms import TermMatcher
from policysite.render.export import LANGUAGES

from . import bench_web
from .bench_builds import (
    Overhead,
    ScalePoint,
    measure_overhead,
    measure_scaling,
    median,
    search_index_sizes,
)
from .bench_corpus import corpus_texts, han_count, make_corpus, newest_report

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    mode: str
    overhead_runs: int  # pairs of builds (site, baseline)
    scale_counts: tuple[int, ...]  # reports per corpus
    scale_runs: int
    throughput_passes: int
    serve_counts: tuple[int, ...]
    serve_edits: int
    warm_up: bool  # one unmeasured build of each kind first


DEFAULT = Settings("default", 5, (1, 10, 50), 3, 5, (1, 10), 5, True)
QUICK = Settings("quick", 2, (1, 5), 1, 2, (1,), 2, False)


@dataclass(frozen=True)
class Targets:
    overhead_ratio: float = 1.15  # every edition, against the plain export (CPU time)
    edition_ratio: float = 1.6  # three editions against the two-language site before them
    scale_reports: int = 50  # a build of this many reports ...
    scale_factor: float = 12.0  # ... costs at most this many times the 1-report build
    annotation_mb_s: float = 5.0
    chapter_visit_kb: float = 150.0  # gzipped, 1 KB = 1000 bytes


TARGETS = Targets()


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    system: str
    python: str
    mkdocs: str
    material: str


def describe_machine() -> Machine:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return Machine(
        cpu=cpu,
        cores=os.cpu_count() or 1,
        system=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
        mkdocs=metadata.version("mkdocs"),
        material=metadata.version("mkdocs-material"),
    )


@dataclass
class Throughput:
    reports: int
    texts: int
    utf8_bytes: int
    han_chars: int
    cpu_seconds: list[float]  # of this process: other load on the machine does not count
    wall_seconds: list[float]

    @property
    def mb_per_second(self) -> float:
        """MB (10^6 bytes of UTF-8) per CPU second, median pass."""
        return self.utf8_bytes / median(self.cpu_seconds) / 1e6

    @property
    def wall_mb_per_second(self) -> float:
        return self.utf8_bytes / median(self.wall_seconds) / 1e6


def measure_throughput(root: Path, glossary: Glossary, reports: int, passes: int) -> Throughput:
    """TermMatcher(glossary).find(text, "zh") over every Chinese text of the corpus."""
    texts = corpus_texts(root)
    matcher = TermMatcher(glossary)
    for text in texts[:20]:  # warm up: jieba's dictionary is read on first use
        matcher.find(text, "zh")
    result = Throughput(
        reports, len(texts), sum(len(t.encode("utf-8")) for t in texts), han_count(texts), [], []
    )
    for _ in range(passes):
        cpu, wall = time.process_time(), time.perf_counter()
        for text in texts:
            matcher.find(text, "zh")
        result.cpu_seconds.append(time.process_time() - cpu)
        result.wall_seconds.append(time.perf_counter() - wall)
    return result


@dataclass
class ServePoint:
    reports: int
    latencies: list[float]

    @property
    def seconds(self) -> float:
        return median(self.latencies)


@dataclass
class Results:
    machine: Machine
    settings: Settings
    overhead: Overhead
    scaling: list[ScalePoint]
    throughput: Throughput
    serve: list[ServePoint]
    visits: list[bench_web.Visit]
    index_bytes: dict[str, tuple[int, int]]
    notes: list[str]
    elapsed: float = 0.0


def run_benchmark(root: Path, settings: Settings, progress: Progress) -> Results:
    """Every measurement, in a temporary folder that is removed afterwards."""
    started = time.perf_counter()
    machine = describe_machine()
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="policysite-bench-") as scratch:
        work = Path(scratch)
        overhead, site_dir = measure_overhead(
            root, work, settings.overhead_runs, settings.warm_up, progress
        )
        counts = sorted(set(settings.scale_counts) | set(settings.serve_counts))
        corpora = {}
        for count in counts:
            progress(f"corpus: generating {count} report(s)")
            corpora[count] = make_corpus(root, work / f"corpus-{count}", count).root
        # With one report in the repository, its copy is the 1-report corpus: reuse its builds.
        single = len(list((root / REPORTS_DIR).glob("*/report.yml"))) == 1
        built = {1: (overhead.site, site_dir)} if single else {}
        scaled = {count: corpora[count] for count in settings.scale_counts}
        scaling = measure_scaling(scaled, work, settings.scale_runs, progress, built)
        largest = max(settings.scale_counts)
        progress(f"annotation: {settings.throughput_passes} passes over {largest} reports")
        glossary = load_site(corpora[min(counts)]).site.glossary  # the same in every corpus
        if glossary is None:
            raise RuntimeError("the site has no glossary to annotate with")
        throughput = measure_throughput(
            corpora[largest], glossary, largest, settings.throughput_passes
        )
        serve = []
        for count in settings.serve_counts:
            progress(f"mkdocs serve: {count} report(s), {settings.serve_edits} edits")
            report_dir, _ = newest_report(corpora[count] / REPORTS_DIR)
            target = bench_web.edit_target(report_dir)
            log = work / f"serve-{count}.log"
            latencies = bench_web.serve_latencies(corpora[count], target, settings.serve_edits, log)
            serve.append(ServePoint(count, latencies))
        progress("reader cost: first visits with Chromium")
        visits = _first_visits(root, site_dir, notes)
        index_bytes = search_index_sizes(site_dir)
    return Results(
        machine,
        settings,
        overhead,
        scaling,
        throughput,
        serve,
        visits,
        index_bytes,
        notes,
        time.perf_counter() - started,
    )


def _first_visits(root: Path, site_dir: Path, notes: list[str]) -> list[bench_web.Visit]:
    if not bench_web.CHROMIUM.exists():
        notes.append(f"reader cost skipped: {bench_web.CHROMIUM} is not installed")
        return []
    try:
        import playwright  # noqa: F401
    except ImportError:
        notes.append("reader cost skipped: playwright is not installed (pip install -e '.[test]')")
        return []
    report = load_site(root).site.latest
    pages = []
    for language in LANGUAGES:
        chapters = [f"{language.prefix}{report.id}/{c.id}/" for c in report.chapters]
        heaviest = max(chapters, key=lambda path: (site_dir / path / "index.html").stat().st_size)
        pages += [
            (language.code, "home", "/" + language.prefix),
            (language.code, "chapter", "/" + heaviest),
        ]
    return bench_web.first_visits(site_dir, pages)
