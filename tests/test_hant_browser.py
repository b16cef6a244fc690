"""The Traditional Chinese edition in Chromium: the three-way switcher, tooltips, citations,
the notice, phone layout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from policysite.checks.loader import load_site

from .conftest import REPO

REPORT = load_site(REPO).site.reports[0]
CHAPTER = REPORT.chapters[2]
PAGE = f"/{REPORT.id}/{CHAPTER.id}/"
PATHS = ["/", f"/{REPORT.id}/", f"/{REPORT.id}/about/", "/glossary/", PAGE]
EDITIONS = {"简体中文": ("", "zh"), "繁體中文": ("/zh-hant", "zh-Hant"), "English": ("/en", "en")}

pytestmark = pytest.mark.browser


def switch_to(page: Any, name: str) -> None:
    page.hover(".md-header__option .md-select")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def assert_on(page: Any, edition: str, path: str, anchor: str = "") -> None:
    prefix, lang = EDITIONS[edition]
    url = page.url.split("#")[0]
    assert url.endswith(prefix + path), (edition, page.url)
    if prefix == "":
        assert "/en/" not in url and "/zh-hant/" not in url, page.url
    assert page.evaluate("document.documentElement.lang") == lang
    if anchor:
        assert page.url.endswith("#" + anchor), page.url
        top = page.locator(f"#{anchor}").bounding_box()["y"]
        assert 0 <= top < 300, (edition, top)  # scrolled to the paragraph


@pytest.mark.parametrize("path", PATHS)
def test_switcher_round_trip_across_three_editions(new_page: Callable[..., Any], path: str) -> None:
    page = new_page(path)
    for edition in ("繁體中文", "English", "繁體中文", "简体中文", "English", "简体中文"):
        switch_to(page, edition)
        assert_on(page, edition, path)


@pytest.mark.parametrize("start", ["", "/zh-hant", "/en"])
def test_switcher_keeps_the_paragraph_in_every_direction(
    new_page: Callable[..., Any], start: str
) -> None:
    paragraph = CHAPTER.sections[2].paragraphs[1]
    for edition in EDITIONS:
        if EDITIONS[edition][0] == start:
            continue
        page = new_page(f"{start}{PAGE}#{paragraph.id}")
        switch_to(page, edition)
        assert_on(page, edition, PAGE, paragraph.id)


def test_tooltip_shows_the_traditional_term(new_page: Callable[..., Any], tmp_path: Path) -> None:
    page = new_page("/zh-hant" + PAGE)
    link = page.locator(".bp-para__body .bp-term__link").first
    link.hover()
    tip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    tip.wait_for(state="visible")
    head = tip.locator(".bp-term__head bdi").first.inner_text()
    assert head == link.inner_text() or head in page.locator(".bp-para__body").first.inner_text()
    assert tip.locator(".bp-term__head bdi").first.get_attribute("lang") == "zh-Hant"
    page.screenshot(path=str(tmp_path / "tooltip.png"))


def test_copy_citation_says_it_is_a_conversion(browser: Any, site_server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(f"{site_server}/zh-hant{PAGE}")
        paragraph = CHAPTER.sections[1].paragraphs[0]
        page.hover(f"#{paragraph.id}")
        page.click(f"#{paragraph.id} .bp-cite")
        toast = page.wait_for_selector(".bp-toast")
        assert toast is not None and "已複製引文" in toast.inner_text()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert f"第{paragraph.number}段" in copied
        assert "自動轉換，以簡體中文原文為準" in copied
        assert copied.endswith(f" {site_server}/zh-hant{PAGE}#{paragraph.id}")
    finally:
        context.close()


def test_notice_is_shown_and_leads_to_the_same_simplified_page(
    new_page: Callable[..., Any],
) -> None:
    page = new_page("/zh-hant" + PAGE)
    notice = page.locator(".bp-edition-notice")
    assert notice.is_visible()
    notice.locator("a").click()
    page.wait_for_load_state()
    assert_on(page, "简体中文", PAGE)


def test_traditional_pages_fit_a_phone(new_page: Callable[..., Any]) -> None:
    chapters = [f"/{REPORT.id}/{c.id}/" for c in REPORT.chapters]
    for path in [*PATHS, *chapters, f"/{REPORT.id}/targets/", f"/{REPORT.id}/full/"]:
        page = new_page("/zh-hant" + path, width=390, height=844, reuse=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"/zh-hant{path} scrolls sideways by {overflow}px"


def test_traditional_404_page(new_page: Callable[..., Any]) -> None:
    page = new_page("/zh-hant/no-such-page/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert page.locator(".bp-edition-notice").is_visible()


def test_printed_page_keeps_the_notice(new_page: Callable[..., Any], tmp_path: Path) -> None:
    page = new_page(f"/zh-hant/{REPORT.id}/full/")
    page.emulate_media(media="print")
    assert page.locator(".bp-edition-notice").is_visible()
    assert not page.locator(".md-header").is_visible()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.bp-edition-notice a'), '::after').content"
    )
    assert after in ("none", "normal")
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
