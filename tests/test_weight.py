"""Light pages: one copy of the assets for every language, versioned asset names, short
titles, a small glossary page, and markup without dangling references (the real build)."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import material
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from policysite.render.assets import (
    PALETTE_STYLESHEET,
    STYLESHEET,
    compact_css,
    fixed_attributes,
    versioned_name,
)
from policysite.render.css_slim import class_tokens, slim_css

from .conftest import REPO

BASE = "https://site.test/"
VERSIONED = re.compile(r"\.[0-9a-f]{8}(\.min)?\.[a-z0-9]+$")
OWN_ASSETS = REPO / "overrides"
MAX_ELEMENTS = 1000  # at first render, on the glossary page


def pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """Every HTML page of the built site, with its URL below BASE."""
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        url = BASE + relative.removesuffix("index.html")
        if relative.endswith("404.html"):  # served for any missing path: absolute links
            url = BASE + "some/missing/page/"
        yield url, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def asset_links(url: str, page: BeautifulSoup) -> set[str]:
    """Site paths of the stylesheets, scripts, icons, images and search worker a page loads."""
    found = [tag.get("href") for tag in page.select("link[rel=stylesheet], link[rel=icon]")]
    found += [tag.get("src") for tag in page.select("script[src], img[src]")]
    config = page.find("script", id="__config")
    if config is not None:
        found.append(json.loads(config.string)["search"])
    return {urlsplit(urljoin(url, str(link))).path for link in found if link}


@pytest.fixture(scope="module")
def built_pages(built_site: Path) -> list[tuple[str, BeautifulSoup]]:
    return list(pages(built_site))


def test_every_language_uses_the_one_copy_of_the_assets(
    built_site: Path, built_pages: list[tuple[str, BeautifulSoup]]
) -> None:
    assert not (built_site / "en" / "assets").exists()
    used: dict[str, set[str]] = defaultdict(set)
    for url, page in built_pages:
        links = asset_links(url, page)
        assert links, url
        for path in links:
            assert path.startswith("/assets/"), (url, path)
            assert (built_site / path.removeprefix("/")).is_file(), (url, path)
        used["en" if url.startswith(BASE + "en/") else "zh"] |= links
    # a reader who switches language needs nothing the first language did not load
    assert used["en"] == used["zh"]


def test_assets_have_versioned_names(
    built_site: Path, built_pages: list[tuple[str, BeautifulSoup]]
) -> None:
    linked = set().union(*(asset_links(url, page) for url, page in built_pages))
    for path in linked:
        assert VERSIONED.search(path), path
    own = [p for p in (OWN_ASSETS / "assets").rglob("*") if p.suffix in {".css", ".js", ".svg"}]
    assert len(own) >= 4  # site.css, site.js, tablesort, favicon
    for source in own:
        relative = source.relative_to(OWN_ASSETS).as_posix()
        content = source.read_bytes()
        if source.suffix == ".css":  # published compacted, under the compacted one's hash
            content = compact_css(content.decode("utf-8")).encode("utf-8")
            assert len(content) < 0.8 * source.stat().st_size
        published = versioned_name(relative, content)
        digest = hashlib.sha256(content).hexdigest()[:8]
        assert digest in published
        assert (built_site / published).read_bytes() == content, published
        assert "/" + relative not in linked, relative
        if source.suffix != ".css":  # the plain name stays for references inside scripts
            assert (built_site / relative).read_bytes() == source.read_bytes()
    assert any("tablesort." in path for path in linked)


def test_compact_css_drops_comments_and_indentation_only() -> None:
    css = '/* why */\n.a {\n  content: "✓ ";  /* mark */\n}\n\n\n@media print {\n  .b { x: 1 }\n}\n'
    assert compact_css(css) == '.a {\ncontent: "✓ ";  \n}\n@media print {\n.b { x: 1 }\n}\n'


def test_versioned_name_keeps_min_and_the_extension() -> None:
    assert versioned_name("assets/a/site.css", b"x") == "assets/a/site.2d711642.css"
    assert versioned_name("assets/v/t.min.js", b"x") == "assets/v/t.2d711642.min.js"
    assert versioned_name("assets/v/LICENCE", b"x") == "assets/v/LICENCE"


def test_logo_has_its_size(built_pages: list[tuple[str, BeautifulSoup]]) -> None:
    for url, page in built_pages:
        for logo in page.select(".md-logo img"):
            assert logo.get("width") and logo.get("height"), url


@pytest.mark.parametrize(("prefix", "limit"), [("en/", 69), ("", 40)])
def test_titles_are_short_and_pages_keep_the_full_title(
    built_pages: list[tuple[str, BeautifulSoup]], prefix: str, limit: int
) -> None:
    checked = 0
    for url, page in built_pages:
        is_english = url.startswith(BASE + "en/")
        if is_english != (prefix == "en/") or "404" in url or "missing" in url:
            continue
        title = page.title.get_text().strip()
        assert 0 < len(title) <= limit, (url, len(title), title)
        checked += 1
    assert checked >= 10
    chapter = dict(built_pages)[BASE + prefix + "2024/beijing-tianjin-hebei/"]
    heading = chapter.select_one("article h1").get_text()
    full = {"en/": "development of the Beijing-Tianjin-Hebei region", "": "坚持创新协同"}
    assert full[prefix] in heading


def test_every_label_points_at_a_control(built_pages: list[tuple[str, BeautifulSoup]]) -> None:
    for url, page in built_pages:
        ids = {tag["id"] for tag in page.find_all(id=True)}
        for label in page.find_all("label", attrs={"for": True}):
            assert label["for"] in ids, (url, label["for"])


def test_sidebar_links_with_one_name_go_to_one_place(
    built_pages: list[tuple[str, BeautifulSoup]],
) -> None:
    for url, page in built_pages:
        targets: dict[str, set[str]] = defaultdict(set)
        for link in page.select(".md-sidebar a[href]"):
            name = " ".join(link.get_text().split())
            target = urljoin(url, link["href"])
            targets[name].add(target.removesuffix("#"))
        clashes = {name: hrefs for name, hrefs in targets.items() if len(hrefs) > 1}
        assert not clashes, url


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_glossary_page_is_small_until_an_entry_is_opened(
    new_page: Callable[..., object], prefix: str
) -> None:
    page = new_page(f"/{prefix}glossary/", width=390, height=844)
    count = page.evaluate("document.getElementsByTagName('*').length")  # type: ignore[attr-defined]
    assert count < MAX_ELEMENTS, count
    toggle = page.locator(".bp-gloss__toggle").first  # type: ignore[attr-defined]
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator(".bp-gloss__sources a").count() == 0  # type: ignore[attr-defined]
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    sources = page.locator(".bp-gloss__sources a").first  # type: ignore[attr-defined]
    assert sources.is_visible()
    toggle.click()
    assert not sources.is_visible()


def test_a_link_to_an_entry_opens_it(new_page: Callable[..., object]) -> None:
    page = new_page("/en/glossary/#bincheng")
    uses = page.locator("#bincheng ~ .bp-gloss__shown .bp-gloss__uses a").first  # type: ignore[attr-defined]
    uses.wait_for(state="visible", timeout=5000)
    assert page.locator(".bp-gloss__shown").count() == 1  # type: ignore[attr-defined]


def test_switching_language_loads_no_further_asset(browser: object, site_server: str) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    requested: list[str] = []
    context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    try:
        page = context.new_page()
        page.goto(site_server + "/2024/beijing-tianjin-hebei/", wait_until="networkidle")
        first = {path for path in requested if path.startswith("/assets/")}
        requested.clear()
        page.click(".md-header__option .md-select button")
        page.click('.md-select__link[hreflang="en"]')
        page.wait_for_url("**/en/2024/beijing-tianjin-hebei/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert first
        assert {path for path in requested if path.startswith("/assets/")} <= first
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "query", "stems"),
    [("/2024/targets/", "滨城", False), ("/en/glossary/", "tariff", True)],
)
def test_a_search_loads_only_versioned_assets(
    browser: object, site_server: str, path: str, query: str, stems: bool
) -> None:
    """The worker, the engine it loads and the stemmer the engine loads are all fetched by
    their versioned names, which the server lets browsers keep for a year. The stemmer is
    fetched only for a query that has words to stem: a Chinese query (whose synonyms here are
    all Chinese) does without it, its results' snippets included."""
    context = browser.new_context()  # type: ignore[attr-defined]
    requested: list[str] = []
    context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    try:
        page = context.new_page()
        page.goto(site_server + path, wait_until="networkidle")
        box = page.locator(".md-search__input")
        box.click()
        box.type(query)
        box.press("End")  # Material listens for keyup; typed Chinese (like an IME's) sends none
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.wait_for_load_state("networkidle")
        assets = {p for p in requested if p.startswith("/assets/")}
        for name in ("/search/worker.", "/search/engine."):
            assert any(name in p for p in assets), (name, sorted(assets))
        stemmer = [p for p in assets if "/vendor/lunr-stemmer." in p]
        assert bool(stemmer) == stems, sorted(assets)
        assert [p for p in assets if not VERSIONED.search(p)] == []
    finally:
        context.close()


