"""Run queries through Material's own search worker in Chromium: the tokenisation readers get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

QUERY_SCRIPT = """
async ({workerUrl, indexUrl, queries}) => {
  const index = await (await fetch(indexUrl)).json();
  const worker = new Worker(workerUrl);
  const call = (message) => new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.postMessage(message);
  });
  // The same setup message Material's bundle sends (search.suggest is off on this site).
  await call({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  const results = {};
  for (const query of queries) {
    const answer = await call({type: 2, data: query});
    // grouped by page, best page first, as the search box lists them
    results[query] = answer.data.items.map((group) => group.map((item) => item.location));
  }
  worker.terminate();
  return results;
}
"""


def worker_path(site: Path, prefix: str) -> str:
    worker = next((site / prefix / "assets/javascripts/workers").glob("search.*.min.js"))
    return "/" + worker.relative_to(site).as_posix()


def run_queries(
    page: Any, site: Path, prefix: str, queries: list[str]
) -> dict[str, list[list[str]]]:
    """Each query's results as the search box groups them: pages, best first, each a list of
    section locations (relative to the language's root), best first."""
    return dict(
        page.evaluate(
            QUERY_SCRIPT,
            {
                "workerUrl": worker_path(site, prefix),
                "indexUrl": f"/{prefix}search/search_index.json",
                "queries": queries,
            },
        )
    )


def first_results(groups: list[list[str]], pages: int = 5, sections: int = 3) -> list[str]:
    """What a reader sees first: the best sections of the first few pages."""
    return [location for group in groups[:pages] for location in group[:sections]]
