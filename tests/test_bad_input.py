"""Mistakes staff make, one case each: the exact `file:line: message`, never a traceback.

Each case breaks a scratch copy of the repository the way a person would (a stray backup, a
renamed file, a date that does not exist, a value that contradicts its figure, a TAB, a GBK
file, an alias bomb, ...) and states the one line `check` and the build must print. Errors
stop the build; warnings stop only a --strict build. The CLI and build tests at the end run a
sample of the cases through `python scripts/site.py check` and `mkdocs build`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from policysite.checks.loader import load_site
from policysite.content.problems import ContentError

from .conftest import ContentCopy, run_mkdocs_build

REPORT = "content/reports/2024/report.yml"
CHAPTERS = "content/reports/2024/chapters"
BTH = f"{CHAPTERS}/03-beijing-tianjin-hebei.yml"
REFORM = f"{CHAPTERS}/04-reform-opening-up.yml"
TARGETS = "content/reports/2024/targets.yml"
SOURCE = "content/reports/2024/source.txt"
GLOSSARY = "content/glossary.yml"
BACKUP = (
    "an editor's backup or temporary file: it is neither read nor published; delete it or "
    "move it out of content/"
)
NOT_CONTENT = (
    "not a content file: it is neither read nor published; move it out of content/ (the "
    "site reads {names})"
)
REPORT_FILES = "candidates.yml, import-report.txt, report.yml, source.txt, targets.yml"
TOP_FILES = "glossary.yml, indicators.yml, phrasebook.yml, site.yml, synonyms.yml, topics.yml, trusted-hosts.yml"
SYNTAX_ADVICE = "(check the indentation, colons and quotes on this line and the one before)"


def is_error(copy: ContentCopy) -> bool:
    try:
        load_site(copy.root)
    except ContentError:
        return True
    return False


def write(copy: ContentCopy, relative: str, data: str | bytes) -> None:
    path = copy.path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def text_of(copy: ContentCopy, relative: str) -> str:
    return copy.path(relative).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[ContentCopy], list[str]]  # breaks the copy, returns the expected lines
    error: bool = True  # False: warnings only (a --strict build still refuses)


# --- stray, renamed, unlisted and linked files ---------------------------------------------


def backup_of_chapter(suffix: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        name = f"{BTH}{suffix}" if not suffix.startswith("/") else f"{CHAPTERS}{suffix}"
        write(copy, name, text_of(copy, BTH))
        return [f"{name}: warning: {BACKUP}"]

    return make


def stray_in_content(name: str, names: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        write(copy, name, b"PK\x03\x04 notes the editors keep")
        return [f"{name}: warning: {NOT_CONTENT.format(names=names)}"]

    return make


def renamed(old: str, new: str, wanted: str, names: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.path(old).rename(copy.path(new))
        return [
            f"{new}: not a file the site reads, so its content is left out: rename it to "
            f"'{wanted}' (the site reads {names} here)"
        ]

    return make


def unlisted_chapter(copy: ContentCopy) -> list[str]:
    name = f"{CHAPTERS}/06-green-development.yml"
    write(copy, name, text_of(copy, BTH).replace("beijing-tianjin-hebei", "green"))
    return [
        f"{name}: this chapter is not listed under 'chapters:' in {REPORT}, so it is left out "
        "of the site: add '- chapters/06-green-development.yml' there, or move the file out "
        "of content/"
    ]


def unlisted_yaml_chapter(copy: ContentCopy) -> list[str]:
    name = f"{CHAPTERS}/06-green.yaml"
    write(copy, name, text_of(copy, BTH))
    return [
        f"{name}: this chapter is not listed under 'chapters:' in {REPORT}, so it is left out "
        "of the site: rename it to '06-green.yml', add '- chapters/06-green.yml' there, or "
        "move the file out of content/"
    ]


def chapter_listed_twice(copy: ContentCopy) -> list[str]:
    entry = "  - chapters/03-beijing-tianjin-hebei.yml\n"
    copy.edit(
        REPORT,
        "  - chapters/05-innovation-driven.yml\n",
        f"{entry}  - chapters/05-innovation-driven.yml\n",
    )
    first = copy.line_of(REPORT, entry.strip())
    second = copy.line_of(REPORT, entry.strip(), occurrence=2)
    return [
        f"{REPORT}:{second}: chapters[4]: 'chapters/03-beijing-tianjin-hebei.yml' is listed "
        f"twice (first at line {first}); remove one"
    ]


def chapter_listed_twice_other_spelling(copy: ContentCopy) -> list[str]:
    copy.edit(REPORT, "  - chapters/05-innovation-driven.yml\n",
              "  - chapters/05-innovation-driven.yml\n  - ./chapters/01-general-requirements.yml\n")  # fmt: skip
    first = copy.line_of(REPORT, "chapters/01-general-requirements.yml")
    second = copy.line_of(REPORT, "./chapters/01-general-requirements.yml")
    return [
        f"{REPORT}:{second}: chapters[5]: './chapters/01-general-requirements.yml' is listed "
        f"twice (first at line {first}); remove one"
    ]


OUTSIDE = (
    "is outside the repository (through a link or '..'): content must be inside it; copy "
    "the file in instead"
)


def secret_file(copy: ContentCopy) -> Path:
    secret = copy.root.parent / "secret.yml"
    secret.write_text("password: hunter2-do-not-echo\n", encoding="utf-8")
    return secret


def chapter_linked_outside(copy: ContentCopy) -> list[str]:
    path = copy.path(BTH)
    path.unlink()
    path.symlink_to(secret_file(copy))
    line = copy.line_of(REPORT, "chapters/03-beijing-tianjin-hebei.yml")
    return [f"{REPORT}:{line}: chapters[2]: 'chapters/03-beijing-tianjin-hebei.yml' {OUTSIDE}"]


def stray_link_outside(copy: ContentCopy) -> list[str]:
    copy.path("content/secret.yml").symlink_to(secret_file(copy))
    return [
        "content/secret.yml: is a link to a place outside the repository: put the file itself "
        "here, or remove the link"
    ]


def dangling_link(copy: ContentCopy) -> list[str]:
    copy.path(f"{CHAPTERS}/old.yml").symlink_to(copy.root / "nowhere.yml")
    return [
        f"{CHAPTERS}/old.yml: is a link to nothing (its target is missing): put the file "
        "itself here, or remove the link"
    ]


def linked_folder(copy: ContentCopy) -> list[str]:
    outside = copy.root.parent / "elsewhere"
    outside.mkdir()
    copy.path("content/more").symlink_to(outside, target_is_directory=True)
    return [
        "content/more: is a link to a place outside the repository: put the file itself here, "
        "or remove the link"
    ]


def source_outside(copy: ContentCopy) -> list[str]:
    secret_file(copy)
    copy.edit(REPORT, "source_text: source.txt", "source_text: ../../../../secret.yml")
    line = copy.line_of(REPORT, "source_text:")
    return [
        f"{REPORT}:{line}: source_text: '../../../../secret.yml' {OUTSIDE}",
        f"{SOURCE}: warning: "
        + NOT_CONTENT.format(names="candidates.yml, import-report.txt, report.yml, targets.yml"),
    ]


def chapter_path_outside(copy: ContentCopy) -> list[str]:
    secret_file(copy)
    copy.edit(REPORT, "chapters/05-innovation-driven.yml", "../../../../secret.yml")
    line = copy.line_of(REPORT, "../../../../secret.yml")
    return [
        f"{CHAPTERS}/05-innovation-driven.yml: this chapter is not listed under 'chapters:' in "
        f"{REPORT}, so it is left out of the site: add '- chapters/05-innovation-driven.yml' "
        "there, or move the file out of content/",
        f"{REPORT}:{line}: chapters[4]: '../../../../secret.yml' {OUTSIDE}",
    ]


def backups_are_ignored(copy: ContentCopy) -> list[str]:
    """What `import --force` leaves: a whole old report in content/.backups/."""
    folder = copy.path("content/.backups/2024-20240101-120000")
    folder.mkdir(parents=True)
    for name in ("report.yml", "source.txt", "targets.yml"):
        write(
            copy,
            f"content/.backups/2024-20240101-120000/{name}",
            text_of(copy, f"content/reports/2024/{name}"),
        )
    write(copy, "content/.backups/2024-20240101-120000/notes.docx", b"PK")
    return []


# --- values checked for their meaning --------------------------------------------------------


def bad_day(
    old: str, new: str, file: str, key: str, why: str
) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(file, old, new)
        line = copy.line_of(file, new.strip())
        value = new.split(": ")[-1]
        return [f"{file}:{line}: {key}: expected a date that exists, found text ('{value}'){why}"]

    return make


def target_edit(old: str, new: str, key: str, message: str) -> Callable[[ContentCopy], list[str]]:
    """Edit a target's line; ``key`` like ``targets[0].value``; message after the key."""

    def make(copy: ContentCopy) -> list[str]:
        copy.edit(TARGETS, old, new)
        text = text_of(copy, TARGETS)
        leaf = key.rsplit(".", 1)[-1]
        offset = next(i for i, line in enumerate(new.split("\n")) if line.strip().startswith(leaf))
        line = text[: text.index(new)].count("\n") + 1 + offset
        return [f"{TARGETS}:{line}: {key}: {message}"]

    return make


