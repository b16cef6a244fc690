"""Turn a report's plain text into a new draft report folder under content/reports/.

The Chinese is filled in paragraph by paragraph as the source has it, with IDs made from the
headings (pinyin slugs); every English is marked missing (ready for the translate command). The
report is a draft: it can be previewed at once and is left out of the published site until its
status says ``published``. Of the metadata, the import fills what the text itself states (title
line, date and session line, speaker line); staff complete the rest. Three lists for review go
to candidates.yml: quoted phrases to add to the glossary's ``not_terms`` (or as terms), other
recurring coinages, and targets in the form targets.yml takes. An existing report is never
overwritten unless forced, and then it is moved to content/.backups/ first. The folder is
written completely, or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jieba

from ..checks.glossary import QUOTED as CHECKED_QUOTE
from ..checks.ids import report_id_problem
from ..checks.loader import IMPORT_REPORT_FILE
from ..checks.numbers import chinese_numeral, quantities_zh
from ..checks.targets import UNITS_OF_MEASURE
from ..content.model import Glossary
from ..content.terms import register_words
from .documents import Document, DocumentRefused, decode_text, read_document
from .indicators import indicator_line, known_indicator_labels
from .outline import (
    DATELINE,
    GLOSSARY_APPENDIX,
    SPEAKER,
    ChapterOutline,
    Outline,
    outline_report,
)
from .slugs import IdRegistry, initials, slug

BACKUP_DIR = "content/.backups"
#: A 名词解释 entry: 1.溪谷算力港：指……  or  “溪谷算力港”：是指……
_DEFINITION = re.compile(
    r"^(?:[0-9]{1,3}[.．、]|[（(][0-9一二三四五六七八九十]{1,3}[）)])?[ \t\u3000]*"
    r"[“\"]?(?P<term>[^：:。，,；;“”\"]{2,24})[”\"]?[ \t\u3000]*[：:](?P<definition>.+)$"
)
QUOTED = re.compile(r"“([^“”]{1,12})”")
OPENING_ID = "opening"
OPENING_PREFIX = "open"
_DATE = re.compile(
    r"([0-9]{4}|[〇零一二三四五六七八九]{4})年([0-9]{1,2}|[一二三四五六七八九十]{1,2})月([0-9]{1,2}|[一二三四五六七八九十]{1,3})日"
)
_SESSION = re.compile(r"在(.+?(?:会议|大会))上")
_REVIEW_TITLE = re.compile(r"回顾|过去")


class ImportRefused(Exception):
    """The import would overwrite a report, or the text cannot be read."""


@dataclass(frozen=True)
class TargetCandidate:
    """A figure that may be a target, in the terms targets.yml uses."""

    id: str
    paragraph: str
    what: str
    figure: str
    value: float | None
    unit: str
    comparison: str


@dataclass
class Metadata:
    """What the text's own front matter states."""

    title: str = ""
    date: str = ""
    session: str = ""
    speaker_role: str = ""
    speaker_name: str = ""


@dataclass
class ImportResult:
    report_dir: Path
    encoding: str
    outline: Outline
    metadata: Metadata = field(default_factory=Metadata)
    glossary_candidates: list[tuple[str, int]] = field(default_factory=list)
    not_terms: list[str] = field(default_factory=list)
    target_candidates: list[TargetCandidate] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    backup: Path | None = None
    definitions: list[tuple[str, str, str]] = field(default_factory=list)  # term, meaning, id
    document: Document | None = None


def read_report_text(path: Path) -> tuple[str, str]:
    """The text and the encoding it was read with (UTF-8, or GB18030/GBK)."""
    try:
        return decode_text(path, path.read_bytes())
    except DocumentRefused as refusal:
        raise ImportRefused(str(refusal)) from None


# --- IDs -------------------------------------------------------------------------------------


@dataclass
class PlannedSection:
    id: str
    paragraph_ids: list[str]


@dataclass
class PlannedChapter:
    """The IDs of one chapter: its own, its file's, each section's and each paragraph's."""

    id: str
    file: str
    paragraph_ids: list[str]
    sections: list[PlannedSection]

    def all_paragraph_ids(self) -> list[str]:
        return self.paragraph_ids + [p for s in self.sections for p in s.paragraph_ids]


