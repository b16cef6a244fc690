"""Open data: the paragraphs, targets and glossary as JSON and CSV, with JSON Schemas.

Files are returned as (path, bytes) pairs; the hook adds them to the Chinese build (the site
root), so they exist once for both languages. Output is deterministic: the same content gives
the same bytes. CSV is UTF-8 with a byte-order mark so that spreadsheet programs common in
mainland China open the Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..content.model import Glossary, Report, Site, Text
from .editorial import published_site
from .hant import HantConverter, site_converter

DATA_DIR = "data"
SCHEMA_DIR = Path(__file__).parent / "opendata_schema"
LIST_SEPARATOR = " | "  # lists in CSV cells (English variants contain spaces)


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
        return LIST_SEPARATOR.join(_csv_item(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _csv_item(value: Any) -> str:
    """A list item in a CSV cell; a source reads ``publisher: title (date) address``."""
    if isinstance(value, dict):
        date = f" ({value['date']})" if value.get("date") else ""
        url = f" {value['url']}" if value.get("url") else ""
        return f"{value['publisher']}: {value['title']}{date}{url}"
    return str(value)


def data_files(site: Site, site_url: str | None = None) -> Iterator[tuple[str, bytes]]:
    """Every open-data file: ``data/<report>/{paragraphs,targets}.{json,csv}``,
    ``data/glossary.{json,csv}`` and ``data/schema/*.schema.json``. Page addresses are
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
    if site.glossary is not None:
        records = glossary_records(site.glossary, hant)
        meta = dataset_meta(site, None, len(records))
        yield f"{DATA_DIR}/glossary.json", to_json("glossary", records, 0, meta)
        yield f"{DATA_DIR}/glossary.csv", to_csv(records)
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        yield f"{DATA_DIR}/schema/{schema.name}", schema.read_bytes()