def report_id(value: str, message: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(REPORT, 'id: "2024"', f"id: {value}")
        return [f"{REPORT}:{copy.line_of(REPORT, f'id: {value}')}: id: {message}"]

    return make


ID_RULE = "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', found"


def duplicate_id_new_in_earlier_chapter(copy: ContentCopy) -> list[str]:
    """A new paragraph in chapter 3 reuses rfm-04 (published in chapter 4): blame chapter 3."""
    copy.edit(BTH, "- id: bth-05", "- id: rfm-04")
    new = copy.line_of(BTH, "- id: rfm-04")
    old = copy.line_of(REFORM, "- id: rfm-04")
    return [
        f"{BTH}:{new}: sections[2].paragraphs[0].id: duplicate ID 'rfm-04' (already used at "
        f"{REFORM}:{old}); give this text a new ID"
    ]


def duplicate_section_id_newer_file(copy: ContentCopy) -> list[str]:
    """The same section ID in two chapters: the file saved last holds the new one."""
    section = "reform-effectiveness"  # the first section of chapter 4
    old_id = copy.line_of(REFORM, f"  - id: {section}")
    first_bth = "  - id: innovation-synergy"
    for path in copy.path(CHAPTERS).iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))
    copy.edit(BTH, first_bth, f"  - id: {section}")
    os.utime(copy.path(BTH), (1_800_000_000, 1_800_000_000))
    new = copy.line_of(BTH, f"  - id: {section}") + 1  # a section is named by its heading
    old_id += 1
    return [
        f"{BTH}:{new}: sections[0].id: duplicate ID '{section}' (already used at "
        f"{REFORM}:{old_id}); give this text a new ID"
    ]


# --- YAML that the parser alone would answer badly -------------------------------------------

ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)
ALIAS_MESSAGE = (
    "alias '*{name}' repeats a whole list or mapping: content may not do that (nested aliases "
    "can expand without limit); write the values out"
)