def plan_ids(outline: Outline) -> tuple[list[str], list[PlannedChapter]]:
    """Opening paragraph IDs and each chapter's IDs: slugs of the headings, unique."""
    ids = IdRegistry()
    prefixes = IdRegistry(frozenset({OPENING_PREFIX}))
    ids.claim(OPENING_ID)
    opening = [f"{OPENING_PREFIX}-{n:02d}" for n in range(1, len(outline.opening) + 1)]
    planned = []
    for number, chapter in enumerate(outline.chapters, start=1):
        chapter_id = ids.claim(slug(chapter.title, f"chapter-{number}"))
        prefix = prefixes.claim(initials(chapter.title, f"c{number}"))
        numbers = iter(range(1, 10_000))

        def paragraph_ids(
            texts: list[str], prefix: str = prefix, numbers: Iterator[int] = numbers
        ) -> list[str]:
            return [f"{prefix}-{next(numbers):02d}" for _ in texts]

        intro = paragraph_ids(chapter.paragraphs)
        sections = [
            PlannedSection(
                ids.claim(slug(s.heading, f"{chapter_id}-{index}")), paragraph_ids(s.paragraphs)
            )
            for index, s in enumerate(chapter.sections, start=1)
        ]
        for pid in intro + [p for s in sections for p in s.paragraph_ids]:
            ids.claim(pid)
        planned.append(
            PlannedChapter(chapter_id, f"chapters/{number:02d}-{chapter_id}.yml", intro, sections)
        )
    return opening, planned


# --- YAML ------------------------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _id(text: str) -> str:
    """An ID as YAML reads it back as text: quoted when it would read as a number or a date."""
    return text if re.fullmatch(r"[a-z][a-z0-9-]*", text) else _q(text)


def _english_missing(indent: str) -> str:
    return f"{indent}en:\n{indent}  status: missing\n"


def _paragraphs_yaml(ids: list[str], texts: list[str], indent: str) -> str:
    if not texts:
        return f"{indent}paragraphs: []\n"
    block = f"{indent}paragraphs:\n"
    for pid, text in zip(ids, texts, strict=True):
        block += f"{indent}  - id: {_id(pid)}\n{indent}    zh: {_q(text)}\n"
        block += _english_missing(indent + "    ")
    return block


def chapter_yaml(chapter: ChapterOutline, plan: PlannedChapter, schema: str) -> str:
    """A chapter file: Chinese filled in, English missing."""
    out = [f"# yaml-language-server: $schema={schema}\n", f"id: {_id(plan.id)}\n"]
    if chapter.label:
        out.append(f"label: {_q(chapter.label)}\n")
    out += [f"title:\n  zh: {_q(chapter.title)}\n", _english_missing("  ")]
    if chapter.paragraphs:
        out.append(_paragraphs_yaml(plan.paragraph_ids, chapter.paragraphs, ""))
    if chapter.sections:
        out.append("sections:\n")
        for section, ids in zip(chapter.sections, plan.sections, strict=True):
            out.append(f"  - id: {_id(ids.id)}\n")
            if section.label:
                out.append(f"    label: {_q(section.label)}\n")
            if section.level != 2:
                out.append(f"    level: {section.level}\n")
            out.append(f"    heading:\n      zh: {_q(section.heading)}\n")
            out.append(_english_missing("      "))
            out.append(_paragraphs_yaml(ids.paragraph_ids, section.paragraphs, "    "))
    return "".join(out)


def _text_yaml(key: str, zh: str, indent: str = "") -> str:
    return f"{indent}{key}:\n{indent}  zh: {_q(zh)}\n" + _english_missing(indent + "  ")


