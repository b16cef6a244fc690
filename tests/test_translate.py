"""Machine-translation drafts: offline, with fake translators, on a copy of the real content."""

from __future__ import annotations

import importlib.util
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from deep_translator.exceptions import ApiKeyException
from policysite.checks.loader import load_site
from policysite.content.terms import TermMatcher
from policysite.content.textutil import zh_hash
from policysite.tools import providers
from policysite.tools.masking import (
    FIGURE,
    PLACEHOLDER,
    PlaceholderError,
    english_figure,
    mask,
    unmask,
)
from policysite.tools.providers import (
    CallPolicy,
    GuardedTranslator,
    ProviderError,
    TranslationFailed,
)
from policysite.tools.translate import (
    Drafter,
    Summary,
    TextTooLong,
    TranslationRun,
    content_files,
    plan_translation,
    split_sentences,
)

from .conftest import REPO, ContentCopy

CH2 = "content/reports/2024/chapters/02-main-targets.yml"
CH3 = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
GLOSSARY = "content/glossary.yml"
REPORT = "content/reports/2024/report.yml"
DATE = "2024-05-01"
LABEL = "Fake MT"
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# What a careless engine does with terms and figures it can see.
MISTAKES = {
    "滨城": "Binhai City",
    "京津冀": "Jing-Jin-Ji",
    "4.8%": "4.5%",
    "128家": "218",
    "18万人": "18,000",
    "120万吨": "120 tonnes",
}


# What any engine gets right (the figures check would stop the build otherwise): "about 4.8%".
QUALIFIERS = [
    (re.compile(r"(X[NT]\d+X)左右"), r" about \1 "),
    (re.compile(r"(X[NT]\d+X)以上"), r" at least \1 "),
    (re.compile("持平"), " flat "),
]


class FakeTranslator:
    """Offline stand-in for an engine: keeps placeholders, botches any term or figure it sees."""

    def __init__(
        self,
        *,
        fail_from: int | None = None,
        interrupt_at: int | None = None,
        garble: Callable[[str], str] | None = None,
    ) -> None:
        self.calls: list[str] = []
        self.fail_from = fail_from
        self.interrupt_at = interrupt_at
        self.garble = garble

    def translate(self, text: str) -> str:
        self.calls.append(text)
        if self.fail_from is not None and len(self.calls) >= self.fail_from:
            raise ConnectionError("Max retries exceeded (offline)")
        if len(self.calls) == self.interrupt_at:
            raise KeyboardInterrupt
        for chinese, wrong in MISTAKES.items():
            text = text.replace(chinese, wrong)
        for pattern, english in QUALIFIERS:
            text = pattern.sub(english, text)
        # about as many letters as a real translation has (two or three per character)
        text = HAN_RUN.sub(lambda m: " words" * len(m.group()) + " ", text.replace("。", ". "))
        english = " ".join(text.split())
        return self.garble(english) if self.garble else english


def no_sleep(seconds: float) -> None:
    pass


def quick_policy(**overrides: float) -> CallPolicy:
    settings = {"timeout": 5.0, "retries": 1, "backoff": 0.0, "min_interval": 0.0} | overrides
    return CallPolicy(**settings, sleep=no_sleep)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    glossary = load_site(REPO).site.glossary
    assert glossary is not None
    return TermMatcher(glossary)


def run_translate(
    root: Path,
    translator: providers.Translator,
    matcher: TermMatcher,
    policy: CallPolicy | None = None,
) -> Summary:
    plan = plan_translation(content_files(root), root)
    drafter = Drafter(GuardedTranslator(translator, policy or quick_policy()), matcher, 5000)
    return TranslationRun(plan, drafter, provider=LABEL, date=DATE).run()


# --- editing the content copy ------------------------------------------------------------------


def en_block(copy: ContentCopy, file: str, paragraph_id: str) -> tuple[int, int, str]:
    """0-based line range of the `en:` block of a paragraph (or of a key such as `session:`),
    and the indent of `en:`."""
    lines = copy.path(file).read_text(encoding="utf-8").splitlines()
    anchor = paragraph_id if paragraph_id.endswith(":") else f"- id: {paragraph_id}"
    start = next(i for i, line in enumerate(lines) if line.strip() == anchor)
    start = next(i for i in range(start, len(lines)) if lines[i].strip() == "en:")
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    end = start + 1
    while end < len(lines) and lines[end].startswith(indent + " "):
        end += 1
    return start, end, indent


