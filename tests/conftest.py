"""Shared fixtures: a copy of the repository to break, the real site built once, a browser.

The suite runs in parallel (pytest-xdist, ``-n auto`` in pyproject.toml): what is costly and the
same for every worker (the built site, rendered documents) is made once per run by whichever
worker asks first (``made_once``); each worker has its own browser and server."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from benchmarks.bench_transfer import NGINX, serve_with_nginx
from benchmarks.bench_web import CHROMIUM, CHROMIUM_ARGS
from filelock import FileLock
from policysite.checks.loader import load_site
from policysite.content import memory
from policysite.content.problems import ContentError

REPO = Path(__file__).resolve().parent.parent
# Every host name but the loopback's fails to resolve in the tests' browser.
ONLY_LOOPBACK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"
SITE_PARTS = ("mkdocs.yml", "mkdocs.en.yml", "mkdocs.zh-hant.yml", "content", "hooks", "overrides")


CACHE_VARIABLE = "POLICYSITE_CACHE"


def pytest_configure(config: pytest.Config) -> None:
    """One build cache for the whole run, empty when it starts: every build and every test's
    ``load_site`` in it (each worker's, and their `mkdocs build` processes') keeps and reads
    its term scans, compiled templates, schema verdicts and share cards there, so only the
    run's first build is cold, and no result depends on what an earlier run, or the user's
    own builds, left in ``~/.cache/policysite`` or ``$POLICYSITE_CACHE``. Made by the process
    that starts the run (pytest-xdist's workers inherit it) and removed at its end. Tests of
    cold behaviour set their own, empty one.

    Every process of the run (each worker too) collects garbage as the build does
    (policysite.content.memory): the tests' parsed pages are trees with links both ways, and
    with Python's default the cycle collector took 2.7 of 12.3 CPU s in a run of four test
    modules in one process, 1.0 s with the build's setting."""
    memory.collect_less_often()
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tempfile.mkdtemp(prefix="policysite-test-cache-")
        os.environ[CACHE_VARIABLE] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def copy_site_sources(target: Path) -> Path:
    """Copy what a build reads (config, content, hooks, overrides) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def run_mkdocs_build(
    root: Path,
    site_dir: Path,
    *extra: str,
    env: dict[str, str] | None = None,
    strict: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build --strict`` in ``root``, as staff would (``strict=False``:
    a plain build, where warnings do not stop it)."""
    mode = ["--strict"] if strict else []
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *mode, "-d", str(site_dir), *extra],
        cwd=root,
        capture_output=True,
        text=True,
        # The published build needs SITE_URL (a warning otherwise): mkdocs.yml's default.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": DEFAULT_SITE_URL, **(env or {})},
        timeout=600,
    )


def make_share_fonts(root: Path) -> None:
    """``site.py share-font`` in a copy, as the build's warning tells staff after new titles
    (a new report): the copy's own fonts, since its hooks/ come first on the path as in the
    build."""
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(root), "share-font"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(root / "hooks")},
    )
    assert run.returncode == 0, run.stderr


@dataclass
class ContentCopy:
    """A scratch copy of the repository's site sources, for breaking on purpose."""

    root: Path

    def path(self, relative: str) -> Path:
        return self.root / relative

    def edit(self, relative: str, old: str, new: str, count: int = 1) -> None:
        """Replace ``old`` by ``new`` in a file; the test fails if ``old`` is not there."""
        file = self.path(relative)
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not found in {relative}"
        file.write_text(text.replace(old, new, count), encoding="utf-8")

    def problems(self) -> list[str]:
        """Every problem line `check` prints (errors, or else warnings) for this copy."""
        try:
            result = load_site(self.root)
        except ContentError as error:
            return [p.format() for p in error.problems]
        return [p.format() for p in result.warnings]

    def warnings(self) -> list[str]:
        """The warning lines for this copy; the test fails if the content has errors."""
        try:
            result = load_site(self.root)
        except ContentError as error:
            raise AssertionError(str(error)) from error
        return [p.format() for p in result.warnings]

    def line_of(self, relative: str, needle: str, occurrence: int = 1) -> int:
        """1-based line of the ``occurrence``-th line containing ``needle``."""
        lines = self.path(relative).read_text(encoding="utf-8").splitlines()
        found = [i for i, line in enumerate(lines, start=1) if needle in line]
        assert len(found) >= occurrence, f"{needle!r} not found {occurrence}x in {relative}"
        return found[occurrence - 1]