def report_yaml(
    report_id: str,
    year: int,
    source: str,
    files: list[str],
    skip_lines: int = 0,
    metadata: Metadata | None = None,
    opening: tuple[list[str], list[str]] = ([], []),
) -> str:
    """report.yml of a draft: what the text states filled in, the rest listed for staff."""
    meta = metadata or Metadata()
    out = [
        "# yaml-language-server: $schema=../../schema/report.schema.json\n",
        "#\n",
        f"# Imported from {source} by `python scripts/site.py import`. A draft: `mkdocs serve`\n",
        "# shows it with a draft banner; the published site leaves it out. Before publishing,\n",
        "# fill in what is missing (python scripts/site.py check lists it), draft the\n",
        "# English (python scripts/site.py translate), review candidates.yml, then set\n",
        "# status: published.\n",
        f'id: "{report_id}"\n',
        f"year: {year}\n",
        "status: draft\n",
    ]
    if meta.title:
        out.append(_text_yaml("title", meta.title))
    if meta.date:
        out.append(f"date: {meta.date}  # the day the report was delivered\n")
    if meta.speaker_name and meta.speaker_role:
        out.append("speaker:\n")
        out.append(_text_yaml("name", meta.speaker_name, "  "))
        out.append(_text_yaml("role", meta.speaker_role, "  "))
    if meta.session:
        out.append(_text_yaml("session", meta.session))
    out.append("source_text: source.txt\n")
    if skip_lines:
        out.append(
            f"source_skip_lines: {skip_lines}  # title, date and speaker lines before the opening\n"
        )
    ids, texts = opening
    if texts:
        out.append(f"opening:\n  id: {OPENING_ID}\n")
        out.append(_paragraphs_yaml(ids, texts, "  "))
    out.append("chapters:\n")
    out += [f"  - {name}\n" for name in files]
    return "".join(out)


# --- what the text states ---------------------------------------------------------------------


def front_matter(lines: list[str]) -> Metadata:
    """Title, date, session and speaker from the lines before the opening. A title set on two
    lines is one title; a date line that wraps (——2026年1月9日在……大会 / 第四次会议上) is
    read whole; a spaced name (张　勇) is written without its spaces."""
    meta = Metadata()
    title: list[str] = []
    dateline = ""
    for line in lines:
        speaker = SPEAKER.match(line)
        if speaker and not meta.speaker_name:
            meta.speaker_role = speaker.group("role")
            meta.speaker_name = re.sub(r"[ \t\u3000\u2003]", "", speaker.group("name"))
            continue
        if dateline and not _SESSION.search(dateline):
            dateline += line  # the date line goes on
            continue
        if DATELINE.search(line) or _DATE.search(line):
            dateline = dateline or line
            continue
        if not dateline and not meta.speaker_name:
            title.append(line)
    meta.title = "".join(title)
    if dateline:
        meta.date = _iso_date(dateline)
        session = _SESSION.search(dateline)
        meta.session = session.group(1) if session else ""
    return meta


def _iso_date(line: str) -> str:
    found = _DATE.search(line)
    if not found:
        return ""
    parts = [_number(group) for group in found.groups()]
    try:
        return dt.date(*parts).isoformat()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_numeral(text)


# --- candidates -------------------------------------------------------------------------------


def _known_phrases(glossary: Glossary | None) -> set[str]:
    known: set[str] = set()
    if glossary is not None:
        register_words(glossary.terms)
        known.update(glossary.not_terms)
        for term in glossary.terms:
            known.update(form.strip("“”") for form in term.zh_forms)
            known.update(CHECKED_QUOTE.findall("".join(term.zh_forms)))
    return known


def all_texts(outline: Outline) -> list[str]:
    return [*outline.opening, *(p for c in outline.chapters for p in c.zh_pieces())]


def not_terms(outline: Outline, glossary: Glossary | None) -> list[str]:
    """Quoted phrases that the build would warn about: neither a term nor a not_term."""
    known = _known_phrases(glossary)
    found = dict.fromkeys(q for text in all_texts(outline) for q in CHECKED_QUOTE.findall(text))
    return [phrase for phrase in found if phrase not in known]


def glossary_candidates(outline: Outline, glossary: Glossary | None) -> list[tuple[str, int]]:
    """Quoted phrases and recurring unknown words that the glossary does not cover yet."""
    known = _known_phrases(glossary)
    texts = all_texts(outline)
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


