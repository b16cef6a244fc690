"""MkDocs adapter, second part: building the other editions, and the preview under `mkdocs serve`.

`mkdocs build` builds every edition, chained from the root one (``build_edition``). Under
`mkdocs serve` the plan (``policysite.render.preview``) decides what is built: after a save,
only the edition being read; another edition when a file of it is first asked for; an
edition's search files when they are first asked for. A build that fails (content errors,
reported as in `mkdocs build`) leaves the last good preview served instead of holding every
request. The server polls for changes every ``POLL_SECONDS`` instead of MkDocs' 0.5 s.
(`mkdocs serve --clean` builds as `mkdocs build` does: every edition, each time.)"""

from __future__ import annotations

import copy
import functools
import hashlib
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from policysite.content.yamlio import KeptParses
from policysite.render.preview import ROOT, PreviewPlan
from policysite.render.publish import chained_editions
from policysite.render.search_index import write_search_index

log = get_plugin_logger("policysite")

POLL_SECONDS = 0.1  # a stat of the few hundred watched files, ten times a second


def build_edition(root: MkDocsConfig, folder: str, config_file: str) -> None:
    """Build the edition configured in ``config_file`` into ``folder`` of the root's site."""
    path = Path(root.config_file_path).resolve().parent / config_file
    site_dir = Path(root.site_dir) / folder
    edition = load_config(str(path), site_dir=str(site_dir), strict=bool(root.strict))
    if root.site_url:
        edition.site_url = root.site_url.rstrip("/") + "/" + folder
    build(edition)


class Preview:
    """The editions of one `mkdocs serve`, built as the plan says, one build at a time."""

    def __init__(
        self,
        config: MkDocsConfig,
        editions: Iterable[tuple[str, str]],
        build_root: Callable[[], Any],
    ) -> None:
        self.config, self.build_root = config, build_root
        self.changed = False  # a source file changed since content was last loaded
        self.configs = dict(editions)  # folder -> configuration file
        self.plan = PreviewPlan.of(self.configs)
        self.site = Path(config.site_dir)
        self.lock = threading.Lock()

    def rebuild(self) -> None:
        """The server's builder: a watched file changed."""
        with self.lock:
            self.changed = True
            self._build(self.plan.changed())

    def defer_search(self, site_dir: str, write: Callable[[], object]) -> None:
        folder = Path(site_dir).relative_to(self.site).as_posix()
        self.plan.defer_search("" if folder == "." else folder + "/", write)

    def _build(self, folder: str) -> None:
        try:
            if folder == ROOT:
                self._build_root()
            else:
                build_edition(self.config, folder, self.configs[folder])
        except BaseException as error:  # reported as MkDocs reports a failed rebuild
            if isinstance(error, KeyboardInterrupt):
                raise
            if isinstance(error, SystemExit):
                print(error, file=sys.stderr)
            else:
                traceback.print_exc()
            log.error("The preview shows the last good build until this is corrected.")
            self.plan.failed()
        else:
            self.plan.built(folder)

    def _build_root(self) -> None:
        """The root build empties the site folder: the other editions' folders wait aside."""
        holding = Path(tempfile.mkdtemp(prefix="held-", dir=self.site.parent))
        held = [f.rstrip("/") for f in self.configs if (self.site / f).is_dir()]
        for name in held:
            (self.site / name).rename(holding / name)
        try:
            self.build_root()
        finally:
            for name in held:
                shutil.rmtree(self.site / name, ignore_errors=True)
                (holding / name).rename(self.site / name)
            holding.rmdir()

    def answer(self, app: Callable[..., Any], mount_path: str) -> Callable[..., Any]:
        """The server's application: builds what a request needs before ``app`` answers it."""

        def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "ignore")
            if path.startswith(mount_path) and not path.startswith("/livereload/"):
                relative = path[len(mount_path) :]
                with self.lock:
                    exists = (self.site / relative).is_file()
                    if (folder := self.plan.requested(relative, exists)) is not None:
                        self._build(folder)
                    if (write := self.plan.search_due(relative)) is not None:
                        write()
            return app(environ, start_response)

        return application


_active: Preview | None = None  # under `mkdocs serve`, once the first build is done


def write_search(config: MkDocsConfig, pages: list[str], site: Any) -> None:
    """Write the site's search index of the edition just built (its ``pages``, by source
    path, in build order): now, or under `mkdocs serve` when a file of it is first asked for."""
    write = functools.partial(_write_search, config, pages, site)
    _active.defer_search(config.site_dir, write) if _active is not None else write()


