"""Accessibility: axe-core on every page type and state, keyboard use, and reading mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

pytestmark = pytest.mark.browser

AXE = (REPO / "tests/vendor/axe-core/axe.min.js").read_text(encoding="utf-8")
PAGE_TYPES = [
    "/",
    "/2024/",
    "/2024/beijing-tianjin-hebei/",
    "/2024/targets/",
    "/2024/full/",
    "/2024/about/",
    "/glossary/",
    "/topics/",
    "/topics/science-innovation/",
    "/indicators/grp-growth/",
    "/404.html",
]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# `every_rule`: false runs only the rules that can find a serious or critical violation (a
# violation is as grave as the gravest of the rule's checks that fail, so no other rule can):
# the same findings as running every rule (test_only_rules_that_can_be_serious_are_left_out
# checks it), for about a third less time; the scans below run some 150 times.
RUN_AXE = """async (everyRule) => {
  const grave = impact => impact === 'serious' || impact === 'critical';
  const checks = axe._audit.data.checks;
  const canBeGrave = rule => grave(rule.impact) || [...rule.any, ...rule.all, ...rule.none]
    .some(check => grave((checks[check.id || check] || {}).impact));
  const rules = axe._audit.rules.filter(rule => rule.enabled && canBeGrave(rule));
  const options = {resultTypes: ['violations']};
  if (!everyRule) options.runOnly = {type: 'rule', values: rules.map(rule => rule.id)};
  const results = await axe.run(document, options);
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}"""


def serious_violations(page: Any, every_rule: bool = False) -> list[dict[str, Any]]:
    """axe's serious and critical findings on the page as it is now. axe is added to the page
    unless its context already runs it in every page (``new_page(init_script=AXE)``)."""
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.add_script_tag(content=AXE)
    violations = page.evaluate(RUN_AXE, every_rule)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


# A page with mistakes axe rates critical, serious, moderate and minor.
FLAWED_PAGE = """<!doctype html><html><head><title>t</title></head><body>
<main><h1>Title</h1><h4>skipped levels</h4>
<p style="color:#bbb;background:#fff">low contrast text</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button></button><a href="#x"></a>
<input type="text"><select><option>a</option></select>
<div role="button">no focus</div><ul><div>not an item</div></ul>
<table><tr><th></th><td>cell</td></tr></table>
<p id="d">one</p><p id="d">two</p><marquee>old</marquee>
</main><div>outside any landmark</div></body></html>"""


def test_only_rules_that_can_be_serious_are_left_out(browser: Any) -> None:
    """The scans' narrowed set of rules finds the same serious and critical violations as
    every rule, on a page full of them (and of lesser ones, which only the full run shows)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(FLAWED_PAGE)
    page.add_script_tag(content=AXE)
    every = page.evaluate(RUN_AXE, True)
    narrowed = page.evaluate(RUN_AXE, False)
    context.close()
    grave = [v for v in every if v["impact"] in ("serious", "critical")]
    assert len(grave) >= 6, every
    assert [v for v in narrowed if v["impact"] in ("serious", "critical")] == grave
    assert {v["impact"] for v in every} == {"critical", "serious", "moderate", "minor"}
    assert len(narrowed) < len(every)  # rules were left out


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("prefix", ["", "/en", "/zh-hant"])
def test_every_page_type_has_no_serious_violations(
    new_page: Callable[..., Any], prefix: str, width: str, scheme: str
) -> None:
    found = {}
    for path in PAGE_TYPES:
        page = new_page(
            prefix + path, *WIDTHS[width], color_scheme=scheme, reuse=True, init_script=AXE
        )
        if violations := serious_violations(page):
            found[prefix + path] = violations
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", ["", "/en", "/zh-hant"])
def test_interactive_states_have_no_serious_violations(
    new_page: Callable[..., Any], prefix: str, scheme: str
) -> None:
    page = new_page(prefix + "/2024/beijing-tianjin-hebei/", color_scheme=scheme, init_script=AXE)
    page.click(".bp-sbs-toggle")  # side by side
    page.click(".bp-reading-toggle")  # large text, high contrast
    page.locator(".bp-para__body a.bp-term__link").first.hover()  # a tooltip open
    page.wait_for_timeout(300)
    assert serious_violations(page) == []
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("Beijing" if prefix == "/en" else "京津冀")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    # let the results' fade-in finish: axe would measure half-transparent text
    for _ in range(50):  # (no wait_for_function: the site's CSP rightly forbids eval)
        if page.evaluate("() => document.getAnimations().every(a => a.playState !== 'running')"):
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(400)
    assert serious_violations(page) == []


def test_skip_link_comes_first_and_moves_to_the_content(new_page: Callable[..., Any]) -> None:
    page = new_page("/2024/beijing-tianjin-hebei/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#beijing-tianjin-hebei"  # Material's skip link to the page's heading
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳转至正文"  # says where
    page.keyboard.press("Enter")
    # the address bar reaches Playwright as an event: under CI load it can lag the key press
    page.wait_for_url("**/2024/beijing-tianjin-hebei/#beijing-tianjin-hebei", timeout=15_000)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_control_is_reachable_by_tab_with_visible_focus(
    new_page: Callable[..., Any], prefix: str
) -> None:
    page = new_page(prefix + "/2024/beijing-tianjin-hebei/")
    wanted = {
        "reading mode": ".bp-reading-toggle",
        "side by side": ".bp-sbs-toggle",
        "copy citation": ".bp-cite",
        "search": "input.md-search__input",
        "glossary term": ".bp-para__body a.bp-term__link",
        "paragraph link": ".bp-para__num",
    }
    reached: dict[str, float] = {}
    for _ in range(400):
        page.keyboard.press("Tab")
        for name, selector in wanted.items():
            if name not in reached and page.evaluate(
                "s => document.activeElement.matches(s)", selector
            ):
                style = page.evaluate(
                    "() => { const s = getComputedStyle(document.activeElement);"
                    " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
                )
                reached[name] = style[1] if style[0] != "none" else 0.0
        if len(reached) == len(wanted):
            break
    assert set(reached) == set(wanted)
    invisible = {name for name, width in reached.items() if width < 2}
    # the search box shows focus by its own styling (Material); every other control outlines
    assert invisible <= {"search"}, reached


def test_reading_mode_is_remembered_across_pages_and_languages(
    new_page: Callable[..., Any], tmp_path: Path
) -> None:
    page = new_page("/2024/beijing-tianjin-hebei/")
    # the text grows (the header keeps its size: test_layout checks it does not move); the
    # article's, not the first .md-typeset's: the tap adds the button's tooltip (one too) first
    text = "document.querySelector('.md-content .md-typeset')"
    size = f"parseFloat(getComputedStyle({text}).fontSize)"
    normal = page.evaluate(size)
    page.click(".bp-reading-toggle")
    assert page.get_attribute(".bp-reading-toggle", "aria-pressed") == "true"
    large = page.evaluate(size)
    assert large >= normal * 1.15
    text = "getComputedStyle(document.querySelector('.bp-para__body p')).color"
    assert page.evaluate(text) == "rgb(0, 0, 0)"
    page.goto(page.url.replace("/2024/beijing-tianjin-hebei/", "/en/glossary/"))
    assert page.evaluate(size) == large
    assert page.get_attribute(".bp-reading-toggle", "aria-pressed") == "true"
    page.screenshot(path=str(tmp_path / "large.png"))
    page.click(".bp-reading-toggle")
    page.reload()
    assert page.evaluate(size) == normal
