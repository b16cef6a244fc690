"""jieba's word frequencies, looked up in its dictionary file instead of loaded whole.

The term scan (``terms.py``) follows jieba's segmentation, which needs the frequency of every
dictionary word that occurs in a text, and jieba's total. jieba gets them by loading its whole
dictionary (349,046 words, with every word's prefixes: some 580,000 entries) on first use:
measured, 5.3 G instructions, 0.66 CPU s and 61 MB from its own cache file, a sixth of a cold
build. The scan asks about a few thousand fragments. So this module reads the same file
(``dict.txt``, or the dictionary set on jieba's default tokenizer) as sorted lines and finds
each fragment by bisection: 0.03 CPU s and 28 MB to read and sort, then a lookup per fragment.

What it answers is what jieba's ``Tokenizer`` holds (its ``FREQ`` and ``total``), also after
words are added (``add_word``, with jieba's ``suggest_freq`` when no frequency is given): a
test compares both on every text of the site. Each ``Vocabulary`` starts from the dictionary
alone, as a new process's jieba does, so what a scan finds never depends on an earlier
glossary's words. A user dictionary (``jieba.load_userdict``) is not read: the site sets none.

Why not jieba itself: this is jieba's lookup, not its algorithm (``terms.py`` already follows
its route through a block with the same arithmetic); jieba offers no way to ask about a word
without loading every word.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import cache as once
from pathlib import Path

#: The name of jieba's own dictionary in its package (jieba.DEFAULT_DICT_NAME).
JIEBA_DICTIONARY = "dict.txt"
_SEPARATORS = (b" ", b"\n", b"\r")  # between a line's fields, and between lines
_FREQUENCY = re.compile(rb"(?m)^\s*\S+ (\d+)")  # a line's second field (jieba: line.split(" "))
#: jieba's total of the dictionary files it is known for, by their length and CRC-32: summing
#: a file's 349,046 frequencies costs 1.1 G instructions, more than reading and sorting it. The
#: one of jieba 0.42.1 (the lock's); tests/test_dictionary.py checks the figure against jieba.
KNOWN_TOTALS = {(5_071_852, 328_468_845): 60_101_967}


class Dictionary:
    """One dictionary file of jieba's format (a line per word: ``word frequency [tag]``)."""

    def __init__(self, data: bytes) -> None:
        known = KNOWN_TOTALS.get((len(data), zlib.crc32(data)))
        self.total = frequency_sum(data) if known is None else known
        self._data = data
        # Sorted, a word's own lines come first among those that start with it: the space
        # after it sorts before any byte a word holds.
        self._lines = data.splitlines()
        self._lines.sort()
        self._found = _Answers(self._look_up)  # kept for every vocabulary made from it

    def get(self, fragment: str) -> int | None:
        """The fragment's frequency; 0 if it is only the start of longer words (jieba keeps
        every word's prefixes with 0); None if it is neither."""
        return self._found[fragment]

    def _look_up(self, fragment: str) -> int | None:
        key = fragment.encode("utf-8")
        if not key or any(separator in key for separator in _SEPARATORS):
            return None  # no word holds the file's separators
        lines = self._lines
        first = bisect_left(lines, key)
        if first == len(lines) or not lines[first].startswith(key):
            return None
        word = key + b" "
        last = first
        while last < len(lines) and lines[last].startswith(word):
            last += 1
        if last == first:
            return 0
        # A word listed twice: jieba keeps the frequency of the later line in the file.
        line = max(lines[first:last], key=self._place) if last - first > 1 else lines[first]
        return int(line.split(b" ", 2)[1])

    def _place(self, line: bytes) -> int:
        return (b"\n" + self._data + b"\n").rfind(b"\n" + line + b"\n")


def frequency_sum(data: bytes) -> int:
    """jieba's total of a dictionary file: the sum of every line's frequency, a word listed
    twice counted twice (found by one pattern over the file: half the memory of splitting it
    into fields)."""
    return sum(map(int, _FREQUENCY.findall(data)))


class Vocabulary:
    """jieba's ``FREQ`` and ``total`` for one set of added words: the dictionary's, with what
    ``add_word`` changed. ``cut`` is jieba's ``cut(text, HMM=False)`` on this vocabulary (the
    term scan's), which ``add_word`` needs to suggest a frequency."""

    def __init__(self, dictionary: Dictionary, cut: Callable[[str, Vocabulary], list[str]]):
        self._dictionary = dictionary
        self._cut = cut
        self.total = dictionary.total
        self._added: dict[str, int] = {}
        self._prefixes: set[str] = set()
        #: ``frequency[fragment]`` is ``FREQ.get(fragment)``, worked out once: after the
        #: first time, one lookup in a dict, as fast as jieba's (the term scan's inner loop).
        self.frequency = _Answers(self._answer)

    def get(self, fragment: str) -> int | None:
        """``FREQ.get(fragment)``."""
        return self.frequency[fragment]

    def _answer(self, fragment: str) -> int | None:
        added = self._added.get(fragment)
        if added is not None:
            return added
        found = self._dictionary.get(fragment)
        if found is None and fragment in self._prefixes:
            return 0
        return found

    def add_word(self, word: str, freq: int | None = None) -> None:
        """jieba's ``Tokenizer.add_word`` (``freq=0`` is its ``del_word``)."""
        freq = self.suggest_freq(word) if freq is None else freq
        self._added[word] = freq
        self.total += freq
        self._prefixes.update(word[:end] for end in range(1, len(word)))
        self.frequency.clear()  # the answers about the word and its prefixes changed

    def add_words(self, words: Iterable[str]) -> None:
        for word in words:
            self.add_word(word)

    def suggest_freq(self, word: str) -> int:
        """jieba's ``Tokenizer.suggest_freq(word, tune=False)``: the frequency that makes
        the word more likely whole than cut as the vocabulary cuts it now."""
        ftotal = float(self.total)
        freq = 1.0
        for piece in self._cut(word, self):
            found = self.get(piece)
            freq *= (1 if found is None else found) / ftotal
        known = self.get(word)
        return max(int(freq * self.total) + 1, 1 if known is None else known)


class _Answers(dict[str, "int | None"]):
    """Answers, each worked out by ``answer`` the first time it is asked for."""

    def __init__(self, answer: Callable[[str], int | None]) -> None:
        super().__init__()
        self._answer = answer

    def __missing__(self, fragment: str) -> int | None:
        found = self[fragment] = self._answer(fragment)
        return found


def dictionary_path() -> Path:
    """The dictionary of jieba's default tokenizer: one set on it (``jieba.set_dictionary``,
    which Material's ``search.jieba_dict`` option calls) if jieba is imported, else jieba's
    own, found without importing jieba."""
    jieba = sys.modules.get("jieba")
    chosen = getattr(getattr(jieba, "dt", None), "dictionary", None)
    if chosen:
        return Path(chosen)
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / JIEBA_DICTIONARY


@once
def dictionary(path: Path) -> Dictionary:
    """The dictionary at ``path``, read once per process."""
    return Dictionary(path.read_bytes())
