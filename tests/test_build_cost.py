"""What the build no longer repeats (issue 31): Material's search plugin does not index pages
the site's engine indexes again, the engine indexes the edition's own pages minus those their
front matter excludes, and costly results are kept between builds under a digest of their
inputs. Speed itself is measured by `scripts/bench.py run`, never asserted here."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.render import cache, rawblocks, search_index, search_text
from policysite.render.pages import PageSpec, render_edition

from .conftest import REPO as ROOT


class _ConfigLoader(yaml.SafeLoader):  # mkdocs.yml's !ENV and Python tags read as None
    pass


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


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
    assert cache.names("css") == [f"{key}.css"] and cache.read("css", f"{key}.css") == b"slim"
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path / "file"))
    assert cache.kept("css", f"{key}.css", make) == b"slim" and made == [1, 1]


RAW = """# Title {#top}

<div class="bp-para" id="p-1" data-number="1">
<div class="tools"><a href="#p-1" name="p-1-name">1</a><svg><path d="M0 0"/></svg></div>
<p>One<br>two</p>
</div>


<p class="lead">Lead</p>

<h2 id="y-2024" data-search-exclude>2024</h2>

<div markdown="1">*kept*</div>

<p>one</p>
<p>two</p>

<div>text</div> after

<!-- a comment --><div>x</div>

<p id="p-2">again</p>

<pre><code>&lt;b&gt;</code></pre>

<input name="not-an-anchor" id="box">"""


def _extensions() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


def _anchors_read_again(blocks: list[str]) -> set[str]:
    """The blocks' anchor IDs as an HTML parser finds them (``id``, and ``name`` on ``a``)."""
    found: set[str] = set()
    for block in blocks:
        soup = BeautifulSoup(block, "html.parser")
        found |= {str(tag["id"]) for tag in soup.find_all(id=True)}
        found |= {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}
    return found


def test_only_whole_raw_elements_are_set_aside_and_their_anchors_kept() -> None:
    shorter, blocks, anchors = rawblocks.set_aside(RAW)
    first, lead = RAW.split("\n\n")[1], '<p class="lead">Lead</p>'
    heading = '<h2 id="y-2024" data-search-exclude>2024</h2>'  # a topic page's year
    # one run of three blocks (kept with one blank line between), then one block alone
    assert blocks == [f"{first}\n\n{lead}\n\n{heading}", '<p id="p-2">again</p>']
    assert shorter.startswith("# Title {#top}\n\n<!--bp-raw-0-->\n\n<div markdown")
    assert "<div>x</div>\n\n<!--bp-raw-1-->\n\n<pre>" in shorter
    for kept in ('<div markdown="1">', "<p>one</p>\n<p>two</p>", "</div> after", "<pre>"):
        assert kept in shorter, kept
    extensions = _extensions()
    html = rawblocks.put_in(markdown.markdown(shorter, extensions=extensions), blocks)
    assert anchors == {"p-1", "p-1-name", "y-2024", "p-2"}  # ids, and names of <a>, as MkDocs
    assert html == markdown.markdown(RAW, extensions=extensions)
    assert rawblocks.set_aside('<div><input name="n"></div>')[2] == set()
    # self-closing tags (the slash is not part of an attribute) and quoted slashes and brackets
    closed = '<div id="d"><a name="n"/><br/><img alt="a/>b" src="x/"><hr /></div>'
    assert rawblocks.set_aside(f"text\n\n{closed}") == (
        "text\n\n<!--bp-raw-0-->",
        [closed],
        {"d", "n"},
    )
    assert rawblocks.set_aside('<div><a name="n"/></a></div>')[1] == []  # a stray </a>


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_pages_convert_the_same_with_raw_blocks_set_aside(lang: str) -> None:
    extensions = _extensions()
    loaded = load_site(ROOT)
    pages = render_edition(loaded, lang, "http://127.0.0.1:8000/", (), warn=print).pages
    set_aside = 0
    for spec in pages:
        body = spec.markdown.removeprefix("---\n").partition("\n---\n")[2]
        whole = markdown.markdown(body, extensions=extensions)
        shorter, blocks, anchors = rawblocks.set_aside(body)
        assert anchors == _anchors_read_again(blocks), spec.src_uri  # read while delimiting
        assert rawblocks.put_in(markdown.markdown(shorter, extensions=extensions), blocks) == (
            whole
        ), spec.src_uri
        set_aside += sum(map(len, blocks))
    assert set_aside > 0.5 * sum(len(spec.markdown) for spec in pages)  # most of the HTML


