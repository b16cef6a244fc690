"""Which files under content/ the content model knows, and what to say about every other one.

The site reads only the files of its content model: ``glossary.yml``, ``phrasebook.yml``,
``indicators.yml`` (what targets measure across years), ``trusted-hosts.yml`` (the hosts outside
links may point to), ``synonyms.yml`` (what readers type, for search), the schemas, and for each
report ``report.yml``, ``targets.yml``, the chapters listed in ``report.yml``, the source text it
names, ``candidates.yml`` and ``import-report.txt`` (left by import for review; never read).
Import's backups live in ``content/.backups/`` and are never read. Anything else is either a
mistake that makes content disappear (a chapter left out of ``chapters:``, ``glossary.yaml``),
an editor's leftover, or a file that does not belong here; each gets one line naming the file
and what to do. Nothing in content/ is published as it is: every page and data file is
generated.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from ..content.problems import Problem, Severity
from ..content.yamlio import is_inside

BACKUP_DIR = ".backups"
KNOWN_TOP = (
    "glossary.yml",
    "indicators.yml",
    "phrasebook.yml",
    "trusted-hosts.yml",
    "synonyms.yml",
)
KNOWN_IN_REPORT = ("report.yml", "targets.yml", "candidates.yml", "import-report.txt")
# Leftovers of editors and tools: emacs/vim/office/macOS/Windows, merges and patches. Emacs
# numbers its backups (x.yml.~1~; others write x.yml~1) and locks a file with unsaved edits by
# a link named .#x.yml that points at nothing.
LEFTOVER = re.compile(
    r"(~\d*|\.~\d+~|\.bak|\.orig|\.swp|\.swo|\.swx|\.tmp|\.rej|\.old|\.save|\.autosave|#)$"
    r"|^(\.#|~\$|\.~lock\.|#)|^(\.DS_Store|Thumbs\.db|desktop\.ini)$",
    re.IGNORECASE,
)


def stray_files(root: Path, known: set[Path], unreadable_reports: set[Path]) -> list[Problem]:
    """A Problem for every file under content/ that the content model does not read.

    ``known`` holds the files the loader reads (absolute); files in the folders of
    ``unreadable_reports`` (whose report.yml could not be read) are left alone, since which
    chapters they list is unknown.
    """
    content = root / "content"
    known = {Path(os.path.normpath(path.absolute())) for path in known}
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(content):  # links to folders are not followed
        here = Path(folder)
        if here == content:
            dirs[:] = [d for d in dirs if d != BACKUP_DIR]
        dirs.sort()
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink():
                problems.append(_link(path, root))
        if any(here == r or r in here.parents for r in unreadable_reports):
            continue
        for name in sorted(files):
            path = (here / name).absolute()
            if path in known:  # read by the loader, which reports links leaving the repository
                continue
            if LEFTOVER.search(name):  # never read, even a lock link to nothing
                problems.append(_leftover(path, root))
            elif path.is_symlink() and (not path.exists() or not is_inside(path, root)):
                problems.append(_link(path, root))
            else:
                problems.append(_stray(path, root, known))
    return problems


def _name(path: Path, root: Path) -> str:
    return path.absolute().relative_to(root.absolute()).as_posix()


def _link(path: Path, root: Path) -> Problem:
    if not path.exists():
        what = "is a link to nothing (its target is missing)"
    elif not is_inside(path, root):
        what = "is a link to a place outside the repository"
    else:
        what = "is a link to a folder (links to folders are not followed)"
    advice = "put the file itself here, or remove the link"
    return Problem(_name(path, root), 0, "", f"{what}: {advice}")


def _leftover(path: Path, root: Path) -> Problem:
    return Problem(
        _name(path, root),
        0,
        "",
        "an editor's backup or temporary file: it is neither read nor published; delete it "
        "or move it out of content/",
        Severity.WARNING,
    )


def _stray(path: Path, root: Path, known: set[Path]) -> Problem:
    file = _name(path, root)
    name = path.name
    yaml_name = re.sub(r"\.ya?ml$", ".yml", name, flags=re.IGNORECASE)
    if path.parent.name == "chapters" and yaml_name.endswith(".yml"):
        report = path.parent.parent / "report.yml"
        listed = f"{path.parent.name}/{yaml_name}"
        rename = f"rename it to '{yaml_name}', " if yaml_name != name else ""
        return Problem(
            file,
            0,
            "",
            f"this chapter is not listed under 'chapters:' in {_name(report, root)}, so it is "
            f"left out of the site: {rename}add '- {listed}' there, or move the file out of "
            "content/",
        )
    expected = _expected_names(path, known)
    close = difflib.get_close_matches(yaml_name, expected, n=1, cutoff=0.75)
    if close:
        return Problem(
            file,
            0,
            "",
            f"not a file the site reads, so its content is left out: rename it to '{close[0]}' "
            f"(the site reads {', '.join(expected)} here)",
        )
    return Problem(
        file,
        0,
        "",
        "not a content file: it is neither read nor published; move it out of content/ "
        f"(the site reads {', '.join(expected) or 'no file here'})",
        Severity.WARNING,
    )


def misnamed_as(path: Path) -> str | None:
    """The name of a file next to ``path`` that looks like it, misnamed (glossary.yaml for
    glossary.yml, glossery.yml), if there is one."""
    if not path.parent.is_dir():
        return None
    for other in sorted(path.parent.iterdir()):
        yaml_name = re.sub(r"\.ya?ml$", ".yml", other.name, flags=re.IGNORECASE)
        close = difflib.get_close_matches(yaml_name, [path.name], n=1, cutoff=0.75)
        if close and other.name != path.name and not LEFTOVER.search(other.name):
            return other.name
    return None


def _expected_names(path: Path, known: set[Path]) -> list[str]:
    """The names the content model reads in ``path``'s folder."""
    here = path.parent
    names = {p.name for p in known if p.parent == here}
    if here.name == "content":
        names.update(KNOWN_TOP)
    elif here.parent.name == "reports":
        names.update(KNOWN_IN_REPORT)
    return sorted(names)
