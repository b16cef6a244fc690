"""MkDocs adapter, second part: raw HTML blocks set aside while a page's Markdown is converted,
and put back after (policysite/render/rawblocks.py says why). Listed after mkdocs_hooks.py in
mkdocs.yml's ``hooks``."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from policysite.render.rawblocks import put_back, set_aside

_aside: dict[int, list[str]] = {}  # by id(page), from its Markdown event to its content event


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    markdown, _aside[id(page)] = set_aside(markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html, anchors = put_back(html, _aside.pop(id(page), []))
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= anchors  # links to them are still checked
    return html
