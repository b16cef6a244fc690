"""The site's search index: every paragraph found by any phrase a reader types.

The engine behind the search box, on the build side (its query side is
``overrides/assets/javascripts/search/engine.js``, loaded by the search worker; the two share
the rules below, and a test checks that they cut the same text into the same tokens). Chosen
by measurement over Material's own index and Pagefind: see the README's "Search" section.

- **Units.** Each result is a unit of a built page (a report paragraph, a glossary entry, a
  targets row, a section), read from the HTML by ``search_text``.
- **Tokens.** Chinese is indexed as overlapping pairs of characters (人工智能 -> 人工 工智 智能,
  plus the last character of each run), so any phrase of two or more characters is found with
  no dictionary, wherever it starts; a single typed character matches every pair it begins.
  Punctuation inside Chinese (quotation marks, brackets, dashes, the middle dot) does not end a
  run: “卡脖子”技术 is indexed as 卡脖子技术, so a phrase typed without the marks finds it.
  Other text is cut into words, folded (case, accents: Bīnchéng -> bincheng) and stemmed with
  lunr's Porter stemmer (Laboratory and Laboratories -> laboratori). Figures stay whole
  (4.8%, 180,000 -> 180000). Every token has a position, so the worker ranks exact phrases
  first.
- **Variants.** A reader may type a character in another form than the page's: Simplified on
  the Traditional edition, Traditional on the Simplified one, a Taiwan form (線) where the text
  has the Hong Kong one (綫). The manifest lists, for the characters of this index, the forms
  OpenCC gives them in the other scripts and regions, each with the index's own character; the
  worker writes the query that way before it looks anything up. Where the text itself uses both
  forms (制 and 製 on the Traditional edition), a pair of characters typed with one also finds
  the other; a single character finds only itself.
- **Synonyms.** The manifest lists the forms readers type for the report's words (each glossary
  term's forms and ``content/synonyms.yml``, gathered by ``search_words``), split by what this
  edition's text holds: the worker searches for the held forms whenever a query holds any form
  of the group.
- **Chunks.** Tokens are spread over ``buckets`` files by a hash of their first character (the
  first two of a word), unit texts over small chunk files, and a manifest lists pages and units.
  A query fetches the manifest, one bucket per distinct first character, and the chunks of the
  results it shows; never the whole archive.

Material's search plugin is kept for its search box and result highlighter, but does not index
(``skip_theme_indexing``): its ``search_index.json`` holds only its configuration, which
Material's bundle fetches on every page; the worker fetches the index files when the reader
starts a search. The pages indexed are the edition's own, in the order the build made them.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import marshal
import re
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

import opencc
from lunr.stemmer import PorterStemmer

from ..content import layout
from ..content.model import Site
from ..content.textutil import is_han
from . import search_text
from .cache import digest, keep, kept, read
from .search_text import Unit, article, extract_units
from .search_words import GLOSSARY_PATH, SearchWords, search_words
from .text import page_url

FORMAT = 1
ENGINE_DIR = "engine"  # below the language's search/ folder
BUCKET_BYTES = 24_000  # raw JSON per bucket file, about 8 KB gzipped
CHUNK_CHARS = 1_200  # unit text per chunk file
# A page's tokens are kept between builds from this much text: reading them back costs about
# 40 µs, cutting a text about 1 µs a character (a topic page gives search only its name).
KEPT_TOKENS_FROM = 100
# A topic page is the reader's way in to its topic: its name (the only text it gives search)
# ranks with report paragraphs, so a query for the name finds the page first. The index of
# topics ranks as any other page.
TOPICS_PATH = layout.TOPICS_DIR + "/"
TYPED_WORDS = 4  # longer forms (a full English rendering on a Chinese edition) are not typed
# Order of results that match equally well: report paragraphs, then the headings of pages that
# hold paragraphs, then glossary entries, then everything else (targets, About, home).
RANK_PARAGRAPH, RANK_HEADING, RANK_GLOSSARY, RANK_OTHER = range(4)
# OpenCC's character conversions between Simplified, Traditional (OpenCC's standard), Hong Kong
# and Taiwan forms, both ways: the forms a reader of any of them may type.
VARIANT_CONFIGS = ("s2t", "t2s", "s2hk", "hk2s", "s2tw", "tw2s", "t2hk", "hk2t", "t2tw", "tw2t")


class _LunrJsStemmer(PorterStemmer):
    """lunr.py's Porter stemmer, with lunr.js's step 1c: a final y becomes i only after a
    consonant that is not the first letter (way, key, railway keep their y; try -> tri).
    The worker stems with lunr.js; a test compares the two on the whole site's text."""

    def step1c(self) -> None:
        word: str = self.b  # type: ignore[has-type]  # set by stem(); untyped in lunr.py
        if self.ends("y") and self.k - 1 > self.k0 and word[self.k - 1] not in "aeiou":
            self.b = word[: self.k] + "i" + word[self.k + 1 :]