def _units_read_whole(html: str) -> tuple[str, list[search_text.Unit]]:
    """extract_units as it was before excluded elements were cut out: the whole content."""
    parser = search_text._Extractor()
    parser.feed(search_text.article(html))
    parser.close()
    for unit in parser.units:
        unit.text = search_text.clean("".join(unit._parts))
        unit._parts = []
        if unit.label:
            unit.title = f"{unit.title} · {unit.label}" if unit.title else unit.label
    return parser.page_title, parser.units


CUT_CASES = [
    # cut: nothing in it is read, and the text around it stays two pieces
    ('<h2 id="a">One<span data-search-exclude>x</span>two</h2>', True),
    ('<div id="p"><div data-search-exclude><a href="../x/#p">1</a></div>Text</div>', True),
    # kept: a link to the unit before it labels it; an end tag closing an outer element; a
    # self-closing void element; a comment; the words only inside an attribute's value
    ('<div id="p">T<div data-search-exclude><a href="#p" aria-label="1">1</a></div></div>', False),
    ('<div id="p"><div data-search-exclude><b>x</p></div></div>', False),
    ('<div id="p"><div data-search-exclude>a<br/>b</div></div>', False),
    ('<div id="p"><div data-search-exclude><!-- x --></div></div>', False),
    ('<div id="p"><p title="a data-search-exclude b">Text</p></div>', False),
]


@pytest.mark.parametrize(("html", "cut"), CUT_CASES)
def test_search_cuts_out_only_what_cannot_change_its_units(html: str, cut: bool) -> None:
    page = f'<article class="md-content__inner md-typeset"><h1 id="t">T</h1>{html}</article>'
    assert ("<!---->" in search_text.without_excluded(page)) == cut
    assert search_text.extract_units(page) == _units_read_whole(page)


def test_search_reads_the_same_units_with_excluded_elements_cut_out(built_site: Path) -> None:
    pages = sorted(built_site.glob("**/index.html"))
    cut = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert search_text.extract_units(html) == _units_read_whole(html), page
        cut += len(html) - len(search_text.without_excluded(html))
    assert len(pages) > 90 and cut > 500_000  # topic pages, paragraph tools, tooltips


def test_search_units_are_kept_under_the_page_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path))
    page = (
        '<html><body><nav>menu</nav><article class="md-content__inner md-typeset">'
        '<h1 id="top">标题</h1><div class="bp-para" id="p-1"><div data-search-exclude>'
        '<a href="#p-1" aria-label="第1段">1</a></div><p>人工智能 &amp; AI</p></div>'
        "</article><footer>foot</footer></body></html>"
    )
    assert search_index.page_units(page) == search_text.extract_units(page)
    (kept,) = cache.names("search-units")
    # another page with the same content element reads the kept units (not the HTML)
    units = cache.read("search-units", kept) or b""
    cache.keep("search-units", kept, units.replace("人工智能".encode(), "读回".encode()))
    title, units = search_index.page_units(page.replace("menu", "other menu"))
    assert (title, [(u.anchor, u.text, u.kind, u.title) for u in units]) == (
        "标题",
        [("top", "标题", "section", "标题"), ("p-1", "读回 & AI", "paragraph", "标题 · 第1段")],
    )
    changed = page.replace("人工智能", "智能制造")  # new content: parsed again, kept apart
    assert search_index.page_units(changed) == search_text.extract_units(changed)
    assert len(cache.names("search-units")) == 2
