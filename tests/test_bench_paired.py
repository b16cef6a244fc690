"""`bench.py build`: which builds a run makes and the topics' share it prints (issue 28's
targets), on recorded builds: the builds themselves are measured by the benchmark, never here."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import bench_paired
from benchmarks.bench_builds import BuildRun
from benchmarks.bench_paired import PairedOptions, PairedPoint, format_paired, measure_paired
from policysite.checks.topics import TOPICS_FILE

from .conftest import REPO


def test_cold_and_without_topics_also_build_the_site_without_topics_cold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[Path, str, bool]] = []

    def build_site(
        root: Path, site_dir: Path, log: Path, cache: Path | None = None, counted: bool = False
    ) -> BuildRun:
        built.append((root, site_dir.name, cache is not None))
        return BuildRun(1.0, 2.0 if cache else 1.0, 0, 10 if cache else 5)

    monkeypatch.setattr(bench_paired, "build_site", build_site)
    options = PairedOptions(export=False, without_topics=True, warm_up=False, cold=True)
    [point] = measure_paired(REPO, tmp_path, (1,), 1, options, lambda line: None)
    kinds = {name: (root, cold) for root, name, cold in built}
    assert sorted(kinds) == [
        "site-1",
        "site-1-cold",
        "site-1-no-topics",
        "site-1-no-topics-cold",
    ]
    assert kinds["site-1-no-topics-cold"][1] and not kinds["site-1-no-topics"][1]
    bare = kinds["site-1-no-topics-cold"][0]
    assert bare == kinds["site-1-no-topics"][0] and not (bare / TOPICS_FILE).exists()
    assert (kinds["site-1-cold"][0] / TOPICS_FILE).exists()
    assert len(point.cold_without_topics) == 1


def _run(cpu: float, instructions: int) -> BuildRun:
    return BuildRun(cpu, cpu, 0, instructions)


def test_the_topics_share_is_printed_warm_and_cold() -> None:
    point = PairedPoint(1)
    point.site, point.without_topics = [_run(2.05, 0)], [_run(2.0, 0)]
    point.cold, point.cold_without_topics = [_run(5.0, 0)], [_run(4.0, 0)]
    counts = {"site": 107, "cold": 122, "without_topics": 100, "cold_without_topics": 100}
    point.counted = {kind: _run(1.0, count) for kind, count in counts.items()}
    out = format_paired([point], ("0.1", "0.2")).splitlines()
    assert "  topics at 1 report(s): +2.5% (target <= 5%: met)" in out
    assert "  topics at 1 report(s), cold: +25.0%, paired +25.0% (target <= 5%: MISSED)" in out
    assert "  topics at 1 report(s), in instructions: +7.0% (target <= 5%: MISSED)" in out
    assert "  topics at 1 report(s), cold, in instructions: +22.0% (target <= 5%: MISSED)" in out
    counted = out[out.index(next(line for line in out if line.startswith("Instructions"))) :]
    assert counted[1].endswith("topics add  topics add cold")
    assert counted[2].split()[-2:] == ["+7.0%", "+22.0%"]
