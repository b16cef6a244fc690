"""Staff commands under faults and careless input, through the real commands: a closed pipe,
a network that cannot be reached, a full disk, CRLF files and a --line outside the file for
`stamp`, oversized input and impossible years for `import`, and British spellings in machine
drafts."""

from __future__ import annotations

import errno
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from policysite.checks.style import american_spelling
from policysite.content.rawtext import MAX_CONTENT_BYTES
from policysite.tools import providers
from policysite.tools.providers import CallPolicy, GuardedTranslator, TranslationFailed
from urllib3.exceptions import MaxRetryError, NewConnectionError

from .conftest import REPO, ContentCopy
from .test_build_errors import snapshot
from .test_translate import CH3, en_block, load_cli, make_missing, no_sleep

SCRIPT = REPO / "scripts" / "site.py"
NUMBERED = REPO / "tests" / "fixtures" / "report-numbered.txt"


def site_command(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


# --- a closed pipe ------------------------------------------------------------------------------


@pytest.mark.parametrize("broken", [False, True], ids=["clean content", "content with errors"])
def test_check_into_a_closed_pipe_ends_quietly(content_copy: ContentCopy, broken: bool) -> None:
    """`check | head`: the reader is gone before check writes; no bug is reported and the
    error log of an earlier bug stays as it was."""
    log = content_copy.path("policysite-error.log")
    log.write_text("details of an earlier bug\n", encoding="utf-8")
    if broken:
        content_copy.edit(CH3, "status: edited", "status: edtied")
    check = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--root", str(content_copy.root), "check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if broken else subprocess.PIPE,
    )
    assert check.stdout is not None
    check.stdout.close()  # as `head` does once it has its lines
    errors = check.stderr.read().decode() if check.stderr is not None else ""
    assert check.wait(timeout=120) == 1
    assert errors == ""
    assert log.read_text(encoding="utf-8") == "details of an earlier bug\n"


# --- a full disk --------------------------------------------------------------------------------


