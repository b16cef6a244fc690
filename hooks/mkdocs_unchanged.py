"""MkDocs adapter, third part: what a build need not do again.

- The theme's files (Material's folder holds some 14,500, mostly icons) are listed once per
  process and listed again only when a folder of the theme changes (a file added, removed or
  renamed): MkDocs lists them for every build, so three times per ``mkdocs build``.
- Templates are compiled once and kept between builds (``policysite.render.bytecode``).
- A page is rendered through the theme's templates only when something it shows may have
  changed. Its fingerprint covers the whole template context (the page's converted content,
  table of contents and metadata; the whole navigation: titles, addresses, order, the pages'
  metadata; the build's page list; the configuration with the edition's extra settings) and
  the template environment's filters and globals. A page whose fingerprint is unchanged gets
  the HTML its last render made; everything else in the build (plugin events, writing the
  file) runs as before. The 404 page and the sitemap are rendered every time.
  Under ``mkdocs serve`` (once the preview has taken over) the renders are kept in memory and
  forgotten when a template the last renders loaded or a theme folder changes. A build keeps
  them in the build cache (``policysite.content.cache``), under the fingerprint with
  everything the fingerprint cannot see: the source of the site's own theme folders and of the
  adapter and core (filters are described by name, not code), and the versions of Python,
  MkDocs, Material, Jinja, Markdown and PyMdown, which hold the rest of the templates and
  extensions. Rendering the theme's templates was about a fifth of a warm build.
- A page's Markdown is converted only when something the conversion reads changed: its
  Markdown (after the plugins' ``on_page_markdown``) and place, every file's place (links are
  resolved against them), the configuration files (Markdown settings such as toc's slugify are
  functions, described only there), the validation settings, the logging level, the code and
  the versions. Otherwise the page gets what the last build's conversion left on it: its HTML,
  table of contents, title, anchors and the links to anchors MkDocs checks after all pages are
  converted. A conversion that logged anything is not kept, so a warning shows on every build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import functools
import hashlib
import json
import logging
import os
import sys
import types
import weakref
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import markdown
import material
import mkdocs
import pymdownx
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.theme import Theme
from mkdocs_preview import previewing
from mkdocs_rawhtml import converted_aside
from policysite.render import cache
from policysite.render.bytecode import THEME_TEMPLATES

_VERSIONED = (mkdocs, material, jinja2, markdown, pymdownx)


def on_pre_build(config: MkDocsConfig) -> None:
    """Give the build's theme an environment that keeps what earlier builds made, and its pages
    a conversion that takes the last build's where nothing it reads changed."""
    theme = config.theme
    theme.get_env = functools.partial(_environment, theme)  # type: ignore[method-assign]
    Page.render = _converted_once  # type: ignore[method-assign, assignment]


def _environment(theme: Theme) -> jinja2.Environment:
    env = Theme.get_env(theme)
    env.bytecode_cache = THEME_TEMPLATES  # each build's new environment: compiled once
    folders = tuple(theme.dirs)
    listing = functools.partial(_listed_once, env, folders, tuple(sorted(theme.static_templates)))
    env.list_templates = listing  # type: ignore[method-assign]
    env.template_class = _RenderedOnce
    if previewing():
        loaded = _loaded[env] = {}  # the sources of the templates this environment loads
        assert isinstance(env.loader, jinja2.FileSystemLoader)
        env.loader.get_source = functools.partial(_source, env.loader, loaded)  # type: ignore[method-assign]
    return env


# -- The theme's folders and their listing -----------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Folders:
    """The folders below the theme's folders, each with its modification time."""

    times: tuple[tuple[str, int], ...]

    @classmethod
    def now(cls, roots: Iterable[str]) -> _Folders:
        found = []
        for root in roots:
            for folder, _, _ in os.walk(root):
                found.append((folder, os.stat(folder).st_mtime_ns))
        return cls(tuple(found))

    def unchanged(self) -> bool:
        try:
            return all(os.stat(folder).st_mtime_ns == time for folder, time in self.times)
        except OSError:
            return False


_listings: dict[tuple[Any, ...], tuple[_Folders, list[str]]] = {}