def _write_search(config: MkDocsConfig, pages: list[str], site: Any) -> None:
    size = write_search_index(Path(config.site_dir), pages, site, config)
    log.debug("search index (%s): %s", config.theme["language"], size)  # counted if shown


@dataclass(frozen=True)
class _Converted:  # what converting a page's Markdown gave (mkdocs.structure.pages.Page.render)
    content: str | None
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # by the linked file's src_uri

    @classmethod
    def of(cls, page: Page) -> _Converted:
        links = page.links_to_anchors
        by_uri = None if links is None else {f.src_uri: a for f, a in links.items()}
        return cls(page.content, page.toc, page._title_from_render, page.present_anchor_ids, by_uri)

    def restore(self, page: Page, files: Files) -> None:
        page.content, page.toc = self.content, copy.deepcopy(self.toc)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors) if self.anchors is not None else None
        if self.links is not None:
            found = ((files.get_file_from_path(uri), a) for uri, a in self.links.items())
            page.links_to_anchors = {file: a for file, a in found if file is not None}


_converted: dict[tuple[str, str], tuple[tuple[str, ...], _Converted]] = {}  # (config, page)
_surroundings: tuple[Files | None, str] = (None, "")


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Under `mkdocs serve`, a page's Markdown is converted again only when it, its address,
    the build's files or the configuration changed since its edition's last build (the
    converted page is the same; only the unchanged pages' link warnings are not repeated)."""
    if _active is not None:
        page.render = functools.partial(_convert_once, page)  # type: ignore[method-assign]
    return page


def _convert_once(page: Page, config: MkDocsConfig, files: Files) -> None:
    key = (page.markdown or "", page.file.url, _digest(config, files))
    slot = (str(config.config_file_path), page.file.src_uri)
    known = _converted.get(slot)
    if known is not None and known[0] == key:
        known[1].restore(page, files)
        return
    Page.render(page, config, files)
    _converted[slot] = (key, _Converted.of(page))


def _digest(config: MkDocsConfig, files: Files) -> str:
    """A fingerprint of what a page's conversion reads besides its Markdown: the site's
    configuration files and the build's files (links resolve to them)."""
    global _surroundings
    if _surroundings[0] is not files:
        digest = hashlib.sha256()
        for path in sorted(Path(config.config_file_path).parent.glob("mkdocs*.yml")):
            digest.update(path.read_bytes())
        for file in files:
            digest.update(f"{file.src_uri}\0{file.url}\0{file.inclusion}\n".encode())
        _surroundings = (files, digest.hexdigest())
    return _surroundings[1]


_kept = KeptParses()  # under `mkdocs serve`: each content file's parse, for the next load


def kept_parses(command: str | None) -> KeptParses | None:
    """The parses the content loader keeps between loads: under `mkdocs serve` (a save changes
    one file; the others are not parsed again), not in `mkdocs build` (one load a process)."""
    return _kept if command == "serve" else None


def previewing() -> bool:
    """Whether the preview has taken over `mkdocs serve` (after its first, complete build)."""
    return _active is not None


def content_changed() -> bool:
    """Whether a source file changed since the last call (the content must be loaded again)."""
    if _active is None or not _active.changed:
        return False
    _active.changed = False
    return True


def start_preview(
    server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], Any]
) -> LiveReloadServer:
    """Take over `mkdocs serve` after its first build (every edition; ``builder`` builds the
    root one). Without live reload (`--no-livereload`) nothing is taken over: no rebuilds."""
    global _active
    _active = Preview(config, chained_editions(config.extra["alternate"]), builder)
    return serve(server, config, _active)


def serve(server: LiveReloadServer, config: MkDocsConfig, preview: Preview) -> LiveReloadServer:
    """A server like MkDocs' own (same address, folder and watched paths) that polls every
    ``POLL_SECONDS``, rebuilds through ``preview`` and answers through it."""
    host, port = config.dev_addr
    faster = LiveReloadServer(
        builder=preview.rebuild,
        host=host,
        port=port,
        root=server.root,
        mount_path=server.mount_path,
        polling_interval=POLL_SECONDS,
    )
    faster.error_handler = server.error_handler
    for path in getattr(server, "_watched_paths", {}):  # the docs folder and mkdocs.yml
        faster.watch(path)
    faster.set_app(preview.answer(faster.serve_request, faster.mount_path))
    return faster