def alias_bomb(file: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        write(copy, file, text_of(copy, file) + ALIAS_BOMB)
        line = copy.line_of(file, "b: &b [*a")
        return [f"{file}:{line}: {ALIAS_MESSAGE.format(name='a')}"]

    return make


def merge_key(copy: ContentCopy) -> list[str]:
    copy.edit(BTH, "short_title:\n", "short_title: &short\n")
    copy.edit(BTH, "summary:\n", "summary:\n  <<: *short\n")
    line = copy.line_of(BTH, "<<: *short")
    return [f"{BTH}:{line}: {ALIAS_MESSAGE.format(name='short')}"]


def control_character(char: str, name: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(BTH, "加强与清华大学", f"加强与{char}清华大学")
        lines = text_of(copy, BTH).split("\n")  # not splitlines(): a form feed is no new line
        line = next(i for i, text in enumerate(lines, start=1) if char in text)
        column = lines[line - 1].index(char) + 1
        return [
            f"{BTH}:{line}:{column}: invisible control character U+{ord(char):04X} ({name}): "
            "delete it (it often comes from copying out of a PDF or a word processor)"
        ]

    return make


def tab_indent(file: str, old: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(file, old, "\t" + old.lstrip(" "))
        line = copy.line_of(file, "\t" + old.lstrip(" ").split("\n")[0])
        return [
            f"{file}:{line}:1: a TAB in the indentation (column 1): indent with ordinary spaces"
        ]

    return make


def full_width_space_indent(copy: ContentCopy) -> list[str]:
    copy.edit(BTH, "    zh_hash: 47bd28e3be77", "\u3000\u3000zh_hash: 47bd28e3be77")
    line = copy.line_of(BTH, "\u3000\u3000zh_hash")
    return [
        f"{BTH}:{line}:1: a full-width space (U+3000) in the indentation (column 1): indent "
        "with ordinary spaces"
    ]


def encoded(encoding: str, message: str, first_han: bool) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        line = copy.line_of(BTH, "坚持") if first_han else 1
        copy.path(BTH).write_bytes(text_of(copy, BTH).encode(encoding))
        return [f"{BTH}:{line}: {message}"]

    return make


def utf8_with_bom(copy: ContentCopy) -> list[str]:
    copy.path(BTH).write_bytes(b"\xef\xbb\xbf" + copy.path(BTH).read_bytes())
    return []


def gbk_source_text(copy: ContentCopy) -> list[str]:
    path = copy.path(SOURCE)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    return [
        f"{SOURCE}:1: the file is not UTF-8 text (it looks like GBK, the Chinese Windows "
        "encoding); save it with UTF-8 encoding"
    ]


def emptied(data: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        write(copy, BTH, data)
        return [f"{BTH}:1: the file has no content (it is empty, or only comments)"]

    return make


def huge_file(copy: ContentCopy) -> list[str]:
    write(copy, BTH, b"# " + b"x" * 12_000_000 + b"\n")
    return [
        f"{BTH}: the file is 12 MB; content files are far smaller (limit 10 MB): check that "
        "this is the right file"
    ]


def unclosed_quote(copy: ContentCopy) -> list[str]:
    copy.edit(
        BTH,
        'text: "Advance infrastructure connectivity"',
        'text: "Advance infrastructure connectivity',
    )
    line = copy.line_of(BTH, 'text: "Advance infrastructure connectivity')
    return [
        f"{BTH}:{line}: YAML syntax error: a quote opened on this line is not closed (end the "
        "text with the same quote mark it starts with)"
    ]


def unclosed_single_quote(copy: ContentCopy) -> list[str]:
    copy.edit(REPORT, 'id: "2024"', "id: '2024")
    line = copy.line_of(REPORT, "id: '2024")
    return [
        f"{REPORT}:{line}: YAML syntax error: a quote opened on this line is not closed (end "
        "the text with the same quote mark it starts with)"
    ]


def full_width_colon(key: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        old = f"  {key}: " if key != "zh" else '  zh: "坚持创新协同'
        new = old.replace(f"{key}: ", f"{key}：")
        copy.edit(BTH, old, new)
        line = copy.line_of(BTH, new)
        return [
            f"{BTH}:{line}: full-width colon '：' after '{key}': YAML needs an ASCII colon and "
            f"a space ('{key}: ')"
        ]

    return make


def no_space_after_colon(copy: ContentCopy) -> list[str]:
    copy.edit(
        BTH,
        "    status: edited\n    zh_hash: 47bd28e3be77",
        "    status:edited\n    zh_hash: 47bd28e3be77",
    )
    line = copy.line_of(BTH, "status:edited")
    return [
        f"{BTH}:{line}: YAML syntax error: no space after the colon of 'status' (write 'status: ')"
    ]


def deep_nesting(copy: ContentCopy) -> list[str]:
    lines = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(60))
    write(
        copy,
        BTH,
        text_of(copy, BTH)
        + "extra:\n"
        + "".join("  " + line for line in lines.splitlines(True))
        + "  " * 61
        + "end: 1\n",
    )
    line = copy.line_of(BTH, "k50:")
    return [f"{BTH}:{line}: nested more than 50 levels deep: is this the right file?"]


# --- wrong shapes and types a person types ----------------------------------------------------


def edit_case(
    file: str, old: str, new: str, needle: str, message: str
) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(file, old, new)
        return [f"{file}:{copy.line_of(file, needle)}: {message}"]

    return make


# --- the second round (issue 24): files, dates, IDs, invisible characters, units, figures ---

CH2 = f"{CHAPTERS}/02-main-targets.yml"
HOSTS = "content/trusted-hosts.yml"
MISSING_GLOSSARY = (
    "missing: the site needs its glossary (the tooltips, the glossary page and the term checks "
    "come from it); restore the file (from a backup or the repository's history)"
)
MISSING_REPORT = (
    "missing: this report folder holds content but no report.yml (the report's title, date "
    "and list of chapters), so none of it is read; "
)
PASTED = " (it comes from copying out of a web page, a PDF or a word processor)"


def deleted(relative: str, message: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.path(relative).unlink()
        return [f"{relative}:1: {message}"]

    return make


def linked_to_nothing(relative: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.path(relative).unlink()
        copy.path(relative).symlink_to(copy.root.parent / "gone.yml")
        return [
            f"{relative}:1: is a link to nothing (its target is missing): put the file itself here"
        ]

    return make


def linked_outside(relative: str) -> Callable[[ContentCopy], list[str]]:
    """The real file moved out of the repository, and a link left in its place."""

    def make(copy: ContentCopy) -> list[str]:
        outside = copy.root.parent / Path(relative).name
        copy.path(relative).rename(outside)
        copy.path(relative).symlink_to(outside)
        return [f"{relative}:1: {OUTSIDE}"]

    return make


def report_renamed_yaml(copy: ContentCopy) -> list[str]:
    copy.path(REPORT).rename(copy.path("content/reports/2024/report.yaml"))
    return [f"{REPORT}:1: {MISSING_REPORT}if 'report.yaml' is it, rename it to 'report.yml'"]


def report_folder_linked_outside(copy: ContentCopy) -> list[str]:
    folder = copy.path("content/reports/2024")
    outside = copy.root.parent / "2024"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    return [
        "content/reports/2024: is a link to a place outside the repository: put the file "
        "itself here, or remove the link",
        f"{REPORT}:1: {OUTSIDE}",
    ]


def emacs_lock_link(copy: ContentCopy) -> list[str]:
    """Emacs marks a file with unsaved edits by a link to nothing named .#<file>."""
    name = f"{CHAPTERS}/.#03-beijing-tianjin-hebei.yml"
    copy.path(name).symlink_to("editor@host.4242:1733400000")
    return [f"{name}: warning: {BACKUP}"]


def date_out_of_range(old: str, new: str, key: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(REPORT, old, new)
        value = new.split(": ")[-1]
        return [
            f"{REPORT}:{copy.line_of(REPORT, new)}: {key}: expected a date from 1990 to 2100, "
            f"found text ('{value}')"
        ]

    return make


def glossary_source_no_such_day(copy: ContentCopy) -> list[str]:
    copy.edit(GLOSSARY, 'date: "2021-12-09"', 'date: "2023-02-29"')
    line = copy.line_of(GLOSSARY, 'date: "2023-02-29"')
    return [
        f"{GLOSSARY}:{line}: terms[0].sources[0].date: expected a date that exists, found text "
        "('2023-02-29'): February 2023 has 28 days"
    ]


LONG_ID = "a" * 300
LONG_ID_FOUND = f"found text ('{'a' * 37}...') (300 characters)"


def long_paragraph_id(copy: ContentCopy) -> list[str]:
    copy.edit(BTH, "- id: bth-05", f"- id: {LONG_ID}")
    line = copy.line_of(BTH, f"- id: {LONG_ID}")
    return [
        f"{BTH}:{line}: sections[2].paragraphs[0].id: expected an ID of at most 64 characters, "
        f"{LONG_ID_FOUND}"
    ]


LINE_BREAK_HINT = "(it ends with a line break: write it on the same line as its key, without '|')"


def block_scalar_id(file: str, old: str, new: str, key: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(file, old, new)
        value = new.split("\n")[-1].strip()
        line = copy.line_of(file, new.split("\n")[0])
        return [f"{file}:{line}: {key}: {ID_RULE} text ('{value}\\n') {LINE_BREAK_HINT}"]

    return make


def invisible(
    file: str, old: str, new: str, marker: str, key: str, message: str
) -> Callable[[ContentCopy], list[str]]:
    """Replace ``old`` by ``new``, which holds ``marker`` (a character, or an escape such as
    ``\\0``): the expected line names its line and column (1-based, in characters)."""

    def make(copy: ContentCopy) -> list[str]:
        copy.edit(file, old, new)
        lines = text_of(copy, file).split("\n")
        line = next(i for i, text in enumerate(lines, start=1) if marker in text)
        column = lines[line - 1].index(marker) + 1
        if message.startswith("warning: "):
            return [f"{file}:{line}:{column}: warning: {key}: {message[9:]}"]
        return [f"{file}:{line}:{column}: {key}: {message}"]

    return make


def invisible_char(name: str, what: str, pasted: bool = True) -> str:
    return f"expected visible text, found {name}, {what}: delete it{PASTED if pasted else ''}"


FORMATTING = "an invisible formatting character"
BIDI = "a bidirectional control character, which changes the order a reader sees"
HEADING_EN = 'text: "Advance infrastructure connectivity"'
HEADING_KEY = "sections[2].heading.en.text"
ZH_KEY = "sections[2].paragraphs[0].zh"
TERM_ZH = '    zh: "滨城"'


def heading(char: str) -> str:
    return f'text: "Advance{char}infrastructure connectivity"'


def target_unit(old: str, new: str, key: str, message: str) -> Callable[[ContentCopy], list[str]]:
    return target_edit(old, new, key, message)


def english_figure(old: str, new: str, message: str) -> Callable[[ContentCopy], list[str]]:
    def make(copy: ContentCopy) -> list[str]:
        copy.edit(CH2, old, new)
        line = copy.line_of(CH2, new) - 1  # problems with an English text name its 'en:' line
        return [f"{CH2}:{line}: paragraphs[0].en: {message}"]

    return make


CASES = [
    # files
    Case("editor backup ~", backup_of_chapter("~"), error=False),
    Case("editor backup .bak", backup_of_chapter(".bak"), error=False),
    Case("merge leftover .orig", backup_of_chapter(".orig"), error=False),
    Case("vim swap file", backup_of_chapter("/.03-beijing-tianjin-hebei.yml.swp"), error=False),
    Case("emacs lock file", backup_of_chapter("/.#03-beijing-tianjin-hebei.yml"), error=False),
    Case("office lock file", backup_of_chapter("/~$report.docx"), error=False),
    Case("macOS folder file", backup_of_chapter("/.DS_Store"), error=False),
    Case("notes.yaml", stray_in_content("content/notes.yaml", TOP_FILES), error=False),
    Case("a Word file", stray_in_content("content/report-2024.docx", TOP_FILES), error=False),
    Case(
        "a PDF in a report",
        stray_in_content("content/reports/2024/original.pdf", REPORT_FILES),
        error=False,
    ),
    Case(
        "a web page",
        stray_in_content(
            "content/reports/2024/chapters/preview.html",
            "01-general-requirements.yml, 02-main-targets.yml, 03-beijing-tianjin-hebei.yml, 04-reform-opening-up.yml, 05-innovation-driven.yml",
        ),
        error=False,
    ),
    Case(
        "glossary renamed glossary.yaml",
        renamed(GLOSSARY, "content/glossary.yaml", "glossary.yml", TOP_FILES),
    ),
    Case(
        "glossary misspelt",
        renamed(GLOSSARY, "content/glossery.yml", "glossary.yml", TOP_FILES),
    ),
    Case(
        "targets renamed target.yml",
        renamed(TARGETS, "content/reports/2024/target.yml", "targets.yml", REPORT_FILES),
    ),
    Case(
        "targets saved as .yaml",
        renamed(TARGETS, "content/reports/2024/targets.yaml", "targets.yml", REPORT_FILES),
    ),
    Case("chapter not listed", unlisted_chapter),
    Case("chapter saved as .yaml, not listed", unlisted_yaml_chapter),
    Case("chapter listed twice", chapter_listed_twice),
    Case("chapter listed twice, spelt differently", chapter_listed_twice_other_spelling),
    Case("chapter is a link outside the repository", chapter_linked_outside),
    Case("stray link outside the repository", stray_link_outside),
    Case("link to nothing", dangling_link),
    Case("link to a folder outside", linked_folder),
    Case("source text outside the repository", source_outside),
    Case("chapter path outside the repository", chapter_path_outside),
    Case("import backups are not read", backups_are_ignored, error=False),
    # dates
    Case(
        "30 February",
        bad_day(
            "date: 2024-01-10", "date: 2024-02-30", REPORT, "date", ": February 2024 has 29 days"
        ),
    ),
    Case(
        "29 February, no leap year",
        bad_day(
            "published: 2024-01-11",
            "published: 2023-02-29",
            REPORT,
            "source.published",
            ": February 2023 has 28 days",
        ),
    ),
    Case(
        "31 April",
        bad_day("date: 2024-01-10", "date: 2024-04-31", REPORT, "date", ": April 2024 has 30 days"),
    ),
    Case(
        "day 00",
        edit_case(
            REPORT,
            "date: 2024-01-10",
            "date: 2024-01-00",
            "date: 2024-01-00",
            "date: expected a date written as YYYY-MM-DD, such as 2024-01-10, found text ('2024-01-00')",
        ),
    ),
    Case(
        "date with slashes",
        edit_case(
            REPORT,
            "date: 2024-01-10",
            "date: 2024/01/10",
            "date: 2024/01/10",
            "date: expected a date written as YYYY-MM-DD, such as 2024-01-10, found text ('2024/01/10')",
        ),
    ),
    Case(
        "date in Chinese",
        edit_case(
            REPORT,
            "date: 2024-01-10",
            "date: 2024年1月10日",
            "date: 2024年",
            "date: expected a date written as YYYY-MM-DD, such as 2024-01-10, found text ('2024年1月10日')",
        ),
    ),
    # targets
    Case(
        "target value contradicts its figure",
        target_edit(
            "    value: 4.8\n",
            "    value: 4.5\n",
            "targets[0].value",
            "expected 4.8, the figure's number, found 4.5 (figure '4.8%左右')",
        ),
    ),
    Case(
        "target value in 万 read wrong",
        target_edit(
            "    value: 180000\n",
            "    value: 18\n",
            "targets[13].value",
            "expected 180000, the figure's number, found 18 (figure '达18万人')",
        ),
    ),
    Case(
        "target value left empty",
        target_edit(
            "    value: 128\n    unit: enterprises\n",
            "    value:\n    unit: enterprises\n",
            "targets[5].value",
            "expected 128, the figure's number, found nothing (figure '128家')",
        ),
    ),
    Case(
        "target unit not percent",
        target_edit(
            "    value: 6\n    unit: percent\n",
            "    value: 6\n    unit: enterprises\n",
            "targets[1].unit",
            "'enterprises' does not fit the figure: write 'unit: percent' (figure '6%')",
        ),
    ),
    Case(
        "target counted in percent",
        target_edit(
            "    value: 15\n    unit: workstations\n",
            "    value: 15\n    unit: percent\n",
            "targets[14].unit",
            "'percent' does not fit the figure: write the unit of what is counted (figure '15家')",
        ),
    ),
    Case(
        "target about written exactly",
        target_edit(
            "    comparison: about\n",
            "    comparison: exactly\n",
            "targets[0].comparison",
            "'exactly' does not fit the figure's qualifier (左右/约 (about)): write 'about' (figure '4.8%左右')",
        ),
    ),
    Case(
        "target at-least written exactly",
        target_edit(
            "    value: 20\n    unit: people\n    comparison: at-least\n",
            "    value: 20\n    unit: people\n    comparison: exactly\n",
            "targets[12].comparison",
            "'exactly' does not fit the figure's qualifier (以上/不低于 (at least)): write 'at-least' (figure '20名以上')",
        ),
    ),
    Case(
        "target exact figure written about",
        target_edit(
            "    value: 128\n    unit: enterprises\n    comparison: exactly\n",
            "    value: 128\n    unit: enterprises\n    comparison: about\n",
            "targets[5].comparison",
            "'about' does not fit the figure's qualifier (none): write 'exactly' or 'cumulative' (figure '128家')",
        ),
    ),
    Case(
        "target flat with a value",
        target_edit(
            "    value:\n    unit: none\n    comparison: flat\n",
            "    value: 0.5\n    unit: none\n    comparison: flat\n",
            "targets[2].value",
            "0.5 does not fit 持平 (no change): leave 'value:' empty (figure '持平')",
        ),
    ),
    Case(
        "target in-step with a value",
        target_edit(
            "    value:\n    unit: none\n    comparison: in-step\n",
            "    value: 5\n    unit: none\n    comparison: in-step\n",
            "targets[3].value",
            "a 'in-step' target has no number of its own: leave 'value:' empty (figure '与经济增长基本同步')",
        ),
    ),
    Case(
        "target value typed as text",
        edit_case(
            TARGETS,
            "    value: 4.8\n",
            '    value: "4.8%"\n',
            'value: "4.8%"',
            "targets[0].value: expected a number or nothing, found text ('4.8%')",
        ),
    ),
    # IDs
    Case("report ID with a slash", report_id('"2025/"', f"{ID_RULE} text ('2025/')")),
    Case("report ID climbing out", report_id('"../../evil"', f"{ID_RULE} text ('../../evil')")),
    Case(
        "report ID taken by the site",
        report_id('"en"', "'en' is a page name the site uses itself; choose another report ID"),
    ),
    Case(
        "chapter ID with a space",
        edit_case(
            BTH,
            "id: beijing-tianjin-hebei",
            "id: beijing tianjin",
            "id: beijing tianjin",
            f"id: {ID_RULE} text ('beijing tianjin')",
        ),
    ),
    Case(
        "paragraph ID in capitals",
        edit_case(
            BTH,
            "- id: bth-05",
            "- id: BTH-05",
            "- id: BTH-05",
            f"sections[2].paragraphs[0].id: {ID_RULE} text ('BTH-05')",
        ),
    ),
    Case(
        "paragraph ID in Chinese",
        edit_case(
            BTH,
            "- id: bth-05",
            "- id: 京津冀05",
            "- id: 京津冀05",
            f"sections[2].paragraphs[0].id: {ID_RULE} text ('京津冀05')",
        ),
    ),
    Case("duplicate ID: the new one is blamed", duplicate_id_new_in_earlier_chapter),
    Case("duplicate section ID: the newer file is blamed", duplicate_section_id_newer_file),
    # YAML
    Case("alias bomb in a chapter", alias_bomb(BTH)),
    Case("alias bomb in report.yml", alias_bomb(REPORT)),
    Case("alias bomb in the glossary", alias_bomb(GLOSSARY)),
    Case("merge key", merge_key),
    Case("NUL character", control_character("\x00", "NUL")),
    Case("bell character", control_character("\x07", "BEL")),
    Case("escape character", control_character("\x1b", "ESC")),
    Case("DEL character", control_character("\x7f", "DEL")),
    Case("C1 control character", control_character("\x90", "a control character")),
    Case("form feed", control_character("\x0c", "form feed")),
    Case("TAB indentation in a chapter", tab_indent(BTH, "    zh_hash: 47bd28e3be77")),
    Case(
        "TAB indentation in report.yml",
        tab_indent(REPORT, '  zh: "天津市滨海新区第四届人民代表大会第四次会议"'),
    ),
    Case("full-width space indentation", full_width_space_indent),
    Case(
        "GBK chapter",
        encoded(
            "gbk",
            "the file is not UTF-8 text (it looks like GBK, the Chinese Windows encoding); save it with UTF-8 encoding",
            True,
        ),
    ),
    Case(
        "GB18030 chapter",
        encoded(
            "gb18030",
            "the file is not UTF-8 text (it looks like GBK, the Chinese Windows encoding); save it with UTF-8 encoding",
            True,
        ),
    ),
    Case(
        "UTF-16 chapter",
        encoded("utf-16", "the file is UTF-16 text; save it with UTF-8 encoding", False),
    ),
    Case(
        "UTF-32 chapter",
        encoded("utf-32", "the file is UTF-32 text; save it with UTF-8 encoding", False),
    ),
    Case("UTF-8 with a BOM is fine", utf8_with_bom, error=False),
    Case("GBK source text", gbk_source_text),
    Case("empty chapter file", emptied("")),
    Case("chapter of only comments", emptied("# to be written\n")),
    Case("huge file", huge_file),
    Case("unclosed double quote", unclosed_quote),
    Case("unclosed single quote", unclosed_single_quote),
    Case("full-width colon after zh", full_width_colon("zh")),
    Case("full-width colon after id", full_width_colon("status")),
    Case("no space after a colon", no_space_after_colon),
    Case("nested too deep", deep_nesting),
    # shapes and types
    Case(
        "chapters as one text",
        edit_case(
            REPORT,
            "chapters:\n  - chapters/01-general-requirements.yml\n  - chapters/02-main-targets.yml\n"
            "  - chapters/03-beijing-tianjin-hebei.yml\n  - chapters/04-reform-opening-up.yml\n"
            "  - chapters/05-innovation-driven.yml\n",
            "chapters: chapters/01-general-requirements.yml\n",
            "chapters: chapters/01",
            "chapters: expected a list of '- ' items, found text ('chapters/01-general-requirements.yml')",
        ),
    ),
    Case(
        "year in quotes",
        edit_case(
            REPORT,
            "year: 2024",
            'year: "2024"',
            'year: "2024"',
            "year: expected a whole number, found text ('2024')",
        ),
    ),
    Case(
        "year out of range",
        edit_case(
            REPORT,
            "year: 2024",
            "year: 24",
            "year: 24",
            "year: expected a number from 1990 to 2100, found a number (24)",
        ),
    ),
    Case(
        "en written as text",
        edit_case(
            REFORM,
            '      en:\n        text: "Enhance the effectiveness',
            '      en: "Enhance the effectiveness',
            "        status: edited",
            "YAML syntax error: this line is indented under 'en' (line 40), which already has "
            "its value on its own line; put that value on an indented line of its own, or "
            "indent this line less",
        ),
    ),
    Case(
        "headline as yes",
        edit_case(
            TARGETS,
            "    headline: true\n",
            "    headline: yes\n",
            "headline: yes",
            "targets[0].headline: expected true or false, found text ('yes')",
        ),
    ),
    Case(
        "a list where a mapping belongs",
        edit_case(
            BTH,
            "title:\n  zh:",
            "title:\n  - zh:",
            "  en:",
            "YAML syntax error: while parsing a block collection did not find expected '-' "
            f"indicator {SYNTAX_ADVICE}",
        ),
    ),
    Case(
        "duplicate key",
        edit_case(
            BTH,
            "id: beijing-tianjin-hebei\n",
            "id: beijing-tianjin-hebei\nid: another-id\n",
            "id: another-id",
            "duplicate key 'id' (first at line 2)",
        ),
    ),
    Case(
        "status in Chinese",
        edit_case(
            BTH,
            "status: edited",
            "status: 已编辑",
            "status: 已编辑",
            "title.en.status: expected one of machine, edited, approved, missing; found text ('已编辑')",
        ),
    ),
    Case(
        "zh_hash too short",
        edit_case(
            BTH,
            "zh_hash: 82e24ab94160",
            'zh_hash: "82e24ab9416"',
            'zh_hash: "82e24ab9416"',
            "title.en.zh_hash: expected 12 hexadecimal characters (run python scripts/site.py stamp to fill it in), found text ('82e24ab9416')",
        ),
    ),
    # the second round (issue 24): files
    Case("glossary deleted", deleted(GLOSSARY, MISSING_GLOSSARY)),
    Case("glossary a link to nothing", linked_to_nothing(GLOSSARY)),
    Case("glossary linked from outside", linked_outside(GLOSSARY)),
    Case("trusted hosts linked from outside", linked_outside(HOSTS)),
    Case("targets linked from outside", linked_outside(TARGETS)),
    Case("report.yml linked from outside", linked_outside(REPORT)),
    Case(
        "report.yml deleted",
        deleted(
            REPORT, MISSING_REPORT + "restore the file (from a backup or the repository's history)"
        ),
    ),
    Case("report.yml saved as report.yaml", report_renamed_yaml),
    Case("report folder linked from outside", report_folder_linked_outside),
    Case("emacs lock link", emacs_lock_link, error=False),
    Case("numbered backup ~1", backup_of_chapter("~1"), error=False),
    Case("emacs numbered backup .~1~", backup_of_chapter(".~1~"), error=False),
    Case(
        "glossary backup ~",
        lambda copy: (
            write(copy, f"{GLOSSARY}~", text_of(copy, GLOSSARY))
            or [f"{GLOSSARY}~: warning: {BACKUP}"]
        ),
        error=False,
    ),
    # dates
    Case("report dated 1969", date_out_of_range("date: 2024-01-10", "date: 1969-12-31", "date")),
    Case("report dated 2107", date_out_of_range("date: 2024-01-10", "date: 2107-01-01", "date")),
    Case(
        "source published 1900",
        date_out_of_range("published: 2024-01-11", "published: 1900-01-11", "source.published"),
    ),
    Case("glossary source dated 29 February 2023", glossary_source_no_such_day),
    # IDs
    Case(
        "report ID of 300 characters",
        report_id(LONG_ID, f"expected an ID of at most 64 characters, {LONG_ID_FOUND}"),
    ),
    Case("paragraph ID of 300 characters", long_paragraph_id),
    Case(
        "report ID with a trailing line break",
        block_scalar_id(REPORT, 'id: "2024"', "id: |\n  2024", "id"),
    ),
    Case(
        "chapter ID with a trailing line break",
        block_scalar_id(BTH, "id: beijing-tianjin-hebei", "id: |\n  beijing-tianjin-hebei", "id"),
    ),
    # invisible characters
    Case(
        "zero-width space in a glossary term",
        invisible(
            GLOSSARY,
            TERM_ZH,
            '    zh: "滨\u200b城"',
            "\u200b",
            "terms[0].zh",
            invisible_char("U+200B (ZERO WIDTH SPACE)", FORMATTING),
        ),
    ),
    Case(
        "zero-width space in an English paragraph",
        invisible(
            BTH,
            "speed up construction",
            "speed up\u200b construction",
            "\u200b",
            "sections[2].paragraphs[0].en.text",
            invisible_char("U+200B (ZERO WIDTH SPACE)", FORMATTING),
        ),
    ),
    Case(
        "no-break space in an English heading",
        invisible(
            BTH,
            HEADING_EN,
            heading("\u00a0"),
            "\u00a0",
            HEADING_KEY,
            "warning: expected an ordinary space, found U+00A0 (NO-BREAK SPACE): replace "
            "it with an ordinary space (the glossary check reads it as a character other "
            "than a space)",
        ),
        error=False,
    ),
    Case(
        "no-break space in Chinese",
        invisible(
            BTH,
            '"加快京滨城际',
            '"加快\u00a0京滨城际',
            "\u00a0",
            ZH_KEY,
            "expected no special space in Chinese text, found U+00A0 (NO-BREAK SPACE): "
            f"delete it{PASTED}",
        ),
    ),
    Case(
        "no-break space escape in Chinese",
        invisible(
            BTH,
            '"加快京滨城际',
            '"加快\\_京滨城际',
            "\\_",
            ZH_KEY,
            "expected visible text, found the escape '\\_', which writes U+00A0 "
            "(NO-BREAK SPACE), space: delete it",
        ),
    ),
    Case(
        "narrow no-break space in Chinese",
        invisible(
            BTH,
            '"加快京滨城际',
            '"加快\u202f京滨城际',
            "\u202f",
            ZH_KEY,
            "expected no special space in Chinese text, found U+202F (NARROW NO-BREAK "
            f"SPACE): delete it{PASTED}",
        ),
    ),
    Case(
        "byte-order mark inside a text",
        invisible(
            BTH,
            HEADING_EN,
            heading("\ufeff"),
            "\ufeff",
            HEADING_KEY,
            invisible_char("U+FEFF (ZERO WIDTH NO-BREAK SPACE)", FORMATTING),
        ),
    ),
    Case(
        "word joiner",
        invisible(
            BTH,
            HEADING_EN,
            heading("\u2060"),
            "\u2060",
            HEADING_KEY,
            invisible_char("U+2060 (WORD JOINER)", FORMATTING),
        ),
    ),
    Case(
        "right-to-left mark in Chinese",
        invisible(
            BTH,
            '"加快京滨城际',
            '"加快\u200f京滨城际',
            "\u200f",
            ZH_KEY,
            invisible_char("U+200F (RIGHT-TO-LEFT MARK)", FORMATTING),
        ),
    ),
    Case(
        "zero-width joiner",
        invisible(
            BTH,
            HEADING_EN,
            heading("\u200d"),
            "\u200d",
            HEADING_KEY,
            invisible_char("U+200D (ZERO WIDTH JOINER)", FORMATTING),
        ),
    ),
    Case(
        "right-to-left override",
        invisible(
            BTH,
            HEADING_EN,
            heading("\u202e"),
            "\u202e",
            HEADING_KEY,
            invisible_char("U+202E (RIGHT-TO-LEFT OVERRIDE)", BIDI, pasted=False),
        ),
    ),
    Case(
        "left-to-right embedding",
        invisible(
            BTH,
            HEADING_EN,
            heading("\u202a"),
            "\u202a",
            HEADING_KEY,
            invisible_char("U+202A (LEFT-TO-RIGHT EMBEDDING)", BIDI, pasted=False),
        ),
    ),
    Case(
        "first-strong isolate in a glossary term",
        invisible(
            GLOSSARY,
            TERM_ZH,
            '    zh: "滨城\u2068"',
            "\u2068",
            "terms[0].zh",
            invisible_char("U+2068 (FIRST STRONG ISOLATE)", BIDI, pasted=False),
        ),
    ),
    Case(
        "right-to-left override as an escape",
        invisible(
            BTH,
            HEADING_EN,
            heading("\\u202E"),
            "\\u202E",
            HEADING_KEY,
            f"expected visible text, found the escape '\\u202E', which writes U+202E "
            f"(RIGHT-TO-LEFT OVERRIDE), {BIDI}: delete it",
        ),
    ),
    Case(
        "NUL as an escape",
        invisible(
            BTH,
            HEADING_EN,
            heading("\\0"),
            "\\0",
            HEADING_KEY,
            "expected visible text, found the escape '\\0', which writes U+0000 (NULL), "
            "an invisible control character: delete it",
        ),
    ),
    Case(
        "escape character as an escape in a glossary term",
        invisible(
            GLOSSARY,
            TERM_ZH,
            '    zh: "滨城\\e"',
            "\\e",
            "terms[0].zh",
            "expected visible text, found the escape '\\e', which writes U+001B (ESCAPE), "
            "an invisible control character: delete it",
        ),
    ),
    Case(
        "zero-width space as an escape",
        invisible(
            BTH,
            HEADING_EN,
            heading("\\u200b"),
            "\\u200b",
            HEADING_KEY,
            "expected visible text, found the escape '\\u200b', which writes U+200B (ZERO "
            f"WIDTH SPACE), {FORMATTING}: delete it",
        ),
    ),
    Case(
        "several invisible characters in one text: the error first",
        invisible(
            BTH,
            HEADING_EN,
            'text: "Advance\u00a0infra\u200bstructure\u200b connectivity"',
            "\u200b",
            HEADING_KEY,
            invisible_char("U+200B (ZERO WIDTH SPACE)", FORMATTING).replace(
                "delete it", "delete it; 2 more in this text"
            ),
        ),
    ),
    Case(
        "invisible character in a block text",
        invisible(
            BTH,
            HEADING_EN,
            "text: >-\n          Advance infrastructure\u200b connectivity",
            "\u200b",
            HEADING_KEY,
            invisible_char("U+200B (ZERO WIDTH SPACE)", FORMATTING),
        ),
    ),
    # target units
    Case(
        "target counting organizations in people",
        target_unit(
            "    value: 128\n    unit: enterprises\n",
            "    value: 128\n    unit: people\n",
            "targets[5].unit",
            "'people' does not fit the figure's measure word '家' "
            "(organizations): write 'unit: enterprises' (or institutions, workstations, "
            "platforms) (figure '128家')",
        ),
    ),
    Case(
        "target counting people in enterprises",
        target_unit(
            "    value: 20\n    unit: people\n",
            "    value: 20\n    unit: enterprises\n",
            "targets[12].unit",
            "'enterprises' does not fit the figure's measure word "
            "'名' (people): write 'unit: people' (figure '20名以上')",
        ),
    ),
    Case(
        "target counting enterprises in tonnes",
        target_unit(
            "    value: 150\n    unit: enterprises\n",
            "    value: 150\n    unit: tonnes\n",
            "targets[9].unit",
            "'tonnes' does not fit the figure's measure word '家' "
            "(organizations): write 'unit: enterprises' (or institutions, workstations, "
            "platforms) (figure '150家')",
        ),
    ),
    Case(
        "target counting technologies in enterprises",
        target_unit(
            "    value: 10\n    unit: technologies\n",
            "    value: 10\n    unit: enterprises\n",
            "targets[7].unit",
            "'enterprises' does not fit the figure's measure word '项' (items): write "
            "'unit: technologies' (figure '10项')",
        ),
    ),
    # English figures
    Case(
        "English figure in full-width digits",
        english_figure(
            "grow by about 4.8%",
            "grow by about ４.８%",
            "figure '4.8%左右' (4.8 percent) is written '４.８%' in the English, in "
            "full-width or other non-ASCII digits; write it in ASCII digits (4.8%)",
        ),
    ),
    Case(
        "English figure in full-width digits and percent sign",
        english_figure(
            "grow by about 4.8%",
            "grow by about ４．８％",
            "figure '4.8%左右' (4.8 percent) is written '４．８％' in the English, in "
            "full-width or other non-ASCII digits; write it in ASCII digits (4.8%)",
        ),
    ),
    Case(
        "English percentage in words",
        english_figure(
            "by 6% year on year",
            "by six percent year on year",
            "figure '6%' (6 percent) is written 'six percent' in the English; write a "
            "percentage in digits (6%)",
        ),
    ),
    Case(
        "source URL without scheme",
        edit_case(
            REPORT,
            'url: "https://tjbh.gov.cn',
            'url: "tjbh.gov.cn',
            'url: "tjbh',
            "source.url: expected a web address starting with http:// or https://, found text ('tjbh.gov.cn/contents/13174/571918.html')",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mistake_gets_its_exact_line(content_copy: ContentCopy, case: Case) -> None:
    expected = case.make(content_copy)
    found = content_copy.problems()
    assert found == expected
    assert is_error(content_copy) is (case.error and bool(expected))


# --- the same lines through the real `check` command and a real strict build ------------------

SITE_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "site.py"


def run_check(copy: ContentCopy) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SITE_SCRIPT), "--root", str(copy.root), "check"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def break_all(copy: ContentCopy, makes: list[Callable[[ContentCopy], list[str]]]) -> list[str]:
    return [line for make in makes for line in make(copy)]


SECOND_ROUND_ERRORS = [
    deleted(GLOSSARY, MISSING_GLOSSARY),
    date_out_of_range("date: 2024-01-10", "date: 1969-12-31", "date"),
    long_paragraph_id,
    invisible(BTH, "speed up construction", "speed up\u200b construction", "\u200b",
              "sections[2].paragraphs[0].en.text",
              invisible_char("U+200B (ZERO WIDTH SPACE)", FORMATTING)),
    invisible(BTH, HEADING_EN, heading("\u202e"), "\u202e", HEADING_KEY,
              invisible_char("U+202E (RIGHT-TO-LEFT OVERRIDE)", BIDI, pasted=False)),
    invisible(BTH, '"加快京滨城际', '"加快\u00a0京滨城际', "\u00a0", ZH_KEY,
              "expected no special space in Chinese text, found U+00A0 (NO-BREAK SPACE): "
              f"delete it{PASTED}"),
    target_unit("    value: 128\n    unit: enterprises\n", "    value: 128\n    unit: people\n",
                "targets[5].unit", "'people' does not fit the figure's measure word '家' "
                "(organizations): write 'unit: enterprises' (or institutions, workstations, "
                "platforms) (figure '128家')"),
]  # fmt: skip


def test_second_round_errors_stop_check_and_the_strict_build(
    content_copy: ContentCopy, published_site: Path, tmp_path: Path
) -> None:
    """Every error at once, the same lines from `check` and the build; the site is kept (a
    report dated 1969 used to crash the build writing sitemap.xml.gz; without its glossary the
    build published a site without one)."""
    site = published_site
    before = snapshot(site)
    expected = break_all(content_copy, SECOND_ROUND_ERRORS)

    check = run_check(content_copy)
    assert check.returncode == 1
    assert "Traceback" not in check.stdout + check.stderr
    lines = check.stderr.strip().splitlines()
    assert sorted(lines[:-1]) == sorted(expected)
    assert lines[-1] == "7 problems in 4 files"

    build = run_mkdocs_build(content_copy.root, site)
    output = build.stdout + build.stderr
    assert build.returncode == 1
    assert "Traceback" not in output
    for line in lines:
        assert line in output
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]  # no staging left


def test_english_figures_in_full_width_digits_or_words_through_check(
    content_copy: ContentCopy,
) -> None:
    content_copy.edit(CH2, "grow by about 4.8%", "grow by about ４.８%")
    content_copy.edit(CH2, "by 6% year on year", "by six percent year on year")
    line = content_copy.line_of(CH2, "grow by about ４.８%") - 1
    check = run_check(content_copy)
    assert check.returncode == 1
    assert check.stderr.strip().splitlines() == [
        f"{CH2}:{line}: paragraphs[0].en: figure '4.8%左右' (4.8 percent) is written '４.８%' in "
        "the English, in full-width or other non-ASCII digits; write it in ASCII digits (4.8%)",
        f"{CH2}:{line}: paragraphs[0].en: figure '6%' (6 percent) is written 'six percent' in the "
        "English; write a percentage in digits (6%)",
        "2 problems in 1 file",
    ]


def test_second_round_warnings_stop_only_the_strict_build(
    content_copy: ContentCopy, published_site: Path, tmp_path: Path
) -> None:
    """A no-break space in English and an editor's leftovers are warnings: `check` passes and
    lists them, a strict build stops and keeps the old site, a plain build goes ahead."""
    site = published_site
    before = snapshot(site)
    expected = break_all(
        content_copy,
        [
            invisible(BTH, HEADING_EN, heading("\u00a0"), "\u00a0", HEADING_KEY,
                      "warning: expected an ordinary space, found U+00A0 (NO-BREAK SPACE): "
                      "replace it with an ordinary space (the glossary check reads it as a "
                      "character other than a space)"),
            emacs_lock_link,
            backup_of_chapter("~1"),
            backup_of_chapter(".~1~"),
        ],
    )  # fmt: skip
    check = run_check(content_copy)
    assert check.returncode == 0
    lines = check.stdout.splitlines()
    assert sorted(lines[: len(expected)]) == sorted(expected)
    assert lines[len(expected)] == "4 warnings"

    build = run_mkdocs_build(content_copy.root, site)
    output = build.stdout + build.stderr
    assert build.returncode == 1
    assert "Aborted with 4 warnings in strict mode" in output
    for line in expected:
        assert line in output
    assert snapshot(site) == before
    assert run_mkdocs_build(content_copy.root, tmp_path / "plain", strict=False).returncode == 0
