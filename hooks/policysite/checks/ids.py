"""IDs: unique within a report (the newer of two is named), never a page name the site uses."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..content import layout
from ..content.model import Report, Text
from ..content.problems import Problem
from ..content.schema import id_problem

#: Names the site gives its own pages and folders (``content.layout``); a chapter ID may not
#: take them (a report ID may not either, nor an edition's folder: ``reserved_report_ids``).
RESERVED_PAGE_IDS = layout.REPORT_PAGES | layout.SITE_NAMES


def reserved_report_id(identifier: str, root: Path) -> str | None:
    """Why ``identifier`` cannot name a report (its folder would be an edition's, or one the
    site writes itself), or None."""
    if identifier in layout.reserved_report_ids(root):
        return _reserved(identifier, "report")
    return None


def _reserved(identifier: str, what: str) -> str:
    return f"'{identifier}' is a page name the site uses itself; choose another {what} ID"


def report_id_problem(report_id: str, root: Path) -> str | None:
    """Why ``report_id`` cannot name a new report (its folder and URLs), or None."""
    return id_problem(report_id, root / "content" / "schema") or reserved_report_id(report_id, root)


def check_ids(report: Report, root: Path | None = None) -> list[Problem]:
    """Chapter, section and paragraph IDs are anchors and URLs: unique within a report.

    Of two texts with one ID, the newer is blamed: the published one keeps its address. Newer
    means, in this order: an ID that does not follow its chapter's own pattern (``rfm-04``
    among ``bth-…``), a file saved more recently (with ``root``), a later place in the report.
    """
    problems: list[Problem] = []
    uses: dict[str, list[tuple[tuple[int, int, int], Text, str]]] = {}
    position = 0

    def claim(identifier: str, text: Text, key: str, usual_prefix: str | None = None) -> None:
        nonlocal position
        position += 1
        odd = int(usual_prefix is not None and _id_prefix(identifier) != usual_prefix)
        newness = (odd, _saved_at(root, text.origin.file), position)
        uses.setdefault(identifier, []).append((newness, text, key))

    if report.opening is not None:
        claim(report.opening.id, report.opening.paragraphs[0].text, "id")
        for paragraph in report.opening.paragraphs:
            claim(paragraph.id, paragraph.text, "id")
    for chapter in report.chapters:
        if chapter.id in RESERVED_PAGE_IDS:
            problems.append(Problem(chapter.file, 1, "id", _reserved(chapter.id, "chapter")))
        claim(chapter.id, chapter.title, "id")
        for section in chapter.sections:
            claim(section.id, section.heading, "id")
        prefixes = Counter(_id_prefix(p.id) for p in chapter.all_paragraphs())
        usual = prefixes.most_common(1)[0][0] if prefixes else None
        for paragraph in chapter.all_paragraphs():
            claim(paragraph.id, paragraph.text, "id", usual)
    for identifier, found in uses.items():
        oldest = min(found, key=lambda use: use[0])[1].origin
        for _, text, key in found:
            if text.origin is oldest:
                continue
            problems.append(
                Problem(
                    text.origin.file,
                    text.origin.line,
                    _parent(text.origin.key_path, key),
                    f"duplicate ID '{identifier}' (already used at {oldest.file}:{oldest.line}); "
                    "give this text a new ID",
                )
            )
    return problems


def _id_prefix(identifier: str) -> str:
    """``bth-03`` -> ``bth``; an ID without a number is its own prefix."""
    return re.sub(r"-?\d+$", "", identifier)


def _saved_at(root: Path | None, file: str) -> int:
    """When ``file`` was last saved, in whole seconds (0 without ``root``)."""
    try:
        return int((root / file).stat().st_mtime) if root is not None else 0
    except OSError:
        return 0


def _parent(key_path: str, key: str) -> str:
    """``sections[1].heading`` -> ``sections[1].id``; ``paragraphs[3]`` -> ``paragraphs[3].id``."""
    if key_path.endswith(".heading"):
        return key_path[: -len("heading")] + key
    if key_path == "title":
        return key
    return f"{key_path}.{key}"