def defined_terms(outline: Outline, plans: list[PlannedChapter]) -> list[tuple[str, str, str]]:
    """(term, definition, paragraph ID) of each entry of a 名词解释 appendix."""
    found = []
    for chapter, plan in zip(outline.chapters, plans, strict=True):
        if not (chapter.appendix and GLOSSARY_APPENDIX.search(chapter.label + chapter.title)):
            continue
        texts = chapter.paragraphs + [p for s in chapter.sections for p in s.paragraphs]
        for pid, text in zip(plan.all_paragraph_ids(), texts, strict=True):
            entry = _DEFINITION.match(text)
            if entry:
                term = entry.group("term").strip(" \t\u3000")
                found.append((term, entry.group("definition").strip(" \t\u3000"), pid))
    return found


def target_candidates(outline: Outline, plans: list[PlannedChapter]) -> list[TargetCandidate]:
    """Figures stated as plans (chapters reviewing past work are skipped), each with the
    paragraph, what it measures, its value, unit and comparison."""
    found: list[TargetCandidate] = []
    ids = IdRegistry(frozenset())
    for chapter, plan in zip(outline.chapters, plans, strict=True):
        if _REVIEW_TITLE.search(chapter.title) or chapter.appendix:
            continue
        texts = chapter.paragraphs + [p for s in chapter.sections for p in s.paragraphs]
        for pid, text in zip(plan.all_paragraph_ids(), texts, strict=True):
            for quantity in quantities_zh(text):
                candidate = _target(quantity, text, pid, ids)
                if candidate is not None:
                    found.append(candidate)
    return found


def _target(quantity: object, text: str, pid: str, ids: IdRegistry) -> TargetCandidate | None:
    from ..checks.numbers import Quantity

    assert isinstance(quantity, Quantity)
    if quantity.unit in ("year", "month", "day", "ordinal", "times"):
        return None
    clause_start = max(text.rfind(mark, 0, quantity.start) for mark in "，,；;。：:、") + 1
    what = text[clause_start : quantity.start].strip()
    if not what:
        return None
    cumulative = "累计" in text[clause_start : quantity.start]
    if quantity.unit == "flat":
        comparison = "flat"
    elif cumulative:
        comparison = "cumulative"
    else:
        comparison = {"about": "about", "at-least": "at-least", "at-most": "at-most"}.get(
            quantity.qualifier or "", "exactly"
        )
    if quantity.unit in ("percent", "percentage-points"):
        unit = "percent"
    else:
        unit = UNITS_OF_MEASURE.get(quantity.measure, ("none",))[0]  # the check's first choice
    value = None if quantity.unit == "flat" else float(quantity.value)
    return TargetCandidate(
        ids.claim(slug(what, pid)), pid, what, quantity.text, value, unit, comparison
    )


def candidates_yaml(result: ImportResult) -> str:
    lines = [
        "# Found by the import, for staff to review; the site does not read this file.\n",
        "# not_terms: phrases the text puts in quotes that content/glossary.yml does not cover;\n",
        "#   the strict build warns about each. Paste those that need no explanation under\n",
        "#   not_terms in content/glossary.yml, and add the others as terms.\n",
        "# glossary: phrases the text quotes or repeats that the glossary does not cover;\n",
        "#   those with a definition are the report's own 名词解释 (its appendix): add them\n",
        "#   as terms with that definition.\n",
        "# targets: figures stated in the plan, in the form targets.yml takes; keep the real\n",
        "#   targets, reuse last year's ID for the same measure, and paste them into\n",
        "#   targets.yml (the 'what' may need trimming to what is measured).\n",
        "not_terms:\n",
    ]
    lines += [f"  - {_q(p)}\n" for p in result.not_terms]
    lines.append("glossary:\n")
    counts = dict(result.glossary_candidates)
    texts = all_texts(result.outline)
    for term, meaning, pid in result.definitions:
        uses = sum(text.count(term) for text in texts) - 1  # not the definition itself
        lines.append(
            f"  - {{phrase: {_q(term)}, count: {max(uses, 0)}, definition: {_q(meaning)}, "
            f"paragraph: {_id(pid)}}}\n"
        )
    defined = {term for term, _, _ in result.definitions}
    lines += [
        f"  - {{phrase: {_q(p)}, count: {c}}}\n" for p, c in counts.items() if p not in defined
    ]
    lines.append("targets:\n")
    known = known_indicator_labels(result.report_dir.parents[2])
    for t in result.target_candidates:
        value = "null" if t.value is None else (f"{t.value:g}")
        lines += [
            f"  - id: {t.id}\n",
            f"    paragraph: {t.paragraph}\n",
            f"    what:\n      zh: {_q(t.what)}\n      en:\n        status: missing\n",
            f"    figure:\n      zh: {_q(t.figure)}\n      en:\n        status: missing\n",
            f"    value: {value}\n",
            f"    unit: {t.unit}\n",
            f"    comparison: {t.comparison}\n",
            indicator_line(t.what, known),
        ]
    return "".join(lines)


