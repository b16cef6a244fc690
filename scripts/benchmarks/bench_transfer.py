"""What a reader downloads, as the production server sends it: the built site served by nginx
with ``deploy/nginx.conf`` (gzip, cache lifetimes), visited with Debian's Chromium (its HTTP
cache on), and every byte counted from nginx's own access log.

Measured per kind of page and language: a first visit (empty cache) as the page loads, the
extra bytes when the reader then searches, and a language switch (the same page in the other
language, after the first). Everything runs on 127.0.0.1 with bounded waits.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .bench_web import CHROMIUM, CHROMIUM_ARGS, free_port

NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))
SERVER_BLOCK = Path("deploy") / "nginx.conf"
LOG_FORMAT = '"$request_uri" $status $body_bytes_sent $bytes_sent'
_LOG_LINE = re.compile(r'^"(?P<uri>[^"]*)" (?P<status>\d+) (?P<body>\d+) (?P<sent>\d+)$')
SETTLE_SECONDS = 0.5  # after the network is idle: late requests (the search index, a worker)
SEARCH_QUERIES = {"zh": "滨城", "en": "Bincheng"}
HREFLANG = {"zh": "zh-CN", "en": "en"}
KIB = 1024
TARGET_CHAPTER_KIB = 80  # first visit to a chapter page, no search
TARGET_SWITCH_KIB = 20  # switching language on a chapter page


@contextlib.contextmanager
def serve_with_nginx(
    site: Path, server_block: Path, workdir: Path, access_log: Path | None = None
) -> Iterator[str]:
    """Serve ``site`` with the server block of ``server_block`` (its ``listen`` and ``root``
    replaced) on loopback; yields the base URL. With ``access_log``, nginx logs each request's
    path, status, body bytes and bytes sent there."""
    port = free_port()
    block = server_block.read_text(encoding="utf-8")
    block = re.sub(r"(?m)^    listen .*;$", f"    listen 127.0.0.1:{port};", block)
    block = re.sub(r"(?m)^    root .*;$", f"    root {site};", block)
    workdir.mkdir(parents=True, exist_ok=True)
    temp = "".join(
        f"    {name}_temp_path {workdir}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    if access_log is None:
        logging = "    access_log off;\n"
    else:
        logging = f"    log_format bench '{LOG_FORMAT}';\n    access_log {access_log} bench;\n"
    config = workdir / "nginx.conf"
    config.write_text(
        f"{'user root;' if os.geteuid() == 0 else ''}\nworker_processes 1;\n"
        f"pid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"{logging}{temp}{block}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [str(NGINX), "-p", str(workdir), "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read().decode() if process.stdout else "")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass(frozen=True)
class Transfer:
    """The requests one step of a visit sent to the server, and the bytes that came back."""

    lang: str
    kind: str  # kind of page: home, overview, chapter, targets, glossary, about, full
    step: str  # "visit", "search", "switch"
    path: str
    requests: int
    body_bytes: int  # response bodies as sent (gzipped where nginx compresses)
    sent_bytes: int  # with response headers
    foreign_requests: int  # to other hosts (none reach anything: no network)
    largest: tuple[tuple[str, int], ...]  # the heaviest bodies

    def without(self, pattern: str) -> int:
        """Body bytes of this step less those of paths containing ``pattern``."""
        return self.body_bytes - sum(size for path, size in self.largest if pattern in path)


class _Log:
    """Reads the lines nginx appended since the last call."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def take(self) -> list[tuple[str, int, int]]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            log.seek(self.offset)
            data = log.read()
        self.offset += len(data)
        found = []
        for line in data.decode("utf-8", "replace").splitlines():
            match = _LOG_LINE.match(line)
            if match:
                found.append((match["uri"], int(match["body"]), int(match["sent"])))
        return found


def _transfer(
    log: _Log, lang: str, kind: str, step: str, path: str, foreign: list[str]
) -> Transfer:
    lines = log.take()
    bodies = sorted(((uri, body) for uri, body, _ in lines), key=lambda item: -item[1])
    transfer = Transfer(
        lang=lang,
        kind=kind,
        step=step,
        path=path,
        requests=len(lines),
        body_bytes=sum(body for _, body, _ in lines),
        sent_bytes=sum(sent for _, _, sent in lines),
        foreign_requests=len(foreign),
        largest=tuple(bodies),
    )
    foreign.clear()
    return transfer


def _settle(page: Any) -> None:
    page.wait_for_load_state("networkidle", timeout=60_000)
    time.sleep(SETTLE_SECONDS)


