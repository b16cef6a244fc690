"""MkDocs adapter: hands content to the plain core (``policysite``) and its pages to MkDocs.

The Chinese build (mkdocs.yml) builds the other editions (``extra.alternate`` entries with a
``config``) into their folders from its ``on_post_build``: one ``mkdocs build`` builds them all
(`mkdocs serve`: each when it is read, mkdocs_preview.py). Content is loaded on every build,
never at import time; MkDocs loads this module once per process and shares it between the
builds, so per-build data is keyed by the build's config."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mkdocs_preview as preview
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs_preview import on_pre_page as on_pre_page  # serve: unchanged pages not reconverted
from mkdocs_unchanged import on_pre_build as on_pre_build  # theme listed, compiled once
from policysite.checks.loader import LoadResult, content_epoch, load_site, publish_drafts
from policysite.checks.site_url import missing_site_url
from policysite.content import crash, memory
from policysite.render import opendata, publish, search_index
from policysite.render.assets import AssetUrls, asset_urls
from policysite.render.pages import PageSpec, render_edition
from policysite.render.strings import edition_settings, ui_strings

log = get_plugin_logger("policysite")

ROOT_LANGUAGE = "zh"


@dataclass
class _Build:  # what one language's build needs between MkDocs events
    pages: list[PageSpec]
    assets: AssetUrls
    data: list[tuple[str, str | bytes]] = field(default_factory=list)  # robots.txt, open data


_builds: dict[int, _Build] = {}  # keyed by id(config): MkDocs shares this module between builds
_command: str | None = None
_loaded: LoadResult | None = None  # content of the current build, shared by every edition
_publication: publish.Publication | None = None  # `mkdocs build` writes to staging first
_site_root_url = ""  # the root (Chinese) build's site_url: the other editions link from it
_guarded = crash.guarded(PluginError, "building", own=("mkdocs", "click"))  # no tracebacks
_finishing = crash.guarded(Abort, "publishing", own=("mkdocs", "click"))  # a full disk: 1 line


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command
    memory.collect_less_often()  # a build's many short-lived objects: fewer collections


def _language(config: MkDocsConfig) -> str:
    return str(config.theme["language"])


@_guarded
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _loaded, _site_root_url
    _stage(config)  # the root build locks the site first (the next build waits), then loads
    lang = _language(config)
    every_build = lang == ROOT_LANGUAGE and _command != "serve"  # serve: after each change
    if fresh := preview.content_changed() or _loaded is None or every_build:
        drafts = publish_drafts(_command, config.extra.get("publish_drafts"), os.environ)
        root = Path(config.config_file_path).resolve().parent  # ContentError: all problems
        _loaded = load_site(root, drafts=drafts, kept=preview.kept_parses(_command))
    result = _loaded  # the other editions, chained from the Chinese one, reuse its content
    if fresh:  # report warnings once, not once per edition
        for warning in (*result.warnings, *missing_site_url(_command, os.environ)):
            log.warning(warning.format())
        # Reproducible sitemap.xml.gz: without SOURCE_DATE_EPOCH, the latest report's date.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(content_epoch(result.site)))
    config.update(edition_settings(result.site, config, lang))  # zh-Hant's: the zh ones converted
    sub_sites = [folder for folder, _ in publish.chained_editions(config.extra["alternate"])]
    robots_names = sub_sites if lang == ROOT_LANGUAGE else ()  # crawlers read the root's only
    edition = render_edition(result, lang, config.site_url, robots_names, warn=log.warning)
    build_state = _Build(edition.pages, asset_urls(config.theme, config.extra), edition.files)
    if lang == ROOT_LANGUAGE:  # shared by every edition: once, at the site root
        build_state.data += opendata.data_files(result.site, config.site_url)  # absolute URLs
        _site_root_url = config.site_url or ""
    _builds[id(config)], config.nav = build_state, edition.nav
    search_index.skip_theme_indexing(config.plugins)  # Material keeps its box, not its index
    config.extra.update(strings=ui_strings()[lang], site_root_url=_site_root_url)  # 404: strings
    return config


def _stage(config: MkDocsConfig) -> None:
    """For `mkdocs build`, lock the site and write into a staging folder (not for `serve`)."""
    global _publication
    if _command == "build" and _publication is None:
        _publication = publish.Publication(Path(config.site_dir), waiting=log.info)
        config.site_dir = str(_publication.staging)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    state, included = _builds[id(config)], InclusionLevel.INCLUDED
    publish.drop_sources_in(files, config.docs_dir)  # pages are generated, assets from overrides/
    for spec in state.pages:
        file = File.generated(config, spec.src_uri, content=spec.markdown, inclusion=included)
        file.edit_uri = spec.edit_path  # "edit this page" opens the YAML it came from
        files.append(file)
    added = state.assets.update_files(files)  # other editions link to the root's assets
    for path, source in added + [(path, {"content": data}) for path, data in state.data]:
        files.append(File.generated(config, path, inclusion=included, **source))
    return files


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:  # assets: versioned, at root
    return _builds[id(config)].assets.add_filters(env)


@_guarded
def on_post_build(config: MkDocsConfig) -> None:
    pages = [page.src_uri for page in _builds.pop(id(config)).pages if page.searched]
    if (Path(config.site_dir) / "search" / "search_index.json").is_file():  # Material's config
        preview.write_search(config, pages, _loaded.site if _loaded else None)  # serve: if read
    if _language(config) != ROOT_LANGUAGE or preview.previewing():
        return  # serve, after its first build: the others are built when first read
    for folder, config_file in publish.chained_editions(config.extra["alternate"]):
        preview.build_edition(config, folder, config_file)
    if _publication is not None:
        _publication.succeeded = True  # unless strict mode aborts after this event


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    return preview.start_preview(server, config, builder) if _command == "serve" else server


@_finishing
def on_build_error(error: Exception, **_: Any) -> None:
    global _loaded
    _builds.clear()
    _loaded = None
    if _publication is not None:
        _publication.fail(error)  # a full disk or no permission: one line, not a traceback


@_finishing
def on_shutdown() -> None:
    global _publication
    if _publication is not None:
        _publication.finish()  # a failed build leaves the previous site as it was
    _publication = None
