"""Run queries through the site's search worker in Chromium, as the search box does.

The worker speaks Material's protocol: a setup message with the index configuration (the stub
``search_index.json`` Material's bundle fetches), then one message per query, answered with
result groups (a page, then its units).
"""

from __future__ import annotations

from typing import Any

#: The expected unit is the first result for at least this share of each query table.
FIRST_SHARE = 0.9

QUERY_SCRIPT = """
async ({workerUrl, configUrl, queries}) => {
  const index = await (await fetch(configUrl)).json();
  const worker = new Worker(workerUrl);
  const call = (message) => new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.postMessage(message);
  });
  await call({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  const results = {};
  for (const query of queries) {
    const answer = await call({type: 2, data: query});
    results[query] = answer.data.items.map(
      (group) => group.map((item) => ({location: item.location, title: item.title,
                                       text: item.text, terms: item.terms})));
  }
  worker.terminate();
  return results;
}
"""


def worker_url(base: str, prefix: str) -> str:
    """The worker as the page configures it (see overrides/main.html): every edition uses the
    one copy of the theme's assets at the site root."""
    return f"{base}/assets/javascripts/search/worker.js?index={base}/{prefix}search/engine/"


def run_queries_full(
    page: Any, base: str, prefix: str, queries: list[str]
) -> dict[str, list[list[dict[str, Any]]]]:
    """Each query's answer: groups (a page, then its results), best first."""
    return dict(
        page.evaluate(
            QUERY_SCRIPT,
            {
                "workerUrl": worker_url(base, prefix),
                "configUrl": f"{base}/{prefix}search/search_index.json",
                "queries": queries,
            },
        )
    )


def ranked(groups: list[list[dict[str, Any]]]) -> list[str]:
    """The results in the order the reader sees them: each group's units after its page line."""
    return [item["location"] for group in groups for item in group if "#" in item["location"]]


def run_queries(page: Any, base: str, prefix: str, queries: list[str]) -> dict[str, list[str]]:
    """Each query's results (unit locations relative to the language root), best first."""
    answers = run_queries_full(page, base, prefix, queries)
    return {query: ranked(groups) for query, groups in answers.items()}
