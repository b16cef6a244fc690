"""Benchmark: how `check` copes with one very long paragraph (it must stay linear).

A scratch copy of the site gets one paragraph of about N KB: the report's own paragraphs,
Chinese and English, joined and repeated, with the source text changed to match and the
fingerprint recomputed, so every check (fidelity, figures, glossary, staleness) runs on it
and finds nothing. The check runs in this process after a warm-up, so jieba's one-off
dictionary load is not counted; CPU time is reported (robust to other load on the machine).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policysite.checks.loader import load_site
from policysite.content.textutil import hash_scalar, zh_hash
from policysite.content.yamlio import dump_round_trip, load_round_trip

from .bench_corpus import copy_site

TARGET_SECONDS = 2.0
CHAPTER = "content/reports/2024/chapters/05-innovation-driven.yml"
SOURCE = "content/reports/2024/source.txt"


@dataclass(frozen=True)
class LongParagraph:
    size_kb: float  # of the long paragraph's Chinese, in UTF-8 (1 KB = 1,000 bytes)
    characters: int
    normal_seconds: float  # CPU time of a check of the unchanged content
    long_seconds: float  # the same with the long paragraph
    command_seconds: float  # CPU time of `python scripts/site.py check` on it, start to end

    def describe(self) -> str:
        verdict = "met" if self.command_seconds < TARGET_SECONDS else "MISSED"
        return (
            f"check with one {self.size_kb:.0f} KB paragraph ({self.characters:,} characters): "
            f"{self.long_seconds:.2f} CPU s in process (unchanged content "
            f"{self.normal_seconds:.2f} s); the whole `site.py check` command "
            f"{self.command_seconds:.2f} CPU s (target < {TARGET_SECONDS:g} s: {verdict})"
        )


def measure_long_paragraph(root: Path, size_kb: int = 200, runs: int = 3) -> LongParagraph:
    """Median CPU seconds of ``load_site`` with and without a ``size_kb`` paragraph."""
    with tempfile.TemporaryDirectory() as scratch:
        normal = copy_site(root, Path(scratch) / "normal")
        long = copy_site(root, Path(scratch) / "long")
        text = make_long_paragraph(long, size_kb * 1000)
        load_site(normal)  # warm-up: jieba's dictionary, schemas, regular expressions
        normal_time = _median_cpu(lambda: load_site(normal), runs)
        long_time = _median_cpu(lambda: load_site(long), runs)
        command = _median_cpu(lambda: _check_command(root, long), runs, children=True)
    size = len(text.encode("utf-8")) / 1000
    return LongParagraph(size, len(text), normal_time, long_time, command)


def _check_command(repository: Path, root: Path) -> None:
    script = repository / "scripts" / "site.py"
    result = subprocess.run(
        [sys.executable, str(script), "--root", str(root), "check"], capture_output=True
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode("utf-8", "replace")[-2000:])


def make_long_paragraph(root: Path, size_bytes: int) -> str:
    """Make the chapter's first paragraph about ``size_bytes`` long; returns its Chinese."""
    chapter_path = root / CHAPTER
    chapter = load_round_trip(chapter_path)
    paragraphs = [p for s in chapter["sections"] for p in s["paragraphs"]]
    first = paragraphs[0]
    zh_unit = "".join(str(p["zh"]) for p in paragraphs)
    en_unit = " ".join(str(p["en"]["text"]) for p in paragraphs)
    times = max(1, round(size_bytes / len(zh_unit.encode("utf-8"))))
    source_path = root / SOURCE
    source = source_path.read_text(encoding="utf-8")
    old = str(first["zh"])
    assert source.count(old) == 1, "the paragraph must occur once in the source"
    long_zh = zh_unit * times
    source_path.write_text(source.replace(old, long_zh), encoding="utf-8")
    first["zh"] = long_zh
    first["en"]["text"] = " ".join([en_unit] * times)
    first["en"]["zh_hash"] = hash_scalar(zh_hash(long_zh))
    chapter_path.write_text(dump_round_trip(chapter), encoding="utf-8")
    return long_zh


def _median_cpu(action: Callable[[], object], runs: int, children: bool = False) -> float:
    """Median CPU seconds of ``action``: this process's, or its child processes'."""
    times = []
    for _ in range(runs):
        start = _children_cpu() if children else time.process_time()
        action()
        times.append((_children_cpu() if children else time.process_time()) - start)
    return sorted(times)[len(times) // 2]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
