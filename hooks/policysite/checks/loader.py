"""Load every content file, validate it, build the model and run every check on it, collecting
all problems at once (the model is built by ``content.build``; the checks are this package's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..content.build import (
    ParagraphCounter,
    build_chapter,
    build_glossary,
    build_indicators,
    build_phrasebook,
    build_publisher,
    build_report,
    build_targets,
    build_topics,
)
from ..content.crash import note_processing
from ..content.model import (
    Chapter,
    Glossary,
    Indicator,
    Phrasebook,
    Publisher,
    Report,
    Site,
    Synonyms,
    Target,
    Topic,
)
from ..content.problems import ContentError, Problem, Severity
from ..content.schema import validate
from ..content.terms import TermScan
from ..content.yamlio import (
    OUTSIDE,
    KeptParses,
    LoadedYaml,
    is_inside,
    load_yaml_file,
    read_content_text,
)
from . import inventory, links
from .coverage import check_staleness
from .fidelity import check_fidelity
from .figures import check_figures
from .glossary import check_glossary
from .ids import check_ids, reserved_report_id
from .labels import check_label_wording
from .outcomes import INDICATORS_FILE, check_outcomes
from .phrases import check_phrases
from .prose import check_prose
from .punctuation import check_punctuation
from .style import check_style, interface_texts
from .synonyms import SYNONYMS_FILE, build_synonyms, check_synonyms
from .targets import check_target_values, check_targets
from .topics import TOPICS_FILE, check_topics

CONTENT_DIR = "content"
SCHEMA_DIR = "content/schema"
REPORTS_DIR = "content/reports"
TARGETS_FILE = "targets.yml"  # optional, next to report.yml
GLOSSARY_FILE = "content/glossary.yml"  # optional, shared by all reports
PHRASEBOOK_FILE = "content/phrasebook.yml"  # optional, beside the glossary
SITE_FILE = "content/site.yml"  # optional: the publisher, terms and protected names
HOSTS_FILE = links.HOSTS_FILE  # optional: without it, every outside link draws a warning
DRAFTS_ENV = "SITE_PUBLISH_DRAFTS"
DRAFTS_HINT = "or publish_drafts: true under extra: in mkdocs.yml"
CANDIDATES_FILE = "candidates.yml"  # left by import for review; never read
IMPORT_REPORT_FILE = "import-report.txt"  # what import dropped from its input; never read


@dataclass(frozen=True)
class LoadResult:
    site: Site
    warnings: tuple[Problem, ...]
    terms: TermScan | None = None  # the glossary's terms found in each text, for the pages


def load_site(root: Path, drafts: bool = True, kept: KeptParses | None = None) -> LoadResult:
    """Load ``root/content``. Raises ContentError listing every error; returns warnings.

    With ``drafts=False`` (the published site), reports whose status is ``draft`` are left
    out: not loaded, not checked, not built. With ``kept`` (the preview), files whose text is
    unchanged since it last loaded them are not parsed again."""
    root = Path(root)
    problems: list[Problem] = []
    reports: list[Report] = []
    report_files = sorted((root / REPORTS_DIR).glob("*/report.yml"))
    unreadable: set[Path] = set()  # folders of reports not read: their files are not judged
    for folder in _folders_without_report(root):
        unreadable.add(folder)
        misnamed = inventory.misnamed_as(folder / "report.yml")
        problems.append(_missing(folder / "report.yml", root, _REPORT_FILE_ROLE, misnamed))
    if not report_files and not unreadable:
        problems.append(
            Problem(f"{REPORTS_DIR}/", 0, "", "no report found (expected */report.yml)")
        )
    glossary_path = root / GLOSSARY_FILE
    phrasebook_path = root / PHRASEBOOK_FILE
    indicators_path = root / INDICATORS_FILE
    topics_path = root / TOPICS_FILE
    known = {
        glossary_path,
        phrasebook_path,
        topics_path,
        indicators_path,
        root / HOSTS_FILE,
        root / SITE_FILE,
        root / SYNONYMS_FILE,
        *(root / SCHEMA_DIR).glob("*.schema.json"),
    }
    meaning: list[Problem] = []  # values that contradict each other: the model is still sound
    if not drafts:
        unreadable.update(f.parent for f in report_files if _is_draft(f, root))
        report_files = [f for f in report_files if not _is_draft(f, root)]
        if not report_files:
            problems.append(
                Problem(
                    f"{REPORTS_DIR}/",
                    0,
                    "",
                    "no published report (drafts are left out of the published site; "
                    f"set SITE_PUBLISH_DRAFTS=1 to build them: {DRAFTS_HINT})",
                )
            )
    for report_file in report_files:
        report, report_problems = _load_report(report_file, root, known, meaning, kept)
        problems += report_problems
        if report is not None:
            reports.append(report)
        if report_file not in known:
            unreadable.add(report_file.parent)
    problems += inventory.stray_files(root, known, unreadable)
    glossary = None
    terms = None
    if glossary_path.is_file():
        glossary_doc, glossary_problems = _load_valid(
            glossary_path, root, "glossary.schema.json", kept
        )
        problems += glossary_problems
        if glossary_doc is not None:
            glossary = build_glossary(glossary_doc)
    elif inventory.misnamed_as(glossary_path) is None:  # else its line says to rename it
        problems.append(_missing(glossary_path, root, _GLOSSARY_ROLE))
    phrasebook: Phrasebook | None = None
    if phrasebook_path.is_file():
        phrasebook_doc, phrasebook_problems = _load_valid(
            phrasebook_path, root, "phrasebook.schema.json", kept
        )
        problems += phrasebook_problems
        if phrasebook_doc is not None:
            phrasebook = build_phrasebook(phrasebook_doc)

    topics: tuple[Topic, ...] = ()
    if topics_path.is_file():
        topics_doc, topics_problems = _load_valid(topics_path, root, "topics.schema.json", kept)
        problems += topics_problems
        if topics_doc is not None:
            topics = build_topics(topics_doc)

    indicators: tuple[Indicator, ...] = ()
    if indicators_path.is_file():
        indicators_doc, indicator_problems = _load_valid(
            indicators_path, root, "indicators.schema.json", kept
        )
        problems += indicator_problems
        if indicators_doc is not None:
            indicators = build_indicators(indicators_doc)

    publisher = None
    if (root / SITE_FILE).is_file():
        site_doc, site_problems = _load_valid(root / SITE_FILE, root, "site.schema.json", kept)
        problems += site_problems
        if site_doc is not None:
            publisher = build_publisher(site_doc)
    trusted = links.TrustedHosts(HOSTS_FILE, ())
    if (root / HOSTS_FILE).is_symlink() and not (root / HOSTS_FILE).exists():
        problems.append(_missing(root / HOSTS_FILE, root, ""))
    if (root / HOSTS_FILE).is_file():
        hosts_doc, hosts_problems = _load_valid(
            root / HOSTS_FILE, root, "trusted-hosts.schema.json", kept
        )
        problems += hosts_problems
        if hosts_doc is not None:
            trusted = _build_trusted_hosts(hosts_doc)
    synonyms: Synonyms | None = None
    if (root / SYNONYMS_FILE).is_file():
        synonyms_doc, synonym_problems = _load_valid(
            root / SYNONYMS_FILE, root, "synonyms.schema.json", kept
        )
        problems += synonym_problems
        if synonyms_doc is not None:
            problems += check_synonyms(synonyms_doc)
            synonyms = build_synonyms(synonyms_doc)
    if not any(p.severity is Severity.ERROR for p in problems):
        problems += check_reports(reports, root)
        problems += check_outcomes(reports, indicators)
        if glossary is not None:
            terms = TermScan(glossary)  # one scan of each text for every check and page
            problems += check_glossary(glossary, reports, terms)
            strings = interface_texts()
            problems += check_style(glossary, reports, strings, terms)
            problems += check_prose(glossary, phrasebook, reports, strings, terms)
            if phrasebook is not None:
                problems += check_phrases(phrasebook, reports, strings, terms)
            terms.keep()  # for the next build: it need not load jieba
        for report in reports:
            problems += check_label_wording(report)
        problems += check_punctuation(reports, glossary, publisher)
        problems += links.check_links(
            _published_links(reports, glossary, publisher) + _outcome_links(reports, indicators),
            trusted,
        )
        if not any(p.severity is Severity.ERROR for p in problems):  # IDs are unique: look up
            problems += check_topics(topics, reports)
    problems += meaning
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(problems)
    note_processing(None)  # loaded: a later error is not about the last file read
    reports.sort(key=lambda r: (r.year, r.date or ""), reverse=True)
    site = Site(
        reports=tuple(reports),
        glossary=glossary,
        topics=topics,
        indicators=indicators,
        publisher=publisher,
        synonyms=synonyms,
    )
    warnings = tuple(p for p in problems if p not in errors)
    return LoadResult(site=site, warnings=warnings, terms=terms)


def check_reports(reports: Iterable[Report], root: Path | None = None) -> list[Problem]:
    """Every check of each report beyond the schema, in the order the problems are listed."""
    problems: list[Problem] = []
    seen_reports: dict[str, str] = {}
    for report in reports:
        if report.id in seen_reports:
            problems.append(
                Problem(
                    report.file,
                    1,
                    "id",
                    f"duplicate report ID '{report.id}' (also used by {seen_reports[report.id]})",
                )
            )
        seen_reports[report.id] = report.file
        problems += check_ids(report, root)
        problems += _report_checks(report)
    return problems


@lru_cache(maxsize=256)
def _report_checks(report: Report) -> tuple[Problem, ...]:
    """The checks that read nothing but the report itself, kept for an equal report (under
    `mkdocs serve`, the reports a save did not change are not checked again; a report is
    equal only with the same texts at the same lines)."""
    return (*check_targets(report), *check_staleness(report), *check_figures(report))


def _published_links(
    reports: list[Report], glossary: Glossary | None, publisher: Publisher | None = None
) -> list[links.PublishedLink]:
    """Every outside address the site shows as a link, with where it is written."""
    found = [
        links.PublishedLink(report.source.url, report.file, report.source.url_line, "source.url")
        for report in reports
        if report.source is not None
    ]
    if publisher is not None and publisher.license_url:
        found.append(
            links.PublishedLink(
                publisher.license_url, publisher.file, publisher.license_url_line, "license.url"
            )
        )
    if glossary is None:
        return found
    for term in glossary.terms:
        for j, source in enumerate(term.sources):
            if source.url is not None:
                key_path = f"{term.origin.key_path}.sources[{j}].url"
                found.append(
                    links.PublishedLink(source.url, glossary.file, source.url_line, key_path)
                )
    return found


def _outcome_links(
    reports: list[Report], indicators: tuple[Indicator, ...]
) -> list[links.PublishedLink]:
    """The original addresses of the outcomes' sources, which the site links."""
    outcomes = [t.outcome for r in reports for t in r.targets if t.outcome is not None]
    outcomes += [o for indicator in indicators for o in indicator.earlier]
    return [
        links.PublishedLink(
            o.source.url, o.origin.file, o.source.url_line, f"{o.origin.key_path}.source.url"
        )
        for o in outcomes
        if o.source.url is not None
    ]


