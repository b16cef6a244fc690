"""Plain-Python core of the bilingual policy site.

Loads the YAML under ``content/``, validates it with line numbers, builds a frozen model and
renders Markdown pages from Jinja templates. It never imports MkDocs: the hook adapter in
``hooks/mkdocs_hooks.py`` and the staff tools in ``scripts/`` both call into it.
"""

from __future__ import annotations

__all__ = ["LANGUAGES"]

#: Site editions in build order; the first is served at the site root. zh-Hant is converted
#: from zh at build time (render/hant.py).
LANGUAGES: tuple[str, ...] = ("zh", "zh-Hant", "en")
