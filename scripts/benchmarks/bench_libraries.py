"""A well-kept library on the site's own search tables: MiniSearch (npm ``minisearch``), run by
``search_libraries.js`` in Node over the units the site's engine indexes, on the queries the
tests hold (the reader tables of tests/test_search_reader.py and the exact-phrase tables of
tests/test_search.py) and the benchmark's typed queries.

MiniSearch is installed once into a cache folder with npm (or set MINISEARCH_DIR to a folder
holding node_modules/minisearch). The tables are read by a child Python started in the
repository, as pytest would import them; the tests themselves never touch the network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .bench_search import QUERIES

MINISEARCH_PACKAGE = "minisearch@7.2.0"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policysite" / "minisearch"
RUNNER = Path(__file__).with_name("search_libraries.js")
TIMEOUT_SECONDS = 1800
EDITIONS = {"": "zh", "en/": "en", "zh-hant/": "zh"}  # prefix -> the typed queries' language
TABLES_SCRIPT = """
import json, sys
from tests import test_search as phrases, test_search_reader as reader
json.dump({
    "": {"reader": reader.ZH_READER, "phrases": phrases.ZH_QUERIES},
    "en/": {"reader": reader.EN_READER, "phrases": phrases.EN_QUERIES},
    "zh-hant/": {"reader": reader.HANT_READER, "phrases": phrases.HANT_QUERIES},
}, sys.stdout, ensure_ascii=False)
"""


def minisearch_dir() -> Path:
    """$MINISEARCH_DIR, else the npm package in the cache folder (installed on first use)."""
    configured = os.environ.get("MINISEARCH_DIR")
    if configured:
        return Path(configured)
    if not (CACHE / "node_modules/minisearch").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("comparing MiniSearch needs npm, or set MINISEARCH_DIR")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(CACHE),
             MINISEARCH_PACKAGE],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )  # fmt: skip
    return CACHE


def reader_tables(root: Path) -> dict[str, Any]:
    """The tests' query tables, per edition prefix: {table: [[query, location], ...]}."""
    done = subprocess.run(
        [sys.executable, "-c", TABLES_SCRIPT],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT_SECONDS,
    )
    return dict(json.loads(done.stdout))


def measure_libraries(root: Path, site: Path) -> dict[str, Any]:
    """Per setting and edition: tables (first, top three, empty), index size, keystrokes."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("comparing MiniSearch needs Node.js")
    tables = reader_tables(root)
    wanted = {
        prefix: {"tables": tables[prefix], "typed": list(QUERIES[lang])}
        for prefix, lang in EDITIONS.items()
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as queries:
        json.dump(wanted, queries, ensure_ascii=False)
        queries.flush()
        done = subprocess.run(
            [node, str(RUNNER), str(minisearch_dir()), str(site), queries.name],
            capture_output=True,
            text=True,
            check=True,
            timeout=TIMEOUT_SECONDS,
        )
    return dict(json.loads(done.stdout))


def describe_libraries(label: str, figures: dict[str, Any]) -> list[str]:
    """Lines for the benchmark's report."""
    out = []
    for setting, editions in figures.items():
        for edition, figure in editions.items():
            tables = ", ".join(
                f"{name} first {t['first']}/{t['rows']}, top 3 {t['top3']}, empty {t['empty']}"
                for name, t in figure["tables"].items()
            )
            out.append(
                f"  {label}, {setting}, {edition}: {tables}; whole index "
                f"{figure['index_gzip'] / 1000:.1f} KB gzipped; keystrokes median "
                f"{figure['keystroke_median_ms']} ms, max {figure['keystroke_max_ms']} ms"
            )
    return out
