"""Write the lock files: exact versions with hashes, one per platform stack, from pyproject.toml.

    python scripts/lock.py            # refresh requirements/material.txt and requirements/ng.txt
    python scripts/lock.py --check    # exit 1 if a lock no longer fits pyproject.toml

Each stack (``[tool.policysite.stacks.*]`` in pyproject.toml) names the packages that stand in
for ``mkdocs`` and ``mkdocs-material``; every other dependency, and the ``test`` extra, is
the same in both locks. pip-tools (``pip install -e '.[dev]'``) resolves them against PyPI
for the Python that runs this script (3.11 in CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
LOCKS = REPO / "requirements"


def project_table() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def stack_requirements(stack: str) -> list[str]:
    """The requirements of the site and its tests on ``stack``: the stack's packages in place of
    the ones it replaces."""
    table = project_table()
    stacks = table["tool"]["policysite"]["stacks"]
    swap = {canonicalize_name(name): spec for name, spec in stacks[stack].items()}
    project = table["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [swap.get(canonicalize_name(Requirement(spec).name), spec) for spec in wanted]


def compile_lock(stack: str, output: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{stack}.in"
        source.write_text("\n".join(stack_requirements(stack)) + "\n", encoding="utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "piptools",
                "compile",
                "--quiet",
                "--generate-hashes",
                "--allow-unsafe",
                "--strip-extras",
                "--no-emit-index-url",
                "--no-emit-find-links",
                "--output-file",
                str(output),
                str(source),
            ],
            check=True,
            env={**os.environ, "CUSTOM_COMPILE_COMMAND": "python scripts/lock.py"},
        )
    # pip-compile names the temporary input it read; the lock says where it really came from.
    text = output.read_text(encoding="utf-8").replace(str(source), f"pyproject.toml ({stack})")
    output.write_text(text, encoding="utf-8")


def pinned(lock: Path) -> dict[str, str]:
    """name -> exact version, from a lock file's ``name==version`` lines."""
    versions: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, _, rest = line.partition("==")
            versions[canonicalize_name(name)] = rest.split()[0].rstrip("\\").strip()
    return versions


def lock_problems(stack: str, lock: Path) -> list[str]:
    """What in pyproject.toml the lock for ``stack`` does not satisfy."""
    shown = lock.relative_to(REPO) if lock.is_relative_to(REPO) else lock
    if not lock.exists():
        return [f"{shown}: missing"]
    versions = pinned(lock)
    problems = []
    for spec in stack_requirements(stack):
        requirement = Requirement(spec)
        version = versions.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            problems.append(
                f"{shown}: {requirement.name}: expected {requirement.specifier}"
                f", found {version or 'nothing'}"
            )
    return problems


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--check", is_flag=True, help="Only say whether each lock still fits; exit 1 if not.")
def main(check: bool) -> None:
    """Write requirements/<stack>.txt for every stack in pyproject.toml."""
    stacks = project_table()["tool"]["policysite"]["stacks"]
    problems = []
    for stack in stacks:
        lock = LOCKS / f"{stack}.txt"
        if check:
            problems += lock_problems(stack, lock)
        else:
            LOCKS.mkdir(exist_ok=True)
            click.echo(f"resolving {stack} ...", err=True)
            compile_lock(stack, lock)
            click.echo(f"wrote {lock.relative_to(REPO)}", err=True)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo("run: python scripts/lock.py", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
