"""Topics (content/topics.yml): every paragraph and target a topic lists exists, every target
is stated by one of the topic's paragraphs, every topic is carried by a paragraph and named in
both languages; and proposals for paragraphs that use a topic's signal words but are neither
listed nor left out (a proposal for staff to decide, never applied)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from ..content.model import Origin, Report, Text, Topic, TopicEntry
from ..content.problems import Problem, Severity
from ..content.yamlio import format_key_path

TOPICS_FILE = "content/topics.yml"


def _numbered(entries: Iterable[TopicEntry]) -> Iterator[tuple[TopicEntry, int]]:
    """Each entry with its place in its report's list."""
    seen: dict[str, int] = defaultdict(int)
    for entry in entries:
        yield entry, seen[entry.report_id]
        seen[entry.report_id] += 1


def check_topics(topics: tuple[Topic, ...], reports: Iterable[Report]) -> list[Problem]:
    by_id = {report.id: report for report in reports}
    problems: list[Problem] = []

    def problem(line: int, path: tuple[str | int, ...], message: str, warn: bool = False) -> None:
        severity = Severity.WARNING if warn else Severity.ERROR
        problems.append(Problem(TOPICS_FILE, line, format_key_path(path), message, severity))

    for i, topic in enumerate(topics):
        for entry, j in _numbered(topic.paragraphs):
            report = by_id.get(entry.report_id)
            if report is None:
                known = ", ".join(sorted(by_id)) or "none"
                problem(
                    entry.line,
                    ("topics", i, "paragraphs", entry.report_id),
                    f"expected the ID of a report ({known}), found '{entry.report_id}'",
                )
            elif report.paragraph(entry.item_id) is None:
                problem(
                    entry.line,
                    ("topics", i, "paragraphs", entry.report_id, j),
                    f"expected a paragraph of report {report.id}, found '{entry.item_id}'",
                )
        for entry, j in _numbered(topic.targets):
            report = by_id.get(entry.report_id)
            target = (
                next((t for t in report.targets if t.id == entry.item_id), None) if report else None
            )
            path: tuple[str | int, ...] = ("topics", i, "targets", entry.report_id, j)
            if target is None:
                problem(
                    entry.line,
                    path,
                    f"expected a target of report {entry.report_id}, found '{entry.item_id}'",
                )
            elif target.paragraph_id not in topic.paragraph_ids(entry.report_id):
                problem(
                    entry.line,
                    path,
                    f"target '{target.id}' is stated in paragraph "
                    f"{target.paragraph_id}, which this topic does not list under paragraphs",
                )
        for entry, _ in topic.left_out:
            report = by_id.get(entry.report_id)
            path = ("topics", i, "left_out", entry.report_id, entry.item_id)
            if report is not None and report.paragraph(entry.item_id) is None:
                problem(
                    entry.line,
                    path,
                    f"expected a paragraph of report {report.id}, found '{entry.item_id}'",
                )
            elif entry.item_id in topic.paragraph_ids(entry.report_id):
                problem(
                    entry.line,
                    path,
                    "listed under paragraphs too: a paragraph is either "
                    "about the topic or left out",
                )
        if not any(e.report_id in by_id for e in topic.paragraphs):
            problem(
                topic.origin.line,
                ("topics", i),
                f"topic '{topic.id}' has no paragraph "
                "(list its paragraphs under paragraphs, or remove the topic)",
                warn=True,
            )
        for key, text in (("name", topic.name), ("description", topic.description)):
            if not text.has_english:
                problem(
                    text.origin.en_line or topic.origin.line,
                    ("topics", i, key, "en"),
                    f"expected the English {key} of topic '{topic.id}', found none "
                    "(status missing): the English edition would show the Chinese",
                    warn=True,
                )
    return problems


def proposed_topics(
    topics: Iterable[Topic], zh: str, decided: Collection[str] = ()
) -> list[tuple[Topic, list[str]]]:
    """The topics whose signal words the Chinese ``zh`` uses, each with the words, but those
    (by ID) the paragraph is already listed for or left out of."""
    found = []
    for topic in topics:
        used = [word for word in topic.signals if word in zh]
        if used and topic.id not in decided:
            found.append((topic, used))
    return found


def proposal_line(origin: Origin, paragraph_id: str, found: list[tuple[Topic, list[str]]]) -> str:
    """One paragraph's proposal, where the paragraph is written (check and import say it
    alike)."""
    topics = ", ".join(f"{topic.id} ({'、'.join(words)})" for topic, words in found)
    each = "each topic's" if len(found) > 1 else "the topic's"
    return (
        f"{origin.file}:{origin.line}: {origin.key_path} ({paragraph_id}): "
        f"topic{'s' if len(found) > 1 else ''} proposed by the signal words: {topics}: "
        f"list it under {each} paragraphs in {TOPICS_FILE}, or under left_out with the reason"
    )


def topic_proposals(topics: tuple[Topic, ...], reports: Iterable[Report]) -> list[str]:
    """One line per paragraph that uses a topic's signal word but is neither listed for the
    topic nor left out of it: the topics proposed for it. A proposal, never applied."""
    lines = []
    for report in reports:
        decided: dict[str, set[str]] = defaultdict(set)  # paragraph ID -> topic IDs
        for topic in topics:
            for entry in [*topic.paragraphs, *(e for e, _ in topic.left_out)]:
                if entry.report_id == report.id:
                    decided[entry.item_id].add(topic.id)
        for paragraph in report.all_paragraphs():
            found = proposed_topics(topics, paragraph.text.zh, decided[paragraph.id])
            if found:
                lines.append(proposal_line(paragraph.text.origin, paragraph.id, found))
    return lines


def topic_texts(topics: Iterable[Topic]) -> Iterator[Text]:
    """The topics' names and descriptions (for the checks every text gets)."""
    for topic in topics:
        yield topic.name
        yield topic.description
