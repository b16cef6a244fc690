"""Build the real site (--strict) once and inspect the real HTML in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.content.model import STATUSES, Report
from policysite.content.punctuation import fullwidth_punctuation

from .conftest import REPO, ContentCopy, run_mkdocs_build

LANG_ROOTS = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module")
def report() -> Report:
    return load_site(REPO).site.reports[0]


def soup(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def page_paths(report: Report) -> list[str]:
    paths = ["index.html", f"{report.id}/index.html", f"{report.id}/about/index.html"]
    paths += [f"{report.id}/{c.id}/index.html" for c in report.chapters]
    return paths


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_languages_have_every_page(built_site: Path, report: Report, lang: str) -> None:
    root = built_site / LANG_ROOTS[lang]
    for relative in [*page_paths(report), "404.html", "sitemap.xml", "search/search_index.json"]:
        assert (root / relative).is_file(), f"{lang}: {relative} missing"
    assert len(report.chapters) == 5


@pytest.mark.parametrize(
    ("lang", "html_lang", "site_name"),
    [
        ("zh", "zh", "滨海新区"),
        ("en", "en", "Binhai"),
    ],
)
def test_html_lang_and_site_name_per_language(
    built_site: Path, report: Report, lang: str, html_lang: str, site_name: str
) -> None:
    for relative in [*page_paths(report), "404.html"]:
        page = soup(built_site, LANG_ROOTS[lang] + relative)
        assert page.html["lang"] == html_lang, relative
        # short titles (test_weight.py) name the site or the report in a short form
        assert site_name in page.title.get_text(), relative


def test_every_id_exists_in_both_languages(built_site: Path, report: Report) -> None:
    for chapter in report.chapters:
        expected = {s.id for s in chapter.sections} | {p.id for p in chapter.all_paragraphs()}
        found = {}
        for lang, prefix in LANG_ROOTS.items():
            page = soup(built_site, f"{prefix}{report.id}/{chapter.id}/index.html")
            found[lang] = {tag["id"] for tag in page.select("article [id]")}
            assert expected <= found[lang], (lang, expected - found[lang])
        assert found["zh"] == found["en"], chapter.id


def test_every_english_text_is_present_with_a_status(report: Report) -> None:
    texts = [report.title, report.notice, report.coverage]
    for chapter in report.chapters:
        texts += list(chapter.texts())
    for target in report.targets:
        texts += [target.what, target.figure]
    for text in texts:
        assert text.en.status in STATUSES
        assert text.en.status != "missing" and text.en.text.strip(), text.origin
        assert not text.stale, text.origin


def test_paragraphs_show_their_language_text_in_order(built_site: Path, report: Report) -> None:
    for chapter in report.chapters:
        for lang, prefix in LANG_ROOTS.items():
            page = soup(built_site, f"{prefix}{report.id}/{chapter.id}/index.html")
            for tip in page.select(".bp-term__tip"):
                tip.decompose()  # tooltips are not part of the paragraph's text
            shown = [div.select_one(".bp-para__body p") for div in page.select(".bp-para")]
            expected = [p.text.in_language(lang) for p in chapter.all_paragraphs()]
            if lang == "zh":  # the recorded punctuation rule, applied when the page is made
                expected = [fullwidth_punctuation(text) for text in expected]
            assert [p.get_text() for p in shown] == expected
            assert {p["lang"] for p in shown} == {"zh-CN" if lang == "zh" else "en"}
            numbers = [int(div["data-number"]) for div in page.select(".bp-para")]
            assert numbers == [p.number for p in chapter.all_paragraphs()]


def test_english_pages_say_the_translation_is_unofficial(built_site: Path, report: Report) -> None:
    for relative in page_paths(report):
        notice = soup(built_site, "en/" + relative).select_one(".bp-notice")
        assert notice is not None, relative
        assert "the Chinese text prevails" in notice.get_text()
        assert soup(built_site, relative).select_one(".bp-notice") is None


def test_chinese_headings_have_stable_readable_anchors(built_site: Path, report: Report) -> None:
    chapter = report.chapter("beijing-tianjin-hebei")
    page = soup(built_site, f"{report.id}/{chapter.id}/index.html")
    ids = [h["id"] for h in page.select("article h2")]
    assert ids == [s.id for s in chapter.sections]
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_about_page_lists_the_corrections(built_site: Path, report: Report) -> None:
    for prefix in LANG_ROOTS.values():
        page = soup(built_site, f"{prefix}{report.id}/about/index.html")
        rows = page.select(".bp-corrections table tbody tr")
        assert [[td.get_text() for td in row.select("td")][:2] for row in rows] == [
            list(c.shown) for c in report.corrections
        ]
        assert rows[-1].select("td")[1].get_text() == "，；：（）"  # the rule, by its marks


def test_search_index_per_language(built_site: Path, report: Report) -> None:
    def index_text(prefix: str) -> str:
        engine = built_site / prefix / "search/engine"
        return " ".join(p.read_text(encoding="utf-8") for p in sorted(engine.glob("c*.json")))

    zh_text, en_text = index_text(""), index_text("en/")
    assert "Tsinghua" not in zh_text and "清华大学" in zh_text
    assert "Tsinghua University" in en_text and "清华" not in en_text
    zh = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert zh["config"]["lang"] != en["config"]["lang"] or zh["config"] != en["config"]


def test_sitemap_per_language(built_site: Path, report: Report) -> None:
    zh = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    en = (built_site / "en/sitemap.xml").read_text(encoding="utf-8")
    zh_pages = re.findall(r"<loc>([^<]+)</loc>", zh)
    en_pages = re.findall(r"<loc>([^<]+)</loc>", en)
    assert any(p.endswith(f"/{report.id}/beijing-tianjin-hebei/") for p in zh_pages)
    assert all("/en/" not in p for p in zh_pages)
    assert all("/en/" in p for p in en_pages)
    assert len(zh_pages) == len(en_pages)


# --- no requests to other hosts ---------------------------------------------------------------

RESOURCE_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


def _foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or url.strip().startswith("//")


def test_html_requests_nothing_from_other_hosts(built_site: Path) -> None:
    problems = []
    for path in built_site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            problems += [
                (path, t[attribute])
                for t in page.find_all(tag)
                if t.get(attribute) and _foreign(t[attribute])
            ]
        for link in page.find_all("link"):
            rel = set(link.get("rel", []))
            if rel & {
                "stylesheet",
                "preload",
                "prefetch",
                "preconnect",
                "dns-prefetch",
                "icon",
                "modulepreload",
                "manifest",
            } and _foreign(link["href"]):
                problems.append((path, link["href"]))
        for style in page.find_all(style=True):
            problems += [
                (path, u)
                for u in re.findall(r"url\(([^)]+)\)", style["style"])
                if _foreign(u.strip("'\""))
            ]
    assert problems == []


def test_css_requests_nothing_from_other_hosts(built_site: Path) -> None:
    problems = []
    for path in built_site.rglob("*.css"):
        css = path.read_text(encoding="utf-8")
        problems += [
            (path, u) for u in re.findall(r"url\(([^)]+)\)", css) if _foreign(u.strip("'\" "))
        ]
        problems += [
            (path, u)
            for u in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", css)
            if _foreign(u)
        ]
    assert problems == []


def test_no_web_fonts_and_our_scripts_stay_local(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    for path in (built_site / "assets/javascripts").glob("*.js"):
        if path.name.startswith("bundle."):
            continue  # Material's bundle: checked in the browser, where no such request happens
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path


# --- edit links and a content error in a real build ----------------------------------------


def test_edit_link_opens_the_yaml(content_copy: ContentCopy, tmp_path: Path) -> None:
    config = content_copy.path("mkdocs.yml")
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\nrepo_url: https://git.example.org/binhai/report-site\nedit_uri: edit/main/\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = run_mkdocs_build(content_copy.root, site)
    assert result.returncode == 0, result.stderr
    for prefix in LANG_ROOTS.values():
        page = soup(site, f"{prefix}2024/beijing-tianjin-hebei/index.html")
        edit = page.select_one("a.md-content__button[href*='/edit/']")
        assert edit["href"] == (
            "https://git.example.org/binhai/report-site/edit/main/"
            "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
        )
