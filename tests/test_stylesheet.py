"""The site's own stylesheet is well formed: every block closed where it is meant to be.

A block left open (a merge that lost one brace, say) is not a CSS error, so browsers and
tinycss2 say nothing: every rule after it silently becomes part of it (the footer's contrast
fix once vanished that way inside a phone-width @media block)."""

from __future__ import annotations

import re

import tinycss2

from .conftest import REPO

SITE_CSS = REPO / "overrides" / "assets" / "stylesheets" / "site.css"


def test_every_block_of_the_stylesheet_is_closed() -> None:
    text = re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"site.css:{number}: a brace closes nothing"
    assert depth == 0, "site.css: a block is never closed"


def test_no_top_level_rule_sits_inside_a_media_block() -> None:
    """Inside @media, rules are indented; a rule written at the start of a line is top level."""
    rules = tinycss2.parse_stylesheet(
        SITE_CSS.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    for rule in rules:
        if rule.type == "at-rule" and rule.content is not None:
            body = tinycss2.serialize(rule.content)
            assert not re.search(r"\n[.#a-z\[]", body), f"line {rule.source_line}: {body[:200]}"
