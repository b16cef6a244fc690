"""Where the build puts things: the names the site gives its own folders and files, beside the
folders that report and chapter IDs name.

A report's pages sit in ``<report id>/`` at the root of every edition, beside the edition
folders (``en/``, ``zh-hant/``: mkdocs.yml's ``extra.alternate``), the site's own folders and
its generated files; a chapter's in ``<report id>/<chapter id>/``, beside the report's own
pages. So an ID equal to one of these names would put its pages where the site's are: such IDs
are refused (``checks.ids``). The renderer takes its page and folder names from here, and a
test compares these names with what a real build writes.
"""

from __future__ import annotations

from pathlib import Path

from .yamlio import LoadedYaml, parsed_once

SITE_CONFIG = "mkdocs.yml"  # the Chinese edition's, which lists every edition

# Folders and pages at the root of each edition.
ASSETS_DIR = "assets"  # theme and site assets (written once, at the site root)
SEARCH_DIR = "search"  # each edition's search index
DATA_DIR = "data"  # open data (at the site root)
SHARE_DIR = "share"  # each page's share card
GLOSSARY_PAGE = "glossary"
TOPICS_DIR = "topics"  # the topic pages
INDICATORS_DIR = "indicators"  # a page per indicator across the years (render/indicators.py)
WHATS_NEW_PAGE = "whats-new"
HOME_PAGE = "index"
FEED_FILE = "feed.xml"  # each edition's Atom feed
# Files MkDocs, the theme and the hook write there (``404.html``, ``sitemap.xml`` …), by stem.
GENERATED_FILES = ("404", "sitemap", "robots", FEED_FILE.split(".")[0])
# Pages in each report's folder, beside its chapters.
TARGETS_PAGE = "targets"
FULL_TEXT_PAGE = "full"
ABOUT_PAGE = "about"
REPORT_PAGES = frozenset({HOME_PAGE, TARGETS_PAGE, FULL_TEXT_PAGE, ABOUT_PAGE})
SITE_NAMES = frozenset(
    {
        ASSETS_DIR,
        SEARCH_DIR,
        DATA_DIR,
        SHARE_DIR,
        GLOSSARY_PAGE,
        TOPICS_DIR,
        INDICATORS_DIR,
        WHATS_NEW_PAGE,
    }
    | set(GENERATED_FILES)
)


def edition_folders(root: Path) -> frozenset[str]:
    """The folders of the editions below the site root (``en``, ``zh-hant``), as mkdocs.yml's
    ``extra.alternate`` names them; none when the file cannot be read (the build says why)."""
    try:
        text = (root / SITE_CONFIG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    loaded = parsed_once(text, SITE_CONFIG)  # tags such as !ENV are read as plain values
    if not isinstance(loaded, LoadedYaml) or not isinstance(loaded.data, dict):
        return frozenset()
    extra = loaded.data.get("extra")
    editions = extra.get("alternate") if isinstance(extra, dict) else None
    folders = (
        str(edition.get("prefix") or "").strip("/")
        for edition in (editions if isinstance(editions, list) else [])
        if isinstance(edition, dict)
    )
    return frozenset(folder for folder in folders if folder)


def reserved_report_ids(root: Path) -> frozenset[str]:
    """Names a report ID may not take: the editions' folders and the site's own names."""
    return SITE_NAMES | REPORT_PAGES | edition_folders(root)
