"""Turn a report's plain text into a new report folder under content/reports/.

The Chinese is filled in, every English is marked missing (ready for the translate command),
and report metadata is left empty for staff to complete (`check` lists each field). Two lists
for review go to candidates.yml: phrases that may need a glossary entry, and figures that may
be targets. An existing report is never overwritten unless forced, and then it is moved to
content/.backups/ first. The folder is written completely, or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jieba

from .annotate import register_words
from .model import Glossary
from .outline import ChapterOutline, Outline, outline_report

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
BACKUP_DIR = "content/.backups"
QUOTED = re.compile(r"“([^“”]{1,12})”")
FIGURE = re.compile(
    r"\d+(?:\.\d+)?(?:%|万|亿)?(?:个百分点|家|个|项|名|人|吨|元|亩|公里|千米|平方米|座|所|条|次|倍|年|%)"
)


class ImportRefused(Exception):
    """The import would overwrite a report, or the text cannot be read."""


@dataclass
class ImportResult:
    report_dir: Path
    encoding: str
    outline: Outline
    glossary_candidates: list[tuple[str, int]] = field(default_factory=list)
    target_candidates: list[tuple[str, str]] = field(default_factory=list)  # (figure, para)
    backup: Path | None = None


def read_report_text(path: Path) -> tuple[str, str]:
    """The text and the encoding it was read with (UTF-8, or GB18030/GBK)."""
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportRefused(f"{path}: not UTF-8 or GB18030/GBK text; save it as UTF-8 and retry")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _english_missing(indent: str) -> str:
    return f"{indent}en:\n{indent}  status: missing\n"


def chapter_yaml(chapter: ChapterOutline, number: int, schema: str) -> str:
    """A chapter file: Chinese filled in, English missing, fresh IDs."""
    out = [
        f"# yaml-language-server: $schema={schema}\n",
        f"id: chapter-{number}\n",
        f"title:\n  zh: {_q(chapter.title)}\n",
        _english_missing("  "),
    ]
    counter = 0

    def paragraphs(texts: list[str], indent: str) -> str:
        nonlocal counter
        if not texts:
            return f"{indent}paragraphs: []\n"
        block = f"{indent}paragraphs:\n"
        for text in texts:
            counter += 1
            block += f"{indent}  - id: c{number}-{counter:02d}\n{indent}    zh: {_q(text)}\n"
            block += _english_missing(indent + "    ")
        return block

    if chapter.paragraphs:
        out.append(paragraphs(chapter.paragraphs, ""))
    if chapter.sections:
        out.append("sections:\n")
        for index, section in enumerate(chapter.sections, start=1):
            out.append(
                f"  - id: c{number}-s{index}\n    heading:\n      zh: {_q(section.heading)}\n"
            )
            out.append(_english_missing("      "))
            out.append(paragraphs(section.paragraphs, "    "))
    return "".join(out)


def report_yaml(
    report_id: str, year: int, source: str, files: list[str], skip_lines: int = 0
) -> str:
    empty_text = '  zh: ""\n  en:\n    status: missing\n'
    chapters = "".join(f"  - {name}\n" for name in files)
    return (
        "# yaml-language-server: $schema=../../schema/report.schema.json\n"
        "#\n"
        f"# Imported from {source} by `python scripts/site.py import`.\n"
        '# Fill in every empty "" (python scripts/site.py check lists them), add the English\n'
        "# (python scripts/site.py translate drafts it), and review candidates.yml.\n"
        f'id: "{report_id}"\n'
        f"year: {year}\n"
        f"title:\n{empty_text}"
        'date: ""  # the day the report was delivered, YYYY-MM-DD\n'
        "speaker:\n"
        f"  name:\n{_indent(empty_text)}"
        f"  role:\n{_indent(empty_text)}"
        f"session:\n{empty_text}"
        "source:\n"
        f"  publisher:\n{_indent(empty_text)}"
        '  url: ""  # the page the text was published on\n'
        '  published: ""  # YYYY-MM-DD\n'
        f"coverage:\n{empty_text}"
        f"notice:\n{empty_text}"
        "source_text: source.txt\n"
        + (
            f"source_skip_lines: {skip_lines}  # lines before the first chapter heading\n"
            if skip_lines
            else ""
        )
        + f"chapters:\n{chapters}"
    )


def _indent(block: str) -> str:
    return "".join("  " + line + "\n" for line in block.splitlines())


def glossary_candidates(outline: Outline, glossary: Glossary | None) -> list[tuple[str, int]]:
    """Quoted phrases and recurring unknown words that the glossary does not cover yet."""
    known: set[str] = set()
    if glossary is not None:
        register_words(glossary.terms)
        known.update(glossary.not_terms)
        for term in glossary.terms:
            known.update(form.strip("“”") for form in term.zh_forms)
            known.update(QUOTED.findall("".join(term.zh_forms)))
    texts = [piece for chapter in outline.chapters for piece in chapter.zh_pieces()]
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(QUOTED.findall(text))
        # words jieba does not know (found by its HMM) that recur are likely coinages
        counts.update(
            w
            for w in jieba.cut(text)
            if len(w) > 1 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and not jieba.dt.FREQ.get(w)
        )
    quoted = {q for text in texts for q in QUOTED.findall(text)}
    return sorted(
        (
            (phrase, count)
            for phrase, count in counts.items()
            if phrase not in known and (phrase in quoted or count >= 2)
        ),
        key=lambda item: (-item[1], item[0]),
    )


def target_candidates(ids: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Figures with units, with the ID of the paragraph (given as (id, text)) they occur in."""
    return [(figure, pid) for pid, text in ids for figure in FIGURE.findall(text)]