_stemmer = _LunrJsStemmer()


_ACCENTS = re.compile("[\u0300-\u036f]")


def fold(char: str) -> str:
    """Compatibility form, no accents, lower case: Ｂ -> b, ī -> i (the worker does the same)."""
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", char)).lower()


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    return _stemmer.stem(word) if word.isalpha() and word.isascii() else word


_FOLDED: dict[str, str] = {}  # character -> fold(character): a site has a few thousand
HAN, ALNUM, OTHER = range(3)
_KIND: dict[str, int] = {}  # folded character -> HAN, ALNUM or OTHER


def _fold_chars(text: str) -> list[str]:
    """``fold`` of each character of ``text`` (remembered: the same characters recur)."""
    folded = []
    for char in text:
        form = _FOLDED.get(char)
        if form is None:
            form = _FOLDED[char] = fold(char)
        folded.append(form)
    return folded


def _kind(char: str) -> int:
    kind = _KIND.get(char)
    if kind is None:
        kind = _KIND[char] = HAN if is_han(char) else ALNUM if char.isalnum() else OTHER
    return kind


class Token(NamedTuple):
    text: str
    position: int


def _pieces(text: str) -> Iterator[tuple[str, str]]:
    """("han", char) for each Chinese character, ("word", word) for each word, ("gap", char)
    for each other character (a space, a punctuation mark)."""
    word: list[str] = []
    chars = _fold_chars(text)
    for index, folded in enumerate(chars):
        for char in folded:
            kind = _KIND.get(char)
            if kind is None:
                kind = _kind(char)
            if kind == HAN:
                if word:
                    yield "word", "".join(word)
                    word = []
                yield "han", char
            elif kind == ALNUM:
                word.append(char)
            elif word and char in "'’" and index + 1 < len(chars) and chars[index + 1].isalnum():
                continue  # Xiong'an -> xiongan
            elif word and char in ".," and word[-1].isdigit() and _next_is_digit(chars, index):
                if char == ".":
                    word.append(char)  # 4.8; 180,000 -> 180000
            elif word and char == "%" and word[-1].isdigit():
                word.append(char)
                yield "word", "".join(word)
                word = []
            else:
                if word:
                    yield "word", "".join(word)
                    word = []
                yield "gap", char
    if word:
        yield "word", "".join(word)


def _next_is_digit(chars: list[str], index: int) -> bool:
    return index + 1 < len(chars) and chars[index + 1][:1].isdigit()


def tokenize(text: str) -> list[Token]:
    """The index's tokens for ``text``, with positions (see the module docstring)."""
    tokens: list[Token] = []
    position = 0
    run: list[str] = []

    def end_run() -> None:
        nonlocal position
        last = len(run) - 1
        tokens.extend(
            Token(char + run[offset + 1] if offset < last else char, position + offset)
            for offset, char in enumerate(run)
        )
        position += len(run)
        run.clear()

    for kind, value in _pieces(text):
        if kind == "han":
            run.append(value)
            continue
        if kind == "gap" and not value.isspace():
            continue  # “XX”技术: punctuation does not cut a run of Chinese (XX技术 finds it)
        if run:
            end_run()
        if kind == "word":
            tokens.append(Token(stem(value), position))
            position += 1
    end_run()
    return tokens


def bucket_key(token: str) -> str:
    """What a token's bucket depends on: its first character if Chinese, else its first two."""
    return token[0] if is_han(token[0]) else token[:2]


def bucket_of(token: str, buckets: int) -> int:
    """FNV-1a over the code points of the key; the worker computes the same."""
    value = 0x811C9DC5
    for char in bucket_key(token):
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % buckets


@dataclass
class Page:
    url: str  # relative to the language's root, e.g. "2024/innovation-driven/"
    title: str
    units: list[Unit]


