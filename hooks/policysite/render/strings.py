"""The interface wording of each edition (templates/strings.yml) and the Traditional
edition's site settings, converted from the Chinese ones."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..content.interface import STRINGS_PATH
from ..content.model import Site, Text
from ..content.problems import Problem
from ..content.yamlio import parsed_once
from .hant import HANT, HantConverter, site_converter
from .text import long_date


def ui_strings(converter: HantConverter | None = None) -> dict[str, dict[str, str]]:
    """Interface wording per language, from templates/strings.yml (read on every build, so
    `mkdocs serve` picks up edits).

    The Traditional wording is the Chinese converted, except the few strings whose meaning
    differs in that edition, which strings.yml gives under ``zh-Hant``."""
    strings = {
        lang: dict(values) for lang, values in _parsed(STRINGS_PATH.read_text(encoding="utf-8"))
    }
    convert = converter.convert if converter else HantConverter(None).convert
    strings[HANT] = {k: convert(v) for k, v in strings["zh"].items()} | strings.get(HANT, {})
    return strings


@lru_cache(maxsize=2)  # every edition reads the same file: parsed once while it is unchanged
def _parsed(text: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    loaded = parsed_once(text, "strings.yml")
    if isinstance(loaded, Problem):  # a template bug, not a content problem
        raise ValueError(loaded.format())
    return tuple(
        (lang, tuple((key, str(value)) for key, value in values.items()))
        for lang, values in loaded.data.items()
    )


def edition_settings(site: Site, settings: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The settings edition ``lang`` changes: none, except the Traditional edition's site
    name, description, footer, reading-mode label and light/dark toggle names (the Chinese
    ones, inherited from mkdocs.yml, converted; the toggle's are converted in place), and the
    notice on every page; and every edition's footer (``extra.publisher``: who publishes the
    site, on what terms, last updated when)."""
    footer = {"publisher": publisher_footer(site, lang)}
    if lang != HANT:
        return {"extra": {**settings["extra"], **footer}}
    converter = site_converter(site)
    extra = dict(settings["extra"])
    reading_mode = dict(extra["reading_mode"])
    reading_mode["label"] = converter.convert(reading_mode["label"])
    strings = ui_strings(converter)[HANT]
    notice = {"text": strings["edition_notice"], "link": strings["edition_simplified_link"]}
    for option in settings["theme"].get("palette") or []:  # the light/dark toggle's names
        if isinstance(option, dict) and "toggle" in option:
            option["toggle"]["name"] = converter.convert(option["toggle"]["name"])
    return {
        "site_name": converter.convert(settings["site_name"]),
        "site_description": converter.convert(settings["site_description"] or ""),
        "copyright": converter.convert(settings["copyright"] or ""),
        "extra": {**extra, **footer, "reading_mode": reading_mode, "edition_notice": notice},
    }


def publisher_footer(site: Site, lang: str) -> dict[str, Any] | None:
    """What the footer says of the publisher, in edition ``lang`` (texts converted for the
    Traditional edition); None without content/site.yml."""
    publisher = site.publisher
    if publisher is None:
        return None
    converter = site_converter(site) if lang == HANT else None

    def text(value: Text | None) -> str:
        if value is None:
            return ""
        shown = value.in_language("en" if lang == "en" else "zh")
        return converter.convert(shown) if converter else shown

    updated = site.last_updated()
    return {
        "name": text(publisher.name),
        "statement": text(publisher.statement),
        "email": publisher.contact_email,
        "url": publisher.contact_url,
        "license_name": publisher.license_name,
        "license_url": publisher.license_url,
        "updated": long_date(updated, lang),
        "updated_iso": updated or "",
        "about": f"{site.latest.id}/about/",
    }
