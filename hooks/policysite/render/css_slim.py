"""Slimmer copies of the theme's render-blocking stylesheets: rules for components this site can
never show are left out.

A rule is left out when every one of its selectors needs a class name that appears nowhere in
the markup or scripts that can produce classes: the theme's templates and its JavaScript
bundle, the site's overrides, and the templates of the generated pages (content is escaped
text, so it cannot add classes); or needs a value of an attribute that the site's
configuration fixes (``FixedAttributes``: the text direction of every edition's language, the
palette's primary and accent colours), such as ``[dir=rtl]`` on a site whose languages all run
left to right, or ``[data-md-color-primary=red]`` when the palette's primary is ``custom``.
Anything else is kept, whether or not the current pages use it: the result depends only on the
code and the configuration, never on the content, so its versioned name stays valid for as
long as they are unchanged.

tinycss2 parses the stylesheet (a hand-written tokenizer would trip on the data: URLs
inside it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import tinycss2

from .cache import digest, kept

# Classes added by Markdown extensions rather than by any template or script.
EXTENSION_CLASSES = frozenset({"headerlink", "toc", "admonition", "admonition-title"})
TEXT_SUFFIXES = (".html", ".js", ".j2", ".md", ".yml", ".svg", ".xml")
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_FIXED = re.compile(r"""\[(?P<name>[\w-]+)=["']?(?P<value>[^"'\]]*)["']?\]|:dir\((?P<dir>\w+)\)""")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")
# At-rules whose body holds ordinary rules (the others are kept whole).
_GROUPING = frozenset({"media", "supports", "layer", "container"})


def class_tokens(texts: Iterable[str]) -> frozenset[str]:
    """Every word that could be a class name in these texts, and the extensions' classes."""
    found: set[str] = set(EXTENSION_CLASSES)
    for text in texts:
        found.update(_TOKEN.findall(text))
    return frozenset(found)


#: Attribute name -> the only values the site's markup gives it (``dir`` also stands for the
#: ``:dir()`` pseudo-class). Attributes not named here may take any value.
FixedAttributes = tuple[tuple[str, frozenset[str]], ...]


def _selector_can_match(
    selector: str, tokens: frozenset[str], fixed: dict[str, frozenset[str]]
) -> bool:
    for match in _FIXED.finditer(selector):
        name, value = ("dir", match["dir"]) if match["dir"] else (match["name"], match["value"])
        if name in fixed and value not in fixed[name]:
            return False
    without_attributes = _ATTRIBUTE.sub("", selector)  # attribute values may hold dots
    return all(name in tokens for name in _CLASS.findall(without_attributes))


def _slim_rules(
    rules: list[tinycss2.ast.Node], tokens: frozenset[str], fixed: dict[str, frozenset[str]]
) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            usable = [s for s in selectors if _selector_can_match(s, tokens, fixed)]
            if usable:
                kept.append(",".join(usable) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None:
            if rule.lower_at_keyword in _GROUPING:
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                body = _slim_rules(inner, tokens, fixed)
                if body:
                    prelude = tinycss2.serialize(rule.prelude)
                    kept.append(f"@{rule.at_keyword}{prelude}{{{''.join(body)}}}")
            else:
                kept.append(tinycss2.serialize([rule]))
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def slim_css(css: str, tokens: frozenset[str], fixed: FixedAttributes = ()) -> str:
    """``css`` without the rules none of whose selectors can match (and without its source
    map comment: the map would no longer fit)."""
    rules = tinycss2.parse_stylesheet(
        _SOURCE_MAP.sub("", css), skip_comments=True, skip_whitespace=True
    )
    return "".join(_slim_rules(rules, tokens, dict(fixed)))


def markup_sources(theme_dir: Path, folders: Iterable[Path]) -> tuple[Path, ...]:
    """The files that can produce class names: the theme's templates and script bundle (not
    its icons, search worker or language files), and every text file under ``folders``."""
    files = [p for p in theme_dir.glob("**/*.html") if ".icons" not in p.parts]
    files += theme_dir.glob("assets/javascripts/bundle.*.js")
    for folder in folders:
        files += (p for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
    return tuple(sorted(files))


def slim_stylesheet(
    stylesheet: Path, sources: tuple[Path, ...], fixed: FixedAttributes = ()
) -> str:
    """The slim form of ``stylesheet`` for the markup and scripts in ``sources`` and the
    attribute values the configuration fixes (computed once per process while none of those
    files changes)."""
    fingerprint = tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in (stylesheet, *sources))
    return _slim_cached(stylesheet, sources, fixed, fingerprint)


@lru_cache(maxsize=8)
def _slim_cached(
    stylesheet: Path,
    sources: tuple[Path, ...],
    fixed: FixedAttributes,
    fingerprint: tuple[tuple[int, int], ...],
) -> str:
    css, tokens = stylesheet.read_text(encoding="utf-8"), _tokens(sources, fingerprint[1:])
    # Kept between builds (cache.py) under a digest of the stylesheet, the class names, the
    # fixed values and this module's code: parsing the theme's CSS is most of the work.
    key = digest([Path(__file__).read_bytes(), css, " ".join(sorted(tokens)), repr(fixed)])
    made = kept("css", f"{key}.css", lambda: slim_css(css, tokens, fixed).encode("utf-8"))
    return made.decode("utf-8")


@lru_cache(maxsize=4)
def _tokens(sources: tuple[Path, ...], fingerprint: tuple[tuple[int, int], ...]) -> frozenset[str]:
    texts = (file.read_text(encoding="utf-8", errors="replace") for file in sources)
    return class_tokens(texts)