def unit_rank(page: Page, unit: Unit, has_paragraphs: bool) -> int:
    if unit.kind == "paragraph" or (page.url.startswith(TOPICS_PATH) and page.url != TOPICS_PATH):
        return RANK_PARAGRAPH
    if page.url.startswith(GLOSSARY_PATH):
        return RANK_GLOSSARY
    return RANK_HEADING if has_paragraphs else RANK_OTHER


def read_pages(site_dir: Path, urls: list[str]) -> list[Page]:
    """The units of each page, from the built HTML."""
    pages = []
    for url in urls:
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        title, units = page_units(html)
        pages.append(Page(url, title, units))
    return pages


def page_units(html: str) -> tuple[str, list[Unit]]:
    """``extract_units`` of a built page, kept between builds (cache.py) under a digest of the
    page's content element (all that search reads of it), of ``search_text.py`` and of
    Python's version (its HTMLParser reads the page): parsing the built HTML was about two
    thirds of making the index, and a build after an edit finds most pages unchanged."""
    part = article(html)
    name = f"{digest([_extractor_code(), part])}.json"
    if (data := read("search-units", name)) is not None:
        with contextlib.suppress(ValueError, TypeError):  # damaged: read again, kept anew
            title, rows = json.loads(data)
            return title, [
                Unit(anchor, heading, text, kind, label)
                for anchor, heading, text, kind, label in rows
            ]
    title, units = extract_units(part)
    keep("search-units", name, _units_json(title, units))
    return title, units


@lru_cache(maxsize=1)
def _extractor_code() -> bytes:
    # HTMLParser's handling of comments and raw text has changed in Python's patch releases
    code = Path(search_text.__file__).read_bytes() + FORMAT.to_bytes(4, "big")
    return code + sys.version.encode()


def _units_json(title: str, units: list[Unit]) -> bytes:
    rows = [[unit.anchor, unit.title, unit.text, unit.kind, unit.label] for unit in units]
    return _json([title, rows])


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_files(pages: list[Page], words: SearchWords | None = None) -> dict[str, bytes]:
    """The index files (paths relative to the engine folder) for these pages."""
    postings: dict[str, list[int]] = defaultdict(list)
    outside_glossary: set[str] = set()  # tokens of units other than glossary entries
    last_unit: dict[str, int] = defaultdict(int)
    ranks: list[str] = []
    page_rows: list[list[Any]] = []
    chunks: list[list[list[str]]] = []
    chunk_starts: list[int] = []
    seen: dict[str, UnitTokens] = {}  # unit text -> _unit_tokens, within this index
    unit_id = 0
    # A chunk holds units until their text reaches CHUNK_CHARS, across pages: a short page (a
    # topic page's name and description) is no file of its own for the build to write and a
    # reader's search to fetch.
    chunk_size = CHUNK_CHARS
    for page in pages:
        has_paragraphs = any(unit.kind == "paragraph" for unit in page.units)
        page_rows.append([page.url, page.title, unit_id])
        for unit, by_token in zip(page.units, _page_tokens(page, seen), strict=True):
            ranks.append(str(unit_rank(page, unit, has_paragraphs)))
            if chunk_size >= CHUNK_CHARS:
                chunks.append([])
                chunk_starts.append(unit_id)
                chunk_size = 0
            chunks[-1].append([unit.anchor, unit.title, unit.text])
            chunk_size += len(unit.text)
            if ranks[-1] != str(RANK_GLOSSARY):
                outside_glossary.update(by_token)
            for text, (count, deltas) in by_token.items():
                # [unit delta, count, position deltas...] for each unit the token is in
                posting = postings[text]
                posting += [unit_id - last_unit[text], count]
                posting += deltas
                last_unit[text] = unit_id
            unit_id += 1
    size = sum(len(text) + 4 * len(posting) for text, posting in postings.items())
    count = max(1, round(size / BUCKET_BYTES))
    buckets: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for text in sorted(postings):
        buckets[bucket_of(text, count)][text] = postings[text]
    files = {f"b{number}.json": _json(bucket) for number, bucket in enumerate(buckets)}
    files.update({f"c{number}.json": _json(chunk) for number, chunk in enumerate(chunks)})
    variants, alternates = variant_pairs([unit.text for page in pages for unit in page.units])
    content = b"".join(files[name] for name in sorted(files)) + (variants + alternates).encode()
    digest = hashlib.sha256(content).hexdigest()[:12]
    manifest = {
        "format": FORMAT,
        "version": digest,
        "buckets": count,
        "pages": page_rows,
        "ranks": "".join(ranks),
        "chunks": chunk_starts,
        "variants": variants,
        "alternates": alternates,
        **_words_entries(words, outside_glossary, set(postings)),
    }
    files["manifest.json"] = _json(manifest)
    return files


