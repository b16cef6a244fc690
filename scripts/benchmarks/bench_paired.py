"""Build costs only (`bench.py build`): the site against its plain export, and against the same
site without topics, warm (the build cache kept) and, if asked, cold (the cache emptied before
each build; with both, the site without topics cold too), in interleaved rounds, at one or more
corpus sizes; the ratio of the largest corpus to the smallest. The quick way to the build
figures of issues 31 and 28 without `run`'s serve and browser sections.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policysite.render.export import export_site

from .bench_builds import BuildRun, build_baseline, build_site, cpu_median, median
from .bench_corpus import drop_topics, make_corpus
from .bench_format import table, verdict

Progress = Callable[[str], None]
SCALE_FACTOR = 12.0  # issue 31: 50 reports cost at most 12 times one (CPU time)
TOPICS_SHARE = {1: 0.05, 50: 0.10}  # issue 28: what topics may add, by report count


@dataclass(frozen=True)
class PairedOptions:
    export: bool = True  # build the plain export
    without_topics: bool = False  # build the site without topics
    warm_up: bool = True  # one unmeasured build of each kind first (fills the caches)
    cold: bool = False  # also build the site with an empty build cache, every round
    instructions: bool = False  # then build each kind once more, counting its instructions


@dataclass
class PairedPoint:
    reports: int
    site: list[BuildRun] = field(default_factory=list)
    export: list[BuildRun] = field(default_factory=list)  # plain MkDocs + Material
    without_topics: list[BuildRun] = field(default_factory=list)
    cold: list[BuildRun] = field(default_factory=list)  # the site, its build cache emptied first
    cold_without_topics: list[BuildRun] = field(default_factory=list)  # the same, no topics
    counted: dict[str, BuildRun] = field(default_factory=dict)  # kind -> one counted build

    def paired(self, other: list[BuildRun], first: list[BuildRun] | None = None) -> float:
        """Median over the rounds of the site's (or ``first``'s) CPU time over ``other``'s in
        the same round."""
        pairs = zip(self.site if first is None else first, other, strict=True)
        return median([run.cpu_seconds / against.cpu_seconds for run, against in pairs])


def measure_paired(
    root: Path,
    work: Path,
    counts: tuple[int, ...],
    rounds: int,
    options: PairedOptions,
    progress: Progress,
) -> list[PairedPoint]:
    """``rounds`` interleaved rounds per corpus size, of the kinds ``options`` asks for."""
    points = []
    for count in counts:
        progress(f"{count} report(s): making the corpus")
        corpus = make_corpus(root, work / f"corpus-{count}", count).root
        builds: dict[str, Callable[..., BuildRun]] = {
            "site": functools.partial(build_site, corpus, work / f"site-{count}", work / "site.log")
        }
        if options.cold:
            builds["cold"] = functools.partial(
                build_site, corpus, work / f"site-{count}-cold", work / "cold.log", work / "cache"
            )
        if options.export:
            export = export_site(corpus, work / f"export-{count}").folder
            builds["export"] = functools.partial(build_baseline, export, work / "export.log")
        if options.without_topics:
            bare = work / f"corpus-{count}-no-topics"
            shutil.copytree(corpus, bare)
            drop_topics(bare)
            site_dir = work / f"site-{count}-no-topics"
            builds["without_topics"] = functools.partial(
                build_site, bare, site_dir, work / "no-topics.log"
            )
            if options.cold:
                builds["cold_without_topics"] = functools.partial(
                    build_site,
                    bare,
                    work / f"site-{count}-no-topics-cold",
                    work / "no-topics-cold.log",
                    work / "cache-no-topics",
                )
        # every kind: the site without topics is built from its own copy of the corpus, whose
        # first build was a cold one (3.2-3.3 CPU s at 1 report, 2.6-2.9 in later rounds)
        if options.warm_up:
            for kind, build in builds.items():
                progress(f"{count} report(s): warm-up build of {kind} (not measured)")
                build()
        point = PairedPoint(count)
        for number in range(rounds):
            progress(f"{count} report(s): round {number + 1} of {rounds}")
            order = list(builds) if number % 2 == 0 else list(reversed(builds))
            for kind in order:
                run = builds[kind]()
                getattr(point, kind).append(run)
                progress(f"{count} report(s): {kind} {run.cpu_seconds:.2f} CPU s")
        if options.instructions:
            for kind, build in builds.items():
                run = point.counted[kind] = build(counted=True)
                progress(f"{count} report(s): {kind} {run.instructions:,} instructions")
        points.append(point)
    return points


def _spread(runs: list[BuildRun]) -> str:
    values = [run.cpu_seconds for run in runs]
    return f"{min(values):.2f}-{max(values):.2f}"


def format_paired(points: list[PairedPoint], loads: tuple[str, str]) -> str:
    rounds = len(points[0].site)
    header = ["reports", "site CPU s", "range"]
    with_export, with_topicless = bool(points[0].export), bool(points[0].without_topics)
    with_cold = bool(points[0].cold)
    if with_export:
        header += ["plain export", "range", "site/export", "paired"]
    if with_cold:
        header += ["cold", "range"] + (["cold/export", "paired"] if with_export else [])
    if with_topicless:
        header += ["no topics", "range", "topics add", "paired"]
    rows = [header]
    for point in points:
        row = [str(point.reports), f"{cpu_median(point.site):.2f}", _spread(point.site)]
        if with_export:
            ratio = cpu_median(point.site) / cpu_median(point.export)
            row += [f"{cpu_median(point.export):.2f}", _spread(point.export)]
            row += [f"{ratio:.2f}x", f"{point.paired(point.export):.2f}x"]
        if with_cold:
            row += [f"{cpu_median(point.cold):.2f}", _spread(point.cold)]
        if with_cold and with_export:
            cold = cpu_median(point.cold) / cpu_median(point.export)
            row += [f"{cold:.2f}x", f"{point.paired(point.export, point.cold):.2f}x"]
        if with_topicless:
            share = cpu_median(point.site) / cpu_median(point.without_topics) - 1
            row += [f"{cpu_median(point.without_topics):.2f}", _spread(point.without_topics)]
            row += [f"{share:+.1%}", f"{point.paired(point.without_topics) - 1:+.1%}"]
        rows.append(row)
    out = [
        f"Build CPU time (user + system of each build's process), medians of {rounds} "
        "interleaved rounds",
        f"load average (1 min) at start {loads[0]}, at end {loads[1]}",
        *table(rows),
    ]
    if with_topicless:
        for point in points:
            limit = TOPICS_SHARE.get(point.reports)
            if limit is not None:
                share = cpu_median(point.site) / cpu_median(point.without_topics) - 1
                out.append(
                    f"  topics at {point.reports} report(s): {share:+.1%} "
                    f"(target <= {limit:.0%}: {verdict(share <= limit)})"
                )
            if limit is not None and point.cold_without_topics:
                share = cpu_median(point.cold) / cpu_median(point.cold_without_topics) - 1
                paired = point.paired(point.cold_without_topics, point.cold) - 1
                out.append(
                    f"  topics at {point.reports} report(s), cold: {share:+.1%}, paired "
                    f"{paired:+.1%} (target <= {limit:.0%}: {verdict(share <= limit)})"
                )
    if points[0].counted:
        out += _counted_table(points)
    if len(points) > 1:
        small, large = min(points, key=lambda p: p.reports), max(points, key=lambda p: p.reports)
        factor = cpu_median(large.site) / cpu_median(small.site)
        line = f"  {large.reports} reports / {small.reports}: site {factor:.1f}x"
        if with_export:
            line += f", plain export {cpu_median(large.export) / cpu_median(small.export):.1f}x"
        if (large.reports, small.reports) == (50, 1):
            line += f" (target <= {SCALE_FACTOR:.0f}x: {verdict(factor <= SCALE_FACTOR)})"
        out.append(line)
    return "\n".join(out) + "\n"


#: The builds whose instructions give the topics' share: (with topics, without, column suffix).
_TOPIC_PAIRS = (("site", "without_topics", ""), ("cold", "cold_without_topics", " cold"))


def _counted_table(points: list[PairedPoint]) -> list[str]:
    """Instructions of one build of each kind, and the ratios the CPU table gives: the same
    build gives the same count to within 0.2% (``COUNTER``), so a ratio of a few per cent can
    be read."""
    kinds = list(points[0].counted)
    header = ["reports", *(f"{kind} G instr" for kind in kinds)]
    if "export" in kinds:
        header += [f"{kind}/export" for kind in ("site", "cold") if kind in kinds]
    pairs = [(built, bare, name) for built, bare, name in _TOPIC_PAIRS if bare in kinds]
    header += [f"topics add{name}" for _, _, name in pairs]
    rows, verdicts = [header], []
    for point in points:
        count = {kind: run.instructions or 0 for kind, run in point.counted.items()}
        row = [str(point.reports), *(f"{count[kind] / 1e9:.3f}" for kind in kinds)]
        if "export" in kinds:
            row += [f"{count[k] / count['export']:.3f}x" for k in ("site", "cold") if k in kinds]
        for built, bare, name in pairs:
            share = count[built] / count[bare] - 1
            row.append(f"{share:+.1%}")
            if (limit := TOPICS_SHARE.get(point.reports)) is not None:
                verdicts.append(
                    f"  topics at {point.reports} report(s){',' + name if name else ''}, in "
                    f"instructions: {share:+.1%} (target <= {limit:.0%}: {verdict(share <= limit)})"
                )
        rows.append(row)
    return [
        "Instructions executed (Valgrind cachegrind, user space; one build of each kind after "
        "the rounds)",
        *table(rows),
        *verdicts,
    ]


def load_average() -> str:
    return f"{os.getloadavg()[0]:.1f}"
