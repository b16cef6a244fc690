"""The pages of one edition, kind by kind, and its navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content.model import Chapter, Report, Site
from ..content.terms import TermScan
from .nav import nav
from .renderer import GLOSSARY_URI, PageRenderer, chapter_uri


@dataclass(frozen=True)
class PageSpec:
    """A page to add to one language's site."""

    src_uri: str  # path the page pretends to have in the docs folder, e.g. "2024/about.md"
    markdown: str
    title: str
    edit_path: str | None  # repository-relative YAML file the page is generated from


def site_pages(renderer: PageRenderer) -> list[PageSpec]:
    """Every page of the edition: home, then each report's, then the glossary."""
    pages = [home_page(renderer)]
    for report in renderer.site.reports:
        pages.append(report_page(renderer, report))
        pages += [chapter_page(renderer, report, chapter) for chapter in report.chapters]
        if report.targets:
            pages.append(targets_page(renderer, report))
        pages.append(full_text_page(renderer, report))
        pages.append(about_page(renderer, report))
    if renderer.site.glossary is not None:
        pages.append(glossary_page(renderer))
    return pages


def home_page(renderer: PageRenderer) -> PageSpec:
    report = renderer.site.latest
    return PageSpec(
        "index.md",
        renderer.render("home.md.j2", report=report),
        renderer.tr(report.title),
        report.file,
    )


def report_page(renderer: PageRenderer, report: Report) -> PageSpec:
    return PageSpec(
        f"{report.id}/index.md",
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
    uri = f"{report.id}/targets.md"
    return PageSpec(
        uri,
        renderer.render("targets.md.j2", report=report, uri=uri),
        renderer.strings["targets_title"],
        report.file.replace("report.yml", "targets.yml"),
    )


def full_text_page(renderer: PageRenderer, report: Report) -> PageSpec:
    uri = f"{report.id}/full.md"
    return PageSpec(
        uri,
        renderer.render("full.md.j2", report=report, uri=uri),
        renderer.strings["full_title"],
        report.file,
    )


def about_page(renderer: PageRenderer, report: Report) -> PageSpec:
    return PageSpec(
        f"{report.id}/about.md",
        renderer.render("about.md.j2", report=report, uri=f"{report.id}/about.md"),
        renderer.strings["about_title"],
        report.file,
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


def render_site(site: Site, lang: str, terms: TermScan | None) -> tuple[list[PageSpec], list[Any]]:
    """All pages and the navigation of one language."""
    renderer = PageRenderer(site, lang, terms)
    return site_pages(renderer), nav(renderer)
