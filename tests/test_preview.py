"""The preview (`mkdocs serve`) shows what `mkdocs build` publishes.

One real `mkdocs serve` over a scratch copy takes an English, a Chinese, a glossary and a
template edit in turn. After each, the page is fetched in every edition (the edition being read
is rebuilt at once, the others when first asked for) and compared, byte for byte apart from the
live-reload script MkDocs adds, with the page a clean `mkdocs build` of the same edited copy
makes. A content error is reported with its file:line line while the last good preview stays
served.

In-process tests hold what the preview keeps between saves to what a fresh load and rendering
give: each file's parse (unchanged by building whole editions from it; never reused after an
edit, so problem lines stay right) and each paragraph's HTML.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pytest
from benchmarks.bench_web import mkdocs_serving
from policysite.checks.loader import LoadResult, _report_checks, load_site
from policysite.content.problems import ContentError
from policysite.content.textutil import zh_hash
from policysite.content.yamlio import KeptParses, LoadedYaml, parse_yaml_text
from policysite.render import opendata
from policysite.render.bytecode import MemoryBytecodeCache
from policysite.render.pages import render_edition
from policysite.render.preview import PreviewPlan
from policysite.render.renderer import _KeptParagraphs

from .conftest import ContentCopy, copy_site_sources, wait_for

PAGE = "2024/beijing-tianjin-hebei/"
OTHER = "2024/general-requirements/"  # shows the edited chapter in its navigation only
NEW_TOPIC = "topics/expressways/"
EDITIONS = ("", "zh-hant/", "en/")
BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
GLOSSARY = "content/glossary.yml"
TOPICS = "content/topics.yml"
SHORT_TITLE = "Project to build the strategic cooperation zone"
TOPIC_ZH, TOPIC_DESCRIPTION_ZH = "高速公路", "滨唐高速等高速公路的建设。"
NEW_TOPIC_YAML = f"""  - id: expressways
    name:
      zh: "{TOPIC_ZH}"
      en:
        text: "Expressways"
        status: edited
        zh_hash: {zh_hash(TOPIC_ZH)}
    description:
      zh: "{TOPIC_DESCRIPTION_ZH}"
      en:
        text: "Building expressways such as the Binhai-Tangshan Expressway."
        status: edited
        zh_hash: {zh_hash(TOPIC_DESCRIPTION_ZH)}
    signals: []
    paragraphs:
      "2024": [bth-05]
  - id: ecology
"""
SUMMARY = (
    "本章部署滨海新区2024年推进京津冀协同发展的任务，涵盖创新协同、产业承接、"
    "基础设施互联互通和公共服务共建共享。"
)
DEFINITION = (
    "2015年国家京津冀协同发展规划纲要为天津确定的功能定位：一个全国先进制造研发基地，加上北方国际"
    "航运核心区、金融创新运营示范区和改革开放先行区三个“区”。滨海新区是这一定位的核心区，即主要承载地。"
)
LIVERELOAD = re.compile(
    rb"<script>\s*var livereload = function.*?livereload\(\d+, \d+\);\s*</script>", re.S
)


@dataclass(frozen=True)
class Edit:
    name: str
    changes: tuple[tuple[str, str, str], ...]  # (file, old, new)
    shows: tuple[str, str]  # (edition, text the page shows once the preview has it)
    pages: tuple[str, ...] = (PAGE, OTHER)  # compared with a clean build's, in every edition
    shown_on: tuple[str, ...] = (PAGE,)  # the pages that show the text


def _rehashed(file: str, old: str, new: str) -> tuple[tuple[str, str, str], ...]:
    """A Chinese text changed, with its English's fingerprint brought in line."""
    return ((file, old, new), (file, zh_hash(old), zh_hash(new)))


