"""The production nginx configuration (deploy/nginx.conf), serving the real built site."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from .conftest import nginx_wanted

pytestmark = pytest.mark.skipif(
    not nginx_wanted(), reason="nginx not installed (apt-get install nginx); CI always has it"
)


def get(base: str, path: str, gzip_ok: bool = True) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(base + path)
    if gzip_ok:
        request.add_header("Accept-Encoding", "gzip")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def body(headers: Message, raw: bytes) -> str:
    data = gzip.decompress(raw) if headers.get("Content-Encoding") == "gzip" else raw
    return data.decode("utf-8")


def test_pages_are_compressed_and_revalidated(site_server: str) -> None:
    status, headers, raw = get(site_server, "/2024/beijing-tianjin-hebei/")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "京津冀" in body(headers, raw)


def test_hashed_assets_are_cached_for_a_year(site_server: str, built_site: Path) -> None:
    """Material's assets and the site's own (versioned by the build) are kept for a year."""
    assets = built_site / "assets"
    for pattern, content_type in [
        ("stylesheets/main.*.min.css", "text/css; charset=utf-8"),
        ("stylesheets/site.*.css", "text/css; charset=utf-8"),
        ("javascripts/site.*.js", "application/javascript; charset=utf-8"),
        ("javascripts/vendor/tablesort.*.min.js", "application/javascript; charset=utf-8"),
        ("images/favicon.*.svg", "image/svg+xml; charset=utf-8"),
    ]:
        path = "/" + next(assets.glob(pattern)).relative_to(built_site).as_posix()
        status, headers, _ = get(site_server, path)
        assert status == 200, path
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable", path
        assert headers["Content-Type"] == content_type, path
    # Not versioned (the theme's search language files): revalidated after an hour
    status, headers, _ = get(site_server, "/assets/javascripts/lunr/min/lunr.zh.min.js")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/data/2024/paragraphs.json", "application/json; charset=utf-8"),
        ("/data/2024/paragraphs.csv", "text/csv; charset=utf-8"),
        ("/search/search_index.json", "application/json; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
    ],
)
def test_data_files_have_their_types(site_server: str, path: str, content_type: str) -> None:
    status, headers, _ = get(site_server, path, gzip_ok=False)
    assert status == 200
    assert headers["Content-Type"] == content_type


@pytest.mark.parametrize(("path", "lang"), [("/no-such-page/", "zh"), ("/en/no-such-page/", "en")])
def test_not_found_page_per_language(site_server: str, path: str, lang: str) -> None:
    status, headers, raw = get(site_server, path)
    assert status == 404
    assert f'<html lang="{lang}"' in body(headers, raw)
