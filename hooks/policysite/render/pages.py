"""The pages of one edition, kind by kind, and its navigation."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import yaml

from ..checks.loader import LoadResult
from ..checks.topics import TOPICS_FILE
from ..content import layout
from ..content.model import Chapter, Report, Site, Topic
from ..content.terms import TermScan
from .feed import FEED_PATH, WHATS_NEW_URI, FeedEntry, atom_feed, feed_entries
from .hant import HantConverter
from .indicators import Series, indicator_uri
from .nav import nav
from .publish import robots_txt
from .renderer import GLOSSARY_URI, TOPICS_URI, PageRenderer, chapter_uri, topic_uri
from .share import ShareCard, missing_characters, share_files

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class PageSpec:
    """A page to add to one language's site."""

    src_uri: str  # path the page pretends to have in the docs folder, e.g. "2024/about.md"
    markdown: str
    title: str
    edit_path: str | None  # repository-relative YAML file the page is generated from
    share: ShareCard | None = None  # the image and words shown when the page is shared

    @property
    def searched(self) -> bool:
        """Whether search indexes the page: its front matter (written by the templates'
        ``front_matter`` macro, read by MkDocs) does not say ``search: exclude: true``."""
        head, _, _ = self.markdown.removeprefix("---\n").partition("\n---\n")
        if not head.startswith("search:") and "\nsearch:" not in head:
            return True  # no search settings (a value is JSON on its key's line: no line break)
        search = (yaml.load(head, Loader=_FastLoader) or {}).get("search") or {}
        return not search.get("exclude")


def with_share_card(renderer: PageRenderer, spec: PageSpec, report: Report) -> PageSpec:
    """The page with its share card: the card's image path, its title and its alt text added
    to the front matter (overrides/main.html writes the share tags from them)."""
    subtitle = renderer.tr(report.title)
    card = ShareCard(
        renderer.lang, spec.title, subtitle, renderer.strings["head_title_site"], spec.src_uri
    )
    alt = spec.title if spec.title == subtitle else f"{spec.title} · {subtitle}"
    values = {"share_title": spec.title, "share_image": card.path, "share_image_alt": alt}
    lines = "".join(
        f"{key}: {json.dumps(text, ensure_ascii=False)}\n" for key, text in values.items()
    )
    assert spec.markdown.startswith("---\n")  # every page template opens with front matter
    return replace(spec, markdown="---\n" + lines + spec.markdown[4:], share=card)


def site_pages(
    renderer: PageRenderer, entries: list[FeedEntry] | None = None
) -> list[PageSpec]:
    """Every page of the edition: home, then each report's, then the glossary; ``entries``:
    the edition's feed entries, if already made."""
    latest = renderer.site.latest
    pages = [with_share_card(renderer, home_page(renderer), latest)]
    for report in renderer.site.reports:
        own = [report_page(renderer, report)]
        own += [chapter_page(renderer, report, chapter) for chapter in report.chapters]
        if report.targets:
            own.append(targets_page(renderer, report))
        own.append(full_text_page(renderer, report))
        own.append(about_page(renderer, report))
        pages += [with_share_card(renderer, page, report) for page in own]
    pages += [
        with_share_card(renderer, indicator_page(renderer, series), latest)
        for series in renderer.series
    ]
    if renderer.site.topics:
        topics = [topics_page(renderer), *(topic_page(renderer, t) for t in renderer.site.topics)]
        pages += [with_share_card(renderer, page, latest) for page in topics]
    if renderer.site.glossary is not None:
        pages.append(with_share_card(renderer, glossary_page(renderer), latest))
    entries = feed_entries(renderer) if entries is None else entries
    pages.append(with_share_card(renderer, whats_new_page(renderer, entries), latest))
    return pages


def indicator_cards(site: Site) -> list[ShareCard]:
    """A share card's title for every indicator in every edition, with a page or not yet (a
    page appears once a second year is published), so the shipped fonts cover them all."""
    hant = HantConverter(site.glossary)
    names = {"zh": lambda t: t.zh, "zh-Hant": lambda t: hant.convert(t.zh)}
    return [
        ShareCard(lang, names.get(lang, lambda t: t.in_language("en"))(i.name), "", "", "x.md")
        for i in site.indicators
        for lang in ("zh", "zh-Hant", "en")
    ]


def indicator_page(renderer: PageRenderer, series: Series) -> PageSpec:
    uri = indicator_uri(series.indicator)
    return PageSpec(
        uri,
        renderer.render("indicator.md.j2", series=series, uri=uri, report=renderer.site.latest),
        renderer.tr(series.indicator.name),
        series.indicator.origin.file,
    )


def home_page(renderer: PageRenderer) -> PageSpec:
    report = renderer.site.latest
    return PageSpec(
        f"{layout.HOME_PAGE}.md",
        renderer.render("home.md.j2", report=report),
        renderer.tr(report.title),
        report.file,
    )


