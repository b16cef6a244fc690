"""The core stays free of MkDocs, its layers import downwards only, the hook is a thin adapter."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

CORE = REPO / "hooks" / "policysite"


#: The layers of the core and what each may import besides itself (data flows upwards:
#: content <- checks <- render; the tools edit content, so they never need the renderer).
LAYERS: dict[str, frozenset[str]] = {
    "content": frozenset(),
    "checks": frozenset({"content"}),
    "render": frozenset({"content", "checks"}),
    "tools": frozenset({"content", "checks"}),
}
#: What no module of the core may import: MkDocs and its theme, and the adapter that calls us
#: (mkdocs_hooks.py, and mkdocs_preview.py, mkdocs_unchanged.py and mkdocs_rawhtml.py beside it).
OUTSIDE = (
    "mkdocs",
    "material",
    "mkdocs_hooks",
    "mkdocs_preview",
    "mkdocs_unchanged",
    "mkdocs_rawhtml",
)


def _imported(node: ast.Import | ast.ImportFrom, package: list[str]) -> list[str]:
    """The absolute names of the modules an import statement reads (``from .. import tools``
    reads the package's module ``tools``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = package[: len(package) - node.level + 1] if node.level else []
    module = ".".join([*base, *([node.module] if node.module else [])])
    if module == package[0]:  # from policysite import checks
        return [f"{module}.{alias.name}" for alias in node.names]
    return [module]


def layer_violations(core: Path) -> list[str]:
    """``file:line: ...`` for every import against the layers, and every module outside them."""
    found = []
    for path in sorted(core.rglob("*.py")):
        relative = path.relative_to(core)
        name = f"{core.name}/{relative.as_posix()}"
        layer = relative.parts[0] if len(relative.parts) > 1 else None
        if layer is None and relative.name != "__init__.py":
            found.append(f"{name}:1: module outside every layer ({', '.join(LAYERS)})")
            continue
        if layer is not None and layer not in LAYERS:
            found.append(f"{name}:1: package '{layer}' is not a layer ({', '.join(LAYERS)})")
            continue
        package = [core.name, *relative.parts[:-1]]
        allowed = {layer, *LAYERS[layer]} if layer else set(LAYERS)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # imports inside functions count too
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for module in _imported(node, package):
                parts = module.split(".")
                where = f"{name}:{node.lineno}: module imports {module}"
                if parts[0] in OUTSIDE:
                    found.append(f"{where}, which the core may not import")
                elif parts[0] == core.name and len(parts) > 1 and parts[1] in set(LAYERS) - allowed:
                    found.append(f"{where}, which layer {layer} may not import")
    return sorted(set(found))


def test_each_layer_imports_only_the_layers_below() -> None:
    violations = layer_violations(CORE)
    assert not violations, "\n" + "\n".join(violations)


def _new_violations(core: Path) -> list[str]:
    """What a scratch copy of the core breaks that the real core does not."""
    known = set(layer_violations(CORE))
    return [line for line in layer_violations(core) if line not in known]


FORBIDDEN = [
    (
        "checks/links.py",
        "from ..render.pages import render_site",
        "checks",
        "policysite.render.pages",
    ),
    ("tools/stamp.py", "from policysite.render import hant", "tools", "policysite.render"),
    ("content/model.py", "from ..checks import loader", "content", "policysite.checks"),
    ("content/terms.py", "from .. import tools", "content", "policysite.tools"),
]


@pytest.mark.parametrize(("module", "line", "layer", "target"), FORBIDDEN)
def test_a_forbidden_import_is_named(
    tmp_path: Path, module: str, line: str, layer: str, target: str
) -> None:
    core = Path(shutil.copytree(CORE, tmp_path / "policysite"))
    path = core / module
    source = path.read_text(encoding="utf-8")
    path.write_text(source + f"\n\ndef planted() -> None:\n    {line}\n", encoding="utf-8")
    at = len(source.splitlines()) + 4
    assert _new_violations(core) == [
        f"policysite/{module}:{at}: module imports {target}, which layer {layer} may not import"
    ]


def test_mkdocs_and_the_adapter_are_outside_the_core(tmp_path: Path) -> None:
    core = Path(shutil.copytree(CORE, tmp_path / "policysite"))
    with (core / "render" / "assets.py").open("a", encoding="utf-8") as file:
        file.write("import mkdocs.plugins\nfrom mkdocs_hooks import on_config\n")
    lines = len((core / "render" / "assets.py").read_text(encoding="utf-8").splitlines())
    assert _new_violations(core) == [
        f"policysite/render/assets.py:{lines - 1}: module imports mkdocs.plugins, "
        "which the core may not import",
        f"policysite/render/assets.py:{lines}: module imports mkdocs_hooks, "
        "which the core may not import",
    ]


def test_a_module_outside_every_layer_is_named(tmp_path: Path) -> None:
    core = Path(shutil.copytree(CORE, tmp_path / "policysite"))
    (core / "helpers.py").write_text("X = 1\n", encoding="utf-8")
    (core / "bench").mkdir()
    (core / "bench" / "__init__.py").write_text("", encoding="utf-8")
    assert _new_violations(core) == [
        "policysite/bench/__init__.py:1: package 'bench' is not a layer "
        "(content, checks, render, tools)",
        "policysite/helpers.py:1: module outside every layer (content, checks, render, tools)",
    ]


def test_loading_and_rendering_do_not_pull_in_mkdocs() -> None:
    code = (
        "import sys, pathlib\n"
        "from policysite.checks.loader import load_site\n"
        "from policysite.render.pages import render_site\n"
        f"loaded = load_site(pathlib.Path({str(REPO)!r}))\n"
        "for lang in ('zh', 'en'):\n"
        "    render_site(loaded.site, lang, loaded.terms)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_hook_adapter_stays_thin() -> None:
    lines = (REPO / "hooks" / "mkdocs_hooks.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 150
