"""Faults as staff meet them: through the commands and the build, never a traceback.

`check`, `stamp`, `translate` and `import` print exact lines and exit non-zero; the build
refuses broken content and leaves the previous site as it was; files in content/ that the
content model does not know are never published; a bug (an unexpected exception) becomes one
line naming the file being processed and a log file with the details.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from policysite.checks.loader import load_site
from policysite.content.terms import TermMatcher
from policysite.tools import providers
from policysite.tools.providers import CallPolicy, GuardedTranslator
from policysite.tools.translate import (
    Drafter,
    TranslationRun,
    content_files,
    plan_translation,
    reply_problem,
)

from .conftest import REPO, ContentCopy, run_mkdocs_build
from .test_bad_input import ALIAS_BOMB, BTH, CHAPTERS, GLOSSARY, REPORT, text_of, write
from .test_build_errors import snapshot
from .test_translate import CH3, en_block, load_cli, make_missing, no_sleep

SCRIPT = REPO / "scripts" / "site.py"
NUL_LINE = (
    "invisible control character U+0000 (NUL): delete it (it often comes from copying out of "
    "a PDF or a word processor)"
)


def site_command(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def break_three_ways(copy: ContentCopy) -> list[str]:
    """An alias bomb, a day that does not exist and a NUL, in three files: the exact lines."""
    write(copy, BTH, text_of(copy, BTH) + ALIAS_BOMB)
    copy.edit(REPORT, "date: 2024-01-10", "date: 2024-02-30")
    copy.edit(GLOSSARY, 'zh: "滨城"', 'zh: "滨\x00城"')
    nul_line = next(
        i for i, line in enumerate(text_of(copy, GLOSSARY).split("\n"), 1) if "\x00" in line
    )
    nul_column = text_of(copy, GLOSSARY).split("\n")[nul_line - 1].index("\x00") + 1
    return [
        f"{GLOSSARY}:{nul_line}:{nul_column}: {NUL_LINE}",
        f"{BTH}:{copy.line_of(BTH, 'b: &b [*a')}: alias '*a' repeats a whole list or mapping: "
        "content may not do that (nested aliases can expand without limit); write the values "
        "out",
        f"{REPORT}:{copy.line_of(REPORT, 'date: 2024-02-30')}: date: expected a date that "
        "exists, found text ('2024-02-30'): February 2024 has 29 days",
        "3 problems in 3 files",
    ]


def test_check_prints_every_line_fast_and_without_traceback(content_copy: ContentCopy) -> None:
    expected = break_three_ways(content_copy)
    started = time.monotonic()
    result = site_command(content_copy.root, "check", timeout=60)
    assert time.monotonic() - started < 60  # the alias bomb is refused, not expanded
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == expected


def test_build_refuses_and_keeps_the_old_site(
    content_copy: ContentCopy, published_site: Path
) -> None:
    site = published_site
    before = snapshot(site)
    expected = break_three_ways(content_copy)
    result = run_mkdocs_build(content_copy.root, site)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    for line in expected:
        assert line in output
    assert snapshot(site) == before


STRAYS = {
    f"{BTH}~": "backup",
    f"{BTH}.bak": "backup",
    "content/notes.yaml": "notes: private\n",
    "content/report-2024.docx": "PK",
    "content/reports/2024/photo.png": "\x89PNG",
    "content/glossary.yml.orig": "terms: []\n",
}


def test_stray_files_are_never_published(content_copy: ContentCopy, tmp_path: Path) -> None:
    """A plain (not --strict) build warns about each and copies none of them."""
    for name, data in STRAYS.items():
        write(content_copy, name, data)
    site = tmp_path / "site"
    result = run_mkdocs_build(content_copy.root, site, strict=False)
    assert result.returncode == 0, result.stderr
    for name in STRAYS:
        assert f"{name}: warning: " in result.stderr
    published = {p.name for p in site.rglob("*") if p.is_file()}
    for name in STRAYS:
        assert Path(name).name not in published
    assert not list(site.rglob("*.yml"))
    assert {p.name for p in site.rglob("*.txt")} == {"robots.txt"}  # generated, not copied
    # assets come from overrides/ (the site's stylesheet under its versioned name)
    assert list((site / "assets/stylesheets").glob("site.*.css"))
    assert not (site / "en/assets").exists()  # one copy of the assets serves every edition


# --- an unexpected error (a bug) ---------------------------------------------------------------


def test_bug_in_check_is_one_line_and_a_log(
    content_copy: ContentCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policysite.checks import loader

    def broken(*args: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "check_fidelity", broken)
    result = CliRunner().invoke(load_cli().cli, ["--root", str(content_copy.root), "check"])
    log = content_copy.root / "policysite-error.log"
    assert result.exit_code == 2
    assert result.output == (
        "error: unexpected error while running 'check' (processing "
        "content/reports/2024/source.txt): RuntimeError: boom. This is a bug in the site's "
        f"tools, not a mistake of yours: please report it with the file {log}, which holds "
        "the details\n"
    )
    details = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in details and "RuntimeError: boom" in details


def test_bug_in_the_build_is_one_line_and_a_log(
    content_copy: ContentCopy, published_site: Path, tmp_path: Path
) -> None:
    site = published_site
    before = snapshot(site)
    patch = tmp_path / "patch"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(
        "import policysite.render.pages\n"
        "def broken(*args, **kwargs):\n"
        "    raise KeyError('lost')\n"
        "policysite.render.pages.render_edition = broken\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": os.pathsep.join([str(patch), os.environ.get("PYTHONPATH", "")])}
    result = run_mkdocs_build(content_copy.root, site, env=env)
    output = result.stdout + result.stderr
    log = content_copy.root / "policysite-error.log"
    assert result.returncode == 1
    assert "Traceback" not in output
    assert (
        "unexpected error while building: KeyError: 'lost'. This is a bug in the site's "
        "tools, not a mistake of yours: please report it with the file "
        f"{log}, which holds the details"
    ) in output
    assert "KeyError: 'lost'" in log.read_text(encoding="utf-8")
    assert snapshot(site) == before


# --- import --id --------------------------------------------------------------------------------

BAD_IDS = {
    "2025/": "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', "
    "found text ('2025/')",
    "../../evil": "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', "
    "found text ('../../evil')",
    "..": "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', found "
    "text ('..')",
    "/tmp/x": "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', "
    "found text ('/tmp/x')",
    "": "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', found "
    "empty text",
    "2025 ": "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', "
    "found text ('2025 ')",
    "Report2025": "expected an ID of lower-case letters, digits and hyphens, such as "
    "'bth-03', found text ('Report2025')",
    "2025\\evil": "expected an ID of lower-case letters, digits and hyphens, such as "
    "'bth-03', found text ('2025\\evil')",
    "二〇二五": "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', "
    "found text ('二〇二五')",
    "en": "'en' is a page name the site uses itself; choose another report ID",
    "assets": "'assets' is a page name the site uses itself; choose another report ID",
}


@pytest.mark.parametrize("report_id", list(BAD_IDS), ids=[repr(i) for i in BAD_IDS])
def test_import_refuses_an_unsafe_id(content_copy: ContentCopy, report_id: str) -> None:
    before = sorted(
        p.relative_to(content_copy.root.parent) for p in content_copy.root.parent.rglob("*")
    )
    result = CliRunner().invoke(
        load_cli().cli,
        ["--root", str(content_copy.root), "import", str(REPO / "tests/fixtures/report-numbered.txt"),
         "--id", report_id, "--year", "2025"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"error: --id: {BAD_IDS[report_id]}"
    after = sorted(
        p.relative_to(content_copy.root.parent) for p in content_copy.root.parent.rglob("*")
    )
    assert after == before


# --- translate and stamp on files they must not touch --------------------------------------------

UNSAFE = {
    "TAB": (lambda t: t.replace("    zh_hash: 47bd28e3be77", "\tzh_hash: 47bd28e3be77"),
            "{line}:1: a TAB in the indentation (column 1): indent with ordinary spaces",
            "\tzh_hash"),
    "NUL": (lambda t: t.replace("加强与清华大学", "加强与\x00清华大学"),
            "{line}:{column}: " + NUL_LINE, "\x00"),
    "alias bomb": (lambda t: t + ALIAS_BOMB,
                   "{line}: alias '*a' repeats a whole list or mapping: content may not do that "
                   "(nested aliases can expand without limit); write the values out",
                   "b: &b [*a"),
}  # fmt: skip


@pytest.mark.parametrize("command", ["translate", "stamp"])
@pytest.mark.parametrize("fault", [*UNSAFE, "GBK"])
def test_translate_and_stamp_refuse_unsafe_files(
    content_copy: ContentCopy, command: str, fault: str
) -> None:
    path = content_copy.path(BTH)
    text = path.read_text(encoding="utf-8")
    if fault == "GBK":
        line = content_copy.line_of(BTH, "坚持")
        path.write_bytes(text.encode("gbk"))
        expected = (
            f"{BTH}:{line}: the file is not UTF-8 text (it looks like GBK, the Chinese "
            "Windows encoding); save it with UTF-8 encoding"
        )
    else:
        change, message, needle = UNSAFE[fault]
        text = change(text)
        path.write_text(text, encoding="utf-8")
        lines = text.split("\n")
        line = next(i for i, content in enumerate(lines, 1) if needle in content)
        column = lines[line - 1].find(needle) + 1
        expected = f"{BTH}:" + message.format(line=line, column=column)
    before = snapshot(content_copy.root / "content")
    args = ["translate", "--dry-run"] if command == "translate" else ["stamp", str(path)]
    result = site_command(content_copy.root, *args, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [expected, "1 problem in 1 file"]
    assert snapshot(content_copy.root / "content") == before


def test_translate_never_reads_backups(content_copy: ContentCopy) -> None:
    """After `import --force`, the old report sits in content/.backups/: never planned."""
    backup = content_copy.path("content/.backups/2024-20240101-120000")
    backup.mkdir(parents=True)
    (backup / "chapter.yml").write_text(
        'title:\n  zh: "标题"\n  en:\n    status: missing\n', encoding="utf-8"
    )
    (backup / "broken.yml").write_bytes(b"\x00\xff")
    assert not [p for p in content_files(content_copy.root) if ".backups" in p.parts]
    result = site_command(content_copy.root, "translate", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 text(s) would be filled, 0 need a human\n"
    refused = site_command(content_copy.root, "translate", "--dry-run", str(backup / "chapter.yml"))
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        "content/.backups/2024-20240101-120000/chapter.yml: is a backup kept by import: the "
        "tools never change backups"
    )


def test_translate_plans_only_files_the_site_reads(content_copy: ContentCopy) -> None:
    write(
        content_copy,
        f"{CHAPTERS}/draft-notes.yml",
        'x:\n  zh: "草稿"\n  en:\n    status: missing\n',
    )
    assert content_copy.path(f"{CHAPTERS}/draft-notes.yml") not in content_files(content_copy.root)
    assert content_copy.path(BTH) in content_files(content_copy.root)


# --- replies that are not translations ----------------------------------------------------------

CHINESE = "加强与清华大学、北京大学等高校对接合作,促进更多首都创新成果转化落地。"
NOT_TRANSLATIONS = {
    "echo": (CHINESE, "the reply is still Chinese: the service sent the text back"),
    "half echoed": ("Strengthen cooperation with 清华大学、北京大学等高校对接合作,促进更多首都创新成果转化落地",
                    "the reply is still Chinese"),
    "empty": ("   ", "the reply is empty"),
    "mymemory quota": ("MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. "
                       "NEXT AVAILABLE IN 10 HOURS", "the reply is a notice from the service"),
    "quota": ("Your quota has been used up. Please top up.", "the reply is a notice from the service"),
    "rate limit": ("Too Many Requests", "the reply is a notice from the service"),
    "server error": ("Error 500 (Server Error)!!1", "the reply is a notice from the service"),
    "web page": ("<!DOCTYPE html><html><body>Sorry</body></html>", "the reply is a notice"),
    "capitals": ("PLEASE CONTACT SUPPORT TO CONTINUE USING THIS SERVICE",
                 "the reply is in capitals, like a notice from the service"),
    "truncated": ("Strengthen.", "the reply is far shorter than the Chinese"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(NOT_TRANSLATIONS))
def test_reply_that_is_not_a_translation_is_named(name: str) -> None:
    reply, start = NOT_TRANSLATIONS[name]
    problem = reply_problem(CHINESE, reply)
    assert problem is not None and problem.startswith(start)


def test_every_real_translation_is_accepted() -> None:
    """No false alarms on the editors' own English of every text of the site."""
    from policysite.checks.coverage import all_texts

    site = load_site(REPO).site
    texts = [t for report in site.reports for t in all_texts(report)]
    assert site.glossary is not None
    texts += [term.definition for term in site.glossary.terms]
    assert len(texts) > 100
    for text in texts:
        assert reply_problem(text.zh, text.en.text) is None, (text.zh, text.en.text)