def _listed_once(
    env: jinja2.Environment,
    folders: tuple[str, ...],
    static_templates: tuple[str, ...],
    extensions: Any = None,
    filter_func: Callable[[str], bool] | None = None,
) -> list[str]:
    """``env.list_templates``, kept while the theme's folders are unchanged. MkDocs' filter
    depends on the theme's static templates and Markdown extensions: both are in the key."""
    code = getattr(filter_func, "__code__", filter_func)
    key = (folders, static_templates, tuple(utils.markdown_extensions), extensions, code)
    known = _listings.get(key)
    if known is not None and known[0].unchanged():
        return list(known[1])
    before = _Folders.now(folders)  # before listing: a change meanwhile lists again next time
    names = jinja2.Environment.list_templates(env, extensions, filter_func)
    _listings[key] = (before, names)
    return list(names)


# -- Pages rendered again only when what they show changed -------------------------------------


def _source(
    loader: jinja2.FileSystemLoader, loaded: dict[str, str], env: jinja2.Environment, name: str
) -> tuple[str, str, Callable[[], bool]]:
    source, filename, uptodate = jinja2.FileSystemLoader.get_source(loader, env, name)
    loaded[filename] = _text_digest(source)
    return source, filename, uptodate


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclasses.dataclass
class _Edition:
    """What the preview keeps of one edition's renders."""

    folders: _Folders | None = None  # the theme's folders when the kept renders were made
    templates: dict[str, str] = dataclasses.field(default_factory=dict)  # file -> digest
    outputs: dict[tuple[str, str], tuple[str, bytes]] = dataclasses.field(default_factory=dict)
    checked: Any = None  # the environment the kept renders were last checked for

    def check(self, env: jinja2.Environment, folders: tuple[str, ...]) -> None:
        """Once per build: forget every kept render if a template it read or a theme folder
        changed."""
        if self.checked is env:
            return
        self.checked = env
        if self.folders is None or not self.folders.unchanged() or not self._templates_same():
            self.outputs.clear()
            self.templates.clear()
            self.folders = _Folders.now(folders)

    def _templates_same(self) -> bool:
        for filename, digest in self.templates.items():
            try:
                text = Path(filename).read_text(encoding="utf-8")
            except OSError:
                return False
            if _text_digest(text) != digest:
                return False
        return True


_editions: dict[str, _Edition] = {}  # by configuration file
_loaded: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, str]] = (
    weakref.WeakKeyDictionary()
)


class _Unstable(Exception):
    """A value in the context has no fingerprint that is the same from build to build."""