def report_page(renderer: PageRenderer, report: Report) -> PageSpec:
    return PageSpec(
        f"{report.id}/{layout.HOME_PAGE}.md",
        renderer.render("report.md.j2", report=report),
        renderer.tr(report.title),
        report.file,
    )


def chapter_page(renderer: PageRenderer, report: Report, chapter: Chapter) -> PageSpec:
    return PageSpec(
        chapter_uri(report, chapter),
        renderer.render(
            "chapter.md.j2", report=report, chapter=chapter, uri=chapter_uri(report, chapter)
        ),
        renderer.tr(chapter.short_title),
        chapter.file,
    )


def targets_page(renderer: PageRenderer, report: Report) -> PageSpec:
    uri = f"{report.id}/{layout.TARGETS_PAGE}.md"
    return PageSpec(
        uri,
        renderer.render("targets.md.j2", report=report, uri=uri),
        renderer.strings["targets_title"],
        report.file.replace("report.yml", "targets.yml"),
    )


def full_text_page(renderer: PageRenderer, report: Report) -> PageSpec:
    uri = f"{report.id}/{layout.FULL_TEXT_PAGE}.md"
    return PageSpec(
        uri,
        renderer.render("full.md.j2", report=report, uri=uri),
        renderer.strings["full_title"],
        report.file,
    )


def about_page(renderer: PageRenderer, report: Report) -> PageSpec:
    uri = f"{report.id}/{layout.ABOUT_PAGE}.md"
    return PageSpec(
        uri,
        renderer.render("about.md.j2", report=report, uri=uri),
        renderer.strings["about_title"],
        report.file,
    )


def topics_page(renderer: PageRenderer) -> PageSpec:
    return PageSpec(
        TOPICS_URI,
        renderer.render("topics.md.j2", uri=TOPICS_URI),
        renderer.strings["topics_title"],
        TOPICS_FILE,
    )


def topic_page(renderer: PageRenderer, topic: Topic) -> PageSpec:
    uri = topic_uri(topic)
    return PageSpec(
        uri,
        renderer.render("topic.md.j2", topic=topic, uri=uri),
        renderer.tr(topic.name),
        TOPICS_FILE,
    )


def glossary_page(renderer: PageRenderer) -> PageSpec:
    glossary = renderer.site.glossary
    assert glossary is not None
    return PageSpec(
        GLOSSARY_URI,
        renderer.render("glossary.md.j2", glossary=glossary, report=renderer.site.latest),
        renderer.strings["glossary_title"],
        glossary.file,
    )


def whats_new_page(renderer: PageRenderer, entries: list[FeedEntry]) -> PageSpec:
    return PageSpec(
        WHATS_NEW_URI,
        renderer.render("whats_new.md.j2", entries=entries, uri=WHATS_NEW_URI, feed_path=FEED_PATH),
        renderer.strings["whats_new_title"],
        renderer.site.latest.file,
    )


@dataclass(frozen=True)
class Edition:
    """One edition's pages and navigation, and the files it publishes beside them."""

    pages: list[PageSpec]
    nav: list[Any]
    files: list[tuple[str, str | bytes]]  # robots.txt, the Atom feed, the share cards' images


def render_edition(
    loaded: LoadResult,
    lang: str,
    site_url: str | None,
    sub_sites: Iterable[str] = (),
    warn: Callable[[str], None] = print,
) -> Edition:
    """Everything one edition publishes, at ``site_url``: its pages, its navigation, its
    robots.txt (naming the sitemaps of the editions in ``sub_sites`` too), its Atom feed and
    its share cards' images. A card whose font lacks a character of its title is drawn with
    an empty box there and reported through ``warn``."""
    renderer = PageRenderer(loaded.site, lang, loaded.terms)
    entries = feed_entries(renderer)  # the What's new page and the Atom feed
    pages = site_pages(renderer, entries)
    cards = [page.share for page in pages if page.share is not None]
    files: list[tuple[str, str | bytes]] = [("robots.txt", robots_txt(site_url or "", sub_sites))]
    files.append((FEED_PATH, atom_feed(renderer, entries, site_url or "")))
    files += share_files(cards)
    for card in cards:
        if missing := missing_characters(card):
            warn(
                f"{card.page} ({lang}): the share card's font lacks {''.join(missing)!r}; run"
                " python scripts/site.py share-font (needs Debian's fonts-noto-cjk) and commit"
                " hooks/policysite/render/fonts/"
            )
    edition = Edition(pages, nav(renderer), files)
    if loaded.terms is not None:
        loaded.terms.keep()  # the texts only pages show, scanned now, for the next build
    return edition


def render_site(site: Site, lang: str, terms: TermScan | None) -> tuple[list[PageSpec], list[Any]]:
    """All pages and the navigation of one language."""
    renderer = PageRenderer(site, lang, terms)
    return site_pages(renderer), nav(renderer)
