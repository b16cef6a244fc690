"""bench.py phases: the harness wraps every phase it lists, and the table reads as it should.
(The counted builds themselves need Valgrind and a C compiler; they run in the benchmark.)"""

from __future__ import annotations

import ast

from benchmarks.bench_phases import PHASES, PhaseCounts, format_phases, harness


def test_the_harness_wraps_every_phase_and_mkdocs_unchanged_last() -> None:
    source = harness()
    ast.parse(source)  # valid Python
    calls = [line for line in source.splitlines() if line.startswith("wrap(")]
    assert len(calls) == len(PHASES)
    assert {int(call[5 : call.index(",")]) for call in calls} == set(range(len(PHASES)))
    # mkdocs_unchanged imports mkdocs_preview, which imports write_search_index by name:
    # wrapping it first would leave the search index uncounted.
    assert "'mkdocs_unchanged'" in calls[-1]
    assert all("'mkdocs_unchanged'" not in call for call in calls[:-1])


def test_the_table_nests_phases_and_gives_the_topics_share() -> None:
    fingerprints = next(i for i, p in enumerate(PHASES) if p[3] == "_fingerprint")
    building = next(i for i, p in enumerate(PHASES) if p[3] == "_build_page")
    site = PhaseCounts(
        1_100_000_000,
        {
            (-1, "whole build"): 900_000_000,
            (building, "MkDocs rendering and writing: topic pages"): 60_000_000,
            (fingerprints, "fingerprints: topic pages"): 20_000_000,
        },
    )
    bare = PhaseCounts(1_000_000_000, {(-1, "whole build"): 810_000_000})
    table = format_phases(site, bare, 1)
    lines = table.splitlines()
    assert lines[2].split() == [
        "whole",
        "process",
        "(imports",
        "included)",
        "1100.0",
        "1000.0",
        "+100.0",
    ]
    assert lines[3].startswith("  whole build ")  # the phases below are inside it
    assert all(line.startswith("    ") for line in lines[4:-1])
    writing = next(line for line in lines if "rendering and writing" in line)
    printed = next(line for line in lines if "fingerprints: topic pages" in line)
    assert lines.index(writing) < lines.index(printed)  # inside it, below it
    indent = len(printed) - len(printed.lstrip())
    assert indent == len(writing) - len(writing.lstrip()) + 2
    assert printed.split()[-3:] == ["20.0", "0.0", "+20.0"]
    assert lines[-1] == "  topics add +10.0% of the whole process's instructions"
