"""What a build keeps for the next (issue 31): a warm build neither reads jieba's dictionary
(no build loads it whole) nor compiles a template, publishes exactly what a cold one does, and
a kept term scan or schema verdict is never used for a glossary, data or schema it was not made
with. Speed itself is measured by `scripts/bench.py run`."""

from __future__ import annotations

import contextlib
import dataclasses
import filecmp
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from policysite.checks.loader import load_site
from policysite.content import cache, memory, schema, terms, yamlio
from policysite.content.model import Glossary
from policysite.content.problems import Problem
from policysite.content.yamlio import LoadedYaml
from policysite.render import search_index, search_text

from .conftest import DEFAULT_SITE_URL, REPO, copy_site_sources

# `mkdocs build` in one process, reporting afterwards whether jieba loaded its dictionary and
# whether the term scan read it (policysite.content.dictionary),
# which templates were compiled by the environments that have the kept bytecode cache (the
# theme's, in each edition's MkDocs environment, and the page renderer's), and how many times
# each theme template was rendered (a page taken from the cache is not), and the cycle
# collector's threshold the build ran with (policysite.content.memory).
PROBE = """
import collections, gc, json, runpy, sys
import jieba, jinja2
compiled, rendered = [], collections.Counter()
compile_template = jinja2.Environment.compile
def counting(self, source, name=None, *args, **kwargs):
    if self.bytecode_cache is not None:
        compiled.append(name)
    return compile_template(self, source, name, *args, **kwargs)
jinja2.Environment.compile = counting
render_template = jinja2.Template.render
def rendering(self, *args, **kwargs):
    if self.environment.bytecode_cache is not None and self.name.endswith((".html", ".xml")):
        rendered[self.name] += 1
    return render_template(self, *args, **kwargs)
jinja2.Template.render = rendering
import markdown
converted = []
convert = markdown.Markdown.convert
def converting(self, source):
    converted.append(len(source))
    return convert(self, source)
markdown.Markdown.convert = converting
from policysite.content import yamlio
parsed, parse = [], yamlio.parse_yaml_text
def parsing(text, file):
    parsed.append(file)
    return parse(text, file)
yamlio.parse_yaml_text = parsing
sys.argv = ["mkdocs", "build", "--strict", "-q", "-d", sys.argv[1]]
try:
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
except SystemExit as end:
    if end.code:
        raise
read = sys.modules["policysite.content.dictionary"].dictionary.cache_info().currsize > 0
print(json.dumps({"jieba": jieba.dt.initialized, "dictionary": read,
                  "compiled": compiled, "rendered": rendered,
                  "converted": len(converted), "parsed": sorted(set(parsed)),
                  "young_collection_after": gc.get_threshold()[0]}))
"""


# A warm build: no dictionary, no compiling, and no page rendered through the theme but the
# editions' 404 pages and sitemaps (every time), no Markdown converted and no YAML parsed.
WARM = {
    "jieba": False,
    "dictionary": False,
    "compiled": [],
    "rendered": {"404.html": 3, "sitemap.xml": 3},
    "converted": 0,  # and no page's Markdown converted
    "parsed": [],  # and no YAML file parsed
    "young_collection_after": memory.YOUNG_COLLECTION_AFTER,  # set by the hooks' on_startup
}


def _probe(code: str, cache: Path, *args: str, root: Path = REPO) -> list[str]:
    """Run ``code`` (a probe) in a new Python process in ``root`` with build cache ``cache``;
    its output lines. The test fails if the process does."""
    env = {**os.environ, "POLICYSITE_CACHE": str(cache), "SITE_URL": DEFAULT_SITE_URL}
    env["NO_MKDOCS_2_WARNING"] = "1"
    run = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()


