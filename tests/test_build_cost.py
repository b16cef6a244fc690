"""What the build no longer repeats (issue 31): Material's search plugin does not index pages
the site's engine indexes again, the engine indexes the edition's own pages minus those their
front matter excludes, and costly results are kept between builds under a digest of their
inputs. Speed itself is measured by `scripts/bench.py run`, never asserted here."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from policysite.render import cache, search_index
from policysite.render.pages import PageSpec


def _spec(front_matter: str) -> PageSpec:
    return PageSpec("2024/x.md", f"---\ntitle: X\n{front_matter}---\n# X\n", "X", None)


def test_search_follows_the_page_front_matter() -> None:
    assert _spec("").searched
    assert _spec("search:\n  boost: 2\n").searched
    assert not _spec("search:\n  exclude: true\n").searched


def test_the_theme_plugin_keeps_every_event_but_indexing() -> None:
    class Plugin:
        def on_page_context(self) -> None: ...
        def on_post_build(self) -> None: ...

    plugin, other = Plugin(), Plugin()
    events = {
        "page_context": [other.on_page_context, plugin.on_page_context],
        "post_build": [plugin.on_post_build],
    }
    plugins = SimpleNamespace(events=events, get={"material/search": plugin}.get)
    search_index.skip_theme_indexing(plugins)
    assert events == {"page_context": [other.on_page_context], "post_build": [plugin.on_post_build]}
    search_index.skip_theme_indexing(plugins)  # a second edition's call changes nothing
    assert events["page_context"] == [other.on_page_context]


def test_the_engine_indexes_every_searchable_page_in_build_order(built_site: Path) -> None:
    for prefix in ("", "zh-hant/", "en/"):
        root = built_site / prefix
        manifest = json.loads((root / "search/engine/manifest.json").read_text("utf-8"))
        indexed = [page[0] for page in manifest["pages"]]
        stub = json.loads((root / "search/search_index.json").read_text("utf-8"))
        assert stub["docs"] == [] and stub["config"]["separator"], prefix  # Material's config
        assert indexed[0] == "2024/" and "glossary/" in indexed and "topics/" in indexed
        for excluded in ("", "2024/full/", "whats-new/"):  # their front matter says so
            assert (root / excluded / "index.html").is_file() and excluded not in indexed
        assert len(indexed) == len(set(indexed)), indexed


def test_kept_results_are_made_once_and_survive_an_unwritable_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "cache"))
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"slim"

    key = cache.digest(["a", b"b"])
    assert key != cache.digest(["ab"]) and key != cache.digest(["a", "c"])
    assert cache.kept("css", f"{key}.css", make) == b"slim"
    assert cache.kept("css", f"{key}.css", make) == b"slim" and made == [1]
    assert (tmp_path / "cache" / "css" / f"{key}.css").read_bytes() == b"slim"
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "file"))
    assert cache.kept("css", f"{key}.css", make) == b"slim" and made == [1, 1]