EDITS = (
    Edit(
        "English paragraph",
        (
            (
                BTH,
                "and begin construction of the Binhai-Tangshan",
                "and start building the Binhai-Tangshan",
            ),
        ),
        ("en/", "start building the Binhai-Tangshan"),
    ),
    Edit(
        "Chinese summary",
        _rehashed(BTH, SUMMARY, SUMMARY.replace("涵盖", "包括")),
        ("", "包括创新协同"),
    ),
    Edit(
        "glossary definition, both languages",
        (
            *_rehashed(GLOSSARY, DEFINITION, DEFINITION.replace("即主要承载地", "即主要的承载地")),
            (GLOSSARY, "most of it is delivered.", "most of it takes place."),
        ),
        ("zh-hant/", "即主要的承載地"),
    ),
    Edit(
        "footer template",
        (
            (
                "overrides/partials/copyright.html",
                '<div class="md-copyright bp-footer">',
                '<div class="md-copyright bp-footer" data-preview="edited">',
            ),
        ),
        ("en/", 'data-preview="edited"'),
    ),
    # What a page shows besides its own content: every page's navigation lists the chapters
    # and topics, so a chapter title edit and a new page change pages whose content did not.
    Edit(
        "chapter title in the navigation, and a new topic page",
        (
            (BTH, SHORT_TITLE, "Project building the strategic cooperation zone"),
            (TOPICS, "  - id: ecology\n", NEW_TOPIC_YAML),
        ),
        ("en/", "Project building the strategic cooperation zone"),
        pages=(PAGE, OTHER, NEW_TOPIC, "topics/"),
        shown_on=(PAGE, OTHER, NEW_TOPIC),
    ),
    Edit(
        "an edition's configuration",
        (
            (
                "mkdocs.en.yml",
                "label: Large text, high contrast",
                "label: Large, high-contrast text",
            ),
        ),
        ("en/", "Large, high-contrast text"),
        shown_on=(PAGE, OTHER),
    ),
    Edit(
        "a new override of a theme partial",
        (("overrides/partials/comments.html", "", '<div data-preview="new-override"></div>'),),
        ("zh-hant/", 'data-preview="new-override"'),
        shown_on=(PAGE, OTHER),
    ),
)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return bytes(response.read())


@dataclass
class Preview:
    url: str
    copy: ContentCopy
    log: Path
    work: Path

    def page(self, edition: str) -> bytes:
        return get(self.url + edition + PAGE)

    def get(self, path: str) -> bytes:
        return get(self.url + path)

    def shows(self, edition: str, text: str) -> bool:
        return text.encode("utf-8") in self.page(edition)

    def clean_build(self, name: str) -> tuple[subprocess.Popen[bytes], Path]:
        """Start `mkdocs build` of a snapshot of the copy as it is now, at the preview's
        address; returns the process and the site folder."""
        snapshot = self.work / name
        _copy_tree(self.copy.root, snapshot / "src")
        site = snapshot / "site"
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
            cwd=snapshot / "src",
            stdout=subprocess.DEVNULL,
            stderr=(snapshot / "build.log").open("wb"),
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": self.url},
        )
        return process, site


def _copy_tree(source: Path, target: Path) -> None:
    import shutil

    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".site*"))


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    work = tmp_path_factory.mktemp("preview")
    copy = ContentCopy(copy_site_sources(work / "repo"))
    log = work / "serve.log"
    with mkdocs_serving(copy.root, log) as (url, _):
        preview = Preview(url, copy, log, work)
        wait_for(lambda: preview.shows("", "滨唐高速"))
        yield preview


def without_livereload(page: bytes) -> bytes:
    stripped, count = LIVERELOAD.subn(b"", page)
    assert count == 1, "the preview's page has no live-reload script"
    return stripped


def test_preview_equals_a_clean_build_after_each_kind_of_edit(preview: Preview) -> None:
    results = []
    for number, edit in enumerate(EDITS):
        for file, old, new in edit.changes:
            if old:
                preview.copy.edit(file, old, new)
            else:  # a new file
                preview.copy.path(file).write_text(new, encoding="utf-8")
        wait_for(lambda edit=edit: preview.shows(*edit.shows))
        served = {(e, page): preview.get(e + page) for e in EDITIONS for page in edit.pages}
        results.append((edit, served, *preview.clean_build(f"build-{number}")))
    for edit, served, process, site in results:
        assert process.wait(timeout=600) == 0, f"clean build after the {edit.name} edit failed"
        for (edition, page), html in served.items():
            built = (site / edition / page / "index.html").read_bytes()
            assert without_livereload(html) == built, (
                f"{edition or 'zh/'}{page} after the {edit.name} edit differs from a clean build"
            )
        edition, text = edit.shows
        for page in edit.shown_on:
            assert text.encode("utf-8") in (site / edition / page / "index.html").read_bytes()


