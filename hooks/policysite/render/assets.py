"""Asset addresses: versioned file names for the project's own assets, and one copy of every
theme asset shared by all language editions.

The site root's edition (Chinese) publishes ``assets/``; every other edition (``en/``, and
any later one) links to that copy instead of writing its own, so a reader who switches
language downloads only the page. The project's own files (``overrides/assets``) get a content
hash in their name (``site.css`` -> ``site.1a2b3c4d.css``), so the server can let browsers keep
them for a year and a changed file still reaches readers at once. Pages link the versioned name;
the plain name is published too, for references the build cannot rewrite (a script that loads
another by a relative path), and is revalidated after an hour.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..content import layout
from ..content.interface import TEMPLATE_DIR
from .css_slim import FixedAttributes, markup_sources, slim_stylesheet

ASSETS_DIR = layout.ASSETS_DIR + "/"
HASH_LENGTH = 8  # hex digits; the same length as Material's own names (main.57a0d79d.min.css)
STYLESHEET = "assets/stylesheets/main.*.min.css"  # Material's render-blocking stylesheet
PALETTE_STYLESHEET = "assets/stylesheets/palette.*.min.css"  # its colours, also render-blocking
VERSIONED_SUFFIXES = (".css", ".js", ".svg", ".png", ".ico", ".webp", ".woff2")


def versioned_name(path: str, content: bytes) -> str:
    """``assets/x/site.css`` -> ``assets/x/site.<hash>.css``; ``t.min.js`` -> ``t.<hash>.min.js``
    (the hash is of the content; a hash already in the name is replaced)."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    folder, name = posixpath.split(path)
    stem, dot, extension = name.partition(".")
    if not dot:
        return path
    old, _, rest = extension.partition(".")
    if rest and len(old) == HASH_LENGTH and all(c in "0123456789abcdef" for c in old):
        extension = rest
    return posixpath.join(folder, f"{stem}.{digest}.{extension}")


def asset_versions(custom_dir: Path) -> dict[str, str]:
    """Versioned names of the project's own assets under ``custom_dir/assets``, keyed by the
    path the configuration and templates use (``assets/stylesheets/site.css``)."""
    root = custom_dir / ASSETS_DIR
    if not root.is_dir():
        return {}
    versions = {}
    for file in sorted(root.rglob("*")):
        if file.is_file() and file.name.endswith(VERSIONED_SUFFIXES):
            path = file.relative_to(custom_dir).as_posix()
            versions[path] = versioned_name(path, file.read_bytes())
    return versions


@dataclass(frozen=True)
class GeneratedAsset:
    """An asset the build writes in place of a theme file (``replaces``)."""

    replaces: str  # the theme's path, e.g. assets/stylesheets/main.57a0d79d.min.css
    path: str  # the versioned path it is published at
    content: bytes


def slim_theme_stylesheets(
    theme_dirs: list[Path],
    custom_dir: Path | None,
    template_dir: Path,
    fixed: FixedAttributes = (),
) -> tuple[GeneratedAsset, ...]:
    """The theme's main and palette stylesheets without the rules this site's markup and
    configuration can never use (``css_slim``), under names versioned by their content."""
    folders = [template_dir] if custom_dir is None else [custom_dir, template_dir]
    sources: dict[Path, tuple[Path, ...]] = {}  # theme folder -> its markup (read once)
    generated = []
    for pattern in (STYLESHEET, PALETTE_STYLESHEET):
        found = [css for folder in theme_dirs for css in folder.glob(pattern)]
        if not found:
            continue
        theme_dir = found[0].parents[2]
        if theme_dir not in sources:
            sources[theme_dir] = markup_sources(theme_dir, folders)
        slim = slim_stylesheet(found[0], sources[theme_dir], fixed).encode("utf-8")
        replaces = found[0].relative_to(theme_dir).as_posix()
        generated.append(GeneratedAsset(replaces, versioned_name(replaces, slim), slim))
    return tuple(generated)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def compact_css(css: str) -> str:
    """``css`` without its comments, indentation and blank lines (they document the source,
    and are a tenth of what a first visit downloads of the site's own stylesheet). No string
    in the site's CSS holds a comment marker or a line break."""
    return _CSS_INDENT.sub("\n", _CSS_COMMENT.sub("", css)).strip() + "\n"


def own_stylesheets(custom_dir: Path | None) -> tuple[GeneratedAsset, ...]:
    """The project's stylesheets as published: compacted, under names versioned by the
    published content."""
    if custom_dir is None:
        return ()
    generated = []
    for file in sorted((custom_dir / ASSETS_DIR).rglob("*.css")):
        path = file.relative_to(custom_dir).as_posix()
        content = compact_css(file.read_text(encoding="utf-8")).encode("utf-8")
        generated.append(GeneratedAsset(path, versioned_name(path, content), content))
    return tuple(generated)


def fixed_attributes(theme: Mapping[str, Any], editions: Iterable[str]) -> FixedAttributes:
    """The only values the theme's templates give ``<body>``'s ``dir`` on any of the
    ``editions`` (language codes; the shared stylesheets serve them all) and, with a palette
    configured, its ``data-md-color-primary`` and ``-accent`` (Material's defaults, indigo, where
    a palette entry names none)."""
    folders = [Path(d) for d in getattr(theme, "dirs", [])]
    directions = {str(theme.get("direction") or "")} - {""} or {
        _direction(folders, lang) for lang in {str(theme.get("language") or "en"), *editions}
    }
    fixed = [("dir", frozenset(directions))]
    palette = theme.get("palette") or []
    options = [palette] if isinstance(palette, Mapping) else list(palette)
    for key in ("primary", "accent") if options else ():
        values = {str(option.get(key) or "indigo").replace(" ", "-") for option in options}
        fixed.append((f"data-md-color-{key}", frozenset(values)))
    return tuple(fixed)