def set_english(copy: ContentCopy, file: str, paragraph_id: str, body: list[str]) -> None:
    """Replace the keys under a paragraph's `en:` by ``body`` (lines without indentation)."""
    path = copy.path(file)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start, end, indent = en_block(copy, file, paragraph_id)
    lines[start + 1 : end] = [f"{indent}  {line}\n" for line in body]
    path.write_text("".join(lines), encoding="utf-8")


def make_missing(copy: ContentCopy, file: str, paragraph_id: str) -> None:
    set_english(copy, file, paragraph_id, ["status: missing"])


def make_stale(copy: ContentCopy, file: str, paragraph_id: str, status: str) -> None:
    """Give a paragraph English of ``status`` whose hash no longer matches its Chinese."""
    text = english_line(copy, file, paragraph_id)
    extra = {
        "machine": ["provider: Old MT", "date: 2023-01-01"],
        "edited": [],
        "approved": ['approved_by: "Li Ming"', "approved_on: 2024-03-01"],
    }[status]
    set_english(
        copy, file, paragraph_id, [text, f"status: {status}", *extra, "zh_hash: deadbeef0000"]
    )


def english_line(copy: ContentCopy, file: str, paragraph_id: str) -> str:
    lines = copy.path(file).read_text(encoding="utf-8").splitlines()
    start, _, _ = en_block(copy, file, paragraph_id)
    return lines[start + 1].strip()


def snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in content_files(root)}


def paragraph_en(root: Path, paragraph_id: str) -> object:
    report = load_site(root).site.reports[0]
    paragraph = report.paragraph(paragraph_id)
    assert paragraph is not None
    return paragraph.text.en


# --- what gets filled -----------------------------------------------------------------------