def _build_trusted_hosts(doc: LoadedYaml) -> links.TrustedHosts:
    return links.TrustedHosts(
        doc.file,
        tuple(links.TrustedHost(h["host"], h["publisher"], h["reason"]) for h in doc.data["hosts"]),
    )


_GLOSSARY_ROLE = (
    "the site needs its glossary (the tooltips, the glossary page and the term checks come from it)"
)
_REPORT_FILE_ROLE = (
    "this report folder holds content but no report.yml (the report's title, date and list "
    "of chapters), so none of it is read"
)


def _missing(path: Path, root: Path, role: str, misnamed: str | None = None) -> Problem:
    """A required file that is not there, or a link to nothing in its place."""
    file = path.absolute().relative_to(root.absolute()).as_posix()
    if path.is_symlink():
        return Problem(file, 1, "", "is a link to nothing (its target is missing): put the "
                       "file itself here")  # fmt: skip
    if misnamed:
        advice = f"if '{misnamed}' is it, rename it to '{path.name}'"
    else:
        advice = "restore the file (from a backup or the repository's history)"
    return Problem(file, 1, "", f"missing: {role}; {advice}")


def _folders_without_report(root: Path) -> list[Path]:
    """Folders under content/reports/ that hold files but no report.yml."""
    reports = root / REPORTS_DIR
    if not reports.is_dir():
        return []
    return [
        folder
        for folder in sorted(reports.iterdir())
        if folder.is_dir()
        and not folder.name.startswith(".")
        and not (folder / "report.yml").exists()
        and not (folder / "report.yml").is_symlink()
        and any(path.is_file() for path in folder.rglob("*"))
    ]