class _RenderedOnce(jinja2.Template):
    """A theme template whose page renders are kept under the preview (see the module)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        config, page = context.get("config"), context.get("page")
        if not isinstance(config, MkDocsConfig) or not isinstance(page, Page) or not self.name:
            return super().render(*args, **kwargs)  # the 404 page and the sitemap: every time
        if not previewing():
            return self._kept_between_builds(context, args, kwargs)
        edition = _editions.setdefault(str(config.config_file_path), _Edition())
        edition.check(self.environment, tuple(config.theme.dirs))
        slot = (self.name, page.file.src_uri)
        try:
            fingerprint = _fingerprint(self.environment, context)
        except _Unstable:
            return super().render(*args, **kwargs)
        known = edition.outputs.get(slot)
        if known is not None and known[0] == fingerprint:
            return zlib.decompress(known[1]).decode("utf-8")
        output = super().render(*args, **kwargs)
        edition.templates.update(_loaded[self.environment])
        edition.outputs[slot] = (fingerprint, zlib.compress(output.encode("utf-8"), 1))
        return output


    def _kept_between_builds(self, context: Mapping[str, Any], args: Any, kwargs: Any) -> str:
        try:
            fingerprint = _fingerprint(self.environment, context)
        except _Unstable:
            return super().render(*args, **kwargs)
        outside = _unseen_by_fingerprint(self.environment, context["config"].theme)
        name = cache.digest([fingerprint, self.name or "", outside]) + ".html.z"
        if (kept := cache.read("pages", name)) is not None:
            with contextlib.suppress(zlib.error, UnicodeDecodeError):
                return zlib.decompress(kept).decode("utf-8")
        output = super().render(*args, **kwargs)
        cache.keep("pages", name, zlib.compress(output.encode("utf-8"), 1))
        return output


_unseen: weakref.WeakKeyDictionary[jinja2.Environment, str] = weakref.WeakKeyDictionary()
_HOOKS = Path(__file__).resolve().parent
_INSTALLED = (Path(mkdocs.__file__).resolve().parent, Path(material.__file__).resolve().parent)


def _unseen_by_fingerprint(env: jinja2.Environment, theme: Theme) -> str:
    """A digest of what shapes a page's HTML that its fingerprint does not describe (once per
    build): the files of the theme's folders that are not installed packages (the site's
    overrides), the adapter's and the core's code, and the installed versions."""
    known = _unseen.get(env)
    if known is None:
        parts: list[str | bytes] = []
        for folder in (Path(f) for f in theme.dirs if _installed_name(f) is None):
            for file in sorted(f for f in folder.rglob("*") if f.is_file()):
                parts += [file.relative_to(folder).as_posix(), file.read_bytes()]
        known = _unseen[env] = cache.digest([*parts, _code_digest()])
    return known


@functools.cache
def _code_digest() -> str:
    """The adapter's and the core's code and the installed versions (once per process)."""
    parts: list[str | bytes] = [
        sys.version,
        *(f"{module.__name__} {getattr(module, '__version__', '')}" for module in _VERSIONED),
    ]
    for file in sorted(f for f in _HOOKS.rglob("*.py") if "__pycache__" not in f.parts):
        parts += [file.relative_to(_HOOKS).as_posix(), file.read_bytes()]
    return cache.digest(parts)


def _fingerprint(env: jinja2.Environment, context: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    for name in sorted(context):
        value = context[name]
        if name in ("nav", "config", "pages"):
            digest.update(_kept_digest(env, value))  # the same object for every page
        else:
            digest.update(_digest(value))
    environment = {"filters": env.filters, "globals": env.globals, "tests": env.tests}
    digest.update(_kept_digest(env, environment, key=id(env)))
    return digest.hexdigest()


_kept: dict[int, tuple[Any, bytes]] = {}  # id -> (object, digest), for the current environment
_kept_for: list[Any] = [None]


def _kept_digest(env: jinja2.Environment, value: Any, key: int | None = None) -> bytes:
    """The digest of a value every page of a build shares, made once per build."""
    if _kept_for[0] is not env:
        _kept.clear()
        _kept_for[0] = env
    key = id(value) if key is None else key
    known = _kept.get(key)
    if known is None:
        known = _kept[key] = (value, _digest(value))
    return known[1]


def _digest(value: Any) -> bytes:
    parts: list[str] = []
    _describe(value, parts, set())
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).digest()


def _describe(value: Any, parts: list[str], open_ids: set[int]) -> None:
    """Append to ``parts`` a description of ``value`` that is the same from build to build
    exactly when the value is (objects by their state, never by their address)."""
    if isinstance(value, str):  # by length and text: no escaping of a page's whole content
        parts.append(f"{type(value).__name__}{len(value)}:{value}")
        return
    if value is None or isinstance(value, (int, float, bool, bytes, enum.Enum)):
        parts.append(repr(value))
        return
    if isinstance(value, (datetime.date, datetime.time)):
        parts.append(value.isoformat())
        return
    if id(value) in open_ids:  # a reference back to a value being described
        parts.append("<cycle>")
        return
    open_ids.add(id(value))
    try:
        parts.append(type(value).__qualname__)
        _describe_parts(value, parts, open_ids)
    finally:
        open_ids.discard(id(value))


def _describe_parts(value: Any, parts: list[str], open_ids: set[int]) -> None:
    describe = functools.partial(_describe, parts=parts, open_ids=open_ids)
    if isinstance(value, Page):
        _describe_page(value, parts, open_ids)
    elif isinstance(value, Navigation):
        describe([_nav_item(item) for item in value.items])
        describe(value.homepage.url if value.homepage else None)
    elif isinstance(value, File):
        page = value.page
        describe((value.src_uri, value.url, str(value.inclusion), page and page.title))
    elif isinstance(value, MkDocsConfig):  # where the site's files are: no template reads it
        describe({key: item for key, item in value.items() if key not in _PLACES})
    elif isinstance(value, Theme):  # the site's own folders: by their files (_unseen_by_...)
        folders = [_installed_name(folder) for folder in value.dirs]
        describe((dict(value.items()), folders, sorted(value.static_templates)))
    elif isinstance(value, BasePlugin):
        describe(dict(value.config.items()) if value.config else None)
    elif isinstance(value, Mapping):
        for key in sorted(value, key=str):
            describe(key)
            describe(value[key])
    elif isinstance(value, (list, tuple)):
        for item in value:
            describe(item)
    elif isinstance(value, (set, frozenset)):
        if all(isinstance(item, str) for item in value):
            parts.extend(sorted(value))  # anchor names
        else:
            parts.extend(sorted(_digest(item).hex() for item in value))
    elif isinstance(value, types.ModuleType):
        parts.append(value.__name__)
    elif isinstance(value, type):
        parts.append(f"{value.__module__}.{value.__qualname__}")
    elif isinstance(value, (types.FunctionType, types.MethodType)):
        _describe_function(value, parts, open_ids)
    elif dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
        describe(vars(value))
    elif " at 0x" in (text := repr(value)):
        raise _Unstable(text)
    else:
        parts.append(text)


def _describe_function(value: Any, parts: list[str], open_ids: set[int]) -> None:
    if isinstance(value, types.MethodType):
        _describe(value.__self__, parts, open_ids)
        value = value.__func__
    parts.append(f"{value.__module__}.{value.__qualname__}")
    for cell in value.__closure__ or ():
        _describe(cell.cell_contents, parts, open_ids)
    _describe(value.__defaults__, parts, open_ids)


_PLACES = ("site_dir", "docs_dir", "config_file_path", "watch")


def _installed_name(folder: str) -> str | None:
    """An installed package's theme folder, by its path inside the installation; None for
    the site's own."""
    path = Path(folder).resolve()
    for package in _INSTALLED:
        if path.is_relative_to(package):
            return f"{package.name}/{path.relative_to(package).as_posix()}"
    return None