UnitTokens = dict[str, tuple[int, list[int]]]


def _page_tokens(page: Page, seen: dict[str, UnitTokens]) -> list[UnitTokens]:
    """``_unit_tokens`` of each of the page's units, kept between builds (cache.py) under their
    texts and the tokenizer's code: cutting the text into tokens was half of making the index,
    and a build after an edit finds most pages unchanged. ``seen``: the tokens of the texts
    already cut for this index (a paragraph is on its chapter and in the full text)."""
    texts = [unit.text for unit in page.units]
    name = None
    if sum(map(len, texts)) >= KEPT_TOKENS_FROM:
        name = digest([_tokenizer_code(), *texts])
        data = read("search-tokens", name)
        try:
            found = marshal.loads(data) if data is not None else None
        except (EOFError, ValueError, TypeError):  # a damaged result: cut again, and kept anew
            found = None
        if isinstance(found, list) and len(found) == len(texts):
            return found
    cut = [seen.get(t) or seen.setdefault(t, _unit_tokens(t)) for t in texts]
    if name is not None:
        keep("search-tokens", name, marshal.dumps(cut))
    return cut


@lru_cache(maxsize=1)
def _tokenizer_code() -> bytes:
    """What tokens follow from besides the text: this module's code, lunr's stemmer and
    Python's version (its Unicode tables fold characters; marshal's format is its own)."""
    stemmer = Path(sys.modules[PorterStemmer.__module__].__file__ or "").read_bytes()
    return Path(__file__).read_bytes() + stemmer + sys.version.encode()


def _unit_tokens(text: str) -> UnitTokens:
    """Each token of ``text``, in order of first appearance: its count and its position deltas."""
    by_token: dict[str, list[int]] = defaultdict(list)
    for token in tokenize(text):
        by_token[token.text].append(token.position)
    return {
        token: (len(positions), [b - a for a, b in pairwise([0, *positions])])
        for token, positions in by_token.items()
    }


def _words_entries(
    words: SearchWords | None, outside_glossary: set[str], everywhere: set[str]
) -> dict[str, Any]:
    """The manifest's synonym groups, as [glossary id, name (if not the first form), [forms the
    text holds outside the
    glossary: searched for], [forms it holds nowhere: recognized in a query], [forms only the
    glossary holds: recognized, and found there as typed]]. A group none of whose forms the text
    holds outside the glossary is left out; another form is kept only if readers may type it (up
    to TYPED_WORDS words). Then the interface words and the other editions."""
    if words is None:
        return {"synonyms": [], "strings": {}, "others": []}
    groups = []
    for group in words.groups:
        held = [form for form in group.forms if _held(form, outside_glossary)]
        if not held:
            continue
        rest = [f for f in group.forms if f not in held and len(f.split()) <= TYPED_WORDS]
        glossary = [form for form in rest if _held(form, everywhere)]
        typed = [form for form in rest if form not in glossary]
        anchor = group.anchor.removeprefix(GLOSSARY_PATH + "#")  # the worker adds it back
        groups.append([anchor, "" if group.name == held[0] else group.name, held, typed, glossary])
    return {"synonyms": groups, "strings": words.strings, "others": words.others}


def _held(form: str, known: set[str]) -> bool:
    """Whether the index holds every pair and word of ``form`` (a single Chinese character
    finds every pair it begins, so it needs no token of its own)."""
    needed = _needed_tokens(form)
    return bool(needed) and all(text in known for text in needed)


@lru_cache(maxsize=8192)  # the same forms in every edition
def _needed_tokens(form: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(form) if not (len(t.text) == 1 and is_han(t.text)))


@lru_cache(maxsize=1)
def _other_forms() -> dict[str, frozenset[str]]:
    """Each Chinese character of the Basic Multilingual Plane (``is_han``: extension A, the basic
    and the compatibility blocks) -> the other single characters OpenCC's conversions make of
    it. Kept between builds (cache.py) under a digest of OpenCC's version and this module."""
    key = digest([Path(__file__).read_bytes(), str(getattr(opencc, "__version__", ""))])
    lines = kept("variants", f"{key}.txt", _variant_lines).decode("utf-8").split("\n")
    return {line[0]: frozenset(line[1:]) for line in lines if line}


