"""Shared links and updates: share tags and images on every page of every edition, the Atom
feeds and the What's new page, from the real build."""

from __future__ import annotations

import io
import re
from pathlib import Path

import feedparser
import pytest
import rnc2rng
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image
from policysite.checks.loader import load_site
from policysite.render import cache, share
from policysite.render.pages import render_edition

from .conftest import PUBLIC, REPO

EDITIONS = {"zh": "", "zh-Hant": "zh-hant/", "en": "en/"}
LOCALES = {"zh": "zh_CN", "zh-Hant": "zh_HK", "en": "en_US"}
HAN = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = ("。", "！", "？", ".", "!", "?")
ATOM_SCHEMA = REPO / "tests" / "vendor" / "atom" / "atom.rnc"


def edition_pages(site: Path, prefix: str) -> list[Path]:
    """Every page of an edition (not the other editions' folders, not the 404 page)."""
    root = site / prefix
    others = [site / p for p in EDITIONS.values() if p and p != prefix]
    return [
        page
        for page in sorted(root.rglob("index.html"))
        if not any(page.is_relative_to(other) for other in others)
    ]


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    found = soup.find_all("meta", attrs={"property": key}) or soup.find_all(
        "meta", attrs={"name": key}
    )
    return [tag["content"] for tag in found]


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_every_page_has_share_tags_with_absolute_addresses(public_site: Path, lang: str) -> None:
    prefix = EDITIONS[lang]
    pages = edition_pages(public_site, prefix)
    assert len(pages) >= 12
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(public_site).as_posix()
        url = PUBLIC + where.removesuffix("index.html")
        assert meta(soup, "og:url") == [url], where
        assert meta(soup, "og:type") == ["website" if where == prefix + "index.html" else "article"]
        assert meta(soup, "og:locale") == [LOCALES[lang]], where
        assert sorted(meta(soup, "og:locale:alternate")) == sorted(
            v for k, v in LOCALES.items() if k != lang
        )
        assert meta(soup, "twitter:card") == ["summary_large_image"]
        (title,) = meta(soup, "og:title")
        shown = (soup.find("h1").get_text() + soup.title.get_text()).lower()
        assert title and title.lower().rstrip("…") in shown, (where, title)
        (image,) = meta(soup, "og:image")
        assert image.startswith(PUBLIC + prefix + "share/") and image.endswith(".png"), image
        with Image.open(public_site / image.removeprefix(PUBLIC)) as picture:
            assert picture.size == (1200, 630)
            assert picture.format == "PNG"
        assert meta(soup, "og:image:width") == ["1200"] and meta(soup, "og:image:height") == ["630"]
        assert meta(soup, "og:image:alt")[0].startswith(title)


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_descriptions_are_in_the_page_language_and_end_a_sentence(
    built_site: Path, lang: str
) -> None:
    for page in edition_pages(built_site, EDITIONS[lang]):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        (description,) = meta(soup, "og:description")
        where = page.relative_to(built_site).as_posix()
        assert description.endswith(SENTENCE_END), (where, description)
        han = len(HAN.findall(description)) / len(description)
        assert han > 0.5 if lang != "en" else han < 0.05, (where, description)
        if len(description) > (200 if lang == "en" else 80):  # only a first sentence that long
            assert not re.search(r"[。！？]|[.!?]\s", description[:-1]), (where, description)


def test_sentence_cut_keeps_whole_sentences() -> None:
    from policysite.render.text import sentence_cut

    long = "甲" * 50 + "。" + "乙" * 50 + "。"
    assert sentence_cut(long, "zh") == "甲" * 50 + "。"
    assert sentence_cut("Growth of 4.8% is the aim. It is.", "en") == (
        "Growth of 4.8% is the aim. It is."
    )
    assert sentence_cut("A. " + "b" * 250 + ".", "en") == "A."


def test_no_title_holds_a_character_the_shipped_fonts_lack() -> None:
    """Every card of every edition can be drawn: a new title with a character the subset lacks
    fails here (run `python scripts/site.py share-font`)."""
    loaded = load_site(REPO)
    warnings: list[str] = []
    for lang in EDITIONS:
        edition = render_edition(loaded, lang, PUBLIC, warn=warnings.append)
        assert len([p for p in edition.pages if p.share]) == len(edition.pages)
    assert warnings == []


def test_a_missing_character_is_named() -> None:
    card = share.ShareCard("zh", "龘滨海新区", "报告", "滨海新区政府工作报告", "2024/x.md")
    assert share.missing_characters(card) == ["龘"]


def test_a_card_is_drawn_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYSITE_CACHE", str(tmp_path))
    card = share.ShareCard("en", "Key targets", "2024 Report", "Binhai", "2024/targets.md")
    first = share.card_png(card)
    assert cache.read("share", f"{card.fingerprint}.png") == first

    def refuse(_: share.ShareCard) -> bytes:
        raise AssertionError("drawn again")

    monkeypatch.setattr(share, "draw_card", refuse)
    assert share.card_png(card) == first
    changed = share.ShareCard("en", "Key targets!", "2024 Report", "Binhai", "2024/targets.md")
    assert changed.fingerprint != card.fingerprint and changed.path != card.path