def test_fills_only_missing_and_stale_machine_english(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    make_missing(content_copy, CH3, "bth-07")
    make_stale(content_copy, CH3, "bth-03", "machine")
    make_stale(content_copy, CH2, "mt-01", "edited")
    make_stale(content_copy, CH3, "bth-05", "approved")
    human = {
        paragraph: content_copy.path(file)
        .read_text(encoding="utf-8")
        .splitlines()[slice(*en_block(content_copy, file, paragraph)[:2])]
        for file, paragraph in ((CH2, "mt-01"), (CH3, "bth-05"))
    }
    edited_line = en_block(content_copy, CH2, "mt-01")[0] + 1
    zh_line = content_copy.line_of(CH2, "- id: mt-01") + 1  # its zh: (a comment may sit before en:)

    summary = run_translate(content_copy.root, FakeTranslator(), matcher)

    assert len(summary.filled) == 2 and summary.complete
    assert summary.needs_human[0] == (
        f"{CH2}:{edited_line}: paragraphs[0].en: edited English is stale (the Chinese changed); "
        f"revise it by hand, then run 'python scripts/site.py stamp --line {zh_line} {CH2}'"
    )
    assert "approved English is stale" in summary.needs_human[1]
    for paragraph_id in ("bth-07", "bth-03"):
        english = paragraph_en(content_copy.root, paragraph_id)
        assert (english.status, english.provider, english.date) == ("machine", LABEL, DATE)  # type: ignore[attr-defined]
    for file, paragraph in ((CH2, "mt-01"), (CH3, "bth-05")):
        lines = content_copy.path(file).read_text(encoding="utf-8").splitlines()
        assert lines[slice(*en_block(content_copy, file, paragraph)[:2])] == human[paragraph]
    assert run_translate(content_copy.root, FakeTranslator(), matcher).filled == []


@pytest.mark.parametrize(
    ("file", "where", "chinese"),
    [
        (
            CH3,
            "bth-07",
            "加快推进京津输油管道、中石化120万吨乙烯产业集群等项目投产达产,"
            "保障京津冀能源物资供应安全。",
        ),
        (REPORT, "session:", "天津市滨海新区第四届人民代表大会第四次会议"),
    ],
)
def test_changes_nothing_but_the_filled_field(
    content_copy: ContentCopy, matcher: TermMatcher, file: str, where: str, chinese: str
) -> None:
    make_missing(content_copy, file, where)
    load_site(content_copy.root)  # validating first must not change how dates are written back
    before = snapshot(content_copy.root)
    path = content_copy.path(file)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start, end, indent = en_block(content_copy, file, where)
    draft = Drafter(FakeTranslator(), matcher, 5000).draft(chinese)
    lines[start + 1 : end] = [
        f'{indent}  text: "{draft}"\n',
        f"{indent}  status: machine\n",
        f"{indent}  provider: {LABEL}\n",
        f"{indent}  date: {DATE}\n",
        f"{indent}  zh_hash: {zh_hash(chinese)}\n",
    ]

    run_translate(content_copy.root, FakeTranslator(), matcher)

    assert path.read_text(encoding="utf-8") == "".join(lines)
    assert {p: b for p, b in snapshot(content_copy.root).items() if p != path} == {
        p: b for p, b in before.items() if p != path
    }
    assert lines[0].startswith("# yaml-language-server")  # the file's comments are still there


def test_comment_after_a_missing_block_stays_after_it(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    make_missing(content_copy, CH3, "bth-03")
    content_copy.edit(
        CH3, "      - id: bth-04", "      # staff note: check the figure\n      - id: bth-04"
    )

    run_translate(content_copy.root, FakeTranslator(), matcher)

    text = content_copy.path(CH3).read_text(encoding="utf-8")
    assert re.search(
        r"zh_hash: \w+\n      # staff note: check the figure\n      - id: bth-04", text
    )
    load_site(content_copy.root)


def test_flow_style_missing_english_becomes_a_block(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    start, end, indent = en_block(content_copy, CH3, "bth-07")
    path = content_copy.path(CH3)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[start:end] = [f"{indent}en: {{status: missing}}\n"]
    path.write_text("".join(lines), encoding="utf-8")

    assert len(run_translate(content_copy.root, FakeTranslator(), matcher).filled) == 1
    assert "status: machine\n" in path.read_text(encoding="utf-8")
    assert paragraph_en(content_copy.root, "bth-07").status == "machine"  # type: ignore[attr-defined]


# --- interruptions ---------------------------------------------------------------------------

SIX = (
    (CH3, "bth-01"),
    (CH3, "bth-02"),
    (CH3, "bth-03"),
    (CH3, "bth-04"),
    (CH3, "bth-07"),
    (CH2, "mt-01"),
)


def test_provider_failing_on_third_call_then_rerun_completes(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    for file, paragraph in SIX:
        make_missing(content_copy, file, paragraph)
    failing = FakeTranslator(fail_from=3)

    summary = run_translate(content_copy.root, failing, matcher)

    assert len(summary.filled) == 2
    assert len(summary.failed) == 3  # each after a retry
    assert summary.failed[0].endswith(
        "translation failed after 2 attempts (ConnectionError: Max retries exceeded (offline))"
    )
    assert summary.stopped == "3 failures in a row" and summary.not_attempted == 1
    assert "1 text(s) not attempted: run the command again to continue" in summary.lines()[-2]
    load_site(content_copy.root)  # every file still valid

    working = FakeTranslator()
    rerun = run_translate(content_copy.root, working, matcher)
    assert len(rerun.filled) == 4 and len(working.calls) == 4 and rerun.complete
    assert plan_translation(content_files(content_copy.root), content_copy.root).jobs == 0


def test_ctrl_c_loses_nothing_done(content_copy: ContentCopy, matcher: TermMatcher) -> None:
    for file, paragraph in SIX:
        make_missing(content_copy, file, paragraph)

    with pytest.raises(KeyboardInterrupt):
        run_translate(content_copy.root, FakeTranslator(interrupt_at=3), matcher)

    load_site(content_copy.root)
    left = plan_translation(content_files(content_copy.root), content_copy.root).jobs
    assert left == 4
    rerun = run_translate(content_copy.root, FakeTranslator(), matcher)
    assert len(rerun.filled) == 4


def test_hanging_translator_is_cut_off(content_copy: ContentCopy, matcher: TermMatcher) -> None:
    make_missing(content_copy, CH3, "bth-07")
    before = snapshot(content_copy.root)
    release = threading.Event()

    class Hanging:
        def translate(self, text: str) -> str:
            release.wait()
            return "too late"

    started = time.monotonic()
    try:
        summary = run_translate(content_copy.root, Hanging(), matcher, quick_policy(timeout=0.2))
    finally:
        release.set()
    line = en_block(content_copy, CH3, "bth-07")[0] + 1
    assert time.monotonic() - started < 5
    assert summary.failed == [
        f"{CH3}:{line}: sections[2].paragraphs[2].en: translation failed: no answer within "
        "0.2 s; not retried"
    ]
    assert snapshot(content_copy.root) == before


def test_abandoned_call_runs_in_a_daemon_thread() -> None:
    release = threading.Event()
    try:
        with pytest.raises(providers.TranslationTimeout):
            providers.call_with_timeout(lambda: str(release.wait()), 0.05)
        hung = [t for t in threading.enumerate() if t.name == "translate-call"]
        assert hung and all(t.daemon for t in hung)  # would not block interpreter exit
    finally:
        release.set()


def test_file_edited_during_the_run_is_not_overwritten(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    make_missing(content_copy, CH3, "bth-07")
    plan = plan_translation([content_copy.path(CH3)], content_copy.root)
    content_copy.edit(CH3, "# yaml-language-server", "# edited meanwhile\n# yaml-language-server")
    edited = content_copy.path(CH3).read_bytes()
    drafter = Drafter(FakeTranslator(), matcher, 5000)

    summary = TranslationRun(plan, drafter, provider=LABEL, date=DATE).run()

    assert summary.stopped == f"{CH3} was changed by someone else during the run; not overwriting"
    assert content_copy.path(CH3).read_bytes() == edited


# --- masking ---------------------------------------------------------------------------------


def test_masking_restores_approved_terms_and_exact_figures(matcher: TermMatcher) -> None:
    chinese = (
        "建设滨城,推进京津冀协同发展,地区生产总值增长4.8%左右,压减低效企业128家。"
        "中石化120万吨乙烯项目投产,高技能人才达18万人,每年安排10亿元专项资金。"
    )
    fake = FakeTranslator()

    english = Drafter(fake, matcher, 5000).draft(chinese)

    for wrong in MISTAKES.values():
        assert wrong not in english
    for right in ("Bincheng", "Beijing-Tianjin-Hebei", "4.8%", "128", "1.2 million tonnes"):
        assert right in english
    assert "180,000" in english and "RMB 1 billion" in english
    assert not re.search(r"\d", PLACEHOLDER.sub("", fake.calls[0]))  # no figure was sent
    assert "滨城" not in fake.calls[0]


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("4.8%", "4.8%"),
        ("6％", "6%"),
        ("128家", "128"),
        ("120万吨", "1.2 million tonnes"),
        ("18万人", "180,000"),
        ("3.45万", "34,500"),
        ("10亿元", "RMB 1 billion"),
        ("0.5亿元", "RMB 50 million"),
        ("2万亿元", "RMB 2 trillion"),
        ("0.5个百分点", "0.5 percentage points"),
        ("1个百分点", "1 percentage point"),
        ("20余家", "more than 20"),
        ("1吨", "1 tonne"),
        ("2024年1月1日", "January 1, 2024"),
        ("2023年12月", "December 2023"),
        ("2027年", "2027"),
        ("12月31日", "December 31"),
        ("第5届", "5th"),
        ("2023", "2023"),
    ],
)
def test_english_figures(chinese: str, english: str) -> None:
    match = FIGURE.fullmatch(chinese)
    assert match is not None
    assert english_figure(match) == english


def test_numbers_in_codes_are_not_figures() -> None:
    assert [m.group(0) for m in FIGURE.finditer("5G网络和C919,增长4.8G")] == []


def test_placeholders_survive_case_and_spaces(matcher: TermMatcher) -> None:
    masked = mask("建设滨城,增长4.8%。", matcher)
    assert masked.text == "建设XT1X,增长XN2X。"
    assert unmask("xt 1 x builds; growth of X N2 X.", masked) == "Bincheng builds; growth of 4.8%."
    assert unmask("XT1X grows by XN2X.", masked) == "Bincheng grows by 4.8%."


def test_term_at_sentence_start_is_capitalised(matcher: TermMatcher) -> None:
    masked = mask("持续推进“五型”开放。", matcher)
    assert unmask("XT1X will go on.", masked) == "Five types of opening up will go on."


@pytest.mark.parametrize(
    ("garble", "problem"),
    [
        (lambda s: s.replace("XT3X", "", 1), "XT3X missing"),
        (lambda s: s.replace("XN2X", "XN2X XN2X", 1), "XN2X repeated"),
        (lambda s: s.replace("XN2X", "XN7X", 1), "XN7X unknown"),
        (lambda s: s.replace("XN2X", "XN2Xs", 1), "XN2X missing"),
        (lambda s: s.replace("XT3X", "X-T3X", 1), "XT3X missing"),
    ],
)
def test_garbled_placeholder_is_reported_not_written(
    content_copy: ContentCopy,
    matcher: TermMatcher,
    garble: Callable[[str], str],
    problem: str,
) -> None:
    make_missing(content_copy, CH2, "mt-01")  # sent as …增长XN1X左右…增长XN2X…做好XT3X工作…
    before = content_copy.path(CH2).read_bytes()
    line = en_block(content_copy, CH2, "mt-01")[0] + 1

    summary = run_translate(content_copy.root, FakeTranslator(garble=garble), matcher)

    assert content_copy.path(CH2).read_bytes() == before
    assert len(summary.skipped) == 1
    assert summary.skipped[0].startswith(
        f"{CH2}:{line}: paragraphs[0].en: not written: placeholders garbled by the translator: "
    )
    assert problem in summary.skipped[0]
    assert not summary.complete


def test_reported_lines_follow_earlier_fills_in_the_same_file(
    content_copy: ContentCopy, matcher: TermMatcher
) -> None:
    make_missing(content_copy, CH3, "bth-01")
    make_missing(content_copy, CH3, "bth-07")

    def drop_figure(english: str) -> str:  # bth-01 has no figure, bth-07 one: 120万吨
        return english.replace("XN1X", "")

    summary = run_translate(content_copy.root, FakeTranslator(garble=drop_figure), matcher)

    assert len(summary.filled) == 1
    line = en_block(content_copy, CH3, "bth-07")[0] + 1  # in the file as written
    assert summary.skipped[0].startswith(f"{CH3}:{line}: ")


def test_source_with_a_placeholder_like_code_is_refused(matcher: TermMatcher) -> None:
    with pytest.raises(PlaceholderError):
        mask("型号XT1X已投产。", matcher)


# --- long texts ------------------------------------------------------------------------------


def test_long_text_is_split_at_sentence_ends() -> None:
    text = "一二三。四五六。七八九十。"
    assert split_sentences(text, 8) == ["一二三。四五六。", "七八九十。"]
    with pytest.raises(TextTooLong):
        split_sentences("一二三四五六七八九十。", 8)


def test_long_text_is_sent_in_pieces_and_joined(matcher: TermMatcher) -> None:
    fake = FakeTranslator()
    english = Drafter(fake, matcher, 16).draft("增长4.8%左右。建设滨城。推进改革开放。")
    assert len(fake.calls) == 2
    assert english.count("4.8%") == 1 and english.count("Bincheng") == 1


# --- the call guard --------------------------------------------------------------------------


def test_retries_back_off_exponentially() -> None:
    waits: list[float] = []
    outcomes: list[object] = [ConnectionError("reset"), TimeoutError("slow"), "done"]

    class Flaky:
        def translate(self, text: str) -> str:
            outcome = outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return str(outcome)

    policy = CallPolicy(timeout=5, retries=3, backoff=2.0, min_interval=0, sleep=waits.append)
    assert GuardedTranslator(Flaky(), policy).translate("文") == "done"
    assert waits == [2.0, 4.0]


def test_gives_up_after_retries() -> None:
    policy = CallPolicy(timeout=5, retries=2, backoff=1.0, min_interval=0, sleep=no_sleep)
    with pytest.raises(TranslationFailed, match="after 3 attempts"):
        GuardedTranslator(FakeTranslator(fail_from=1), policy).translate("文")


def test_bad_key_is_not_retried() -> None:
    calls = []

    class NoKey:
        def translate(self, text: str) -> str:
            calls.append(text)
            raise ApiKeyException("BAIDU_APPID")

    with pytest.raises(ProviderError):
        GuardedTranslator(NoKey(), quick_policy(retries=3)).translate("文")
    assert len(calls) == 1


def test_rate_limit_spaces_calls() -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    policy = CallPolicy(min_interval=1.0, sleep=sleep, clock=lambda: now[0])
    guarded = GuardedTranslator(FakeTranslator(), policy)
    guarded.translate("文")
    now[0] += 0.25
    guarded.translate("文")
    guarded.translate("文")
    assert waits == [0.75, 1.0]


# --- providers -------------------------------------------------------------------------------


def test_missing_keys_are_named() -> None:
    with pytest.raises(ProviderError, match="BAIDU_APPID and BAIDU_APPKEY"):
        providers.make_translator("baidu", environ={})
    with pytest.raises(ProviderError, match="unknown provider 'bing'"):
        providers.make_translator("bing", environ={})


@pytest.mark.parametrize("name", sorted(set(providers.PROVIDERS) - {"microsoft"}))
def test_deep_translator_accepts_our_language_codes(name: str) -> None:
    """Built offline (sockets are blocked): the backend takes our Chinese and English codes."""
    environ = {key: "test-key" for key in providers.PROVIDERS[name].keys}
    engine = providers.make_translator(name, environ=environ).make_engine()
    assert (engine.source, engine.target) == (
        providers.PROVIDERS[name].source,
        providers.PROVIDERS[name].target,
    )


def test_deepl_free_keys_use_the_free_endpoint() -> None:
    engine = providers.make_translator("deepl", {"DEEPL_API_KEY": "abc:fx"}).make_engine()
    assert "api-free.deepl.com" in engine._base_url


# --- the command -----------------------------------------------------------------------------


def load_cli() -> ModuleType:
    spec = importlib.util.spec_from_file_location("site_cli", REPO / "scripts" / "site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dry_run_lists_changes_writes_nothing_and_fails(content_copy: ContentCopy) -> None:
    make_missing(content_copy, CH3, "bth-07")
    make_stale(content_copy, CH2, "mt-01", "edited")
    before = snapshot(content_copy.root)
    line = en_block(content_copy, CH3, "bth-07")[0] + 1

    result = CliRunner().invoke(
        load_cli().cli, ["--root", str(content_copy.root), "translate", "--dry-run"]
    )

    assert result.exit_code == 1
    assert f"{CH3}:{line}: sections[2].paragraphs[2].en: would fill (missing)\n" in result.output
    assert "edited English is stale" in result.output
    assert result.output.endswith("1 text(s) would be filled, 1 need a human\n")
    assert snapshot(content_copy.root) == before


def test_dry_run_with_nothing_to_do_succeeds(content_copy: ContentCopy) -> None:
    result = CliRunner().invoke(
        load_cli().cli, ["--root", str(content_copy.root), "translate", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "0 text(s) would be filled, 0 need a human\n"


def test_command_fills_and_prints_a_summary(
    content_copy: ContentCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_missing(content_copy, CH3, "bth-07")
    make_missing(content_copy, GLOSSARY, "bincheng")  # the term's definition
    asked_for = []

    def fake_provider(name: str) -> FakeTranslator:
        asked_for.append(name)
        return FakeTranslator()

    monkeypatch.setattr(providers, "make_translator", fake_provider)
    cli = load_cli().cli
    options = ["--provider", "deepl", "--date", DATE, "--interval", "0"]
    root = ["--root", str(content_copy.root)]

    result = CliRunner().invoke(cli, [*root, "translate", *options, str(content_copy.path(CH3))])

    assert result.exit_code == 0, result.output
    assert result.output.endswith("1 filled, 0 skipped, 0 failed, 0 need a human\n")
    assert paragraph_en(content_copy.root, "bth-07").provider == "DeepL"  # type: ignore[attr-defined]
    result = CliRunner().invoke(cli, [*root, "translate", *options])
    assert result.output == (
        f"{GLOSSARY}:{en_block(content_copy, GLOSSARY, 'bincheng')[0] + 1}: "
        "terms[0].definition.en: filled (missing)\n1 filled, 0 skipped, 0 failed, 0 need a human\n"
    )
    assert asked_for == ["deepl", "deepl"]


def test_error_messages_hide_the_query_and_its_key() -> None:
    error = ConnectionError(
        "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: "
        "/translate?q=%E5%9C%B0&source=zh&api_key=secret (Caused by NewConnectionError(refused))"
    )
    message = providers.describe(error)
    assert "secret" not in message and "%E5" not in message
    assert message.startswith("ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=9)")
    assert len(message) <= 180


def test_command_reports_an_interruption_and_how_to_resume(
    content_copy: ContentCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    for file, paragraph in SIX[:3]:
        make_missing(content_copy, file, paragraph)
    monkeypatch.setattr(providers, "make_translator", lambda name: FakeTranslator(interrupt_at=2))

    result = CliRunner().invoke(
        load_cli().cli,
        ["--root", str(content_copy.root), "translate", "--date", DATE, "--interval", "0"],
    )

    assert result.exit_code == 1
    assert result.output.endswith(
        "stopped: interrupted; 1 text(s) not attempted: run the command again to continue\n"
        "1 filled, 0 skipped, 0 failed, 0 need a human\n"
    )
    load_site(content_copy.root)
