"""The synonym file (content/synonyms.yml): validated like every other content file, and what
search makes of it and of the glossary in each edition's index."""

from __future__ import annotations

import json
from pathlib import Path

from policysite.checks.loader import load_site
from policysite.render.search_index import Page, build_files
from policysite.render.search_text import Unit
from policysite.render.search_words import search_words, term_group

from .conftest import ContentCopy

REPO = Path(__file__).resolve().parent.parent
FILE = "content/synonyms.yml"


def test_the_file_loads_into_the_model() -> None:
    site = load_site(REPO).site
    assert site.synonyms is not None and len(site.synonyms.groups) >= 40
    gdp = next(g for g in site.synonyms.groups if "GDP" in g.forms)
    assert gdp.forms[0] == "地区生产总值" and "gross regional product" in gdp.forms


def test_a_form_listed_twice_is_an_error_with_its_line(content_copy: ContentCopy) -> None:
    content_copy.edit(FILE, '"自贸区", ', '"自贸区", "GDP", ')
    first = content_copy.line_of(FILE, '"地区生产总值", "GDP"')
    line = content_copy.line_of(FILE, '"自贸试验区", "自贸区", "GDP"')
    assert content_copy.problems() == [
        f"{FILE}:{line}: groups[9].forms[2]: 'GDP' is already listed at line {first}; a form "
        "belongs to one group (merge the two groups)"
    ]


def test_a_form_twice_in_one_group_is_an_error(content_copy: ContentCopy) -> None:
    content_copy.edit(FILE, '"INEOS"]', '"INEOS", "ineos"]')
    line = content_copy.line_of(FILE, '"INEOS", "ineos"')
    assert content_copy.problems() == [
        f"{FILE}:{line}: groups[33].forms[2]: 'ineos' is listed twice in this group; remove one"
    ]


def test_a_group_of_one_form_and_a_misspelt_key_are_errors(content_copy: ContentCopy) -> None:
    content_copy.edit(FILE, '- forms: ["英力士", "INEOS"]', '- forms: ["英力士"]')
    content_copy.edit(FILE, '- forms: ["乙烯", "ethylene"]', '- form: ["乙烯", "ethylene"]')
    one = content_copy.line_of(FILE, '["英力士"]')
    key = content_copy.line_of(FILE, '- form: ["乙烯"')
    problems = content_copy.problems()
    assert any(p.startswith(f"{FILE}:{one}: groups[") and "forms" in p for p in problems), problems
    assert any(p.startswith(f"{FILE}:{key}: groups[") and "'form'" in p for p in problems), problems


def test_glossary_terms_are_groups_of_their_forms() -> None:
    glossary = load_site(REPO).site.glossary
    assert glossary is not None
    bincheng = next(t for t in glossary.terms if t.id == "bincheng")
    group = term_group(bincheng, "zh")
    assert group.anchor == "glossary/#bincheng" and group.name == "滨城"
    assert {"滨城", "Bincheng", "Binhai City"} <= set(group.forms)
    hant = term_group(bincheng, "zh-Hant")
    assert hant.forms[0] == "濱城"
    san_xin = term_group(next(t for t in glossary.terms if t.id == "san-xin"), "en")
    assert {"三新", "san xin", "sanxin", "the three new drives"} <= set(san_xin.forms), san_xin


def test_the_manifest_lists_the_forms_each_edition_holds() -> None:
    site = load_site(REPO).site
    settings = {
        "theme": {"language": "zh"},
        "extra": {
            "site_root": "",
            "alternate": [
                {"name": "简体中文", "lang": "zh-CN", "prefix": ""},
                {"name": "English", "lang": "en", "prefix": "en/"},
            ],
        },
    }
    pages = [
        Page("2024/x/", "x", [Unit("p1", "", "地区生产总值同比增长4.8%左右,滨城", "paragraph")]),
        Page("glossary/", "术语表", [Unit("bincheng", "", "滨城 Bīnchéng Bincheng")]),
    ]
    manifest = json.loads(build_files(pages, search_words(site, settings))["manifest.json"])
    gdp = next(g for g in manifest["synonyms"] if "GDP" in g[2] + g[3] + g[4])
    assert gdp[:3] == ["", "", ["地区生产总值", "生产总值"]]  # held outside the glossary
    assert "GDP" in gdp[3]  # typed forms: recognized in a query, never searched for
    bincheng = next(g for g in manifest["synonyms"] if g[0] == "bincheng")
    assert bincheng[2] == ["滨城"] and bincheng[4] == ["Bincheng"]  # held by the glossary only
    assert not any(g[0] == "san-xin" for g in manifest["synonyms"])  # no form held: left out
    assert manifest["others"] == [["English", "en/"]]
    assert manifest["strings"]["partial"] == "部分匹配"