def test_slim_css_leaves_out_only_rules_no_markup_can_use() -> None:
    css = (
        ".md-header{color:red}"
        ".md-typeset .critic,.md-typeset .bp-x{margin:0}"
        ".md-typeset .critic.block{padding:0}"
        '[data-md-color-scheme="slate"] .md-header{color:#000}'
        "@media print{.md-typeset .keys{display:none}.md-header{display:none}}"
        "@media screen{.md-typeset .keys{display:none}}"
        '@font-face{font-family:x;src:url("data:font/woff2;base64,AA.BB")}'
        "a[href$='.pdf']{color:blue}"
        "/*# sourceMappingURL=main.min.css.map*/"
    )
    tokens = class_tokens(['<div class="md-header md-typeset bp-x">'])
    assert slim_css(css, tokens) == (
        ".md-header{color:red}"
        ".md-typeset .bp-x{margin:0}"
        '[data-md-color-scheme="slate"] .md-header{color:#000}'
        "@media print{.md-header{display:none}}"
        '@font-face{font-family:x;src:url("data:font/woff2;base64,AA.BB")}'
        'a[href$=".pdf"]{color:blue}'
    )


def test_slim_css_leaves_out_attribute_values_the_configuration_never_sets() -> None:
    css = (
        "[dir=rtl] .md-header{margin:0}"
        "[dir=ltr] .md-header{padding:0}"
        ".md-header:dir(rtl){left:0}"
        ".md-header:dir(rtl),.md-header{right:0}"
        '[data-md-color-primary="red"]{--md-primary-fg-color:red}'
        "[data-md-color-primary=custom],[data-md-color-accent=pink]{--x:1}"
        "[data-md-color-scheme=slate]{color-scheme:dark}"
        "@media screen{[data-md-color-accent=indigo]{--y:2}[data-md-color-scheme=slate]{--z:3}}"
    )
    fixed = (
        ("dir", frozenset({"ltr"})),
        ("data-md-color-primary", frozenset({"custom"})),
        ("data-md-color-accent", frozenset({"custom"})),
    )
    tokens = class_tokens(['<div class="md-header">'])
    assert slim_css(css, tokens, fixed) == (
        "[dir=ltr] .md-header{padding:0}"
        ".md-header{right:0}"
        "[data-md-color-primary=custom]{--x:1}"
        "[data-md-color-scheme=slate]{color-scheme:dark}"
        "@media screen{[data-md-color-scheme=slate]{--z:3}}"
    )
    assert "[dir=rtl]" in slim_css(css, tokens)  # nothing fixed: nothing left out for it


