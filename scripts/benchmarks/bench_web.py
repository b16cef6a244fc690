"""Benchmark measurements that need a server: `mkdocs serve` rebuild latency, and what a reader
downloads on a first visit (every request, gzipped) with Debian's Chromium through Playwright.

Everything runs on 127.0.0.1 with bounded waits; a request to any other host is counted and
aborted, never sent.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

GZIP_LEVEL = 6  # zlib's default, the level most servers use for text
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SETTLE_SECONDS = 0.6  # between edits: more than the watcher's 0.5 s polling interval
EDIT_MARKERS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 10.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


def _wait_for_text(url: str, needle: str, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if needle in fetch(url):
                return True
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(interval)
    return False


@dataclass(frozen=True)
class EditTarget:
    """An English text to edit: the chapter file, the text's opening as written in the file,
    and the page that shows it."""

    file: Path
    first_word: str  # of the English text
    page: str  # path below the served root, e.g. "en/2024/general-requirements/"

    @property
    def opening(self) -> str:
        """How the English text starts in the file."""
        return f'text: "{self.first_word}'

    def edited(self, original: str, marker: str) -> str:
        """The file with ``marker`` put before the text's first word."""
        return original.replace(self.opening, f'text: "{marker} {self.first_word}', 1)


def edit_target(report_dir: Path) -> EditTarget:
    """The first English paragraph of the report's first chapter."""
    yaml = YAML(typ="safe")
    report = yaml.load((report_dir / "report.yml").read_text(encoding="utf-8"))
    chapter_file = report_dir / report["chapters"][0]
    chapter = yaml.load(chapter_file.read_text(encoding="utf-8"))
    paragraphs = chapter.get("paragraphs") or chapter["sections"][0]["paragraphs"]
    first_word = paragraphs[0]["en"]["text"].split()[0]
    return EditTarget(chapter_file, first_word, f"en/{report['id']}/{chapter['id']}/")


@contextlib.contextmanager
def mkdocs_serving(root: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`mkdocs serve` of the site at ``root`` on a free port, its output in ``log``: yields
    its address and process (the caller waits for the first build), and stops it afterwards
    (killed if it does not stop within 15 s)."""
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def serve_latencies(
    root: Path, target: EditTarget, edits: int, log: Path, cpu: list[float] | None = None
) -> list[float]:
    """Start `mkdocs serve` in ``root``; for each edit, seconds from writing one English text
    in ``target.file`` until the served page shows it; ``cpu`` (if given) gets the CPU
    seconds the server used meanwhile (Linux: from /proc), which other load barely changes."""
    original = target.file.read_text(encoding="utf-8")
    if target.opening not in original:
        raise RuntimeError(f"{target.opening!r} not found in {target.file}")
    latencies = []
    with mkdocs_serving(root, log) as (url, process):
        page = url + target.page
        try:
            if not _wait_for_text(page, "</html>", timeout=300):
                raise RuntimeError(f"mkdocs serve did not come up; see {log}")
            for number in range(edits):
                marker = f"Benchmark{EDIT_MARKERS[number % len(EDIT_MARKERS)]}"
                time.sleep(SETTLE_SECONDS)  # let the file watcher see the previous build's end
                edited = target.edited(original, marker)
                start, used = time.perf_counter(), process_cpu_seconds(process.pid)
                target.file.write_text(edited, encoding="utf-8")
                if not _wait_for_text(page, marker, timeout=120):
                    raise RuntimeError(f"the edit never showed on {target.page}; see {log}")
                latencies.append(time.perf_counter() - start)
                if cpu is not None:
                    cpu.append(process_cpu_seconds(process.pid) - used)
        finally:
            target.file.write_text(original, encoding="utf-8")
    return latencies


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Visit:
    """A first visit (empty cache) to one page."""

    lang: str
    kind: str  # "home" or "chapter"
    path: str
    requests: int
    raw_bytes: int  # response bodies as served
    gzip_bytes: int  # each response body gzipped at GZIP_LEVEL
    foreign_requests: int  # requests to other hosts (aborted)
    largest: tuple[tuple[str, int], ...]  # the heaviest responses, gzipped


class _Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bodies: list[tuple[str, bytes]] = []

    def take(self) -> list[tuple[str, bytes]]:
        with self.lock:
            taken, self.bodies = self.bodies, []
        return taken


class _RecordingHandler(http.server.SimpleHTTPRequestHandler):
    recorder: _Recorder

    def do_GET(self) -> None:
        body = self.send_head()
        data = b""
        if body is not None:
            with body:
                data = body.read()
            self.wfile.write(data)
        with self.recorder.lock:
            self.recorder.bodies.append((self.path, data))

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def recording_browser(site: Path) -> Iterator[tuple[Any, str, _Recorder]]:
    """Serve ``site`` on loopback, recording every response, and start Debian's Chromium;
    yields the browser, the base URL and the recorder. Everything stops on the way out."""
    from playwright.sync_api import sync_playwright  # a test extra: imported only when used

    recorder = _Recorder()
    handler = type("Handler", (_RecordingHandler,), {"recorder": recorder})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield browser, f"http://127.0.0.1:{server.server_address[1]}", recorder
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def first_visits(site: Path, pages: list[tuple[str, str, str]]) -> list[Visit]:
    """Visit each (lang, kind, path) of the built ``site`` in a fresh browser context and count
    every response the server sends until the network is idle."""
    with recording_browser(site) as (browser, base, recorder):
        return [_visit(browser, base, recorder, lang, kind, path) for lang, kind, path in pages]


def _visit(browser: Any, base: str, recorder: _Recorder, lang: str, kind: str, path: str) -> Visit:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    try:
        context.route("**/*", guard)
        recorder.take()
        page = context.new_page()
        page.goto(base + path, wait_until="load", timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        time.sleep(0.5)  # late requests (the search worker's index) after the idle signal
        bodies = recorder.take()
    finally:
        context.close()
    sizes = [(url, len(gzip.compress(data, GZIP_LEVEL, mtime=0))) for url, data in bodies]
    return Visit(
        lang=lang,
        kind=kind,
        path=path,
        requests=len(bodies) + len(foreign),
        raw_bytes=sum(len(data) for _, data in bodies),
        gzip_bytes=sum(size for _, size in sizes),
        foreign_requests=len(foreign),
        largest=tuple(sorted(sizes, key=lambda item: -item[1])[:3]),
    )


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))