def test_a_content_error_is_reported_and_the_last_preview_stays(preview: Preview) -> None:
    copy = preview.copy
    before = {edition: without_livereload(preview.page(edition)) for edition in EDITIONS}
    copy.edit(BTH, "status: edited", "status: edtied")
    expected = [line for line in copy.problems() if "edtied" in line]
    assert expected, copy.problems()
    wait_for(lambda: expected[0] in preview.log.read_text(encoding="utf-8"))
    # The page answers at once, as it was before the error, in every edition.
    for edition in EDITIONS:
        assert without_livereload(preview.page(edition)) == before[edition]
    assert "Traceback" not in preview.log.read_text(encoding="utf-8")
    copy.edit(BTH, "status: edtied", "status: edited")
    copy.edit(BTH, "Binhai-Tangshan Expressway", "Binhai-Tangshan Expressway (fixed)")
    wait_for(lambda: preview.shows("en/", "Binhai-Tangshan Expressway (fixed)"))
    copy.edit(BTH, "Binhai-Tangshan Expressway (fixed)", "Binhai-Tangshan Expressway")
    wait_for(lambda: not preview.shows("en/", "Binhai-Tangshan Expressway (fixed)"))


def test_the_plan_builds_the_edition_read_and_the_others_when_asked_for() -> None:
    plan = PreviewPlan.of(["zh-hant/", "en/"])
    assert not plan.stale  # the first build made every edition
    assert plan.requested("en/2024/", exists=True) is None
    assert plan.changed() == "en/"  # the edition read last is built at once after a save
    assert plan.stale == {"", "zh-hant/", "en/"}
    plan.built("en/")
    assert plan.requested("en/2024/", exists=True) is None
    # An English page's stylesheet, under the root, exists under its versioned name: no
    # Chinese build for it; a name the root edition has not written yet needs that build.
    assert plan.requested("assets/stylesheets/site.0123abcd.css", exists=True) is None
    assert plan.requested("assets/stylesheets/site.4567cdef.css", exists=False) == ""
    assert plan.requested("zh-hant/2024/beijing-tianjin-hebei/", exists=True) == "zh-hant/"
    assert plan.requested("data/targets.json", exists=True) == ""  # open data: the root's
    assert plan.viewed == "zh-hant/"
    plan.failed()  # content errors: what was built stays served, nothing is rebuilt
    assert plan.requested("2024/", exists=True) is None


def test_search_files_are_written_when_first_asked_for() -> None:
    plan = PreviewPlan.of(["en/"])
    written: list[str] = []
    plan.defer_search("en/", lambda: written.append("en"))
    plan.defer_search("", lambda: written.append("zh"))
    assert plan.search_due("en/2024/") is None
    assert plan.search_due("search/search_index.json") is not None
    due = plan.search_due("en/search/engine/manifest.json")
    assert due is not None
    due()
    assert written == ["en"]
    assert plan.search_due("en/search/search_index.json") is None  # written once


def test_a_template_edited_between_builds_is_compiled_again() -> None:
    """MkDocs makes a new template environment per build; the shared cache spares the
    compiling, and an edited template is compiled afresh."""
    cache = MemoryBytecodeCache()
    sources = {"page.html": "<p>{{ text }}</p>"}

    def environment(compiles: list[str]) -> jinja2.Environment:
        class Counting(jinja2.Environment):
            def _compile(self, source: str, filename: str) -> Any:
                compiles.append(filename)
                return super()._compile(source, filename)

        return Counting(loader=jinja2.DictLoader(sources), bytecode_cache=cache)

    first: list[str] = []
    assert environment(first).get_template("page.html").render(text="a") == "<p>a</p>"
    again: list[str] = []
    assert environment(again).get_template("page.html").render(text="b") == "<p>b</p>"
    sources["page.html"] = "<div>{{ text }}</div>"
    edited: list[str] = []
    assert environment(edited).get_template("page.html").render(text="c") == "<div>c</div>"
    assert (len(first), len(again), len(edited)) == (1, 0, 1)