def _build(site: Path, cache: Path, root: Path = REPO) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(_probe(PROBE, cache, str(site), root=root)[-1])
    return result


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [str(left / name) for name in compared.left_only + compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += [str(left / name) for name in mismatch + errors]
    for folder in compared.common_dirs:
        found += _differences(left / folder, right / folder)
    return found


def test_a_warm_build_loads_no_dictionary_compiles_nothing_and_publishes_the_same(
    tmp_path: Path,
) -> None:
    cache_folder = tmp_path / "cache"
    cold = _build(tmp_path / "cold", cache_folder)
    # the cold build scanned the texts on jieba's dictionary, read where asked, not loaded
    assert (cold["jieba"], cold["dictionary"]) == (False, True)
    compiled = cold["compiled"]
    assert isinstance(compiled, list) and "main.html" in compiled and "chapter.md.j2" in compiled
    assert cache.names("terms", cache_folder) and cache.names("templates", cache_folder)
    pages = len(list((tmp_path / "cold").rglob("*.html")))
    assert cold["rendered"]["main.html"] == pages - 3  # all but the editions' 404 pages
    assert cold["converted"] == pages - 3
    content = {p.relative_to(REPO).as_posix() for p in (REPO / "content").rglob("*.yml")}
    assert content <= set(cold["parsed"])  # every content file's parse kept
    warm = _build(tmp_path / "warm", cache_folder)
    assert warm == WARM
    assert _differences(tmp_path / "cold", tmp_path / "warm") == []


def test_kept_pages_are_rendered_again_after_a_template_or_code_change(tmp_path: Path) -> None:
    """A kept page's HTML serves only the theme files and code it was made with: an edited
    override shows on every page, and edited code renders and converts every page again."""
    root = copy_site_sources(tmp_path / "repo")
    cache = tmp_path / "cache"
    _build(tmp_path / "first", cache, root)
    main = root / "overrides" / "main.html"
    marker = "<!-- override edited -->"
    block = "{% block extrahead %}"
    text = main.read_text(encoding="utf-8")
    assert block in text
    main.write_text(text.replace(block, block + marker), "utf-8")
    edited = _build(tmp_path / "edited", cache, root)
    pages = [p for p in (tmp_path / "edited").rglob("*.html") if p.name != "404.html"]
    assert edited["rendered"]["main.html"] == len(pages)
    assert edited["converted"] == 0  # the theme is not read by the Markdown conversion
    assert all(marker in page.read_text(encoding="utf-8") for page in pages)
    code = root / "hooks" / "policysite" / "render" / "assets.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    recoded = _build(tmp_path / "recoded", cache, root)
    assert recoded["rendered"]["main.html"] == len(pages)
    assert recoded["converted"] == len(pages)
    assert _differences(tmp_path / "edited", tmp_path / "recoded") == []


def _with_variant(glossary: Glossary, term_id: str, variant: str) -> Glossary:
    changed = tuple(
        dataclasses.replace(term, variants=(*term.variants, variant))
        if term.id == term_id
        else term
        for term in glossary.terms
    )
    return dataclasses.replace(glossary, terms=changed)


def test_a_kept_scan_serves_only_the_glossary_it_was_made_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path))
    glossary = load_site(REPO).site.glossary
    assert glossary is not None
    term = glossary.terms[0]
    text = f"推进{term.zh}和示范新词建设"
    first = terms.TermScan(glossary)
    found = [(m.start, m.end, m.term.id) for m in first.find(text, "zh")]
    assert found == [(2, 2 + len(term.zh), term.id)]
    first.keep()
    again = terms.TermScan(glossary)
    assert [(m.start, m.end, m.term.id) for m in again.find(text, "zh")] == found
    assert again._matcher is None  # read from the cache: jieba was not asked
    # English text, and Chinese text where no form occurs, are scanned without jieba.
    assert again.find("Plain words, no term at all.", "en") == []
    assert again.find("今日无事。", "zh") == []
    assert again._matcher is not None and again._matcher._words is None
    # The same text under a glossary where the term has one more variant: scanned again.
    edited = _with_variant(glossary, term.id, "示范新词")
    rescanned = terms.TermScan(edited)
    start = text.index("示范新词")
    assert [(m.start, m.end, m.term.id) for m in rescanned.find(text, "zh")] == [
        *found,
        (start, start + 4, term.id),
    ]
    assert rescanned._matcher is not None
    # Each scan starts from the dictionary alone, as a new process's jieba would (however
    # many glossaries this process saw): what it found is kept, under the edited glossary.
    rescanned.keep()
    kept = cache.names("terms")
    assert kept == sorted([first._name, rescanned._name]) and len(kept) == 2
    third = terms.TermScan(edited)
    assert third.find(text, "zh") == rescanned.find(text, "zh") and third._matcher is None