def _is_draft(path: Path, root: Path) -> bool:
    """Whether report.yml says ``status: draft`` (a file that cannot be read is not a draft:
    its problems are reported)."""
    loaded = load_yaml_file(path, root)
    return (
        not isinstance(loaded, Problem)
        and isinstance(loaded.data, dict)
        and loaded.data.get("status") == "draft"
    )


def publish_drafts(command: str | None, setting: object, environ: Mapping[str, str]) -> bool:
    """Whether a build includes draft reports: always under `mkdocs serve` (a preview), and
    in `mkdocs build` when ``extra.publish_drafts`` in mkdocs.yml or SITE_PUBLISH_DRAFTS says so."""
    if command == "serve":
        return True
    from_env = environ.get(DRAFTS_ENV, "").strip().lower()
    if from_env:
        return from_env in ("1", "true", "yes", "on")
    return setting is True or str(setting).lower() in ("1", "true", "yes", "on")


def content_yaml_files(root: Path) -> list[Path]:
    """The YAML files the content model reads (what staff tools may edit): the glossary, and
    each report's report.yml, targets.yml and listed chapters. Never import's backups."""
    root = Path(root)
    files = [root / GLOSSARY_FILE] if (root / GLOSSARY_FILE).is_file() else []
    if (root / INDICATORS_FILE).is_file():
        files.append(root / INDICATORS_FILE)
    for report_file in sorted((root / REPORTS_DIR).glob("*/report.yml")):
        files.append(report_file)
        loaded = load_yaml_file(report_file, root)
        names = None
        if isinstance(loaded, LoadedYaml) and isinstance(loaded.data, dict):
            names = loaded.data.get("chapters")
        for name in names if isinstance(names, list) else []:
            chapter = report_file.parent / str(name)
            if chapter.is_file() and chapter not in files:
                files.append(chapter)
        if (report_file.parent / TARGETS_FILE).is_file():
            files.append(report_file.parent / TARGETS_FILE)
    return files


