"""Read, cite and reuse: targets table, open data, full text, hreflang alternates and sitemaps."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from policysite.checks.loader import load_site
from policysite.content.model import Site
from policysite.render.editorial import published_site

from .conftest import PUBLIC, REPO, ContentCopy, run_mkdocs_build

LANG_ROOTS = {"zh": "", "en": "en/"}
SITE_URL = "http://127.0.0.1:8000/"  # the default SITE_URL the test build uses


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO).site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(built: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The HTML file and fragment a link on ``page_url`` (a path like /en/2024/) leads to."""
    target = urlsplit(urljoin("http://site.test" + page_url, href))
    path = target.path.lstrip("/")
    file = built / path / "index.html" if not path or path.endswith("/") else built / path
    return file, target.fragment


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_table_has_one_linked_row_per_target(
    built_site: Path, site: Site, lang: str
) -> None:
    report = site.latest
    page_url = f"/{LANG_ROOTS[lang]}{report.id}/targets/"
    page = soup(built_site / LANG_ROOTS[lang] / report.id / "targets/index.html")
    rows = page.select("#bp-targets-table tbody tr")
    assert len(rows) == len(report.targets)
    for row, target in zip(rows, report.targets, strict=True):
        assert row["id"] == f"target-{target.id}"
        paragraph_cell = row.find_all("td")[-1]  # the outcome's source link comes before it
        file, fragment = resolve(built_site, page_url, paragraph_cell.select_one("a")["href"])
        assert fragment == target.paragraph_id
        assert soup(file).find(id=fragment) is not None
        assert row["data-chapter"] == report.paragraph(target.paragraph_id).chapter_id  # type: ignore[union-attr]
    options = [o["value"] for o in page.select(".bp-targets-select option") if o["value"]]
    assert options == sorted(set(options), key=options.index) and len(options) == 3


