"""Export the rendered site as plain Markdown with a plain MkDocs + Material configuration.

The export holds the pages of both languages exactly as the hook hands them to MkDocs (raw HTML
for tooltips and tables included), the static assets and open-data files they link to, and two
configurations with the site's theme settings, Markdown extensions, search settings and
navigation, but no hooks and no template overrides. Staff can build it with plain MkDocs; the
benchmark builds it as the baseline a hand-written Material site would cost (see
BUILD_COMMAND).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..checks.loader import load_site
from ..content.model import Site
from .hant import HANT
from .opendata import data_files
from .pages import render_site
from .strings import edition_settings

SITE_CONFIG = "mkdocs.yml"  # the Chinese site; the English one inherits it
ENGLISH_CONFIG = "mkdocs.en.yml"
HANT_CONFIG = "mkdocs.zh-hant.yml"
ASSETS_DIR = "overrides/assets"  # static files the pages and the theme settings refer to
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
BUILD_COMMAND = (
    "mkdocs build --strict && mkdocs build --strict -f mkdocs.en.yml"
    " && mkdocs build --strict -f mkdocs.zh-hant.yml"
)


@dataclass(frozen=True)
class Language:
    code: str
    config: str  # file name of the repository's configuration, reused for the export's
    docs_dir: str
    site_dir: str
    prefix: str  # this language's folder below the whole site's root
    site_root: str  # from this language's root to the whole site's root


LANGUAGES = (
    Language("zh", SITE_CONFIG, "docs", "site", "", ""),
    Language("en", ENGLISH_CONFIG, "docs-en", "site/en", "en/", "../"),
    Language(HANT, HANT_CONFIG, "docs-zh-hant", "site/zh-hant", "zh-hant/", "../"),
)
# Settings that only make sense with the hook or the overrides.
_DROPPED_KEYS = ("INHERIT", "hooks", "watch", "exclude_docs")


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    pages: dict[str, list[str]]  # language -> page paths, relative to its docs folder
    configs: tuple[Path, ...]  # in build order

    def describe(self) -> str:
        counts = ", ".join(f"{len(pages)} {lang} pages" for lang, pages in self.pages.items())
        return f"exported {counts} to {self.folder}"


class ExportRefused(Exception):
    """The destination already holds files."""


def export_site(root: Path, dest: Path, site_url: str | None = None) -> ExportResult:
    """Write the plain export of the site in ``root`` into ``dest`` (new or empty).

    The folder is written completely, or not at all. Raises ContentError when the content has
    errors, like the build."""
    root, dest = Path(root), Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportRefused(f"{dest} exists and is not empty; choose a new folder")
    loaded = load_site(root)
    site = loaded.site
    url = site_url or os.environ.get("SITE_URL") or DEFAULT_SITE_URL
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        pages: dict[str, list[str]] = {}
        configs = []
        for language in LANGUAGES:
            specs, nav = render_site(site, language.code, loaded.terms)
            docs = work / language.docs_dir
            for spec in specs:
                _write(docs / spec.src_uri, spec.markdown.encode("utf-8"))
            pages[language.code] = [spec.src_uri for spec in specs]
            if (root / ASSETS_DIR).is_dir():
                shutil.copytree(root / ASSETS_DIR, docs / "assets")
            if not language.prefix:  # shared by both languages, at the site's root
                for path, content in data_files(site):
                    _write(docs / path, content)
            language_url = url.rstrip("/") + "/" + language.prefix
            config = baseline_config(root, language, nav, language_url, site)
            (work / language.config).write_text(config, encoding="utf-8")
            configs.append(dest / language.config)
        if dest.exists():
            dest.rmdir()
        os.replace(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ExportResult(dest, pages, tuple(configs))


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def baseline_config(
    root: Path, language: Language, nav: list[Any], site_url: str, site: Site
) -> str:
    """The plain configuration of one language: the repository's, merged as MkDocs' INHERIT
    merges it, without hooks, overrides or watch folders, with the rendered ``nav`` (and, for
    the Traditional edition, the settings its hook converts)."""
    config = _load_config(root, language.config)
    if language.code == HANT:
        converted = edition_settings(site, config, HANT)
        for key in ("site_name", "site_description", "copyright"):
            config[key] = converted[key]
        config["extra"]["reading_mode"] = converted["extra"]["reading_mode"]
    for key in _DROPPED_KEYS:
        config.pop(key, None)
    config["site_url"] = site_url
    config["docs_dir"] = language.docs_dir
    config["site_dir"] = language.site_dir
    theme = config.get("theme")
    if isinstance(theme, dict):
        theme.pop("custom_dir", None)
    extra = config.get("extra")
    if isinstance(extra, dict):
        extra.pop("site_root", None)
        # Material's own switcher links to each language's root (`link`, relative to this
        # language's root, so the export also works under a sub-path).
        extra["alternate"] = [
            {"name": alt["name"], "lang": alt["lang"], "link": language.site_root + alt["prefix"]}
            for alt in extra.get("alternate", [])
            if isinstance(alt, Mapping)
        ]
    config["nav"] = nav
    return _dump(config, language)


def _load_config(root: Path, name: str) -> CommentedMap:
    yaml = YAML(typ="rt")  # keeps tags such as !!python/object/apply for the toc slugify
    config = yaml.load((root / name).read_text(encoding="utf-8"))
    parent = config.get("INHERIT")
    if not parent:
        return config
    base = _load_config(root, str(parent))
    _merge(base, config)
    return base


def _merge(base: CommentedMap, override: Mapping[str, Any]) -> None:
    """MkDocs' INHERIT: mappings are merged key by key, anything else (lists too) replaced."""
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            _merge(base[key], value)
        else:
            base[key] = value


_COMMENT_LINE = re.compile(r"^\s*#.*\n", re.MULTILINE)


def _dump(config: CommentedMap, language: Language) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(config, stream)
    # Comments of the repository's configuration describe the hook and overrides, not this.
    body = _COMMENT_LINE.sub("", stream.getvalue())
    return (
        f"# Plain MkDocs + Material export of the site ({language.code}): no hooks, no "
        "overrides.\n# Build every edition, Chinese first (its build cleans site/):\n"
        f"#   {BUILD_COMMAND}\n{body}"
    )