def test_a_kept_schema_verdict_serves_only_the_data_and_schemas_it_was_made_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "cache"))
    schemas = tmp_path / "schema"
    shutil.copytree(REPO / "content" / "schema", schemas)
    host = {"host": "news.cn", "publisher": "Xinhua", "reason": "State news agency."}
    name = "trusted-hosts.schema.json"
    assert schema.validate(LoadedYaml("a.yml", {"hosts": [host]}), name, schemas) == []
    assert len(cache.names("schema")) == 1

    def refuse(*_: object) -> list[object]:
        raise AssertionError("validated again")

    with monkeypatch.context() as patched:  # another file, the same data: the kept verdict
        patched.setattr(schema, "_problems", refuse)
        assert schema.validate(LoadedYaml("b.yml", {"hosts": [host]}), name, schemas) == []
    # A schema edit that makes the same data invalid: validated again, and reported.
    text = (schemas / name).read_text(encoding="utf-8")
    (schemas / name).write_text(text.replace('"minLength": 1', '"minLength": 50'), "utf-8")
    problems = schema.validate(LoadedYaml("c.yml", {"hosts": [host]}), name, schemas)
    assert [p.key_path for p in problems] == ["hosts[0].publisher", "hosts[0].reason"]
    # Changed data: validated again; its problems are never kept.
    wrong = {"hosts": [{**host, "host": "https://news.cn"}]}
    assert schema.validate(LoadedYaml("d.yml", wrong), name, schemas) != []
    assert len(cache.names("schema")) == 1


def test_a_kept_parse_serves_only_the_text_and_name_it_was_made_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A content file's parse is kept under its name and text: the same text gives the same
    data and lines without parsing; an edit, another name or a damaged result is parsed
    again (with the lines of the text as it is now); a syntax error is never kept."""
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "cache"))
    text = "hosts:\n  - host: news.cn\n    publisher: Xinhua\n"
    first = yamlio.parsed_once(text, "a.yml")
    assert isinstance(first, LoadedYaml) and first.lines[("hosts", 0, "publisher")] == 3
    calls: list[str] = []
    parse = yamlio.parse_yaml_text

    def counted(text: str, file: str) -> object:
        calls.append(file)
        return parse(text, file)

    monkeypatch.setattr(yamlio, "parse_yaml_text", counted)
    again = yamlio.parsed_once(text, "a.yml")
    assert calls == [] and again == first and again is not first
    moved = yamlio.parsed_once("# a comment\n" + text, "a.yml")
    assert calls == ["a.yml"] and isinstance(moved, LoadedYaml)
    assert moved.lines[("hosts", 0, "publisher")] == 4 and moved.data == first.data
    other = yamlio.parsed_once(text, "b.yml")
    assert calls == ["a.yml", "b.yml"] and isinstance(other, LoadedYaml) and other.file == "b.yml"
    assert first.source is not None
    cache.keep("parsed", first.source, b"not a pickle")
    assert yamlio.parsed_once(text, "a.yml") == first and calls[-1] == "a.yml"
    broken = "hosts: [news.cn\n"
    assert isinstance(yamlio.parsed_once(broken, "c.yml"), Problem)
    assert isinstance(yamlio.parsed_once(broken, "c.yml"), Problem)
    assert calls[-2:] == ["c.yml", "c.yml"]
    assert len(cache.names("parsed")) == 3  # a.yml twice (two texts) and b.yml


def _recording_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """Replace ``module.name`` by a wrapper that records each call's first argument; the
    record."""
    calls: list[Any] = []
    original = getattr(module, name)

    def recorded(first: Any, *rest: Any) -> Any:
        calls.append(first)
        return original(first, *rest)

    monkeypatch.setattr(module, name, recorded)
    return calls


def test_kept_search_tokens_make_the_same_index_and_serve_only_their_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search index made from kept tokens is the one cutting the texts makes; an edited
    unit's page is cut again (only it), a damaged kept result is cut again, and a page with
    less text than is worth keeping is cut every time, never kept."""
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "cache"))
    unit = search_text.Unit
    chinese = "建设“滨城”，GDP增长5%左右。" * 8
    english = "Tianjin Port's container throughput grew in the first quarter. " * 3
    assert min(len(chinese), len(english)) >= search_index.KEPT_TOKENS_FROM
    pages = [
        search_index.Page("a/", "滨城", [unit("p1", "滨城", chinese, "paragraph", "1")]),
        search_index.Page("b/", "Ports", [unit("p2", "Ports", english, "heading", "")]),
        search_index.Page("c/", "Short", [unit("", "Short", "生物医药", "heading", "")]),
    ]
    cold = search_index.build_files(pages)
    assert len(cache.names("search-tokens")) == 2  # not the short page's
    unit_tokens = search_index._unit_tokens
    cut = _recording_calls(monkeypatch, search_index, "_unit_tokens")
    assert search_index.build_files(pages) == cold and cut == ["生物医药"]
    edited = unit("p2", "Ports", english.replace("Port's", "Ports'"), "heading", "")
    pages[1] = dataclasses.replace(pages[1], units=[edited])
    cut.clear()
    changed = search_index.build_files(pages)
    assert cut == [edited.text, "生物医药"] and changed != cold
    monkeypatch.setattr(search_index, "_unit_tokens", unit_tokens)
    assert search_index.build_files(pages) == changed  # and fresh cuts agree
    for name in cache.names("search-tokens"):
        cache.keep("search-tokens", name, b"\xff damaged")
    cut = _recording_calls(monkeypatch, search_index, "_unit_tokens")
    assert search_index.build_files(pages) == changed and len(cut) == 3
    cut.clear()  # the damaged results were kept anew: the next build cuts only the short page
    assert search_index.build_files(pages) == changed and cut == ["生物医药"]


