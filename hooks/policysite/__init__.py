"""Plain-Python core of the bilingual policy site, in four layers that follow the data.

``content`` loads the YAML under ``content/`` with line numbers and builds a frozen model;
``checks`` loads the whole site and checks it; ``render`` turns the checked model into
Markdown pages (Jinja templates), the search index and the open data; ``tools`` are what staff
run to change content. Each imports only the layers before it (``tools`` import ``content``
and ``checks``, never ``render``; tests/test_boundaries.py enforces it). It never imports
MkDocs: the hook adapter in ``hooks/mkdocs_hooks.py`` and the scripts in ``scripts/`` call it.
"""

from __future__ import annotations

__all__ = ["LANGUAGES"]

#: Site editions in build order; the first is served at the site root. zh-Hant is converted
#: from zh at build time (render/hant.py).
LANGUAGES: tuple[str, ...] = ("zh", "zh-Hant", "en")
