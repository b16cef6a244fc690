"""The README and the guides in docs/: short README, every link resolves, every command the
scripts offer (and each of its options) is documented somewhere a person reads."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import click
import pytest

REPO = Path(__file__).resolve().parent.parent
GUIDES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
SCRIPTS = ["site.py", "bench.py", "lock.py"]


def slug(heading: str) -> str:
    """The anchor GitHub and most Markdown viewers give a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {slug(line.lstrip("#")) for line in lines if line.startswith("#")}


def script_command(name: str) -> click.Command:
    """The click command of ``scripts/<name>`` (loaded by path: ``site`` is also a stdlib name)."""
    spec = importlib.util.spec_from_file_location(f"guide_{name[:-3]}", REPO / "scripts" / name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    command = getattr(module, "cli", None) or module.main
    assert isinstance(command, click.Command)
    return command


def offered(name: str) -> list[str]:
    """What a person types: `python scripts/x.py SUB` per subcommand, and each option."""
    command = script_command(name)
    subcommands = command.commands if isinstance(command, click.Group) else {"": command}
    found = []
    for sub_name, sub in subcommands.items():
        found.append(f"python scripts/{name} {sub_name}".rstrip())
        for parameter in sub.params:
            if isinstance(parameter, click.Option):
                found.extend(o for o in parameter.opts if o.startswith("--") and o != "--help")
    return found


def test_the_readme_stays_short() -> None:
    assert len((REPO / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_relative_link_resolves(guide: Path) -> None:
    broken = []
    for target in LINK.findall(guide.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # an address on the web, checked by nobody here
        file, _, anchor = target.partition("#")
        path = (guide.parent / file).resolve() if file else guide
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{target}: no heading #{anchor} in {path.name}")
    assert broken == []


def test_every_guide_says_whom_it_is_for() -> None:
    for guide in GUIDES[1:]:
        lines = guide.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# ") and lines[2].startswith("*For "), guide.name


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_command_and_option_is_in_the_guides(script: str) -> None:
    text = "\n".join(g.read_text(encoding="utf-8") for g in GUIDES)
    missing = [item for item in offered(script) if item not in text]
    assert missing == []


def test_a_missing_command_would_be_found() -> None:
    assert "python scripts/site.py check" in offered("site.py")
    assert "--dry-run" in offered("site.py")