def test_a_damaged_kept_page_reading_is_read_again_and_kept_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "cache"))
    html = (
        '<article class="md-content__inner"><h1 id="t">生物医药</h1>'
        '<p id="p1">加大生物医药引进外资力度。</p></article>'
    )
    first = search_index.page_units(html)
    assert first[1] and cache.names("search-units")
    for name in cache.names("search-units"):
        cache.keep("search-units", name, b"\xff not json")
    read = _recording_calls(monkeypatch, search_index, "extract_units")
    assert search_index.page_units(html) == first and len(read) == 1
    assert search_index.page_units(html) == first and len(read) == 1  # kept anew


def _age(root: Path, kind: str, name: str, days: float) -> None:
    """Make the result ``kind/name`` in the cache at ``root`` last used ``days`` ago."""
    with contextlib.closing(sqlite3.connect(root / cache.DATABASE)) as db, db:
        then = time.time() - days * cache.DAY
        db.execute("UPDATE results SET used = ? WHERE kind = ? AND name = ?", (then, kind, name))


def _used_days_ago(root: Path, kind: str, name: str) -> float:
    with contextlib.closing(sqlite3.connect(root / cache.DATABASE)) as db:
        query = "SELECT used FROM results WHERE kind = ? AND name = ?"
        (used,) = db.execute(query, (kind, name)).fetchone()
    return float((time.time() - used) / cache.DAY)


