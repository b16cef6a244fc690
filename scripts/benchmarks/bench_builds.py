"""Timed builds for the benchmark: the site's own `mkdocs build`, the plain export's build
(the baseline), the same export built by Zensical where it is installed, and builds of
synthetic corpora. Each build is a child process; its wall time,
its CPU time and its own peak resident memory (from wait4) are recorded.

Ratios use CPU time: on a shared machine another process's burst inflates one build's wall
time but not the CPU time the build itself needs. Wall times are reported alongside.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policysite.render.export import LANGUAGES, export_site

from .bench_corpus import copy_site, corpus_texts, drop_edition, han_count
from .bench_web import gzip_size

Progress = Callable[[str], None]
BUILD_TIMEOUT = 1800  # seconds; a 50-report build takes about a minute on 2 cores
# The baseline builds every edition in one process, as the site's own build does.
BASELINE_SCRIPT = (
    "import sys\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "for name in sys.argv[1:]:\n"
    "    build(load_config(name, strict=True))\n"
)
# Zensical builds one configuration per process; one parent runs them all, so its CPU time
# (wait4 counts the children it waited for) is the whole export's.
ZENSICAL_SCRIPT = (
    "import subprocess, sys\n"
    "for name in sys.argv[2:]:\n"
    "    subprocess.run([sys.argv[1], 'build', '--clean', '-f', name], check=True)\n"
)


# Instructions are counted by Valgrind's cachegrind without its cache simulation (about 15
# times slower than the build itself): the same build gives the same count to within 0.2%
# (measured: 0.04% for the site, 0.13% without topics), where CPU time on a shared 2-core
# machine varies by a fifth from build to build.
COUNTER = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
_COUNT_LINE = re.compile(r"==\d+== I\s+refs:\s+([\d,]+)")


@dataclass(frozen=True)
class BuildRun:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system time of the build process
    max_rss: int  # bytes, peak resident memory of the build process
    instructions: int | None = None  # counted (``counted=True``): the process's own, user space


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def wall_median(runs: list[BuildRun]) -> float:
    return median([run.seconds for run in runs])


def cpu_median(runs: list[BuildRun]) -> float:
    return median([run.cpu_seconds for run in runs])


def run_timed(
    args: list[str],
    cwd: Path,
    log: Path,
    timeout: float = BUILD_TIMEOUT,
    extra_env: dict[str, str] | None = None,
    counted: bool = False,
) -> BuildRun:
    """Run a child process; wall time and its own peak memory (wait4), and with ``counted``
    the instructions it executed (under ``COUNTER``, whose times are not the build's). Raises on
    failure."""
    if counted:
        args = [*COUNTER, *args]
        timeout *= 30
    env = {**build_env(), **(extra_env or {})}
    with log.open("w", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env)
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8").splitlines()[-20:])
        raise RuntimeError(f"{' '.join(args[:4])} failed in {cwd} (see {log}):\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    count = None
    if counted:
        found = _COUNT_LINE.findall(log.read_text(encoding="utf-8"))
        if not found:
            raise RuntimeError(f"no instruction count in {log}")
        count = int(found[-1].replace(",", ""))
    return BuildRun(seconds, cpu, usage.ru_maxrss * 1024, count)  # Linux reports kilobytes


def build_env() -> dict[str, str]:
    """The environment of a measured build: this one's, with SITE_URL the local address unless
    set (a build without it warns, and --strict stops) and MkDocs' notice about 2.0 off."""
    return {"SITE_URL": "http://127.0.0.1:8000/", **os.environ, "NO_MKDOCS_2_WARNING": "1"}


def can_count() -> bool:
    """Whether instructions can be counted here (Valgrind is installed)."""
    return shutil.which(COUNTER[0]) is not None


def build_site(
    root: Path, site_dir: Path, log: Path, cache: Path | None = None, counted: bool = False
) -> BuildRun:
    """The site's own `mkdocs build --strict` (every edition); with ``cache``, a cold build:
    the build cache (``$POLICYSITE_CACHE``) emptied first, so every card, stylesheet, template,
    validation, term scan and page is made again."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)]
    if cache is None:
        return run_timed(command, root, log, counted=counted)
    shutil.rmtree(cache, ignore_errors=True)
    extra_env = {"POLICYSITE_CACHE": str(cache)}
    return run_timed(command, root, log, extra_env=extra_env, counted=counted)


def build_baseline(export_dir: Path, log: Path, counted: bool = False) -> BuildRun:
    """The plain export built by MkDocs + Material, every edition, strict, one process."""
    configs = [language.config for language in LANGUAGES]
    command = [sys.executable, "-c", BASELINE_SCRIPT, *configs]
    return run_timed(command, export_dir, log, counted=counted)


def zensical_program() -> str | None:
    """Zensical's command, if it is installed beside this Python or on the PATH."""
    beside = Path(sys.executable).with_name("zensical")
    return str(beside) if beside.is_file() else shutil.which("zensical")


def build_zensical(export_dir: Path, program: str, log: Path) -> BuildRun:
    """The plain export built by Zensical (``--clean``: no cache from the last run), every
    edition."""
    configs = [language.config for language in LANGUAGES]
    command = [sys.executable, "-c", ZENSICAL_SCRIPT, program, *configs]
    return run_timed(command, export_dir, log)


def zensical_version(program: str) -> str:
    done = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().rsplit(" ", 1)[-1] or "unknown"


#: The edition whose build cost is measured against the site without it.
NEW_EDITION = "zh-Hant"


@dataclass
class Overhead:
    site: list[BuildRun]
    baseline: list[BuildRun]
    without_edition: list[BuildRun] = field(default_factory=list)  # the two-language site
    zensical: list[BuildRun] = field(default_factory=list)  # the export built by Zensical
    zensical_version: str = ""

    @property
    def ratio(self) -> float:
        """Median CPU time of the site's build over the baseline's."""
        return cpu_median(self.site) / cpu_median(self.baseline)

    @property
    def paired_ratio(self) -> float:
        """Median, over the rounds, of the site's CPU time over the baseline's in the same
        round (what a drift in the machine's speed between rounds cannot skew)."""
        pairs = zip(self.site, self.baseline, strict=True)
        return median([site.cpu_seconds / base.cpu_seconds for site, base in pairs])

    @property
    def zensical_ratio(self) -> float:
        """Median CPU time of the site's build over Zensical's build of the export."""
        return cpu_median(self.site) / cpu_median(self.zensical)

    @property
    def wall_ratio(self) -> float:
        return wall_median(self.site) / wall_median(self.baseline)

    @property
    def edition_ratio(self) -> float:
        """Median CPU time of the site's build over the same site's without NEW_EDITION."""
        return cpu_median(self.site) / cpu_median(self.without_edition)

    @property
    def edition_wall_ratio(self) -> float:
        return wall_median(self.site) / wall_median(self.without_edition)


def measure_overhead(
    root: Path, work: Path, runs: int, warm_up: bool, progress: Progress
) -> tuple[Overhead, Path]:
    """Interleaved builds of the site, of its plain export and of the site without its newest
    edition (``runs`` rounds, after one unmeasured round if ``warm_up``); returns the built
    site too."""
    real = copy_site(root, work / "real")
    export = export_site(real, work / "export").folder
    site_dir = work / "real-site"
    fewer = copy_site(root, work / "fewer")
    drop_edition(fewer, NEW_EDITION)
    zensical = zensical_program()
    result = Overhead([], [], zensical_version=zensical_version(zensical) if zensical else "")
    builds: dict[str, Callable[[], BuildRun]] = {
        "site": lambda: build_site(real, site_dir, work / "site.log"),
        "baseline": lambda: build_baseline(export, work / "baseline.log"),
        "without": lambda: build_site(fewer, work / "fewer-site", work / "fewer.log"),
    }
    if zensical:
        builds["zensical"] = lambda: build_zensical(export, zensical, work / "zensical.log")
    rounds = runs + (1 if warm_up else 0)
    for number in range(rounds):
        progress(f"overhead: build round {number + 1} of {rounds}")
        # Alternate the order, so a drift in the machine's speed hits every kind alike.
        order = list(builds) if number % 2 == 0 else list(reversed(builds))
        made = {kind: builds[kind]() for kind in order}
        if warm_up and number == 0:
            continue
        result.site.append(made["site"])
        result.baseline.append(made["baseline"])
        result.without_edition.append(made["without"])
        if "zensical" in made:
            result.zensical.append(made["zensical"])
    return result, site_dir


@dataclass
class ScalePoint:
    reports: int
    han_chars: int
    runs: list[BuildRun]
    index_bytes: dict[str, tuple[int, int]] = field(default_factory=dict)  # lang -> raw, gz

    @property
    def seconds(self) -> float:
        return wall_median(self.runs)

    @property
    def cpu_seconds(self) -> float:
        return cpu_median(self.runs)

    @property
    def peak_rss(self) -> int:
        return max(r.max_rss for r in self.runs)


def measure_scaling(
    corpora: dict[int, Path],
    work: Path,
    runs: int,
    progress: Progress,
    built: dict[int, tuple[list[BuildRun], Path]],
) -> list[ScalePoint]:
    """``runs`` builds of each corpus (by report count); ``built`` holds runs already made of
    identical sites."""
    points = []
    for count in sorted(corpora):
        root = corpora[count]
        point = ScalePoint(count, han_count(corpus_texts(root)), [])
        if count in built:
            point.runs, site_dir = built[count]
            point.index_bytes = search_index_sizes(site_dir)
            points.append(point)
            continue
        site_dir = work / f"site-{count}"
        for number in range(runs):
            progress(f"scaling: {count} reports, build {number + 1} of {runs}")
            point.runs.append(build_site(root, site_dir, work / f"site-{count}.log"))
        point.index_bytes = search_index_sizes(site_dir)
        points.append(point)
    return points


def search_index_sizes(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Raw and gzipped size of each language's whole search index (every file of it; a query
    fetches only a few: see bench_search.py)."""
    sizes = {}
    for language in LANGUAGES:
        search = site_dir / language.prefix / "search"
        files = [search / "search_index.json", *sorted((search / "engine").glob("*.json"))]
        present = [path.read_bytes() for path in files if path.is_file()]
        if present:
            sizes[language.code] = (sum(map(len, present)), sum(map(gzip_size, present)))
    return sizes