# --- the import -------------------------------------------------------------------------------


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
    bad_id = report_id_problem(report_id, root)
    if bad_id is not None:
        raise ImportRefused(f"--id: {bad_id}")
    try:
        document = read_document(source)
    except DocumentRefused as refusal:
        raise ImportRefused(str(refusal)) from None
    text = document.text
    outline = outline_report(text)
    if not outline.chapters:
        raise ImportRefused(f"{source}: no chapter found (no heading line)")
    target = root / "content" / "reports" / report_id
    result = ImportResult(target, document.encoding or document.kind, outline, document=document)
    if target.exists() and not force:
        raise ImportRefused(
            f"{target.relative_to(root)} exists; use --force to replace it (it is backed up)"
        )
    result.metadata = front_matter([line for _, line in outline.front])
    opening_ids, plans = plan_ids(outline)
    result.files = [plan.file for plan in plans]
    result.glossary_candidates = glossary_candidates(outline, glossary)
    result.not_terms = not_terms(outline, glossary)
    result.target_candidates = target_candidates(outline, plans)
    result.definitions = defined_terms(outline, plans)
    with tempfile.TemporaryDirectory(dir=target.parent.parent) as scratch:
        staged = Path(scratch) / report_id
        _write_folder(staged, text, report_id, year, source.name, result, opening_ids, plans)
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
    text: str,
    report_id: str,
    year: int,
    source_name: str,
    result: ImportResult,
    opening_ids: list[str],
    plans: list[PlannedChapter],
) -> None:
    outline = result.outline
    chapters_dir = folder / "chapters"
    chapters_dir.mkdir(parents=True)
    normal = "\n".join(text.splitlines()) + "\n"
    (folder / "source.txt").write_text(normal, encoding="utf-8")
    for chapter, plan in zip(outline.chapters, plans, strict=True):
        content = chapter_yaml(chapter, plan, "../../../schema/chapter.schema.json")
        (folder / plan.file).write_text(content, encoding="utf-8")
    (folder / "report.yml").write_text(
        report_yaml(
            report_id,
            year,
            source_name,
            result.files,
            outline.skip_lines,
            result.metadata,
            (opening_ids, outline.opening),
        ),
        encoding="utf-8",
    )
    (folder / "candidates.yml").write_text(candidates_yaml(result), encoding="utf-8")
    (folder / IMPORT_REPORT_FILE).write_text(
        "\n".join(import_report_lines(result, source_name)) + "\n", encoding="utf-8"
    )


def import_report_lines(result: ImportResult, source_name: str) -> list[str]:
    """Every line of the input that is not in the report's text, and why: the import's report
    for staff to check (also written as import-report.txt beside report.yml)."""
    document = result.document
    kind = document.kind if document is not None else result.encoding
    lines = [f"{source_name}: read as {kind}"]
    for line, text in result.outline.front:
        lines.append(
            f"{source_name}: source.txt line {line}: kept in report.yml (front matter): {text}"
        )
    for dropped in document.dropped if document is not None else []:
        verb = "" if dropped.why.startswith("kept") else "dropped "
        lines.append(f"{source_name}: {dropped.where}: {verb}({dropped.why}): {dropped.text}")
    return lines