def test_the_theme_listing_is_kept_until_a_folder_of_the_theme_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs_unchanged

    overrides, theme = tmp_path / "overrides", tmp_path / "theme"
    (theme / "partials").mkdir(parents=True)
    overrides.mkdir()
    (theme / "partials" / "nav.html").write_text("nav", encoding="utf-8")
    listings: list[int] = []
    real = jinja2.Environment.list_templates

    def counted(env: jinja2.Environment, *args: Any) -> list[str]:
        listings.append(1)
        return real(env, *args)

    monkeypatch.setattr(jinja2.Environment, "list_templates", counted)
    folders = (str(overrides), str(theme))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders))

    def listed() -> list[str]:
        return mkdocs_unchanged._listed_once(env, folders, ("404.html",))

    assert listed() == listed() == ["partials/nav.html"]
    assert len(listings) == 1
    (overrides / "partials").mkdir()  # a new override: its folder is new
    (overrides / "partials" / "nav.html").write_text("own nav", encoding="utf-8")
    (theme / "partials" / "toc.html").write_text("toc", encoding="utf-8")  # a new file
    assert listed() == ["partials/nav.html", "partials/toc.html"]
    assert len(listings) == 2


def test_a_fingerprint_describes_state_never_addresses() -> None:
    """Equal state, equal digest from build to build; a value only known by its address
    (its description would differ every build) means the page is rendered, not kept."""
    from mkdocs_unchanged import _digest, _Unstable

    @dataclass
    class Setting:
        name: str
        values: list[int]

    def filter_for(site_root: str) -> Any:
        return lambda path: site_root + path

    assert _digest({"a": Setting("x", [1, 2])}) == _digest({"a": Setting("x", [1, 2])})
    assert _digest({"a": Setting("x", [1, 2])}) != _digest({"a": Setting("x", [1, 3])})
    assert _digest(filter_for("../")) == _digest(filter_for("../"))
    assert _digest(filter_for("../")) != _digest(filter_for(""))  # closures are state
    assert _digest({"b", "a"}) == _digest({"a", "b"})
    with pytest.raises(_Unstable):
        _digest([object()])


URL = "http://127.0.0.1:8000/"
LANGUAGES = ("zh", "zh-Hant", "en")
CONTENT_EDITS = [
    edit for edit in EDITS if all(f.startswith("content/") for f, _, _ in edit.changes)
]


def _apply(copy: ContentCopy, edit: Edit, undo: bool = False) -> None:
    for file, old, new in reversed(edit.changes) if undo else edit.changes:
        copy.edit(file, *((new, old) if undo else (old, new)))


def _load_and_build(root: Path, kept: KeptParses) -> tuple[LoadResult, dict[str, Any]]:
    """What the preview makes of the content: the model, and every edition's pages, navigation
    and files, and the open data."""
    loaded = load_site(root, kept=kept)
    editions: dict[str, Any] = {}
    for lang in LANGUAGES:
        edition = render_edition(loaded, lang, URL)
        editions[lang] = ([(p.src_uri, p.markdown) for p in edition.pages], edition.nav)
    editions["data"] = list(opendata.data_files(loaded.site, URL))
    return loaded, editions


def test_kept_parses_stay_what_a_fresh_parse_gives_after_whole_editions_are_built(
    content_copy: ContentCopy,
) -> None:
    kept = KeptParses()
    first, built = _load_and_build(content_copy.root, kept)
    parses = kept.kept()
    assert {BTH, GLOSSARY, TOPICS} <= parses.keys() and len(parses) >= 10
    again, built_again = _load_and_build(content_copy.root, kept)
    assert all(kept.parse(text, file) is parsed for file, (text, parsed) in parses.items())
    assert (again.site, built_again) == (first.site, built)
    for file, (text, parsed) in parses.items():
        fresh = parse_yaml_text(text, file)
        assert isinstance(parsed, LoadedYaml) and isinstance(fresh, LoadedYaml), file
        assert (parsed.data, parsed.lines, parsed.text_problems) == (
            fresh.data,
            fresh.lines,
            fresh.text_problems,
        ), f"{file}: what the preview keeps was changed by the build"


@pytest.mark.parametrize("edit", CONTENT_EDITS, ids=lambda edit: edit.name)
def test_a_kept_load_after_an_edit_and_its_revert_equals_a_fresh_load(
    content_copy: ContentCopy, edit: Edit
) -> None:
    kept = KeptParses()
    before = load_site(content_copy.root, kept=kept)
    _apply(content_copy, edit)
    edited = load_site(content_copy.root, kept=kept)
    assert edited.site == load_site(content_copy.root).site != before.site
    _apply(content_copy, edit, undo=True)
    assert load_site(content_copy.root, kept=kept).site == before.site


