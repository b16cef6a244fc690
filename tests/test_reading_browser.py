"""Side-by-side reading, citations and language switching at a paragraph, in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from policysite.checks.loader import load_site
from policysite.content.punctuation import fullwidth_punctuation

from .conftest import REPO

pytestmark = pytest.mark.browser

REPORT = load_site(REPO).site.reports[0]
CHAPTER = REPORT.chapter("beijing-tianjin-hebei")
PAGE = f"/{REPORT.id}/{CHAPTER.id}/"


def boxes(page: Any, paragraph_id: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    main = page.locator(f"#{paragraph_id} .bp-para__body").bounding_box()
    alt = page.locator(f"#{paragraph_id} .bp-para__alt").bounding_box()
    return main, alt


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_side_by_side_aligns_pairs_and_is_remembered(
    new_page: Callable[..., Any], prefix: str, tmp_path: Path
) -> None:
    page = new_page(prefix + PAGE)
    assert not page.locator(f"#{CHAPTER.paragraphs[0].id} .bp-para__alt").is_visible()
    page.click(".bp-sbs-toggle")
    assert page.get_attribute(".bp-sbs-toggle", "aria-pressed") == "true"
    for paragraph in CHAPTER.all_paragraphs():
        main, alt = boxes(page, paragraph.id)
        assert abs(main["y"] - alt["y"]) <= 3, paragraph.id
        assert alt["x"] > main["x"] + main["width"] - 1
    page.screenshot(path=str(tmp_path / "side-by-side.png"), full_page=True)
    # remembered on the next page, in either language
    page.goto(page.url.replace(CHAPTER.id, "reform-opening-up"))
    assert page.evaluate("document.documentElement.classList.contains('bp-sbs')")
    assert page.get_attribute(".bp-sbs-toggle", "aria-pressed") == "true"
    page.click(".bp-sbs-toggle")
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('bp-sbs')")


def test_side_by_side_stacks_on_a_phone(new_page: Callable[..., Any], tmp_path: Path) -> None:
    page = new_page(PAGE, width=390, height=844)
    page.click(".bp-sbs-toggle")
    for paragraph in CHAPTER.all_paragraphs():
        main, alt = boxes(page, paragraph.id)
        assert alt["y"] >= main["y"] + main["height"] - 1, paragraph.id
        assert alt["x"] + alt["width"] <= 390
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(tmp_path / "stacked.png"))


def test_tooltips_work_in_side_by_side(new_page: Callable[..., Any]) -> None:
    page = new_page(PAGE)
    page.click(".bp-sbs-toggle")
    link = page.locator(".bp-para__alt a.bp-term__link").first
    link.hover()
    tip = page.locator("#" + link.get_attribute("aria-describedby"))
    assert tip.is_visible()


@pytest.mark.parametrize(
    ("prefix", "expected_reference"),
    [
        (
            "",
            "——《天津市滨海新区2024年政府工作报告》（摘要稿，天津市滨海新区人民政府网站"
            "（来源：滨海发布），2024年1月11日发布；报告人：单泽峰，天津市滨海新区区长，"
            "天津市滨海新区第四届人民代表大会第四次会议，2024年1月10日）；"
            "京津冀协同发展战略合作功能区建设工程，本版第5段。",
        ),
        (
            "/en",
            "— 2024 Government Work Report of Tianjin Binhai New Area (digest, Website of the"
            " People's Government of Tianjin Binhai New Area (source: Binhai Fabu, 滨海发布, the"
            " district's official news account),"
            " published January 11, 2024; delivered by Shan Zefeng, Head of Tianjin Binhai New"
            " Area, Fourth Session of the Fourth People's Congress of Tianjin Binhai New Area,"
            " January 10, 2024); ",
        ),
    ],
)
def test_copy_citation(
    browser: Any, site_server: str, prefix: str, expected_reference: str
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site_server + prefix + PAGE)
        paragraph = CHAPTER.sections[1].paragraphs[0]
        page.hover(f"#{paragraph.id}")
        page.click(f"#{paragraph.id} .bp-cite")
        page.wait_for_selector(".bp-toast")
        copied = page.evaluate("navigator.clipboard.readText()")
        text = fullwidth_punctuation(paragraph.text.zh) if not prefix else paragraph.text.en.text
        url = f"{site_server}{prefix}{PAGE}#{paragraph.id}"
        assert copied.startswith(text + "\n" + expected_reference)
        assert copied.endswith(" " + url)
        assert f"paragraph {paragraph.number} of this edition" in copied or (
            f"本版第{paragraph.number}段" in copied
        )
    finally:
        context.close()


def test_switching_language_keeps_the_paragraph(new_page: Callable[..., Any]) -> None:
    paragraph = CHAPTER.sections[2].paragraphs[1]
    page = new_page(f"{PAGE}#{paragraph.id}")
    page.hover(".md-header__option .md-select")
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/en{PAGE}#{paragraph.id}")
    assert page.evaluate(f"document.getElementById('{paragraph.id}') !== null")
    top = page.locator(f"#{paragraph.id}").bounding_box()["y"]
    assert 0 <= top < 300  # scrolled to it


def test_print_shows_no_navigation(new_page: Callable[..., Any], tmp_path: Path) -> None:
    page = new_page("/en" + PAGE)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".bp-view", ".bp-cite"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".bp-para__num").first.is_visible()
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)


def test_print_shows_where_links_lead(new_page: Callable[..., Any]) -> None:
    page = new_page(f"/en/{REPORT.id}/about/")
    script = "(s) => getComputedStyle(document.querySelector(s), '::after').content"
    source_link = "dd a[href^='http']"
    assert page.evaluate(script, source_link) in ("none", "normal", "")
    page.emulate_media(media="print")
    assert REPORT.source.url in page.evaluate(script, source_link)
