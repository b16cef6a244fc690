"""Open data: the paragraphs, targets (with outcomes and statuses), outcomes by indicator and
glossary as JSON and CSV, with JSON Schemas.

Files are returned as (path, bytes) pairs; the hook adds them to the Chinese build (the site
root), so they exist once for both languages. Output is deterministic: the same content gives
the same bytes. CSV is UTF-8 with a byte-order mark so that spreadsheet programs common in
mainland China open the Chinese correctly.

A CSV text cell that a spreadsheet would read as a formula (OWASP's CSV injection rule: it
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return; here also their full-width
forms, which Chinese input methods type) is written with a leading apostrophe, so Excel, WPS
and LibreOffice show it as text instead of running it. Numbers (``value``, ``number``,
``year``) are written as numbers and never prefixed. The JSON files hold every text as typed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..content import layout
from ..content.model import Glossary, Outcome, Report, Site, Text
from ..content.outcomes import outcome_status
from .editorial import published_site
from .hant import HantConverter, site_converter
from .indicators import indicator_series

DATA_DIR = layout.DATA_DIR
SCHEMA_DIR = Path(__file__).parent / "opendata_schema"
LIST_SEPARATOR = " | "  # lists in CSV cells (English variants contain spaces)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _english(text: Text) -> dict[str, Any]:
    en = text.en
    return {
        "en": en.text if text.has_english else None,
        "en_status": en.status,
        "en_stale": text.stale,
        "en_provider": en.provider,
        "en_date": en.date,
        "en_approved_by": en.approved_by,
        "en_approved_on": en.approved_on,
    }


def paragraph_records(
    report: Report, hant: HantConverter, site_url: str | None = None
) -> list[dict[str, Any]]:
    """One record per paragraph; its page addresses are absolute when ``site_url`` is given
    (a spreadsheet cannot follow a site-relative path)."""
    root = site_url.rstrip("/") + "/" if site_url else ""
    records = []
    for chapter in report.chapters:
        sections = {s.id: s for s in chapter.sections}
        for paragraph in chapter.all_paragraphs():
            section = sections.get(paragraph.section_id or "")
            path = f"{report.id}/{chapter.id}/#{paragraph.id}"
            records.append(
                {
                    "report": report.id,
                    "id": paragraph.id,
                    "number": paragraph.number,
                    "chapter": chapter.id,
                    "chapter_zh": chapter.title.zh,
                    "section": section.id if section else None,
                    "section_zh": section.heading.zh.rstrip("。") if section else None,
                    "zh": paragraph.text.zh,
                    "zh_hant": hant.convert(paragraph.text.zh),
                    **_english(paragraph.text),
                    "url_zh": f"{root}{path}",
                    "url_en": f"{root}en/{path}",
                    "url_zh_hant": f"{root}zh-hant/{path}",
                }
            )
    return records


def target_records(report: Report) -> list[dict[str, Any]]:
    records = []
    for target in report.targets:
        paragraph = report.paragraph(target.paragraph_id)
        assert paragraph is not None  # checked when content is loaded
        records.append(
            {
                "report": report.id,
                "year": report.year,
                "id": target.id,
                "paragraph": paragraph.id,
                "chapter": paragraph.chapter_id,
                "what_zh": target.what.zh,
                "what_en": target.what.en.text if target.what.has_english else None,
                "figure_zh": target.figure.zh,
                "figure_en": target.figure.en.text if target.figure.has_english else None,
                "value": target.value,
                "unit": target.unit,
                "comparison": target.comparison,
                "headline": target.headline,
                "indicator": target.indicator,
                "status": outcome_status(target),
                **_outcome_fields(target.outcome),
            }
        )
    return records


def _outcome_fields(outcome: Outcome | None) -> dict[str, Any]:
    """An outcome and its source as flat fields (all null when none is published)."""
    source = outcome.source if outcome else None
    statement = outcome.statement if outcome else None
    return {
        "outcome_period": outcome.period if outcome else None,
        "outcome_value": outcome.value if outcome else None,
        "outcome_unit": outcome.unit if outcome else None,
        "outcome_reported": outcome.reported if outcome else None,
        "outcome_zh": statement.zh if statement else None,
        "outcome_en": statement.en.text if statement and statement.has_english else None,
        "source_publisher_zh": source.publisher.zh if source else None,
        "source_publisher_en": source.publisher.en.text
        if source and source.publisher.has_english
        else None,
        "source_title": source.title if source else None,
        "source_date": source.date if source else None,
        "source_url": source.url if source else None,  # the original's; a copy is never published
    }


def outcome_records(site: Site) -> list[dict[str, Any]]:
    """Every year of every indicator with an indicator page: the target's ID (None for a year
    whose report is not on the site), the outcome and the derived status."""
    records = []
    for series in indicator_series(site):
        for year in series.years:
            records.append(
                {
                    "indicator": series.indicator.id,
                    "indicator_zh": series.indicator.name.zh,
                    "year": year.year,
                    "report": year.report.id if year.report else None,
                    "target": year.target.id if year.target else None,
                    "figure_zh": year.target.figure.zh if year.target else None,
                    "value": year.target.value if year.target else None,
                    "comparison": year.target.comparison if year.target else None,
                    "status": year.status,
                    **_outcome_fields(year.outcome),
                }
            )
    return records


def glossary_records(glossary: Glossary, hant: HantConverter) -> list[dict[str, Any]]:
    return [
        {
            "id": term.id,
            "zh": term.zh,
            "zh_hant": hant.convert(term.zh),
            "variants": list(term.variants),
            "pinyin": term.pinyin,
            "en": term.en,
            "en_variants": [variant.text for variant in term.en_variants],
            "en_basis": term.en_basis,
            "category": term.category,
            "definition_zh": term.definition.zh,
            "definition_zh_hant": hant.convert(term.definition.zh),
            "definition_en": term.definition.en.text if term.definition.has_english else None,
            "confidence": term.confidence,
            "sources": [
                {"publisher": s.publisher, "title": s.title, "date": s.date, "url": s.url}
                for s in term.sources  # copy_url is for editors only: never published
            ],
        }
        for term in glossary.terms
    ]


def topic_records(site: Site, hant: HantConverter) -> list[dict[str, Any]]:
    """One record per topic, naming its paragraphs and targets as ``<report>/<id>``."""
    published = {report.id for report in site.reports}
    return [
        {
            "id": topic.id,
            "name_zh": topic.name.zh,
            "name_zh_hant": hant.convert(topic.name.zh),
            "name_en": topic.name.en.text if topic.name.has_english else None,
            "description_zh": topic.description.zh,
            "description_zh_hant": hant.convert(topic.description.zh),
            "description_en": topic.description.en.text if topic.description.has_english else None,
            "paragraphs": [
                f"{e.report_id}/{e.item_id}" for e in topic.paragraphs if e.report_id in published
            ],
            "targets": [
                f"{e.report_id}/{e.item_id}" for e in topic.targets if e.report_id in published
            ],
        }
        for topic in site.topics
    ]


def paragraph_topic_records(site: Site) -> list[dict[str, Any]]:
    """One record per (paragraph, topic) pair, in reading order (topics in the order of
    topics.yml)."""
    tagged = site.paragraph_topics()
    return [
        {"report": report.id, "paragraph": paragraph.id, "topic": topic.id}
        for report in site.reports
        for paragraph in report.all_paragraphs()
        for topic in tagged.get((report.id, paragraph.id), ())
    ]


def dataset_meta(site: Site, report: Report | None, records: int) -> dict[str, Any] | None:
    """Publisher, reuse terms, source and last update of a dataset (None without site.yml)."""
    publisher = site.publisher
    if publisher is None:
        return None
    source = report.source if report else None
    return {
        "publisher": {"zh": publisher.name.zh, "en": publisher.name.in_language("en")},
        "license": {
            "name": publisher.license_name,
            "url": publisher.license_url,
            "terms_zh": publisher.reuse.zh,
            "terms_en": publisher.reuse.in_language("en"),
        },
        "source": {
            "publisher_zh": source.publisher.zh,
            "publisher_en": source.publisher.in_language("en"),
            "url": source.url,
            "published": source.published,
        }
        if source
        else None,
        "modified": site.last_updated(),
        "records": records,
    }


def to_json(
    dataset: str, records: list[dict[str, Any]], depth: int, meta: dict[str, Any] | None = None
) -> bytes:
    document: dict[str, Any] = {
        "$schema": "../" * depth + f"schema/{dataset}.schema.json",
        "dataset": dataset,
    }
    if meta is not None:
        document["meta"] = meta
    document["items"] = records
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_csv(records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    if records:
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _csv_value(v) for k, v in record.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return csv_text(LIST_SEPARATOR.join(_csv_item(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_text(value)
    return "" if value is None else value


def csv_text(text: str) -> str:
    """A text cell as a spreadsheet shows it: an apostrophe before a cell that would start a
    formula (``=cmd|' /C calc'!A1`` -> ``'=cmd|' /C calc'!A1``, ``-3.5%`` -> ``'-3.5%``)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_item(value: Any) -> str:
    """A list item in a CSV cell; a source reads ``publisher: title (date) address``."""
    if isinstance(value, dict):
        date = f" ({value['date']})" if value.get("date") else ""
        url = f" {value['url']}" if value.get("url") else ""
        return f"{value['publisher']}: {value['title']}{date}{url}"
    return str(value)