def test_a_content_error_after_kept_parses_names_the_line_as_the_file_is_now(
    content_copy: ContentCopy,
) -> None:
    """Lines added above the error move it down: the kept parse of the file before the edit
    must not lend its lines."""
    kept = KeptParses()
    load_site(content_copy.root, kept=kept)
    text = content_copy.path(BTH).read_text(encoding="utf-8")
    moved = "# Two lines of notes added at the top\n# of the chapter file.\n"
    content_copy.path(BTH).write_text(moved + text, encoding="utf-8")
    content_copy.edit(BTH, "status: edited", "status: edtied")
    with pytest.raises(ContentError) as raised:
        load_site(content_copy.root, kept=kept)
    lines = [problem.format() for problem in raised.value.problems]
    assert lines == content_copy.problems()  # as a fresh load (`site.py check`) says
    line = content_copy.line_of(BTH, "status: edtied")
    assert line == text[: text.index("status: edited")].count("\n") + 3
    assert any(found.startswith(f"{BTH}:{line}: ") and "edtied" in found for found in lines)
    content_copy.path(BTH).write_text(text, encoding="utf-8")  # corrected: as before the error
    assert load_site(content_copy.root, kept=kept).site == load_site(content_copy.root).site


def test_kept_paragraphs_render_what_a_fresh_rendering_does(content_copy: ContentCopy) -> None:
    """Each edition rendered after each content edit, with the paragraphs kept from the
    rendering before, equals the same edition rendered with nothing kept; an English edit
    makes only the edited paragraph afresh, once for its two pages."""
    kept = KeptParses()

    def pages(lang: str) -> tuple[list[tuple[str, str]], int]:
        edition = render_edition(load_site(content_copy.root, kept=kept), lang, URL)
        return [(p.src_uri, p.markdown) for p in edition.pages], _KeptParagraphs._last[lang][2].made

    def fresh(lang: str) -> list[tuple[str, str]]:
        _KeptParagraphs._last.pop(lang)
        return pages(lang)[0]

    _KeptParagraphs._last.clear()  # kept from another test's rendering of the same content
    everything = {lang: pages(lang)[1] for lang in LANGUAGES}
    reports = load_site(content_copy.root).site.reports
    shown = sum(1 for report in reports for _ in report.all_paragraphs())
    # every paragraph made once, for its chapter page and the full text (same links from both)
    assert everything == dict.fromkeys(LANGUAGES, shown)
    assert all(pages(lang)[1] == 0 for lang in LANGUAGES)  # nothing changed: all kept
    for edit in CONTENT_EDITS:
        _apply(content_copy, edit)
        for lang in LANGUAGES:
            rendered, made = pages(lang)
            assert rendered == fresh(lang), f"{lang} after the {edit.name} edit"
            if edit is EDITS[0]:  # one paragraph (beside the Chinese too), made once for
                assert made == 1, (lang, made)  # its chapter and the full text, at one depth


def test_the_checks_kept_for_a_report_see_an_edit_and_its_revert(content_copy: ContentCopy) -> None:
    """A report's own checks are kept for an equal report (loader._report_checks): Chinese
    changed without its English draws the staleness warning, at the line the file has now,
    as a fresh check does, and loses it when reverted."""
    kept = KeptParses()
    before = load_site(content_copy.root, kept=kept).warnings
    content_copy.path(BTH).write_text(
        "# A note added at the top\n" + content_copy.path(BTH).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    content_copy.edit(BTH, SUMMARY, SUMMARY.replace("涵盖", "包括"))
    warnings = [w.format() for w in load_site(content_copy.root, kept=kept).warnings]
    line = content_copy.line_of(BTH, "summary:") + 2  # its 'en:' key, below 'zh:'
    stale = f"{BTH}:{line}: warning: summary.en: the Chinese text changed after this English"
    assert [w for w in warnings if w.startswith(stale)] != []
    _report_checks.cache_clear()
    assert warnings == [w.format() for w in load_site(content_copy.root).warnings]
    content_copy.edit(BTH, SUMMARY.replace("涵盖", "包括"), SUMMARY)
    content_copy.edit(BTH, "# A note added at the top\n", "")
    assert load_site(content_copy.root, kept=kept).warnings == before