def _variant_lines() -> bytes:
    """``_other_forms`` as text: each character, then its other forms, one character a line."""
    chars = [chr(code) for code in range(0x10000) if is_han(chr(code))]
    joined = "\n".join(chars)  # one character a line: no phrase can form across them
    forms: dict[str, set[str]] = defaultdict(set)
    for config in VARIANT_CONFIGS:
        converted = str(opencc.OpenCC(config).convert(joined)).split("\n")
        for char, form in zip(chars, converted, strict=True):
            if len(form) == 1 and form != char:
                forms[char].add(form)
    return "".join(f"{char}{''.join(sorted(found))}\n" for char, found in forms.items()).encode()


def variant_pairs(texts: list[str]) -> tuple[str, str]:
    """Pairs of characters, typed form then the text's (a string of pairs), for the Chinese
    characters of ``texts``:

    - variants: a character the texts never use that OpenCC converts into one they use
      (係 -> 系, 羣 -> 群 for Simplified text; 戶 -> 户, 级 -> 級 for Hong Kong text); where it
      converts into several, the most frequent in the texts;
    - alternates: two characters the texts both use, one of which OpenCC converts into the other
      (製 -> 制 on the Traditional edition, whose text has both 體制 and 製造): a pair typed
      with either also finds the other form.
    """
    every: Counter[str] = Counter("".join(texts))
    counts = Counter({char: count for char, count in every.items() if is_han(char)})
    variants, alternates = [], set()
    for typed, forms in sorted(_other_forms().items()):
        used = sorted(form for form in forms if form in counts)
        if typed in counts:
            alternates |= {typed + form for form in used} | {form + typed for form in used}
        elif used:
            variants.append(typed + max(used, key=lambda form: (counts[form], form)))
    return "".join(variants), "".join(sorted(alternates))


@dataclass(frozen=True)
class IndexSize:
    """The index's files; their sizes are counted when described (only in a debug log)."""

    contents: tuple[bytes, ...]

    def __str__(self) -> str:
        raw = sum(len(data) for data in self.contents)
        zipped = sum(len(gzip.compress(data, mtime=0)) for data in self.contents)
        return (
            f"{len(self.contents)} files, {raw / 1024:.1f} KiB raw, {zipped / 1024:.1f} KiB gzipped"
        )


THEME_SEARCH_PLUGIN = "material/search"


def skip_theme_indexing(plugins: Any) -> None:
    """Stop the theme's search plugin from indexing pages (it parses each page's HTML and cuts
    its Chinese with jieba, for an index ``write_search_index`` replaces): its page event is
    unhooked, so it writes only its configuration. ``plugins``: MkDocs' plugin collection."""
    plugin = plugins.get(THEME_SEARCH_PLUGIN)
    handlers = plugins.events.get("page_context", [])
    if plugin is not None and plugin.on_page_context in handlers:
        handlers.remove(plugin.on_page_context)


def write_search_index(
    site_dir: Path,
    src_uris: Iterable[str],
    site: Site | None = None,
    settings: Mapping[str, Any] | None = None,
) -> IndexSize:
    """Write the engine's files for the built pages ``src_uris`` (in the build's order) into
    ``site_dir`` (one language's root), and add the engine's version to the configuration
    Material wrote in ``search/search_index.json``. With the ``site`` and the edition's build
    ``settings``, the manifest lists the synonym groups and the interface words
    (search_words.py)."""
    words = search_words(site, settings) if site is not None and settings is not None else None
    search_dir = site_dir / layout.SEARCH_DIR
    material = json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))
    files = build_files(read_pages(site_dir, [page_url(uri) for uri in src_uris]), words)
    engine = search_dir / ENGINE_DIR
    if engine.exists():
        shutil.rmtree(engine)
    engine.mkdir()
    for name, data in files.items():
        (engine / name).write_bytes(data)
    manifest = json.loads(files["manifest.json"])
    # Material's bundle fetches this on every page (its highlighter reads the configuration);
    # the documents themselves are in engine/, fetched by the worker on the first search.
    # The bucket count lets the worker fetch buckets and manifest at once.
    engine_config = {"version": manifest["version"], "buckets": manifest["buckets"]}
    stub = {"config": {**material["config"], "engine": engine_config}, "docs": []}
    (search_dir / "search_index.json").write_bytes(_json(stub))
    return IndexSize(tuple(files.values()))
