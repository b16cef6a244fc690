"""Every internal link and anchor resolves, and every edition carries the same anchors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

SKIP_SCHEMES = ("http://", "https://", "mailto:", "data:")
EDITION_ONLY_ANCHORS = {"edition"}  # About: how the Traditional edition is made


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def url_of(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return "/" + relative.removesuffix("index.html")


def target_file(site: Path, url_path: str) -> Path:
    path = unquote(url_path).lstrip("/")
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


@pytest.fixture(scope="module")
def ids(built_site: Path) -> dict[Path, set[str]]:
    return {
        path: {
            tag["id"]
            for tag in BeautifulSoup(path.read_text("utf-8"), "html.parser").find_all(id=True)
        }
        for path in pages(built_site)
    }


def test_every_internal_link_and_anchor_resolves(
    built_site: Path, ids: dict[Path, set[str]]
) -> None:
    broken = []
    checked = 0
    for path in pages(built_site):
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        base = "http://site.test" + url_of(built_site, path)
        for tag in page.find_all(["a", "link"], href=True):
            href = tag["href"]
            if href.startswith(SKIP_SCHEMES) or (
                tag.name == "link" and "alternate" in tag.get("rel", [])
            ):
                continue
            target = urlsplit(urljoin(base, href))
            file = target_file(built_site, target.path)
            checked += 1
            if not file.is_file():
                broken.append((url_of(built_site, path), href, "no such file"))
            elif (
                target.fragment
                and file.suffix == ".html"
                and unquote(target.fragment) not in ids.get(file, set())
            ):
                broken.append((url_of(built_site, path), href, "no such anchor"))
    assert broken == []
    assert checked > 1000


def test_each_page_has_the_same_anchors_in_every_edition(
    built_site: Path, ids: dict[Path, set[str]]
) -> None:
    others = [built_site / "en", built_site / "zh-hant"]
    chinese_pages = [p for p in ids if not any(o in p.parents for o in others)]
    assert len(chinese_pages) > 10
    for zh in chinese_pages:
        for other in others:
            twin = other / zh.relative_to(built_site)
            assert twin in ids, f"{zh} has no twin in {other.name}/"
            extra = EDITION_ONLY_ANCHORS if other.name == "zh-hant" else set()
            assert ids[zh] | extra == ids[twin] | extra, (zh, twin, ids[zh] ^ ids[twin])