def load_dataset(built: Path, name: str) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
    document = json.loads((built / f"data/{name}.json").read_text(encoding="utf-8"))
    raw = (built / f"data/{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return document, rows


@pytest.mark.parametrize("name", ["2024/paragraphs", "2024/targets", "outcomes", "glossary"])
def test_open_data_parses_and_validates(built_site: Path, name: str) -> None:
    document, rows = load_dataset(built_site, name)
    schema_path = built_site / "data/schema" / f"{name.split('/')[-1]}.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(document))
    assert errors == []
    assert (schema_path.parent.parent / name).parent.joinpath(
        document["$schema"]
    ).resolve() == schema_path.resolve()
    assert len(rows) == len(document["items"])
    assert list(rows[0]) == list(document["items"][0])


def test_open_data_matches_the_content(built_site: Path, site: Site) -> None:
    report = published_site(site).latest  # with the recorded corrections applied
    paragraphs, rows = load_dataset(built_site, "2024/paragraphs")
    expected = list(report.all_paragraphs())
    assert [p["id"] for p in paragraphs["items"]] == [p.id for p in expected]
    assert [p["zh"] for p in paragraphs["items"]] == [p.text.zh for p in expected]
    assert [r["en"] for r in rows] == [p.text.en.text for p in expected]
    assert {p["en_status"] for p in paragraphs["items"]} == {"edited"}
    targets, _ = load_dataset(built_site, "2024/targets")
    assert [(t["id"], t["value"], t["paragraph"]) for t in targets["items"]] == [
        (t.id, t.value, t.paragraph_id) for t in report.targets
    ]
    glossary, _ = load_dataset(built_site, "glossary")
    assert site.glossary is not None
    assert [g["id"] for g in glossary["items"]] == [t.id for t in site.glossary.terms]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_about_page_links_the_open_data(built_site: Path, site: Site, lang: str) -> None:
    page_url = f"/{LANG_ROOTS[lang]}{site.latest.id}/about/"
    page = soup(built_site / page_url.lstrip("/") / "index.html")
    links = page.select(".bp-opendata a")
    # paragraphs, targets, outcomes, glossary, topics, paragraph-topics: JSON, CSV, schema
    assert len(links) == 18
    for link in links:
        file, _ = resolve(built_site, page_url, link["href"])
        assert file.is_file(), link["href"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_full_text_has_every_paragraph_in_order(built_site: Path, site: Site, lang: str) -> None:
    report = published_site(site).latest  # with the recorded corrections applied
    page = soup(built_site / LANG_ROOTS[lang] / report.id / "full/index.html")
    for tip in page.select(".bp-term__tip"):
        tip.decompose()
    shown = [
        (div["id"], div.select_one(".bp-para__body p").get_text())
        for div in page.select(".bp-para")
    ]
    assert shown == [(p.id, p.text.in_language(lang)) for p in report.all_paragraphs()]


def test_open_data_links_are_absolute_addresses(built_site: Path) -> None:
    """A downloaded row must lead back to its paragraph: the test build's SITE_URL is
    mkdocs.yml's default address."""
    _, rows = load_dataset(built_site, "2024/paragraphs")
    assert rows[0]["url_zh"] == f"{SITE_URL}2024/{rows[0]['chapter']}/#{rows[0]['id']}"
    assert rows[0]["url_en"] == f"{SITE_URL}en/2024/{rows[0]['chapter']}/#{rows[0]['id']}"


def test_a_build_without_site_url_warns(content_copy: ContentCopy, tmp_path: Path) -> None:
    result = run_mkdocs_build(content_copy.root, tmp_path / "site", env={"SITE_URL": ""})
    assert result.returncode != 0  # --strict: the warning stops a build meant for publishing
    assert (
        "mkdocs.yml: warning: site_url: SITE_URL is not set: the sitemaps, robots.txt and the "
        "open data would give the local preview address instead of the public one"
    ) in result.stderr


def test_open_data_links_are_absolute_when_site_url_is_set(public_site: Path) -> None:
    """The build with SITE_URL set (a sub-path), shared with the share-tag and feed tests."""
    built, public = public_site, PUBLIC
    _, rows = load_dataset(built, "2024/paragraphs")
    for row in rows:  # a spreadsheet can open these
        assert row["url_zh"] == f"{public}2024/{row['chapter']}/#{row['id']}"
        assert row["url_en"] == f"{public}en/2024/{row['chapter']}/#{row['id']}"
    document, _ = load_dataset(built, "2024/paragraphs")
    assert document["items"][0]["url_zh"].startswith(public)


def html_pages(built: Path) -> list[Path]:
    return [p for p in built.rglob("*.html") if "assets" not in p.parts]


def test_every_hreflang_alternate_points_at_an_existing_page(built_site: Path) -> None:
    checked = 0
    for path in html_pages(built_site):
        page = soup(path)
        alternates = page.select('head link[rel="alternate"][hreflang]')
        assert {a["hreflang"] for a in alternates} == {"zh-CN", "zh-Hant", "en", "x-default"}, path
        for link in alternates:
            assert link["href"].startswith(SITE_URL)
            relative = link["href"].removeprefix(SITE_URL)
            target = (
                built_site / relative / "index.html"
                if relative.endswith("/") or not relative
                else built_site / relative
            )
            assert target.is_file(), (path, link["href"])
            checked += 1
    assert checked > 60


def test_sitemaps_list_alternates_that_exist(built_site: Path) -> None:
    for prefix in LANG_ROOTS.values():
        xml = (built_site / prefix / "sitemap.xml").read_text(encoding="utf-8")
        assert "<lastmod>" not in xml  # would make every build differ
        hrefs = re.findall(r'<xhtml:link rel="alternate" hreflang="[^"]+" href="([^"]+)"/>', xml)
        assert len(hrefs) >= 3 * 10
        for href in hrefs:
            relative = href.removeprefix(SITE_URL)
            target = (
                built_site / relative / "index.html"
                if not relative or relative.endswith("/")
                else built_site / relative
            )
            assert target.is_file(), href


def test_every_page_has_a_meaningful_description(built_site: Path) -> None:
    descriptions = {}
    for path in html_pages(built_site):
        meta = soup(path).select_one('meta[name="description"]')
        assert meta is not None and len(meta["content"]) > 15, path
        descriptions[path] = meta["content"]
    chapter_pages = [p for p in descriptions if re.search(r"2024/[a-z-]+-[a-z-]+/index", str(p))]
    assert len({descriptions[p] for p in chapter_pages}) == len(chapter_pages)
