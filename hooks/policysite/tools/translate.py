"""Fill missing or stale English with machine drafts, one text at a time, resumably.

A text is drafted when its English is ``missing`` or is a ``machine`` draft whose Chinese has
changed since (its ``zh_hash`` no longer matches). ``edited`` and ``approved`` English is never
touched; when stale it is listed as needing a human. Each draft is written at once (atomically,
comments and formatting kept), so an interruption loses at most the text in flight and a rerun
continues with what is left.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..checks.loader import content_yaml_files
from ..checks.style import american_spelling
from ..content.crash import note_processing
from ..content.problems import Problem
from ..content.terms import TermMatcher
from ..content.textutil import hash_scalar, zh_hash
from ..content.yamlio import (
    KeyPath,
    dump_round_trip,
    format_key_path,
    parse_round_trip,
    parse_yaml_text,
    read_content_text,
    relative_name,
    write_text_atomic,
)
from .masking import PlaceholderError, mask, unmask
from .providers import (
    ProviderError,
    ServiceSilent,
    ServiceUnreachable,
    TranslationFailed,
    Translator,
)

SENTENCE_END = re.compile(r"(?<=[。！？!?])")
HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_FAILURES_IN_A_ROW = 3
HUMAN_KEYS = ("edited_by", "approved_by", "approved_on")
BACKUP_FOLDER = ".backups"


class TextTooLong(ValueError):
    """A sentence is longer than the provider accepts in one request."""


class NotATranslation(ValueError):
    """The service's reply is not an English translation of what was sent."""


# Notices services send instead of a translation (quotas, limits, errors, web pages).
SERVICE_NOTICE = re.compile(
    r"MYMEMORY WARNING|FREE TRANSLATIONS|QUERY LENGTH LIMIT|DISTINCT LANGUAGES|NO QUERY SPECIFIED"
    r"|INVALID (?:SOURCE|TARGET) LANGUAGE|\bquota\b|rate.?limit|too many requests|limit (?:was )?"
    r"(?:exceeded|reached)|exceeded (?:the|your)|daily limit|try again later|upgrade your plan"
    r"|\bapi.?key\b|unauthori[sz]ed|access denied|service (?:is )?(?:temporarily )?unavailable"
    r"|internal server error|\berror (?:code|\d{3})|<(?:!doctype|html|body)\b",
    re.IGNORECASE,
)
LATIN_LETTER = re.compile(r"[A-Za-z]")
MIN_LETTERS_PER_CHARACTER = 0.5  # English runs to 2-3 letters per Chinese character


