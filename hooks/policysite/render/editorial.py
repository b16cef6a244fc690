"""The site as published: the editorial corrections a report records as rules, applied to its
text at build time (the chapter files keep the source's wording; the fidelity check compares
both through the same rule)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..content.model import Site, Text
from ..content.punctuation import RULE, fullwidth_punctuation

_last: list[tuple[Site, Site]] = []  # the last site and its published form (every edition's)


def published_site(site: Site) -> Site:
    """``site`` with each report's rule corrections applied to the report's own text (its
    chapter titles, headings and paragraphs: what the fidelity check compares with the
    source). Editor-written texts are held to the same rule by the style check instead.
    The site is immutable: the editions and the open data of one build share one result."""
    if _last and _last[0][0] is site:
        return _last[0][1]
    _last[:] = [(site, _published(site))]
    return _last[0][1]


def _published(site: Site) -> Site:
    fixed: dict[int, Text] = {}
    for report in site.reports:
        if report.has_rule(RULE):
            for text, _ in report.source_pieces():
                corrected = fullwidth_punctuation(text.zh)
                if corrected != text.zh:
                    fixed[id(text)] = dataclasses.replace(text, zh=corrected)
    return _replace_texts(site, fixed, {}) if fixed else site


def _replace_texts(value: Any, fixed: dict[int, Text], seen: dict[int, Any]) -> Any:
    if id(value) in fixed:
        return fixed[id(value)]
    if id(value) in seen:
        return seen[id(value)]
    result: Any = value
    if isinstance(value, tuple):
        result = tuple(_replace_texts(item, fixed, seen) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type | Text):
        changes = {
            f.name: _replace_texts(getattr(value, f.name), fixed, seen)
            for f in dataclasses.fields(value)
        }
        result = dataclasses.replace(value, **changes)
    seen[id(value)] = result
    return result