def _paragraph_ids(outline: Outline) -> list[tuple[str, str]]:
    pairs = []
    for number, chapter in enumerate(outline.chapters, start=1):
        texts = chapter.paragraphs + [p for s in chapter.sections for p in s.paragraphs]
        pairs += [(f"c{number}-{i:02d}", t) for i, t in enumerate(texts, start=1)]
    return pairs


def candidates_yaml(result: ImportResult) -> str:
    lines = [
        "# Found by the import, for staff to review; the site does not read this file.\n",
        "# glossary: phrases the text quotes or repeats that content/glossary.yml does not\n",
        "#   cover; add them as terms, or under not_terms.\n",
        "# targets: figures with units; add the real targets to targets.yml.\n",
        "glossary:\n",
    ]
    lines += [f"  - {{phrase: {_q(p)}, count: {c}}}\n" for p, c in result.glossary_candidates]
    lines.append("targets:\n")
    lines += [f"  - {{figure: {_q(f)}, paragraph: {pid}}}\n" for f, pid in result.target_candidates]
    return "".join(lines)


def import_report(
    source: Path,
    root: Path,
    report_id: str,
    year: int,
    *,
    force: bool = False,
    glossary: Glossary | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Import ``source`` as content/reports/<report_id>/ under ``root``."""
    text, encoding = read_report_text(source)
    outline = outline_report(text)
    if not outline.chapters:
        raise ImportRefused(f"{source}: no chapter found (no heading line)")
    target = root / "content" / "reports" / report_id
    result = ImportResult(target, encoding, outline)
    if target.exists() and not force:
        raise ImportRefused(
            f"{target.relative_to(root)} exists; use --force to replace it (it is backed up)"
        )
    result.glossary_candidates = glossary_candidates(outline, glossary)
    result.target_candidates = target_candidates(_paragraph_ids(outline))
    with tempfile.TemporaryDirectory(dir=target.parent.parent) as scratch:
        staged = Path(scratch) / report_id
        _write_folder(staged, outline, text, report_id, year, source.name, result)
        if target.exists():
            stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
            result.backup = root / BACKUP_DIR / f"{report_id}-{stamp}"
            result.backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(target), str(result.backup))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), str(target))
    return result


def _write_folder(
    folder: Path,
    outline: Outline,
    text: str,
    report_id: str,
    year: int,
    source_name: str,
    result: ImportResult,
) -> None:
    chapters_dir = folder / "chapters"
    chapters_dir.mkdir(parents=True)
    normal = "\n".join(text.splitlines()) + "\n"
    (folder / "source.txt").write_text(normal, encoding="utf-8")
    files = []
    for number, chapter in enumerate(outline.chapters, start=1):
        name = f"chapters/{number:02d}-chapter-{number}.yml"
        content = chapter_yaml(chapter, number, "../../../schema/chapter.schema.json")
        (folder / name).write_text(content, encoding="utf-8")
        files.append(name)
    (folder / "report.yml").write_text(
        report_yaml(report_id, year, source_name, files, len(outline.unplaced)),
        encoding="utf-8",
    )
    (folder / "candidates.yml").write_text(candidates_yaml(result), encoding="utf-8")