def _nav_item(item: Any) -> tuple[Any, ...]:
    if isinstance(item, Section):
        return ("section", item.title, [_nav_item(child) for child in item.children])
    if isinstance(item, Page):  # Material's navigation shows a page's icon and status
        return ("page", item.title, item.url, item.file.src_uri, item.meta)
    if isinstance(item, Link):
        return ("link", item.title, item.url)
    return ("other", repr(item))


def _describe_page(page: Page, parts: list[str], open_ids: set[int]) -> None:
    """The page's own state; where it sits in the navigation (its parent, its neighbours) is
    in the navigation's description, which every page's fingerprint holds. Its Markdown and
    its converted HTML are described by the name of their conversion (``_conversion_name``:
    a digest of the Markdown and of everything else the conversion reads, which therefore
    decides the HTML) while the page's HTML is still the very text the conversion made (no
    plugin replaced it); describing both texts was three quarters of a fingerprint."""
    related = {"parent", "previous_page", "next_page", "file", "links_to_anchors", "render"}
    state = {key: value for key, value in vars(page).items() if key not in related}
    converted = state.pop(_CONVERTED_ATTRIBUTE, None)
    if isinstance(converted, _Conversion) and converted.content is page.content:
        state["markdown"] = state["content"] = f"converted {converted.name}"
    neighbours = [p and (p.url, p.title) for p in (page.previous_page, page.next_page)]
    _describe((state, neighbours, page.file), parts, open_ids)


# -- A page's Markdown converted again only when what the conversion reads changed --------------

_convert = Page.render
_CONVERTED_FORMAT = "2"  # 2: the raw HTML blocks put back, anchors added
_CONVERTED_ATTRIBUTE = "_policysite_conversion"  # on the page: its _Conversion


@dataclasses.dataclass(frozen=True)
class _Conversion:
    """Which conversion made a page's HTML: its name (``_conversion_name``) and the HTML."""

    name: str
    content: str | None


