"""What search knows beyond the text of the pages: the forms readers type for the report's words,
and the edition's words for partial matches and suggestions.

Each glossary term is a group of its own forms (its Chinese and their variants, its pinyin with
and without spaces, its English rendering, the other renderings and its short label), and
``content/synonyms.yml`` adds the groups staff curate (abbreviations, short names, colloquial
forms, spelling variants). The worker treats a group's forms as one: a query that holds one
also finds the others (search_index.py prunes, per edition, the forms its text never holds).
On the Traditional edition the Chinese forms are converted as its text is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..content.model import Site, Term
from .hant import HANT, convert_plain, term_forms
from .strings import ui_strings

QUOTES = "“”‘’\"'"
GLOSSARY_PATH = "glossary/"  # the glossary page, below an edition's root


@dataclass(frozen=True)
class SynonymGroup:
    anchor: str  # the glossary entry ("glossary/#bincheng"), or "" for a curated group
    name: str  # shown when search suggests the group
    forms: tuple[str, ...]


@dataclass
class SearchWords:
    """The synonym groups, interface words and other editions one edition's index lists."""

    groups: list[SynonymGroup] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)
    others: list[tuple[str, str]] = field(default_factory=list)  # (name, root from this one)


def _toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def term_group(term: Term, lang: str) -> SynonymGroup:
    """A glossary term's forms, as readers of edition ``lang`` may type them."""
    chinese = list(term_forms(term).values()) if lang == HANT else list(term.zh_forms)
    pinyin = _toneless(term.pinyin)
    joined = "".join(pinyin.replace("-", " ").split())
    english = [term.en, *(variant.text for variant in term.en_variants)]
    if term.label:
        english.append(term.label)
    forms = [*chinese, pinyin, joined, *(form.strip(QUOTES) for form in english)]
    forms = [form.replace("“", "").replace("”", "") for form in forms]
    name = term.en if lang == "en" else chinese[0]
    return SynonymGroup(GLOSSARY_PATH + "#" + term.id, name, tuple(dict.fromkeys(forms)))


def search_words(site: Site, settings: Mapping[str, Any]) -> SearchWords:
    """The search words of the edition whose build settings (mkdocs.yml's) are ``settings``:
    its language (``theme.language``), the editions (``extra.alternate``: name, lang, prefix)
    and the way from its root to the site root (``extra.site_root``)."""
    lang = str(settings["theme"]["language"])
    extra = settings["extra"]
    alternates: Sequence[Mapping[str, Any]] = extra.get("alternate") or []
    site_root = str(extra.get("site_root") or "")
    words = SearchWords()
    if site.glossary is not None:
        words.groups += [term_group(term, lang) for term in site.glossary.terms]
    for group in site.synonyms.groups if site.synonyms is not None else ():
        forms = tuple(convert_plain(f) if lang == HANT else f for f in group.forms)
        words.groups.append(SynonymGroup("", forms[0], tuple(dict.fromkeys(forms))))
    strings = ui_strings()[lang]
    words.strings = {
        "partial": strings["search_partial"],
        "none": strings["search_none"],
        "suggest": strings["search_suggest"],
        "entry": strings["search_entry"],
        "search_for": strings["search_for"],
        "elsewhere": strings["search_elsewhere"],
        "glossary": GLOSSARY_PATH,
    }
    own = {"zh-CN": "zh", "zh": "zh"}.get(lang, lang)
    for edition in alternates:
        other = {"zh-CN": "zh"}.get(str(edition["lang"]), str(edition["lang"]))
        if other != own:
            words.others.append((str(edition["name"]), site_root + str(edition["prefix"])))
    return words
