"""The `mkdocs serve` benchmark on its own: seconds from saving an English edit until the
served page shows it, as a reader sees it (the page is fetched again and again until the edit
is there), on synthetic corpora of N reports (bench_corpus.py)."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Iterator
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
    cpu_seconds: list[float]  # the server's, per edit

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)

    def describe(self) -> str:
        spread = f"{min(self.latencies):.2f}-{max(self.latencies):.2f}"
        line = (
            f"  {self.reports:>3} report(s): median {self.median:.2f} s over "
            f"{len(self.latencies)} edits ({spread} s), page /{self.page}; server CPU per "
            f"edit: median {statistics.median(self.cpu_seconds):.2f} s"
        )
        target = TARGET_SECONDS.get(self.reports)
        if target is not None:
            verdict = "met" if self.median <= target else "missed"
            line += f"; target <= {target:.1f} s: {verdict}"
        return line


def measure_serve(
    root: Path, counts: tuple[int, ...], edits: int, progress: Callable[[str], None]
) -> Iterator[ServeRun]:
    """One `mkdocs serve` per corpus size; ``edits`` timed edits each (each size's figures as
    soon as they are measured)."""
    with tempfile.TemporaryDirectory(prefix="policysite-serve-") as scratch:
        work = Path(scratch)
        for count in counts:
            progress(f"serve: generating {count} report(s)")
            corpus = make_corpus(root, work / f"corpus-{count}", count).root
            report_dir, _ = newest_report(corpus / REPORTS_DIR)
            target = bench_web.edit_target(report_dir)
            progress(f"serve: {count} report(s), {edits} edits of /{target.page}")
            log = work / f"serve-{count}.log"
            try:
                cpu: list[float] = []
                latencies = bench_web.serve_latencies(corpus, target, edits, log, cpu)
            except RuntimeError as error:  # the log is in the scratch folder: show its end
                tail = log.read_text(encoding="utf-8").splitlines()[-15:]
                raise RuntimeError("\n".join([str(error), *tail])) from None
            yield ServeRun(count, target.page, latencies, cpu)