def data_files(site: Site, site_url: str | None = None) -> Iterator[tuple[str, bytes]]:
    """Every open-data file: ``data/<report>/{paragraphs,targets}.{json,csv}``,
    ``data/glossary.{json,csv}``, ``data/{topics,paragraph-topics}.{json,csv}`` and
    ``data/schema/*.schema.json``. Page addresses are
    absolute under ``site_url`` when it is given, else relative to the site root."""
    site = published_site(site)
    hant = site_converter(site)
    for report in site.reports:
        for dataset, records in (
            ("paragraphs", paragraph_records(report, hant, site_url)),
            ("targets", target_records(report)),
        ):
            meta = dataset_meta(site, report, len(records))
            yield f"{DATA_DIR}/{report.id}/{dataset}.json", to_json(dataset, records, 1, meta)
            yield f"{DATA_DIR}/{report.id}/{dataset}.csv", to_csv(records)
    if site.indicators:
        records = outcome_records(site)
        yield f"{DATA_DIR}/outcomes.json", to_json("outcomes", records, 0)
        yield f"{DATA_DIR}/outcomes.csv", to_csv(records)
    if site.glossary is not None:
        records = glossary_records(site.glossary, hant)
        meta = dataset_meta(site, None, len(records))
        yield f"{DATA_DIR}/glossary.json", to_json("glossary", records, 0, meta)
        yield f"{DATA_DIR}/glossary.csv", to_csv(records)
    if site.topics:
        for dataset, records in (
            ("topics", topic_records(site, hant)),
            ("paragraph-topics", paragraph_topic_records(site)),
        ):
            yield f"{DATA_DIR}/{dataset}.json", to_json(dataset, records, 0)
            yield f"{DATA_DIR}/{dataset}.csv", to_csv(records)
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        yield f"{DATA_DIR}/schema/{schema.name}", schema.read_bytes()
