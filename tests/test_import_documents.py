"""Importing the files staff hold: PDF, Word, saved web pages, and text copied out of a PDF.

The fixtures are three invented reports (tests/fixtures/documents/reports.py) rendered as staff
receive them by tests/fixtures/documents/make_fixtures.py, run here into a temporary folder:
Chromium's print to PDF at 28 and 35 characters a line with page numbers (— 3 —) and, in one, a
running title; pdftotext's text of each PDF; Word documents with and without heading styles;
web pages with a government site's furniture. Each must import to the report as written:
every sentence once and in order, paragraphs whole, headings at their level and none invented,
the appendix as its own part, the metadata of the cover, nothing of the page furniture, and
every line left out listed in import-report.txt.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from policysite.checks.loader import load_site
from policysite.render.text import label_text
from policysite.tools.documents import FURNITURE, PAGE_NUMBER, read_document
from policysite.tools.importer import import_report
from policysite.tools.outline import outline_report, split_sentences

from .conftest import (
    REPO,
    ContentCopy,
    copy_site_sources,
    made_once,
    make_share_fonts,
    run_mkdocs_build,
)
from .import_expectations import (
    DOCUMENTS,
    FIXTURES,
    QINGCHUAN,
    appendix_paragraphs,
    expected_pieces,
    expected_rows,
    outline_pieces,
    outline_rows,
)

CHROMIUM = Path("/usr/bin/chromium")
IDS = {name: str(2040 + index) for index, name in enumerate(FIXTURES)}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures, rendered once. PDFs need Chromium and pdftotext: skipped locally without
    them, a failure in CI."""
    missing = [str(p) for p in (CHROMIUM,) if not p.exists()]
    missing += [] if shutil.which("pdftotext") else ["pdftotext"]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(
                f"{', '.join(missing)} missing; .ci/run installs chromium and poppler-utils"
            )
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install chromium poppler-utils)")

    def render(out: Path) -> None:
        # in a process of its own: the session's browser holds Playwright's one sync loop
        script = DOCUMENTS / "make_fixtures.py"
        run = subprocess.run(
            [sys.executable, str(script), str(out)], capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr

    return made_once(tmp_path_factory, "documents", render)  # once for every worker


def fixture_names() -> list[str]:
    return list(FIXTURES)


# --- the text each format gives -----------------------------------------------------------------


@pytest.mark.parametrize("name", fixture_names())
def test_every_sentence_once_in_order_and_paragraphs_whole(rendered: Path, name: str) -> None:
    report = FIXTURES[name]
    outline = outline_report(read_document(rendered / name).text)
    found, wanted = outline_pieces(outline), expected_pieces(report)
    # paragraphs whole and in order, headings where the report has them
    assert found == wanted
    sentences = [s for _, text in wanted for s in split_sentences(text)]
    joined = "".join(text for _, text in found)
    position = 0
    for sentence in sentences:  # each sentence once, after the one before it
        assert joined.count(sentence) >= 1
        position = joined.index(sentence, position) + len(sentence)


@pytest.mark.parametrize("name", fixture_names())
def test_headings_at_their_level_and_the_appendix_a_part(rendered: Path, name: str) -> None:
    outline = outline_report(read_document(rendered / name).text)
    assert outline_rows(outline) == expected_rows(FIXTURES[name])
    assert not any(
        re.fullmatch(r"[\d\s.—\-]+", heading) for _, _, heading, _ in outline_rows(outline)
    )
    if FIXTURES[name].glossary:
        appendix = outline.chapters[-1]
        assert appendix.appendix and (appendix.label, appendix.title) == ("附件", "名词解释")
        assert not outline.chapters[-2].appendix  # not a section of the last chapter


@pytest.mark.parametrize("name", fixture_names())
def test_no_page_number_or_furniture_in_the_text(rendered: Path, name: str) -> None:
    document = read_document(rendered / name)
    outline = outline_report(document.text)
    texts = [text for _, text in outline_pieces(outline)]
    assert not [t for t in texts if PAGE_NUMBER.search(t) or re.search(r"—\s?\d+\s?—", t)]
    assert not [t for t in texts for pattern, _ in FURNITURE if pattern.search(t)]
    if name.endswith(".pdf") or name.endswith(".pdftotext.txt"):
        numbers = [d for d in document.dropped if d.why == "page number"]
        pages = int(
            re.search(
                r"(\d+) pages",
                read_document(rendered / name.replace(".pdftotext.txt", ".pdf")).kind,
            ).group(1)
        )  # type: ignore[union-attr]
        assert [re.sub(r"\D", "", d.text) for d in numbers] == [str(n) for n in range(1, pages + 1)]
    if name.startswith("nanshawan-28"):  # the running title of every page, not the cover's
        running = [d for d in document.dropped if d.why == "running title of the pages"]
        assert len(running) == 2 and all(d.text == FIXTURES[name].full_title for d in running)
    if name.endswith(".html"):
        reasons = {d.why for d in document.dropped}
        assert {"breadcrumbs", "print/close links", "share and QR-code box", "editor's name",
                "site footer"} <= reasons  # fmt: skip
        assert any("发布时间" in d.text and "publication" in d.why for d in document.dropped)


# --- the import: metadata, report, candidates, check ------------------------------------------


@pytest.mark.parametrize("name", fixture_names())
def test_import_fills_the_cover_metadata_and_lists_what_it_left_out(
    rendered: Path, content_copy: ContentCopy, name: str
) -> None:
    report = FIXTURES[name]
    result = import_report(rendered / name, content_copy.root, "2040", 2040)
    meta = result.metadata
    assert (meta.title, meta.date, meta.session, meta.speaker_role, meta.speaker_name) == (
        report.full_title,
        report.date,  # the day of the speech, never the page's 发布时间
        report.session,
        report.role,
        report.plain_name,
    )
    folder = content_copy.path("content/reports/2040")
    written = (folder / "import-report.txt").read_text("utf-8").splitlines()
    assert written[0].startswith(f"{name}: read as ")
    dropped = result.document.dropped  # type: ignore[union-attr]
    for item in dropped:
        verb = "" if item.why.startswith("kept") else "dropped "
        assert f"{name}: {item.where}: {verb}({item.why}): {item.text}" in written
    # nothing lost silently: every line of the input is in the text or in the report
    source = (folder / "source.txt").read_text("utf-8")
    listed = {item.text for item in dropped}
    for line in _input_lines(rendered / name):
        bare = re.sub(r"\s", "", line)
        assert (
            bare in re.sub(r"\s", "", source)
            or any(bare in re.sub(r"\s", "", t) for t in listed)
            or re.sub(r"\s", "", line) in "".join(re.sub(r"\s", "", t) for t in listed)
        ), line
    site = load_site(content_copy.root)  # check passes on what import wrote
    imported = next(r for r in site.site.reports if r.id == "2040")
    assert imported.draft and imported.title.zh == report.full_title
    if report.glossary:
        candidates = yaml.safe_load((folder / "candidates.yml").read_text("utf-8"))
        defined = [
            (g["phrase"], g["definition"]) for g in candidates["glossary"] if "definition" in g
        ]
        assert defined == list(report.glossary)
        targets = {t["paragraph"] for t in candidates["targets"]}
        appendix_ids = {p.id for p in imported.chapters[-1].all_paragraphs()}
        assert not targets & appendix_ids  # an appendix states no targets


def _input_lines(path: Path) -> list[str]:
    """The lines of the input a reader sees: text lines, or the PDF's text (pdftotext)."""
    if path.suffix == ".txt":
        text = path.read_text("utf-8")
    elif path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
    else:
        return []  # Word and web pages: every block is checked by test_no_page_number_...
    return [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]


# --- refusals ------------------------------------------------------------------------------------


def _scan(rendered: Path, target: Path) -> Path:
    """A scan: the first page of a rendered PDF as an image, no text layer."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(rendered / "qingchuan-28.pdf"))
    width, height = source[0].get_size()
    scan = pdfium.PdfDocument.new()
    page = scan.new_page(width, height)
    image = pdfium.PdfImage.new(scan)
    image.set_bitmap(source[0].render(scale=0.5))
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    scan.save(str(target))
    return target


def _encrypted(rendered: Path, target: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=rendered / "qingchuan-28.pdf")
    writer.encrypt("secret", algorithm="RC4-128")  # pypdf does RC4 itself; AES needs cryptography
    writer.write(target)
    return target


REFUSALS = {
    "scan.pdf": "the PDF has no text layer (1 page(s) of images only: a scan); run it through OCR "
    "first, or ask for the Word document or a PDF saved from it",
    "encrypted.pdf": "the PDF is encrypted (it opens only with a password); ask for a copy "
    "without a password, or for the Word document",
    "report.doc": "an old binary Word/WPS document (.doc/.wps) cannot be read; open it in Word "
    "or WPS, save it as .docx, and import that",
    "empty.docx": "the file is empty",
    "blank.txt": "the file is empty",
    "list-page.html": "no report text found in the web page (0 paragraph(s) of sentences); save "
    "the page that shows the report itself, not a list or index page",
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_unreadable_inputs_get_one_line_and_nothing_written(
    rendered: Path, content_copy: ContentCopy, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    if name == "scan.pdf":
        _scan(rendered, path)
    elif name == "encrypted.pdf":
        _encrypted(rendered, path)
    elif name == "report.doc":  # the compound-file header every .doc starts with
        path.write_bytes(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "正文".encode("utf-16-le")
        )
    elif name == "empty.docx":
        path.write_bytes(b"")
    elif name == "blank.txt":
        path.write_text(" \n\u3000\n\r\n", encoding="utf-8")
    else:
        shutil.copy(rendered / name, path)
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root),
         "import", str(path), "--id", "2040", "--year", "2040"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == f"error: {path}: {REFUSALS[name]}\n"
    assert not content_copy.path("content/reports/2040").exists()


# --- text copied out of a PDF by hand -----------------------------------------------------------


@pytest.mark.parametrize("style", ["glued", "bare"])
def test_text_copied_by_hand_from_a_pdf(
    rendered: Path, content_copy: ContentCopy, tmp_path: Path, style: str
) -> None:
    """A viewer's copy has no page breaks and puts the page number at the end of the page's
    last line (…区中— 1 —), or on a line of its own as a bare number: dropped wherever it
    stands, never a heading or a target; the paragraph it interrupted is whole."""
    copied = []
    for line in (rendered / "qingchuan-28.pdftotext.txt").read_text("utf-8").splitlines():
        line = line.replace("\f", "").strip()
        number = re.fullmatch(r"—(\d+)—", line)
        if number and style == "glued":
            copied[-1] += f"— {number.group(1)} —"
        elif number:
            copied.append(number.group(1))
        elif line:
            copied.append(line)
    source = tmp_path / "copied.txt"
    source.write_text("\n".join(copied) + "\n", encoding="utf-8")
    document = read_document(source)
    assert [re.sub(r"\D", "", d.text) for d in document.dropped] == ["1", "2", "3", "4"]
    assert {d.why for d in document.dropped} == {"page number"}
    result = import_report(source, content_copy.root, "2040", 2040)
    assert outline_pieces(result.outline) == expected_pieces(QINGCHUAN)
    assert outline_rows(result.outline) == expected_rows(QINGCHUAN)
    assert not [t for t in result.target_candidates if t.figure in ("1", "2", "3", "4")]
    load_site(content_copy.root)


def test_ids_are_always_text(content_copy: ContentCopy, tmp_path: Path) -> None:
    """A heading that slugs to digits alone (2025) gets a quoted ID: check passes on it."""
    source = tmp_path / "digits.txt"
    source.write_text("一、2025\n全年工作顺利完成。\n二、2026\n新增企业80家。\n", "utf-8")
    import_report(source, content_copy.root, "2040", 2040)
    chapter = content_copy.path("content/reports/2040/chapters/01-2025.yml").read_text("utf-8")
    assert 'id: "2025"\n' in chapter
    load_site(content_copy.root)


# --- built with drafts published ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture imported as a draft, the proposed not_terms pasted into the glossary as
    staff would, then a strict build with drafts published."""
    root = copy_site_sources(tmp_path_factory.mktemp("imported") / "repo")
    glossary = load_site(root).site.glossary
    not_terms: dict[str, None] = {}
    for name, report_id in IDS.items():
        import_report(rendered / name, root, report_id, int(report_id), glossary=glossary)
        candidates = yaml.safe_load(
            (root / "content/reports" / report_id / "candidates.yml").read_text("utf-8")
        )
        not_terms.update(dict.fromkeys(candidates["not_terms"] or []))
    glossary_file = root / "content/glossary.yml"
    listed = "".join(f'  - "{phrase}"\n' for phrase in not_terms)
    text = glossary_file.read_text("utf-8").replace("not_terms:\n", "not_terms:\n" + listed)
    glossary_file.write_text(text, "utf-8")
    make_share_fonts(root)  # the new titles' characters for the share cards
    site = root.parent / "site"
    result = run_mkdocs_build(root, site, env={"SITE_PUBLISH_DRAFTS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.parametrize("name", fixture_names())
def test_each_import_builds_strictly_with_its_appendix(built: Path, name: str) -> None:
    report = FIXTURES[name]
    first = BeautifulSoup((built / IDS[name] / "index.html").read_text("utf-8"), "html.parser")
    assert first.select_one("article .bp-draft") is not None
    assert report.full_title in first.select_one("article h1").get_text()
    cards = [a.get_text(" ", strip=True) for a in first.select("article h2#chapters + ul > li > a")]
    assert cards[0].startswith("一、")
    if report.glossary:
        assert cards[-1] == "附件 名词解释"
        english = BeautifulSoup(
            (built / "en" / IDS[name] / "index.html").read_text("utf-8"), "html.parser"
        )
        # no English yet: shown in Chinese like every other chapter, label and all
        contents = english.select("article h2#chapters + ul > li > a")
        assert [a.get_text(" ", strip=True) for a in contents][-1] == "附件 名词解释"
        href = first.select("article h2#chapters + ul > li > a")[-1]["href"]
        appendix_page = built / IDS[name] / str(href) / "index.html"
        page = BeautifulSoup(appendix_page.read_text("utf-8"), "html.parser")
        for tip in page.select(".bp-term__tip"):  # a glossary term's tooltip
            tip.decompose()
        assert [
            p.get_text() for p in page.select("article .bp-para__body p")
        ] == appendix_paragraphs(report)


def test_appendix_labels_in_english() -> None:
    assert [label_text(label, "en") for label in ("附件", "附件2", "附件：")] == [
        "Appendix ", "Appendix 2 ", "Appendix "]  # fmt: skip
