"""Problems found in content, formatted as compiler-style lines a person can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file: ``file:line: key.path: message``."""

    file: str
    line: int
    key_path: str
    message: str
    severity: Severity = Severity.ERROR
    column: int = 0  # 1-based, where a single character is the problem

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.line and self.column:
            where += f":{self.column}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        key = f"{self.key_path}: " if self.key_path else ""
        return f"{where}: {prefix}{key}{self.message}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order by file, then line, so output reads top to bottom."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.key_path, p.message))


def summarize(problems: Iterable[Problem]) -> str:
    """``3 problems in 2 files`` (errors and warnings counted separately)."""
    items = list(problems)
    errors = [p for p in items if p.severity is Severity.ERROR]
    warnings = [p for p in items if p.severity is Severity.WARNING]
    parts = []
    if errors:
        files = len({p.file for p in errors})
        parts.append(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}"
        )
    if warnings:
        parts.append(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
    return ", ".join(parts) if parts else "no problems"


def format_report(problems: Iterable[Problem]) -> str:
    """All problems, one per line, then the summary line."""
    ordered = sort_problems(problems)
    return "\n".join([p.format() for p in ordered] + [summarize(ordered)])


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(format_report(self.problems))
