"""The term scan reads jieba's dictionary where it asks instead of loading it whole
(``policysite.content.dictionary``): what it answers must be what jieba's own tokenizer holds,
before and after words are added, so that terms match exactly as they did on jieba."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jieba
import pytest
import yaml
from policysite.checks.loader import load_site
from policysite.content import terms
from policysite.content.dictionary import (
    KNOWN_TOTALS,
    Dictionary,
    Vocabulary,
    dictionary_path,
    frequency_sum,
)

from .conftest import REPO

jieba.setLogLevel(logging.WARNING)

# Out of order, a word listed twice with two frequencies (jieba keeps the later), a line with
# no tag (jieba's format allows it), Latin and digits in words, words that are prefixes of
# others and prefixes that are no word.
SMALL = """\
滨海新区 50 ns
新区 80 n
滨海 100 n
港口 10 n
区 40 n
新 30 a
AT&T 3 nz
海 20 n
航运 12
滨 5 n
港口 7 n
B超 3 n
5G 9 eng
自贸试验区 4 n
"""
TEXTS = [
    "滨海新区港口航运",
    "新区滨海AT&T和B超5G",
    "自贸试验区 新 区\r\n滨海",
    "海港 滨城 abc 12 x",
]


def fragments(text: str, longest: int = 8) -> Iterator[str]:
    for start in range(len(text)):
        for end in range(start, min(len(text), start + longest) + 1):
            yield text[start:end]


def differences(words: Vocabulary, tokenizer: Any, texts: list[str]) -> list[str]:
    """Where ``words`` answers otherwise than jieba's ``tokenizer``: total, each fragment's
    frequency, and each text's cut."""
    found = [] if words.total == tokenizer.total else [f"total {words.total}"]
    found += [
        f"{fragment!r}: {words.get(fragment)} != {tokenizer.FREQ.get(fragment)}"
        for text in texts
        for fragment in fragments(text)
        if words.get(fragment) != tokenizer.FREQ.get(fragment)
    ]
    found += [
        f"cut {text!r}: {terms.cut(text, words)}"
        for text in texts
        if terms.cut(text, words) != list(tokenizer.cut(text, HMM=False))
    ]
    return found


@pytest.fixture
def small(tmp_path: Path) -> tuple[Vocabulary, Any]:
    """A vocabulary and a jieba tokenizer on the same small dictionary."""
    path = tmp_path / "dict.txt"
    path.write_text(SMALL, encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(path))
    tokenizer.tmp_dir = str(tmp_path)  # jieba keeps its loaded dictionary there
    tokenizer.initialize()
    return Vocabulary(Dictionary(path.read_bytes()), terms.cut), tokenizer


def test_a_small_dictionary_answers_as_jieba_loads_it(small: tuple[Vocabulary, Any]) -> None:
    words, tokenizer = small
    assert tokenizer.FREQ["港口"] == 7 and tokenizer.total == 373  # the checks check something
    assert words.get("港口") == 7 and words.get("滨海新") == 0 and words.get("城") is None
    assert differences(words, tokenizer, TEXTS) == []


def test_added_and_removed_words_change_it_as_they_change_jieba(
    small: tuple[Vocabulary, Any],
) -> None:
    words, tokenizer = small
    steps: list[tuple[str, int | None]] = [
        ("新区港口", None),  # a frequency suggested from the current cut
        ("海港", 6),
        ("滨城", None),  # no word of the dictionary: a prefix of nothing before
        ("新区", 0),  # jieba's del_word
        ("港口航运", None),
        ("滨海", None),  # a word already there: jieba replaces its frequency, adds to total
    ]
    for word, freq in steps:
        words.add_word(word, freq)
        tokenizer.add_word(word, freq)
        assert differences(words, tokenizer, [*TEXTS, word]) == [], word
    assert tokenizer.FREQ["新区"] == 0 and tokenizer.FREQ["滨城"] == 1 and words.total > 373


def site_texts() -> list[str]:
    """Every Chinese text of the site's content files."""
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str) and re.search(r"[\u4e00-\u9fff]", value):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for file in sorted((REPO / "content").rglob("*.yml")):
        walk(yaml.safe_load(file.read_text(encoding="utf-8")))
    return texts


def test_every_site_text_is_cut_as_jieba_cuts_it_with_the_glossary() -> None:
    """jieba's own dictionary with the glossary's words added (as the scan adds them): the
    same frequencies of every fragment of every text, the same total, the same cuts."""
    glossary = load_site(REPO).site.glossary
    assert glossary is not None
    texts = site_texts()
    assert len(texts) > 500
    tokenizer = jieba.Tokenizer()  # jieba's dictionary, loaded whole
    for word in terms.term_words(glossary.terms):
        tokenizer.add_word(word)
    words = terms.vocabulary(glossary.terms)
    assert differences(words, tokenizer, texts) == []


def test_the_total_kept_for_jiebas_dictionary_is_its_sum() -> None:
    """The installed dictionary is the one whose total is kept (else every cold build sums it
    again: update KNOWN_TOTALS with jieba), and the kept total is its sum."""
    data = dictionary_path().read_bytes()
    key = (len(data), zlib.crc32(data))
    assert key in KNOWN_TOTALS
    assert KNOWN_TOTALS[key] == frequency_sum(data) == Dictionary(data).total
    # another file (one word more) is summed, not taken for the known one
    assert data.endswith(b"\n")
    assert Dictionary(data + "川川 7 n\n".encode()).total == KNOWN_TOTALS[key] + 7


def test_jiebas_dictionary_is_found_without_importing_jieba() -> None:
    code = (
        "import sys; from policysite.content.dictionary import dictionary_path;"
        "print(dictionary_path(), 'jieba' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    path, imported = run.stdout.split()
    assert (Path(path), imported) == (Path(jieba.__file__).with_name("dict.txt"), "False")
    assert dictionary_path() == Path(path)  # and the same once jieba is imported
