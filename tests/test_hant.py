"""The Traditional Chinese edition (/zh-hant/): converted from the Simplified at build time.

The list of characters that exist only in Simplified writing is derived at test time from
OpenCC's own dictionaries (STCharacters: a Simplified character none of whose Traditional
candidates is itself), less the Hong Kong standard forms the chosen configuration writes on
purpose (the values of HKVariants, such as 户 and 税).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import opencc
import pytest
from bs4 import BeautifulSoup, Tag
from policysite.checks.glossary import check_glossary
from policysite.checks.loader import load_site
from policysite.content.model import Site
from policysite.content.punctuation import fullwidth_punctuation
from policysite.content.terms import TermScan
from policysite.render.hant import (
    HTML_LANG,
    HantConverter,
    convert_plain,
    name_form,
    site_converter,
    term_forms,
)
from policysite.render.strings import ui_strings

from .conftest import REPO, ContentCopy

SITE: Site = load_site(REPO).site
REPORT = SITE.reports[0]
GLOSSARY = SITE.glossary
assert GLOSSARY is not None
HANT = "zh-hant"
OPENCC_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
OPENCC_DICT = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
# Attributes whose words a reader sees or hears (tooltips, labels, the copied citation).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-cite", "data-copied")


def _dictionary(name: str, tmp: Path) -> dict[str, list[str]]:
    """One of OpenCC's dictionaries as text: key -> candidates."""
    out = tmp / f"{name}.txt"
    source = OPENCC_SHARE / f"{name}.ocd2"
    subprocess.run(
        [str(OPENCC_DICT), "-i", str(source), "-o", str(out), "-f", "ocd2", "-t", "text"],
        check=True,
        capture_output=True,
    )
    entries = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        key, values = line.split("\t")
        entries[key] = values.split(" ")
    return entries


