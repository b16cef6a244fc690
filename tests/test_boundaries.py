"""The core stays free of MkDocs; the hook is a thin adapter."""

from __future__ import annotations

import ast
import subprocess
import sys

from .conftest import REPO

CORE = REPO / "hooks" / "policysite"


def test_core_source_never_imports_mkdocs() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "mkdocs"]
    assert offenders == []


def test_loading_and_rendering_do_not_pull_in_mkdocs() -> None:
    code = (
        "import sys, pathlib\n"
        "from policysite.checks.loader import load_site\n"
        "from policysite.render.pages import render_site\n"
        f"site = load_site(pathlib.Path({str(REPO)!r})).site\n"
        "render_site(site, 'zh'); render_site(site, 'en')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_hook_adapter_stays_thin() -> None:
    lines = (REPO / "hooks" / "mkdocs_hooks.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 150