def _load_valid(
    path: Path, root: Path, schema: str, kept: KeptParses | None = None
) -> tuple[LoadedYaml | None, list[Problem]]:
    loaded = load_yaml_file(path, root, kept)
    if isinstance(loaded, Problem):
        return None, [loaded]
    found = loaded.text_problems + validate(loaded, schema, root / SCHEMA_DIR)
    return (None if _has_error(found) else loaded), found


def _has_error(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def _load_report(
    path: Path, root: Path, known: set[Path], meaning: list[Problem], kept: KeptParses | None
) -> tuple[Report | None, list[Problem]]:
    """Load one report; adds every file it reads (or would read) to ``known``, and problems
    that leave the model sound (a target value contradicting its figure) to ``meaning``."""
    loaded = load_yaml_file(path, root, kept)
    if isinstance(loaded, Problem):
        return None, [loaded]
    problems = loaded.text_problems + validate(loaded, "report.schema.json", root / SCHEMA_DIR)
    doc, data = loaded, loaded.data if isinstance(loaded.data, dict) else {}
    if isinstance(data.get("chapters"), list):  # else which files belong is unknown
        beside = (path.name, TARGETS_FILE, CANDIDATES_FILE, IMPORT_REPORT_FILE)
        known.update(path.parent / name for name in beside)
    reserved = reserved_report_id(str(data.get("id")), root)
    if reserved is not None:
        problems.append(doc.problem(("id",), reserved))
    chapters: list[Chapter] = []
    counter = ParagraphCounter()
    listed: dict[Path, int] = {}
    # Chapters are checked even when report.yml has problems, so every problem shows at once.
    names = data.get("chapters")
    for index, name in enumerate(names if isinstance(names, list) else []):
        if not isinstance(name, str):
            continue
        chapter_path = path.parent / name
        known.add(chapter_path)
        where = chapter_path.resolve()
        if where in listed:
            problems.append(
                doc.problem(
                    ("chapters", index),
                    f"'{name}' is listed twice (first at line {listed[where]}); remove one",
                )
            )
            continue
        listed[where] = doc.line_of(("chapters", index))
        if not is_inside(chapter_path, root):
            problems.append(doc.problem(("chapters", index), f"'{name}' {OUTSIDE}"))
            continue
        if not chapter_path.is_file():
            problems.append(doc.problem(("chapters", index), f"no such chapter file '{name}'"))
            continue
        chapter_doc, chapter_problems = _load_valid(chapter_path, root, "chapter.schema.json", kept)
        problems += chapter_problems
        if chapter_doc is not None:
            chapters.append(build_chapter(chapter_doc, index + 1, counter))
    targets: tuple[Target, ...] = ()
    targets_path = path.parent / TARGETS_FILE
    if targets_path.is_file():
        targets_doc, target_problems = _load_valid(targets_path, root, "targets.schema.json", kept)
        problems += target_problems
        if targets_doc is not None:
            targets = build_targets(targets_doc)
            meaning += check_target_values(targets_doc)
    source_name = data.get("source_text")
    source_text: str | Problem = ""
    if isinstance(source_name, str):
        known.add(path.parent / source_name)
        if not is_inside(path.parent / source_name, root):
            problems.append(doc.problem(("source_text",), f"'{source_name}' {OUTSIDE}"))
        elif not (path.parent / source_name).is_file():
            problems.append(doc.problem(("source_text",), f"no such file '{source_name}'"))
        else:
            source_text = read_content_text(path.parent / source_name, root)
            if isinstance(source_text, Problem):
                problems.append(source_text)
    if _has_error(problems) or isinstance(source_text, Problem):
        return None, problems
    source_path = path.parent / data["source_text"]
    report = build_report(doc, chapters, targets)
    problems += check_fidelity(report, doc, source_text, source_path.name)
    return report, problems


def content_epoch(site: Site) -> int:
    """Seconds since 1970 at midnight UTC of the latest report's date: a build time that
    depends on the content only."""
    dates = [dt.date.fromisoformat(report.date) for report in site.reports if report.date]
    if not dates:  # only undated drafts
        return 0
    latest = max(dates)
    return int(
        dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc).timestamp()
    )
