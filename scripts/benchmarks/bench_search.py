"""Search as a reader meets it, measured in Chromium on a built site: what the first query
downloads, and how long the worker takes to answer each keystroke.

- First query: a fresh browser opens the language's home page and waits until the network is
  idle; everything the server sends from then on (the search click, the typed query, the
  results) is counted, each response gzipped as a server would send it. Requests for the index
  before the reader touches the search box are counted separately (there should be none).
- Keystrokes: a fresh worker per query, as a page starts one; the query is sent one character
  more at a time, as typing does, and each answer timed from message to result, including the
  index files each keystroke fetches over loopback ("cold"); then the same keystrokes again,
  with those files already loaded ("warm": the worker's own work).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bench_web import _Recorder, gzip_size, recording_browser

# Exact phrases, then queries as readers type them (issue 25): a synonym, words apart, a word
# the site does not hold (partial matches: every pair of characters is fetched), a typo.
QUERIES = {
    "zh": (
        "人工智能",
        "户籍新政",
        "一般公共预算收入",
        "发展",
        "128家",
        "专精特新",
        "GDP 增长",
        "自贸区 知识产权",
        "清华 光电 火星",
    ),
    "en": (
        "artificial intelligence",
        "Haihe Laboratory",
        "development",
        "little giant",
        "4.8%",
        "FTZ upgrade",
        "Haihe zzzz",
        "postdoctorial",
    ),
}
PREFIXES = {"zh": "", "en": "en/"}

KEYSTROKES_SCRIPT = """
async ({workerUrl, configUrl, query}) => {
  const index = await (await fetch(configUrl)).json();
  const worker = new Worker(workerUrl);
  // Each message is answered once; a worker error or 30 s without an answer fails the run
  // (rather than waiting for ever) and names the message.
  const call = (message) => new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("no answer in 30 s to " + JSON.stringify(message.data))), 30000);
    worker.onmessage = (event) => { clearTimeout(timer); resolve(event.data); };
    worker.onerror = (event) => {
      clearTimeout(timer);
      const where = event.filename ? ` (${event.filename}:${event.lineno})` : " (not loaded)";
      reject(new Error(`${event.message}${where} answering message ${message.type}`));
    };
    worker.postMessage(message);
  });
  await call({type: 0, data: {config: index.config, docs: [], options: {suggest: false}}});
  const type = async () => {
    const times = [];
    for (const char of Array.from(query).keys()) {
      const typed = Array.from(query).slice(0, char + 1).join("");
      const start = performance.now();
      await call({type: 2, data: typed});
      times.push(performance.now() - start);
    }
    return times;
  };
  const cold = await type();  // fetches the files each keystroke needs
  const warm = await type();  // the same keystrokes again: the worker's own work
  worker.terminate();
  return [cold, warm];
}
"""


@dataclass
class SearchFigures:
    lang: str
    first_query_gzip: dict[str, int] = field(default_factory=dict)  # query -> bytes
    before_search_requests: int = 0  # index requests before the reader searched
    first_keystroke_ms: list[float] = field(default_factory=list)  # fetches the index files
    keystroke_ms: list[float] = field(default_factory=list)  # every later keystroke, cold
    warm_ms: list[float] = field(default_factory=list)  # every keystroke, files loaded

    @property
    def worst_first_query(self) -> int:
        return max(self.first_query_gzip.values(), default=0)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.keystroke_ms) if self.keystroke_ms else 0.0

    @property
    def max_ms(self) -> float:
        return max(self.keystroke_ms, default=0.0)


def measure_search(site: Path) -> list[SearchFigures]:
    """First-query transfer and keystroke latency, per language, on the built ``site``."""
    figures = []
    with recording_browser(site) as (browser, base, recorder):
        for lang, prefix in PREFIXES.items():
            figure = SearchFigures(lang)
            for query in QUERIES[lang]:
                _first_query(browser, base, prefix, query, recorder, figure)
                cold, warm = _keystrokes(browser, base, prefix, query)
                figure.first_keystroke_ms.append(cold[0])
                figure.keystroke_ms += cold[1:]
                figure.warm_ms += warm
            figures.append(figure)
    return figures


def _first_query(
    browser: Any, base: str, prefix: str, query: str, recorder: _Recorder, figure: SearchFigures
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    recorder.take()
    try:
        page = context.new_page()
        page.goto(f"{base}/{prefix}", wait_until="load", timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        time.sleep(0.3)
        loaded = recorder.take()
        figure.before_search_requests += sum("/search/engine/" in url for url, _ in loaded)
        box = page.locator("input.md-search__input")
        box.click()
        box.type(query)
        box.press("End")  # Material listens for keyup
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        time.sleep(0.3)
        figure.first_query_gzip[query] = sum(gzip_size(data) for _, data in recorder.take())
    finally:
        context.close()


def _keystrokes(
    browser: Any, base: str, prefix: str, query: str
) -> tuple[list[float], list[float]]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}/{prefix}404.html", wait_until="load", timeout=60_000)
        times = page.evaluate(
            KEYSTROKES_SCRIPT,
            {
                # one worker for every edition (shared assets), told the edition's index
                "workerUrl": f"{base}/assets/javascripts/search/worker.js"
                f"?index={base}/{prefix}search/engine/",
                "configUrl": f"{base}/{prefix}search/search_index.json",
                "query": query,
            },
        )
        return [float(t) for t in times[0]], [float(t) for t in times[1]]
    finally:
        context.close()


def describe(reports: int, figures: list[SearchFigures]) -> list[str]:
    """Lines for the benchmark's report."""
    out = []
    for figure in figures:
        worst = max(figure.first_query_gzip, key=lambda q: figure.first_query_gzip[q])
        out.append(
            f"  {reports:>3} report(s), {figure.lang}: first query "
            f"{figure.worst_first_query / 1000:.1f} KB gzipped at most ({worst}), "
            f"index requests before searching "
            f"{figure.before_search_requests}; first keystroke (fetching) median "
            f"{statistics.median(figure.first_keystroke_ms):.0f} ms; later keystrokes median "
            f"{figure.median_ms:.1f} ms, max {figure.max_ms:.1f} ms ({len(figure.keystroke_ms)}); "
            f"warm: median {statistics.median(figure.warm_ms):.1f} ms, "
            f"max {max(figure.warm_ms):.1f} ms"
        )
    return out
