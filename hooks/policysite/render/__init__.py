"""Render: from the checked model to what a reader gets.

Owns the pages of each edition (``pages``, by kind, and ``nav``, made by the ``renderer``
from the Jinja templates in ``templates/``, with ``text`` and ``strings``), the Traditional
conversion (``hant``), the search index, the open data and its schemas, the shared assets and
the slimmed theme stylesheet, the staging folder a build publishes from (``publish``) and the
plain-Markdown export for staff (``export``). It may import ``content`` and ``checks``; it
never imports MkDocs (the adapter in ``hooks/mkdocs_hooks.py`` does).
"""