@pytest.fixture
def content_copy(tmp_path: Path) -> ContentCopy:
    return ContentCopy(copy_site_sources(tmp_path / "repo"))


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this whole test run: with pytest-xdist, the one that holds every
    worker's own folder (``pytest-N/popen-gw0``, ...); the session's own folder otherwise."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """``make(folder)`` once per test run: the first worker to ask makes the folder while the
    others wait (a file lock), then all read it. A failed attempt is retried by the next asker,
    so each test that needs it fails with the same message."""
    shared = run_folder(tmp_path_factory) / "made-once"
    shared.mkdir(exist_ok=True)
    folder, done = shared / name, shared / f"{name}.done"
    with FileLock(shared / f"{name}.lock"):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def build_repository_site(folder: Path) -> None:
    result = run_mkdocs_build(REPO, folder / "site")
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with --strict into a temporary folder. Tests
    read it and never change it (copy it first: ``published_site``)."""
    return made_once(tmp_path_factory, "built", build_repository_site) / "site"


PUBLIC = "https://bh.example.cn/policy/"  # a sub-path, as a department's site might give


def build_public_site(folder: Path) -> None:
    result = run_mkdocs_build(REPO, folder / "site", env={"SITE_URL": PUBLIC})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as published: the repository built --strict with SITE_URL set to ``PUBLIC``
    (once per run, read by the share-tag, feed and open-data tests)."""
    return made_once(tmp_path_factory, "public", build_public_site) / "site"


@pytest.fixture
def published_site(built_site: Path, tmp_path: Path) -> Path:
    """``tmp_path/site``: a complete site as an earlier build published it (a copy of the
    built site, byte-identical to a build of ``content_copy`` before it is broken), for tests
    that a failed build leaves it exactly as it was."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, symlinks=True)
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


NGINX_SERVER_BLOCK = REPO / "deploy" / "nginx.conf"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default address


def nginx_wanted() -> bool:
    """Serve with the production nginx configuration when nginx is here (always in CI)."""
    choice = os.environ.get("SITE_SERVER", "nginx" if NGINX.exists() else "python")
    if choice == "nginx" and not NGINX.exists():
        pytest.fail(f"SITE_SERVER=nginx but {NGINX} is missing (.ci/run installs Debian's nginx)")
    return choice == "nginx"