def reply_problem(chinese: str, reply: str) -> str | None:
    """Why ``reply`` cannot be the English of ``chinese`` (empty, a service notice, the Chinese
    sent back, far too short), or None."""
    shown = " ".join(reply.split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    if not shown:
        return "the reply is empty"
    if SERVICE_NOTICE.search(reply):
        return f"the reply is a notice from the service, not a translation (“{shown}”)"
    characters = len(HAN.findall(chinese))
    letters = len(LATIN_LETTER.findall(reply))
    upper = sum(1 for c in reply if "A" <= c <= "Z")
    if letters >= 20 and upper > 0.8 * letters:
        return f"the reply is in capitals, like a notice from the service (“{shown}”)"
    if characters and len(HAN.findall(reply)) * 2 >= characters:
        return f"the reply is still Chinese: the service sent the text back (“{shown}”)"
    if characters >= 8 and letters < characters * MIN_LETTERS_PER_CHARACTER:
        return (
            f"the reply is far shorter than the Chinese ({letters} letters for {characters} "
            f"characters; a translation has more): “{shown}”"
        )
    return None


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...


def content_files(root: Path) -> list[Path]:
    """Every content YAML file the site reads: reports, their listed chapters and targets, and
    the glossary (never import's backups in content/.backups/, never stray files)."""
    return content_yaml_files(root)


# --- planning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One English field to draft."""

    key_path: KeyPath  # of the text node (the mapping with zh and en)
    line: int  # of its `en:` key, as the file was when planned
    reason: str  # "missing" or "stale machine draft"
    node: Any = field(compare=False, repr=False)


@dataclass
class FilePlan:
    path: Path
    name: str  # repository-relative, for messages
    document: Any
    text: str  # the file as read, to notice edits made during the run
    jobs: list[Job] = field(default_factory=list)


@dataclass
class Plan:
    files: list[FilePlan]
    needs_human: list[str]
    problems: list[Problem] = field(default_factory=list)  # files that cannot be read safely

    @property
    def jobs(self) -> int:
        return sum(len(f.jobs) for f in self.files)

    def dry_run_lines(self) -> list[str]:
        """What a run would change, one `file:line: key: ...` line per text."""
        return [
            f"{f.name}:{job.line}: {format_key_path((*job.key_path, 'en'))}: "
            f"would fill ({job.reason})"
            for f in self.files
            for job in f.jobs
        ]


def plan_translation(paths: Sequence[Path], root: Path) -> Plan:
    """Find the texts to draft in ``paths``, and the stale human English to report."""
    files, needs_human, problems = [], [], []
    for path in paths:
        note_processing(relative_name(path, root))
        text = readable_text(path, root)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        plan = FilePlan(path, relative_name(path, root), parse_round_trip(text), text)
        for key_path, node in _text_nodes(plan.document):
            line = node.lc.key("en")[0] + 1
            reason = _reason(node)
            where = f"{plan.name}:{line}: {format_key_path((*key_path, 'en'))}"
            if reason == "needs human":
                status = node["en"]["status"]
                needs_human.append(
                    f"{where}: {status} English is stale (the Chinese changed); revise it by "
                    f"hand, then run 'python scripts/site.py stamp --line "
                    f"{node.lc.key('zh')[0] + 1} {plan.name}'"
                )
            elif reason:
                plan.jobs.append(Job(key_path, line, reason, node))
        files.append(plan)
    return Plan(files, needs_human, problems)


def readable_text(path: Path, root: Path) -> str | Problem:
    """A content file's text, if the round-trip editor may load it: inside the repository,
    not a backup, UTF-8, no control characters, valid YAML without aliased blocks (the same
    rules and messages as the build)."""
    name = relative_name(path, root)
    if BACKUP_FOLDER in Path(name).parts:
        return Problem(name, 0, "", "is a backup kept by import: the tools never change backups")
    text = read_content_text(path, root)
    if isinstance(text, Problem):
        return text
    parsed = parse_yaml_text(text, name)
    return parsed if isinstance(parsed, Problem) else text


def _text_nodes(node: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(node, CommentedMap):
        if isinstance(node.get("zh"), str) and isinstance(node.get("en"), CommentedMap):
            yield path, node
        for key, value in node.items():
            yield from _text_nodes(value, (*path, str(key)))
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            yield from _text_nodes(item, (*path, index))


def _reason(node: Any) -> str | None:
    english = node["en"]
    status = english.get("status")
    recorded = english.get("zh_hash")
    stale = recorded != zh_hash(node["zh"])
    if status == "missing":
        return "missing"
    if status == "machine" and (stale or not str(english.get("text") or "").strip()):
        return "stale machine draft"
    if status == "machine" and reply_problem(str(node["zh"]), str(english.get("text"))):
        return "machine draft that is not a translation"
    if status in ("edited", "approved") and recorded is not None and stale:
        return "needs human"
    return None


# --- drafting --------------------------------------------------------------------------------


class Drafter:
    """Chinese in, English draft out: terms and figures masked, long texts split, British
    spellings written the American way (the house style's rule and word list, less the
    spellings the glossary keeps): a machine draft never fails the strict build for them."""

    def __init__(self, translator: Translator, matcher: TermMatcher | None, limit: int) -> None:
        self.translator = translator
        self.matcher = matcher
        self.limit = limit

    def draft(self, chinese: str) -> str:
        """Raises PlaceholderError, TextTooLong, NotATranslation, TranslationFailed or
        ProviderError."""
        masked = mask(chinese, self.matcher)
        if not HAN.search(masked.text):  # only figures and terms: nothing left to translate
            return self.house_spelling(unmask(masked.text, masked))
        replies = []
        for piece in split_sentences(masked.text, self.limit):
            reply = self.translator.translate(piece).strip()
            problem = reply_problem(piece, reply)
            if problem is not None:
                raise NotATranslation(problem)
            replies.append(reply)
        return self.house_spelling(unmask(" ".join(replies), masked))

    def house_spelling(self, english: str) -> str:
        kept = self.matcher.glossary.allowed_spellings if self.matcher is not None else ()
        return american_spelling(english, kept)


def split_sentences(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut only after a sentence end (。)."""
    pieces: list[str] = []
    for sentence in (s for s in SENTENCE_END.split(text) if s):
        if len(sentence) > limit:
            raise TextTooLong(
                f"a sentence of {len(sentence)} characters is longer than the provider's "
                f"limit of {limit}; split it by hand"
            )
        if pieces and len(pieces[-1]) + len(sentence) <= limit:
            pieces[-1] += sentence
        else:
            pieces.append(sentence)
    return pieces


def fill_english(english: CommentedMap, text: str, provider: str, date: str, chinese: str) -> None:
    """Turn an `en` mapping into a machine draft in place, keeping its position and comments."""
    if english.fa.flow_style():
        english.fa.set_block_style()
    last_key = next(reversed(english), None)
    for key in HUMAN_KEYS:
        english.pop(key, None)
    values = {
        "text": DoubleQuotedScalarString(text),
        "status": "machine",
        "provider": provider,
        "date": dt.date.fromisoformat(date),
        "zh_hash": hash_scalar(zh_hash(chinese)),
    }
    for position, (key, value) in enumerate(values.items()):
        if key in english:
            english[key] = value
        else:
            english.insert(min(position, len(english)), key, value)
    _keep_trailing_comment(english, last_key)


def _keep_trailing_comment(english: CommentedMap, old_last: Any) -> None:
    """Comment lines after a mapping belong to its last key: keep them after the new last key."""
    new_last = next(reversed(english))
    if old_last is not None and old_last != new_last and old_last in english.ca.items:
        english.ca.items[new_last] = english.ca.items.pop(old_last)


# --- running ---------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a run did, as `file:line: key: ...` lines, and why it stopped early if it did."""

    filled: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # drafts rejected: garbled or too long
    failed: list[str] = field(default_factory=list)  # the provider gave no answer
    needs_human: list[str] = field(default_factory=list)
    not_attempted: int = 0
    stopped: str | None = None

    @property
    def complete(self) -> bool:
        return not (self.skipped or self.failed or self.stopped)

    def lines(self, *, filled_told: bool = False) -> list[str]:
        """Every outcome, then the totals; with ``filled_told``, leave out the filled texts
        (already shown as they happened) but list again what was not written."""
        filled = [] if filled_told else self.filled
        lines = [*filled, *self.skipped, *self.failed, *self.needs_human]
        if self.stopped:
            lines.append(
                f"stopped: {self.stopped}; {self.not_attempted} text(s) not attempted: "
                "run the command again to continue"
            )
        lines.append(
            f"{len(self.filled)} filled, {len(self.skipped)} skipped, {len(self.failed)} failed, "
            f"{len(self.needs_human)} need a human"
        )
        return lines


class _Stop(Exception):
    """Going on would be pointless or unsafe (provider down, file edited meanwhile)."""


class TranslationRun:
    """Draft every planned text, writing each file after each filled text."""

    def __init__(
        self,
        plan: Plan,
        drafter: Drafter,
        *,
        provider: str,
        date: str,
        progress: Progress | None = None,
        report: Callable[[str], object] | None = None,
    ) -> None:
        self.plan = plan
        self.drafter = drafter
        self.provider = provider
        self.date = date
        self.progress = progress
        self.report = report  # told each outcome line as it happens
        self.summary = Summary(needs_human=list(plan.needs_human), not_attempted=plan.jobs)
        self._failures_in_a_row = 0

    def run(self) -> Summary:
        """Run to the end or to a stop; Ctrl-C propagates, with ``summary`` up to date."""
        try:
            for file_plan in self.plan.files:
                shifts: list[tuple[int, int]] = []
                for job in file_plan.jobs:
                    try:
                        self._do_job(file_plan, job, shifts)
                    finally:
                        self.summary.not_attempted -= 1
                        if self.progress is not None:
                            self.progress.update(1)
        except _Stop as stop:
            self.summary.stopped = str(stop)
        return self.summary

    def _do_job(self, file_plan: FilePlan, job: Job, shifts: list[tuple[int, int]]) -> None:
        line = job.line + sum(delta for at, delta in shifts if at < job.line)
        where = f"{file_plan.name}:{line}: {format_key_path((*job.key_path, 'en'))}"
        note_processing(file_plan.name)
        try:
            english = self.drafter.draft(str(job.node["zh"]))
        except (PlaceholderError, TextTooLong) as error:
            self._tell(self.summary.skipped, f"{where}: not written: {error}")
        except NotATranslation as error:
            self._tell(self.summary.skipped, f"{where}: not written: {error}")
            self._failed_again("replies in a row were not translations", error)
        except ServiceSilent as error:
            self._tell(self.summary.failed, f"{where}: translation {error}")
            raise _Stop(
                "the translation service does not answer (check the network connection or proxy)"
            ) from error
        except TranslationFailed as error:
            self._tell(self.summary.failed, f"{where}: translation {error}")
            self._failed_again("failures in a row", error)
        except ServiceUnreachable as error:
            self._tell(self.summary.failed, f"{where}: translation failed: {error}")
            raise _Stop("the translation service cannot be reached") from error
        except ProviderError as error:
            self._tell(self.summary.failed, f"{where}: {error}")
            raise _Stop("the provider refused the request") from error
        else:
            self._failures_in_a_row = 0
            self._write(file_plan, job, english, shifts)
            self._tell(self.summary.filled, f"{where}: filled ({job.reason})")

    def _tell(self, into: list[str], line: str) -> None:
        into.append(line)
        if self.report is not None:
            self.report(line)

    def _failed_again(self, what: str, error: Exception) -> None:
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            raise _Stop(f"{self._failures_in_a_row} {what}") from error

    def _write(self, plan: FilePlan, job: Job, english: str, shifts: list[tuple[int, int]]) -> None:
        if plan.path.read_bytes().decode("utf-8-sig") != plan.text:
            raise _Stop(f"{plan.name} was changed by someone else during the run; not overwriting")
        fill_english(job.node["en"], english, self.provider, self.date, str(job.node["zh"]))
        text = dump_round_trip(plan.document)
        write_text_atomic(plan.path, text)
        shifts.append((job.line, text.count("\n") - plan.text.count("\n")))
        plan.text = text