class Echo:
    def __init__(self, reply: str | None = None) -> None:
        self.reply = reply
        self.calls = 0

    def translate(self, text: str) -> str:
        self.calls += 1
        return text if self.reply is None else self.reply


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    glossary = load_site(REPO).site.glossary
    assert glossary is not None
    return TermMatcher(glossary)


def run_with(root: Path, translator: object, matcher: TermMatcher, **policy: float) -> object:
    settings = {"timeout": 5.0, "retries": 0, "backoff": 0.0, "min_interval": 0.0} | policy
    guarded = GuardedTranslator(translator, CallPolicy(**settings, sleep=no_sleep))  # type: ignore[arg-type]
    plan = plan_translation(content_files(root), root)
    told: list[tuple[float, str]] = []
    run = TranslationRun(
        plan,
        Drafter(guarded, matcher, 5000),
        provider="Test MT",
        date="2024-05-01",
        report=lambda line: told.append((time.monotonic(), line)),
    )
    run.told = told  # type: ignore[attr-defined]
    run.started = time.monotonic()  # type: ignore[attr-defined]
    run.run()
    return run


SIX = [(CH3, "bth-07"), (CH3, "bth-08"), (CH3, "bth-09"), (CH3, "bth-10")]


def test_echoed_chinese_is_listed_not_saved(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    make_missing(content_copy, CH3, "bth-07")
    line = en_block(content_copy, CH3, "bth-07")[0] + 1
    before = snapshot(content_copy.root / "content")
    run = run_with(content_copy.root, Echo(), matcher)
    summary = run.summary  # type: ignore[attr-defined]
    assert summary.filled == []
    assert len(summary.skipped) == 1
    assert summary.skipped[0].startswith(
        f"{CH3}:{line}: sections[2].paragraphs[2].en: not written: the reply is still Chinese: "
        "the service sent the text back"
    )
    assert snapshot(content_copy.root / "content") == before
    assert plan_translation(content_files(content_copy.root), content_copy.root).jobs == 1


def test_quota_notice_stops_the_run(content_copy: ContentCopy, matcher: TermMatcher) -> None:
    for file, paragraph in SIX:
        make_missing(content_copy, file, paragraph)
    before = snapshot(content_copy.root / "content")
    notice = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."
    run = run_with(content_copy.root, Echo(notice), matcher)
    summary = run.summary  # type: ignore[attr-defined]
    assert summary.stopped == "3 replies in a row were not translations"
    assert summary.not_attempted == 1 and len(summary.skipped) == 3 and not summary.filled
    assert all("not written: the reply is a notice from the service" in s for s in summary.skipped)
    assert snapshot(content_copy.root / "content") == before


def test_machine_draft_that_is_not_english_is_redone(content_copy: ContentCopy) -> None:
    from .test_translate import set_english

    zh = load_site(content_copy.root).site.reports[0].paragraph("bth-07")
    assert zh is not None
    set_english(content_copy, CH3, "bth-07", [f'text: "{zh.text.zh}"', "status: machine",
                "provider: Old MT", "date: 2024-01-01", f"zh_hash: {zh.text.en.zh_hash}"])  # fmt: skip
    plan = plan_translation([content_copy.path(CH3)], content_copy.root)
    assert [job.reason for f in plan.files for job in f.jobs] == [
        "machine draft that is not a translation"
    ]


def test_hung_call_is_reported_within_its_timeout(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    for file, paragraph in SIX[:2]:
        make_missing(content_copy, file, paragraph)
    release = threading.Event()

    class Hanging:
        def translate(self, text: str) -> str:
            release.wait()
            return "too late"

    try:
        run = run_with(content_copy.root, Hanging(), matcher, timeout=1.0, retries=3)
    finally:
        release.set()
    told = run.told  # type: ignore[attr-defined]
    line = en_block(content_copy, CH3, "bth-07")[0] + 1
    assert told[0][1] == (
        f"{CH3}:{line}: sections[2].paragraphs[2].en: translation failed: no answer within "
        "1 s; not retried"
    )
    assert told[0][0] - run.started < 3.0  # type: ignore[attr-defined]  # one timeout, not four
    # a service that never answered: the next text is not sent to wait its time out as well
    summary = run.summary  # type: ignore[attr-defined]
    assert len(summary.failed) == 1 and summary.not_attempted == 1 and not summary.filled
    assert summary.stopped == (
        "the translation service does not answer (check the network connection or proxy)"
    )


class HangsOnCalls:
    """The fake engine, except that the calls numbered in ``hangs`` (from 1) never answer;
    ``from_call`` on, no call answers (the network is lost)."""

    def __init__(self, release: threading.Event, hangs: set[int], from_call: int = 0) -> None:
        from .test_translate import FakeTranslator

        self.fake = FakeTranslator()
        self.release = release
        self.hangs = hangs
        self.from_call = from_call
        self.calls = 0

    def translate(self, text: str) -> str:
        self.calls += 1
        if self.calls in self.hangs or 0 < self.from_call <= self.calls:
            self.release.wait()
            return "too late"
        return self.fake.translate(text)


@pytest.mark.parametrize(
    ("hangs", "from_call", "filled", "calls", "stopped"),
    [
        ({2}, 0, 3, 4, False),  # one call lost after answers: the others are translated
        ({2, 4}, 0, 2, 4, False),  # two apart: each one text, never the run
        (set(), 2, 1, 3, True),  # the network lost after an answer: two timeouts, then stop
        (set(), 1, 0, 1, True),  # never answered: one timeout, then stop
    ],
    ids=["one timeout", "two apart", "lost midway", "dead from the start"],
)
def test_a_single_timeout_passes_but_a_silent_service_stops_the_run(
    content_copy: ContentCopy,
    matcher: TermMatcher,
    hangs: set[int],
    from_call: int,
    filled: int,
    calls: int,
    stopped: bool,
) -> None:
    for file, paragraph in SIX:
        make_missing(content_copy, file, paragraph)
    release = threading.Event()
    engine = HangsOnCalls(release, hangs, from_call)
    try:
        run = run_with(content_copy.root, engine, matcher, timeout=0.3, retries=3)
    finally:
        release.set()
    summary = run.summary  # type: ignore[attr-defined]
    timeout = "translation failed: no answer within 0.3 s; not retried"
    assert len(summary.filled) == filled and engine.calls == calls
    assert len(summary.failed) == len(SIX) - filled - summary.not_attempted
    assert all(line.endswith(timeout) for line in summary.failed)
    assert bool(summary.stopped) == stopped
    assert summary.not_attempted == (len(SIX) - calls if stopped else 0)
    assert time.monotonic() - run.started < 0.3 * 2 + 3  # type: ignore[attr-defined]


def test_translate_command_prints_each_outcome_then_lists_what_was_not_written(
    content_copy: ContentCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_missing(content_copy, CH3, "bth-07")
    monkeypatch.setattr(providers, "make_translator", lambda name: Echo())
    result = CliRunner().invoke(
        load_cli().cli,
        ["--root", str(content_copy.root), "translate", "--interval", "0", "--retries", "0"],
    )
    line = en_block(content_copy, CH3, "bth-07")[0] + 1
    rejected = (
        f"{CH3}:{line}: sections[2].paragraphs[2].en: not written: the reply is still Chinese"
    )
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[0].startswith(rejected)  # as it happened
    assert lines[1] == "not written:" and lines[2].startswith(rejected)  # and in the summary
    assert lines[-1] == "0 filled, 1 skipped, 0 failed, 0 need a human"
