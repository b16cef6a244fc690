"""MkDocs adapter, second part: raw HTML blocks set aside while a page's Markdown is converted,
and put back after (policysite/render/rawblocks.py says why). Not a hook of its own: the
conversion of ``mkdocs_unchanged.py`` (``Page.render``) runs through ``converted_aside``, so a
page whose conversion the last build kept does not look for its blocks at all (finding them
and putting them back was 5% of a warm build's instructions at one report, 536 M of 11.14 G:
a kept conversion is keyed by the page's Markdown, from which the blocks follow). The page
gets its whole HTML from the conversion, blocks included, before any plugin's
``on_page_content``. Under `mkdocs serve` (once the preview has taken over) a page whose
Markdown is unchanged since an earlier save reuses what was set aside and the anchors found
then: most pages are unchanged after a save, and finding the blocks again cost about a third
of a save at ten reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_preview import previewing
from policysite.render.rawblocks import put_in, set_aside

MOST_KEPT = 20_000  # pages' Markdown kept under `mkdocs serve` before the store starts again

Conversion = Callable[[Page, MkDocsConfig, Files], None]


@dataclass(frozen=True)
class _Aside:
    markdown: str  # the page's Markdown with the blocks replaced by numbered comments
    blocks: list[str]
    anchors: set[str]


_kept: dict[str, _Aside] = {}  # under `mkdocs serve`: by the page's Markdown


def converted_aside(page: Page, config: MkDocsConfig, files: Files, convert: Conversion) -> None:
    """``convert(page, config, files)`` (MkDocs' ``Page.render``) of the page's Markdown with
    its raw HTML blocks set aside, then the blocks put back into ``page.content`` and their
    anchors added to the page's (links to them are still checked). ``page.markdown`` is the
    page's own again afterwards."""
    markdown = page.markdown or ""
    aside = _kept.get(markdown) if previewing() else None
    if aside is None:
        aside = _Aside(*set_aside(markdown))
        if previewing():
            if len(_kept) >= MOST_KEPT:
                _kept.clear()
            _kept[markdown] = aside
    page.markdown = aside.markdown
    try:
        convert(page, config, files)
    finally:
        page.markdown = markdown
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= aside.anchors
    page.content = put_in(page.content or "", aside.blocks)