def test_a_full_disk_in_a_command_is_one_line(
    content_copy: ContentCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policysite.tools import stamp

    def full(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(stamp, "write_text_atomic", full)
    zh_line, _ = stale_text(content_copy)
    before = snapshot(content_copy.root / "content")
    path = content_copy.path(CH3)
    result = CliRunner().invoke(
        load_cli().cli,
        ["--root", str(content_copy.root), "stamp", "--line", str(zh_line), str(path)],
    )
    assert result.exit_code == 1
    assert result.output == (
        f"error: {path}: the disk is full: free some space and try again (No space left on "
        "device)\n"
    )
    assert not content_copy.path("policysite-error.log").exists()  # not a bug
    assert snapshot(content_copy.root / "content") == before


# --- translate on a network that cannot be reached ------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_translate_gives_up_on_an_unreachable_service_in_seconds(
    content_copy: ContentCopy,
) -> None:
    """The real provider code (deep-translator's LibreTranslate client over requests) against
    a port nothing listens on, with the command's default retries and back-off: one attempt,
    then the run stops (51 s of retries, three texts, before)."""
    for paragraph in ("bth-07", "bth-08", "bth-09", "bth-10"):
        make_missing(content_copy, CH3, paragraph)
    line = en_block(content_copy, CH3, "bth-07")[0] + 1
    before = snapshot(content_copy.root / "content")
    env = {"LIBRE_API_KEY": "test", "LIBRE_URL": f"http://127.0.0.1:{closed_port()}/"}
    started = time.monotonic()
    result = site_command(content_copy.root, "translate", "--provider", "libre", env=env)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    failed = f"{CH3}:{line}: sections[2].paragraphs[2].en: translation failed: cannot reach "
    advice = "; check the network connection (or proxy), then run the command again"
    assert len(lines) == 5, lines
    assert lines[0].startswith(failed + "the translation service (ConnectionError: ")
    assert lines[0].endswith(advice)
    assert lines[1:3] == ["not written:", lines[0]]
    assert lines[3:] == [
        "stopped: the translation service cannot be reached; 3 text(s) not attempted: run the "
        "command again to continue",
        "0 filled, 0 skipped, 1 failed, 0 need a human",
    ]
    assert elapsed < 30  # the command's start is most of it; one retry alone would add 2 s
    assert snapshot(content_copy.root / "content") == before


def test_translate_on_a_network_that_drops_every_connection_ends_after_one_timeout(
    content_copy: ContentCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A network that silently drops connections: every call waits its whole time limit.
    The command, with its default retries, stops after the first timeout, names that text,
    says how many were not attempted and writes nothing (each text waited in turn, before)."""
    release = threading.Event()

    class Dropped:
        calls = 0
        first_call = 0.0

        def translate(self, text: str) -> str:
            Dropped.calls += 1
            Dropped.first_call = Dropped.first_call or time.monotonic()
            release.wait()
            return "too late"

    monkeypatch.setattr(providers, "make_translator", lambda name: Dropped())
    for paragraph in ("bth-07", "bth-08", "bth-09", "bth-10"):
        make_missing(content_copy, CH3, paragraph)
    line = en_block(content_copy, CH3, "bth-07")[0] + 1
    before = snapshot(content_copy.root / "content")
    try:
        result = CliRunner().invoke(
            load_cli().cli,
            ["--root", str(content_copy.root), "translate", "--timeout", "0.5", "--interval", "0"],
        )
    finally:
        release.set()
    after_contact = time.monotonic() - Dropped.first_call  # the start (loading) aside
    failed = (
        f"{CH3}:{line}: sections[2].paragraphs[2].en: translation failed: no answer within "
        "0.5 s; not retried"
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        failed,
        "not written:",
        failed,
        "stopped: the translation service does not answer (check the network connection or "
        "proxy); 3 text(s) not attempted: run the command again to continue",
        "0 filled, 0 skipped, 1 failed, 0 need a human",
    ]
    assert Dropped.calls == 1
    assert after_contact < 0.5 + 2.5  # one timeout, then the summary (four, before)
    assert snapshot(content_copy.root / "content") == before


REFUSED = requests.exceptions.ConnectionError(
    MaxRetryError(None, "/translate", NewConnectionError(None, "[Errno 111] Connection refused"))
)  # as requests raises it


class Flaky:
    """Answers ``answers`` times, then fails with ``error``."""

    def __init__(self, answers: int, error: Exception) -> None:
        self.answers = answers
        self.error = error
        self.calls = 0

    def translate(self, text: str) -> str:
        self.calls += 1
        if self.calls > self.answers:
            raise self.error
        return "We will deepen cooperation."


@pytest.mark.parametrize(
    ("answers", "error", "calls"),
    [
        (0, REFUSED, 1),  # never reached: stop at once
        (0, ConnectionRefusedError(111, "Connection refused"), 1),
        (0, ConnectionResetError(104, "Connection reset by peer"), 3),  # reached, then lost
        (1, REFUSED, 4),  # reached before: a network blip, retried
    ],
    ids=["refused", "refused (Python)", "reset", "refused after an answer"],
)
def test_only_a_service_never_reached_stops_at_once(
    answers: int, error: Exception, calls: int
) -> None:
    policy = CallPolicy(retries=2, backoff=0.0, min_interval=0.0, sleep=no_sleep)
    flaky = Flaky(answers, error)
    guarded = GuardedTranslator(flaky, policy)
    for _ in range(answers):
        assert guarded.translate("深化合作。") == "We will deepen cooperation."
    expected = providers.ServiceUnreachable if calls == 1 else TranslationFailed
    with pytest.raises(expected):
        guarded.translate("深化合作。")
    assert flaky.calls == calls


# --- British spellings in machine drafts ---------------------------------------------------------


def test_house_spelling_rewrites_british_spellings_but_keeps_the_allowed() -> None:
    english = "Kilometres of CENTRE roads; a programme of 120 tonnes; a dialogue; colourful."
    assert american_spelling(english, ["tonnes", "dialogue"]) == (
        "Kilometers of CENTER roads; a program of 120 tonnes; a dialogue; colorful."
    )


class British:
    """A machine-translation service that writes British English (and keeps the masked terms
    and figures, as a good one does)."""

    def translate(self, text: str) -> str:
        kept = " ".join(re.findall(r"X[NT]\d+X", text))
        return (
            "We will build kilometres of rail and a logistics centre, organise a programme "
            f"for tonnes of cargo, and modernise harbour services ({kept})."
        )


def test_machine_drafts_follow_the_house_spelling(
    content_copy: ContentCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft is written in American spelling (the house style's word list, less the
    glossary's allowed spellings), so it does not stop the strict build."""
    make_missing(content_copy, CH3, "bth-07")
    monkeypatch.setattr(providers, "make_translator", lambda name: British())
    result = CliRunner().invoke(
        load_cli().cli,
        ["--root", str(content_copy.root), "translate", "--interval", "0", "--retries", "0"],
    )
    line = en_block(content_copy, CH3, "bth-07")[0] + 1
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"{CH3}:{line}: sections[2].paragraphs[2].en: filled (missing)"
    )
    text = content_copy.path(CH3).read_text(encoding="utf-8")
    assert (
        'text: "We will build kilometers of rail and a logistics center, organize a program for '
        "tonnes of cargo, and modernize harbor services ("
    ) in text
    assert not [w for w in content_copy.warnings() if "British spelling" in w]


# --- stamp --------------------------------------------------------------------------------------

STALE_HASH = "zh_hash: ffffffffffff"


def stale_text(copy: ContentCopy) -> tuple[int, int]:
    """Make one text's English stale; return (line of its zh:, line of its zh_hash)."""
    copy.edit(CH3, "zh_hash: 866dcc007371", STALE_HASH)
    lines = copy.path(CH3).read_text(encoding="utf-8").splitlines()
    hash_line = copy.line_of(CH3, STALE_HASH)
    zh_line = next(
        n for n in range(hash_line, 0, -1) if lines[n - 1].lstrip().startswith(("zh:", "- zh:"))
    )
    return zh_line, hash_line


@pytest.mark.parametrize("bom", [False, True], ids=["CRLF", "CRLF with a byte-order mark"])
def test_stamp_keeps_crlf_line_endings(content_copy: ContentCopy, bom: bool) -> None:
    zh_line, hash_line = stale_text(content_copy)
    path = content_copy.path(CH3)
    original = (b"\xef\xbb\xbf" if bom else b"") + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    result = site_command(content_copy.root, "stamp", "--line", str(zh_line), str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}:{zh_line}: stamped zh_hash\n"
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == bom
    before_lines, after_lines = original.split(b"\r\n"), after.split(b"\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert len(after_lines) == len(before_lines)
    changed = [
        i + 1 for i, (a, b) in enumerate(zip(before_lines, after_lines, strict=True)) if a != b
    ]
    assert changed == [hash_line]
    assert after_lines[hash_line - 1].strip() != STALE_HASH.encode()
    assert after_lines[hash_line - 1].strip().startswith(b"zh_hash: ")


def test_stamp_refuses_a_line_outside_the_file(content_copy: ContentCopy) -> None:
    zh_line, hash_line = stale_text(content_copy)
    path = content_copy.path(CH3)
    count = len(path.read_bytes().splitlines())
    before = snapshot(content_copy.root / "content")
    result = site_command(
        content_copy.root, "stamp", "--line", str(count + 1), "--line", str(hash_line), str(path)
    )
    assert result.returncode == 1
    assert result.stdout == "nothing stamped\n"
    assert result.stderr.splitlines() == [
        f"{CH3}:{hash_line}: --line: this line is not the 'zh:' of a text; the nearest above "
        f"is on line {zh_line}: give the line of the 'zh:' whose English you revised",
        f"{CH3}:{count + 1}: --line: the file has {count} lines: give the line of the 'zh:' "
        "whose English you revised",
        "2 problems in 1 file",
    ]
    assert snapshot(content_copy.root / "content") == before


# --- import -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("0", "error: --year: expected a year from 1990 to 2100, found 0"),
        ("99999", "error: --year: expected a year from 1990 to 2100, found 99999"),
        ("1989", "error: --year: expected a year from 1990 to 2100, found 1989"),
    ],
)
def test_import_refuses_a_year_out_of_range(
    content_copy: ContentCopy, year: str, message: str
) -> None:
    """The range is report.yml's (its schema), so an import never writes a year check refuses."""
    before = snapshot(content_copy.root)
    result = site_command(
        content_copy.root, "import", str(NUMBERED), "--id", "2025", "--year", year
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert snapshot(content_copy.root) == before


def test_import_accepts_the_ends_of_the_range(content_copy: ContentCopy) -> None:
    result = site_command(
        content_copy.root, "import", str(NUMBERED), "--id", "2100", "--year", "2100"
    )
    assert result.returncode == 0, result.stderr
    assert "year: 2100\n" in content_copy.path("content/reports/2100/report.yml").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("kind", ["large file", "endless device"])
def test_import_refuses_input_over_the_limit_before_writing(
    content_copy: ContentCopy, tmp_path: Path, kind: str
) -> None:
    if kind == "large file":
        source = tmp_path / "report.txt"
        with source.open("wb") as stream:
            stream.write(NUMBERED.read_bytes())
            stream.write(b"\xe5\x8a\xa0" * ((MAX_CONTENT_BYTES - stream.tell()) // 3 + 1))
        assert source.stat().st_size > MAX_CONTENT_BYTES
    else:
        source = Path("/dev/zero")
        if not source.exists():
            pytest.skip("no /dev/zero on this system")
    before = snapshot(content_copy.root)
    started = time.monotonic()
    result = site_command(
        content_copy.root, "import", str(source), "--id", "2025", "--year", "2025"
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {source}: the file is over 10 MB, more than an import takes (a year's report "
        "is well under 1 MB): check that this is the right file; nothing was written"
    ]
    assert time.monotonic() - started < 60
    assert snapshot(content_copy.root) == before