def measure_transfers(
    site: Path,
    repo: Path,
    workdir: Path,
    pages: list[tuple[str, str, str]],
    switches: list[tuple[str, str, str]],
) -> list[Transfer]:
    """For each (lang, kind, path) in ``pages``: a first visit, then a search typed into the
    search box. For each (from path, to lang, to path) in ``switches``: a visit to the first
    page, then the language switcher to the second (only the second is counted)."""
    from playwright.sync_api import sync_playwright  # a test extra: imported only when used

    access_log = workdir / "access.log"
    log = _Log(access_log)
    transfers = []
    with (
        serve_with_nginx(site, repo / SERVER_BLOCK, workdir, access_log) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for lang, kind, path in pages:
                context, page, foreign = _open(browser, base)
                try:
                    log.take()
                    page.goto(base + path, wait_until="load", timeout=60_000)
                    _settle(page)
                    transfers.append(_transfer(log, lang, kind, "visit", path, foreign))
                    page.click(".md-search__input")
                    page.keyboard.type(SEARCH_QUERIES[lang], delay=50)
                    # Material searches on keyup; typed Chinese sends none (an IME's last key
                    # does), so end with a key as the search tests do.
                    page.keyboard.press("End")
                    _settle(page)
                    transfers.append(_transfer(log, lang, kind, "search", path, foreign))
                finally:
                    context.close()
            for start, lang, path in switches:
                context, page, foreign = _open(browser, base)
                try:
                    page.goto(base + start, wait_until="load", timeout=60_000)
                    _settle(page)
                    log.take()
                    page.click(".md-header__option .md-select button")
                    page.click(f'.md-select__link[hreflang="{HREFLANG[lang]}"]')
                    page.wait_for_url(base + path, timeout=60_000)
                    _settle(page)
                    transfers.append(_transfer(log, lang, "chapter", "switch", path, foreign))
                finally:
                    context.close()
        finally:
            browser.close()
    return transfers


def _open(browser: Any, base: str) -> tuple[Any, Any, list[str]]:
    """A fresh context: empty cache, HTTP cache on (no request routing, which would turn it
    off), desktop width so the search box sits in the header."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((base, "data:", "blob:"))
            else foreign.append(request.url)
        ),
    )
    return context, context.new_page(), foreign


SEARCH_PATHS = ("/search/", "/workers/search", "/lunr/")  # the index, Material's worker, lunr


def search_bytes(transfer: Transfer) -> int:
    """Body bytes of the search machinery (index, worker, language files) in this step."""
    return sum(size for uri, size in transfer.largest if any(p in uri for p in SEARCH_PATHS))


def page_bytes(transfer: Transfer) -> int:
    """Body bytes of the HTML page itself."""
    return sum(size for uri, size in transfer.largest if uri.split("?")[0].endswith("/"))


def format_transfers(transfers: list[Transfer]) -> str:
    """The figures as a table, with the targets and whether they were met."""
    from .bench_format import table, verdict

    rows = [["lang", "page", "step", "requests", "KiB", "with headers", "HTML", "search", "rest"]]
    for t in transfers:
        search, html = search_bytes(t), page_bytes(t)
        rows.append(
            [
                t.lang,
                f"{t.kind} {t.path}",
                t.step,
                str(t.requests),
                *(f"{size / KIB:.1f}" for size in (t.body_bytes, t.sent_bytes, html, search)),
                f"{(t.body_bytes - html - search) / KIB:.1f}",
            ]
        )
    out = [
        "Reader cost over the wire: nginx with deploy/nginx.conf, Chromium with its HTTP cache,",
        "bytes counted from nginx's access log (bodies as sent, gzipped; also with headers).",
        "  visit = first visit, empty cache, as the page loads, no search typed;",
        "  search = what typing a query into the search box adds; switch = the language switcher",
        "  on the same chapter after visiting it in the other language.",
        "  HTML = the page; search = index, worker and lunr files; rest = styles, scripts, icon.",
        *table(rows, left=3),
    ]
    chapters = [t for t in transfers if t.kind == "chapter" and t.step == "visit"]
    switches = [t for t in transfers if t.step == "switch"]
    foreign = sum(t.foreign_requests for t in transfers)
    for label, steps, target in (
        ("chapter first visit, no search", chapters, TARGET_CHAPTER_KIB),
        ("language switch", switches, TARGET_SWITCH_KIB),
    ):
        if steps:
            worst = max(t.body_bytes for t in steps) / KIB
            unsearched = max(t.body_bytes - search_bytes(t) for t in steps) / KIB
            out.append(
                f"  {label}: up to {worst:.1f} KiB (target < {target} KiB: "
                f"{verdict(worst < target)}); {unsearched:.1f} KiB of it is not search"
            )
    out.append(f"  requests to other hosts: {foreign}")
    return "\n".join(out) + "\n"


def reader_plan(
    repo: Path, site: Path
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The pages to visit (each kind, both languages; the heaviest chapter) and the switches
    (that chapter, each way)."""
    from policysite.checks.loader import load_site

    report = load_site(repo).site.latest
    prefixes = {"zh": "", "en": "en/"}
    chapters = [f"{report.id}/{c.id}/" for c in report.chapters]
    heaviest = max(chapters, key=lambda path: (site / path / "index.html").stat().st_size)
    kinds = [
        ("home", ""),
        ("overview", f"{report.id}/"),
        ("chapter", heaviest),
        ("targets", f"{report.id}/targets/"),
        ("glossary", "glossary/"),
        ("about", f"{report.id}/about/"),
        ("full", f"{report.id}/full/"),
    ]
    pages = [
        (lang, kind, f"/{prefix}{path}")
        for lang, prefix in prefixes.items()
        for kind, path in kinds
        if (site / prefix / path / "index.html").is_file()
    ]
    switches = [
        (f"/{heaviest}", "en", f"/en/{heaviest}"),
        (f"/en/{heaviest}", "zh", f"/{heaviest}"),
    ]
    return pages, switches
