"""The `mkdocs serve` benchmark on its own: seconds from saving an English edit until the
served page shows it, as a reader sees it (the page is fetched again and again until the edit
is there), on synthetic corpora of N reports (bench_corpus.py)."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policysite.checks.loader import REPORTS_DIR

from . import bench_web
from .bench_corpus import make_corpus, newest_report

#: The goals of issue 31: seconds from the save to the page, median, by report count.
TARGET_SECONDS = {1: 1.0, 10: 2.0}


@dataclass(frozen=True)
class ServeRun:
    reports: int
    page: str  # the page polled, below the served root
    latencies: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)

    def describe(self) -> str:
        spread = f"{min(self.latencies):.2f}-{max(self.latencies):.2f}"
        line = (
            f"  {self.reports:>3} report(s): median {self.median:.2f} s over "
            f"{len(self.latencies)} edits ({spread} s), page /{self.page}"
        )
        target = TARGET_SECONDS.get(self.reports)
        if target is not None:
            verdict = "met" if self.median <= target else "missed"
            line += f"; target <= {target:.1f} s: {verdict}"
        return line


def measure_serve(
    root: Path, counts: tuple[int, ...], edits: int, progress: Callable[[str], None]
) -> list[ServeRun]:
    """One `mkdocs serve` per corpus size; ``edits`` timed edits each."""
    runs = []
    with tempfile.TemporaryDirectory(prefix="policysite-serve-") as scratch:
        work = Path(scratch)
        for count in counts:
            progress(f"serve: generating {count} report(s)")
            corpus = make_corpus(root, work / f"corpus-{count}", count).root
            report_dir, _ = newest_report(corpus / REPORTS_DIR)
            target = bench_web.edit_target(report_dir)
            progress(f"serve: {count} report(s), {edits} edits of /{target.page}")
            log = work / f"serve-{count}.log"
            latencies = bench_web.serve_latencies(corpus, target, edits, log)
            runs.append(ServeRun(count, target.page, latencies))
    return runs