def _direction(theme_dirs: list[Path], lang: str) -> str:
    """The text direction Material's language file gives ``lang`` (its fallback, English, runs
    left to right)."""
    for folder in theme_dirs:
        for name in (lang, lang.split("-")[0]):
            file = folder / "partials" / "languages" / f"{name}.html"
            if file.is_file():
                return "rtl" if '"direction": "rtl"' in file.read_text(encoding="utf-8") else "ltr"
    return "ltr"


def is_shared_asset(path: str) -> bool:
    """Theme and project assets live once, at the site root."""
    return path.startswith(ASSETS_DIR)


@dataclass(frozen=True)
class AssetUrls:
    """How one edition addresses assets: by versioned name, in the site root's copy.

    ``site_root`` leads from the edition's root to the site root ("" for the root edition,
    "../" for ``en/``)."""

    versions: Mapping[str, str] = field(default_factory=dict)
    site_root: str = ""
    generated: tuple[GeneratedAsset, ...] = ()

    @property
    def publishes_assets(self) -> bool:
        """Only the root edition writes ``assets/``; the others link to it."""
        return not self.site_root

    def resolve(self, path: str) -> str:
        """The path to put through the page-relative URL logic instead of ``path``."""
        if not is_shared_asset(path):
            return path
        return self.site_root + self.versions.get(path, path)

    def file_changes(
        self, files: Mapping[str, str | None]
    ) -> tuple[set[str], list[tuple[str, dict[str, Any]]]]:
        """Given the build's files (path -> file on disk), the theme's assets among them that
        this edition does not publish, and the files it adds (path, and the file on disk or
        the content). Pages link the versioned copies; the plain names stay for references the
        build cannot see (a worker's importScripts). Other editions publish no assets."""
        theme = {path: source for path, source in files.items() if is_shared_asset(path)}
        if not self.publishes_assets:
            return set(theme), []
        dropped = {name for a in self.generated for name in (a.replaces, a.replaces + ".map")}
        added: list[tuple[str, dict[str, Any]]] = [
            (self.versions[path], {"abs_src_path": source})
            for path, source in theme.items()
            if path in self.versions and path not in dropped and source
        ]
        added += [(asset.path, {"content": asset.content}) for asset in self.generated]
        return dropped & set(theme), added

    def update_files(self, files: Any) -> list[tuple[str, dict[str, Any]]]:
        """Remove from a build's file collection (MkDocs ``Files``: ``src_uri``,
        ``abs_src_path``, ``generated_by``) the theme's assets this edition does not publish;
        return the files to add (see ``file_changes``)."""
        dropped, added = self.file_changes({f.src_uri: f.abs_src_path for f in files})
        for file in [f for f in files if f.src_uri in dropped and not f.generated_by]:
            files.remove(file)  # other editions link to the site root's copy
        return added

    def template_filters(
        self, filters: Mapping[str, Callable[..., Any]]
    ) -> dict[str, Callable[..., Any]]:
        """The template engine's ``url`` and ``script_tag`` filters (from ``filters``, the
        engine's own), made to link assets by their versioned names in the site root's copy."""
        url_filter, script_tag_filter = filters["url"], filters["script_tag"]

        def resolve(context: Any, path: str) -> str:
            resolved = self.resolve(path)
            if resolved != path and context["page"] is None:  # error pages: absolute URLs
                return posixpath.normpath(url_filter(context, resolved))
            return resolved

        @jinja2.pass_context
        def url(context: Any, value: Any) -> str:
            return url_filter(context, resolve(context, str(value)))

        @jinja2.pass_context
        def script_tag(context: Any, script: Any) -> Any:
            if isinstance(script, str):
                return script_tag_filter(context, resolve(context, script))
            resolved = copy.copy(script)
            resolved.path = resolve(context, script.path)
            return script_tag_filter(context, resolved)

        return {"url": url, "script_tag": script_tag}

    def add_filters(self, env: Any) -> Any:
        """Replace the ``url`` and ``script_tag`` filters of a template environment (see
        ``template_filters``); return the environment."""
        env.filters.update(self.template_filters(env.filters))
        return env


def asset_urls(
    theme: Any, extra: Mapping[str, Any], template_dir: Path = TEMPLATE_DIR
) -> AssetUrls:
    """How an edition addresses assets: the project's own under versioned names, the theme's
    main and palette stylesheets slimmed, everything in the site root's copy. ``theme`` gives
    the theme's folders (``dirs``) and the project's (``custom_dir``); ``extra.site_root``
    leads from the edition's root to the site root."""
    theme_dirs: Iterable[str] = theme.dirs
    custom_dir: str | None = theme.custom_dir
    site_root = str(extra.get("site_root", ""))
    custom = Path(custom_dir) if custom_dir else None
    versions = asset_versions(custom) if custom is not None else {}
    editions = [
        str(edition["lang"]) for edition in extra.get("alternate") or [] if "lang" in edition
    ]
    fixed = fixed_attributes(theme, editions)
    generated = slim_theme_stylesheets([Path(d) for d in theme_dirs], custom, template_dir, fixed)
    generated += own_stylesheets(custom)
    for asset in generated:
        versions[asset.replaces] = asset.path
    return AssetUrls(versions, site_root, generated)
