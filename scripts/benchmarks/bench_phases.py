"""Where a build's instructions go, phase by phase: the site and the same site without topics
(issue 28), each built warm under Valgrind's callgrind, with every phase's inclusive count.

Callgrind sees C functions, not Python ones. So each phase is run through a C function of its
own: a tiny extension module, compiled here (needs a C compiler and Python's headers), whose
functions ``phase0`` .. ``phaseN`` each call the Python callable they are given. The harness
wraps the build's functions (``PHASES``) so that each call goes through the C function of its
label; callgrind's inclusive count for ``phaseK`` is then what every call of that phase
executed, nested phases included. Counts repeat within 0.2% from build to build, where CPU
time on a shared 2-core machine varies by a fifth. About 20 times slower than a build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .bench_builds import build_env, build_site
from .bench_corpus import drop_topics, make_corpus

SLOTS = 64  # distinct labels a run may use
MODULE = "policysite_phases"

_C_SOURCE = """#define PY_SSIZE_T_CLEAN
#include <Python.h>
{functions}
static PyMethodDef methods[] = {{
{table}
    {{NULL, NULL, 0, NULL}}
}};
static struct PyModuleDef module = {{PyModuleDef_HEAD_INIT, "{name}", NULL, -1, methods}};
PyMODINIT_FUNC PyInit_{name}(void) {{ return PyModule_Create(&module); }}
"""

#: Run inside the build's process (``python -c HARNESS site_dir labels_file``): wraps the
#: phases, then runs `mkdocs build --strict`. A page's phases are labelled by its kind (a topic
#: page or another), the search's reading of each built page too.
HARNESS = r"""
import functools, importlib, sys
import policysite_phases as slots
site_dir, labels_file = sys.argv[1:3]
sys.argv = ["mkdocs", "build", "--strict", "-q", "-d", site_dir]
labels, kind = {}, ["site"]

def run(label, call, entry=-1):
    if label not in labels:
        labels[label] = len(labels)
        with open(labels_file, "a", encoding="utf-8") as out:
            out.write(f"phase{labels[label]}\t{entry}\t{label}\n")
    return getattr(slots, f"phase{labels[label]}")(call)

def page_kind(page):
    return "topic page" if page.file.src_uri.startswith("topics/") else "other page"

def wrap(entry, module, owner, name, label):
    target = importlib.import_module(module)
    holder = getattr(target, owner) if owner else target
    original = getattr(holder, name)
    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        return run(label(args), lambda: original(*args, **kwargs), entry)
    setattr(holder, name, wrapper)

def by_page(what):
    def label(args):
        kind[0] = page_kind(args[0])
        return f"{what}: {kind[0]}s"
    return label

PHASES
from mkdocs.__main__ import cli
try:
    run("whole build", cli)
except SystemExit as stop:
    if stop.code:
        raise
"""

#: (depth, module, class or "", function, label): what the harness wraps, in the table's order;
#: depth 1 is inside the phase above it. A label is a string, or Python source of a function
#: of the call's positional arguments. Modules that import a wrapped function by name
#: (mkdocs_hooks, mkdocs_preview) must be imported after it is wrapped: mkdocs_unchanged,
#: which imports mkdocs_preview, is wrapped last.
PHASES: tuple[tuple[int, str, str, str, str], ...] = (
    (0, "policysite.checks.loader", "", "load_site", "'loading and checking the content'"),
    (1, "policysite.checks.loader", "", "_load_valid", "lambda a: f'reading {a[0].name}'"),
    (0, "policysite.render.pages", "", "render_edition", "'rendering the editions from content'"),
    (1, "policysite.render.pages", "", "topic_page", "'topic pages'"),
    (1, "policysite.render.pages", "", "topics_page", "'the topic index'"),
    (1, "policysite.render.share", "", "draw_card", "'drawing share cards (cold builds)'"),
    (0, "mkdocs.commands.build", "", "_populate_page", "by_page('MkDocs reading and converting')"),
    (0, "mkdocs.commands.build", "", "_build_page", "by_page('MkDocs rendering and writing')"),
    (1, "mkdocs_unchanged", "", "_fingerprint", "lambda a: f'fingerprints: {kind[0]}s'"),
    (0, "mkdocs.commands.build", "", "_build_theme_template", "lambda a: f'MkDocs: {a[0]}'"),
    (0, "policysite.render.search_index", "", "write_search_index", "'search index'"),
    (1, "policysite.render.search_index", "", "page_units", "'reading built pages'"),
    (1, "policysite.render.search_index", "", "build_files", "'tokenising and writing'"),
)
_WRAP_ORDER = sorted(range(len(PHASES)), key=lambda i: PHASES[i][1] == "mkdocs_unchanged")


def harness() -> str:
    """The harness's source, with ``PHASES`` wrapped."""
    lines = []
    for index in _WRAP_ORDER:
        _, module, owner, name, label = PHASES[index]
        function = label if label.startswith(("lambda", "by_page")) else f"lambda a: {label}"
        lines.append(f"wrap({index}, {module!r}, {owner!r}, {name!r}, {function})")
    return HARNESS.replace("PHASES", "\n".join(lines))


def missing_tools() -> list[str]:
    """What this machine lacks to count phases (empty when it can)."""
    missing = [tool for tool in ("valgrind", "callgrind_annotate", "cc") if not shutil.which(tool)]
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        missing.append("Python's headers (Python.h)")
    return missing