def test_results_unread_for_a_month_are_pruned_and_the_rest_renewed_by_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "kept"
    monkeypatch.setenv("POLICYSITE_CACHE", str(root))
    monkeypatch.setattr(cache, "_pruned_this_process", set())
    cache.keep("terms", "in-use", b"1")
    cache.keep("terms", "edited-away", b"2")
    cache.keep("share", "recent", b"3")
    for name in ("in-use", "edited-away"):
        _age(root, "terms", name, cache.UNUSED_DAYS + 5)
    _age(root, "share", "recent", cache.UNUSED_DAYS - 5)
    assert cache.read("terms", "in-use") == b"1"  # reading renews it
    assert _used_days_ago(root, "terms", "in-use") < 0.001
    _age(root, *cache.PRUNED, 2)  # pruned two days ago: due again, in the next process
    monkeypatch.setattr(cache, "_pruned_this_process", set())
    assert cache.read("share", "recent") == b"3"
    assert cache.names("terms") == ["in-use"]
    # pruned less than a day ago: not again, even in a new process
    _age(root, "terms", "in-use", cache.UNUSED_DAYS + 5)
    monkeypatch.setattr(cache, "_pruned_this_process", set())
    assert cache.read("share", "recent") == b"3"
    assert cache.names("terms") == ["in-use"]
    assert cache.prune(root) == 1 and cache.names("terms") == []
    # pages' HTML, which fills faster, is kept for a week unread
    cache.keep("pages", "last-week", b"4")
    cache.keep("pages", "yesterday", b"5")
    _age(root, "pages", "last-week", cache.UNUSED_DAYS_OF_KIND["pages"] + 1)
    _age(root, "pages", "yesterday", 1)
    assert cache.prune(root) == 1
    assert cache.names("pages") == ["yesterday"]


def test_a_result_read_again_within_a_day_is_not_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm build reads hundreds of results: renewing each one's time of use on every read
    would make every warm build write them all."""
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path))
    cache.keep("pages", "read-this-morning", b"1")
    _age(tmp_path, "pages", "read-this-morning", 0.5)
    assert cache.read("pages", "read-this-morning") == b"1"
    assert 0.49 < _used_days_ago(tmp_path, "pages", "read-this-morning") < 0.51
    _age(tmp_path, "pages", "read-this-morning", 1.5)
    assert cache.read("pages", "read-this-morning") == b"1"
    assert _used_days_ago(tmp_path, "pages", "read-this-morning") < 0.001


def test_a_damaged_cache_file_is_started_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache file that is not SQLite (a disk error, a copy cut short) would make every
    build a cold one; the next process starts it again."""
    (tmp_path / cache.DATABASE).write_bytes(b"not a database, " * 512)
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path))
    assert cache.read("terms", "any") is None
    cache.keep("terms", "any", b"found")
    assert cache.read("terms", "any") == b"found"
    assert (tmp_path / cache.DATABASE).read_bytes().startswith(b"SQLite format 3\0")


_WRITER = """
import sys
from policysite.content import cache
for i in range(int(sys.argv[2])):
    cache.keep("terms", f"{sys.argv[1]}-{i}", sys.argv[1].encode() * 1000)
    assert cache.read("terms", f"{sys.argv[1]}-{i}") == sys.argv[1].encode() * 1000
"""


def test_processes_side_by_side_keep_every_result(tmp_path: Path) -> None:
    """The tests' two workers and their builds share one cache: no write is lost to another's,
    and none waits out an error."""
    env = {**os.environ, "POLICYSITE_CACHE": str(tmp_path)}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, name, "300"], env=env, cwd=REPO)
        for name in ("a", "b", "c")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0]
    kept = cache.names("terms", tmp_path)
    assert len(kept) == 900 and {name[0] for name in kept} == {"a", "b", "c"}


def test_a_build_prunes_what_no_build_read_for_a_month(tmp_path: Path) -> None:
    cache_folder = tmp_path / "cache"
    _build(tmp_path / "first", cache_folder)
    with contextlib.closing(sqlite3.connect(cache_folder / cache.DATABASE)) as db, db:
        row = ("share", "0123456789ab.png", b"\x89PNG old card", 0.0)  # a retitled page's card
        db.execute("INSERT INTO results VALUES (?, ?, ?, ?)", row)
    _age(cache_folder, "share", "0123456789ab.png", cache.UNUSED_DAYS + 1)
    _age(cache_folder, *cache.PRUNED, 2)  # last pruned two days ago
    warm = _build(tmp_path / "later", cache_folder)
    assert "0123456789ab.png" not in cache.names("share", cache_folder)
    assert cache.names("share", cache_folder)  # the cards in use are kept
    assert warm == WARM  # what builds read was kept
    assert _differences(tmp_path / "first", tmp_path / "later") == []


