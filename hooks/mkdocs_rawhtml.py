"""MkDocs adapter, second part: raw HTML blocks set aside while a page's Markdown is converted,
and put back after (policysite/render/rawblocks.py says why). Listed after mkdocs_hooks.py in
mkdocs.yml's ``hooks``. Under `mkdocs serve` (once the preview has taken over) a page whose
Markdown is unchanged since an earlier save reuses what was set aside and the anchors found
then: most pages are unchanged after a save, and finding the blocks again cost about a third
of a save at ten reports."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_preview import previewing
from policysite.render.rawblocks import put_in, set_aside

MOST_KEPT = 20_000  # pages' Markdown kept under `mkdocs serve` before the store starts again


@dataclass(frozen=True)
class _Aside:
    markdown: str  # the page's Markdown with the blocks replaced by numbered comments
    blocks: list[str]
    anchors: set[str]


_aside: dict[int, _Aside] = {}  # by id(page), from its Markdown event to its content event
_kept: dict[str, _Aside] = {}  # under `mkdocs serve`: by the page's Markdown


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    aside = _kept.get(markdown) if previewing() else None
    if aside is None:
        aside = _Aside(*set_aside(markdown))
        if previewing():
            if len(_kept) >= MOST_KEPT:
                _kept.clear()
            _kept[markdown] = aside
    _aside[id(page)] = aside
    return aside.markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    aside = _aside.pop(id(page), None)
    if aside is None:
        return html
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= aside.anchors  # links to them are still checked
    return put_in(html, aside.blocks)