@pytest.fixture(scope="module")
def simplified_only(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    tmp = tmp_path_factory.mktemp("opencc")
    characters = _dictionary("STCharacters", tmp)
    hong_kong_forms = {v for values in _dictionary("HKVariants", tmp).values() for v in values}
    found = {key for key, values in characters.items() if key not in values}
    assert {"发", "滨", "区", "专", "营", "术"} <= found  # the list is what it claims to be
    assert not {"于", "台", "干", "里"} & found  # these are also Traditional characters
    return frozenset(found - hong_kong_forms)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(root: Path) -> list[Path]:
    skip = ("assets", "en", HANT)
    return sorted(
        p for p in root.rglob("*.html") if not set(p.relative_to(root).parts[:1]) & set(skip)
    )


def read_text(page: BeautifulSoup) -> str:
    """What a reader of the page gets: its text and the words in reader-facing attributes,
    leaving out what is marked as another language (the switcher's 简体中文, English)."""
    for tag in page(["script", "style"]):
        tag.decompose()
    for tag in page.select('[lang="zh-CN"], [lang="en"]'):
        if tag.name != "html":
            tag.decompose()
    words = [page.get_text(" ")]
    for tag in page.find_all(True):
        words += [str(tag[a]) for a in READ_ATTRIBUTES if tag.has_attr(a)]
    meta = page.select_one('meta[name="description"]')
    if meta is not None:
        words.append(str(meta["content"]))
    return "\n".join(words)


def paragraph_text(element: Tag) -> str:
    """The paragraph's own text, without its tooltips (the page is left as it was)."""
    body = BeautifulSoup(str(element.select_one(".bp-para__body p")), "html.parser")
    for tip in body.select(".bp-term__tip"):
        tip.decompose()
    return body.get_text()


@lru_cache(maxsize=1)
def converter() -> HantConverter:
    return site_converter(SITE)  # the glossary's terms and the protected names


# --- the conversion itself -------------------------------------------------------------


def test_conversion_keeps_every_text_the_same_length_and_its_figures() -> None:
    convert = converter().convert
    for paragraph in REPORT.all_paragraphs():
        zh = paragraph.text.zh
        hant = convert(zh)
        assert len(hant) == len(zh), paragraph.id
        assert re.findall(r"[0-9.%]+", hant) == re.findall(r"[0-9.%]+", zh), paragraph.id
        assert hant != zh


def test_glossary_form_overrides_opencc_in_every_form_of_the_term() -> None:
    term = next(t for t in GLOSSARY.terms if t.id == "yu-xiang-headquarters-base")
    assert convert_plain("于响总部基地") == "於響總部基地"  # OpenCC reads 于 as the preposition
    assert term.zh_hant == "于響總部基地"
    assert term_forms(term) == {
        "于响总部基地": "于響總部基地",
        "“于响”总部基地": "“于響”總部基地",
        "于响": "于響",
    }
    assert converter().convert("提升“于响”总部基地功能") == "提升“于響”總部基地功能"


def test_protected_term_is_converted_on_its_own_not_with_its_neighbours() -> None:
    convert = converter().convert
    # Every term's Traditional form appears unchanged wherever the Simplified has the term.
    for term in GLOSSARY.terms:
        forms = term_forms(term)
        for form, hant in forms.items():
            assert convert(f"推进{form}建设") == f"推進{hant}建設", form


def test_a_traditional_form_of_the_wrong_length_is_a_content_error(
    content_copy: ContentCopy,
) -> None:
    content_copy.edit("content/glossary.yml", 'zh_hant: "于響總部基地"', 'zh_hant: "于響總部"')
    line = content_copy.line_of("content/glossary.yml", "- id: yu-xiang-headquarters-base")
    glossary = load_glossary_unchecked(content_copy)
    problems = [p.format() for p in check_glossary(glossary, SITE.reports, TermScan(glossary))]
    assert (
        f"content/glossary.yml:{line}: terms[{glossary_index('yu-xiang-headquarters-base')}]"
        ".zh_hant: expected the Traditional form of '于响总部基地' (6 characters), found "
        "'于響總部' (4 characters)"
    ) in problems


def glossary_index(term_id: str) -> int:
    return next(i for i, t in enumerate(GLOSSARY.terms) if t.id == term_id)


def load_glossary_unchecked(copy: ContentCopy):  # type: ignore[no-untyped-def]
    from policysite.checks.loader import GLOSSARY_FILE, _load_valid
    from policysite.content.build import build_glossary

    doc, problems = _load_valid(copy.root / GLOSSARY_FILE, copy.root, "glossary.schema.json")
    assert doc is not None, problems
    return build_glossary(doc)


# --- the built edition ---------------------------------------------------------------


def test_every_simplified_page_has_a_traditional_twin(built_site: Path) -> None:
    simplified = [p.relative_to(built_site) for p in html_pages(built_site)]
    assert len(simplified) > 10
    for relative in simplified:
        twin = built_site / HANT / relative
        assert twin.is_file(), f"{relative} has no Traditional twin"
        page = soup(twin)
        assert page.html is not None and page.html["lang"] == HTML_LANG
    for extra in ("search/search_index.json", "sitemap.xml", "404.html"):
        assert (built_site / HANT / extra).is_file(), extra


def test_no_simplified_only_character_on_any_traditional_page(
    built_site: Path, simplified_only: frozenset[str]
) -> None:
    pages = sorted((built_site / HANT).rglob("*.html"))
    pages = [p for p in pages if "assets" not in p.parts]
    assert len(pages) > 10
    found = {}
    names = [name_form(name) for name in SITE.protected_names()]  # 單澤峰: 峰 is a name's
    for path in pages:
        text = read_text(soup(path))
        for name in names:
            text = text.replace(name, "")
        left = sorted({c for c in text if c in simplified_only})
        if left:
            found[str(path.relative_to(built_site))] = "".join(left)
    assert found == {}
    # The same check finds plenty on the Simplified pages: it can fail.
    simplified = soup(built_site / REPORT.id / REPORT.chapters[0].id / "index.html").get_text()
    assert len({c for c in simplified if c in simplified_only}) > 100


def test_paragraphs_are_the_whole_text_converted_with_numbers_and_anchors(
    built_site: Path,
) -> None:
    convert = converter().convert
    for chapter in REPORT.chapters:
        zh_page = soup(built_site / REPORT.id / chapter.id / "index.html")
        hant_page = soup(built_site / HANT / REPORT.id / chapter.id / "index.html")
        for paragraph in chapter.all_paragraphs():
            zh, hant = zh_page.find(id=paragraph.id), hant_page.find(id=paragraph.id)
            assert isinstance(zh, Tag) and isinstance(hant, Tag)
            assert hant["data-number"] == zh["data-number"] == str(paragraph.number)
            assert paragraph_text(hant) == convert(fullwidth_punctuation(paragraph.text.zh))
            body = hant.select_one(".bp-para__body p")
            assert body is not None and body["lang"] == HTML_LANG
            # Tooltips on the same terms, headed by the term's Traditional form.
            zh_terms = [a["href"] for a in zh.select(".bp-para__body .bp-term__link")]
            hant_links = hant.select(".bp-para__body .bp-term__link")
            assert [a["href"] for a in hant_links] == zh_terms
            for link in hant_links:
                term = next(t for t in GLOSSARY.terms if link["href"].endswith("#" + t.id))
                tip = hant_page.find(id=link["aria-describedby"])
                assert isinstance(tip, Tag), link
                head = tip.select_one(".bp-term__head bdi")
                assert head is not None and head.get_text() == term_forms(term)[term.zh]
                assert link.get_text() in term_forms(term).values()
            # Side by side: the English beside it, unchanged.
            alt = hant.select_one(".bp-para__alt")
            assert alt is not None and alt["lang"] == "en"
            assert alt.get_text().strip().startswith(paragraph.text.en.text[:20])


def test_the_accepted_form_is_used_and_opencc_s_wrong_one_never_appears(built_site: Path) -> None:
    pages = [p for p in (built_site / HANT).rglob("*.html") if "assets" not in p.parts]
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "於響" not in text
    assert text.count("于響") >= 4  # chapter, full text, glossary entry and its tooltip
    assert "泰達MSD" in text and "專精特新" in text and "濱城" in text


def test_known_misconversions_are_corrected(built_site: Path) -> None:
    """Valid Traditional characters in the wrong place, which no character list can catch:
    OpenCC's phrase choice, corrected through the glossary or the zh-Hant strings."""
    assert convert_plain("官方媒体英文采用的译名") == "官方媒體英文采用的譯名"
    pages = [p for p in (built_site / HANT).rglob("*.html") if "assets" not in p.parts]
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert convert_plain("每项链接到提出它的段落") == "每項鍊接到提出它的段落"
    for wrong, right in (("英文采用", "英文採用"), ("於響", "于響"), ("每項鍊接", "每項鏈接")):
        assert wrong not in text and right in text, wrong


def test_corrected_strings_still_say_what_the_simplified_says() -> None:
    """A zh-Hant string that only corrects OpenCC must follow its zh string: when the zh
    wording changes, this fails until the correction is redone."""
    strings = ui_strings()
    for key in ("basis_official", "targets_intro"):
        converted, corrected = convert_plain(strings["zh"][key]), strings["zh-Hant"][key]
        assert len(converted) == len(corrected), key
        assert 0 < sum(a != b for a, b in zip(converted, corrected, strict=True)) <= 2, key


def test_citation_says_the_text_is_a_conversion(built_site: Path) -> None:
    chapter = REPORT.chapters[1]
    page = soup(built_site / HANT / REPORT.id / chapter.id / "index.html")
    button = page.select_one(".bp-cite")
    assert button is not None
    cite = str(button["data-cite"])
    assert cite.startswith("——《天津市濱海新區2024年政府工作報告》")
    assert "自動轉換" in cite and "以簡體中文原文為準" in cite
    assert button["data-copied"] == "已複製引文"


def test_every_page_says_it_is_converted_and_links_the_simplified(built_site: Path) -> None:
    pages = [p for p in (built_site / HANT).rglob("*.html") if "assets" not in p.parts]
    for path in pages:
        notice = soup(path).select_one(".bp-edition-notice")
        assert notice is not None, path
        assert "自動轉換" in notice.get_text() and "以簡體中文原文為準" in notice.get_text()
        link = notice.select_one("a")
        assert link is not None and link["hreflang"] == "zh-CN"
    english = [p for p in (built_site / "en").rglob("*.html") if "assets" not in p.parts]
    simplified = html_pages(built_site)
    for path in [*simplified, *english]:  # each page parsed once
        page = soup(path)
        if path in simplified:  # the Simplified pages carry no such notice
            assert page.select_one(".bp-edition-notice") is None
        # No empty banner on the other editions (a blank announce block drew a dark strip).
        assert page.select_one(".md-banner") is None, path


def test_interface_and_settings_are_traditional(built_site: Path) -> None:
    home = soup(built_site / HANT / "index.html")
    # the home page's short title is the report's: 天津市濱海新區2024年政府工作報告
    assert home.title is not None and "濱海新區2024年政府工作報告" in home.title.get_text()
    about = soup(built_site / HANT / REPORT.id / "about" / "index.html")
    assert about.find(id="edition") is not None
    switcher = [a.get_text().strip() for a in home.select(".md-select__link")]
    assert switcher == ["简体中文", "繁體中文", "English"]
    footer = home.select_one(".md-copyright")
    assert footer is not None and "以中文為準" in footer.get_text()


def test_glossary_and_targets_pages_in_traditional(built_site: Path) -> None:
    glossary = soup(built_site / HANT / "glossary" / "index.html")
    for term in GLOSSARY.terms:
        entry = glossary.find(id=term.id)
        assert entry is not None, term.id
        assert term_forms(term)[term.zh] in entry.get_text()
    zh_rows = soup(built_site / REPORT.id / "targets" / "index.html").select("tbody tr")
    hant_rows = soup(built_site / HANT / REPORT.id / "targets" / "index.html").select("tbody tr")
    assert len(hant_rows) == len(zh_rows) == len(REPORT.targets)
    convert = converter().convert
    assert [r.get_text() for r in hant_rows] == [convert(r.get_text()) for r in zh_rows]


def test_open_data_has_the_traditional_text(built_site: Path) -> None:
    convert = converter().convert
    data = json.loads((built_site / "data" / REPORT.id / "paragraphs.json").read_text("utf-8"))
    for item in data["items"]:
        assert item["zh_hant"] == convert(item["zh"])
        path = item["url_zh_hant"].removeprefix("http://127.0.0.1:8000/").split("#")[0]
        assert (built_site / path / "index.html").is_file()
    rows = list(
        csv.DictReader(
            io.StringIO((built_site / "data" / REPORT.id / "paragraphs.csv").read_text("utf-8-sig"))
        )
    )
    assert [r["zh_hant"] for r in rows] == [item["zh_hant"] for item in data["items"]]
    terms = json.loads((built_site / "data" / "glossary.json").read_text("utf-8"))["items"]
    yu_xiang = next(t for t in terms if t["id"] == "yu-xiang-headquarters-base")
    assert yu_xiang["zh_hant"] == "于響總部基地"


def test_hreflang_links_name_all_three_editions_on_the_same_page(built_site: Path) -> None:
    pages = [p.relative_to(built_site) for p in html_pages(built_site) if p.name != "404.html"]
    for relative in pages:
        for prefix in ("", "en/", f"{HANT}/"):
            page = soup(built_site / prefix / relative)
            links = {
                str(link["hreflang"]): str(link["href"])
                for link in page.select('head link[rel="alternate"][hreflang]')
            }
            path = relative.as_posix().removesuffix("index.html")
            assert links["zh-Hant"].endswith(f"/{HANT}/{path}"), relative
            assert links["en"].endswith(f"/en/{path}"), relative
            assert links["zh-CN"] == links["x-default"]
