"""Build the model from loaded, validated YAML documents, remembering each text's origin.

Validation comes first (``schema``): these functions assume a document the schema accepted."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .model import (
    Abbreviation,
    Avoid,
    Category,
    Chapter,
    Citation,
    Correction,
    English,
    Glossary,
    Indicator,
    Opening,
    Origin,
    Outcome,
    OutcomeSource,
    Paragraph,
    Phrase,
    PhraseAvoid,
    Phrasebook,
    ProtectedName,
    Publisher,
    Report,
    Section,
    Source,
    Target,
    Term,
    Text,
    Topic,
    TopicEntry,
    Variant,
)
from .textutil import zh_hash
from .yamlio import KeyPath, LoadedYaml, format_key_path


def build_report(doc: LoadedYaml, chapters: list[Chapter], targets: tuple[Target, ...]) -> Report:
    """The report of a validated report.yml, with its loaded chapters and targets (the opening's
    paragraphs are numbered first, the chapters' after them)."""
    build = _Builder(doc)
    data = doc.data

    def optional(*key: str | int) -> Text | None:
        return build.text(key) if _has(data, key) else None

    source = data.get("source")
    opening = None
    if "opening" in data:
        opening_id = data["opening"]["id"]
        opening = Opening(
            opening_id,
            tuple(
                Paragraph(p["id"], build.text(("opening", "paragraphs", i)), i + 1, "", opening_id)
                for i, p in enumerate(data["opening"]["paragraphs"])
            ),
        )
    offset = len(opening.paragraphs) if opening else 0
    if offset:
        chapters = [_renumber(chapter, offset) for chapter in chapters]
    title = optional("title") or Text(
        zh=f"{data['year']}年报告", en=English(status="missing"), origin=build.origin(("id",))
    )
    return Report(
        id=data["id"],
        year=data["year"],
        file=doc.file,
        title=title,
        date=data.get("date"),
        speaker_name=optional("speaker", "name"),
        speaker_role=optional("speaker", "role"),
        session=optional("session"),
        source=Source(
            publisher=build.text(("source", "publisher")),
            url=source["url"],
            published=source["published"],
            note=build.text(("source", "note")) if "note" in source else None,
            url_line=doc.line_of(("source", "url")),
        )
        if source
        else None,
        coverage=optional("coverage"),
        notice=optional("notice"),
        summary=optional("summary"),
        chapters=tuple(chapters),
        corrections=tuple(
            Correction(
                c.get("original", ""),
                c.get("corrected", ""),
                build.text(("corrections", i, "reason")),
                c.get("recorded_on"),
                c.get("rule"),
            )
            for i, c in enumerate(data.get("corrections", []))
        ),
        targets=targets,
        source_skip_lines=data.get("source_skip_lines", 0),
        status=data.get("status", "published"),
        opening=opening,
        published_on=data.get("published_on"),
    )


class ParagraphCounter:
    """Numbers paragraphs through a whole report."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


class _Builder:
    """Turns validated mappings of one file into model objects, remembering their origin."""

    def __init__(self, doc: LoadedYaml) -> None:
        self.doc = doc

    def get(self, path: KeyPath) -> Any:
        node: Any = self.doc.data
        for part in path:
            node = node[part]
        return node

    def origin(self, path: KeyPath) -> Origin:
        line_of = self.doc.line_of
        return Origin(
            self.doc.file,
            line_of(path),
            format_key_path(path),
            zh_line=line_of((*path, "zh")),
            en_line=line_of((*path, "en")),
        )

    def text(self, path: KeyPath) -> Text:
        node = self.get(path)
        zh = node["zh"]
        en = english(node["en"])
        stale = en.status != "missing" and en.zh_hash is not None and en.zh_hash != zh_hash(zh)
        return Text(zh=zh, en=en, origin=self.origin(path), stale=stale)


def english(node: dict[str, Any]) -> English:
    return English(
        status=node["status"],
        text=node.get("text", ""),
        zh_hash=node.get("zh_hash"),
        provider=node.get("provider"),
        date=node.get("date"),
        edited_by=node.get("edited_by"),
        revised_on=node.get("revised_on"),
        approved_by=node.get("approved_by"),
        approved_on=node.get("approved_on"),
    )


def _renumber(chapter: Chapter, offset: int) -> Chapter:
    """The chapter with its paragraph numbers moved on by ``offset`` (the opening's)."""

    def moved(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        return tuple(replace(p, number=p.number + offset) for p in paragraphs)

    return replace(
        chapter,
        paragraphs=moved(chapter.paragraphs),
        sections=tuple(replace(s, paragraphs=moved(s.paragraphs)) for s in chapter.sections),
    )


def build_chapter(doc: LoadedYaml, number: int, counter: ParagraphCounter) -> Chapter:
    build = _Builder(doc)
    data = doc.data
    chapter_id = data["id"]

    def paragraphs(path: KeyPath, section_id: str | None) -> tuple[Paragraph, ...]:
        return tuple(
            Paragraph(
                id=p["id"],
                text=build.text((*path, i)),
                number=counter.next(),
                chapter_id=chapter_id,
                section_id=section_id,
            )
            for i, p in enumerate(build.get(path) if _has(data, path) else [])
        )

    intro = paragraphs(("paragraphs",), None)
    sections = tuple(
        Section(
            id=s["id"],
            heading=build.text(("sections", i, "heading")),
            paragraphs=paragraphs(("sections", i, "paragraphs"), s["id"]),
            label=s.get("label", ""),
            level=s.get("level", 2),
        )
        for i, s in enumerate(data.get("sections", []))
    )
    title = build.text(("title",))
    return Chapter(
        id=chapter_id,
        number=number,
        file=doc.file,
        title=title,
        short_title=build.text(("short_title",)) if "short_title" in data else title,
        summary=build.text(("summary",)) if "summary" in data else None,
        paragraphs=intro,
        sections=sections,
        label=data.get("label", ""),
    )


def build_glossary(doc: LoadedYaml) -> Glossary:
    build = _Builder(doc)
    data = doc.data
    return Glossary(
        file=doc.file,
        categories=tuple(
            Category(c["id"], build.text(("categories", i, "name")))
            for i, c in enumerate(data["categories"])
        ),
        terms=tuple(
            Term(
                id=t["id"],
                zh=t["zh"],
                variants=tuple(t.get("variants", [])),
                pinyin=t["pinyin"],
                en=t["en"],
                en_variants=tuple(Variant(v["text"], v["use"]) for v in t.get("en_variants", [])),
                en_basis=t["en_basis"],
                category=t["category"],
                definition=build.text(("terms", i, "definition")),
                sources=tuple(
                    _citation(doc, ("terms", i, "sources", j), s)
                    for j, s in enumerate(t["sources"])
                ),
                confidence=t["confidence"],
                origin=build.origin(("terms", i)),
                background=bool(t.get("background", False)),
                zh_hant=t.get("zh_hant"),
                label=t.get("label"),
            )
            for i, t in enumerate(data["terms"])
        ),
        not_terms=tuple(data.get("not_terms", [])),
        avoid=tuple(
            Avoid(a["text"], a["use"], a["why"])
            for a in data.get("house_style", {}).get("avoid", [])
        ),
        allowed_spellings=tuple(
            s["word"] for s in data.get("house_style", {}).get("allowed_spellings", [])
        ),
    )


def build_phrasebook(doc: LoadedYaml) -> Phrasebook:
    """The phrasebook of a validated content/phrasebook.yml."""
    build = _Builder(doc)
    data = doc.data
    phrases = tuple(
        Phrase(
            zh=p["zh"],
            en=p["en"],
            forms=tuple(p.get("forms", [])),
            avoid=tuple(PhraseAvoid(a["text"], a["why"]) for a in p.get("avoid", [])),
            note=p.get("note", ""),
            origin=build.origin(("phrases", i)),
            background=bool(p.get("background", False)),
        )
        for i, p in enumerate(data.get("phrases", []))
    )
    abbreviations = tuple(
        Abbreviation(a["short"], a.get("full"), a.get("bare"), build.origin(("abbreviations", i)))
        for i, a in enumerate(data.get("abbreviations", []))
    )
    return Phrasebook(doc.file, phrases, abbreviations)

def build_topics(doc: LoadedYaml) -> tuple[Topic, ...]:
    build = _Builder(doc)

    def entries(i: int, key: str) -> tuple[TopicEntry, ...]:
        listed = doc.data["topics"][i].get(key, {})
        return tuple(
            TopicEntry(report_id, item, doc.line_of(("topics", i, key, report_id, j)))
            for report_id, items in listed.items()
            for j, item in enumerate(items)
        )

    def left_out(i: int) -> tuple[tuple[TopicEntry, str], ...]:
        listed = doc.data["topics"][i].get("left_out", {})
        return tuple(
            (
                TopicEntry(
                    report_id, item, doc.line_of(("topics", i, "left_out", report_id, item))
                ),
                why,
            )
            for report_id, items in listed.items()
            for item, why in items.items()
        )

    return tuple(
        Topic(
            id=t["id"],
            name=build.text(("topics", i, "name")),
            description=build.text(("topics", i, "description")),
            signals=tuple(t.get("signals", [])),
            paragraphs=entries(i, "paragraphs"),
            targets=entries(i, "targets"),
            left_out=left_out(i),
            origin=build.origin(("topics", i)),
        )
        for i, t in enumerate(doc.data["topics"])
    )


def _citation(doc: LoadedYaml, path: KeyPath, node: dict[str, Any]) -> Citation:
    return Citation(
        publisher=node["publisher"],
        title=node["title"],
        date=node.get("date"),
        url=node.get("url"),
        copy_url=node.get("copy_url"),
        url_line=doc.line_of((*path, "url")) if "url" in node else 0,
    )


def build_targets(doc: LoadedYaml) -> tuple[Target, ...]:
    build = _Builder(doc)
    return tuple(
        Target(
            id=t["id"],
            paragraph_id=t["paragraph"],
            what=build.text(("targets", i, "what")),
            figure=build.text(("targets", i, "figure")),
            value=t["value"],
            unit=t["unit"],
            comparison=t["comparison"],
            headline=bool(t.get("headline", False)),
            origin=build.origin(("targets", i)),
            paragraph_line=doc.line_of(("targets", i, "paragraph")),
            indicator=t.get("indicator"),
            indicator_line=doc.line_of(("targets", i, "indicator")) if "indicator" in t else 0,
            outcome=_outcome(build, ("targets", i, "outcome")) if "outcome" in t else None,
        )
        for i, t in enumerate(doc.data["targets"])
    )


def build_indicators(doc: LoadedYaml) -> tuple[Indicator, ...]:
    """The indicators of a validated content/indicators.yml."""
    build = _Builder(doc)
    return tuple(
        Indicator(
            id=item["id"],
            name=build.text(("indicators", i, "name")),
            unit=item["unit"],
            origin=build.origin(("indicators", i)),
            earlier=tuple(
                _outcome(build, ("indicators", i, "earlier", j))
                for j in range(len(item.get("earlier", [])))
            ),
        )
        for i, item in enumerate(doc.data["indicators"])
    )


def _outcome(build: _Builder, path: KeyPath) -> Outcome:
    node = build.get(path)
    source = node["source"]
    line_of = build.doc.line_of
    return Outcome(
        period=node["period"],
        value=node.get("value"),
        unit=node["unit"],
        source=OutcomeSource(
            publisher=build.text((*path, "source", "publisher")),
            title=source["title"],
            date=str(source["date"]),
            url=source.get("url"),
            quote=source.get("quote"),
            date_line=line_of((*path, "source", "date")),
            url_line=line_of((*path, "source", "url")) if "url" in source else 0,
            quote_line=line_of((*path, "source", "quote")) if "quote" in source else 0,
        ),
        origin=build.origin(path),
        reported=node.get("reported"),
        statement=build.text((*path, "statement")) if "statement" in node else None,
        unit_line=line_of((*path, "unit")),
        period_line=line_of((*path, "period")),
    )


def _has(data: dict[str, Any], path: KeyPath) -> bool:
    node: Any = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
        elif not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def build_publisher(doc: LoadedYaml) -> Publisher:
    """The publisher and terms of content/site.yml."""
    build = _Builder(doc)
    data = doc.data
    contact = data.get("contact") or {}
    license = data["license"]
    return Publisher(
        file=doc.file,
        name=build.text(("publisher",)),
        statement=build.text(("statement",)) if "statement" in data else None,
        contact_email=contact.get("email"),
        contact_url=contact.get("url"),
        license_name=license["name"],
        license_url=license.get("url"),
        reuse=build.text(("license", "terms")),
        accessibility=build.text(("accessibility",)),
        protected_names=tuple(
            ProtectedName(n) if isinstance(n, str) else ProtectedName(n["zh"], n.get("zh_hant"))
            for n in data.get("protected_names", [])
        ),
        license_url_line=doc.line_of(("license", "url")),
    )