def test_a_conversion_that_logs_is_made_again_and_a_quiet_one_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A page's kept conversion is its HTML, table of contents, title and anchors, restored as
    MkDocs made them; a page whose conversion warned is converted (and warns) on every build;
    a changed page is converted again."""
    import mkdocs_unchanged
    from mkdocs.commands.build import get_files
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [a page that is not there](gone.md).\n")
    (docs / "other.md").write_text("# Other\n\n## A part {#part}\n\n[Home](index.md#home)\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [attr_list, toc]\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    conversions: list[str] = []
    real_conversion = mkdocs_unchanged._convert

    def convert(page: Page, *args: Any) -> None:
        conversions.append(page.file.src_uri)
        real_conversion(page, *args)

    monkeypatch.setattr(mkdocs_unchanged, "_convert", convert)

    def converted(name: str, text: str | None = None) -> Page:
        page = Page(None, files.get_file_from_path(name), config)  # type: ignore[arg-type]
        page.read_source(config)
        if text is not None:
            page.markdown = text
        mkdocs_unchanged._converted_once(page, config, files)
        return page

    fresh = converted("other.md")
    kept = converted("other.md")
    assert conversions == ["other.md"]
    assert kept.content == fresh.content and "A part" in (kept.content or "")
    outline = [(a.title, a.id, a.level, len(a.children)) for a in kept.toc]
    assert outline == [("Other", "other", 1, 1)]
    assert kept.toc.items[0].children[0].id == "part"
    assert kept.title == fresh.title == "Other"
    assert kept.present_anchor_ids == fresh.present_anchor_ids == {"other", "part"}
    assert {f.src_uri: a for f, a in kept.links_to_anchors.items()} == {  # type: ignore[union-attr]
        "index.md": {"home": "index.md#home"}
    }
    for _ in range(2):
        caplog.clear()
        converted("index.md")
        assert "gone.md" in caplog.text
    assert conversions == ["other.md", "index.md", "index.md"]
    converted("other.md", "# Other, edited\n")
    assert conversions[-1] == "other.md"


def test_a_warning_from_a_page_shows_on_every_build_through_mkdocs_own_command(
    tmp_path: Path,
) -> None:
    """Under `mkdocs build` MkDocs stops its own loggers' messages at "mkdocs" (no propagation
    to the root): a page whose link is broken still warns, and fails the strict build, every
    time, as it did before conversions were kept (a kept one once hid it from the second)."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n\nSee [gone](gone.md).\n", "utf-8")
    (project / "docs" / "other.md").write_text("# Other\n\n[Home](index.md)\n", "utf-8")
    hook = REPO / "hooks" / "mkdocs_unchanged.py"
    (project / "mkdocs.yml").write_text(f"site_name: t\nhooks:\n  - {hook}\n", "utf-8")
    env = {**os.environ, "POLICYSITE_CACHE": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    for strict in ([], [], ["--strict"], ["--strict"]):
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", *strict],
            cwd=project, capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert "gone.md" in run.stderr, run.stderr
        assert run.returncode == (1 if strict else 0), run.stderr
    assert len(cache.names("converted", tmp_path / "cache")) == 1  # other.md only


# `site.py check` in one process, reporting which of the costly libraries it imported: jieba
# (and pkg_resources with it), jsonschema and pypinyin are needed only for texts not scanned
# before, files without a kept verdict, and `import`.
CHECK_PROBE = """
import atexit, runpy, sys
costly = ("jieba", "jsonschema", "pypinyin")
atexit.register(lambda: print("IMPORTED", *[m for m in costly if m in sys.modules]))
sys.path.insert(0, "scripts")
sys.argv = ["scripts/site.py", "check"]
runpy.run_path("scripts/site.py", run_name="__main__")
"""


def _check_imports(cache: Path) -> list[str]:
    (line,) = [line for line in _probe(CHECK_PROBE, cache) if line.startswith("IMPORTED")]
    return line.split()[1:]


def test_a_warm_check_imports_neither_jieba_nor_jsonschema_nor_pypinyin(tmp_path: Path) -> None:
    """A `check` whose texts and files the cache holds needs none of them (together a third of
    its time, measured: 1.0 to 0.52 s); a cold one scans and validates with them."""
    cache = tmp_path / "cache"
    assert _check_imports(cache) == ["jieba", "jsonschema"]
    assert _check_imports(cache) == []
