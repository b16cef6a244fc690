"""Broken content gets one exact, actionable line per problem: file:line: key.path: message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from policysite.checks.loader import load_site
from policysite.content.problems import ContentError

from .conftest import ContentCopy

REPORT = "content/reports/2024/report.yml"
BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
REFORM = "content/reports/2024/chapters/04-reform-opening-up.yml"
TARGETS = "content/reports/2024/targets.yml"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str
    new: str
    line_needle: str  # the expected line contains this, after the edit
    expected: str  # the message after "file:line: "
    occurrence: int = 1  # which line containing line_needle


CASES = [
    Case(
        "publisher's contact address that is not one",
        "content/site.yml",
        "# contact: add the address readers should write to (email and/or url) before publishing.",
        "contact:\n  email: editors at binhai",
        "  email:",
        "contact.email: expected an e-mail address such as editors@example.org, found text "
        "('editors at binhai')",
    ),
    Case(
        "yaml syntax error",
        BTH,
        "  - id: innovation-synergy\n    heading:",
        "  - id: innovation-synergy\n   heading:",
        "   heading:",
        "YAML syntax error: while parsing a block collection did not find expected '-' "
        "indicator (check the indentation, colons and quotes on this line and the one before)",
    ),
    Case(
        "missing field",
        REPORT,
        'session:\n  zh: "天津市滨海新区第四届人民代表大会第四次会议"',
        'sesion:\n  zh: "天津市滨海新区第四届人民代表大会第四次会议"',
        "sesion:",
        "sesion: unknown key 'sesion' (did you mean 'session'?)",
    ),
    Case(
        "wrong type",
        REPORT,
        "year: 2024",
        "year: twenty twenty-four",
        "year:",
        "year: expected a whole number, found text ('twenty twenty-four')",
    ),
    Case(
        "number where text is expected",
        BTH,
        'text: "Advance infrastructure connectivity"',
        "text: 42",
        "text: 42",
        "sections[2].heading.en.text: expected text, found a number (42)",
    ),
    Case(
        "unknown key with a suggestion",
        BTH,
        "  - id: innovation-synergy\n    heading:",
        "  - id: innovation-synergy\n    headnig:",
        "headnig:",
        "sections[0].headnig: unknown key 'headnig' (did you mean 'heading'?)",
    ),
    Case(
        "duplicate paragraph ID",
        BTH,
        "- id: bth-03",
        "- id: bth-02",
        "- id: bth-02",
        "sections[1].paragraphs[0].id: duplicate ID 'bth-02' (already used at {file}:{first}); "
        "give this text a new ID",
        occurrence=2,
    ),
    Case(
        "zh without en",
        REFORM,
        '      zh: "提升全方位改革效能。"\n      en:\n',
        '      zh: "提升全方位改革效能。"\n      note:\n',
        "      note:",
        "sections[0].heading.note: unknown key 'note' (allowed here: en, zh)",
    ),
    Case(
        "bad provenance value",
        BTH,
        "status: edited",
        "status: edtied",
        "status: edtied",
        "title.en.status: expected one of machine, edited, approved, missing; found text "
        "('edtied') (did you mean 'edited'?)",
    ),
    Case(
        "machine draft without provider",
        BTH,
        "status: edited",
        "status: machine",
        "  en:",
        "title.en: missing 'provider': a machine draft must say which service made it and when",
    ),
    Case(
        "approved without approver",
        BTH,
        "status: edited",
        "status: approved",
        "  en:",
        "title.en: missing 'approved_by': approved text must say who approved it and when",
    ),
    Case(
        "bad date",
        REPORT,
        "date: 2024-01-10",
        "date: 2024-13-10",
        "date: 2024-13-10",
        "date: expected a date written as YYYY-MM-DD, such as 2024-01-10, found text "
        "('2024-13-10')",
    ),
    Case(
        "bad ID",
        BTH,
        "- id: bth-05",
        "- id: BTH 05",
        "- id: BTH 05",
        "sections[2].paragraphs[0].id: expected an ID of lower-case letters, digits and "
        "hyphens, such as 'bth-03', found text ('BTH 05')",
    ),
    Case(
        "missing chapter file",
        REPORT,
        "  - chapters/05-innovation-driven.yml",
        "  - chapters/05-innovation.yml",
        "chapters/05-innovation.yml",
        "chapters[4]: no such chapter file 'chapters/05-innovation.yml'",
    ),
    Case(
        "duplicate YAML key",
        BTH,
        "id: beijing-tianjin-hebei\n",
        "id: beijing-tianjin-hebei\nid: another-id\n",
        "id: another-id",
        "duplicate key 'id' (first at line 2)",
    ),
    Case(
        "empty English with an edited status",
        BTH,
        'text: "Advance infrastructure connectivity"',
        'text: ""',
        'text: ""',
        "sections[2].heading.en.text: the English text is empty: write the translation, or "
        "set 'status: missing' and remove 'text'",
    ),
    Case(
        "Chinese changed without a recorded correction",
        BTH,
        "开工建设滨唐高速",
        "开工建设滨塘高速",
        "开工建设滨塘高速",
        "sections[2].paragraphs[0].zh: differs from the source text (source.txt line 6): the "
        "source has “…建等工程建设,开工建设滨[唐]高速。加强津冀港口协作,…”, the content has "
        "“…建等工程建设,开工建设滨[塘]高速。加强津冀港口协作,…”; restore the source wording, "
        "or record an editorial correction in the report's 'corrections'",
    ),
    Case(
        "target naming a missing paragraph",
        TARGETS,
        "paragraph: rfm-04",
        "paragraph: rfm-40",
        "paragraph: rfm-40",
        "targets[5].paragraph: no paragraph with ID 'rfm-40' in this report (did you mean "
        "'rfm-14'?)",
    ),
    Case(
        "target figure not in its paragraph",
        TARGETS,
        'zh: "128家"',
        'zh: "12家"',
        'zh: "12家"',
        "targets[5].figure.zh: '12家' does not occur in paragraph 'rfm-04' (the figure must be "
        "quoted exactly as the paragraph states it)",
    ),
]


def load_problems(copy: ContentCopy) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(copy.root)
    return [p.format() for p in caught.value.problems]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_content_gets_exact_message(content_copy: ContentCopy, case: Case) -> None:
    content_copy.edit(case.file, case.old, case.new)
    line = content_copy.line_of(case.file, case.line_needle, case.occurrence)
    first = content_copy.line_of(case.file, case.line_needle)
    expected = case.expected.format(file=case.file, first=first)
    assert f"{case.file}:{line}: {expected}" in load_problems(content_copy)


def test_every_problem_is_reported_at_once(content_copy: ContentCopy) -> None:
    content_copy.edit(BTH, "status: edited", "status: edtied")
    content_copy.edit(REFORM, "- id: rfm-05", "- id: rfm 05")
    content_copy.edit(REPORT, "year: 2024", "year: soon")
    problems = load_problems(content_copy)
    assert len(problems) == 3
    with pytest.raises(ContentError) as caught:
        load_site(content_copy.root)
    assert str(caught.value).splitlines()[-1] == "3 problems in 3 files"


def test_file_that_is_not_utf8(content_copy: ContentCopy) -> None:
    path = content_copy.path(BTH)
    first_chinese = content_copy.line_of(BTH, "坚持")
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert load_problems(content_copy) == [
        f"{BTH}:{first_chinese}: the file is not UTF-8 text (it looks like GBK, the Chinese "
        "Windows encoding); save it with UTF-8 encoding"
    ]


def test_validation_leaves_round_trip_dates_alone(content_copy: ContentCopy) -> None:
    """Loading for validation must not change how staff tools read and write dates."""
    from policysite.tools.stamp import stamp_file

    load_site(content_copy.root)
    report = content_copy.path(REPORT)
    before = report.read_text(encoding="utf-8")
    content_copy.edit(REPORT, "    zh_hash: d921e0fea75a\n", "", count=1)
    stamp_file(report)
    assert report.read_text(encoding="utf-8") == before
    assert "date: 2024-01-10\n" in before


@pytest.mark.parametrize("digest", ["000000000000", "123456789012", "123e45678901"])
def test_stamp_quotes_fingerprints_that_look_like_numbers(digest: str, tmp_path: Path) -> None:
    from policysite.content import textutil
    from policysite.content.yamlio import parse_yaml_text
    from policysite.tools import stamp

    path = tmp_path / "x.yml"
    path.write_text(
        'title:\n  zh: "标题"\n  en:\n    text: "Title"\n    status: edited\n', encoding="utf-8"
    )
    original = textutil.zh_hash
    stamp.zh_hash = lambda text: digest  # type: ignore[assignment]
    try:
        stamp.stamp_file(path)
    finally:
        stamp.zh_hash = original  # type: ignore[assignment]
    loaded = parse_yaml_text(path.read_text(encoding="utf-8"), "x.yml")
    assert loaded.data["title"]["en"]["zh_hash"] == digest  # type: ignore[union-attr]


def test_plain_values_are_read_by_yaml_1_2_rules() -> None:
    """As staff editors read them: no yes/no booleans, no dates, no sexagesimal numbers."""
    from policysite.content.yamlio import parse_yaml_text

    text = "a: no\nb: 2024-01-10\nc: 3:30\nd: 010\ne: 4.8\nf: true\ng: ~\nh: '12'\n"
    loaded = parse_yaml_text(text, "x.yml")
    assert loaded.data == {  # type: ignore[union-attr]
        "a": "no",
        "b": "2024-01-10",
        "c": "3:30",
        "d": 10,
        "e": 4.8,
        "f": True,
        "g": None,
        "h": "12",
    }


GLOSSARY = "content/glossary.yml"


def test_no_break_space_in_a_glossary_rendering_is_named(content_copy: ContentCopy) -> None:
    """The glossary's own English with a no-break space: its line names the character, before
    the lines of the texts where the rendering is now not found."""
    content_copy.edit(GLOSSARY, '    en: "Bincheng"', '    en: "Bin\u00a0cheng"')
    line = content_copy.line_of(GLOSSARY, 'en: "Bin\u00a0cheng"')
    warnings = content_copy.warnings()
    assert warnings[0] == (
        f"{GLOSSARY}:{line}:13: warning: terms[0].en: expected an ordinary space, found U+00A0 "
        "(NO-BREAK SPACE): replace it with an ordinary space (the glossary check reads it as a "
        "character other than a space)"
    )
    assert len(warnings) == 3  # and the two paragraphs that use 滨城


def test_invisible_character_in_a_key_is_named(content_copy: ContentCopy) -> None:
    content_copy.edit(REPORT, "year: 2024", "ye\u200bar: 2024")
    line = content_copy.line_of(REPORT, "ye\u200bar")
    assert (
        f"{REPORT}:{line}:3: ye\u200bar: expected visible text, found U+200B (ZERO WIDTH SPACE), "
        "an invisible formatting character: delete it (it comes from copying out of a web page, "
        "a PDF or a word processor)"
    ) in load_problems(content_copy)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "a" * 300,
            "expected an ID of at most 64 characters, found text "
            f"('{'a' * 37}...') (300 characters)",
        ),
        (
            "2025\n",
            "expected an ID of lower-case letters, digits and hyphens, such as 'bth-03', found "
            "text ('2025\\n')",
        ),
    ],
)
def test_import_id_is_held_to_the_content_id_rule(value: str, message: str) -> None:
    """`import --id` checks the same rule as the content files (schema's id definition)."""
    from policysite.content.schema import id_problem

    schema = Path(__file__).resolve().parent.parent / "content" / "schema"
    assert id_problem(value, schema) == message
    assert id_problem("2025", schema) is None


def test_quick_look_for_invisible_characters_misses_none() -> None:
    """The prefilter covers every character the invisible-character rule flags (all of
    Unicode: control, format, separator and private-use characters, special spaces)."""
    from policysite.content.invisible import CANDIDATES, _kind

    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and _kind(chr(code)) and not CANDIDATES.match(chr(code))
    ]
    assert missed == []


def test_target_in_tonnes_counted_as_people(content_copy: ContentCopy) -> None:
    """A target for the 1.2-million-tonne ethylene cluster (a figure in 吨), unit people."""
    lines = content_copy.path(BTH).read_text(encoding="utf-8").splitlines()
    id_line = lines[content_copy.line_of(BTH, "120万吨") - 2]  # '- id: bth-…' above its zh
    content_copy.edit(
        TARGETS, "    paragraph: rfm-04\n", f"    paragraph: {id_line.split('id: ')[1]}\n"
    )
    content_copy.edit(TARGETS, 'zh: "128家"', 'zh: "120万吨"')
    content_copy.edit(
        TARGETS, "    value: 128\n    unit: enterprises\n", "    value: 1200000\n    unit: people\n"
    )
    line = content_copy.line_of(TARGETS, "    unit: people")
    assert (
        f"{TARGETS}:{line}: targets[5].unit: 'people' does not fit the figure's measure word "
        "'吨' (tonnes): write 'unit: tonnes' (figure '120万吨')"
    ) in load_problems(content_copy)
