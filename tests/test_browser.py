"""What only a browser shows: the language switcher, phone layout, no foreign requests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from policysite.checks.loader import load_site

from .conftest import REPO, ContextPool, note_foreign_requests

REPORT = load_site(REPO).site.reports[0]
CHAPTER_PATHS = [f"/{REPORT.id}/{c.id}/" for c in REPORT.chapters]
ALL_PATHS = ["/", f"/{REPORT.id}/", f"/{REPORT.id}/about/", *CHAPTER_PATHS]

pytestmark = pytest.mark.browser


def switch_language(page: Any, name: str) -> None:
    page.hover(".md-header__option .md-select")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("path", CHAPTER_PATHS)
def test_switcher_stays_on_the_same_chapter(new_page: Callable[..., Any], path: str) -> None:
    page = new_page(path)
    assert page.evaluate("document.documentElement.lang") == "zh"
    switch_language(page, "English")
    assert page.url.endswith("/en" + path)
    assert page.evaluate("document.documentElement.lang") == "en"
    switch_language(page, "简体中文")
    assert page.url.endswith(path) and "/en/" not in page.url
    assert page.evaluate("document.documentElement.lang") == "zh"


@pytest.mark.parametrize("path", ["/", f"/{REPORT.id}/about/"])
def test_switcher_from_english_pages(new_page: Callable[..., Any], path: str) -> None:
    page = new_page("/en" + path)
    switch_language(page, "简体中文")
    assert page.url.endswith(path) and "/en/" not in page.url


@pytest.mark.parametrize("lang_prefix", ["", "/en"])
def test_phone_layout_has_no_sideways_scroll(
    new_page: Callable[..., Any], lang_prefix: str, tmp_path: Path
) -> None:
    for path in ALL_PATHS:
        page = new_page(lang_prefix + path, width=390, height=844, reuse=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{lang_prefix}{path} scrolls sideways by {overflow}px"
        page.screenshot(path=str(tmp_path / f"phone{lang_prefix.replace('/', '-')}.png"))


def test_a_request_to_another_host_is_noted_and_never_reaches_it(
    browser: Any, site_server: str
) -> None:
    """What new_page relies on: the browser resolves no host but the loopback, and the notes
    catch the attempt. (Chromium would resolve cdn.localhost to the loopback by itself and load
    the site from it: only the tests' host rules stop it.)"""
    context = browser.new_context()
    foreign = note_foreign_requests(context, site_server)
    page = context.new_page()
    page.goto(site_server + "/")
    elsewhere = site_server.replace("127.0.0.1", "cdn.localhost") + "/assets/javascripts/x.js"
    with pytest.raises(PlaywrightError, match="ERR_NAME_NOT_RESOLVED"):
        page.goto(elsewhere)
    context.close()
    assert foreign == [elsewhere]


def test_a_kept_context_is_handed_out_as_clean_as_a_new_one(
    browser: Any, context_pool: ContextPool, site_server: str
) -> None:
    """What sharing contexts between tests relies on: what one test stored (the reading mode,
    Material's palette and its other settings, cookies) and the pages it left open are gone for
    the next, which gets the same context back."""
    viewport = {"width": 801, "height": 601}  # a size no other test asks for
    kept = context_pool.take(viewport=viewport)
    page = kept.context.new_page()
    page.goto(site_server + "/")
    page.evaluate("localStorage.setItem('bp-reading-mode', 'large')")
    kept.context.add_cookies([{"name": "seen", "value": "1", "url": site_server}])
    context_pool.give_back(kept)
    again = context_pool.take(viewport=viewport)
    assert again is kept and kept.context.pages == [kept.keeper]
    page = kept.context.new_page()
    page.goto(site_server + "/")
    fresh = browser.new_context(viewport=viewport)
    first_visit = fresh.new_page()
    first_visit.goto(site_server + "/")
    stored = "() => Object.entries(localStorage).sort()"
    assert page.evaluate(stored) == first_visit.evaluate(stored)  # Material's palette only
    fresh.close()
    assert kept.context.cookies() == []
    assert page.evaluate("document.documentElement.classList.contains('bp-large')") is False
    context_pool.give_back(again)


def test_every_page_type_loads_without_foreign_requests(new_page: Callable[..., Any]) -> None:
    # new_page notes any request to another host (none can reach it); the fixture fails on them.
    for prefix in ("", "/en"):
        for path in [*ALL_PATHS, "/404.html"]:
            page = new_page(prefix + path, reuse=True)
            page.wait_for_load_state("networkidle")
