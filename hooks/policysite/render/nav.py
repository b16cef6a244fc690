"""The navigation of one edition: home, then each report's pages, then the glossary."""

from __future__ import annotations

from typing import Any

from .indicators import indicator_uri
from .renderer import GLOSSARY_URI, TOPICS_URI, PageRenderer, chapter_uri, topic_uri
from .text import escape_text, label_text


def nav(renderer: PageRenderer) -> list[Any]:
    """MkDocs ``nav`` for this language: home, then each report's pages.

    Titles are escaped as text: MkDocs and Material print navigation titles as HTML in
    text (and escape them themselves in attributes, so quotes are left alone)."""
    strings = {key: escape_text(value) for key, value in renderer.strings.items()}
    items: list[Any] = [{strings["home"]: "index.md"}]
    for report in renderer.site.reports:
        entries: list[Any] = [f"{report.id}/index.md"]
        entries += [
            {
                escape_text(
                    label_text(c.label, c.short_title.shown_language(renderer.lang))
                    + renderer.tr(c.short_title)
                ): chapter_uri(report, c)
            }
            for c in report.chapters
        ]
        if report.targets:
            entries.append({strings["targets_title"]: f"{report.id}/targets.md"})
        entries.append({strings["full_title"]: f"{report.id}/full.md"})
        entries.append({strings["about_title"]: f"{report.id}/about.md"})
        title = renderer.tr(report.title)
        if report.draft:
            title = renderer.strings["draft_nav"].format(title=title)
        items.append({escape_text(title): entries})
    if renderer.series:
        items.append(
            {
                strings["indicators_title"]: [
                    {escape_text(renderer.tr(s.indicator.name)): indicator_uri(s.indicator)}
                    for s in renderer.series
                ]
            }
        )
    if renderer.site.topics:
        topics = [{escape_text(renderer.tr(t.name)): topic_uri(t)} for t in renderer.site.topics]
        items.append({strings["topics_title"]: [TOPICS_URI, *topics]})
    if renderer.site.glossary is not None:
        items.append({strings["glossary_title"]: GLOSSARY_URI})
    items.append({strings["whats_new_title"]: "whats-new.md"})
    return items