def wait_for(condition: Callable[[], bool], timeout: float = 240.0, pause: float = 0.1) -> None:
    """Poll ``condition`` until it holds (an OSError, such as a server not up yet, counts as
    not yet); fail after ``timeout`` seconds. 240 s: the first `mkdocs serve` build of all
    three editions on a loaded 2-core machine took over 60 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if condition():
                return
        time.sleep(pause)
    raise AssertionError("timed out")


@contextlib.contextmanager
def serve_with_python(root: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def serve_site(root: Path, workdir: Path) -> contextlib.AbstractContextManager[str]:
    """A loopback server for a built site: nginx with the production config when available."""
    if nginx_wanted():
        return serve_with_nginx(root, NGINX_SERVER_BLOCK, workdir)
    return serve_with_python(root)


@pytest.fixture(scope="session")
def site_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served on loopback; yields its base URL."""
    with serve_site(built_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. In CI a missing browser fails, never skips."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, ONLY_LOOPBACK]
        )
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def search_page(browser: Any, site_server: str) -> Iterator[Any]:
    """One page of the site's home, kept for a module's search queries."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server + "/")
    yield page
    context.close()


class ContextPool:
    """Browser contexts kept for a worker's whole session, each with a page that holds its
    renderer process. A fresh context costs about 0.8 CPU s more than a new page in a kept one
    (measured: 20 pages, each in its own context, 21.5 CPU s; each a new page in one kept
    context, 12.3 CPU s), and the tests open several hundred. A context is handed out clean, as
    a new one would be: its cookies and the site's stored data cleared, its other pages closed,
    and no test holds it twice (a test's second page with the same settings gets another)."""

    def __init__(self, browser: Any, site_server: str) -> None:
        self.browser, self.site_server = browser, site_server
        self.free: dict[str, list[KeptContext]] = {}

    @staticmethod
    def settings(init_script: str | None, options: dict[str, Any]) -> str:
        """The key of the contexts made with these options and this init script."""
        script = hashlib.sha256(init_script.encode()).hexdigest() if init_script else None
        return repr((sorted(options.items()), script))

    def take(self, init_script: str | None = None, **options: Any) -> KeptContext:
        """A clean context made with ``options`` (Playwright's new_context) that runs
        ``init_script`` in every page, kept or new."""
        settings = self.settings(init_script, options)
        free = self.free.setdefault(settings, [])
        if free:
            return free.pop()
        context = self.browser.new_context(**options)
        if init_script is not None:
            context.add_init_script(init_script)
        keeper = context.new_page()
        keeper.goto(self.site_server + "/robots.txt")
        foreign = note_foreign_requests(context, self.site_server)
        return KeptContext(settings, context, keeper, foreign)

    def give_back(self, kept: KeptContext) -> None:
        for page in kept.context.pages:
            if page is not kept.keeper:
                page.close()
        kept.context.clear_cookies()
        session = kept.context.new_cdp_session(kept.keeper)
        session.send(
            "Storage.clearDataForOrigin",
            {"origin": self.site_server, "storageTypes": "local_storage,indexeddb,cache_storage"},
        )
        session.detach()
        kept.foreign.clear()
        self.free[kept.settings].append(kept)

    def close(self) -> None:
        for kept in (kept for free in self.free.values() for kept in free):
            kept.context.close()


@dataclass
class KeptContext:
    settings: str
    context: Any
    keeper: Any  # a page on the site: the context's renderer process lives on between tests
    foreign: list[str]  # requests to other hosts since the context was handed out


@pytest.fixture(scope="session")
def context_pool(browser: object, site_server: str) -> Iterator[ContextPool]:
    pool = ContextPool(browser, site_server)
    yield pool
    pool.close()


@pytest.fixture
def new_page(context_pool: ContextPool, site_server: str) -> Iterator[Callable[..., object]]:
    """Open pages of the built site; any request to another host fails the test."""
    taken: list[KeptContext] = []
    last_pages: dict[str, object] = {}

    def open_page(
        path: str = "/",
        width: int = 1280,
        height: int = 900,
        reuse: bool = False,
        init_script: str | None = None,
        **options: object,
    ) -> object:
        """``options`` go to Playwright's new_context (color_scheme="dark", has_touch=True).
        ``reuse=True``: go on in the page this test last opened with the same settings, as a
        reader goes from page to page (one context: its cache and storage are kept), instead
        of a new page in a context of its own. ``init_script`` runs in every page the context
        opens, before the page's own scripts (axe-core for the accessibility scans: cheaper
        than adding it to each page after it loaded); its contexts are kept apart."""
        options = {"viewport": {"width": width, "height": height}, **options}
        settings = ContextPool.settings(init_script, options)
        if reuse and settings in last_pages:
            page = last_pages[settings]
            page.goto(site_server + path)  # type: ignore[attr-defined]
            return page
        kept = context_pool.take(init_script, **options)
        taken.append(kept)
        page = kept.context.new_page()
        page.goto(site_server + path)
        last_pages[settings] = page
        return page

    yield open_page
    foreign = [url for kept in taken for url in kept.foreign]
    for kept in taken:
        context_pool.give_back(kept)
    assert not foreign, f"requests to other hosts: {foreign}"


#: The titles in Material's list of search results.
RESULT_TITLES = ".md-search-result__article > h1, .md-search-result__article > h2"
#: Waits (in the page) until a search result title holds ``text``, up to 30 s, then returns
#: either way: the test asserts on the titles it reads next. Each keystroke searches and the
#: list is redrawn as the query grows, so the first title shown may be the first keystroke's.
WAIT_FOR_TITLE = """async ([selector, text]) => {
  // up to 30 s: in CI the fork stage's tests and browsers run beside the main run's, and one
  // run on 2 cores saw the whole query's results take longer than 15 s to show
  for (let tries = 0; tries < 300; tries++) {
    if ([...document.querySelectorAll(selector)].some(t => t.innerText.includes(text))) return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}"""


#: Waits (in the page) until the first element ``selector`` finds has kept the same ``href`` for
#: a second (up to 30 s), and returns it. Typed key by key, each key searches, and the list
#: shows the results for what was typed so far before the whole query's replace them.
SETTLED_FIRST_HREF = """async (selector) => {
  let last = null, since = Date.now();
  for (let tries = 0; tries < 300; tries++) {
    const link = document.querySelector(selector);
    const href = link ? link.getAttribute('href') : null;
    if (href !== last) { last = href; since = Date.now(); }
    else if (href !== null && Date.now() - since >= 1000) return href;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return last;
}"""


def note_foreign_requests(context: Any, site_server: str) -> list[str]:
    """The addresses of the requests a browser context makes to other hosts, as they are made.
    Noted, not routed: the tests' browser cannot reach another host (ONLY_LOOPBACK), and routing
    every request through Playwright cost a third more time per page and turned off the
    browser's cache, which a reader going from page to page has."""
    foreign: list[str] = []

    def note(request: Any) -> None:
        if not request.url.startswith((site_server, "data:", "blob:")):
            foreign.append(request.url)

    context.on("request", note)
    return foreign