def _converted_once(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render``, or the state the last build's conversion of the same input left on the
    page (see the module). A conversion that logged anything is not kept, so a warning shows on
    every build."""
    if page.markdown is None:  # not read: MkDocs' own error
        return _convert(page, config, files)
    name = _conversion_name(page, config, files)
    kept = cache.read("converted", name)
    if kept is not None:
        with contextlib.suppress(zlib.error, ValueError, KeyError, TypeError):
            _restore(page, files, json.loads(zlib.decompress(kept)))
            setattr(page, _CONVERTED_ATTRIBUTE, _Conversion(name, page.content))
            return
    logged = _Logged()
    for logger in _WATCHED:
        logging.getLogger(logger).addHandler(logged)
    try:
        converted_aside(page, config, files, _convert)  # raw HTML blocks set aside
    finally:
        for logger in _WATCHED:
            logging.getLogger(logger).removeHandler(logged)
    setattr(page, _CONVERTED_ATTRIBUTE, _Conversion(name, page.content))
    if not logged.any:
        data = json.dumps(_state(page), ensure_ascii=False, sort_keys=True)
        cache.keep("converted", name, zlib.compress(data.encode("utf-8"), 1))


# Where a conversion's messages end: MkDocs' own loggers ("mkdocs.structure.pages" and the
# like) stop at "mkdocs" under its command line, which turns their propagation off; the rest
# (Python-Markdown's, the extensions') reach the root.
_WATCHED = ("mkdocs", "")


class _Logged(logging.Handler):
    any = False

    def emit(self, record: logging.LogRecord) -> None:
        self.any = True


def _conversion_name(page: Page, config: MkDocsConfig, files: Files) -> str:
    """A digest of what a page's conversion reads: its Markdown and place, every file's place
    (links are resolved against them), the Markdown settings (the configuration files: a
    setting such as toc's slugify is a function, described by its arguments only there), the
    logging level (what is logged decides what is kept) and the code."""
    file = page.file
    return cache.digest(
        [
            _CONVERTED_FORMAT,
            page.markdown or "",
            file.src_uri,
            file.url,
            file.dest_uri,
            _build_digest(config, files),
            str(logging.getLogger("mkdocs").getEffectiveLevel()),
        ]
    )


_build_digests: dict[int, tuple[Any, Any, str]] = {}


def _build_digest(config: MkDocsConfig, files: Files) -> str:
    """What every page's conversion in one edition's build shares, made once per build."""
    known = _build_digests.get(id(config))
    if known is None or known[0] is not config or known[1] is not files:
        places = sorted((f.src_uri, f.url, f.dest_uri, str(f.inclusion)) for f in files)
        folder = Path(config.config_file_path or ".").parent
        settings = [p.read_bytes() for p in sorted(folder.glob("mkdocs*.yml"))]
        parts: list[str | bytes] = [
            json.dumps(places),
            *settings,
            json.dumps(config.markdown_extensions, default=repr),
            _digest(dict(config.validation)).hex(),
            str(config.use_directory_urls),
            _code_digest(),
        ]
        _build_digests.clear()
        known = _build_digests[id(config)] = (config, files, cache.digest(parts))
    return known[2]


def _state(page: Page) -> dict[str, Any]:
    links = getattr(page, "links_to_anchors", None)
    return {
        "content": page.content,
        "toc": [_toc_token(item) for item in page.toc.items],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None
        if links is None
        else {target.src_uri: anchors for target, anchors in links.items()},
    }


def _restore(page: Page, files: Files, state: dict[str, Any]) -> None:
    links = state["links"]
    if links is not None:
        found = {uri: files.get_file_from_path(uri) for uri in links}
        targets = {uri: target for uri, target in found.items() if target is not None}
        if len(targets) < len(found):
            raise KeyError("a linked file is gone")
        page.links_to_anchors = {targets[uri]: anchors for uri, anchors in links.items()}
    page.content = state["content"]
    page.toc = get_toc(state["toc"])
    page._title_from_render = state["title"]
    page.present_anchor_ids = set(state["anchors"])


def _toc_token(item: AnchorLink) -> dict[str, Any]:
    children = [_toc_token(child) for child in item.children]
    return {"level": item.level, "id": item.id, "name": item.title, "children": children}
