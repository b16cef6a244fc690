"""Glossary tooltips in a real browser: hover, keyboard, tap, and staying on screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGE = "/2024/general-requirements/"
CASES = [
    ("", "三新", "科技创新、产业焕新、城市更新"),
    ("/en", "industrial renewal and urban renewal", "Tianjin-wide agenda"),
]


def term_link(page: Any, text: str) -> Any:
    return page.locator("a.bp-term__link", has_text=text).first


def tip_of(page: Any, link: Any) -> Any:
    return page.locator("#" + link.get_attribute("aria-describedby"))


@pytest.mark.parametrize(("prefix", "text", "definition"), CASES)
def test_hover_shows_the_definition(
    new_page: Callable[..., Any], prefix: str, text: str, definition: str
) -> None:
    page = new_page(prefix + PAGE)
    link = term_link(page, text)
    tip = tip_of(page, link)
    assert not tip.is_visible()
    link.hover()
    assert tip.is_visible()
    assert definition in tip.inner_text()
    page.mouse.move(0, 0)
    assert not tip.is_visible()


@pytest.mark.parametrize(("prefix", "text", "definition"), CASES)
def test_keyboard_focus_shows_the_definition_and_escape_hides_it(
    new_page: Callable[..., Any], prefix: str, text: str, definition: str
) -> None:
    page = new_page(prefix + PAGE)
    link = term_link(page, text)
    tip = tip_of(page, link)
    href = link.get_attribute("href")
    for _ in range(200):  # reach it with Tab, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    else:
        pytest.fail(f"Tab never reached {text}")
    assert tip.is_visible()
    assert definition in tip.inner_text()
    page.keyboard.press("Escape")
    assert not tip.is_visible()


@pytest.mark.parametrize(("prefix", "text", "definition"), CASES)
def test_tap_at_phone_width_keeps_the_tooltip_on_screen(
    browser: Any, site_server: str, tmp_path: Path, prefix: str, text: str, definition: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(site_server + prefix + PAGE)
        # every term on the page: tap it, check the tooltip fits, tap elsewhere to close
        links = page.locator(".bp-para__body a.bp-term__link")
        assert links.count() > 5
        for index in range(links.count()):
            link = links.nth(index)
            link.scroll_into_view_if_needed()
            link.tap()
            tip = tip_of(page, link)
            assert tip.is_visible(), index
            box = tip.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (index, box)
            assert page.url.endswith(prefix + PAGE)  # first tap opens, does not navigate
            if link.inner_text() == text:
                assert definition in tip.inner_text()
                page.screenshot(path=str(tmp_path / "tap.png"))
            page.tap("h1")
        # a second tap on an open term follows its link to the glossary
        first = links.nth(0)
        first.tap()
        first.tap()
        page.wait_for_url("**/glossary/#*")
    finally:
        context.close()