def compile_slots(folder: Path) -> Path:
    """Compile the extension module of ``SLOTS`` phase functions into ``folder``."""
    functions = "\n".join(
        f"__attribute__((noinline)) static PyObject *phase{i}(PyObject *self, PyObject *call)"
        " { return PyObject_CallNoArgs(call); }"
        for i in range(SLOTS)
    )
    table = "\n".join(f'    {{"phase{i}", phase{i}, METH_O, ""}},' for i in range(SLOTS))
    source = folder / f"{MODULE}.c"
    source.write_text(
        _C_SOURCE.format(functions=functions, table=table, name=MODULE), encoding="utf-8"
    )
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    target = folder / f"{MODULE}{suffix}"
    include = sysconfig.get_paths()["include"]
    command = ["cc", "-O1", "-fno-inline", "-shared", "-fPIC", f"-I{include}", "-o", str(target)]
    subprocess.run([*command, str(source)], check=True)
    return target


_ANNOTATED = re.compile(r"^\s*([\d,]+) .*?(PROGRAM TOTALS|:(phase\d+) )")


@dataclass(frozen=True)
class PhaseCounts:
    total: int  # the whole process, imports included
    phases: dict[tuple[int, str], int]  # (entry of PHASES, or -1; label) -> instructions


def count_phases(corpus: Path, work: Path, name: str, cold: bool = False) -> PhaseCounts:
    """One warm build of ``corpus`` under callgrind (after two builds that fill its cache);
    ``cold``: with its build cache emptied first."""
    cache = work / f"cache-{name}"
    for _ in range(2):
        build_site(corpus, work / f"site-{name}", work / f"{name}.log")
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    labels_file, output = work / f"{name}.labels", work / f"{name}.callgrind"
    labels_file.unlink(missing_ok=True)
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={output}",
        sys.executable,
        "-c",
        harness(),
        str(work / f"site-{name}"),
        str(labels_file),
    ]
    env_path = f"{work}:{corpus / 'hooks'}"
    done = subprocess.run(
        command,
        cwd=corpus,
        capture_output=True,
        text=True,
        env={
            **build_env(),
            "PYTHONPATH": env_path,
            **({"POLICYSITE_CACHE": str(cache)} if cold else {}),
        },
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the counted build failed:\n{done.stderr[-2000:]}")
    return _read_counts(output, labels_file)


def _read_counts(output: Path, labels_file: Path) -> PhaseCounts:
    labels = {}
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        slot, entry, label = line.split("\t", 2)
        labels[slot] = (int(entry), label)
    annotated = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(output)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    total, phases = 0, {}
    for line in annotated.splitlines():
        found = _ANNOTATED.match(line)
        if found is None:
            continue
        value = int(found.group(1).replace(",", ""))
        if found.group(2) == "PROGRAM TOTALS":
            total = value
        elif found.group(3) in labels:
            phases[labels[found.group(3)]] = value
    return PhaseCounts(total, phases)


def measure_phases(
    root: Path, work: Path, reports: int, progress: Callable[[str], None], cold: bool = False
) -> tuple[PhaseCounts, PhaseCounts]:
    """The phases of the site at ``reports`` reports, and of the same site without topics
    (``cold``: each built with its build cache emptied)."""
    compile_slots(work)
    site = make_corpus(root, work / "corpus", reports).root
    bare = make_corpus(root, work / "corpus-no-topics", reports).root
    drop_topics(bare)
    progress(f"{reports} report(s): the site, counted (a few minutes)")
    with_topics = count_phases(site, work, "site", cold)
    progress(f"{reports} report(s): the site without topics, counted")
    return with_topics, count_phases(bare, work, "no-topics", cold)


def format_phases(site: PhaseCounts, bare: PhaseCounts, reports: int, cold: bool = False) -> str:
    """The table: each phase's instructions in both builds and what the topics add."""
    whole = (-1, "whole build")
    rows = [("whole process (imports included)", site.total, bare.total)]
    rows.append(("whole build", site.phases.get(whole, 0), bare.phases.get(whole, 0)))
    for key in sorted((set(site.phases) | set(bare.phases)) - {whole}):
        depth = PHASES[key[0]][0] if key[0] >= 0 else 0
        label = "  " * (depth + 1) + key[1]
        rows.append((label, site.phases.get(key, 0), bare.phases.get(key, 0)))
    width = max(len(label) for label, _, _ in rows)
    lines = [
        f"Instructions by phase at {reports} report(s), {'cold' if cold else 'warm'} builds "
        "(callgrind, inclusive: a phase counts what it calls; an indented phase is inside the "
        "one above it), M = million",
        f"  {'phase':{width}}  {'site M':>9}  {'no topics M':>11}  {'topics add M':>12}",
    ]
    for label, with_topics, without in rows:
        lines.append(
            f"  {label:{width}}  {with_topics / 1e6:9.1f}  {without / 1e6:11.1f}"
            f"  {(with_topics - without) / 1e6:+12.1f}"
        )
    share = site.total / bare.total - 1 if bare.total else 0.0
    lines.append(f"  topics add {share:+.1%} of the whole process's instructions")
    return "\n".join(lines) + "\n"
