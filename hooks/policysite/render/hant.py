"""The Traditional Chinese edition: converted from the Simplified source of record at build
time with OpenCC, never typed by hand.

Configuration ``s2hk`` (Hong Kong standard characters): it converts character by character
(each character's form chosen from its phrase context) and never rewrites vocabulary, so every
converted text has exactly as many characters as its source, figures and wording stay those of
the published report, and a quotation can be checked against the Simplified text line by line.

Glossary terms are protected: every form of a term (its ``zh`` and variants) is converted on
its own, so the words around it cannot change it, and where OpenCC's result is not the accepted
form (``于响`` is a place name, not the preposition ``於``) the glossary's ``zh_hant`` gives the
accepted one. The characters it corrects are corrected in every form of that term.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TypeVar

import opencc

from ..content.model import Glossary, ProtectedName, Site, Term

CONFIG = "s2hk"
HANT = "zh-Hant"  # the Traditional edition's language code (LANGUAGES names it so)
HTML_LANG = "zh-Hant"  # Traditional script for every region; the forms are Hong Kong's

T = TypeVar("T")


@lru_cache(maxsize=1)
def _opencc() -> opencc.OpenCC:
    return opencc.OpenCC(CONFIG)


def convert_plain(text: str) -> str:
    """OpenCC's conversion of ``text``, without glossary protection."""
    return str(_opencc().convert(text)) if text else text


def term_corrections(term: Term) -> dict[str, str]:
    """Characters of ``term.zh`` whose accepted Traditional form differs from OpenCC's:
    Simplified character -> accepted Traditional character."""
    if not term.zh_hant:
        return {}
    plain = convert_plain(term.zh)
    return {
        simplified: accepted
        for simplified, converted, accepted in zip(term.zh, plain, term.zh_hant, strict=True)
        if converted != accepted
    }


def term_forms(term: Term) -> dict[str, str]:
    """Every Simplified form of ``term`` -> its Traditional form."""
    fixes = term_corrections(term)
    forms = {}
    for form in term.zh_forms:
        converted = convert_plain(form)
        forms[form] = "".join(fixes.get(s, c) for s, c in zip(form, converted, strict=True))
    if term.zh_hant:
        forms[term.zh] = term.zh_hant
    return forms


def name_form(name: ProtectedName) -> str:
    """The Traditional form of a protected name: each character converted only where it is a
    simplification both regional standards undo (单 -> 單); where only one region writes a
    variant form of it (峰 -> 峯 in Hong Kong, not in Taiwan), the name keeps the character
    as written. ``zh_hant`` gives the form outright."""
    if name.zh_hant:
        return name.zh_hant
    forms = []
    for char in name.zh:
        hong_kong, taiwan = convert_plain(char), str(_opencc_taiwan().convert(char))
        forms.append(char if char in (hong_kong, taiwan) else hong_kong)
    return "".join(forms)


@lru_cache(maxsize=1)
def _opencc_taiwan() -> opencc.OpenCC:
    return opencc.OpenCC("s2tw")


class HantConverter:
    """Converts Simplified text to the edition's Traditional, protecting glossary terms.

    Remembers each converted text's source, so the term matcher (which works on the
    Simplified) can place tooltips on the converted text."""

    def __init__(self, glossary: Glossary | None, names: Iterable[ProtectedName] = ()) -> None:
        self.protected: dict[str, str] = {}
        for term in glossary.terms if glossary else ():
            self.protected.update(term_forms(term))
        for name in names:  # people's and places' names, as site.yml and the speakers give
            self.protected[name.zh] = name_form(name)
        forms = sorted(self.protected, key=len, reverse=True)  # longest first
        self._pattern = re.compile("|".join(map(re.escape, forms))) if forms else None
        self._done: dict[str, str] = {}
        self._sources: dict[str, str] = {}

    def convert(self, text: str) -> str:
        done = self._done.get(text)
        if done is not None:
            return done
        if self._pattern is None:
            result = convert_plain(text)
        else:
            pieces, cursor = [], 0
            for match in self._pattern.finditer(text):
                pieces.append(convert_plain(text[cursor : match.start()]))
                pieces.append(self.protected[match.group()])
                cursor = match.end()
            pieces.append(convert_plain(text[cursor:]))
            result = "".join(pieces)
        self._done[text] = result
        self._sources.setdefault(result, text)
        return result

    def source(self, converted: str) -> str:
        """The Simplified text ``converted`` came from (itself if it was never converted)."""
        return self._sources.get(converted, converted)

    def convert_tree(self, value: T) -> T:
        """A copy of a model object with every string converted (IDs, paths and English are
        unaffected: OpenCC leaves characters outside Chinese alone)."""
        return self._tree(value, {})

    def _tree(self, value: Any, seen: dict[int, Any]) -> Any:
        if isinstance(value, str):
            return self.convert(value)
        if id(value) in seen:
            return seen[id(value)]
        result: Any = value
        if isinstance(value, tuple):
            result = tuple(self._tree(item, seen) for item in value)
        elif isinstance(value, list):
            result = [self._tree(item, seen) for item in value]
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self._tree(getattr(value, f.name), seen)
                for f in dataclasses.fields(value)
                if f.name not in _KEPT_FIELDS
            }
            result = dataclasses.replace(value, **changes)
        seen[id(value)] = result
        return result


# Fields that stay as written: the Traditional form itself, and fingerprints of the Simplified.
_KEPT_FIELDS = frozenset({"zh_hant", "zh_hash", "origin", "protected_names"})


def convert_site(site: Site) -> tuple[Site, HantConverter]:
    """The whole site in Traditional characters, and the converter that made it."""
    converter = site_converter(site)
    return converter.convert_tree(site), converter


def site_converter(site: Site) -> HantConverter:
    """The converter of ``site``: its glossary terms and protected names kept."""
    return HantConverter(site.glossary, site.protected_names())