def test_fixed_attributes_come_from_every_edition_and_the_palette() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    editions = [edition["lang"] for edition in config.extra["alternate"]]
    assert sorted(editions) == ["en", "zh-CN", "zh-Hant"]
    assert dict(fixed_attributes(config.theme, editions)) == {
        "dir": {"ltr"},
        "data-md-color-primary": {"custom"},
        "data-md-color-accent": {"custom"},
    }
    # An edition in a right-to-left language keeps the theme's right-to-left rules for all.
    assert dict(fixed_attributes(config.theme, [*editions, "ar"]))["dir"] == {"ltr", "rtl"}


def published_slim_stylesheet(
    built_site: Path, built_pages: list[tuple[str, BeautifulSoup]], pattern: str
) -> tuple[str, str]:
    """The theme's stylesheet ``pattern`` and the slim copy every page links instead (texts)."""
    name = pattern.rsplit("/", 1)[1].replace(".", r"\.").replace("*", "[0-9a-f]{8}")
    linked = set().union(*(asset_links(url, page) for url, page in built_pages))
    published = [path for path in linked if re.search(f"/stylesheets/{name}$", path)]
    assert len(published) == 1, published
    theme = next(Path(material.__file__).parent.glob("templates/" + pattern))
    assert published[0].rsplit("/", 1)[1] != theme.name  # the theme's own copy is not published
    assert not (built_site / "assets/stylesheets" / theme.name).exists()
    slim = (built_site / published[0].removeprefix("/")).read_text(encoding="utf-8")
    return theme.read_text(encoding="utf-8"), slim


def test_pages_link_the_slim_theme_stylesheet(
    built_site: Path, built_pages: list[tuple[str, BeautifulSoup]]
) -> None:
    theme, slim = published_slim_stylesheet(built_site, built_pages, STYLESHEET)
    assert len(slim) < 0.9 * len(theme)
    for kept in (".md-header", ".md-search-result", ".md-typeset .admonition", ".md-nav__link"):
        assert kept in slim, kept
    for left_out in (".critic", ".arithmatex", ".highlighttable", "[dir=rtl]"):
        assert left_out in theme
        assert left_out not in slim, left_out


def test_pages_link_the_slim_palette_stylesheet(
    built_site: Path, built_pages: list[tuple[str, BeautifulSoup]]
) -> None:
    theme, slim = published_slim_stylesheet(built_site, built_pages, PALETTE_STYLESHEET)
    assert "[data-md-color-scheme=slate]" in slim  # dark mode stays
    assert "[data-md-color-primary=red]" in theme
    assert "[data-md-color-primary=red]" not in slim
    assert len(slim) < 0.5 * len(theme)
