"""The lock files still fit pyproject.toml: a dependency added or narrowed there without
`python scripts/lock.py` fails here, before CI installs from a stale lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from lock import LOCKS, lock_problems, project_table


@pytest.mark.parametrize("stack", ["material", "ng"])
def test_each_stack_has_a_lock_that_fits_pyproject(stack: str) -> None:
    assert stack in project_table()["tool"]["policysite"]["stacks"]
    assert lock_problems(stack, LOCKS / f"{stack}.txt") == []


def test_a_lock_missing_a_dependency_is_named(tmp_path: Path) -> None:
    lock = LOCKS / "material.txt"
    text = "\n".join(
        line for line in lock.read_text(encoding="utf-8").splitlines()
        if not line.startswith("jieba==")
    )
    stale = tmp_path / "material.txt"
    stale.write_text(text, encoding="utf-8")
    problems = [p.split(": ", 1)[1] for p in lock_problems("material", stale)]
    assert problems == ["jieba: expected <0.43,>=0.42.1, found nothing"]