def test_cards_drawn_on_one_background_are_the_cards_drawn_alone() -> None:
    """The part of a card every title shares is drawn once per edition and report: a card
    drawn after others on it is the card drawn first, and the subtitle is left out where it
    would repeat the title."""
    report = "天津市滨海新区2024年政府工作报告"
    cards = [
        share.ShareCard("zh", title, report, "滨城", f"{title}.md")
        for title in ("生物医药", "港口与物流和航运服务、国际物流枢纽与现代化港口群建设", report)
    ]
    after_others = [share.draw_card(card) for card in cards]
    alone = []
    for card in cards:
        share._background.cache_clear()
        alone.append(share.draw_card(card))
    assert after_others == alone
    pictures = [Image.open(io.BytesIO(png)) for png in alone]
    subtitle_band = (80, 505, 1120, 545)  # where the subtitle is written, above the red rule
    bands = [picture.crop(subtitle_band).tobytes() for picture in pictures]
    assert bands[0] == bands[1] != bands[2]  # the last card's title is the report's: no subtitle
    assert set(bands[2]) == {share.PAPER}


def atom_schema() -> etree.RelaxNG:
    grammar = rnc2rng.dumps(rnc2rng.load(str(ATOM_SCHEMA)))
    grammar = grammar.replace('xmlns:local=""', "")  # lxml refuses an empty prefix binding
    return etree.RelaxNG(etree.fromstring(grammar.encode("utf-8")))


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_feeds_validate_parse_and_list_the_corrections(
    public_site: Path, built_site: Path, lang: str
) -> None:
    prefix = EDITIONS[lang]
    data = (public_site / prefix / "feed.xml").read_bytes()
    schema = atom_schema()
    assert schema.validate(etree.fromstring(data)), schema.error_log
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == PUBLIC + prefix + "feed.xml"
    assert links["alternate"] == PUBLIC + prefix + "whats-new/"
    corrections = [e for e in parsed.entries if "#corrections" in e.link]
    recorded = [c for c in load_site(REPO).site.reports[0].corrections if c.recorded_on]
    assert len(recorded) == 7  # every correction in report.yml has its date
    assert len(corrections) == len(recorded)
    assert [e for e in parsed.entries if e.link == PUBLIC + prefix + "2024/"]
    for entry in parsed.entries:
        assert entry.link.startswith(PUBLIC + prefix)
        target = public_site / entry.link.removeprefix(PUBLIC).split("#")[0] / "index.html"
        assert target.exists(), entry.link
    # Another build (other address, other day): the same IDs and dates.
    again = feedparser.parse((built_site / prefix / "feed.xml").read_bytes())
    assert [(e.id, e.updated) for e in again.entries] == [
        (e.id, e.updated) for e in parsed.entries
    ]
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_a_broken_feed_fails_the_schema() -> None:
    schema = atom_schema()
    assert not schema.validate(etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom"/>'))


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_every_page_names_its_feed_and_whats_new_lists_the_entries(
    built_site: Path, lang: str
) -> None:
    prefix = EDITIONS[lang]
    for page in edition_pages(built_site, prefix):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        (link,) = soup.find_all("link", attrs={"type": "application/atom+xml"})
        assert (page.parent / link["href"]).resolve() == (built_site / prefix / "feed.xml")
    page = built_site / prefix / "whats-new" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    items = soup.select("ul.bp-whats-new li")
    feed = feedparser.parse((built_site / prefix / "feed.xml").read_bytes())
    assert [li.a.get_text() for li in items] == [e.title for e in feed.entries]
    for li in items:
        target = (page.parent / li.a["href"].split("#")[0]).resolve() / "index.html"
        assert target.exists(), li.a["href"]


def test_card_pictures_differ_by_edition_and_are_drawn(public_site: Path) -> None:
    """Each edition draws its own cards (its own script), and every card has its title."""
    by_edition = {}
    for lang, prefix in EDITIONS.items():
        cards = sorted((public_site / prefix / "share").glob("*.png"))
        assert len(cards) >= 12
        by_edition[lang] = {path.read_bytes() for path in cards}
        for data in by_edition[lang]:
            with Image.open(io.BytesIO(data)) as picture:
                dark = picture.convert("L").histogram()[:100]
            assert sum(dark) > 5000  # pixels of the title's ink
    assert not by_edition["zh"] & by_edition["zh-Hant"]
    assert not by_edition["zh"] & by_edition["en"]


def test_cards_show_the_sites_red_and_only_the_greys_of_their_text(public_site: Path) -> None:
    """A card is drawn in grey levels and published through a palette in which one reserved
    level shows the site's red (share.py). No pixel may use a level between that one and the
    ink: it would show a grey (or, for text drawn in red, shades) no RGB drawing made."""
    cards = sorted(public_site.rglob("share/*.png"))
    assert len(cards) >= 36
    for path in cards:
        with Image.open(path) as picture:
            assert picture.mode == "P", path
            rgb = picture.convert("RGB")
        colours = {colour for _, colour in rgb.getcolors(256) or []}
        assert rgb.getpixel((600, 5)) == share.PRIMARY, path  # the bar along the top
        assert rgb.getpixel((1199, 629)) == (share.PAPER,) * 3, path
        greys = colours - {share.PRIMARY}
        assert all(r == g == b and r >= share.INK for r, g, b in greys), (path, sorted(greys)[:3])
