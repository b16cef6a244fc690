"""The benchmark's figures as a readable report, and as plain data for JSON."""

from __future__ import annotations

import dataclasses
from typing import Any

from .bench_builds import BuildRun, cpu_median, median
from .bench_serve import TARGET_SECONDS
from .benchmark import TARGETS, Results

MB = 1e6  # sizes and rates use decimal units: 1 MB = 10^6 bytes, 1 KB = 1000 bytes
KB = 1e3
Verdicts = list[tuple[str, bool]]


def table(rows: list[list[str]], left: int = 1, indent: str = "  ") -> list[str]:
    """Columns padded to their widest cell: the first ``left`` columns left-aligned, the rest
    right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        (
            indent
            + "  ".join(
                cell.ljust(widths[i]) if i < left else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        ).rstrip()
        for row in rows
    ]


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if values else "-"


def _peak_mb(runs: list[BuildRun]) -> str:
    return f"{max(r.max_rss for r in runs) / MB:.0f}"


def format_results(results: Results) -> str:
    """Every figure, with each target and whether it was met."""
    m = results.machine
    out = [
        f"Benchmark, {results.settings.mode} mode ({results.elapsed / 60:.1f} min)",
        f"Machine: {m.cpu}, {m.cores} cores, {m.system}, Python {m.python}, "
        f"MkDocs {m.mkdocs}, Material {m.material}",
        "",
    ]
    verdicts: Verdicts = []
    for section in (_overhead, _scaling, _annotation, _serve, _reader_cost):
        out += section(results, verdicts)
        out.append("")
    out += [f"Note: {note}" for note in results.notes]
    missed = [name for name, ok in verdicts if not ok]
    out.append(
        f"Targets met: {len(verdicts) - len(missed)} of {len(verdicts)}"
        + (f" (missed: {', '.join(missed)})" if missed else "")
    )
    return "\n".join(out) + "\n"


def _overhead(results: Results, verdicts: Verdicts) -> list[str]:
    overhead = results.overhead
    met = overhead.ratio <= TARGETS.overhead_ratio
    verdicts.append(("build overhead", met))
    edition_met = overhead.edition_ratio <= TARGETS.edition_ratio
    verdicts.append(("third edition", edition_met))
    rows = [["", "CPU s", "CPU range s", "site / this", "wall s", "wall range s", "peak MB"]]
    kinds = [
        ("site (hooks)", overhead.site),
        ("plain export: MkDocs + Material", overhead.baseline),
    ]
    if overhead.zensical:
        kinds.append((f"plain export: Zensical {overhead.zensical_version}", overhead.zensical))
    kinds.append(("site without zh-Hant", overhead.without_edition))
    for name, runs in kinds:
        walls = [r.seconds for r in runs]
        rows.append(
            [
                name,
                f"{cpu_median(runs):.2f}",
                _spread([r.cpu_seconds for r in runs]),
                f"{cpu_median(overhead.site) / cpu_median(runs):.2f}x",
                f"{median(walls):.2f}",
                _spread(walls),
                _peak_mb(runs),
            ]
        )
    out = [
        "1. Build: `mkdocs build --strict` of every edition, side by side with the same pages",
        "   exported as plain Markdown (`bench.py export`) and built without hooks by MkDocs +",
        "   Material (and by Zensical, where installed), and with the same site without its",
        f"   Traditional Chinese edition (medians of {len(overhead.site)} interleaved rounds;",
        "   CPU time of each build's whole process)",
        *table(rows),
        f"  site / plain MkDocs + Material: {overhead.ratio:.2f} in CPU time (median of the "
        f"rounds' own ratios {overhead.paired_ratio:.2f}), {overhead.wall_ratio:.2f} in wall "
        f"time (target <= {TARGETS.overhead_ratio:.2f} in CPU time: {verdict(met)})",
    ]
    if overhead.zensical:
        out.append(f"  site / Zensical: {overhead.zensical_ratio:.2f} in CPU time")
    else:
        out.append("  Zensical: not installed (pip install zensical), not measured")
    out.append(
        f"  three editions / two languages: {overhead.edition_ratio:.2f} in CPU time, "
        f"{overhead.edition_wall_ratio:.2f} in wall time "
        f"(target <= {TARGETS.edition_ratio:.2f}: {verdict(edition_met)})"
    )
    return out


def _scaling(results: Results, verdicts: Verdicts) -> list[str]:
    points = results.scaling
    first, last = points[0], points[-1]
    rows = [["reports", "Han chars", "runs", "CPU s", "wall s", "x first", "peak MB"]]
    rows[0] += ["CPU s/10k chars", "index zh KB gz", "index en KB gz"]
    for point in points:
        rows.append(
            [
                str(point.reports),
                f"{point.han_chars:,}",
                str(len(point.runs)),
                f"{point.cpu_seconds:.2f}",
                f"{point.seconds:.2f}",
                f"{point.cpu_seconds / first.cpu_seconds:.1f}",
                _peak_mb(point.runs),
                f"{point.cpu_seconds / (point.han_chars / 10_000):.2f}",
                *(f"{point.index_bytes.get(lang, (0, 0))[1] / KB:.0f}" for lang in ("zh", "en")),
            ]
        )
    out = [
        "2. Scaling: full builds of synthetic corpora of N reports (medians; x first in CPU time)",
        *table(rows),
    ]
    if len(points) > 1:
        factor = last.cpu_seconds / first.cpu_seconds
        added = (last.cpu_seconds - first.cpu_seconds) / (
            (last.han_chars - first.han_chars) / 10_000
        )
        line = (
            f"  {last.reports} reports take {factor:.1f}x the {first.reports}-report build in CPU "
            f"time, {last.seconds / first.seconds:.1f}x in wall time"
        )
        if (first.reports, last.reports) == (1, TARGETS.scale_reports):
            met = factor <= TARGETS.scale_factor
            verdicts.append(("scaling", met))
            line += f" (target <= {TARGETS.scale_factor:.0f}x: {verdict(met)})"
        else:
            line += f" (the target is for {TARGETS.scale_reports} reports against 1)"
        out += [line, f"  each further 10,000 Chinese characters add {added:.2f} CPU s"]
    return out


def _annotation(results: Results, verdicts: Verdicts) -> list[str]:
    t = results.throughput
    met = t.mb_per_second >= TARGETS.annotation_mb_s
    verdicts.append(("annotation", met))
    return [
        f"3. Term annotation: TermMatcher(glossary).find(text, 'zh') on {t.reports} reports "
        f"({t.texts:,} texts, {t.utf8_bytes / MB:.2f} MB UTF-8, {t.han_chars:,} Han chars)",
        f"  {t.mb_per_second:.2f} MB per CPU second ({t.wall_mb_per_second:.2f} MB/s wall "
        f"clock), median of {len(t.cpu_seconds)} passes "
        f"(target >= {TARGETS.annotation_mb_s:.0f} MB/s: {verdict(met)})",
    ]


def _serve(results: Results, verdicts: Verdicts) -> list[str]:
    rows = [["reports", "edits", "median s", "range s"]]
    for serve in results.serve:
        rows.append(
            [
                str(serve.reports),
                str(len(serve.latencies)),
                f"{serve.seconds:.2f}",
                _spread(serve.latencies),
            ]
        )
    out = [
        "4. `mkdocs serve`: from saving one YAML edit until the served English page shows it",
        *table(rows),
    ]
    for serve in results.serve:  # issue 31's goals: bench_serve.TARGET_SECONDS
        if (target := TARGET_SECONDS.get(serve.reports)) is not None:
            met = serve.seconds <= target
            verdicts.append((f"serve at {serve.reports}", met))
            out.append(f"  at {serve.reports} report(s): target <= {target:.1f} s: {verdict(met)}")
    return out


def _reader_cost(results: Results, verdicts: Verdicts) -> list[str]:
    out = ["5. Reader cost: first visit (empty cache), every request, each body gzipped (level 6)"]
    if results.visits:
        rows = [["lang", "page", "requests", "raw KB", "gzip KB", "other hosts"]]
        for visit in results.visits:
            rows.append(
                [
                    visit.lang,
                    f"{visit.kind} {visit.path}",
                    str(visit.requests),
                    f"{visit.raw_bytes / KB:.0f}",
                    f"{visit.gzip_bytes / KB:.1f}",
                    str(visit.foreign_requests),
                ]
            )
        out += table(rows, left=2)
        chapters = [v for v in results.visits if v.kind == "chapter"]
        heaviest = max(chapters, key=lambda v: v.gzip_bytes)
        foreign = sum(v.foreign_requests for v in results.visits)
        met = heaviest.gzip_bytes / KB < TARGETS.chapter_visit_kb and foreign == 0
        verdicts.append(("chapter page weight", met))
        out.append(
            f"  heaviest chapter visit {heaviest.gzip_bytes / KB:.1f} KB gzipped, {foreign} "
            f"requests to other hosts (target < {TARGETS.chapter_visit_kb:.0f} KB and none: "
            f"{verdict(met)})"
        )
        largest = ", ".join(
            f"{url.rsplit('/', 1)[-1] or url} {size / KB:.1f}" for url, size in heaviest.largest
        )
        out.append(f"  its largest responses (KB gzipped): {largest}")
    for lang, (raw, gz) in results.index_bytes.items():
        out.append(f"  search index ({lang}): {raw / KB:.0f} KB raw, {gz / KB:.1f} KB gzipped")
    return out


def results_data(results: Results) -> dict[str, Any]:
    """Everything measured, as plain data for JSON: the raw runs and the derived figures."""
    data = dataclasses.asdict(results)
    overhead = results.overhead
    data["derived"] = {
        "overhead_ratio_cpu": results.overhead.ratio,
        "overhead_ratio_wall": results.overhead.wall_ratio,
        "overhead_paired_ratio_cpu": results.overhead.paired_ratio,
        "zensical_ratio_cpu": overhead.zensical_ratio if overhead.zensical else None,
        "edition_ratio_cpu": results.overhead.edition_ratio,
        "edition_ratio_wall": results.overhead.edition_wall_ratio,
        "scaling_median_cpu_seconds": {p.reports: p.cpu_seconds for p in results.scaling},
        "scaling_median_wall_seconds": {p.reports: p.seconds for p in results.scaling},
        "annotation_mb_per_cpu_second": results.throughput.mb_per_second,
        "annotation_mb_per_wall_second": results.throughput.wall_mb_per_second,
        "serve_median_seconds": {s.reports: s.seconds for s in results.serve},
    }
    return data
