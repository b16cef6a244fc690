"""Lighthouse on the built site served by nginx with ``deploy/nginx.conf``: the scores and the
figures behind them (elements, longest main-thread task, render-blocking and unused CSS).

Lighthouse is not part of the project: it runs from npm with ``npx`` (Node is needed; npx
downloads the pinned version once into its cache) with Debian's Chromium. Each page is run
several times and the median performance score reported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from .bench_transfer import SERVER_BLOCK, serve_with_nginx
from .bench_web import CHROMIUM

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
TARGET_PERFORMANCE = 97  # mobile, median of the runs
TIMEOUT_SECONDS = 240


@dataclass(frozen=True)
class LighthouseRun:
    """One Lighthouse run of one page."""

    path: str
    scores: dict[str, int]  # category -> 0..100
    elements: int
    longest_task_ms: float
    blocking_ms: float  # total blocking time
    lcp_ms: float
    unused_css_kib: float
    benchmark_index: float  # Lighthouse's measure of the host's speed (lower: slower or busy)


def lighthouse_command() -> list[str]:
    """How Lighthouse is started: $LIGHTHOUSE (a path to its binary) or npx."""
    binary = os.environ.get("LIGHTHOUSE")
    if binary:
        return [binary]
    npx = shutil.which("npx")
    if npx is None:
        raise RuntimeError("Lighthouse needs Node's npx (apt-get install nodejs npm)")
    return [npx, "--yes", LIGHTHOUSE]


def run_once(url: str, path: str, form_factor: str, output: Path) -> LighthouseRun:
    command = [
        *lighthouse_command(),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(
        command,
        check=True,
        timeout=TIMEOUT_SECONDS,
        capture_output=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    report = json.loads(output.read_text(encoding="utf-8"))
    audits = report["audits"]
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    unused = audits.get("unused-css-rules", {}).get("details", {}).get("items", [])
    return LighthouseRun(
        path=path,
        scores={c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        elements=int(audits["dom-size"].get("numericValue", 0)),
        longest_task_ms=max((float(t.get("duration", 0)) for t in tasks), default=0.0),
        blocking_ms=float(audits["total-blocking-time"].get("numericValue", 0)),
        lcp_ms=float(audits["largest-contentful-paint"].get("numericValue", 0)),
        unused_css_kib=sum(float(i.get("wastedBytes", 0)) for i in unused) / 1024,
        benchmark_index=float(report.get("environment", {}).get("benchmarkIndex", 0)),
    )


def run_lighthouse(
    site: Path, repo: Path, workdir: Path, paths: list[str], runs: int, form_factor: str
) -> list[list[LighthouseRun]]:
    """``runs`` Lighthouse runs of each path, served by nginx with the production config."""
    results: list[list[LighthouseRun]] = []
    with serve_with_nginx(site, repo / SERVER_BLOCK, workdir / "nginx") as base:
        for path in paths:
            page_runs = []
            for number in range(runs):
                output = workdir / f"lh-{len(results)}-{number}.json"
                page_runs.append(run_once(base + path, path, form_factor, output))
            results.append(page_runs)
    return results


def format_lighthouse(results: list[list[LighthouseRun]], form_factor: str) -> str:
    from .bench_format import table, verdict

    rows = [["page", "perf (runs)", "a11y", "best", "seo", "elements", "longest task ms",
             "TBT ms", "LCP s", "unused CSS KiB"]]  # fmt: skip
    worst = 100.0
    perfect = True
    for runs in results:
        perf = median(r.scores["performance"] for r in runs)
        worst = min(worst, perf)
        middle = sorted(runs, key=lambda r: r.scores["performance"])[len(runs) // 2]
        others = [min(r.scores[c] for r in runs) for c in CATEGORIES[1:]]
        perfect = perfect and all(score == 100 for score in others)
        rows.append(
            [
                runs[0].path,
                f"{perf:.0f} ({'/'.join(str(r.scores['performance']) for r in runs)})",
                *(str(score) for score in others),
                str(middle.elements),
                f"{max(r.longest_task_ms for r in runs):.0f}",
                f"{middle.blocking_ms:.0f}",
                f"{middle.lcp_ms / 1000:.1f}",
                f"{middle.unused_css_kib:.1f}",
            ]
        )
    out = [f"Lighthouse 12.2.3, {form_factor}, median of the runs (nginx, deploy/nginx.conf)"]
    out += table(rows)
    indexes = [r.benchmark_index for runs in results for r in runs]
    out.append(
        f"  host benchmarkIndex {min(indexes):.0f}-{max(indexes):.0f} (Lighthouse's 4x CPU "
        "slowdown assumes an unloaded desktop-class host, about 1000 or more; a busy machine "
        "scores lower)"
    )
    if form_factor == "mobile":
        out.append(
            f"  performance: lowest median {worst:.0f} (target >= {TARGET_PERFORMANCE}: "
            f"{verdict(worst >= TARGET_PERFORMANCE)}); accessibility, best practices, SEO all "
            f"100: {verdict(perfect)}"
        )
    return "\n".join(out) + "\n"
