"""MkDocs adapter: hands content to the plain core (``policysite``) and its pages to MkDocs.

The Chinese build (mkdocs.yml) builds the English site (mkdocs.en.yml) into ``site/en`` from
its ``on_post_build``, so one ``mkdocs build`` (or ``mkdocs serve``) produces both languages.
Content is loaded on every build, never at import time; MkDocs loads this module once per
process and shares it between the two builds, so per-build data is keyed by the build's config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from policysite.loader import load_site
from policysite.model import Glossary
from policysite.opendata import data_files
from policysite.problems import ContentError
from policysite.render import PageSpec, render_site
from policysite.search_index import tune_index_file

log = get_plugin_logger("policysite")

ROOT_LANGUAGE = "zh"
CHAINED_CONFIG = "mkdocs.en.yml"
_pages: dict[int, list[PageSpec]] = {}
_glossaries: dict[int, Glossary | None] = {}  # for tuning the search index
_data: dict[int, list[tuple[str, bytes]]] = {}  # open-data files


def _language(config: MkDocsConfig) -> str:
    return str(config.theme["language"])


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    lang = _language(config)
    try:
        result = load_site(_root(config))
    except ContentError as error:
        # A clean, complete list of problems; nothing has been written yet.
        raise PluginError(f"content has errors:\n{error}") from None
    if lang == ROOT_LANGUAGE:  # report warnings once, not once per language
        for warning in result.warnings:
            log.warning(warning.format())
    pages, nav = render_site(result.site, lang)
    _pages[id(config)] = pages
    if lang == ROOT_LANGUAGE:  # shared by both languages: once, at the site root
        _data[id(config)] = list(data_files(result.site))
    _glossaries[id(config)] = result.site.glossary
    config.nav = nav
    site_url = config.site_url or ""
    prefix = str(config.extra.get("site_root", ""))
    config.extra["site_root_url"] = site_url[: -len("en/")] if prefix and site_url else site_url
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for spec in _pages.get(id(config), []):
        file = File.generated(
            config, spec.src_uri, content=spec.markdown, inclusion=InclusionLevel.INCLUDED
        )
        file.edit_uri = spec.edit_path  # "edit this page" opens the YAML it came from
        files.append(file)
    for path, content in _data.pop(id(config), []):
        files.append(
            File.generated(config, path, content=content, inclusion=InclusionLevel.INCLUDED)
        )
    return files


def on_post_build(config: MkDocsConfig) -> None:
    _pages.pop(id(config), None)
    glossary = _glossaries.pop(id(config), None)
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():  # hooks run after plugins: Material has written it
        size = tune_index_file(index, _language(config), glossary)
        log.debug(f"search index ({_language(config)}): {size.describe()}")
    if _language(config) != ROOT_LANGUAGE:
        return
    english = load_config(
        config_file=str(_root(config) / CHAINED_CONFIG),
        site_dir=str(Path(config.site_dir) / "en"),
        strict=bool(config.strict),
    )
    if config.site_url:
        english.site_url = config.site_url.rstrip("/") + "/en/"
    build(english)


def on_build_error(error: Exception, **_: Any) -> None:
    _pages.clear()
    _glossaries.clear()
    _data.clear()
